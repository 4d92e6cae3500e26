/**
 * Does a text look like a log? The editor asks before it reads a document that is neither a log by
 * name nor pasted text (a `.txt` holding `kubectl describe` output, a YAML manifest, a shell script),
 * so a real file of another language is not flooded with findings.
 *
 * The answer uses the grammars' own line detection, the way the segmenter does. A line is anchored
 * when a grammar scores it strong (2-3) or the plain grammar reads a head at its start (a timestamp,
 * a stack trace or Go panic). A line is claimed when it is anchored, when the grammar of the last
 * anchor can still read it (a describe field, a `kubectl get` row), or when it continues a claimed
 * line as the segmenter lets a segment continue (an indented line, an empty `Key:`). The confidence
 * is the share of non-blank lines claimed. Measured on this repository's fixtures and examples and
 * on some 4,400 YAML, shell, JSON, Markdown and source files: every fixture a grammar covers but the
 * old `kubectl get events` layout is a log, none of the others is.
 */
import type { LogGrammar, LogKind } from '../../model';
import { ALL_GRAMMARS } from '../../../grammars';
import { plainLexer } from '../../../grammars/plain/plainLexer';
import { GoStamp, Goroutine, IsoStamp, JavaFrame, Panic, ShortStamp, Traceback } from '../../../grammars/plain/plainTokens';
import { strongKind } from './segmenter';

/** What the head of a text looks like. */
export interface LogSniff {
  /** True when the head reads as a log: at least {@link MIN_CONFIDENCE} of its lines claimed. */
  isLog: boolean;
  /** Share of the non-blank lines read claimed by a grammar (0-1). */
  confidence: number;
  /** The kind claiming most lines (`plain` for timestamped lines no other grammar reads), if any. */
  kind?: LogKind;
  /** Non-blank lines read. */
  lines: number;
  /** Lines a grammar claimed outright (strong, or timestamped). */
  anchored: number;
}

/** Share of claimed lines above which a head is a log (a `kubectl describe` claims 0.6-0.9, manifests and scripts near 0). */
export const MIN_CONFIDENCE = 0.5;
/** Lines of the head read at most. */
export const SNIFF_LINES = 200;
/** Characters of the head read at most. */
export const SNIFF_CHARS = 64 * 1024;

/** A key with no value (`Init Containers:`, `IP:`): a section of a describe, or an empty field. */
const EMPTY_KEY = /^[A-Z][\w ()./-]*:\s*$/;
/** The heads the plain grammar reads: a leading timestamp, or the start of a stack trace or Go panic. */
const PLAIN_HEADS = new Set([IsoStamp, GoStamp, ShortStamp, JavaFrame, Goroutine, Panic, Traceback]);

/** True when the plain grammar reads a head at the start of the line (`2021-09-16 14:00:02 ...`, `\tat a.B(B.java:1)`). */
function plainHead(line: string): boolean {
  const first = plainLexer().tokenize(line.length > 80 ? line.slice(0, 80) : line).tokens[0];
  return first !== undefined && PLAIN_HEADS.has(first.tokenType);
}

/**
 * Sniff the head of a text (only its first {@link SNIFF_LINES} non-blank lines, within
 * {@link SNIFF_CHARS} characters, are read). Besides the share, a log needs an anchored line and
 * two claimed ones (one in a one-line text): a `kubectl get` table is one header and rows the
 * grammar reads weakly; a lone `Status:   Failed` proves nothing.
 */
export function sniffLog(text: string, formats: readonly LogGrammar[] = ALL_GRAMMARS): LogSniff {
  const head = text.length > SNIFF_CHARS ? text.slice(0, SNIFF_CHARS) : text;
  const byKind = new Map(formats.map((f) => [f.kind, f]));
  const votes = new Map<LogKind, number>();
  let lines = 0;
  let anchored = 0;
  let claimed = 0;
  let current: LogGrammar | undefined;
  let previousClaimed = false;
  let from = 0;
  while (from <= head.length && lines < SNIFF_LINES) {
    let to = head.indexOf('\n', from);
    if (to < 0) to = head.length;
    const line = head.charCodeAt(to - 1) === 0x0d ? head.slice(from, to - 1) : head.slice(from, to);
    from = to + 1;
    if (line.trim() === '') continue;
    lines++;
    let kind: LogKind | undefined = strongKind(line, formats);
    if (kind === undefined && plainHead(line)) kind = 'plain';
    if (kind !== undefined) {
      anchored++;
      current = byKind.get(kind);
    } else if (current && current.kind !== 'plain' && current.detect(line) >= 1) {
      kind = current.kind;
    } else if (current && previousClaimed && (/^\s/.test(line) || EMPTY_KEY.test(line))) {
      // Indented lines and empty keys continue a block (a describe section, a stack trace), not a file of code.
      kind = current.kind;
    }
    previousClaimed = kind !== undefined;
    if (kind !== undefined) {
      claimed++;
      votes.set(kind, (votes.get(kind) ?? 0) + 1);
    }
  }
  let kind: LogKind | undefined;
  let most = 0;
  for (const [k, n] of votes)
    if (n > most) {
      kind = k;
      most = n;
    }
  const confidence = lines ? claimed / lines : 0;
  const enough = anchored >= 1 && claimed >= Math.min(2, lines);
  return { isLog: enough && confidence >= MIN_CONFIDENCE, confidence, kind, lines, anchored };
}

/** True when the head of `text` reads as a log (see {@link sniffLog}). */
export function looksLikeLog(text: string): boolean {
  return sniffLog(text).isLog;
}
