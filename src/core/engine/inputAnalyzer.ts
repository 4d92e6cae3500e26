/**
 * Reads one input as a stream of byte chunks with bounded memory. Bytes are cut into blocks at line
 * ends. A block whose sampled lines are all of one kind takes the fast path: the prefilter scans the
 * raw bytes and only the events around hit lines are decoded, parsed and verified. A mixed block (a
 * pasted describe, then a journal, then a console) or a catalogue with literal-free rules takes the
 * full path: every line is decoded, segmented and parsed.
 */
import type { InputNotice, InputSummary, LogEvent, LogFormat, LogKind, ParseContext, Segment } from '../../model';
import { severityRank } from '../../model';
import { formatFor } from '../../../grammars';
import { assembleEvents } from '../../../grammars/common/assemble';
import { promptCommand } from '../../../grammars/common/shellPrompt';
import type { Catalogue, StepRef } from '../catalogue/catalogue';
import { ByteDecoder, decodeLine, inspectChunk } from '../input/decode';
import { excluded, matchStep, toOccurrence } from '../match/verify';
import { rememberingDetect, segmentLines, segmentSampled, strongKind, type BlockSegment } from '../segment/segmenter';
import { loudOffsets, saysQuiet } from './quickSeverity';
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
  /** The bytes are a string's UTF-8 (an editor's document, a paste): decoded already, so no encoding is guessed. */
  text?: boolean;
}

/** Default block: large enough to amortise, small enough to bound memory. */
export const DEFAULT_BLOCK_SIZE = 1024 * 1024;
/** Blocks with at most this many lines are segmented line by line (exact); larger ones by sampling. */
const FULL_SEGMENTATION_LINES = 4_000;
/** How far back from a hit line its event's header is looked for (stack traces, wrapped text). */
const LOOK_BACK_LINES = 30;
/** How far past a hit line its continuation lines are followed. */
const LOOK_AHEAD_LINES = 60;
/** The window around a candidate line whose segments are detected exactly. */
const LOCAL_WINDOW_BEFORE = 60;
const LOCAL_WINDOW_AFTER = 5;

