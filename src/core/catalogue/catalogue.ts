/**
 * The compiled catalogue: every signature's rules compiled once, all their literals in one
 * prefilter automaton, and the map from each literal to the rule steps it can start.
 */
import type { CrossCheckName, LogKind, Signature, SignatureOrigin } from '../../model';
import { ruleFromData, type CompiledRule, type RuleData } from '../rules/compiledRule';
import { LiteralPrefilter, type PrefilterData } from '../match/prefilter';
import { FACT_MARKERS } from './factMarkers';
import type { CatalogueProblem } from './catalogueProblem';
import { compiler } from './compiler';
import { CATALOGUE_DATA_FORMAT, internalProblem, type CatalogueData, type CatalogueFile, type CompiledFile, type LiteralIndexData } from './catalogueData';

export type { CatalogueFile } from './catalogueData';

/** How a catalogue is loaded. */
export interface CatalogueOptions {
  /**
   * Also run the backtracking analysis on the shipped files (`validate` and the test suite do; at run
   * time they are trusted, having passed it in CI).
   */
  checkBuiltinRegexes?: boolean;
  /** The shipped catalogue compiled ahead (dist/catalogue.json): loaded before `files`, which are then the user's. */
  compiled?: CatalogueData;
}

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
export const ERROR_WORDS = [
  'error',
  'fail',
  'fatal',
  'panic',
  'exception',
  'refused',
  'timeout',
  'timed out',
  'denied',
  'unable to',
  'cannot',
  "can't",
  'could not',
  'killed',
];

/** {@link Catalogue.factLiterals}: a line fact's marker word that is also a rule's literal or an error word. */
export const FACT_AND_HIT = 1;
/** {@link Catalogue.factLiterals}: a line fact's marker word and nothing else (no candidate for a rule). */
export const FACT_ONLY = 2;

/** The compiled catalogue. */
export class Catalogue {
  /** Signatures that loaded. */
  readonly signatures: CompiledSignature[] = [];
  /** Problems found while loading (errors dropped their signature; the rest still loaded). */
  readonly problems: CatalogueProblem[] = [];
  /**
   * Literal automaton over all match steps, then the error words, then the line facts' marker words
   * (last ids). Made when first used: listing the catalogue never reads the compiled automaton's tables.
   */
  get prefilter(): LiteralPrefilter {
    return (this.prefilterBuilt ??= new LiteralPrefilter(this.prefilterLiterals, this.prefilterFrom));
  }
  private prefilterBuilt: LiteralPrefilter | undefined;
  /** Literal ids below this are rule steps' literals or error words; the line facts' marker words follow. */
  private readonly hitLiterals: number;
  private readonly prefilterFrom: PrefilterData | undefined;
  /** For each literal id, the steps it can start. */
  readonly literalSteps: StepRef[][];
  /** Steps with no literal: checked on every event. */
  readonly unfiltered: StepRef[] = [];
  /**
   * By literal id: 0 for a rule's literal or an error word, {@link FACT_AND_HIT} for one that is also a
   * marker word of a line fact its cross-line checks read (factMarkers.ts), {@link FACT_ONLY} for a
   * marker word and nothing else. The markers are literals of the one prefilter, so a block's bytes
   * are scanned once for both: a second automaton over them had cost 10% of the CPU on the sparse
   * bench corpus.
   */
  readonly factLiterals: Uint8Array;
  /** Literal ids of {@link ERROR_WORDS}. */
  readonly errorLiteralIds: ReadonlySet<number>;
  /** Signatures with a cross-line check, and the check (the engine keeps table rows only when there are some). */
  readonly crossChecks: { sig: number; check: CrossCheckName }[] = [];
  private readonly index = new Map<string, number>();
  private readonly prefilterLiterals: readonly string[];

