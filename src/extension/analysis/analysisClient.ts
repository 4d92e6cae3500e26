/**
 * The host's side of the analysis worker (no `vscode` here: documentAnalyses.ts feeds it the editor's
 * documents). It sends each document's text once and then its edits, asks for analyses, and
 * receives each result in pieces it pulls one at a time, with a turn of the host's event loop between
 * two pieces: a 16 000-occurrence diagnosis of a 20 MB log is 11 MB to deserialise, 33-60 ms in one
 * message, but a few pieces of about 2 ms when pulled (Node delivers queued messages in one go, so
 * pushing the pieces would not give the loop its turns). Findings whose occurrences an edit left
 * unchanged are not sent again: the result shares them with the document's previous one (typing in a
 * large log otherwise re-sent all 16,000, and the host's garbage collector paid for it at every pause).
 * If the worker dies, every waiting analysis fails with the reason, and the next use starts a new one
 * (documents are sent again: {@link AnalysisClient.onRestart}).
 */
import type { OccurrenceProblem } from '../../core';
import type { Diagnosis } from '../../model';
import type { CatalogueSources } from '../../node/compiledCatalogue';
import { Superseded, type AnalysisStats, type FromWorker, type TextChange, type ToWorker } from './protocol';

/** What the client needs of a worker thread (a `Worker`, or a `MessagePort` in tests). */
export interface WorkerLike {
  postMessage(m: ToWorker): void;
  on(event: 'message', listener: (m: FromWorker) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate?(): unknown;
  /** Let the process exit while this worker runs (a Worker has it; its listeners would hold the process otherwise). */
  unref?(): unknown;
}

/** A finished analysis. */
export interface WorkerAnalysis {
  version: number;
  diagnosis: Diagnosis;
  /** Per finding, per occurrence: its Problems row. */
  problems: OccurrenceProblem[][];
  stats: AnalysisStats;
}

interface Pending {
  key: string;
  resolve(a: WorkerAnalysis): void;
  reject(err: Error): void;
  result?: WorkerAnalysis;
  /** The document's previous result, whose findings' occurrences this one reuses where they are the same. */
  base?: WorkerAnalysis;
}

export class AnalysisClient {
  private worker: WorkerLike | undefined;
  private sources: CatalogueSources | undefined;
  private readonly pending = new Map<number, Pending>();
  /** Per document: its last complete result and the worker's id of it (the base of the next one). */
  private readonly last = new Map<string, { id: number; analysis: WorkerAnalysis }>();
  private nextId = 1;
  private generation = 0;
  /** Called when a new worker replaced one that died: every document's text must be sent again. */
  onRestart: () => void = () => undefined;
  /** Called with a failure that belongs to no analysis (e.g. the worker's catalogue would not build). */
  onError: (message: string) => void = () => undefined;

  /** `start` makes a worker thread; it is called on first use and after a worker died. */
  constructor(private readonly start: () => WorkerLike) {}

  /**
   * The catalogue to analyse with; every document must be sent again afterwards. Starts the worker if
   * none runs, so it loads its code and the catalogue while the host reads the first document.
   */
  setCatalogue(sources: CatalogueSources): void {
    this.sources = sources;
    this.last.clear();
    if (this.worker) this.worker.postMessage({ type: 'catalogue', sources });
    else this.ensure();
  }

  /** A piece of a document's whole text; `first` starts it afresh, `last` completes it at `version`. */
  sendText(key: string, name: string, version: number, lines: string[], first: boolean, last: boolean): void {
    if (first) this.last.delete(key);
    this.ensure().postMessage({ type: 'text', key, name, version, lines, first, last });
  }

  /** Edits that took the document to `version`. */
  edit(key: string, version: number, changes: TextChange[]): void {
    this.worker?.postMessage({ type: 'edit', key, version, changes });
  }

  close(key: string): void {
    this.last.delete(key);
    this.worker?.postMessage({ type: 'close', key });
  }

  /** The worker's generation: it changes when a new worker starts (its documents are unknown to it). */
  get workerGeneration(): number {
    return this.generation;
  }

  /** Analyse the document at `version` (its text must have been sent). Rejects with {@link Superseded} after an edit. */
  analyze(key: string, version: number, limitMs: number, redact = true): Promise<WorkerAnalysis> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<WorkerAnalysis>((resolve, reject) => {
      this.pending.set(id, { key, resolve, reject });
      worker.postMessage({ type: 'analyze', key, id, version, limitMs, redact });
    });
  }

  private ensure(): WorkerLike {
    if (this.worker) return this.worker;
    const w = this.start();
    const generation = ++this.generation;
    this.worker = w;
    w.on('message', (m: FromWorker) => this.receive(w, m));
    const died = (why: string): void => {
      if (this.worker !== w) return;
      this.worker = undefined;
      for (const p of this.pending.values()) p.reject(new Error(`the analysis worker stopped: ${why}`));
      this.pending.clear();
      this.last.clear();
      if (generation === this.generation) this.onRestart();
    };
    w.on('error', (err) => died(err.stack ?? err.message));
    w.on('exit', (code) => died(`it exited with code ${code}`));
    // After the listeners (a 'message' listener refs the worker's port again): the worker never keeps a
    // process alive on its own, e.g. a script that loads the extension (bench/startup.mjs).
    w.unref?.();
    if (this.sources) w.postMessage({ type: 'catalogue', sources: this.sources });
    return w;
  }

  private receive(w: WorkerLike, m: FromWorker): void {
    const p = this.pending.get(m.id);
    if (!p) {
      if (m.type === 'failed') this.onError(m.message);
      return;
    }
    switch (m.type) {
      case 'result': {
        p.result = { version: m.version, diagnosis: m.diagnosis, problems: m.diagnosis.findings.map(() => []), stats: m.stats };
        if (m.base !== undefined) {
          const last = this.last.get(p.key);
          if (last?.id !== m.base) {
            // Never expected (both sides move on at `done`): ask for the next result whole, and this one again.
            this.pending.delete(m.id);
            w.postMessage({ type: 'forget', key: p.key });
            p.reject(new Superseded());
            return;
          }
          p.base = last.analysis;
        }
        break;
      }
      case 'occurrences': {
        const { diagnosis, problems } = p.result!;
        for (const part of m.parts) {
          if ('same' in part) {
            // Shared with the previous result: neither is changed after it is complete.
            diagnosis.findings[part.finding].occurrences = p.base!.diagnosis.findings[part.same].occurrences;
            problems[part.finding] = p.base!.problems[part.same];
            continue;
          }
          const occs = diagnosis.findings[part.finding].occurrences;
          for (const o of part.occurrences) occs.push(o);
          const rows = problems[part.finding];
          for (const x of part.problems) rows.push(x);
        }
        break;
      }
      case 'done':
        this.pending.delete(m.id);
        this.last.set(p.key, { id: m.id, analysis: p.result! });
        p.resolve(p.result!);
        return;
      case 'superseded':
        this.pending.delete(m.id);
        p.reject(new Superseded());
        return;
      case 'failed':
        this.pending.delete(m.id);
        p.reject(new Error(`analysis failed in the worker: ${m.message}`));
        return;
    }
    // The next piece after a turn of the event loop (keys, other extensions), never at once.
    setImmediate(() => {
      if (this.worker === w && this.pending.has(m.id)) w.postMessage({ type: 'more', id: m.id });
    });
  }

  dispose(): void {
    const w = this.worker;
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(new Superseded());
    this.pending.clear();
    w?.terminate?.();
  }
}
