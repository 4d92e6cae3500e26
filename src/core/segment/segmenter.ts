/**
 * Splits an input's lines into segments of one kind each (a describe, then a journal excerpt, then a
 * Jenkins console). A line is "strong" for the kind that scores it 2 or 3; runs of strong lines of one
 * kind make a segment; weak lines (score 0-1) stay with the segment before them when its grammar can
 * read them at all, otherwise they go with the one after. A shell prompt line starts a new segment.
 * A forced kind makes one segment.
 */
import type { LogGrammar, LogKind, Segment } from '../../model';
import { ALL_GRAMMARS } from '../../../grammars';
import { kindOfCommand, promptCommand } from '../../../grammars/common/shellPrompt';

interface Scored {
  kind: LogKind | undefined;
  score: number;
}

/**
 * How strongly line `i` of the lines being segmented looks like `formats[f]`: `formats[f].detect(text)`,
 * where `text` is that line or a head of it (long lines are detected on their first characters).
 */
export type LineScore = (i: number, f: number, text: string) => number;

/** Detection as it is: every call runs the grammar's `detect`. */
function plainScore(formats: readonly LogGrammar[]): LineScore {
  return (_i, f, text) => formats[f].detect(text);
}

/**
 * Detection scores of one block's lines, remembered by line index for the block's repeated
 * segmentations: the windows around nearby hits overlap (60 lines before each), the sampled
 * segmentation, the hit lines and their continuations detect the same lines again, and detection
 * (every grammar on every line of a window) was 15-18% of the CLI's CPU on dense logs. Detection is a
 * pure function of the line, so the segments are the same. Hand-written rather than a Map keyed by
 * the line's text: a typed array indexed by line and grammar costs no hashing of long strings and no
 * allocation per line. Only a whole line's score is kept; a head of a longer line (`text` shorter
 * than the line) is detected afresh. Drop it with the block.
 */
export class BlockDetection {
  private readonly scores: Int8Array;
  private readonly width: number;

  /** @param lineAt line `i` of the block, without its terminator (the same text on every call) */
  constructor(
    count: number,
    private readonly lineAt: (i: number) => string,
    readonly formats: readonly LogGrammar[] = ALL_GRAMMARS,
  ) {
    this.width = formats.length;
    this.scores = new Int8Array(count * this.width).fill(-1);
  }

  /** {@link LineScore} for block line `i`. */
  readonly score: LineScore = (i, f, text) => {
    if (text.length !== this.lineAt(i).length) return this.formats[f].detect(text);
    const k = i * this.width + f;
    let s = this.scores[k];
    if (s < 0) {
      s = this.formats[f].detect(text);
      // Scores are 0-3; anything else is not kept (and is detected again each time).
      if (s >= 0 && s <= 3 && Number.isInteger(s)) this.scores[k] = s;
    }
    return s;
  };

  /** The same scores for lines `[from, ...)` of the block, numbered from 0 (a window of it). */
  window(from: number): LineScore {
    return (i, f, text) => this.score(from + i, f, text);
  }

  /** {@link strongKind} of block line `i` read from `text` (the line or a head of it). */
  strongKind(i: number, text: string): LogKind | undefined {
    return strongAt(i, text, this.formats, this.score);
  }
}

function bestOf(i: number, line: string, formats: readonly LogGrammar[], score: LineScore): Scored {
  let best: Scored = { kind: undefined, score: 0 };
  for (let f = 0; f < formats.length; f++) {
    if (formats[f].kind === 'plain') continue;
    const s = score(i, f, line);
    if (s > best.score) best = { kind: formats[f].kind, score: s };
    if (s === 3) break;
  }
  return best;
}

/**
 * Kind of a block of weak lines: the command's kind when a prompt named one and its grammar can read
 * the lines, else the most frequent weak-but-positive kind, else plain.
 */
