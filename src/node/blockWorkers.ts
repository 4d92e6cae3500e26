/**
 * The CLI's block readers on other cores: a pool of worker threads, each holding the run's catalogue,
 * that reads blocks of a long run beside the main thread, which reads the files, reads blocks too and
 * applies the results in input order ({@link BlockRunner}). The diagnosis is the same as with one thread
 * (tested, and checked by the benchmark).
 *
 * Why worker threads and not a process per file: blocks of one file are independent, so one large log
 * (the common case in an incident) uses every core, and results cross as structured clones without a
 * serialisation format of our own. A worker builds the catalogue in 0.1-0.2 s (the compiled data) and is
 * slow on its first block (~0.7 s: grammars built, code not yet optimised), hence {@link PARALLEL_AFTER_MS}.
 */
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { addGrammarFaults, type BlockJob, type BlockRunner, type GrammarFault, type RecordedBlock } from '../core';
import type { CatalogueSources } from './compiledCatalogue';

/** Messages to a block worker. */
export type ToBlockWorker = { type: 'catalogue'; sources: CatalogueSources } | { type: 'block'; id: number; bytes: Uint8Array; job: BlockJob };
/** A block worker's reply: the block's result, or the error it met, and the grammar faults met reading it. */
export type FromBlockWorker = ({ id: number; result: RecordedBlock; error?: undefined } | { id: number; error: string; result?: undefined }) & {
  faults?: { faults: GrammarFault[]; total: number };
};

/**
 * Workers start once a run has read for this long: a worker costs ~0.7 s of CPU before its first block
 * is done (the catalogue, the grammars' construction, the JIT's warm-up), which a short run never earns
 * back, and on two cores it slows the main thread meanwhile. Measured on 64 MiB (2 cores, 3 runs each,
 * median): workers from the first block made the sparse corpus (2 s) 8-16% slower and the dense one (8 s)
 * 13% faster; joining after 1 s, sparse was still 10% slower (2.13 against 1.92 s), dense 11% faster.
 */
export const PARALLEL_AFTER_MS = 2000;

/**
 * Threads to use by default (the main one included): the cores that are free, at most 8. A core the
 * 1-minute load average says is busy is left alone: on a shared machine a second thread there costs
 * CPU (a worker's warm-up, results crossing threads) and wins no time.
 */
export function defaultThreads(): number {
  return Math.max(1, Math.min(8, availableParallelism() - Math.floor(loadavg()[0])));
}

/** Blocks each worker holds at most: one being read, one waiting, so it never idles while a result crosses. */
const PER_WORKER = 2;
/** Blocks read and not yet applied at most (see the constructor). */
const WAITING_BLOCKS = 64;

interface Slot {
  worker: Worker;
  /** Blocks sent and not answered. */
  busy: number;
  /** It answered a block: warmed up (its first block costs it the grammars' construction and the JIT's warm-up). */
  warm: boolean;
}

/**
 * A pool of block workers, started on first use. The main thread is one of the readers: a block comes
 * here only while a worker has room, and the main thread reads the others itself, so `threads` threads
 * share the work and none waits on another (two threads on two cores, not three).
 */
export class BlockWorkers implements BlockRunner {
  readonly capacity: number;
  private slots: Slot[] = [];
  private readonly calls = new Map<number, { slot: Slot; resolve: (r: RecordedBlock) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private started = false;
  /** When the first block was offered. */
  private firstAsked: number | undefined;
  /** Why the last worker that died died. */
  private lastError: Error | undefined;

  private readonly workers: number;

  /**
   * @param threads threads reading blocks, the main one included (at least 2: with 1 no pool is made).
   * @param afterMs workers start when the run has read blocks for this long (0: at the first block).
   */
  constructor(
    private readonly sources: CatalogueSources,
    threads: number,
    private readonly afterMs = PARALLEL_AFTER_MS,
    private readonly workerFile = join(__dirname, 'blockWorker.js'),
  ) {
    this.workers = Math.max(1, threads - 1);
    // Blocks the main thread read while a worker's block was out wait to be applied: only their matches
    // are kept (the bytes are gone), so many may wait, and a worker slow on its first block (up to ~0.7 s)
    // never stalls the main thread.
    this.capacity = WAITING_BLOCKS;
  }

  wants(): boolean {
    if (!this.started) {
      this.firstAsked ??= performance.now();
      if (performance.now() - this.firstAsked < this.afterMs) return false;
      this.start();
    }
    return this.slots.some((s) => s.busy < (s.warm ? PER_WORKER : 1));
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    for (let i = 0; i < this.workers; i++) {
      const slot: Slot = { worker: new Worker(this.workerFile), busy: 0, warm: false };
      slot.worker.on('message', (m: FromBlockWorker) => this.answer(m));
      slot.worker.on('error', (err) => this.fail(slot, err));
      slot.worker.on('exit', (code) => this.fail(slot, new Error(`block worker exited with code ${code}`)));
      slot.worker.postMessage({ type: 'catalogue', sources: this.sources } satisfies ToBlockWorker);
      this.slots.push(slot);
    }
  }

  run(block: Uint8Array, job: BlockJob): Promise<RecordedBlock> {
    this.start();
    if (this.slots.length === 0) return Promise.reject(this.lastError ?? new Error('block workers closed'));
    const free = this.slots.filter((s) => s.busy < (s.warm ? PER_WORKER : 1));
    const slot = (free.length ? free : this.slots).reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { slot, resolve, reject });
      slot.worker.postMessage({ type: 'block', id, bytes: block, job } satisfies ToBlockWorker, [block.buffer as ArrayBuffer]);
    });
  }

  /** Stop the workers (blocks still out are failed). */
  async close(): Promise<void> {
    const slots = this.slots;
    this.slots = [];
    for (const s of slots) s.worker.removeAllListeners('exit');
    await Promise.all(slots.map((s) => s.worker.terminate()));
    for (const [id, call] of this.calls) {
      this.calls.delete(id);
      call.reject(new Error('block workers closed'));
    }
  }

  private answer(m: FromBlockWorker): void {
    const call = this.calls.get(m.id);
    if (!call) return;
    this.calls.delete(m.id);
    call.slot.busy--;
    call.slot.warm = true;
    // The main thread's record, so the input's notice tells of them as of faults met here.
    if (m.faults) addGrammarFaults(m.faults);
    if (m.error !== undefined) call.reject(new Error(m.error));
    else call.resolve(m.result);
  }

  /** A worker died: its blocks fail (the run reports the error for the input being read). */
  private fail(slot: Slot, err: Error): void {
    this.lastError = err;
    for (const [id, call] of this.calls) {
      if (call.slot !== slot) continue;
      this.calls.delete(id);
      call.reject(err);
    }
    this.slots = this.slots.filter((s) => s !== slot);
  }
}
