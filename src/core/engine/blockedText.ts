/**
 * A document's lines kept in content-defined blocks, edited in place. A cut falls before a line whose
 * hash picks it and which is unmistakably of a kind read line by line (klog, journal, dmesg, syslog,
 * docker/CRI/logrus), never inside a table, a describe or a Jenkins stage. Cuts depend only on the
 * lines since the previous cut, so after an edit the blocks are cut again from the edit until a cut
 * falls on an old boundary again: an edit costs the lines of the one or two blocks it touches, not the
 * whole document, and the blocks are exactly those {@link contentBlocks} gives for the whole text.
 */
import type { LogKind, ParseContext } from '../../model';
import { grammarFor } from '../../../grammars';
import { strongKind } from '../segment/segmenter';

/** Fewest and most lines in a block. */
const MIN_BLOCK_LINES = 400;
const MAX_BLOCK_LINES = 20_000;
/** One line in this many is a cut candidate (by hash). */
const CUT_MASK = 31;
/** Characters of a line hashed to pick cut candidates (its timestamp and source vary enough). */
const CUT_HASH_CHARS = 128;
/** Lines cut between two yields of {@link BlockedText.settle}. */
const CUT_SLICE_LINES = 10_000;

/** One block: its lines (without line ends) and, once computed, the hash of its content. */
export interface TextBlock {
  readonly lines: readonly string[];
  /** Content hash, computed when the block is first read. */
  key?: string;
}

