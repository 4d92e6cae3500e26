/**
 * Reads one input as a stream of byte chunks with bounded memory. Bytes are cut into blocks at line
 * ends. A block whose sampled lines are all of one kind takes the fast path: the prefilter scans the
 * raw bytes and only the events around hit lines are decoded, parsed and verified. A mixed block (a
 * pasted describe, then a journal, then a console) or a catalogue with literal-free rules takes the
 * full path: every line is decoded, segmented and parsed.
 */
import type { InputNotice, InputSummary, LogEvent, LogFormat, LogKind, ParseContext, Segment } from '../../model';
import { severityRank } from '../../model';
import { ALL_FORMATS, formatFor } from '../../../grammars';
import { assembleEvents, MAX_CONTINUATION_LINES } from '../../../grammars/common/assemble';
import type { Catalogue } from '../catalogue/catalogue';
import { decodeLine, inspectChunk, prepareBytes } from '../input/decode';
import { excluded, matchStep, toOccurrence } from '../match/verify';
import { segmentLines } from '../segment/segmenter';
import type { MatchSink } from './sink';

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
}

/** Default block: large enough to amortise, small enough to bound memory. */
export const DEFAULT_BLOCK_SIZE = 4 * 1024 * 1024;
const SAMPLE_LINES = 64;
/** Longest line decoded in full; longer ones are cut here and a notice says so. */
export const MAX_LINE_CHARS = 1_048_576;
const ERROR_WORD_RE = /\b(error|err|fail(ed|ure|s)?|fatal|panic|exception|refused|timed out|timeout|denied|unable to|cannot|can't|could not|killed)\b/i;

/** Is an event error-level enough to cluster when nothing matched it? */
export function isErrorLevel(e: LogEvent): boolean {
  if (e.severity !== undefined) return severityRank(e.severity) >= severityRank('error') || (e.severity === 'warning' && ERROR_WORD_RE.test(e.message));
  return ERROR_WORD_RE.test(e.message.length > 4096 ? e.message.slice(0, 4096) : e.message);
}

/** Streams one input. */
export class InputAnalyzer {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private started = false;
  private lineBase = 0; // lines fully processed before the current block
  private bytesRead = 0;
  private readonly segments: Segment[] = [];
  private readonly notices: InputNotice[] = [];
  private readonly seen = { binary: false, invalid: false, longLine: false };
  private readonly ctx: ParseContext;
  private readonly blockSize: number;
  private readonly stages: string[] = [];

  constructor(
    private readonly catalogue: Catalogue,
    private readonly sink: MatchSink,
    private readonly input: number,
    private readonly name: string,
    private readonly options: InputOptions,
  ) {
    this.ctx = { defaultYear: options.defaultYear, defaultZoneOffsetMinutes: options.defaultZoneOffsetMinutes ?? 0, state: {} };
    this.blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
  }

  /** Feed the next chunk of bytes. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.bytesRead += chunk.length;
    if (!this.started) {
      this.started = true;
      const prepared = prepareBytes(chunk);
      this.notices.push(...prepared.notices);
      chunk = prepared.bytes;
    }
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= this.blockSize) this.drain(false);
  }

  /** No more bytes: process the rest and summarise. */
  end(): InputSummary {
    this.drain(true);
    if (this.bytesRead === 0) this.notices.push({ level: 'info', message: 'empty input' });
    const kinds: LogKind[] = [];
    for (const s of this.segments) if (!kinds.includes(s.kind)) kinds.push(s.kind);
    return { name: this.name, bytes: this.bytesRead, lines: this.lineBase, segments: this.segments, kinds, notices: this.notices };
  }

  private drain(final: boolean): void {
    if (this.pendingBytes === 0) return;
    const all = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    const buf = Buffer.from(all.buffer, all.byteOffset, all.byteLength);
    let cut = final ? buf.length : buf.lastIndexOf(10) + 1;
    if (cut === 0) {
      // One line longer than a block: keep reading until it ends (cap what is decoded).
      if (buf.length < MAX_LINE_CHARS * 4) { this.pending = [buf]; return; }
      cut = buf.length;
    }
    const block = buf.subarray(0, cut);
    const rest = buf.subarray(cut);
    this.pending = rest.length ? [Buffer.from(rest)] : [];
    this.pendingBytes = rest.length;
    this.processBlock(block);
  }

  private lineStarts(block: Buffer): number[] {
    const starts = [0];
    let p = block.indexOf(10);
    while (p >= 0 && p + 1 < block.length) { starts.push(p + 1); p = block.indexOf(10, p + 1); }
    return starts;
  }

  private decode(block: Buffer, starts: number[], i: number): string {
    const start = starts[i];
    let end = i + 1 < starts.length ? starts[i + 1] - 1 : block.length;
    if (end > start && block[end - 1] === 10) end--;
    if (end - start > MAX_LINE_CHARS) {
      if (!this.seen.longLine) {
        this.seen.longLine = true;
        this.notices.push({ level: 'warning', message: `line longer than ${MAX_LINE_CHARS} bytes: only its first ${MAX_LINE_CHARS} bytes are read`, line: this.lineBase + i + 1 });
      }
      end = start + MAX_LINE_CHARS;
    }
    return decodeLine(block, start, end);
  }

  private processBlock(block: Buffer): void {
    this.notices.push(...inspectChunk(block, this.lineBase + 1, this.seen));
    const starts = this.lineStarts(block);
    const kind = this.options.kind ?? this.homogeneousKind(block, starts);
    if (kind !== undefined && this.catalogue.unfiltered.length === 0) this.fastPath(block, starts, kind);
    else this.fullPath(block, starts);
    this.lineBase += starts.length;
  }

  /** The one kind of a block if its sampled lines agree, else undefined. */
  private homogeneousKind(block: Buffer, starts: number[]): LogKind | undefined {
    if (starts.length <= SAMPLE_LINES * 2) return undefined; // small: read it fully
    const step = Math.max(1, Math.floor(starts.length / SAMPLE_LINES));
    const sample: string[] = [];
    for (let i = 0; i < starts.length; i += step) sample.push(this.decode(block, starts, i).slice(0, 512));
    const segs = segmentLines(sample);
    return segs.length === 1 ? segs[0].kind : undefined;
  }

  private addSegment(kind: LogKind, startLine: number, endLine: number): void {
    const last = this.segments[this.segments.length - 1];
    if (last && last.kind === kind && last.endLine + 1 >= startLine) last.endLine = endLine;
    else this.segments.push({ kind, startLine, endLine });
  }

  private fullPath(block: Buffer, starts: number[]): void {
    const lines: string[] = new Array(starts.length);
    for (let i = 0; i < starts.length; i++) lines[i] = this.decode(block, starts, i);
    const segs = segmentLines(lines, this.options.kind, this.lineBase + 1);
    const events: LogEvent[] = [];
    for (const s of segs) {
      this.addSegment(s.kind, s.startLine, s.endLine);
      const fmt = formatFor(s.kind);
      this.ctx.state = {};
      events.push(...assembleEvents(lines.slice(s.startLine - this.lineBase - 1, s.endLine - this.lineBase), fmt, this.ctx, this.input, s.startLine));
      this.collectStages(events, s);
    }
    // Line (block-relative) -> event index.
    const eventOfLine = new Int32Array(starts.length);
    events.forEach((e, idx) => { for (let l = e.line; l <= e.endLine; l++) eventOfLine[l - this.lineBase - 1] = idx; });
    const candidates = new Map<number, Set<number>>();
    const errorEvents = new Set<number>();
    this.scanHits(block, starts, (lineIdx, literalIds) => {
      const ev = eventOfLine[lineIdx];
      this.addCandidates(candidates, errorEvents, ev, literalIds);
    });
    events.forEach((e, idx) => {
      if (e.severity !== undefined && severityRank(e.severity) >= severityRank('error')) errorEvents.add(idx);
    });
    this.verifyEvents(events, candidates, errorEvents, true);
  }

  private fastPath(block: Buffer, starts: number[], kind: LogKind): void {
    const first = this.lineBase + 1;
    this.addSegment(kind, first, this.lineBase + starts.length);
    const fmt = this.cachingFormat(formatFor(kind));
    const hitLines = new Map<number, Set<number>>();
    this.scanHits(block, starts, (lineIdx, ids) => {
      let set = hitLines.get(lineIdx);
      if (!set) hitLines.set(lineIdx, (set = new Set()));
      for (const id of ids) set.add(id);
    });
    let coveredUntil = -1;
    const events: LogEvent[] = [];
    const candidates = new Map<number, Set<number>>();
    const errorEvents = new Set<number>();
    for (const [lineIdx, ids] of hitLines) {
      if (lineIdx <= coveredUntil) {
        this.addCandidates(candidates, errorEvents, events.length - 1, ids);
        continue;
      }
      const ev = this.eventAround(block, starts, lineIdx, fmt);
      coveredUntil = ev.endLine - first;
      events.push(ev);
      this.addCandidates(candidates, errorEvents, events.length - 1, ids);
    }
    this.verifyEvents(events, candidates, errorEvents, false);
  }

  /**
   * The grammar with its parseHead results remembered per line text for this block, so the line
   * probed as a continuation, then assembled, is parsed once.
   */
  private cachingFormat(fmt: LogFormat): LogFormat {
    const cache = new Map<string, ReturnType<LogFormat['parseHead']>>();
    return {
      ...fmt,
      parseHead: (line, ctx) => {
        let head = cache.get(line);
        if (head === undefined && !cache.has(line)) {
          head = fmt.parseHead(line, ctx);
          if (cache.size > 4096) cache.clear();
          cache.set(line, head);
        }
        return head ? { ...head, refs: head.refs ? { ...head.refs } : undefined } : head ?? null;
      },
    };
  }

  /** The event holding block line `idx`: back to its header, forward over its continuations. */
  private eventAround(block: Buffer, starts: number[], idx: number, fmt: LogFormat): LogEvent {
    let head = idx;
    const lookBack = Math.min(MAX_CONTINUATION_LINES, 50);
    for (let k = idx; k >= 0 && idx - k <= lookBack; k--) {
      head = k;
      if (fmt.parseHead(this.decode(block, starts, k), this.ctx) !== null) break;
    }
    let end = idx;
    while (end + 1 < starts.length && end - head < MAX_CONTINUATION_LINES && fmt.parseHead(this.decode(block, starts, end + 1), this.ctx) === null && !fmt.startsOwnEvent?.(this.decode(block, starts, end + 1))) end++;
    const lines: string[] = [];
    for (let k = head; k <= end; k++) lines.push(this.decode(block, starts, k));
    const evs = assembleEvents(lines, fmt, this.ctx, this.input, this.lineBase + head + 1);
    return evs.find((e) => e.line <= this.lineBase + idx + 1 && e.endLine >= this.lineBase + idx + 1) ?? evs[evs.length - 1];
  }

  private scanHits(block: Buffer, starts: number[], onLine: (lineIdx: number, ids: Int32Array) => void): void {
    let line = 0;
    this.catalogue.prefilter.scan(block, (pos, ids) => {
      while (line + 1 < starts.length && starts[line + 1] <= pos) line++;
      onLine(line, ids);
    });
  }

  private addCandidates(candidates: Map<number, Set<number>>, errorEvents: Set<number>, ev: number, ids: Iterable<number>): void {
    let set = candidates.get(ev);
    for (const id of ids) {
      if (this.catalogue.errorLiteralIds.has(id)) errorEvents.add(ev);
      const steps = this.catalogue.literalSteps[id];
      if (steps.length === 0) continue;
      if (!set) candidates.set(ev, (set = new Set()));
      set.add(id);
    }
  }

  private verifyEvents(events: LogEvent[], candidates: Map<number, Set<number>>, errorEvents: Set<number>, allEvents: boolean): void {
    const cat = this.catalogue;
    const order = allEvents ? events.map((_, i) => i) : [...new Set([...candidates.keys(), ...errorEvents])].sort((a, b) => a - b);
    for (const idx of order) {
      const event = events[idx];
      const tried = new Set<string>();
      const matchedSigs = new Set<number>();
      const refs = [...(candidates.get(idx) ?? [])].flatMap((id) => cat.literalSteps[id]).concat(cat.unfiltered);
      for (const ref of refs) {
        const key = `${ref.sig}.${ref.rule}.${ref.step}`;
        if (tried.has(key)) continue;
        tried.add(key);
        const cs = cat.signatures[ref.sig];
        const step = cs.match[ref.rule].steps[ref.step];
        const caps = matchStep(cs, step, event);
        if (!caps || excluded(cs, event)) continue;
        matchedSigs.add(ref.sig);
        this.sink.onStepMatch(ref.sig, ref.rule, ref.step, toOccurrence(event, caps));
      }
      if (matchedSigs.size === 0 && errorEvents.has(idx) && isErrorLevel(event)) this.sink.onUnknownError(event);
    }
  }

  private collectStages(events: LogEvent[], seg: Segment): void {
    if (seg.kind !== 'jenkins') return;
    const stages: string[] = [];
    for (const e of events) {
      const st = e.refs.stage;
      if (st && e.line >= seg.startLine && !stages.includes(st)) stages.push(st);
    }
    const target = this.segments[this.segments.length - 1];
    if (stages.length) target.stages = [...new Set([...(target.stages ?? []), ...stages])];
    void this.stages;
  }
}

/** The formats, for adapters that want to list them. */
export const KNOWN_FORMATS: readonly LogFormat[] = ALL_FORMATS;
