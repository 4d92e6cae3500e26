/**
 * The literals a rule step needs: of each set, at least one occurs (lower-cased) in every line the
 * step matches. The prefilter scans for them, so only lines holding one are verified; the rarest set
 * (scored against words common in Kubernetes and CI logs) is chosen.
 */
import type { PatternElement } from './ruleAst';

/** Is `c` a word character (`\w`), for word boundaries and whitespace between rule elements? */
export const isWordChar = (c: string | undefined): boolean => c !== undefined && /\w/.test(c);

/**
 * Words so frequent in Kubernetes and CI logs that a prefilter keyed on them would hand most lines
 * to verification; a rarer literal of the same rule is preferred.
 */
const COMMON_LOG_WORDS = new Set([
  'kubelet',
  'error',
  'errors',
  'failed',
  'failure',
  'fail',
  'pod',
  'pods',
  'node',
  'nodes',
  'container',
  'containers',
  'status',
  'the',
  'to',
  'for',
  'with',
  'from',
  'and',
  'true',
  'false',
  'level',
  'info',
  'warning',
  'warn',
  'msg',
  'time',
  'image',
  'images',
  'docker',
  'containerd',
  'kube',
  'system',
  'kube-system',
  'default',
  'sync',
  'syncing',
  'started',
  'starting',
  'update',
  'updated',
  'network',
  'ready',
  'volume',
  'namespace',
  'service',
  'request',
  'get',
  'api',
  'http',
  'https',
  'server',
  'client',
  'unable',
  'could',
  'not',
  'cannot',
  'is',
  'was',
  'on',
  'in',
  'of',
  'for:',
  'error:',
  'failed:',
  'err',
  'err:',
  'warning:',
  'reason:',
  'message:',
  'type',
  'normal',
  'jenkins',
  'controller',
  'manager',
  'event',
  'user',
  'resource',
  'exit',
  'code',
  'status',
  'timeout',
  'found',
  'available',
  'unavailable',
  'connection',
  'refused',
  'desc',
  'rpc',
  'response',
  'http/',
  ' http/',
  'reason',
  'message',
  'process',
  'killed',
  'memory',
  'disk',
  'cpu',
  'file',
  'path',
  'key',
  'value',
  'name',
]);

/** How rare a literal is likely to be in logs: its length, less 8 when all its words are common ones. */
export function literalScore(lit: string): number {
  const words = lit.split(' ').filter(Boolean);
  return lit.length - (words.every((w) => COMMON_LOG_WORDS.has(w)) ? 8 : 0);
}

/** A set is as selective as its most common member. */
function setScore(set: string[]): number {
  return Math.min(...set.map(literalScore)) - set.length * 0.01;
}

/**
 * Phrases: runs of literal elements that the text must hold separated by whitespace (the compiled
 * separator is `\s+`), joined with single spaces. The prefilter reads any whitespace run as one space.
 */
function phrasesOf(seq: PatternElement[]): { set: string[]; from: number; to: number }[] {
  const out: { set: string[]; from: number; to: number }[] = [];
  let run: string[] = []; // alternatives of the phrase so far
  let words = 0;
  let prevLast: string | undefined;
  let from = 0;
  const flush = (to: number): void => {
    if (words > 1) out.push({ set: [...new Set(run.map((r) => r.toLowerCase()))], from, to });
    run = [];
    words = 0;
  };
  seq.forEach((el, i) => {
    const alts = phraseAlternatives(el);
    if (!alts) {
      flush(i - 1);
      prevLast = undefined;
      return;
    }
    const firsts = alts.map((a) => a[0]);
    const joins = words > 0 && el.spaceBefore && isWordChar(prevLast) && firsts.every((c) => isWordChar(c));
    if (!joins || run.length * alts.length > MAX_PHRASE_ALTERNATIVES) flush(i - 1);
    if (words === 0) from = i;
    run = run.length === 0 ? alts : run.flatMap((r) => alts.map((a) => `${r} ${a}`));
    words++;
    const lasts = alts.map((a) => a[a.length - 1]);
    prevLast = lasts.every((c) => isWordChar(c)) ? 'a' : undefined;
  });
  flush(seq.length - 1);
  return out;
}