/** An edit as VS Code describes it: 0-based line and UTF-16 character positions, replaced by `text`. */
export interface LineEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/** FNV-1a over the string's UTF-16 units, from `seed`. */
export function hashString(s: string, seed = 0x811c9dc5, max = s.length): number {
  let h = seed >>> 0;
  const n = Math.min(max, s.length);
  for (let i = 0; i < n; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const PROBE: ParseContext = { defaultYear: 2000, defaultZoneOffsetMinutes: 0, state: {} };

/** Can a block start at `line` of this kind? Only at a line read line by line that is not the next entry of a multi-line message. */
function cutFriendly(line: string, kind: LogKind | undefined): boolean {
  if (kind === undefined) return false;
  const f = grammarFor(kind);
  if (f.stateful || f.contextMarkers?.length || kind === 'plain') return false;
  PROBE.state = {};
  return !f.parseHead(line, PROBE)?.continuation;
}

/** May a block start with this line (when the block before it is long enough)? */
function cutCandidate(line: string): boolean {
  return (hashString(line, undefined, CUT_HASH_CHARS) & CUT_MASK) === 0 && cutFriendly(line, strongKind(line));
}

/** Does a block start at the line `line`, when the block before it has `len` lines? */
function cutsBefore(line: string, len: number): boolean {
  return len >= MAX_BLOCK_LINES || (len >= MIN_BLOCK_LINES && cutCandidate(line));
}

/** Where blocks start in `lines[from..to)`, given that one starts at `from` (which is not listed). */
function cuts(lines: readonly string[], from: number, to: number): number[] {
  const out: number[] = [];
  let start = from;
  for (let i = from + 1; i < to; i++) {
    if (cutsBefore(lines[i], i - start)) {
      out.push(i);
      start = i;
    }
  }
  return out;
}

/** Content-defined blocks of lines, as [start, end) line indexes. */
export function contentBlocks(lines: readonly string[]): [number, number][] {
  if (lines.length === 0) return [];
  const bounds = [0, ...cuts(lines, 0, lines.length), lines.length];
  return bounds.slice(1).map((b, i) => [bounds[i], b]);
}

/** The blocks of one document. Block objects are never changed, only replaced, so a reader may keep a snapshot. */
export class BlockedText {
  // An empty document has one empty line, as in an editor.
  private list: TextBlock[] = [{ lines: [''] }];
  private lineCount = 1;

  /** Lines set but not cut into blocks yet (see {@link settle}). */
  private pending: string[] | undefined;

  /** Replace the whole text with these lines; they are cut into blocks when first needed. */
  setLines(lines: string[]): void {
    this.pending = lines.length ? lines : [''];
    this.lineCount = this.pending.length;
    this.list = [];
  }

  /** Cut lines set by {@link setLines}, yielding every {@link CUT_SLICE_LINES} lines (the cut hashes each line). */
  *settle(): Generator<void> {
    const lines = this.pending;
    if (!lines) return;
    const bounds = [0];
    let start = 0;
    for (let i = 1; i < lines.length; i++) {
      if (cutsBefore(lines[i], i - start)) {
        bounds.push(i);
        start = i;
      }
      if (i % CUT_SLICE_LINES === 0) {
        yield;
        if (this.pending !== lines) return; // replaced, or cut at once by an edit meanwhile
      }
    }
    bounds.push(lines.length);
    this.pending = undefined;
    this.list = bounds.slice(1).map((b, k) => ({ lines: lines.slice(bounds[k], b) }));
  }

  private cutNow(): void {
    for (const _ of this.settle()) {
      /* at once */
    }
  }

  /** The current blocks (a snapshot: later edits replace the array, never change it). */
  get blocks(): readonly TextBlock[] {
    this.cutNow();
    return this.list;
  }

  /** Lines in the document. */
  get lines(): number {
    return this.lineCount;
  }

  /** The first lines of the document joined with `\n`, at most about `maxChars` characters. */
  head(maxChars: number): string {
    const parts: string[] = [];
    let n = 0;
    for (const lines of this.pending ? [this.pending] : this.list.map((b) => b.lines)) {
      for (const l of lines) {
        if (n >= maxChars) return parts.join('\n').slice(0, maxChars);
        parts.push(l);
        n += l.length + 1;
      }
    }
    return parts.join('\n').slice(0, maxChars);
  }

  /**
   * Apply one edit. Positions past the end are clamped, as VS Code does. Only the blocks from the one
   * before the edit to the first cut that falls on an old boundary again are cut anew.
   */
  applyEdit(edit: LineEdit): void {
    this.cutNow();
    const starts: number[] = [];
    let n = 0;
    for (const b of this.list) {
      starts.push(n);
      n += b.lines.length;
    }
    const clampLine = (l: number): number => Math.max(0, Math.min(l, n - 1));
    const sl = clampLine(edit.range.start.line);
    const el = Math.max(sl, clampLine(edit.range.end.line));
    const blockOf = (line: number): number => {
      let lo = 0,
        hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= line) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    // Start one block early: the edited line may have been (or become) the cut that began its block.
    let first = blockOf(sl);
    if (first > 0 && sl === starts[first]) first--;
    const last = blockOf(el);
    // Loops and array literals, never push(...lines) or splice(..., ...lines): a paste may hold more
    // lines than a call may take arguments.
    let region: string[] = [];
    for (let b = first; b <= last; b++) for (const l of this.list[b].lines) region.push(l);
    const base = starts[first];
    const startLine = region[sl - base];
    const endLine = region[el - base];
    const sc = Math.min(edit.range.start.character, startLine.length);
    const ec = el === sl ? Math.max(sc, Math.min(edit.range.end.character, endLine.length)) : Math.min(edit.range.end.character, endLine.length);
    const inserted = (startLine.slice(0, sc) + edit.text + endLine.slice(ec)).split('\n');
    region = [...region.slice(0, sl - base), ...inserted, ...region.slice(el - base + 1)];
    this.lineCount += inserted.length - (el - sl + 1);

    // Cut the region again; past its end, take in following blocks until a block starts at its end
    // again (an old boundary): from there on, the old cuts are the cuts.
    const bounds = cuts(region, 0, region.length);
    let next = last + 1;
    while (next < this.list.length) {
      const tailStart = bounds.length ? bounds[bounds.length - 1] : 0;
      if (cutsBefore(this.list[next].lines[0], region.length - tailStart)) break;
      for (const l of this.list[next].lines) region.push(l);
      next++;
      // The block that started there no longer does: cut on from the last cut (none falls before it).
      for (const c of cuts(region, tailStart, region.length)) bounds.push(c);
    }
    const all = [0, ...bounds, region.length];
    const fresh: TextBlock[] = [];
    for (let i = 1; i < all.length; i++) fresh.push({ lines: region.slice(all[i - 1], all[i]) });
    this.list = [...this.list.slice(0, first), ...fresh, ...this.list.slice(next)];
  }
}
