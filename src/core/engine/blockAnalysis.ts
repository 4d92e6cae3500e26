/**
 * One block of an input (whole lines, cut by {@link InputAnalyzer}): its segments, the events around
 * its prefilter hits, and their verification. A block depends only on its bytes, the lines before it
 * and the input's options, so blocks can be read in any order, on any thread, with the same result;
 * the reader puts their results back in input order.
 *
 * A block whose sampled lines are all of one kind, with a catalogue whose rules all have literals,
 * takes the fast path: the prefilter scans the raw bytes and only the events around hit lines are
 * decoded, parsed and verified. A stateful kind (a table's header gives its columns meaning) or a
 * catalogue with literal-free rules takes the full path: every line of the segment is parsed. A block
 * of several kinds is cut into segments and each takes its own path.
 */
import type { LogEvent, LogGrammar, LogKind, ParseContext, Segment } from '../../model';
import { severityRank } from '../../model';
import { ALL_GRAMMARS, grammarFor } from '../../../grammars';
import { assembleEvents, MAX_CONTINUATION_LINES } from '../../../grammars/common/assemble';
import { BRACKET_RUN_MAX_LINES, dumpShaped, opensBracket } from '../../../grammars/common/bracketRuns';
import { promptCommand } from '../../../grammars/common/shellPrompt';
import { FACT_ONLY, type Catalogue } from '../catalogue/catalogue';
import { tableRowOf } from '../diagnose/crossChecks';
import { lineFactsOf } from '../diagnose/lineFacts';
import { decodeLine, inspectChunk, type DataNotice } from '../input/decode';
import { BlockDetection, segmentLines, segmentSampled, type BlockSegment } from '../segment/segmenter';
import { loudOffsets, saysQuiet } from './quickSeverity';
import type { MatchSink } from './sink';
import { toleratedFrom } from './tolerated';
import { addCandidates, hasErrorWord, mayMatch, newCandidates, verifyEvents } from './verifyEvents';

/** What a block's analysis needs besides its bytes. */
export interface BlockJob {
  /** Index of the input in the run. */
  input: number;
  /** Lines of the input before this block. */
  lineBase: number;
  /** A kind forced for the whole input. */
  kind?: LogKind;
  /** Year for formats without one. */
  defaultYear: number;
  /** Zone offset in minutes for formats without a zone. */
  defaultZoneOffsetMinutes: number;
}

/** What a block gave besides its matches (those go to the sink). */
export interface BlockResult {
  /** Lines in the block. */
  lines: number;
  /** Its segments, lines numbered in the input, with the CI stages seen in each. */
  segments: Segment[];
  /** Notices of its data (binary, invalid UTF-8, an overlong line): the input keeps the first of each. */
  notices: DataNotice[];
}

/** Blocks with at most this many lines are segmented line by line (exact); larger ones by sampling. */
const FULL_SEGMENTATION_LINES = 4_000;
/** How far back from a hit line its event's header is looked for (stack traces, wrapped text). */
const LOOK_BACK_LINES = 30;
/** How far past a hit line its continuation lines are followed. */
const LOOK_AHEAD_LINES = 60;
/** The window around a candidate line whose segments are detected exactly. */
const LOCAL_WINDOW_BEFORE = 60;
const LOCAL_WINDOW_AFTER = 5;
/**
 * The lines around a hit line that the engine reads (its event's header, its continuation lines, the
 * window its segment is detected in). A log store returns them with each candidate line, so the engine
 * sees around every hit what it would see in the whole log.
 */
export const HIT_CONTEXT_LINES: { readonly before: number; readonly after: number } = {
  before: Math.max(LOOK_BACK_LINES, LOCAL_WINDOW_BEFORE),
  after: Math.max(LOOK_AHEAD_LINES, LOCAL_WINDOW_AFTER),
};
/** Longest line decoded in full; longer ones are cut here and a notice says so. */
export const MAX_LINE_CHARS = 1_048_576;

/** Lines of a block: one more than its LFs, the last line's own LF not counted. */
export function blockLineCount(block: Buffer): number {
  let n = 1;
  for (let p = block.indexOf(10); p >= 0 && p + 1 < block.length; p = block.indexOf(10, p + 1)) n++;
  return n;
}

