/**
 * logrus text lines (dockerd, containerd, docker CLI, many Go daemons).
 *
 * Sample: `time="2021-04-13T10:15:02.123456789Z" level=error msg="Handler for POST /v1.40/containers/create returned error: ..." module=grpc`
 * Specified by: github.com/sirupsen/logrus text_formatter.go (details in logrusTokens.ts).
 */
import type { LogGrammar, ParseContext, ParsedHead } from '../../src/model';
import { defineGrammar } from '../common/faults';
import { splitHead } from '../common/lexing';
import { parseLogrusLine } from './logrusParser';
import { logrusToHead } from './logrusToEvents';

/**
 * Parse a logrus payload: a whole line, or the text after a journal/syslog header
 * (`dockerd[99]: time="..." level=error msg="..."`). Returns null when the text is not logrus
 * (needs `level=` and a `msg=` or `time=`). Never throws. Lines past 64 KiB are lexed only up to
 * the limit; the rest is appended to the message.
 */
export function parseLogrusPayload(text: string, ctx: ParseContext): ParsedHead | null {
  if (!text.includes('level=')) return null;
  const { head, rest } = splitHead(text);
  const parsed = parseLogrusLine(head);
  if (!parsed.value) return null;
  const out = logrusToHead(parsed.value, ctx);
  if (out && rest) out.message += rest;
  return out;
}

function detect(line: string): number {
  const c = line.charCodeAt(0);
  if (c !== 0x74 /* t */ && c !== 0x6c /* l */) return 0;
  const start = line.slice(0, 64);
  if (start.startsWith('time="') && /^time="[^"]+" level=\w+ /.test(start)) return 3;
  if (/^level=(?:trace|debug|info|warn|warning|error|fatal|panic) msg=/.test(start)) return 2;
  return start.startsWith('time=') && line.includes(' level=') ? 1 : 0;
}

function parseHead(line: string, ctx: ParseContext): ParsedHead | null {
  return parseLogrusPayload(line, ctx);
}

/** The logrus grammar (kind `logrus`). */
export const logrusGrammar: LogGrammar = defineGrammar({ kind: 'logrus', detect, parseHead });
