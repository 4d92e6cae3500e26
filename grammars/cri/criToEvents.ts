/**
 * Turns a parsed CRI line into a ParsedHead: `P` lines are partial (kubelet splits container
 * output at 16 KiB; the next line continues the message without a line break), the stream goes to
 * `fields.stream`, the severity comes from the payload's own level word.
 * Sample: `2021-04-13T10:15:02.123456789Z stderr F panic: runtime error: invalid memory address`.
 * Format notes in criTokens.ts.
 */
import type { ParseContext, ParsedHead } from '../../src/model';
import { parseIsoPrefix } from '../common/time';
import { severityFromWords } from '../plain/plainSeverity';
import type { CriLine } from './criParser';

/** The ParsedHead of a parsed CRI line. */
export function criToHead(line: CriLine, ctx: ParseContext): ParsedHead {
  const ts = parseIsoPrefix(line.time, ctx);
  const head: ParsedHead = { timestamp: ts ? ts.timestamp : null, message: line.message, fields: { stream: line.stream } };
  if (ts?.inferred) head.timestampInferred = true;
  if (line.tags.includes('P')) head.partial = true;
  const severity = severityFromWords(line.message);
  if (severity) head.severity = severity;
  return head;
}
