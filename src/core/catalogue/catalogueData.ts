/**
 * The catalogue as data: each signature file compiled (its signature, its rules as data, the problems
 * found in it). The build writes the shipped catalogue this way (dist/catalogue.json), so a run loads
 * it without YAML, ajv, the rule parser or recheck; a user's files are compiled to the same data at
 * run time (signatureCompiler.ts). Both paths meet in the Catalogue constructor, so they cannot differ.
 */
import type { Signature, SignatureOrigin } from '../../model';
import type { RuleData } from '../rules/compiledRule';
import type { PrefilterData } from '../match/prefilter';
import type { CatalogueProblem } from './catalogueProblem';

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

/** A signature whose rules all compiled, as data. */
export interface SignatureData {
  /** The declaration. */
  signature: Signature;
  /** File and key lines. */
  origin: SignatureOrigin;
  /** Compiled `match` rules. */
  match: RuleData[];
  /** Compiled `exclude` rules. */
  exclude: RuleData[];
}

/** One file compiled: its signature (absent when it has errors) and the problems found in it. */
export interface CompiledFile {
  file: string;
  builtin: boolean;
  signature?: SignatureData;
  problems: CatalogueProblem[];
}

/** Version of {@link CatalogueData}; a loader refuses other versions (and compiles the YAML instead). */
export const CATALOGUE_DATA_FORMAT = 3;

/**
 * The rule steps each prefilter literal starts (by literal id, as in {@link PrefilterData.literals}),
 * and the steps without literals: each step as three numbers (signature, rule, step).
 */
export interface LiteralIndexData {
  steps: number[][];
  unfiltered: number[];
  /** How many of the literals are rule steps' literals or error words: the line facts' marker words come after them. */
  hits: number;
}

/** A compiled catalogue: its files in load order, and a fingerprint of the sources it was made from. */
export interface CatalogueData {
  format: number;
  /** Hash of the source files (names and texts): a loader compares it with the files it finds. */
  fingerprint: string;
  files: CompiledFile[];
  /** The prefilter automaton of these files alone (used when no user file adds literals). */
  prefilter?: PrefilterData;
  /**
   * Its literals' rule steps, for a catalogue of these files alone: with it, a catalogue makes each
   * signature's rules from their data only when they are first read (the data may then read them lazily too).
   */
  index?: LiteralIndexData;
}

/** A bug met while loading one file, said at that file: the other files still load. */
export function internalProblem(file: string, err: unknown): CatalogueProblem {
  const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return {
    file,
    line: 1,
    level: 'error',
    message: `internal error while loading this file (${what}); this is a bug in Postmortem Lens, not in the file: please report it with the file attached`,
  };
}
