/**
 * The templates of whole logs (`postmortem-lens templates`): every event of every input is read with
 * its grammar; the message of its first line, and each continuation line as it is, is redacted and
 * mined ({@link TemplateMiner}); each template keeps its count, every line number, first/last time
 * and a few examples. With `errorsOnly`, only the first lines of the events the engine judges errors.
 *
 * Streaming: bytes go in chunk by chunk ({@link LogTemplates.push}); lines are read in blocks of a
 * fixed number of lines, so the result does not depend on how the bytes were chunked. The last event
 * of a block is carried into the next one, so a multi-line event is never cut at a block's end.
 * Memory: the templates are bounded by the miner (rare ones are evicted and counted); the line
 * numbers of the templates kept are all kept, as the output promises them.
 */
import type { LogEvent, LogKind } from '../../model';
import { grammarFor } from '../../../grammars';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import { ByteDecoder, decodeLine } from '../input/decode';
import { segmentLines } from '../segment/segmenter';
import { cutOutsideSecrets, redactText } from '../redact/redact';
import { judgeUnmatched } from './errorEvidence';
import { TemplateMiner } from './templateMiner';

/** Options of {@link LogTemplates}. */
export interface LogTemplatesOptions {
  /** Only events the engine judges errors (a stated error or critical severity, or a live error word). */
  errorsOnly?: boolean;
  /** Force a kind instead of detecting it. */
  kind?: LogKind;
  /** Year for formats without one. */
  defaultYear: number;
  /** Zone offset in minutes for formats without one. */
  defaultZoneOffsetMinutes?: number;
  /** Most templates kept (the miner's bound). */
  maxTemplates?: number;
  /** Examples kept per template (default 3). */
  examples?: number;
  /** Lines per block (tests use small ones); the result does not depend on it for single-line events. */
  blockLines?: number;
}

/** One template of the inputs. */
export interface LogTemplate {
  /** The template, variable parts as `<*>`, secrets as `[REDACTED:kind]`. */
  template: string;
  /** Lines it holds (with `errorsOnly`: error events, each counted by its first line). */
  count: number;
  /** 1-based numbers of its lines, numbered through the inputs as `cat` would join them. */
  lines: number[];
  /** Earliest and latest time of its events (ISO 8601), or null when none carries a time. */
  firstSeen: string | null;
  lastSeen: string | null;
  /** The first few distinct lines (first line of the event, redacted, at most 500 characters). */
  examples: string[];
}

/** What {@link LogTemplates.result} returns. */
export interface LogTemplatesResult {
  /** Most frequent first (ties: first seen first). */
  templates: LogTemplate[];
  /** Lines read, over all inputs. */
  lines: number;
  /** Lines mined (blank ones are not; with `errorsOnly`, the error events). */
  events: number;
  /** Rare templates evicted to stay within the bound, and the lines (events) they held. */
  evicted: { templates: number; events: number };
}

/** Longest line read in full (as the engine's reader); a longer one is read in part. */
const MAX_LINE_CHARS = 1_048_576;
/** Characters of an event's first line that are mined and shown. */
const MINED_CHARS = 2_000;
const EXAMPLE_CHARS = 500;
const DEFAULT_BLOCK_LINES = 4_000;

interface Record {
  lines: number[];
  first: number | null;
  last: number | null;
  examples: string[];
}

/** Mines the templates of one or more inputs read one after another. */
export class LogTemplates {
  private readonly records = new Map<number, Record>();
  private readonly miner: TemplateMiner;
  private decoder = new ByteDecoder();
  private partial: Uint8Array[] = [];
  private block: string[] = [];
  /** Line number (through all inputs) of `block[0]`. */
  private blockStart = 1;
  private linesRead = 0;
  private events = 0;
  private ctx;
  private readonly blockLines: number;

  constructor(private readonly options: LogTemplatesOptions) {
    this.miner = new TemplateMiner({ maxTemplates: options.maxTemplates, onEvict: (id) => this.records.delete(id) });
    this.ctx = newContext(options.defaultYear, options.defaultZoneOffsetMinutes ?? 0);
    this.blockLines = Math.max(2, options.blockLines ?? DEFAULT_BLOCK_LINES);
  }

  /** The next bytes are a new input's (the first input needs no call); its year for formats without one. */
  startInput(defaultYear = this.options.defaultYear): void {
    this.ctx = newContext(defaultYear, this.options.defaultZoneOffsetMinutes ?? 0);
  }

  /** The next bytes of the current input. */
  push(chunk: Uint8Array): void {
    this.lines(this.decoder.push(chunk), false);
  }

  /** The current input ended; the next bytes are another input's. */
  endInput(): void {
    this.lines(this.decoder.end(), true);
    this.flush(true);
    this.blockStart = this.linesRead + 1;
    this.decoder = new ByteDecoder();
    this.ctx = newContext(this.options.defaultYear, this.options.defaultZoneOffsetMinutes ?? 0);
  }

