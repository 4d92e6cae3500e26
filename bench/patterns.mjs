#!/usr/bin/env node
/**
 * Exports the catalogue's match rules as line patterns for the grep baselines.
 *
 *   node bench/patterns.mjs [--out bench/data/patterns.ere] [--rg-out bench/data/patterns.rg] [--patterns DIR]
 *
 * The catalogue is loaded through the built engine (dist/core.js, `new Catalogue(files)` over
 * patterns/**.yaml, as src/node/loadCatalogue.ts does), so signatures added by anyone are picked up
 * without touching this file. Every step of every `match` rule exports itself as one plain JS regex
 * (CompiledStep.pattern.grepSource: `*` as `.*?`; the engine itself searches the parts between `*`
 * one after another, which grep cannot express); its source is translated token by token into
 *
 * - POSIX ERE for `grep -E -i -f` (GNU extensions `\b` / `\B` kept: GNU grep supports them), and
 * - the same pattern in Rust regex syntax for `rg -i -f` (the two differ only inside brackets, where
 *   POSIX treats `\` literally and Rust needs `[` escaped, and `\b` is written `(?-u:\b)` so both see the
 *   ASCII word boundary JS uses).
 *
 * Translation: `\d` -> `[0-9]`, `\s` -> `[[:space:]]`, `\w` -> `[[:alnum:]_]` (and their negations
 * outside brackets), `(?:` / `(?<name>` -> `(`, lazy quantifiers -> greedy (same set of matching
 * lines), escaped punctuation -> the literal, `\t` -> a tab, `\n` dropped from brackets. Patterns that
 * cannot be translated faithfully (lookaround, back-references, `\D`/`\S`/`\W` inside brackets, a
 * pattern matching the empty string, ...) are skipped and counted with the reason.
 *
 * What grep cannot express and is therefore NOT applied (so grep may count more lines than the
 * engine): WHERE conditions, `exclude` rules, multi-step rules (FOLLOWED BY / WITHIN: each step is
 * counted on its own), `appliesTo` kinds, and case-sensitive quoted parts (grep runs with -i).
 */
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const require = createRequire(import.meta.url);

class Untranslatable extends Error {}

/** YAML files under dir (recursive, sorted, dot-files skipped), like src/node/loadCatalogue.ts. */
export function catalogueFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) out.push({ file: p, text: readFileSync(p, 'utf8'), builtin: true });
    }
  };
  walk(dir);
  return out;
}

/** Load the compiled catalogue through dist/core.js. */
export function loadCatalogue(patternsDir = join(root, 'patterns')) {
  const core = require(join(root, 'dist', 'core.js'));
  const files = catalogueFiles(patternsDir);
  return { catalogue: new core.Catalogue(files), files };
}

const ERE_META = new Set(['.', '[', ']', '\\', '(', ')', '*', '+', '?', '{', '}', '|', '^', '$']);
const RUST_META = new Set(['\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$', '#', '&', '-', '~']);

/**
 * Translate a JS RegExp source (flags '' or 'i', no 'u') into { ere, rust }.
 * Throws Untranslatable with a reason.
 */