function weakKind(lines: readonly string[], from: number, to: number, formats: readonly LogGrammar[], score: LineScore, hint?: LogGrammar): LogKind {
  const votes = new Map<LogKind, number>();
  for (let i = from; i < to && i < from + 200; i++) {
    for (let f = 0; f < formats.length; f++) {
      const kind = formats[f].kind;
      if (kind !== 'plain' && score(i, f, lines[i]) >= 1) votes.set(kind, (votes.get(kind) ?? 0) + 1);
    }
  }
  const sampled = Math.min(to, from + 200) - from;
  if (hint && (votes.get(hint.kind) ?? 0) >= sampled / 3) return hint.kind;
  let kind: LogKind = 'plain';
  let n = 0;
  for (const [k, v] of votes)
    if (v > n && v >= (to - from) / 3) {
      kind = k;
      n = v;
    }
  return kind;
}

interface Run {
  kind: LogKind;
  start: number;
  end: number;
}

/**
 * Segments for `lines` (0-based array; segments use 1-based line numbers offset by `firstLine - 1`).
 * A shell prompt line (`user@host:~$ journalctl -u kubelet`, `$ kubectl describe node x`) ends what was
 * before it: the lines after it are segmented on their own, their weak lines read as the kind the
 * command prints when it names one. The prompt line goes with the output that follows it.
 * @param forced a kind the user chose: one segment of that kind.
 * @param score detection of `lines[i]` by `formats[f]` (a block's remembered scores; default: `detect`).
 */
export function segmentLines(
  lines: readonly string[],
  forced?: LogKind,
  firstLine = 1,
  formats: readonly LogGrammar[] = ALL_GRAMMARS,
  score: LineScore = plainScore(formats),
): Segment[] {
  if (lines.length === 0) return [];
  if (forced) return [{ kind: forced, startLine: firstLine, endLine: firstLine + lines.length - 1 }];
  const byKind = new Map(formats.map((f, i) => [f.kind, i]));
  const strong: (LogKind | undefined)[] = new Array(lines.length);
  const out: Run[] = [];
  let from = 0;
  let lastPrompt = -1;
  let hint: number | undefined; // index in `formats` of the kind the last prompt's command prints
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length === 0 || line.trim() === '') continue;
    const command = promptCommand(line);
    if (command !== undefined) {
      // What came before goes on its own, unless it is only a prompt with no output (the command
      // printed nothing) or, at the top, a few weak lines (a `# laptop, 09:58 UTC` note): those go
      // with the next command's output.
      const weakTop = from !== lastPrompt && !hasStrong(strong, from, i) && i - from < 20;
      if (i > from && !weakTop && !(from === lastPrompt && onlyBlank(lines, from + 1, i))) {
        out.push(...segmentRegion(lines, strong, from, i, formats, byKind, score, hint));
        from = i;
      }
      lastPrompt = i;
      const k = kindOfCommand(command);
      hint = k === undefined ? undefined : byKind.get(k);
      continue;
    }
    const b = bestOf(i, line.length > 4096 ? line.slice(0, 4096) : line, formats, score);
    if (b.score >= 2) strong[i] = b.kind;
  }
  out.push(...segmentRegion(lines, strong, from, lines.length, formats, byKind, score, hint));
  return out.map((s) => ({ kind: s.kind, startLine: firstLine + s.start, endLine: firstLine + s.end - 1 }));
}

