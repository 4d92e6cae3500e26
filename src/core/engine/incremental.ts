/**
 * Incremental analysis of an edited document. The text is cut into content-defined blocks: a cut
 * falls before a line whose hash picks it and which is unmistakably of a kind read line by line
 * (klog, journal, dmesg, syslog, docker/CRI/logrus), never inside a table, a describe or a Jenkins
 * stage. An edit changes one block (two at most), so the other blocks' matches are replayed from
 * a cache, shifted to their new lines, and the diagnosis is built as if the whole text had been read.
 */
import type { Diagnosis, InputNotice, LogEvent, LogKind, Occurrence, ParseContext, Segment } from '../../model';
import { formatFor } from '../../../grammars';
import type { Catalogue } from '../catalogue/catalogue';
import { RunCollector } from '../diagnose/collector';
import { buildDiagnosis } from '../diagnose/diagnose';
import { strongKind } from '../segment/segmenter';
import { InputAnalyzer } from './inputAnalyzer';
import type { MatchSink } from './sink';

/** Fewest and most lines in a block. */
const MIN_BLOCK_LINES = 400;
const MAX_BLOCK_LINES = 20_000;
/** One line in this many is a cut candidate (by hash). */
const CUT_MASK = 31;

interface BlockResult {
  lines: number;
  steps: { sig: number; rule: number; step: number; occ: Occurrence }[];
  unknown: LogEvent[];
  segments: Segment[];
  notices: InputNotice[];
}

function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const PROBE: ParseContext = { defaultYear: 2000, defaultZoneOffsetMinutes: 0, state: {} };

/** Can a block start at `line`? Only at a line read line by line that is not the next entry of a multi-line message. */
function cutFriendly(line: string): boolean {
  const kind = strongKind(line);
  if (kind === undefined) return false;
  const f = formatFor(kind);
  if (f.stateful || f.contextMarkers?.length || kind === 'plain') return false;
  PROBE.state = {};
  return !f.parseHead(line, PROBE)?.continuation;
}

/** Content-defined blocks of lines, as [start, end) line indexes. */
export function contentBlocks(lines: readonly string[]): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 1; i < lines.length; i++) {
    const len = i - start;
    if (len >= MAX_BLOCK_LINES || (len >= MIN_BLOCK_LINES && (hashString(lines[i]) & CUT_MASK) === 0 && cutFriendly(lines[i]))) {
      out.push([start, i]);
      start = i;
    }
  }
  if (lines.length > 0) out.push([start, lines.length]);
  return out;
}

const shiftOcc = (o: Occurrence, by: number): Occurrence => ({ ...o, line: o.line + by, endLine: o.endLine + by });

/** Analyses one document again and again, re-reading only the blocks an edit changed. */
export class IncrementalDocument {
  private cache = new Map<string, BlockResult>();
  /** Blocks reused from the cache in the last analysis, and blocks in all. */
  lastStats = { reused: 0, blocks: 0 };

  constructor(private readonly catalogue: Catalogue, private readonly name: string) {}

  /** The diagnosis of `text`, as {@link diagnoseTexts} would give it. */
  analyze(text: string, defaultYear: number): Diagnosis {
    const lines = text.split('\n');
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    const blocks = contentBlocks(lines);
    const next = new Map<string, BlockResult>();
    // An editor document is in memory already: every occurrence is kept, so every one is marked.
    const collector = new RunCollector(this.catalogue);
    const segments: Segment[] = [];
    const notices: InputNotice[] = [];
    let reused = 0;
    for (const [a, b] of blocks) {
      const blockText = lines.slice(a, b).join('\n') + '\n';
      const key = `${defaultYear}:${b - a}:${hashString(blockText)}:${hashString(blockText, 0x9e3779b9)}`;
      let r = next.get(key) ?? this.cache.get(key);
      if (r) reused++;
      else r = this.readBlock(blockText, defaultYear);
      next.set(key, r);
      for (const s of r.steps) collector.onStepMatch(s.sig, s.rule, s.step, shiftOcc(s.occ, a));
      for (const e of r.unknown) collector.onUnknownError({ ...e, line: e.line + a, endLine: e.endLine + a });
      for (const s of r.segments) {
        const seg = { ...s, startLine: s.startLine + a, endLine: s.endLine + a };
        const last = segments[segments.length - 1];
        if (last && last.kind === seg.kind && last.endLine + 1 >= seg.startLine) {
          last.endLine = seg.endLine;
          if (seg.stages) last.stages = [...new Set([...(last.stages ?? []), ...seg.stages])];
        } else segments.push(seg);
      }
      for (const n of r.notices) if (!notices.some((m) => m.message === n.message)) notices.push(n.line === undefined ? n : { ...n, line: n.line + a });
    }
    this.cache = next;
    this.lastStats = { reused, blocks: blocks.length };
    const kinds: LogKind[] = [];
    for (const s of segments) if (!kinds.includes(s.kind)) kinds.push(s.kind);
    if (text.length === 0) notices.push({ level: 'info', message: 'empty input' });
    return buildDiagnosis(this.catalogue, collector, [{ name: this.name, bytes: Buffer.byteLength(text), lines: lines.length, segments, kinds, notices }]);
  }

  private readBlock(text: string, defaultYear: number): BlockResult {
    const result: BlockResult = { lines: 0, steps: [], unknown: [], segments: [], notices: [] };
    const sink: MatchSink = {
      onStepMatch: (sig, rule, step, occ) => { result.steps.push({ sig, rule, step, occ }); },
      onUnknownError: (e) => { result.unknown.push(e); },
    };
    const analyzer = new InputAnalyzer(this.catalogue, sink, 0, this.name, { defaultYear, blockSize: Number.MAX_SAFE_INTEGER });
    analyzer.push(Buffer.from(text, 'utf8'));
    const summary = analyzer.end();
    result.lines = summary.lines;
    result.segments = summary.segments;
    result.notices = summary.notices.filter((n) => n.message !== 'empty input');
    return result;
  }
}