/** Most spellings one phrase may expand to through alternative groups. */
const MAX_PHRASE_ALTERNATIVES = 16;

/** The texts an element stands for in a phrase: a literal, or a group of single literals; else null. */
function phraseAlternatives(el: PatternElement): string[] | null {
  if (el.type === 'word') return [el.text];
  if (el.type === 'quoted') return el.text === '' ? null : [el.text];
  if (
    el.type === 'group' &&
    !el.optional &&
    el.alternatives.every((a) => a.length === 1 && (a[0].type === 'word' || (a[0].type === 'quoted' && a[0].text !== '')))
  ) {
    return el.alternatives.map((a) => (a[0] as { text: string }).text);
  }
  return null;
}

/**
 * Characters a grammar may write differently in the raw bytes than in the text rules see: a quote
 * (klog's and logrus's quoted message, JSON strings), a backslash (any escape), `<`, `>` and `&` (Go's
 * JSON writes them `\u003c`, `\u003e`, `\u0026`), anything outside printable ASCII (`\uXXXX` from
 * ASCII-only JSON encoders, Go's `\xHH`, control characters). The prefilter scans raw bytes, so a
 * literal is cut at them: a piece between them is in the raw bytes however the line was wrapped.
 * (Where a grammar drops a quote next to whitespace, `"name" err=` for `name err=`, the automaton
 * reads the quote as whitespace, prefilter.ts.)
 */
