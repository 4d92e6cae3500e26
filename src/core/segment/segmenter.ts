/**
 * Splits an input's lines into segments of one kind each (a describe, then a journal excerpt, then a
 * Jenkins console). A line is "strong" for the kind that scores it 2 or 3; runs of strong lines of one
 * kind make a segment; weak lines (score 0-1) stay with the segment before them when its grammar can
 * read them at all, otherwise they go with the one after. A shell prompt line starts a new segment.
 * A forced kind makes one segment.
 */
import type { LogFormat, LogKind, Segment } from '../../model';
import { ALL_FORMATS } from '../../../grammars';
import { kindOfCommand, promptCommand } from '../../../grammars/common/shellPrompt';

interface Scored { kind: LogKind | undefined; score: number }

/**
 * The formats with each `detect` remembered per line text, for one block's repeated local
 * segmentations: the windows around nearby hits overlap (60 lines before each), and detection (every
 * grammar on every line of the window) was 15-18% of the CLI's CPU on dense logs. Detection is a pure
 * function of the line, so the segments are the same. Drop the result with the block.
 */
export function rememberingDetect(formats: readonly LogFormat[] = ALL_FORMATS): LogFormat[] {
  return formats.map((f) => {
    const seen = new Map<string, number>();
    return {
      ...f,
      detect(line: string): number {
        let s = seen.get(line);
        if (s === undefined) seen.set(line, (s = f.detect(line)));
        return s;
      },
    };
  });
}

function bestOf(line: string, formats: readonly LogFormat[]): Scored {
  let best: Scored = { kind: undefined, score: 0 };
  for (const f of formats) {
    if (f.kind === 'plain') continue;
    const s = f.detect(line);
    if (s > best.score) best = { kind: f.kind, score: s };
    if (s === 3) break;
  }
  return best;
}

/**
 * Kind of a block of weak lines: the command's kind when a prompt named one and its grammar can read
 * the lines, else the most frequent weak-but-positive kind, else plain.
 */
function weakKind(lines: readonly string[], from: number, to: number, formats: readonly LogFormat[], hint?: LogFormat): LogKind {
  const votes = new Map<LogKind, number>();
  for (let i = from; i < to && i < from + 200; i++) {
    for (const f of formats) if (f.kind !== 'plain' && f.detect(lines[i]) >= 1) votes.set(f.kind, (votes.get(f.kind) ?? 0) + 1);
  }
  const sampled = Math.min(to, from + 200) - from;
  if (hint && (votes.get(hint.kind) ?? 0) >= sampled / 3) return hint.kind;
  let kind: LogKind = 'plain';
  let n = 0;
  for (const [k, v] of votes) if (v > n && v >= (to - from) / 3) { kind = k; n = v; }
  return kind;
}

interface Run { kind: LogKind; start: number; end: number }

/**
 * Segments for `lines` (0-based array; segments use 1-based line numbers offset by `firstLine - 1`).
 * A shell prompt line (`user@host:~$ journalctl -u kubelet`, `$ kubectl describe node x`) ends what was
 * before it: the lines after it are segmented on their own, their weak lines read as the kind the
 * command prints when it names one. The prompt line goes with the output that follows it.
 * @param forced a kind the user chose: one segment of that kind.
 */
export function segmentLines(lines: readonly string[], forced?: LogKind, firstLine = 1, formats: readonly LogFormat[] = ALL_FORMATS): Segment[] {
  if (lines.length === 0) return [];
  if (forced) return [{ kind: forced, startLine: firstLine, endLine: firstLine + lines.length - 1 }];
  const byKind = new Map(formats.map((f) => [f.kind, f]));
  const strong: (LogKind | undefined)[] = new Array(lines.length);
  const out: Run[] = [];
  let from = 0;
  let lastPrompt = -1;
  let hint: LogFormat | undefined;
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
        out.push(...segmentRegion(lines, strong, from, i, formats, byKind, hint));
        from = i;
      }
      lastPrompt = i;
      const k = kindOfCommand(command);
      hint = k === undefined ? undefined : byKind.get(k);
      continue;
    }
    const b = bestOf(line.length > 4096 ? line.slice(0, 4096) : line, formats);
    if (b.score >= 2) strong[i] = b.kind;
  }
  out.push(...segmentRegion(lines, strong, from, lines.length, formats, byKind, hint));
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
  lines: readonly string[], strong: readonly (LogKind | undefined)[], from: number, to: number,
  formats: readonly LogFormat[], byKind: Map<LogKind, LogFormat>, hint: LogFormat | undefined,
): Run[] {
  const out: Run[] = [];
  let i = from;
  while (i < to) {
    if (strong[i] === undefined) {
      let j = i;
      while (j < to && strong[j] === undefined) j++;
      const prev = out[out.length - 1];
      const next = j < to ? strong[j] : undefined;
      if (prev && (next === prev.kind || j === to)) { prev.end = j; i = j; continue; }
      if (prev) {
        // Give the previous segment the lines its grammar can still read (continuations), the rest to what follows.
        const f = byKind.get(prev.kind);
        let k = i;
        while (k < j && f && (lines[k].trim() === '' || f.detect(lines[k]) >= 1 || /^\s/.test(lines[k]))) k++;
        prev.end = k;
        i = k;
        if (k === j) continue;
      }
      if (next !== undefined && j - i < 20) {
        out.push({ kind: next, start: i, end: j });
      } else {
        out.push({ kind: weakKind(lines, i, j, formats, hint), start: i, end: j });
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
export function strongKind(line: string, formats: readonly LogFormat[] = ALL_FORMATS): LogKind | undefined {
  if (line.trim() === '') return undefined;
  const b = bestOf(line.length > 4096 ? line.slice(0, 4096) : line, formats);
  return b.score >= 2 ? b.kind : undefined;
}

/**
 * Segments of a large block from sampled lines: every `step`-th line is detected; where two strong
 * samples disagree, the lines between them are detected to place the boundary exactly. A short
 * foreign run that falls between two samples of one kind is not seen here (the fast path reads each
 * hit line with its own kind when that line is unmistakable).
 */
export function segmentSampled(count: number, lineAt: (i: number) => string, step = 32, formats: readonly LogFormat[] = ALL_FORMATS): BlockSegment[] {
  if (count === 0) return [];
  const samples: { i: number; kind: LogKind | undefined }[] = [];
  for (let i = 0; i < count; i += step) samples.push({ i, kind: strongKind(lineAt(i), formats) });
  let current = samples.find((s) => s.kind !== undefined)?.kind;
  if (current === undefined) {
    const sampled = samples.map((s) => lineAt(s.i));
    return [{ kind: weakKind(sampled, 0, sampled.length, formats), start: 0, end: count }];
  }
  const segments: BlockSegment[] = [{ kind: current, start: 0, end: count }];
  let lastAgreeing = 0;
  for (const s of samples) {
    if (s.kind === undefined) continue;
    if (s.kind !== current) {
      let boundary = s.i;
      for (let j = lastAgreeing + 1; j < s.i; j++) {
        if (strongKind(lineAt(j), formats) === s.kind) { boundary = j; break; }
      }
      segments[segments.length - 1].end = boundary;
      segments.push({ kind: s.kind, start: boundary, end: count });
      current = s.kind;
    }
    lastAgreeing = s.i;
  }
  return segments.filter((s) => s.end > s.start);
}
