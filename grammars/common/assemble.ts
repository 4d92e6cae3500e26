/**
 * Turns the lines of one segment into events with a grammar: a header line starts an event, a
 * continuation line (stack trace, wrapped text, CRI partial, the next entry of a multi-line journal
 * message) joins the previous one. Used by the engine and by each grammar's tests, so both see the
 * same events.
 */
import type { LogEvent, LogFormat, ParseContext } from '../../src/model';
import { joinsEntry } from './multiLine';
import { extractRefs } from './refs';
import { promptCommand } from './shellPrompt';

/** A fresh parse context. */
export function newContext(defaultYear: number, defaultZoneOffsetMinutes = 0): ParseContext {
  return { defaultYear, defaultZoneOffsetMinutes, state: {} };
}

/** Most lines one event may absorb as continuations before a new event is forced (bounds memory). */
export const MAX_CONTINUATION_LINES = 200;

/**
 * Read `lines` (already split, no line terminators) as one segment of `format`.
 * `firstLine` is the 1-based line number of `lines[0]` in its input.
 */
export function assembleEvents(
  lines: readonly string[],
  format: LogFormat,
  ctx: ParseContext,
  input = 0,
  firstLine = 1,
): LogEvent[] {
  const events: LogEvent[] = [];
  let current: LogEvent | undefined;
  let lastStamp: number | null = null; // of the current event's last entry
  let joinNext = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const lineNo = firstLine + i;
    const head = format.parseHead(raw, ctx);
    const room = current !== undefined && (current.endLine - current.line) < MAX_CONTINUATION_LINES;
    // A shell prompt (`$ journalctl -u kubelet`) starts the next command's output, never continues this one.
    if (head === null && current && room && !joinNext && !format.startsOwnEvent?.(raw) && promptCommand(raw) === undefined) {
      current.endLine = lineNo;
      current.text += '\n' + raw;
      if (raw.trim() !== '') current.message += '\n' + raw;
      continue;
    }
    if (head !== null && current && room && !joinNext && joinsEntry(current, lastStamp, head)) {
      // The next line of a multi-line message, written as an entry of its own (journald, syslog).
      current.endLine = lineNo;
      current.text += '\n' + raw;
      if (head.continuation !== 'blank') current.message += '\n' + head.message;
      lastStamp = head.timestamp;
      continue;
    }
    if (head !== null && current && joinNext) {
      // CRI partial line: the message continues without a line break.
      current.endLine = lineNo;
      current.text += '\n' + raw;
      current.message += head.message;
      joinNext = head.partial === true;
      continue;
    }
    const h = head ?? { timestamp: null, message: raw };
    current = {
      input,
      line: lineNo,
      endLine: lineNo,
      kind: format.kind,
      timestamp: h.timestamp,
      message: h.message,
      text: raw,
      refs: h.refs ?? {},
    };
    if (h.timestampInferred) current.timestampInferred = true;
    if (h.source !== undefined) current.source = h.source;
    if (h.host !== undefined) current.host = h.host;
    if (h.unit !== undefined) current.unit = h.unit;
    if (h.pid !== undefined) current.pid = h.pid;
    if (h.severity !== undefined) current.severity = h.severity;
    if (h.fields !== undefined) current.fields = h.fields;
    joinNext = head?.partial === true;
    lastStamp = h.timestamp;
    events.push(current);
  }
  for (const e of events) e.refs = extractRefs(e.message, e.refs);
  return events;
}