const ESCAPABLE = /[^\x20-\x7e]|["\\<>&]/;

/** The piece of `lit` between escapable characters that the prefilter keys on (the rarest), or null. */
function escapeSafe(lit: string): string | null {
  if (!ESCAPABLE.test(lit)) return lit;
  let best: string | null = null;
  for (const piece of lit.split(new RegExp(ESCAPABLE.source, 'g'))) {
    const p = piece.trim().replace(/\s+/g, ' ');
    if (p !== '' && (best === null || literalScore(p) > literalScore(best))) best = p;
  }
  return best;
}

/** A set with each literal cut to its escape-safe piece; null when one has none. */
function escapeSafeSet(set: string[]): string[] | null {
  const out: string[] = [];
  for (const lit of set) {
    const safe = escapeSafe(lit);
    if (safe === null) return null;
    out.push(safe);
  }
  return [...new Set(out)];
}

/** A literal set every match of a sequence holds one of, and the elements it comes from (`from`..`to`). */
interface SpannedSet {
  set: string[];
  from: number;
  to: number;
  score: number;
}

/** Every necessary literal set of a sequence (its phrases', then its elements'), escape-safe. */
function necessarySets(seq: PatternElement[]): SpannedSet[] {
  const out: SpannedSet[] = [];
  const add = (raw: string[] | null, from: number, to: number): void => {
    const set = raw && raw.length > 0 ? escapeSafeSet(raw) : null;
    if (set) out.push({ set, from, to, score: setScore(set) });
  };
  for (const p of phrasesOf(seq)) add(p.set, p.from, p.to);
  seq.forEach((el, i) => add(necessaryOf(el), i, i));
  return out;
}

/** The rarest of the sets (the first on a tie), or undefined. */
function rarest(sets: readonly SpannedSet[]): SpannedSet | undefined {
  let best: SpannedSet | undefined;
  for (const s of sets) if (!best || s.score > best.score) best = s;
  return best;
}

/** The literal set that a match of `els` must contain one of, or null. */
function necessaryOfSequence(seq: PatternElement[]): string[] | null {
  return rarest(necessarySets(seq))?.set ?? null;
}

/**
 * The other literal sets of a step: besides the prefilter's set ({@link necessaryOfAlternatives}),
 * every matching text holds one literal of each of these, rarest first, from elements that overlap
 * neither that set's nor each other's. A log store can ask for the prefilter's literal and the rarest
 * of these in one line (core/logstore/pushdown.ts), so a common literal alone no longer selects a
 * line. Null for a step of alternatives (their sets differ) or with a single set.
 */
export function otherSetsOf(alts: PatternElement[][]): string[][] | null {
  if (alts.length !== 1) return null;
  const sets = necessarySets(alts[0]);
  const first = rarest(sets);
  if (!first) return null;
  const taken = [first];
  for (const s of [...sets].sort((a, b) => b.score - a.score)) {
    if (taken.every((t) => s.to < t.from || s.from > t.to)) taken.push(s);
  }
  return taken.length < 2 ? null : taken.slice(1).map((t) => t.set);
}

export function necessaryOfAlternatives(alts: PatternElement[][]): string[] | null {
  const all: string[] = [];
  for (const seq of alts) {
    const s = necessaryOfSequence(seq);
    if (!s) return null;
    all.push(...s);
  }
  return [...new Set(all)];
}

function necessaryOf(el: PatternElement): string[] | null {
  switch (el.type) {
    case 'word':
      return [el.text.toLowerCase()];
    case 'quoted':
      return el.text ? [el.text.toLowerCase()] : null;
    case 'regex':
      return regexLiterals(el.source);
    case 'group':
      return el.optional ? null : necessaryOfAlternatives(el.alternatives);
    default:
      return null;
  }
}

/**
 * Literals a raw regex needs: per top-level branch, the longest run of plain characters outside
 * groups and classes that no quantifier makes optional. Null when a branch has none of 3+ chars.
 */
export function regexLiterals(source: string): string[] | null {
  const branches: string[] = [];
  let depth = 0,
    inClass = false,
    start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      branches.push(source.slice(start, i));
      start = i + 1;
    }
  }
  branches.push(source.slice(start));
  const out: string[] = [];
  for (const b of branches) {
    let best = '',
      run = '';
    depth = 0;
    inClass = false;
    // Punctuation is rarer in logs than letters and digits: `" 504 ` beats ` HTTP/`.
    const runScore = (r: string): number => r.length + (r.match(/[^a-z0-9 ]/gi)?.length ?? 0) * 0.5 - (COMMON_LOG_WORDS.has(r.trim().toLowerCase()) ? 8 : 0);
    const flush = (): void => {
      if (run.trim().length >= 3 && (best === '' || runScore(run) > runScore(best))) best = run;
      run = '';
    };
    for (let i = 0; i < b.length; i++) {
      const c = b[i];
      const next = b[i + (c === '\\' ? 2 : 1)];
      const quantified = next === '*' || next === '?' || next === '{';
      if (inClass) {
        if (c === ']') inClass = false;
        continue;
      }
      if (c === '[') {
        inClass = true;
        flush();
        continue;
      }
      if (c === '(') {
        depth++;
        flush();
        continue;
      }
      if (c === ')') {
        depth--;
        flush();
        continue;
      }
      if (depth > 0) continue;
      if (c === '\\') {
        const e = b[i + 1];
        i++;
        if (e !== undefined && /[^A-Za-z0-9]/.test(e) && !quantified) run += e;
        else flush();
        continue;
      }
      if (c === '{') {
        // A quantifier {n,m}: skip its body.
        flush();
        const close = b.indexOf('}', i);
        if (close > i) i = close;
        continue;
      }
      if ('.^$+*?}|'.includes(c)) {
        flush();
        continue;
      }
      if (quantified) {
        flush();
        continue;
      }
      run += c;
    }
    flush();
    if (best.length < 3) return null;
    out.push(best.toLowerCase());
  }
  return [...new Set(out)];
}