  /**
   * @param files catalogue files; user files with a built-in id override it.
   * @param options see {@link CatalogueOptions}.
   */
  constructor(files: readonly CatalogueFile[], options: CatalogueOptions = {}) {
    if (options.compiled && options.compiled.format !== CATALOGUE_DATA_FORMAT)
      throw new Error(`compiled catalogue of format ${options.compiled.format}, expected ${CATALOGUE_DATA_FORMAT}: rebuild it`);
    const seen = new Map<string, { file: string; builtin: boolean }>();
    const userFiles = compileFiles(files, options);
    // The compiled data alone, with its literal index: rules are made from their data when first used.
    const index = userFiles.length === 0 && options.compiled?.prefilter ? options.compiled.index : undefined;
    for (const c of [...(options.compiled?.files ?? []), ...userFiles]) {
      this.problems.push(...c.problems);
      if (!c.signature) continue;
      const data = c.signature;
      const { signature: sig, origin } = data;
      let compiled: CompiledSignature;
      try {
        const kinds = sig.appliesTo.includes('any') ? null : new Set(sig.appliesTo as LogKind[]);
        compiled = index
          ? lazyRules({ signature: sig, origin, kinds }, data)
          : { signature: sig, origin, match: data.match.map(ruleFromData), exclude: data.exclude.map(ruleFromData), kinds };
      } catch (err) {
        this.problems.push(internalProblem(c.file, err));
        continue;
      }
      const prev = seen.get(sig.id);
      if (prev && prev.builtin === c.builtin) {
        this.problems.push({ file: c.file, line: origin.lines.id ?? 1, level: 'error', message: `duplicate id "${sig.id}" (also in ${prev.file})` });
        continue;
      }
      if (prev) {
        this.problems.push({ file: c.file, line: origin.lines.id ?? 1, level: 'warning', message: `overrides the built-in signature "${sig.id}"` });
        this.signatures[this.index.get(sig.id)!] = compiled;
      } else {
        this.index.set(sig.id, this.signatures.length);
        this.signatures.push(compiled);
      }
      seen.set(sig.id, { file: c.file, builtin: c.builtin });
    }
    for (const s of this.signatures) {
      for (const r of s.signature.related ?? []) {
        if (!this.index.has(r.id))
          this.problems.push({
            file: s.origin.file,
            line: s.origin.lines.related ?? 1,
            level: 'warning',
            message: `related signature "${r.id}" is not in the catalogue`,
          });
      }
    }
    const literals: string[] = [];
    const litIndex = new Map<string, number>();
    const steps: StepRef[][] = [];
    const idOf = (lit: string): number => {
      let id = litIndex.get(lit);
      if (id === undefined) {
        id = literals.length;
        litIndex.set(lit, id);
        literals.push(lit);
        steps.push([]);
      }
      return id;
    };
    if (index) {
      // The rule steps' literals and the error words, in the ids the data was made with (the marker words follow below).
      for (const lit of (options.compiled!.prefilter?.literals ?? []).slice(0, index.hits)) idOf(lit);
      index.steps.forEach((refs, id) => {
        if (refs.length > 0) steps[id].push(...stepRefs(refs));
      });
      this.unfiltered.push(...stepRefs(index.unfiltered));
    } else {
      this.signatures.forEach((s, sig) =>
        s.match.forEach((rule, r) =>
          rule.steps.forEach((step, st) => {
            const ref = { sig, rule: r, step: st };
            if (!step.literals) {
              this.unfiltered.push(ref);
              return;
            }
            for (const lit of step.literals) steps[idOf(lit)].push(ref);
          }),
        ),
      );
    }
    this.signatures.forEach((s, sig) => {
      if (s.signature.crossCheck) this.crossChecks.push({ sig, check: s.signature.crossCheck });
    });
    const errIds = new Set<number>();
    for (const w of ERROR_WORDS) errIds.add(idOf(w));
    this.errorLiteralIds = errIds;
    const hitIds = literals.length;
    this.hitLiterals = hitIds;
    const markerIds = new Set(this.crossChecks.flatMap(({ check }) => FACT_MARKERS[check] ?? []).map(idOf));
    this.factLiterals = new Uint8Array(literals.length);
    for (const id of markerIds) this.factLiterals[id] = id < hitIds ? FACT_AND_HIT : FACT_ONLY;
    this.literalSteps = steps;
    this.prefilterLiterals = literals;
    this.prefilterFrom = options.compiled?.prefilter;
  }

  /**
   * The prefilter as data, for a compiled catalogue: a catalogue loaded with it takes the automaton as
   * it is when its literals are the same (the shipped catalogue alone), else builds its own.
   */
  prefilterData(): PrefilterData {
    return this.prefilter.toData(this.prefilterLiterals);
  }

  /** Which rule steps each prefilter literal starts, as data: a catalogue of the same files alone takes it as it is. */
  indexData(): LiteralIndexData {
    const flat = (refs: readonly StepRef[]): number[] => refs.flatMap((r) => [r.sig, r.rule, r.step]);
    return { steps: this.literalSteps.map(flat), unfiltered: flat(this.unfiltered), hits: this.hitLiterals };
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

/** Step references from their flat form (signature, rule, step; three numbers each). */
function stepRefs(flat: readonly number[]): StepRef[] {
  const out: StepRef[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) out.push({ sig: flat[i], rule: flat[i + 1], step: flat[i + 2] });
  return out;
}

/**
 * A signature whose rules are made from `data` when first read (then kept as plain properties): a
 * run that reads a few signatures' rules neither parses nor builds the others (the CLI's start-up,
 * bench/README.md "Start-up").
 */
function lazyRules(sig: Omit<CompiledSignature, 'match' | 'exclude'>, data: { readonly match: RuleData[]; readonly exclude: RuleData[] }): CompiledSignature {
  for (const key of ['match', 'exclude'] as const) {
    Object.defineProperty(sig, key, {
      configurable: true,
      enumerable: true,
      get(this: CompiledSignature) {
        const rules = data[key].map(ruleFromData);
        Object.defineProperty(this, key, { value: rules, writable: true, configurable: true, enumerable: true });
        return rules;
      },
    });
  }
  return sig as CompiledSignature;
}

/**
 * Files compiled to data, in load order (the shipped ones first, then by path). The compiler is
 * loaded on the first file that needs it; the build uses this to write dist/catalogue.json.
 */
export function compileFiles(files: readonly CatalogueFile[], options: Pick<CatalogueOptions, 'checkBuiltinRegexes'> = {}): CompiledFile[] {
  const ordered = [...files].sort((a, b) => Number(!a.builtin) - Number(!b.builtin) || a.file.localeCompare(b.file));
  return ordered.map((f) => {
    const builtin = Boolean(f.builtin);
    if (f.unread) return { file: f.file, builtin, problems: [{ file: f.file, line: 1, ...f.unread }] };
    try {
      return compiler().compileSignatureFile(f, builtin && !options.checkBuiltinRegexes);
    } catch (err) {
      return { file: f.file, builtin, problems: [internalProblem(f.file, err)] };
    }
  });
}
