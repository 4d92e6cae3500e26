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
  | { type: 'close'; key: string }
  /** The host lacks the result the worker reused findings of: send the next one whole. */
  | { type: 'forget'; key: string };

/**
 * Occurrences, with their Problems rows, of the finding at index `finding` of the diagnosis; or, with
 * `same`, all of them as the finding at index `same` of the `base` result has them (an edit elsewhere
 * changed nothing of theirs: typing in a large log re-sent 16,000 unchanged occurrences, 11 MB, at
 * every pause, and the extension host's garbage collector paid for it).
 */
export type OccurrencesPart = { finding: number; occurrences: Occurrence[]; problems: OccurrenceProblem[] } | { finding: number; same: number };

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
   * asked for with `more`) until `done`. `base`: the id of the document's previous complete result,
   * when some findings' occurrences are the same as there and are not sent again.
   */
  | { type: 'result'; id: number; version: number; diagnosis: Diagnosis; stats: AnalysisStats; base?: number }
  /** The next occurrences of one or more findings, at most a piece's worth in all. */
  | { type: 'occurrences'; id: number; parts: OccurrencesPart[] }
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
  constructor() {
    super('superseded by an edit');
  }
}

/** A finding sent without its occurrences (they follow in pieces). */
export function withoutOccurrences(f: Finding): Finding {
  return { ...f, occurrences: [] };
}
