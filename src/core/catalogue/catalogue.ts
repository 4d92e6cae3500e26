/**
 * The compiled catalogue: every signature's rules compiled once, all their literals in one
 * prefilter automaton, and the map from each literal to the rule steps it can start.
 */
import type { LogKind, Signature, SignatureOrigin } from '../../model';
import { compileRule, type CompiledRule } from '../rules/ruleCompiler';
import { LiteralPrefilter } from '../match/prefilter';
import { parseSignatureFile, type CatalogueProblem } from './parseSignatureFile';

/** A signature ready to match. */
export interface CompiledSignature {
  /** The declaration. */
  signature: Signature;
  /** File and key lines. */
  origin: SignatureOrigin;
  /** Compiled `match` rules (same order; a rule that failed to compile drops the signature). */
  match: CompiledRule[];
  /** Compiled `exclude` rules. */
  exclude: CompiledRule[];
  /** Kinds it applies to, or null for any. */
  kinds: ReadonlySet<LogKind> | null;
}

/** A step of a match rule: signature index, rule index, step index. */
export interface StepRef {
  sig: number;
  rule: number;
  step: number;
}

/** Words that make an unmatched line worth clustering as an unknown error. */
export const ERROR_WORDS = ['error', 'fail', 'fatal', 'panic', 'exception', 'refused', 'timeout', 'timed out', 'denied', 'unable to', 'cannot', "can't", 'could not', 'killed'];

/** A source of catalogue files. */
export interface CatalogueFile {
  /** Path (for problems). */
  file: string;
  /** Content. */
  text: string;
  /** True for the shipped catalogue; user files with the same id override it. */
  builtin?: boolean;
  /** Set when the file was not read (too large, a FIFO, a link to nothing ...): said at its line 1, and `text` is empty. */
  unread?: { level: 'error' | 'warning'; message: string };
}

/** A bug met while loading one file, said at that file: the other files still load. */
function internalProblem(file: string, err: unknown): CatalogueProblem {
  const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return { file, line: 1, level: 'error', message: `internal error while loading this file (${what}); this is a bug in Postmortem Lens, not in the file: please report it with the file attached` };
}

/** The compiled catalogue. */
export class Catalogue {
  /** Signatures that loaded. */
  readonly signatures: CompiledSignature[] = [];
  /** Problems found while loading (errors dropped their signature; the rest still loaded). */
  readonly problems: CatalogueProblem[] = [];
  /** Literal automaton over all match steps plus the error words (last ids). */
  readonly prefilter: LiteralPrefilter;
  /** For each literal id, the steps it can start. */
  readonly literalSteps: StepRef[][];
  /** Steps with no literal: checked on every event. */
  readonly unfiltered: StepRef[] = [];
  /** Literal ids of {@link ERROR_WORDS}. */
  readonly errorLiteralIds: ReadonlySet<number>;
  private readonly index = new Map<string, number>();

