/**
 * Incremental analysis of an edited document. Its lines live in content-defined blocks
 * ({@link BlockedText}): an edit changes one block (two at most), so the other blocks' matches are
 * replayed from a cache keyed by their content, shifted to their new lines, and the diagnosis is built
 * as if the whole text had been read. The work can be done in slices: between blocks (and pieces of a
 * large block) the caller's `pause` may return a promise to wait on (to let an editor's event loop
 * breathe), or throw to cancel.
 */
import type { Diagnosis, InputNotice, LogEvent, LogKind, Occurrence, Segment } from '../../model';
import type { Catalogue } from '../catalogue/catalogue';
import { RunCollector } from '../diagnose/collector';
import { buildDiagnosisSliced } from '../diagnose/diagnose';
import { judgeUnmatched, type Verdict } from '../diagnose/errorEvidence';
import { templateOf } from '../diagnose/templates';
import type { TableRow } from '../diagnose/crossChecks';
import { BlockedText, hashString, type LineEdit, type TextBlock } from './blockedText';
import { appendSegment } from './blockAnalysis';
import { InputAnalyzer } from './inputAnalyzer';
import type { MatchSink } from './sink';
import { grammarFaultNotice } from './grammarFaults';
import { grouped } from '../grouped';

export { contentBlocks, type LineEdit } from './blockedText';

/** What one block gave, with block-relative lines. */
interface BlockResult {
  steps: { sig: number; rule: number; step: number; occ: Occurrence }[];
  /** Rows of kubectl tables for the cross-line checks. */
  rows: TableRow[];
  /** Unmatched events with their verdicts, and the templates of those kept (templating is the costly part of clustering). */
  unknown: { event: LogEvent; verdict: Verdict; template?: string }[];
  segments: Segment[];
  notices: InputNotice[];
  /** UTF-8 bytes of the block's lines, each with its line end. */
  bytes: number;
  /** UTF-16 characters of its lines, line ends not counted. */
  chars: number;
}

/** Bytes of a block the analyzer reads at a time (a slice of work: ~1-2k lines, a few ms). */
const PIECE_BYTES = 128 * 1024;

/** Called between units of work; a returned promise is awaited first, a throw cancels the analysis. */
export type Pause = () => Promise<void> | undefined;

/** A content key of a block's lines (two 32-bit FNV hashes over the lines and their line ends). */
function blockKey(lines: readonly string[]): string {
  let a = 0x811c9dc5,
    b = 0x9e3779b9;
  for (const l of lines) {
    a = Math.imul(hashString(l, a) ^ 10, 0x01000193) >>> 0;
    b = Math.imul(hashString(l, b) ^ 10, 0x01000193) >>> 0;
  }
  return `${lines.length}:${a.toString(36)}:${b.toString(36)}`;
}

/** A block's results placed at the line it starts at. */
interface Placed {
  result: BlockResult;
  at: number;
  occs: Occurrence[];
  unknown: LogEvent[];
  rows: TableRow[];
}

/** The block's results at line offset `at`, reused while the block neither moved nor changed. */
function placedAt(memo: WeakMap<TextBlock, Placed>, block: TextBlock, result: BlockResult, at: number): Placed {
  let p = memo.get(block);
  if (!p || p.result !== result || p.at !== at) {
    p = {
      result,
      at,
      occs: result.steps.map((s) => ({ ...s.occ, line: s.occ.line + at, endLine: s.occ.endLine + at })),
      unknown: result.unknown.map(({ event: e }) => ({ ...e, line: e.line + at, endLine: e.endLine + at })),
      rows: result.rows.map((r) => ({ ...r, line: r.line + at })),
    };
    memo.set(block, p);
  }
  return p;
}

