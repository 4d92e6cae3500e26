/**
 * The CLI's block readers on other cores: a pool of worker threads, each holding the run's catalogue,
 * that reads the blocks of large inputs while the main thread reads the files and applies the results
 * in input order ({@link BlockRunner}). The diagnosis is the same as with one thread (tested).
 *
 * Why worker threads and not a process per file: blocks of one file are independent, so one large log
 * (the common case in an incident) uses every core; a worker shares the process's memory accounting
 * and starts in ~60 ms (the bundle and the compiled catalogue), less than a child process.
 */
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BlockJob, BlockRunner, RecordedBlock } from '../core';
import type { CatalogueSources } from './compiledCatalogue';

/** Messages to a block worker. */
export type ToBlockWorker =
  | { type: 'catalogue'; sources: CatalogueSources }
  | { type: 'block'; id: number; bytes: Uint8Array; job: BlockJob };
/** A block worker's reply: the block's result, or the error it met. */
export type FromBlockWorker = { id: number; result: RecordedBlock; error?: undefined } | { id: number; error: string; result?: undefined };

/** Inputs smaller than this are read in the main thread: starting workers would cost more than they save. */
export const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;

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

interface Slot {
  worker: Worker;
  /** Blocks sent and not answered. */
  busy: number;
}

/**
 * A pool of block workers, started on first use. The main thread is one of the readers: a block comes
 * here only while a worker has room, and the main thread reads the others itself, so `threads` threads
 * share the work and none waits on another (two threads on two cores, not three).
 */
export class BlockWorkers implements BlockRunner {
  readonly capacity: number;
  private inFlight = 0;
  private slots: Slot[] = [];
  private readonly calls = new Map<number, { slot: Slot; resolve: (r: RecordedBlock) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private started = false;
  /** Why the last worker that died died. */
  private lastError: Error | undefined;

  private readonly workers: number;

  /**
   * @param threads threads reading blocks, the main one included (at least 2: with 1 no pool is made).
   * @param minBytes an input hands its blocks over once it has read this much (a small one never does).
   */
  constructor(private readonly sources: CatalogueSources, threads: number, private readonly minBytes = PARALLEL_MIN_BYTES, private readonly workerFile = join(__dirname, 'blockWorker.js')) {
    this.workers = Math.max(1, threads - 1);
    // The workers' blocks plus those the main thread read meanwhile, waiting for them to be applied.
    this.capacity = this.workers * PER_WORKER * 4;
  }

  wants(bytesRead: number): boolean {
    if (!this.started && bytesRead < this.minBytes) return false;
    return this.inFlight < this.workers * PER_WORKER;
  }

  /** Start the workers now (when the inputs are known to be large), so they boot while the first blocks are read. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (let i = 0; i < this.workers; i++) {
      const slot: Slot = { worker: new Worker(this.workerFile), busy: 0 };
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
    const slot = this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    slot.busy++;
    this.inFlight++;
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
      this.inFlight--;
      call.reject(new Error('block workers closed'));
    }
  }

  private answer(m: FromBlockWorker): void {
    const call = this.calls.get(m.id);
    if (!call) return;
    this.calls.delete(m.id);
    call.slot.busy--;
    this.inFlight--;
    if (m.error !== undefined) call.reject(new Error(m.error));
    else call.resolve(m.result);
  }

  /** A worker died: its blocks fail (the run reports the error for the input being read). */
  private fail(slot: Slot, err: Error): void {
    this.lastError = err;
    for (const [id, call] of this.calls) {
      if (call.slot !== slot) continue;
      this.calls.delete(id);
      this.inFlight--;
      call.reject(err);
    }
    this.slots = this.slots.filter((s) => s !== slot);
  }
}