export function translate(source) {
  let i = 0;
  const n = source.length;
  let ere = '';
  let rust = '';
  const emit = (e, r = e) => {
    ere += e;
    rust += r;
  };
  const literal = (c) => {
    if (c === '\n' || c === '\r') throw new Untranslatable('newline in pattern (grep matches single lines)');
    emit(ERE_META.has(c) ? `\\${c}` : c, RUST_META.has(c) ? `\\${c}` : c);
  };
  let atomEnd = false; // was the last thing emitted something a quantifier can follow?

  const parseClass = () => {
    // At source[i] === '['.
    i++;
    let negated = false;
    if (source[i] === '^') {
      negated = true;
      i++;
    }
    const singles = []; // literal chars
    const ranges = []; // [from, to]
    const posix = new Set(); // 'digit' | 'space' | 'alnum_'
    if (source[i] === ']') {
      i++;
      if (negated) {
        emit('.');
        return;
      } // [^] = any char (and newline, irrelevant on one line)
      throw new Untranslatable('empty character class');
    }
    const readItem = () => {
      // Returns { char } or { posix } for one class atom.
      const c = source[i];
      if (c !== '\\') {
        i++;
        return { char: c };
      }
      const e = source[i + 1];
      i += 2;
      switch (e) {
        case 'd':
          return { posix: 'digit' };
        case 's':
          return { posix: 'space' };
        case 'w':
          return { posix: 'alnum_' };
        case 'D':
        case 'S':
        case 'W':
          throw new Untranslatable(`\\${e} inside brackets`);
        case 'n':
        case 'r':
          return { none: true };
        case 't':
          return { char: '\t' };
        case 'b':
          throw new Untranslatable('\\b (backspace) inside brackets');
        case 'x': {
          const h = source.slice(i, i + 2);
          if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new Untranslatable('bad \\x escape');
          i += 2;
          return { char: String.fromCharCode(parseInt(h, 16)) };
        }
        case 'u': {
          const h = source.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(h)) throw new Untranslatable('bad \\u escape');
          i += 4;
          return { char: String.fromCharCode(parseInt(h, 16)) };
        }
        default:
          if (e === undefined) throw new Untranslatable('trailing backslash');
          if (/[A-Za-z0-9]/.test(e)) throw new Untranslatable(`escape \\${e} inside brackets`);
          return { char: e };
      }
    };
    while (i < n && source[i] !== ']') {
      const a = readItem();
      if (a.char !== undefined && source[i] === '-' && source[i + 1] !== undefined && source[i + 1] !== ']') {
        i++;
        const b = readItem();
        if (b.char === undefined) {
          // [a-\d]: '-' is literal
          singles.push(a.char, '-');
          if (b.posix) posix.add(b.posix);
          continue;
        }
        if (a.char > b.char) throw new Untranslatable('reversed range');
        ranges.push([a.char, b.char]);
        continue;
      }
      if (a.posix) posix.add(a.posix);
      else if (a.char !== undefined) singles.push(a.char);
    }
    if (source[i] !== ']') throw new Untranslatable('unterminated class');
    i++;
    const all = [...singles, ...ranges.flat()];
    if (all.some((c) => c.charCodeAt(0) > 127)) throw new Untranslatable('non-ASCII character inside brackets (locale-dependent in grep)');
    if (!singles.length && !ranges.length && !posix.size) {
      if (negated) {
        emit('.');
        return;
      }
      throw new Untranslatable('class that only matches a newline');
    }
    // POSIX bracket: ']' first, '-' last, '^' not first, '[' never directly before ':', '.', '='.
    const posixText = [...posix].map((p) => ({ digit: '0-9', space: '[:space:]', alnum_: '[:alnum:]_' })[p]).join('');
    for (const [a, b] of ranges)
      if ([a, b].some((c) => c === ']' || c === '[' || c === '-' || c === '^' || c === '\\')) throw new Untranslatable('range with a bracket-special endpoint');
    const set = [...new Set(singles)];
    const has = (c) => set.includes(c);
    let body = '';
    if (has(']')) body += ']';
    body += ranges.map(([a, b]) => `${a}-${b}`).join('');
    body += posixText;
    body += set.filter((c) => !']^[-\\'.includes(c)).join('');
    if (has('\\')) body += '\\\\'; // POSIX: two literal backslashes (harmless); Rust: one escaped backslash
    if (has('[')) body += '[';
    if (has('^')) body += '^';
    if (has('-')) body += '-';
    if (body.startsWith('^')) throw new Untranslatable('class of only ^');
    // Rust: escape every meta literal.
    let rbody = '';
    rbody += ranges.map(([a, b]) => `${RUST_META.has(a) ? '\\' + a : a}-${RUST_META.has(b) ? '\\' + b : b}`).join('');
    rbody += posixText;
    rbody += set.map((c) => (RUST_META.has(c) ? `\\${c}` : c)).join('');
    emit(`[${negated ? '^' : ''}${body}]`, `[${negated ? '^' : ''}${rbody}]`);
  };

  const quantifierAt = (j) => {
    // JS (non-u): `{n}`, `{n,}`, `{n,m}` is a quantifier; any other `{` is literal.
    const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(j));
    return m ? m[0] : null;
  };

  while (i < n) {
    const c = source[i];
    if (c === '\\') {
      const e = source[i + 1];
      i += 2;
      switch (e) {
        case 'd':
          emit('[0-9]');
          atomEnd = true;
          continue;
        case 'D':
          emit('[^0-9]');
          atomEnd = true;
          continue;
        case 's':
          emit('[[:space:]]');
          atomEnd = true;
          continue;
        case 'S':
          emit('[^[:space:]]');
          atomEnd = true;
          continue;
        case 'w':
          emit('[[:alnum:]_]');
          atomEnd = true;
          continue;
        case 'W':
          emit('[^[:alnum:]_]');
          atomEnd = true;
          continue;
        case 'b':
          emit('\\b', '(?-u:\\b)');
          atomEnd = false;
          continue;
        case 'B':
          emit('\\B', '(?-u:\\B)');
          atomEnd = false;
          continue;
        case 't':
          emit('\t');
          atomEnd = true;
          continue;
        case 'n':
        case 'r':
          throw new Untranslatable('newline in pattern (grep matches single lines)');
        case 'x': {
          const h = source.slice(i, i + 2);
          if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new Untranslatable('bad \\x escape');
          i += 2;
          literal(String.fromCharCode(parseInt(h, 16)));
          atomEnd = true;
          continue;
        }
        case 'u': {
          const h = source.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(h)) throw new Untranslatable('bad \\u escape');
          i += 4;
          literal(String.fromCharCode(parseInt(h, 16)));
          atomEnd = true;
          continue;
        }
        default:
          if (e === undefined) throw new Untranslatable('trailing backslash');
          if (/[1-9]/.test(e)) throw new Untranslatable('back-reference');
          if (e === 'k') throw new Untranslatable('named back-reference');
          if (/[A-Za-z0-9]/.test(e)) throw new Untranslatable(`escape \\${e}`);
          literal(e);
          atomEnd = true;
          continue;
      }
    }
    if (c === '[') {
      parseClass();
      atomEnd = true;
      continue;
    }
    if (c === '(') {
      if (source[i + 1] === '?') {
        const rest = source.slice(i + 2);
        if (rest.startsWith(':')) {
          i += 3;
        } else if (/^<[A-Za-z_$][\w$]*>/.test(rest)) {
          i += 2 + rest.indexOf('>') + 1;
        } else
          throw new Untranslatable(
            rest.startsWith('=') || rest.startsWith('!') || rest.startsWith('<=') || rest.startsWith('<!') ? 'lookaround' : 'unsupported group',
          );
      } else i++;
      emit('(');
      atomEnd = false;
      continue;
    }
    if (c === ')') {
      emit(')');
      i++;
      atomEnd = true;
      continue;
    }
    if (c === '|') {
      emit('|');
      i++;
      atomEnd = false;
      continue;
    }
    if (c === '^' || c === '$') {
      emit(c);
      i++;
      atomEnd = false;
      continue;
    }
    if (c === '.') {
      emit('.');
      i++;
      atomEnd = true;
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || (c === '{' && quantifierAt(i))) {
      const q = c === '{' ? quantifierAt(i) : c;
      if (!atomEnd) throw new Untranslatable('quantifier without an atom');
      emit(q);
      i += q.length;
      if (source[i] === '?') i++; // lazy -> greedy: same set of matching lines
      if (source[i] === '+') throw new Untranslatable('possessive quantifier');
      atomEnd = false;
      continue;
    }
    literal(c);
    i++;
    atomEnd = true;
  }
  return { ere, rust };
}

