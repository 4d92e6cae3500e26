/**
 * The `plain` fallback: every line is an event, except the continuation lines of Java stack
 * traces, Go panics/goroutine dumps and Python tracebacks. Reads a leading timestamp and a level
 * word when there is one.
 *
 * Sample: `2021-04-13 10:15:02,123 ERROR [main] c.e.App - Connection refused`
 * Specified by: conventions only (details in plainTokens.ts and plainSeverity.ts).
 */
import type { LogGrammar, ParseContext, ParsedHead } from '../../src/model';
import { defineGrammar } from '../common/faults';
import { splitHead } from '../common/lexing';
import { parsePlainLine } from './plainParser';
import { plainToHead } from './plainToEvents';

function detect(line: string): number {
  for (let i = 0; i < line.length && i < 256; i++) {
    const c = line.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return 1;
  }
  return line.length > 256 ? 1 : 0;
}

function parseHead(line: string, ctx: ParseContext): ParsedHead | null {
  const { head, rest } = splitHead(line);
  const parsed = parsePlainLine(head);
  if (!parsed.value || parsed.parseErrors.length > 0) return { timestamp: null, message: line };
  const out = plainToHead(parsed.value, head, ctx);
  if (out && rest) out.message += rest;
  return out;
}

/**
 * The fallback grammar (kind `plain`): any text. A Python traceback's header and a Go panic's or
 * goroutine's first line open the trace state its later lines are read in (plainToEvents.ts).
 */
export const plainGrammar: LogGrammar = defineGrammar({
  kind: 'plain',
  detect,
  parseHead,
  stateOpeners: ['Traceback (most recent call last):', 'panic: ', 'goroutine '],
});