/**
 * Add `seg` to an input's segments: it widens the last one when it is of the same kind and follows it
 * (their CI stages united, in order), else it is appended. The stages array is replaced, never changed
 * in place: the incremental reader's cached block results share theirs.
 */
export function appendSegment(segments: Segment[], seg: Segment): void {
  const last = segments[segments.length - 1];
  if (!last || last.kind !== seg.kind || last.endLine + 1 < seg.startLine) {
    segments.push(seg);
    return;
  }
  last.endLine = seg.endLine;
  if (seg.stages?.length) last.stages = [...new Set([...(last.stages ?? []), ...seg.stages])];
}

/** Analyse one block: matches go to `sink` in input order; segments and notices are returned. */
export function analyzeBlock(catalogue: Catalogue, block: Buffer, job: BlockJob, sink: MatchSink): BlockResult {
  return new BlockAnalysis(catalogue, block, job, sink).run();
}

/**
 * Lines only worth clustering (an error word, no rule can match them) are most of the events read on
 * dense logs: the same error every few seconds. Once this many lines of one {@link digitShape} were
 * each read as an event of its line alone, the next ones of that shape are read alone, without looking
 * for their header above or their continuation lines below (a probe parse of the next line each). The
 * cluster of such a line reads only its first line (template, verdict); its timestamp, host and refs
 * come from its own parse, so the unknown-error report is the one of reading around it. The first
 * lines of a shape, which the report shows as examples, are read in full.
 */
const ONE_LINE_SHAPE_REPEATS = 3;

/** `line` with every ASCII digit as `0`: lines that differ only in their numbers (stamps, ids, counts). */
function digitShape(line: string): string {
  return line.replace(/[0-9]/g, '0');
}

