/**
 * Reads one input as a stream of byte chunks with bounded memory: decodes it (UTF-16 and Latin-1 to
 * UTF-8), cuts it into blocks at line ends and hands each block to {@link analyzeBlock}, here or, through
 * a {@link BlockRunner}, on other threads. Blocks are independent, so results that come back out of order
 * are applied in input order: the sink, the segments and the notices are as one thread would make them.
 */
import type { InputNotice, InputSummary, LogKind, Segment } from '../../model';
import type { Catalogue } from '../catalogue/catalogue';
import { ByteDecoder } from '../input/decode';
import { analyzeBlock, appendSegment, blockLineCount, MAX_LINE_CHARS, type BlockJob, type BlockResult } from './blockAnalysis';
import { RecordingSink, replay, type MatchSink, type SinkRecord } from './sink';

export { HIT_CONTEXT_LINES } from './blockAnalysis';

/** Options for reading an input. */
export interface InputOptions {
  /** Force a kind instead of detecting it. */
  kind?: LogKind;
  /** Year for formats without one (the adapter derives it from the file's time or today). */
  defaultYear: number;
  /** Zone offset in minutes for formats without a zone. */
  defaultZoneOffsetMinutes?: number;
  /** Block size in bytes (tests use small ones). */
  blockSize?: number;
  /** The bytes are a string's UTF-8 (an editor's document, a paste): decoded already, so no encoding is guessed. */
  text?: boolean;
  /** Reads blocks elsewhere (worker threads); without one every block is read here, as it comes. */
  runner?: BlockRunner;
}

/** A block's result with its matches recorded, as a runner returns it. */
export interface RecordedBlock extends BlockResult {
  records: SinkRecord[];
}

/**
 * Reads blocks away from the caller's thread. The engine stays free of threads: an adapter (the CLI's
 * worker pool) implements this, and any implementation gives the same diagnosis as reading in place.
 */
export interface BlockRunner {
  /**
   * Whether to hand over the next block: false while the runner has no room (or is not worth starting
   * yet), and the reader reads that block itself (the caller's thread is one of the readers).
   */
  wants(): boolean;
  /** Read one block (its bytes are the runner's to keep or transfer). */
  run(block: Uint8Array, job: BlockJob): Promise<RecordedBlock>;
  /** Blocks read and not yet applied at most (bounds memory): the reader waits beyond it. */
  readonly capacity: number;
}