function hasStrong(strong: readonly (LogKind | undefined)[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (strong[i] !== undefined) return true;
  return false;
}

function onlyBlank(lines: readonly string[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (lines[i].trim() !== '') return false;
  return true;
}

/** Runs of one kind for lines [from, to): runs of strong lines, weak gaps resolved against neighbours. */
function segmentRegion(
  lines: readonly string[],
  strong: readonly (LogKind | undefined)[],
  from: number,
  to: number,
  formats: readonly LogGrammar[],
  byKind: Map<LogKind, number>,
  score: LineScore,
  hint: number | undefined,
): Run[] {
  const out: Run[] = [];
  let i = from;
  while (i < to) {
    if (strong[i] === undefined) {
      let j = i;
      while (j < to && strong[j] === undefined) j++;
      const prev = out[out.length - 1];
      const next = j < to ? strong[j] : undefined;
      if (prev && (next === prev.kind || j === to)) {
        prev.end = j;
        i = j;
        continue;
      }
      if (prev) {
        // Give the previous segment the lines its grammar can still read (continuations), the rest to what follows.
        const f = byKind.get(prev.kind);
        let k = i;
        while (k < j && f !== undefined && (lines[k].trim() === '' || score(k, f, lines[k]) >= 1 || /^\s/.test(lines[k]))) k++;
        prev.end = k;
        i = k;
        if (k === j) continue;
      }
      if (next !== undefined && j - i < 20) {
        out.push({ kind: next, start: i, end: j });
      } else {
        out.push({ kind: weakKind(lines, i, j, formats, score, hint === undefined ? undefined : formats[hint]), start: i, end: j });
      }
      i = j;
      continue;
    }
    const kind = strong[i]!;
    let j = i + 1;
    while (j < to && (strong[j] === kind || strong[j] === undefined)) {
      if (strong[j] === undefined) {
        let k = j;
        while (k < to && strong[k] === undefined) k++;
        if (k < to && strong[k] !== kind) break;
        j = k;
        continue;
      }
      j++;
    }
    const prev = out[out.length - 1];
    if (prev && prev.kind === kind && prev.end === i) prev.end = j;
    else out.push({ kind, start: i, end: j });
    i = j;
  }
  return out;
}

/** A block-relative segment: lines [start, end) of one kind. */
export interface BlockSegment {
  kind: LogKind;
  start: number;
  end: number;
}

/** The kind a line is unmistakably written in (score 2-3), or undefined for a weak line. */
export function strongKind(line: string, formats: readonly LogGrammar[] = ALL_GRAMMARS): LogKind | undefined {
  return strongAt(0, line, formats, plainScore(formats));
}

function strongAt(i: number, line: string, formats: readonly LogGrammar[], score: LineScore): LogKind | undefined {
  if (line.trim() === '') return undefined;
  const b = bestOf(i, line.length > 4096 ? line.slice(0, 4096) : line, formats, score);
  return b.score >= 2 ? b.kind : undefined;
}

/**
 * Segments of a large block from sampled lines: every `step`-th line is detected; where two strong
 * samples disagree, the lines between them are detected to place the boundary exactly. A short
 * foreign run that falls between two samples of one kind is not seen here (the fast path reads each
 * hit line with its own kind when that line is unmistakable).
 */
export function segmentSampled(
  count: number,
  lineAt: (i: number) => string,
  step = 32,
  formats: readonly LogGrammar[] = ALL_GRAMMARS,
  score: LineScore = plainScore(formats),
): BlockSegment[] {
  if (count === 0) return [];
  const samples: { i: number; kind: LogKind | undefined }[] = [];
  for (let i = 0; i < count; i += step) samples.push({ i, kind: strongAt(i, lineAt(i), formats, score) });
  let current = samples.find((s) => s.kind !== undefined)?.kind;
  if (current === undefined) {
    const sampled = samples.map((s) => lineAt(s.i));
    return [{ kind: weakKind(sampled, 0, sampled.length, formats, (k, f, text) => score(samples[k].i, f, text)), start: 0, end: count }];
  }
  const segments: BlockSegment[] = [{ kind: current, start: 0, end: count }];
  let lastAgreeing = 0;
  for (const s of samples) {
    if (s.kind === undefined) continue;
    if (s.kind !== current) {
      let boundary = s.i;
      for (let j = lastAgreeing + 1; j < s.i; j++) {
        if (strongAt(j, lineAt(j), formats, score) === s.kind) {
          boundary = j;
          break;
        }
      }
      segments[segments.length - 1].end = boundary;
      segments.push({ kind: s.kind, start: boundary, end: count });
      current = s.kind;
    }
    lastAgreeing = s.i;
  }
  return segments.filter((s) => s.end > s.start);
}