/**
 * Build the pattern lists from the catalogue.
 * @returns {{ ere: string[], rust: string[], skipped: {signature:string, rule:number, step:number, reason:string, source:string}[], stats: object }}
 */
export function buildPatterns(patternsDir) {
  const { catalogue, files } = loadCatalogue(patternsDir);
  const ere = [];
  const rust = [];
  const seen = new Set();
  const skipped = [];
  const stats = {
    files: files.length,
    signatures: catalogue.signatures.length,
    catalogueErrors: catalogue.problems.filter((p) => p.level === 'error').length,
    rules: 0,
    steps: 0,
    converted: 0,
    duplicates: 0,
    skipped: 0,
    approximations: { whereConditions: 0, multiStepRules: 0, signaturesWithExclude: 0, kindRestrictedSignatures: 0 },
  };
  for (const s of catalogue.signatures) {
    if (s.exclude.length) stats.approximations.signaturesWithExclude++;
    if (s.kinds) stats.approximations.kindRestrictedSignatures++;
    s.match.forEach((rule, r) => {
      stats.rules++;
      if (rule.steps.length > 1) stats.approximations.multiStepRules++;
      rule.steps.forEach((step, st) => {
        stats.steps++;
        if (step.where) stats.approximations.whereConditions++;
        const re = new RegExp(step.pattern.grepSource, step.pattern.flags);
        try {
          if (re.flags.replace(/[gi]/g, '')) throw new Untranslatable(`flags ${re.flags}`);
          if (new RegExp(re.source, re.flags).test('')) throw new Untranslatable('matches the empty string (would count every line)');
          const t = translate(re.source);
          stats.converted++;
          if (seen.has(t.ere)) {
            stats.duplicates++;
            return;
          }
          seen.add(t.ere);
          ere.push(t.ere);
          rust.push(t.rust);
        } catch (err) {
          if (!(err instanceof Untranslatable)) throw err;
          stats.skipped++;
          skipped.push({ signature: s.signature.id, rule: r, step: st, reason: err.message, source: re.source });
        }
      });
    });
  }
  stats.patterns = ere.length;
  // The prefilter's literals: of each step's set, one must occur in every line the step matches. As
  // fixed strings for `grep -F` / `rg -F`, the cheapest scan a tool could do for the same signatures.
  const literals = [...new Set(catalogue.signatures.flatMap((s) => s.match.flatMap((rule) => rule.steps.flatMap((step) => step.literals ?? []))))]
    .filter((l) => l.trim() !== '')
    .sort();
  stats.literals = literals.length;
  return { ere, rust, literals, skipped, stats };
}

