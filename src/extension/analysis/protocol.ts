/**
 * Messages between the extension host and its analysis worker (a Node worker thread): the host keeps
 * the worker's copy of each open log in step (its text once, then every edit) and asks for analyses;
 * the worker answers with the diagnosis in pieces the host pulls one at a time, so receiving a large
 * diagnosis never blocks the host for long (see analysisClient.ts). Everything here is plain data
 * (structured clone).
 */
import type { OccurrenceProblem } from '../../core';
import type { Diagnosis, Finding, Occurrence } from '../../model';
import type { CatalogueSources } from '../../node/compiledCatalogue';

/** An edit as VS Code reports it: 0-based lines and UTF-16 characters, applied in order. */
export interface TextChange {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/** Host to worker. */
export type ToWorker =
  /** The catalogue to analyse with; documents read before must be sent again. */
  | { type: 'catalogue'; sources: CatalogueSources }
  /** A piece of a document's whole text (`first` starts it afresh; `last` completes it at `version`). */
  | { type: 'text'; key: string; name: string; version: number; lines: string[]; first: boolean; last: boolean }
  /** Edits that took the document to `version`. */
  | { type: 'edit'; key: string; version: number; changes: TextChange[] }
  /**
   * Analyse the document at `version`; `limitMs` 0 means no time limit; `redact`: the Problems rows'
   * log text is redacted (the `postmortemLens.redactSecrets` setting).
   */
  | { type: 'analyze'; key: string; id: number; version: number; limitMs: number; redact: boolean }
  /** Send the next piece of analysis `id`'s result. */
  | { type: 'more'; id: number }
  /** The document closed: forget it. */
  | { type: 'close'; key: string };

/** What an analysis found about the reading itself. */
export interface AnalysisStats {
  /** Blocks of the document read again (the others came from the cache). */
  blocksRead: number;
  blocks: number;
  /** The 1-based line reading stopped at when the time limit was reached. */
  stoppedAtLine?: number;
  /** Wall time in the worker, ms. */
  workerMs: number;
}

/** Worker to host. */
export type FromWorker =
  /**
   * The diagnosis without its findings' occurrences, which follow in `occurrences` pieces (each
   * asked for with `more`) until `done`.
   */
  | { type: 'result'; id: number; version: number; diagnosis: Diagnosis; stats: AnalysisStats }
  /**
   * The next occurrences, with their Problems rows, of one or more findings (`finding`: an index into
   * the diagnosis's findings), at most a piece's worth in all.
   */
  | { type: 'occurrences'; id: number; parts: { finding: number; occurrences: Occurrence[]; problems: OccurrenceProblem[] }[] }
  | { type: 'done'; id: number }
  /** An edit (or a close) came before the analysis finished: ask again. */
  | { type: 'superseded'; id: number }
  /** The analysis failed; `message` says why. */
  | { type: 'failed'; id: number; message: string };

/**
 * An analysis given up because an edit came first: thrown inside the worker when its run is cancelled
 * (answered with a `superseded` message), and the rejection the host's client gives its caller.
 */
export class Superseded extends Error {
  constructor() { super('superseded by an edit'); }
}

/** A finding sent without its occurrences (they follow in pieces). */
export function withoutOccurrences(f: Finding): Finding {
  return { ...f, occurrences: [] };
}