/** Default block: large enough to amortise, small enough to bound memory. */
export const DEFAULT_BLOCK_SIZE = 1024 * 1024;
/** Bytes of one line held while waiting for its end; past this the line is read so far and the rest skipped to its end. */
const MAX_LINE_BYTES = MAX_LINE_CHARS * 4;
/** Streams one input. */
export class InputAnalyzer {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private readonly decoder: ByteDecoder;
  /** Inside a line longer than {@link MAX_LINE_BYTES} whose head was read: its bytes up to its LF are skipped. */
  private skippingLine = false;
  private lineBase = 0; // lines fully processed before the current block
  private bytesRead = 0;
  private readonly segments: Segment[] = [];
  private readonly notices: InputNotice[] = [];
  /** Notices given once per input that were given. */
  private readonly seen = new Set<string>();
  private readonly blockSize: number;
  /** Application of the blocks handed over, in order; resolves when the last is applied. */
  private applied: Promise<void> = Promise.resolve();
  /** One promise per block handed over and not yet applied, oldest first. */
  private readonly waiting: Promise<void>[] = [];
  /** The first error of a block read elsewhere. */
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly sink: MatchSink,
    private readonly input: number,
    private readonly name: string,
    private readonly options: InputOptions,
  ) {
    this.blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
    this.decoder = new ByteDecoder(options.text);
  }

  /** Feed the next chunk of bytes. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.bytesRead += chunk.length;
    this.take(this.decoder.push(chunk));
  }

  /** Queue decoded bytes, dropping the rest of an overlong line. */
  private take(bytes: Uint8Array): void {
    if (this.skippingLine) {
      const lf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(10);
      if (lf < 0) return;
      this.skippingLine = false;
      bytes = bytes.subarray(lf + 1);
    }
    if (bytes.length === 0) return;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= this.blockSize) this.drain(false);
  }

  /**
   * Resolves when the reader can take more bytes: a runner has at most its capacity of blocks out.
   * Undefined when it can take them now. Throws the failure of a block read elsewhere.
   */
  ready(): Promise<void> | undefined {
    this.throwFailure();
    const cap = this.options.runner?.capacity ?? Infinity;
    if (this.waiting.length < cap) return undefined;
    return this.waiting[this.waiting.length - cap].then(() => this.throwFailure());
  }

  /** No more bytes: process the rest and summarise. Only for a reader without blocks out (no runner): see {@link endAsync}. */
  end(): InputSummary {
    this.flush();
    if (this.waiting.length > 0) throw new Error('InputAnalyzer.end() with blocks still being read: use endAsync()');
    return this.summary();
  }

  /** No more bytes: process the rest, wait for the blocks still out, and summarise. */
  async endAsync(): Promise<InputSummary> {
    this.flush();
    await this.applied;
    this.throwFailure();
    return this.summary();
  }

  private flush(): void {
    this.take(this.decoder.end());
    this.notices.unshift(...this.decoder.notices);
    this.drain(true);
    if (this.bytesRead === 0) this.notices.push({ level: 'info', message: 'empty input' });
  }

  private summary(): InputSummary {
    const kinds: LogKind[] = [];
    for (const s of this.segments) if (!kinds.includes(s.kind)) kinds.push(s.kind);
    return { name: this.name, bytes: this.bytesRead, lines: this.lineBase, segments: this.segments, kinds, notices: this.notices };
  }

  private throwFailure(): void {
    if (this.failure !== undefined) throw this.failure.error;
  }

  private drain(final: boolean): void {
    if (this.pendingBytes === 0) return;
    const all = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    const buf = Buffer.from(all.buffer, all.byteOffset, all.byteLength);
    let cut = final ? buf.length : buf.lastIndexOf(10) + 1;
    if (cut === 0) {
      // One line longer than a block: keep reading until it ends, up to a bound; then read it so far
      // as its one line and skip the rest of it, so the lines after it keep their numbers.
      if (buf.length < MAX_LINE_BYTES) {
        this.pending = [buf];
        return;
      }
      cut = buf.length;
      this.skippingLine = true;
    }
    const block = buf.subarray(0, cut);
    const rest = buf.subarray(cut);
    this.pending = rest.length ? [Buffer.from(rest)] : [];
    this.pendingBytes = rest.length;
    this.processBlock(block);
  }

  /** Read a block: here and now, or through the runner with its result applied in turn. */
  private processBlock(block: Buffer): void {
    const job: BlockJob = {
      input: this.input,
      lineBase: this.lineBase,
      defaultYear: this.options.defaultYear,
      defaultZoneOffsetMinutes: this.options.defaultZoneOffsetMinutes ?? 0,
      ...(this.options.kind ? { kind: this.options.kind } : {}),
    };
    const runner = this.options.runner;
    if (runner?.wants()) {
      this.lineBase += blockLineCount(block);
      // Its own copy: the runner may transfer it, and `block` is a view of the reader's buffer.
      this.enqueue(runner.run(Uint8Array.prototype.slice.call(block), job));
    } else if (this.waiting.length > 0) {
      // Blocks before this one are still out: record its matches, to apply after theirs.
      const recorder = new RecordingSink();
      const result = analyzeBlock(this.catalogue, block, job, recorder);
      this.lineBase += result.lines;
      this.enqueue(Promise.resolve({ ...result, records: recorder.records }));
    } else {
      const result = analyzeBlock(this.catalogue, block, job, this.sink);
      this.lineBase += result.lines;
      this.apply(result);
    }
  }

  /** Apply `result` after the blocks before it, in input order. */
  private enqueue(result: Promise<RecordedBlock>): void {
    // Handled now (a block may fail before the ones ahead of it are applied); the chain below reads it.
    result.catch(() => undefined);
    const applied = this.applied
      .then(() => result)
      .then((r) => {
        if (this.failure !== undefined) return;
        replay(r.records, this.sink);
        this.apply(r);
      })
      .catch((err: unknown) => {
        this.failure ??= { error: err };
      })
      .then(() => {
        this.waiting.shift();
      });
    this.applied = applied;
    this.waiting.push(applied);
  }

  /** A block's segments and notices, merged into the input's. */
  private apply(r: BlockResult): void {
    for (const n of r.notices) {
      if (this.seen.has(n.once)) continue;
      this.seen.add(n.once);
      const { once: _, ...notice } = n;
      this.notices.push(notice);
    }
    for (const seg of r.segments) appendSegment(this.segments, seg);
  }
}