  /**
   * @param files catalogue files; user files with a built-in id override it.
   * @param options `checkBuiltinRegexes`: also run the backtracking analysis on the shipped files
   *   (`validate` and the test suite do; at run time they are trusted, having passed it in CI).
   */
  constructor(files: readonly CatalogueFile[], private readonly options: { checkBuiltinRegexes?: boolean } = {}) {
    const ordered = [...files].sort((a, b) => Number(!a.builtin) - Number(!b.builtin) || a.file.localeCompare(b.file));
    const seen = new Map<string, { file: string; builtin: boolean }>();
    for (const f of ordered) {
      if (f.unread) {
        this.problems.push({ file: f.file, line: 1, ...f.unread });
        continue;
      }
      let parsed: ReturnType<typeof parseSignatureFile>;
      try {
        parsed = parseSignatureFile(f.file, f.text);
      } catch (err) {
        this.problems.push(internalProblem(f.file, err));
        continue;
      }
      this.problems.push(...parsed.problems);
      const sig = parsed.signature;
      if (!sig) continue;
      let compiled: CompiledSignature | undefined;
      try {
        compiled = this.compile(sig, parsed.origin, Boolean(f.builtin) && !this.options.checkBuiltinRegexes);
      } catch (err) {
        this.problems.push(internalProblem(f.file, err));
        continue;
      }
      if (!compiled) continue;
      const prev = seen.get(sig.id);
      if (prev && prev.builtin === Boolean(f.builtin)) {
        this.problems.push({ file: f.file, line: parsed.origin.lines.id ?? 1, level: 'error', message: `duplicate id "${sig.id}" (also in ${prev.file})` });
        continue;
      }
      if (prev) {
        this.problems.push({ file: f.file, line: parsed.origin.lines.id ?? 1, level: 'warning', message: `overrides the built-in signature "${sig.id}"` });
        this.signatures[this.index.get(sig.id)!] = compiled;
      } else {
        this.index.set(sig.id, this.signatures.length);
        this.signatures.push(compiled);
      }
      seen.set(sig.id, { file: f.file, builtin: Boolean(f.builtin) });
    }
    for (const s of this.signatures) {
      for (const r of s.signature.related ?? []) {
        if (!this.index.has(r.id)) this.problems.push({ file: s.origin.file, line: s.origin.lines.related ?? 1, level: 'warning', message: `related signature "${r.id}" is not in the catalogue` });
      }
    }
    const literals: string[] = [];
    const litIndex = new Map<string, number>();
    const steps: StepRef[][] = [];
    const idOf = (lit: string): number => {
      let id = litIndex.get(lit);
      if (id === undefined) { id = literals.length; litIndex.set(lit, id); literals.push(lit); steps.push([]); }
      return id;
    };
    this.signatures.forEach((s, sig) => s.match.forEach((rule, r) => rule.steps.forEach((step, st) => {
      const ref = { sig, rule: r, step: st };
      if (!step.literals) { this.unfiltered.push(ref); return; }
      for (const lit of step.literals) steps[idOf(lit)].push(ref);
    })));
    const errIds = new Set<number>();
    for (const w of ERROR_WORDS) errIds.add(idOf(w));
    this.errorLiteralIds = errIds;
    this.literalSteps = steps;
    this.prefilter = new LiteralPrefilter(literals);
  }

  private compile(sig: Signature, origin: SignatureOrigin, trusted: boolean): CompiledSignature | undefined {
    let ok = true;
    const compileList = (key: 'match' | 'exclude', rules: string[] | undefined): CompiledRule[] =>
      (rules ?? []).flatMap((text, i) => {
        const c = compileRule(text, trusted);
        if (c.value) {
          if (key === 'match' && c.value.steps.some((s) => !s.literals)) {
            this.problems.push({ file: origin.file, line: origin.lines[`${key}.${i}`] ?? origin.lines[key] ?? 1, level: 'warning', message: `${key}[${i}] has no literal text, so it is checked on every event (slow on large logs)` });
          }
          return [c.value];
        }
        ok = false;
        for (const e of c.errors) {
          this.problems.push({ file: origin.file, line: origin.lines[`${key}.${i}`] ?? origin.lines[key] ?? 1, column: e.column + 1, level: 'error', message: `${key}[${i}]: ${e.message} in ${JSON.stringify(text)}` });
        }
        return [];
      });
    const match = compileList('match', sig.match);
    const exclude = compileList('exclude', sig.exclude);
    if (!ok) return undefined;
    const kinds = sig.appliesTo.includes('any') ? null : new Set(sig.appliesTo as LogKind[]);
    return { signature: sig, origin, match, exclude, kinds };
  }

  /** A signature by id. */
  get(id: string): CompiledSignature | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.signatures[i];
  }

  /** Index of a signature by id, or -1. */
  indexOf(id: string): number {
    return this.index.get(id) ?? -1;
  }
}