/** Analyses one document again and again, re-reading only the blocks an edit changed. */
export class IncrementalDocument {
  private readonly text = new BlockedText();
  private cache = new Map<string, BlockResult>();
  /**
   * Per block, its occurrences and unmatched events placed at its lines: typing within lines moves no
   * block, so an analysis allocates only for the blocks that moved (the collector keeps copies of what
   * it is handed, so widening a burst never changes these).
   */
  private readonly placed = new WeakMap<TextBlock, Placed>();
  /**
   * Blocks reused from the cache in the last analysis, blocks in all, and the 1-based line it stopped
   * reading at when its time ran out.
   */
  lastStats: { reused: number; blocks: number; stoppedAtLine?: number } = { reused: 0, blocks: 0 };

  constructor(
    private readonly catalogue: Catalogue,
    private readonly name: string,
  ) {}

  /** Replace the whole text. */
  setText(text: string): void {
    this.text.setLines(text.split('\n'));
  }

  /** Replace the whole text with these lines (as an editor numbers them: the last one may be empty). */
  setLines(lines: string[]): void {
    this.text.setLines(lines);
  }

  /** Apply one edit (0-based lines and UTF-16 characters, as VS Code's content changes give them). */
  applyEdit(edit: LineEdit): void {
    this.text.applyEdit(edit);
  }

  /** The first `maxChars` characters of the document (to read its year from). */
  head(maxChars: number): string {
    return this.text.head(maxChars);
  }

  /** The diagnosis of `text`, as {@link diagnoseTexts} would give it. */
  analyze(text: string, defaultYear: number): Diagnosis {
    this.setText(text);
    return this.diagnose(defaultYear);
  }

  /** The diagnosis of the current text, at once. */
  diagnose(defaultYear: number): Diagnosis {
    const run = this.run(defaultYear);
    for (;;) {
      const r = run.next();
      if (r.done) return r.value;
    }
  }

  /**
   * The diagnosis of the current text, calling `pause` between units of work. Edits meanwhile do not
   * disturb it. When `expired` says so, reading stops before the next block it would have to read
   * (never before the first block: a run always shows something)
   * (blocks read before stay cached, so the next analysis goes on from there) and the diagnosis covers
   * the lines before it, with a warning notice that says where it stopped.
   */
  async diagnoseSliced(defaultYear: number, pause: Pause, expired?: () => boolean): Promise<Diagnosis> {
    const run = this.run(defaultYear, expired);
    for (;;) {
      const r = run.next();
      if (r.done) return r.value;
      const p = pause();
      if (p) await p;
    }
  }