  private lines(bytes: Uint8Array, last: boolean): void {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let from = 0;
    for (let lf = buf.indexOf(10); lf >= 0; lf = buf.indexOf(10, from)) {
      this.line(this.partial.length ? Buffer.concat([...this.partial, buf.subarray(from, lf)]) : buf.subarray(from, lf));
      this.partial = [];
      from = lf + 1;
    }
    if (from < buf.length) this.partial.push(Buffer.from(buf.subarray(from)));
    if (last && this.partial.length) {
      this.line(Buffer.concat(this.partial));
      this.partial = [];
    }
  }

  private line(bytes: Uint8Array): void {
    const s = decodeLine(bytes, 0, bytes.length);
    this.block.push(s.length > MAX_LINE_CHARS ? s.slice(0, MAX_LINE_CHARS) : s);
    this.linesRead++;
    if (this.block.length >= this.blockLines) this.flush(false);
  }

  /** Read the block's events; unless the input ended, its last event waits for the next block. */
  private flush(final: boolean): void {
    if (this.block.length === 0) return;
    const events: LogEvent[] = [];
    for (const seg of segmentLines(this.block, this.options.kind, this.blockStart)) {
      const lines = this.block.slice(seg.startLine - this.blockStart, seg.endLine - this.blockStart + 1);
      this.ctx.state = {};
      events.push(...assembleEvents(lines, grammarFor(seg.kind), this.ctx, 0, seg.startLine));
    }
    let keep = events.length;
    // Carry the last event unless it alone fills the block (then it is as long as an event may be).
    if (!final && events.length > 1) keep--;
    for (let i = 0; i < keep; i++) this.event(events[i]);
    const carried = keep < events.length ? events[keep].line - this.blockStart : this.block.length;
    this.block = this.block.slice(carried);
    this.blockStart += carried;
  }

  /**
   * Mine an event: its first line's message; with every line asked for, also each continuation line
   * as it is (a stack frame, a wrapped line, or lines the grammar could not read), so every line is in
   * one template and none is lost inside an event.
   */
  private event(e: LogEvent): void {
    if (this.options.errorsOnly) {
      if (judgeUnmatched(e).keep) this.mine(e.message, e.line, e.timestamp);
      return;
    }
    this.mine(e.message, e.line, e.timestamp);
    if (e.endLine === e.line) return;
    const raw = e.text.split('\n');
    for (let k = 1; k < raw.length; k++) this.mine(raw[k], e.line + k, e.timestamp);
  }

  private mine(message: string, line: number, t: number | null): void {
    const nl = message.indexOf('\n');
    const first = (nl < 0 ? message : message.slice(0, nl)).trim();
    if (first === '') return;
    const text = redactText(first.length > MINED_CHARS ? cutOutsideSecrets(first, MINED_CHARS) : first);
    const c = this.miner.add(text);
    if (!c) return;
    this.events++;
    let r = this.records.get(c.id);
    if (!r) {
      r = { lines: [], first: null, last: null, examples: [] };
      this.records.set(c.id, r);
    }
    r.lines.push(line);
    if (t !== null) {
      if (r.first === null || t < r.first) r.first = t;
      if (r.last === null || t > r.last) r.last = t;
    }
    if (r.examples.length < (this.options.examples ?? 3)) {
      const example = text.length > EXAMPLE_CHARS ? cutOutsideSecrets(text, EXAMPLE_CHARS) + ' …' : text;
      if (!r.examples.includes(example)) r.examples.push(example);
    }
  }

  /** The templates so far, most frequent first; call after the last {@link endInput}. */
  result(): LogTemplatesResult {
    const groups = this.miner.groups();
    const merged = new Map<number, { template: string; recs: Record[] }>();
    const live = this.miner.clustersInOrder();
    const byId = new Map(live.map((c) => [c.id, c]));
    for (const c of live) {
      const into = groups.get(c.id) ?? c.id;
      const rec = this.records.get(c.id);
      if (!rec) continue;
      let m = merged.get(into);
      if (!m) {
        const head = byId.get(into) ?? c;
        m = { template: TemplateMiner.text(head), recs: [] };
        merged.set(into, m);
      }
      m.recs.push(rec);
    }
    const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
    const templates = [...merged.values()].map(({ template, recs }) => {
      const lines = recs.length === 1 ? recs[0].lines : recs.flatMap((r) => r.lines).sort((a, b) => a - b);
      let first: number | null = null;
      let last: number | null = null;
      for (const r of recs) {
        if (r.first !== null && (first === null || r.first < first)) first = r.first;
        if (r.last !== null && (last === null || r.last > last)) last = r.last;
      }
      const examples = [...new Set(recs.flatMap((r) => r.examples))].slice(0, this.options.examples ?? 3);
      return { template, count: lines.length, lines, firstSeen: iso(first), lastSeen: iso(last), examples };
    });
    templates.sort((a, b) => b.count - a.count || a.lines[0] - b.lines[0]);
    return { templates, lines: this.linesRead, events: this.events, evicted: { templates: this.miner.evicted.templates, events: this.miner.evicted.lines } };
  }
}