/** Block line holding byte position `pos`. */
function lineIndexAt(starts: number[], pos: number): number {
  let lo = 0,
    hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Decoded lines of a block, decoded once and only when asked for. */
class LineCache {
  // An array indexed by line (holes until decoded), not a Map: no hashing or entry objects per line.
  private readonly cache: (string | undefined)[];
  constructor(
    count: number,
    private readonly decodeAt: (i: number) => string,
  ) {
    this.cache = new Array<string | undefined>(count);
  }
  get(i: number): string {
    let l = this.cache[i];
    if (l === undefined) {
      l = this.decodeAt(i);
      this.cache[i] = l;
    }
    return l;
  }
}

/**
 * The events of block lines [start, end) of a local segment of a kind that is not stateful, read with
 * its grammar from a fresh context. Reading is left to right and an event depends only on its own
 * lines and the line after it, so a shorter read [start, end') gives the same events up to its last
 * one (test/unit/core/blockDetection.test.ts checks this for every grammar).
 */
interface LocalRead {
  kind: LogKind;
  start: number;
  end: number;
  events: LogEvent[];
}

class BlockAnalysis {
  private readonly starts: number[];
  private readonly lines: LineCache;
  private readonly lineBase: number;
  private readonly ctx: ParseContext;
  private readonly segments: Segment[] = [];
  private readonly notices: DataNotice[] = [];
  /** Detection of this block's lines, remembered by line for its segmentations. */
  private readonly detection: BlockDetection;
  /** The local segment read last by {@link eventInLocalSegment}. */
  private localRead: LocalRead | undefined;
  /** Caching grammars of the foreign runs' kinds read around their hits, by kind. */
  private readonly localGrammars = new Map<LogKind, LogGrammar>();

  constructor(
    private readonly catalogue: Catalogue,
    private readonly block: Buffer,
    private readonly job: BlockJob,
    private readonly sink: MatchSink,
  ) {
    this.lineBase = job.lineBase;
    this.ctx = { defaultYear: job.defaultYear, defaultZoneOffsetMinutes: job.defaultZoneOffsetMinutes, state: {} };
    this.starts = [0];
    for (let p = block.indexOf(10); p >= 0 && p + 1 < block.length; p = block.indexOf(10, p + 1)) this.starts.push(p + 1);
    this.lines = new LineCache(this.starts.length, (i) => this.decode(i));
    this.detection = new BlockDetection(this.starts.length, (i) => this.lines.get(i));
  }

  run(): BlockResult {
    this.notices.push(...inspectChunk(this.block, this.lineBase + 1, { binary: false, invalid: false }));
    const segments = this.segmentsOf(this.starts.length);
    const { hits, factLines } = this.scanHits();
    for (const seg of segments) {
      appendSegment(this.segments, { kind: seg.kind, startLine: this.lineBase + seg.start + 1, endLine: this.lineBase + seg.end });
      const fmt = grammarFor(seg.kind);
      this.ctx.state = {};
      if (fmt.stateful || this.catalogue.unfiltered.length > 0) this.fullPath(seg, fmt, hits);
      else this.fastPath(seg, fmt, hits);
    }
    if (factLines.length > 0 && this.catalogue.crossChecks.length > 0 && this.sink.onTableRow) this.collectLineFacts(segments, factLines);
    return { lines: this.starts.length, segments: this.segments, notices: this.notices };
  }

  /**
   * The line facts of the block (lineFacts.ts) for the catalogue's cross-line checks, read from the
   * raw lines whatever path their segment took: only lines holding a marker word (`marked`, found by
   * the prefilter's scan), and the few lines their listing or command spans, are decoded.
   */
  private collectLineFacts(segments: BlockSegment[], marked: number[]): void {
    const rows = lineFactsOf(
      {
        input: this.job.input,
        count: this.starts.length,
        line: (i) => this.lines.get(i),
        lineNo: (i) => this.lineBase + i + 1,
        kindAt: (i) => (segments.find((s) => i >= s.start && i < s.end) ?? segments[segments.length - 1]).kind,
        marked,
      },
      this.catalogue.crossChecks.map((c) => c.check),
    );
    for (const row of rows) this.sink.onTableRow!(row);
  }

  /** Did the event's tool say, on the lines after it in this block, that it went on without it (tolerated.ts)? */
  private readonly tolerated = (e: LogEvent): boolean =>
    toleratedFrom((i) => (i < this.starts.length ? this.lines.get(i) : undefined), e.endLine - this.lineBase);

  private decode(i: number): string {
    const { block, starts } = this;
    const start = starts[i];
    let end = i + 1 < starts.length ? starts[i + 1] - 1 : block.length;
    if (end > start && block[end - 1] === 10) end--;
    if (end - start > MAX_LINE_CHARS) {
      if (!this.notices.some((n) => n.once === 'longLine')) {
        this.notices.push({
          level: 'warning',
          message: `line longer than ${MAX_LINE_CHARS} bytes: only its first ${MAX_LINE_CHARS} bytes are read`,
          line: this.lineBase + i + 1,
          once: 'longLine',
        });
      }
      end = start + MAX_LINE_CHARS;
    }
    return decodeLine(block, start, end);
  }

  /** Segments of the block, block-relative: exact for small blocks, sampled for large ones. */
  private segmentsOf(count: number): BlockSegment[] {
    if (this.job.kind) return [{ kind: this.job.kind, start: 0, end: count }];
    if (count <= FULL_SEGMENTATION_LINES) {
      const all: string[] = [];
      for (let i = 0; i < count; i++) all.push(this.lines.get(i));
      return segmentLines(all, undefined, 1, ALL_GRAMMARS, this.detection.score).map((s) => ({ kind: s.kind, start: s.startLine - 1, end: s.endLine }));
    }
    return segmentSampled(count, (i) => this.lines.get(i).slice(0, 512), undefined, ALL_GRAMMARS, this.detection.score);
  }

  /** Every line of the segment parsed (stateful kinds, or a catalogue with literal-free rules). */
  private fullPath(seg: BlockSegment, fmt: LogGrammar, hits: Map<number, number[]>): void {
    const text: string[] = [];
    for (let i = seg.start; i < seg.end; i++) text.push(this.lines.get(i));
    const events = assembleEvents(text, fmt, this.ctx, this.job.input, this.lineBase + seg.start + 1);
    this.collectStages(events);
    // Table rows for the catalogue's cross-line checks (kubectl get tables are always read whole).
    if (this.catalogue.crossChecks.length > 0 && this.sink.onTableRow) {
      for (const e of events) {
        const row = tableRowOf(e);
        if (row) this.sink.onTableRow(row);
      }
    }
    const eventOfLine = new Int32Array(seg.end - seg.start);
    events.forEach((e, idx) => {
      for (let l = e.line; l <= e.endLine; l++) eventOfLine[l - this.lineBase - 1 - seg.start] = idx;
    });
    const candidates = newCandidates();
    for (const [lineIdx, ids] of hits) {
      if (lineIdx >= seg.start && lineIdx < seg.end) addCandidates(this.catalogue, candidates, eventOfLine[lineIdx - seg.start], ids);
    }
    for (const lineIdx of this.opaqueLines(seg, fmt)) {
      const idx = eventOfLine[lineIdx - seg.start];
      addCandidates(this.catalogue, candidates, idx, this.catalogue.prefilter.find(events[idx].message));
    }
    events.forEach((e, idx) => {
      if (e.severity !== undefined && severityRank(e.severity) >= severityRank('error')) candidates.errorEvents.add(idx);
    });
    verifyEvents(this.catalogue, events, candidates, this.catalogue.unfiltered.length > 0, this.sink, this.tolerated);
  }

  /**
   * Only the events around hit lines are parsed; lines holding the grammar's context markers are
   * parsed in order too, so state such as the Jenkins stage stays right. A hit line that is
   * unmistakably of another kind (a short foreign run inside a large segment) is read with that kind:
   * around the hit as in its own segment when the kind reads each event from its own lines, from the
   * run's start when it keeps state across lines (table headers, CI stages). Reading every foreign hit
   * from its run's start had cost 21% of the CPU on the dense corpus (8,700 reads of 414,000 lines in
   * all, as many lines as the corpus has); reading around it took that CPU down 14% with byte-identical
   * reports on the corpora, examples and fixtures.
   */
  private fastPath(seg: BlockSegment, baseFmt: LogGrammar, hits: Map<number, number[]>): void {
    const { block, starts, lines } = this;
    const fmt = this.cachingGrammar(baseFmt);
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
    const openers = this.openerLines(seg, baseFmt);
    // Lines whose message only a parse shows: read, and their literals looked for in the message.
    const opaque = this.opaqueLines(seg, baseFmt);
    for (const l of opaque) if (context.has(l)) opaque.delete(l);
    // Lines whose klog header says error are read even without a prefilter hit (no error word).
    const loud = new Set<number>();
    for (const off of loudOffsets(block, from, to)) loud.add(lineIndexAt(starts, off));
    for (const l of loud) if (!hits.has(l) && !context.has(l)) todo.push(l);
    for (const l of opaque) if (!hits.has(l) && !loud.has(l)) todo.push(l);
    todo.sort((a, b) => a - b);
    let coveredUntil = -1;
    // Lines only worth clustering (no rule can match them), by digitShape: how many were read as
    // events of their line alone (-Infinity once one was not).
    const oneLineShapes = new Map<string, number>();
    const events: LogEvent[] = [];
    const candidates = newCandidates();
    for (const lineIdx of todo) {
      const ids = hits.get(lineIdx) ?? (loud.has(lineIdx) || opaque.has(lineIdx) ? [] : undefined);
      if (!ids) {
        const head = fmt.parseHead(lines.get(lineIdx), this.ctx);
        if (head?.refs?.stage) this.noteStage(head.refs.stage);
        continue;
      }
      if (lineIdx <= coveredUntil) {
        addCandidates(this.catalogue, candidates, events.length - 1, ids);
        continue;
      }
      // Parse a line only when a rule can match it, or when it is an error worth clustering.
      const raw = lines.get(lineIdx);
      // Parse a line only when a rule can match it, or when it is an error worth clustering.
      const candidate = opaque.has(lineIdx) || mayMatch(this.catalogue, ids, raw);
      if (!candidate && !loud.has(lineIdx) && (!hasErrorWord(this.catalogue, ids) || saysQuiet(raw))) continue;
      const local = this.detection.strongKind(lineIdx, raw.slice(0, 512)) === baseFmt.kind ? seg : this.localSegment(seg, lineIdx);
      const localFmt = grammarFor(local.kind);
      const opener = local.kind === baseFmt.kind ? this.openerBefore(openers, lineIdx) : undefined;
      // A line only worth clustering, shaped like lines read before as events of one line: its line alone.
      const shape = !candidate && opener === undefined && local.kind === baseFmt.kind ? digitShape(raw) : undefined;
      const alone = shape !== undefined && (oneLineShapes.get(shape) ?? 0) >= ONE_LINE_SHAPE_REPEATS;
      const ev = alone
        ? this.assembled(lineIdx, lineIdx, fmt)[0]
        : opener !== undefined
          ? this.eventFromOpener(seg, opener, lineIdx, baseFmt)
          : local.kind === baseFmt.kind
            ? this.eventAround(seg, lineIdx, fmt)
            : localFmt.stateful || localFmt.contextMarkers !== undefined
              ? this.eventInLocalSegment(local, lineIdx)
              : this.eventAround(local, lineIdx, this.localGrammar(local.kind), false);
      if (shape !== undefined && !alone) {
        const one = ev.line === ev.endLine && ev.line === this.lineBase + lineIdx + 1;
        oneLineShapes.set(shape, one ? (oneLineShapes.get(shape) ?? 0) + 1 : -Infinity);
      }
      coveredUntil = ev.endLine - this.lineBase - 1;
      events.push(ev);
      // An opaque line's literals are in its message too (a hit in its other fields, `"_COMM":"kubelet"`, is not all).
      addCandidates(this.catalogue, candidates, events.length - 1, opaque.has(lineIdx) ? [...ids, ...this.catalogue.prefilter.find(ev.message)] : ids);
      if (loud.has(lineIdx)) candidates.errorEvents.add(events.length - 1);
    }
    verifyEvents(this.catalogue, events, candidates, false, this.sink, this.tolerated);
  }

  /** Block lines of the segment that start with one of the grammar's {@link LogGrammar.stateOpeners}, ascending. */
  private openerLines(seg: BlockSegment, fmt: LogGrammar): number[] {
    const out = new Set<number>();
    const from = this.starts[seg.start];
    const to = seg.end < this.starts.length ? this.starts[seg.end] : this.block.length;
    for (const opener of fmt.stateOpeners ?? []) {
      for (let p = this.block.indexOf(opener, from); p >= 0 && p < to; p = this.block.indexOf(opener, p + opener.length)) {
        const line = lineIndexAt(this.starts, p);
        if (this.starts[line] === p) out.add(line);
      }
    }
    return [...out].sort((a, b) => a - b);
  }

  /** The last of `openers` at or up to {@link LOOK_BACK_LINES} before block line `idx`, if any. */
  private openerBefore(openers: readonly number[], idx: number): number | undefined {
    let lo = 0,
      hi = openers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (openers[mid] <= idx) lo = mid + 1;
      else hi = mid;
    }
    const o = openers[lo - 1];
    return o !== undefined && idx - o <= LOOK_BACK_LINES ? o : undefined;
  }

  /**
   * The event holding block line `idx`, read forward from `opener` (a line that opens a parse state,
   * {@link LogGrammar.stateOpeners}) with a fresh context and the grammar itself, not its caching
   * wrapper: the lines after it are parsed in order, in the state it opened, as reading every line
   * parses them. Lines are read on while the event reaches the last line read, as far as one event may go.
   */
  private eventFromOpener(seg: BlockSegment, opener: number, idx: number, fmt: LogGrammar): LogEvent {
    const line = this.lineBase + idx + 1;
    const ctx: ParseContext = { defaultYear: this.ctx.defaultYear, defaultZoneOffsetMinutes: this.ctx.defaultZoneOffsetMinutes, state: {} };
    const last = Math.min(seg.end - 1, opener + MAX_CONTINUATION_LINES + LOOK_AHEAD_LINES);
    for (let end = Math.min(last, idx + LOOK_AHEAD_LINES); ; end = Math.min(last, end + LOOK_AHEAD_LINES)) {
      ctx.state = {};
      const evs = this.assembled(opener, end, fmt, ctx);
      const ev = evs.find((e) => e.line <= line && e.endLine >= line) ?? evs[evs.length - 1];
      if (ev.endLine < this.lineBase + end + 1 || end === last) return ev;
    }
  }

  /** Block lines of the segment holding one of the grammar's {@link LogGrammar.opaqueMarkers}. */
  private opaqueLines(seg: BlockSegment, fmt: LogGrammar): Set<number> {
    const out = new Set<number>();
    const from = this.starts[seg.start];
    const to = seg.end < this.starts.length ? this.starts[seg.end] : this.block.length;
    for (const marker of fmt.opaqueMarkers ?? []) {
      for (let p = this.block.indexOf(marker, from); p >= 0 && p < to; p = this.block.indexOf(marker, p + marker.length)) out.add(lineIndexAt(this.starts, p));
    }
    return out;
  }

  /**
   * The grammar with its parseHead results remembered per line text for this block, so the line
   * probed as a continuation, then assembled, is parsed once. The remembered head itself is handed
   * out: its readers (assembleEvents, which copies what it takes into the event and makes the event's
   * refs anew, and the probes here) never change it. A copy per call had made 450,000 objects on the
   * dense bench corpus.
   */
  private cachingGrammar(fmt: LogGrammar): LogGrammar {
    const cache = new Map<string, ReturnType<LogGrammar['parseHead']>>();
    return {
      ...fmt,
      parseHead: (line, ctx) => {
        let head = cache.get(line);
        if (head === undefined && !cache.has(line)) {
          head = fmt.parseHead(line, ctx);
          if (cache.size > 4096) cache.clear();
          cache.set(line, head);
        }
        return head ?? null;
      },
    };
  }

  /**
   * The event holding block line `idx`. A hit line that is a header starts its event; otherwise its
   * header is looked for a few lines back (a stack frame, a wrapped message); a line with no header
   * near is an event of its own. Continuations are followed forward a bounded number of lines. A
   * bracket left open on a line near (a dump printed over lines, bracketRuns.ts) widens the lines read
   * to the run's bound both ways, so the event is the one the whole segment's reading gives.
   */
  private eventAround(seg: BlockSegment, idx: number, fmt: LogGrammar, stages = true): LogEvent {
    // `stages`: the CI stages of the events read are the block segment's (a foreign run's are not).
    const head = this.runStart(seg, idx, this.headOf(seg, idx, fmt), fmt);
    const line = this.lineBase + idx + 1;
    const ahead = this.continuedTo(seg, idx, fmt, LOOK_AHEAD_LINES);
    let end = this.runEnd(seg, head, ahead, fmt);
    let evs = this.assembled(head, end, fmt);
    let ev = evs.find((e) => e.line <= line && e.endLine >= line) ?? evs[evs.length - 1];
    if (ev.endLine === this.lineBase + end + 1 && (end > ahead || ahead - idx >= LOOK_AHEAD_LINES)) {
      // The event reaches the last line read, and that line is where the look-ahead's bound or a
      // bracket run stopped, not a line that starts another event: read on as far as one event may go
      // (the whole segment's reading joins continuation lines up to its bound).
      const further = this.runEnd(seg, head, this.continuedTo(seg, end, fmt, MAX_CONTINUATION_LINES), fmt);
      if (further > end) {
        end = further;
        evs = this.assembled(head, end, fmt);
        ev = evs.find((e) => e.line <= line && e.endLine >= line) ?? evs[evs.length - 1];
      }
    }
    if (stages) this.collectStages(evs);
    return ev;
  }

  /** The caching grammar of a foreign run's kind, one per kind for the block. */
  private localGrammar(kind: LogKind): LogGrammar {
    let g = this.localGrammars.get(kind);
    if (!g) this.localGrammars.set(kind, (g = this.cachingGrammar(grammarFor(kind))));
    return g;
  }

  /** Events of block lines `from`..`to`. */
  private assembled(from: number, to: number, fmt: LogGrammar, ctx = this.ctx): LogEvent[] {
    const text: string[] = [];
    for (let k = from; k <= to; k++) text.push(this.lines.get(k));
    return assembleEvents(text, fmt, ctx, this.job.input, this.lineBase + from + 1);
  }

  /**
   * Could block line `k` be a line of a bracket run (assembleEvents decides: this is its shape only)?
   * A continuation line, or a header whose message is dump-shaped (`}, ...`, an indented entry).
   */
  private runShaped(k: number, fmt: LogGrammar): boolean {
    const h = fmt.parseHead(this.lines.get(k), this.ctx);
    return h === null || h.continuation !== undefined || dumpShaped(h.message);
  }

  /**
   * The line the event holding block line `idx` starts on, when `head` (found by {@link headOf}) is a
   * line of a value printed over lines: back over the run's lines to the one before them, when a line
   * there opened a bracket. Most hit lines are no run line, and cost one (cached) parse here.
   */
  private runStart(seg: BlockSegment, idx: number, head: number, fmt: LogGrammar): number {
    let k = head;
    while (k > seg.start && idx - k < BRACKET_RUN_MAX_LINES && this.runShaped(k, fmt)) k--;
    if (k === head) return head;
    for (let i = k; i < idx; i++) if (this.opensBracket(i)) return Math.min(head, this.headOf(seg, k, fmt));
    return head;
  }

  /**
   * `end`, or further when a line of `head`..`end` leaves a bracket open: on over the lines shaped
   * like a run's, within the run's bound from the last line that opened one.
   */
  private runEnd(seg: BlockSegment, head: number, end: number, fmt: LogGrammar): number {
    let last = -1;
    for (let k = Math.max(head, end - BRACKET_RUN_MAX_LINES + 1); k <= end; k++) if (this.opensBracket(k)) last = k;
    if (last < 0) return end;
    while (end + 1 < seg.end && end + 1 - last < BRACKET_RUN_MAX_LINES && this.runShaped(end + 1, fmt)) {
      end++;
      if (this.opensBracket(end)) last = end;
    }
    return end;
  }

  /** Does block line `i` leave a bracket open (read in its bytes)? */
  private opensBracket(i: number): boolean {
    const end = i + 1 < this.starts.length ? this.starts[i + 1] : this.block.length;
    return opensBracket(this.block, this.starts[i], Math.min(end, this.starts[i] + MAX_LINE_CHARS));
  }

  /** The line that starts the event holding block line `idx`: itself, or a header a few lines back. */
  private headOf(seg: BlockSegment, idx: number, fmt: LogGrammar): number {
    let head = idx;
    const own = fmt.parseHead(this.lines.get(idx), this.ctx);
    if (own === null || own.continuation) {
      // Back to the line that starts the event: a header that is not itself the next entry of a multi-line message.
      for (let k = idx - 1; k >= seg.start && idx - k <= LOOK_BACK_LINES; k--) {
        const h = fmt.parseHead(this.lines.get(k), this.ctx);
        if (h !== null) head = k;
        if (h !== null && !h.continuation) break;
      }
    }
    return head;
  }

  /** Is block line `idx` unmistakably of a kind other than `kind` (its detection remembered by line)? */
  private foreignAt(idx: number, line: string, kind: LogKind): boolean {
    const k = this.detection.strongKind(idx, line.slice(0, 512));
    return k !== undefined && k !== kind;
  }

  /** The last line of the continuation lines after block line `from`, at most `bound` lines on. */
  private continuedTo(seg: BlockSegment, from: number, fmt: LogGrammar, bound: number): number {
    let end = from;
    while (end + 1 < seg.end && end - from < bound) {
      const next = this.lines.get(end + 1);
      const h = fmt.parseHead(next, this.ctx);
      // assembleEvents decides whether a line shaped like a continuation really is one; a line
      // unmistakably of another kind ends the lines read (a timestamped Jenkins frame is its own kind's).
      if (h !== null ? !h.continuation : fmt.startsOwnEvent?.(next) || this.foreignAt(end + 1, next, fmt.kind) || promptCommand(next) !== undefined) break;
      end++;
    }
    return end;
  }

  /**
   * The exact segment around a candidate line, from a window of lines: a short run of another kind
   * (a `kubectl get events` table between two journal samples) that sampling could not see.
   */
  private localSegment(seg: BlockSegment, idx: number): BlockSegment {
    const from = Math.max(seg.start, idx - LOCAL_WINDOW_BEFORE);
    const to = Math.min(seg.end, idx + LOCAL_WINDOW_AFTER + 1);
    const window: string[] = [];
    for (let i = from; i < to; i++) window.push(this.lines.get(i));
    const found = segmentLines(window, undefined, 1, ALL_GRAMMARS, this.detection.window(from)).find(
      (s) => s.startLine - 1 + from <= idx && s.endLine - 1 + from >= idx,
    );
    if (!found || found.kind === seg.kind) return seg;
    return { kind: found.kind, start: found.startLine - 1 + from, end: found.endLine + from };
  }

  /**
   * The event at `idx` read with a local segment's own grammar, from the segment's start (table
   * headers, CI stage markers: kinds whose state comes from earlier lines) to at most
   * {@link LOOK_AHEAD_LINES} past `idx`. Nearby hits often find the same local
   * segment (a short table between two journal samples): its lines read for an earlier hit are not
   * read again when they already hold this hit's event (see {@link LocalRead}).
   */
  private eventInLocalSegment(local: BlockSegment, idx: number): LogEvent {
    const end = Math.min(local.end, idx + LOOK_AHEAD_LINES + 1);
    const line = this.lineBase + idx + 1;
    const fmt = grammarFor(local.kind);
    const last = this.localRead;
    if (last !== undefined && last.kind === local.kind && last.start === local.start && last.end >= end) {
      const ev = last.events.find((e) => e.line <= line && e.endLine >= line);
      // Lines [start, end) read alone give the same events as read with more lines after them, except
      // the last one, which the longer read may continue past `end`: only an event ending inside is taken.
      if (ev !== undefined && ev.endLine <= this.lineBase + end) return ev;
    }
    const ctx: ParseContext = { defaultYear: this.ctx.defaultYear, defaultZoneOffsetMinutes: this.ctx.defaultZoneOffsetMinutes, state: {} };
    const text: string[] = [];
    for (let i = local.start; i < end; i++) text.push(this.lines.get(i));
    const evs = assembleEvents(text, fmt, ctx, this.job.input, this.lineBase + local.start + 1);
    // A stateful kind's events may take what later lines say (a describe's object refs, filled in as
    // its header is read): they are read afresh each time, to end where this hit's read ends.
    if (fmt.stateful) this.localRead = undefined;
    else if (last === undefined || last.kind !== local.kind || last.start !== local.start || last.end < end) {
      this.localRead = { kind: local.kind, start: local.start, end, events: evs };
    }
    return evs.find((e) => e.line <= line && e.endLine >= line) ?? evs[evs.length - 1];
  }

  /**
   * Prefilter hits of the block, by block line, with the literal ids found on each line (a marker word
   * of a line fact alone is no hit), and the lines holding a marker word (ascending, each once).
   */
  private scanHits(): { hits: Map<number, number[]>; factLines: number[] } {
    const { starts } = this;
    const { factLiterals } = this.catalogue;
    const hits = new Map<number, number[]>();
    const factLines: number[] = [];
    let line = 0;
    let current: number[] | undefined;
    this.catalogue.prefilter.scan(this.block, (pos, ids, a, b) => {
      if (line + 1 < starts.length && starts[line + 1] <= pos) {
        while (line + 1 < starts.length && starts[line + 1] <= pos) line++;
        current = undefined;
      }
      for (let k = a; k < b; k++) {
        const id = ids[k];
        const fact = factLiterals[id];
        if (fact !== 0) {
          if (factLines[factLines.length - 1] !== line) factLines.push(line);
          if (fact === FACT_ONLY) continue;
        }
        if (!current) {
          current = hits.get(line);
          if (!current) hits.set(line, (current = []));
        }
        if (!current.includes(id)) current.push(id);
      }
    });
    return { hits, factLines };
  }

  /** CI stages seen in these events, recorded on the block's current segment. */
  private collectStages(events: LogEvent[]): void {
    for (const e of events) if (e.refs.stage) this.noteStage(e.refs.stage);
  }

  private noteStage(stage: string): void {
    const target = this.segments[this.segments.length - 1];
    if (target !== undefined && grammarFor(target.kind).stageStart !== undefined && !(target.stages ??= []).includes(stage)) target.stages.push(stage);
  }
}