  /** The analysis as a generator that yields between units of work (lines cut, a block merged, a piece of a block read). */
  private *run(defaultYear: number, expired?: () => boolean): Generator<void, Diagnosis> {
    yield* this.text.settle();
    const blocks = this.text.blocks;
    const total = this.text.lines;
    // An editor's document that ends with a line end has an empty last line; a file reader has none.
    const lastLineEmpty = total > 1 && blocks[blocks.length - 1].lines[blocks[blocks.length - 1].lines.length - 1] === '';
    const next = new Map<string, BlockResult>();
    // An editor document is in memory already: every occurrence is kept, so every one is marked.
    const collector = new RunCollector(this.catalogue);
    const segments: Segment[] = [];
    const notices: InputNotice[] = [];
    let reused = 0;
    let stoppedAtLine: number | undefined;
    let bytes = 0;
    let chars = 0;
    let a = 0;
    for (let i = 0; i < blocks.length; i++) {
      const block: TextBlock = blocks[i];
      const own = i === blocks.length - 1 && lastLineEmpty ? block.lines.slice(0, -1) : block.lines;
      block.key ??= blockKey(block.lines);
      const key = `${defaultYear}:${own.length}:${block.key}`;
      let r = next.get(key) ?? this.cache.get(key);
      if (r) reused++;
      else {
        // The first block is always read whole: a limit never leaves a run with nothing to show.
        const limit = i > 0 ? expired : undefined;
        const read = limit?.() ? undefined : yield* this.readBlock(own, defaultYear, limit);
        if (!read) {
          const left = total - a - (lastLineEmpty ? 1 : 0);
          notices.push({
            level: 'warning',
            line: a + 1,
            message: `stopped reading at line ${a + 1}: the analysis reached its time limit, so the ${grouped(left)} line${left === 1 ? '' : 's'} from here on are not analysed`,
          });
          stoppedAtLine = a + 1;
          break;
        }
        r = read;
        // Kept at once: a run cancelled after this block does not lose it.
        this.cache.set(key, r);
      }
      next.set(key, r);
      bytes += r.bytes;
      chars += r.chars;
      const placed = placedAt(this.placed, block, r, a);
      r.steps.forEach((s, k) => collector.onStepMatch(s.sig, s.rule, s.step, placed.occs[k]));
      r.unknown.forEach((u, k) => collector.addJudged(placed.unknown[k], u.verdict, u.template));
      for (const row of placed.rows) collector.onTableRow(row);
      for (const s of r.segments) appendSegment(segments, { ...s, startLine: s.startLine + a, endLine: s.endLine + a });
      for (const n of r.notices) if (!notices.some((m) => m.message === n.message)) notices.push(n.line === undefined ? n : { ...n, line: n.line + a });
      a += own.length;
      // A block from the cache still costs its content hash (once) and its merge.
      yield;
    }
    // A stopped run saw only some blocks: keep the others' results for the next run too.
    if (stoppedAtLine !== undefined) for (const [k, v] of next) this.cache.set(k, v);
    else this.cache = next;
    this.lastStats = { reused, blocks: blocks.length, ...(stoppedAtLine !== undefined ? { stoppedAtLine } : {}) };
    yield;
    const kinds: LogKind[] = [];
    for (const s of segments) if (!kinds.includes(s.kind)) kinds.push(s.kind);
    const lines = chars === 0 && total === 1 ? 0 : lastLineEmpty ? total - 1 : total;
    if (chars === 0 && total === 1) notices.push({ level: 'info', message: 'empty input' });
    return yield* buildDiagnosisSliced(this.catalogue, collector, [
      { name: this.name, bytes: lastLineEmpty ? bytes : bytes - 1, lines, segments, kinds, notices },
    ]);
  }

  /**
   * Read one block. The analyzer gets it in pieces of {@link PIECE_BYTES} (cut at line ends, its own
   * streaming blocks, as when it reads a file), so a large block (a long Jenkins console or describe
   * output is never cut) is read in several slices, and its stateful formats keep their state across them.
   * Undefined when `expired` stopped it between pieces.
   */
  private *readBlock(lines: readonly string[], defaultYear: number, expired?: () => boolean): Generator<void, BlockResult | undefined> {
    const bytes = Buffer.from(lines.join('\n') + '\n', 'utf8');
    let chars = 0;
    for (const l of lines) chars += l.length;
    const result: BlockResult = { steps: [], rows: [], unknown: [], segments: [], notices: [], bytes: bytes.length, chars };
    const sink: MatchSink = {
      onStepMatch: (sig, rule, step, occ) => {
        result.steps.push({ sig, rule, step, occ });
      },
      onTableRow: (row) => {
        result.rows.push(row);
      },
      onUnknownError: (event) => {
        const verdict = judgeUnmatched(event);
        result.unknown.push({ event, verdict, template: verdict.keep ? templateOf(event.message) : undefined });
      },
    };
    const analyzer = new InputAnalyzer(this.catalogue, sink, 0, this.name, { defaultYear, blockSize: PIECE_BYTES, text: true });
    for (let at = 0; at < bytes.length;) {
      const end = Math.min(bytes.length, at + PIECE_BYTES);
      analyzer.push(bytes.subarray(at, end));
      at = end;
      if (at < bytes.length) {
        yield;
        // A large block is read in several slices: stop within it too (its part read is not kept).
        if (expired?.()) return undefined;
      }
    }
    const summary = analyzer.end();
    result.segments = summary.segments;
    result.notices = summary.notices.filter((n) => n.message !== 'empty input');
    const fault = grammarFaultNotice();
    if (fault) result.notices.push(fault);
    return result;
  }
}
