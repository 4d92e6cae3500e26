/**
 * Turns a parsed plain line into a ParsedHead, or null for a continuation of a multi-line event.
 * Keeps which trace is open (`java`, `go`, `python`) in the segment state, because Go frames
 * (`main.main()`) and the last line of a Python traceback (`ValueError: bad`) are only
 * continuations after their header.
 * Sample: `Traceback (most recent call last):`. Format notes in plainTokens.ts.
 */
import type { ParseContext, ParsedHead } from '../../src/model';
import { GO_FRAME } from '../common/multiLine';
import { fromParts, monthIndex, parseIsoPrefix, type ReadTime } from '../common/time';
import type { PlainLine } from './plainParser';
import { severityFromWords } from './plainSeverity';
import { GoStamp, Goroutine, Indent, IsoStamp, JavaFrame, Panic, Traceback } from './plainTokens';

/** The multi-line event a plain segment is inside of, if any. */
export type PlainTrace = 'java' | 'go' | 'python' | undefined;

const PY_CHAIN = /^(?:During handling of the above exception|The above exception was the direct cause)/;
const PY_EXCEPTION = /^[A-Za-z_][\w.]*(?::|$)/;
const JAVA_EXCEPTION = /^(?:Exception in thread "[^"]*" )?[\w$]+(?:\.[\w$]+)+(?:Exception|Error|Throwable)\b/;
const GO_DATE = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?/;
const SHORT_DATE = /^(\w{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?/;

function ms(frac: string | undefined): number {
  return frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
}

function readStamp(img: string, type: unknown, ctx: ParseContext): ReadTime | null {
  if (type === IsoStamp) return parseIsoPrefix(img.replace(/^\[/, ''), ctx);
  const g = (type === GoStamp ? GO_DATE : SHORT_DATE).exec(img);
  if (!g) return null;
  if (type === GoStamp) {
    return fromParts(ctx, { year: +g[1], month: +g[2] - 1, day: +g[3], hour: +g[4], minute: +g[5], second: +g[6], ms: ms(g[7]) });
  }
  return fromParts(ctx, { month: monthIndex(g[1]), day: +g[2].trim(), hour: +g[3], minute: +g[4], second: +g[5], ms: ms(g[6]) });
}

/** True when `body` (a line without indentation) continues the open trace. */
function continuesTrace(trace: PlainTrace, body: string, ctx: ParseContext): boolean {
  if (trace === 'go') return GO_FRAME.test(body);
  if (trace === 'python') {
    if (PY_CHAIN.test(body)) return true;
    if (PY_EXCEPTION.test(body)) {
      ctx.state.plainTrace = undefined; // the exception line closes the traceback
      return true;
    }
  }
  return false;
}

/** The ParsedHead of a parsed line, or null when it continues the previous event. */
export function plainToHead(line: PlainLine, raw: string, ctx: ParseContext): ParsedHead | null {
  const trace = ctx.state.plainTrace as PlainTrace;
  const type = line.marker?.tokenType;
  if (type === JavaFrame) return null;
  if (!line.stamp && line.body.trim() === '') return null; // blank lines join the event above
  if (!line.stamp && trace !== undefined && (type === Indent || continuesTrace(trace, line.body, ctx))) return null;

  let next: PlainTrace;
  if (type === Goroutine || type === Panic) next = 'go';
  else if (type === Traceback) next = 'python';
  else if (JAVA_EXCEPTION.test(line.body)) next = 'java';
  ctx.state.plainTrace = next;

  const time = line.stamp ? readStamp(line.stamp.image, line.stamp.tokenType, ctx) : null;
  const message = line.stamp ? line.body : type === Indent ? raw : line.body;
  const head: ParsedHead = { timestamp: time ? time.timestamp : null, message: message.replace(/\r$/, '') };
  if (time?.inferred) head.timestampInferred = true;
  const severity = type === Panic ? 'critical' : type === Traceback || next === 'java' ? 'error' : severityFromWords(line.body);
  if (severity) head.severity = severity;
  return head;
}