/** Write the two pattern files, the literal list (`.literals`) and a JSON report next to the ERE file. */
export function writePatterns({ out = join(root, 'bench', 'data', 'patterns.ere'), rgOut = out.replace(/\.ere$/, '') + '.rg', patternsDir } = {}) {
  const p = buildPatterns(patternsDir);
  if (p.ere.length === 0) throw new Error('no pattern could be exported from the catalogue');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, p.ere.join('\n') + '\n');
  writeFileSync(rgOut, p.rust.join('\n') + '\n');
  const literalsOut = out.replace(/\.ere$/, '') + '.literals';
  writeFileSync(literalsOut, p.literals.join('\n') + '\n');
  writeFileSync(out.replace(/\.ere$/, '') + '.patterns.json', JSON.stringify({ stats: p.stats, skipped: p.skipped }, null, 2) + '\n');
  return { ...p, out, rgOut, literalsOut };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const k = args.indexOf(name);
    return k >= 0 ? args[k + 1] : undefined;
  };
  const r = writePatterns({
    out: opt('--out') ? resolve(opt('--out')) : undefined,
    rgOut: opt('--rg-out') ? resolve(opt('--rg-out')) : undefined,
    patternsDir: opt('--patterns') ? resolve(opt('--patterns')) : undefined,
  });
  const s = r.stats;
  console.log(
    `${s.signatures} signatures (${s.files} files), ${s.rules} match rules, ${s.steps} steps: ${s.patterns} patterns written to ${r.out} (+ ${r.rgOut}), ${s.duplicates} duplicates, ${s.skipped} skipped`,
  );
  for (const k of r.skipped) console.log(`  skipped ${k.signature} match[${k.rule}] step ${k.step}: ${k.reason}`);
}
