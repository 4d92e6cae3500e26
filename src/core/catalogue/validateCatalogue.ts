/**
 * Validation of signature files: the one function the CLI's `validate`, the extension's Problems
 * entries and the tests use, so all three report the same problems in the same words, at file:line.
 * What the catalogue finds (YAML, schema, id, rule syntax and safety, duplicates, missing related
 * signatures) comes first, then what the examples check finds.
 *
 * The examples check reads each example as an input is read, so it needs the engine; the catalogue
 * sits below the engine and never imports it. The check is handed in ({@link ExampleCheck}, the seam):
 * callers pass `checkExamples` from core/authoring/exampleCheck.ts, a test may pass its own.
 */
import { Catalogue, type CompiledSignature } from './catalogue';
import type { CatalogueFile } from './catalogueData';
import type { CatalogueProblem } from './catalogueProblem';

/** Checks a catalogue's examples both ways; problems at the signature files. */
export type ExampleCheck = (catalogue: Catalogue) => CatalogueProblem[];

/** The catalogue in force, when files are checked alone against it (an editor checking one unsaved file). */
export interface CatalogueInForce {
  /** Looks a signature up by id in the catalogue in force. */
  get(id: string): CompiledSignature | undefined;
  /** True when a loaded signature file is one of the user's (not shipped). */
  isUserFile(file: string): boolean;
  /** The catalogue in force's problems of these files, for what a file alone cannot tell (a shipped signature it overrides). */
  problems?: readonly CatalogueProblem[];
}

/** What to validate against, and how. */
export interface ValidateOptions {
  /** Files loaded beside the validated ones but not reported on: the shipped catalogue behind a user's folder (related ids, overrides). */
  context?: readonly CatalogueFile[];
  /** Validate the files alone, against this catalogue in force (duplicate ids, related ids, overrides). */
  inForce?: CatalogueInForce;
  /** The examples check; without it examples are not checked. */
  examples?: ExampleCheck;
  /** Check the raw regexes of shipped files for backtracking too (CI's `validate`). */
  checkBuiltinRegexes?: boolean;
}

/** The outcome: the catalogue built, the validated files' problems, and how many of their signatures are valid. */
export interface CatalogueValidation {
  catalogue?: Catalogue;
  problems: CatalogueProblem[];
  valid: number;
}

const MISSING_RELATED = /^related signature "([^"]+)" is not in the catalogue/;
const OVERRIDES = 'overrides the built-in signature';

/** Validate `files`: every problem of theirs, with file and line. Never throws: a bug is a problem at the files. */
export function validateCatalogue(files: readonly CatalogueFile[], options: ValidateOptions = {}): CatalogueValidation {
  const own = new Set(files.map((f) => f.file));
  const { inForce } = options;
  let catalogue: Catalogue;
  try {
    catalogue = new Catalogue([...(options.context ?? []), ...files], { checkBuiltinRegexes: options.checkBuiltinRegexes });
  } catch (err) {
    return { problems: files.map((f) => ({ file: f.file, line: 1, level: 'error', message: `cannot check this file: ${(err as Error).message}` })), valid: 0 };
  }
  const problems = catalogue.problems.filter((p) => {
    if (!own.has(p.file)) return false;
    // Alone in its catalogue every related id looks missing: keep only those missing for real.
    const m = inForce ? MISSING_RELATED.exec(p.message) : null;
    return !m || !inForce!.get(m[1]);
  });
  const mine = catalogue.signatures.filter((cs) => own.has(cs.origin.file));
  if (inForce) {
    for (const cs of mine) {
      const { id } = cs.signature;
      const file = cs.origin.file;
      const idLine = cs.origin.lines.id ?? 1;
      const other = inForce.get(id);
      if (other && other.origin.file !== file && inForce.isUserFile(other.origin.file)) {
        problems.push({ file, line: idLine, level: 'error', message: `duplicate id "${id}" (also in ${other.origin.file})` });
      }
      for (const p of inForce.problems ?? []) {
        if (p.message.startsWith(OVERRIDES) && p.message.includes(`"${id}"`)) problems.push({ ...p, file, line: idLine });
      }
    }
  }
  if (options.examples && mine.length > 0) {
    try {
      problems.push(...options.examples(catalogue).filter((p) => own.has(p.file)));
    } catch (err) {
      for (const cs of mine)
        problems.push({
          file: cs.origin.file,
          line: cs.origin.lines.examples ?? 1,
          level: 'warning',
          message: `examples could not be checked: ${(err as Error).message}`,
        });
    }
  }
  return { catalogue, problems, valid: mine.length };
}