/** Block line holding byte position `pos`. */
function lineIndexAt(starts: number[], pos: number): number {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= pos) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** Decoded lines of a block, decoded once and only when asked for. */
class LineCache {
  private readonly cache = new Map<number, string>();
  constructor(private readonly block: Buffer, private readonly starts: number[], private readonly decodeAt: (b: Buffer, s: number[], i: number) => string) {}
  get(i: number): string {
    let l = this.cache.get(i);
    if (l === undefined) {
      l = this.decodeAt(this.block, this.starts, i);
      this.cache.set(i, l);
    }
    return l;
  }
}
/** Longest line decoded in full; longer ones are cut here and a notice says so. */
export const MAX_LINE_CHARS = 1_048_576;
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
  private readonly seen = { binary: false, invalid: false, longLine: false };
  private readonly ctx: ParseContext;
  private readonly blockSize: number;
  /** The formats with detection remembered for the current block's local segmentations. */
  private localFormats: LogFormat[] | undefined;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly sink: MatchSink,
    private readonly input: number,
    private readonly name: string,
    private readonly options: InputOptions,
  ) {
    this.ctx = { defaultYear: options.defaultYear, defaultZoneOffsetMinutes: options.defaultZoneOffsetMinutes ?? 0, state: {} };
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

  /** No more bytes: process the rest and summarise. */
  end(): InputSummary {
    this.take(this.decoder.end());
    this.notices.unshift(...this.decoder.notices);
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
      // One line longer than a block: keep reading until it ends, up to a bound; then read it so far
      // as its one line and skip the rest of it, so the lines after it keep their numbers.
      if (buf.length < MAX_LINE_BYTES) { this.pending = [buf]; return; }
      cut = buf.length;
      this.skippingLine = true;
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
    const lines = new LineCache(block, starts, (b, st, i) => this.decode(b, st, i));
    this.localFormats = undefined;
    const segments = this.segmentsOf(starts.length, lines);
    const hits = this.scanHits(block, starts);
    for (const seg of segments) {
      this.addSegment(seg.kind, this.lineBase + seg.start + 1, this.lineBase + seg.end);
      const fmt = formatFor(seg.kind);
      this.ctx.state = {};
      if (fmt.stateful || this.catalogue.unfiltered.length > 0) this.fullPath(lines, seg, fmt, hits);
      else this.fastPath(block, starts, lines, seg, fmt, hits);
    }
    this.lineBase += starts.length;
  }

  /** Segments of the block, block-relative: exact for small blocks, sampled for large ones. */
  private segmentsOf(count: number, lines: LineCache): BlockSegment[] {
    if (this.options.kind) return [{ kind: this.options.kind, start: 0, end: count }];
    if (count <= FULL_SEGMENTATION_LINES) {
      const all: string[] = [];
      for (let i = 0; i < count; i++) all.push(lines.get(i));
      return segmentLines(all, undefined, 1).map((s) => ({ kind: s.kind, start: s.startLine - 1, end: s.endLine }));
    }
    return segmentSampled(count, (i) => lines.get(i).slice(0, 512));
  }

  private addSegment(kind: LogKind, startLine: number, endLine: number): void {
    const last = this.segments[this.segments.length - 1];
    if (last && last.kind === kind && last.endLine + 1 >= startLine) last.endLine = endLine;
    else this.segments.push({ kind, startLine, endLine });
  }

  /** Every line of the segment parsed (stateful kinds, or a catalogue with literal-free rules). */
  private fullPath(lines: LineCache, seg: BlockSegment, fmt: LogFormat, hits: Map<number, number[]>): void {
    const text: string[] = [];
    for (let i = seg.start; i < seg.end; i++) text.push(lines.get(i));
    const events = assembleEvents(text, fmt, this.ctx, this.input, this.lineBase + seg.start + 1);
    this.collectStages(events);
    const eventOfLine = new Int32Array(seg.end - seg.start);
    events.forEach((e, idx) => { for (let l = e.line; l <= e.endLine; l++) eventOfLine[l - this.lineBase - 1 - seg.start] = idx; });
    const candidates = new Map<number, Set<number>>();
    const errorEvents = new Set<number>();
    for (const [lineIdx, ids] of hits) {
      if (lineIdx >= seg.start && lineIdx < seg.end) this.addCandidates(candidates, errorEvents, eventOfLine[lineIdx - seg.start], ids);
    }
    events.forEach((e, idx) => {
      if (e.severity !== undefined && severityRank(e.severity) >= severityRank('error')) errorEvents.add(idx);
    });
    this.verifyEvents(events, candidates, errorEvents, this.catalogue.unfiltered.length > 0);
  }

  /**
   * Only the events around hit lines are parsed; lines holding the grammar's context markers are
   * parsed in order too, so state such as the Jenkins stage stays right. A hit line that is
   * unmistakably of another kind (a short foreign run inside a large segment) is read with that kind.
   */
  private fastPath(block: Buffer, starts: number[], lines: LineCache, seg: BlockSegment, baseFmt: LogFormat, hits: Map<number, number[]>): void {
    const fmt = this.cachingFormat(baseFmt);
    const todo: number[] = [];
    for (const lineIdx of hits.keys()) if (lineIdx >= seg.start && lineIdx < seg.end) todo.push(lineIdx);
    const context = new Set<number>();
    const from = starts[seg.start];
    const to = seg.end < starts.length ? starts[seg.end] : block.length;
    for (const marker of baseFmt.contextMarkers ?? []) {
      for (let p = block.indexOf(marker, from); p >= 0 && p < to; p = block.indexOf(marker, p + marker.length)) {
        context.add(lineIndexAt(starts, p));
      }
    }
    for (const c of context) if (!hits.has(c)) todo.push(c);
    // Lines whose klog header says error are read even without a prefilter hit (no error word).
    const loud = new Set<number>();
    for (const off of loudOffsets(block, from, to)) loud.add(lineIndexAt(starts, off));
    for (const l of loud) if (!hits.has(l) && !context.has(l)) todo.push(l);
    todo.sort((a, b) => a - b);
    let coveredUntil = -1;
    const events: LogEvent[] = [];
    const candidates = new Map<number, Set<number>>();
    const errorEvents = new Set<number>();
    for (const lineIdx of todo) {
      const ids = hits.get(lineIdx) ?? (loud.has(lineIdx) ? [] : undefined);
      if (!ids) {
        const head = fmt.parseHead(lines.get(lineIdx), this.ctx);
        if (head?.refs?.stage) this.noteStage(head.refs.stage);
        continue;
      }
      if (lineIdx <= coveredUntil) {
        this.addCandidates(candidates, errorEvents, events.length - 1, ids);
        continue;
      }
      // Parse a line only when a rule can match it, or when it is an error worth clustering.
      const raw = lines.get(lineIdx);
      if (!loud.has(lineIdx) && !this.mayMatch(ids, raw) && (!this.hasErrorWord(ids) || saysQuiet(raw))) continue;
      const local = strongKind(raw.slice(0, 512)) === baseFmt.kind ? seg : this.localSegment(lines, seg, lineIdx);
      const ev = local.kind === baseFmt.kind ? this.eventAround(lines, seg, lineIdx, fmt) : this.eventInLocalSegment(lines, local, lineIdx);
      coveredUntil = ev.endLine - this.lineBase - 1;
      events.push(ev);
      this.addCandidates(candidates, errorEvents, events.length - 1, ids);
      if (loud.has(lineIdx)) errorEvents.add(events.length - 1);
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

  /**
   * The event holding block line `idx`. A hit line that is a header starts its event; otherwise its
   * header is looked for a few lines back (a stack frame, a wrapped message); a line with no header
   * near is an event of its own. Continuations are followed forward a bounded number of lines.
   */
  private eventAround(lines: LineCache, seg: BlockSegment, idx: number, fmt: LogFormat): LogEvent {
    let head = idx;
    const own = fmt.parseHead(lines.get(idx), this.ctx);
    if (own === null || own.continuation) {
      // Back to the line that starts the event: a header that is not itself the next entry of a multi-line message.
      for (let k = idx - 1; k >= seg.start && idx - k <= LOOK_BACK_LINES; k--) {
        const h = fmt.parseHead(lines.get(k), this.ctx);
        if (h !== null) head = k;
        if (h !== null && !h.continuation) break;
      }
    }
    let end = idx;
    while (end + 1 < seg.end && end - idx < LOOK_AHEAD_LINES) {
      const next = lines.get(end + 1);
      const h = fmt.parseHead(next, this.ctx);
      // assembleEvents decides whether a line shaped like a continuation really is one.
      if (h !== null ? !h.continuation : fmt.startsOwnEvent?.(next) || strongKind(next.slice(0, 512)) !== undefined || promptCommand(next) !== undefined) break;
      end++;
    }
    const text: string[] = [];
    for (let k = head; k <= end; k++) text.push(lines.get(k));
    const evs = assembleEvents(text, fmt, this.ctx, this.input, this.lineBase + head + 1);
    this.collectStages(evs);
    const line = this.lineBase + idx + 1;
    return evs.find((e) => e.line <= line && e.endLine >= line) ?? evs[evs.length - 1];
  }

  /**
   * The exact segment around a candidate line, from a window of lines: a short run of another kind
   * (a `kubectl get events` table between two journal samples) that sampling could not see.
   */
  private localSegment(lines: LineCache, seg: BlockSegment, idx: number): BlockSegment {
    const from = Math.max(seg.start, idx - LOCAL_WINDOW_BEFORE);
    const to = Math.min(seg.end, idx + LOCAL_WINDOW_AFTER + 1);
    const window: string[] = [];
    for (let i = from; i < to; i++) window.push(lines.get(i));
    this.localFormats ??= rememberingDetect();
    const found = segmentLines(window, undefined, 1, this.localFormats).find((s) => s.startLine - 1 + from <= idx && s.endLine - 1 + from >= idx);
    if (!found || found.kind === seg.kind) return seg;
    return { kind: found.kind, start: found.startLine - 1 + from, end: found.endLine + from };
  }

  /** The event at `idx` read with a local segment's own grammar, from the segment's start (table headers). */
  private eventInLocalSegment(lines: LineCache, local: BlockSegment, idx: number): LogEvent {
    const fmt = formatFor(local.kind);
    const ctx: ParseContext = { defaultYear: this.ctx.defaultYear, defaultZoneOffsetMinutes: this.ctx.defaultZoneOffsetMinutes, state: {} };
    const text: string[] = [];
    const end = Math.min(local.end, idx + LOOK_AHEAD_LINES + 1);
    for (let i = local.start; i < end; i++) text.push(lines.get(i));
    const evs = assembleEvents(text, fmt, ctx, this.input, this.lineBase + local.start + 1);
    const line = this.lineBase + idx + 1;
    return evs.find((e) => e.line <= line && e.endLine >= line) ?? evs[evs.length - 1];
  }

  /** Prefilter hits of the block, by block line, with the literal ids found on each line. */
  private scanHits(block: Buffer, starts: number[]): Map<number, number[]> {
    const hits = new Map<number, number[]>();
    let line = 0;
    let current: number[] | undefined;
    this.catalogue.prefilter.scan(block, (pos, ids, a, b) => {
      if (line + 1 < starts.length && starts[line + 1] <= pos) {
        while (line + 1 < starts.length && starts[line + 1] <= pos) line++;
        current = undefined;
      }
      if (!current) {
        current = hits.get(line);
        if (!current) hits.set(line, (current = []));
      }
      for (let k = a; k < b; k++) if (!current.includes(ids[k])) current.push(ids[k]);
    });
    return hits;
  }

  /**
   * Can one of the rules these literals start match this raw line? Their regexes run on the line with
   * JSON/logrus escapes undone; a rule whose match would only appear across continuation lines is
   * not seen here (tables, where wrapped messages live, are read in full instead).
   */
  private mayMatch(ids: Iterable<number>, raw: string): boolean {
    const text = raw.indexOf('\\') >= 0 ? raw.replace(/\\(["\\/])/g, '$1').replace(/\\[nrt]/g, ' ') : raw;
    for (const id of ids) {
      for (const ref of this.catalogue.literalSteps[id]) {
        const step = this.catalogue.signatures[ref.sig].match[ref.rule].steps[ref.step];
        if (step.pattern.test(text)) return true;
      }
    }
    return false;
  }

  private hasErrorWord(ids: Iterable<number>): boolean {
    for (const id of ids) if (this.catalogue.errorLiteralIds.has(id)) return true;
    return false;
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
    const matchedLines = new Set<number>();
    const unmatched = new Map<number, LogEvent>();
    for (const idx of order) {
      const event = events[idx];
      // A step reached through several literals is one object (the catalogue shares its StepRef).
      const tried = new Set<StepRef>();
      const matchedSigs = new Set<number>();
      const vetoed = new Map<number, boolean>();
      const refs = [...(candidates.get(idx) ?? [])].flatMap((id) => cat.literalSteps[id]).concat(cat.unfiltered);
      for (const ref of refs) {
        if (tried.has(ref)) continue;
        tried.add(ref);
        const cs = cat.signatures[ref.sig];
        const step = cs.match[ref.rule].steps[ref.step];
        const caps = matchStep(cs, step, event);
        if (!caps) continue;
        let veto = vetoed.get(ref.sig);
        if (veto === undefined) vetoed.set(ref.sig, (veto = excluded(cs, event)));
        if (veto) continue;
        matchedSigs.add(ref.sig);
        this.sink.onStepMatch(ref.sig, ref.rule, ref.step, toOccurrence(event, caps));
      }
      if (matchedSigs.size > 0) matchedLines.add(event.line);
      else if (errorEvents.has(idx) && !unmatched.has(event.line)) unmatched.set(event.line, event);
    }
    // One line can be read into two events (a hit inside a stack trace re-reads its head): it is
    // unmatched only when no reading of it matched, and reported once.
    for (const [line, event] of unmatched) if (!matchedLines.has(line)) this.sink.onUnknownError(event);
  }

  /** CI stages seen in these events, recorded on the input's current segment. */
  private collectStages(events: LogEvent[]): void {
    for (const e of events) if (e.refs.stage) this.noteStage(e.refs.stage);
  }

  private noteStage(stage: string): void {
    const target = this.segments[this.segments.length - 1];
    if (target !== undefined && formatFor(target.kind).stageStart !== undefined && !(target.stages ??= []).includes(stage)) target.stages.push(stage);
  }
}
