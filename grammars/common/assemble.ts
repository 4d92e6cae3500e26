/**
 * Turns the lines of one segment into events with a grammar: a header line starts an event, a
 * continuation line (stack trace, wrapped text, CRI partial, the next entry of a multi-line journal
 * message, the lines of a value printed over several lines: bracketRuns.ts) joins the previous one.
 * Used by the engine and by each grammar's tests, so both see the same events.
 */
import type { LogEvent, LogGrammar, ParseContext, ParsedHead } from '../../src/model';
import { BRACKET_RUN_MAX_BYTES, BRACKET_RUN_MAX_LINES, bracketProfile, dumpShaped, openAfter } from './bracketRuns';
import { joinsEntry, SAME_MOMENT_MS } from './multiLine';
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
export function assembleEvents(lines: readonly string[], format: LogGrammar, ctx: ParseContext, input = 0, firstLine = 1): LogEvent[] {
  // Every line's head first, in order (grammars keep state from line to line): a bracket run decides
  // whether a line joins the event before it by looking at the lines after it.
  const heads = lines.map((raw) => format.parseHead(raw, ctx));
  const events: LogEvent[] = [];
  let current: LogEvent | undefined;
  let lastStamp: number | null = null; // of the current event's last entry
  let joinNext = false;
  const run = new RunState();
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const lineNo = firstLine + i;
    const head = heads[i];
    const room = current !== undefined && current.endLine - current.line < MAX_CONTINUATION_LINES;
    // A shell prompt (`$ journalctl -u kubelet`) starts the next command's output, never continues this one.
    if (head === null && current && room && !joinNext && !format.startsOwnEvent?.(raw) && promptCommand(raw) === undefined) {
      current.endLine = lineNo;
      current.text += '\n' + raw;
      if (raw.trim() !== '') current.message += run.separator() + raw;
      run.add(i, raw, raw);
      continue;
    }
    if (
      head !== null &&
      current &&
      room &&
      !joinNext &&
      (i <= run.until || joinsEntry(current, lastStamp, head) || run.closesAt(i, lines, heads, current, lastStamp) >= 0)
    ) {
      // The next line of a multi-line message, written as an entry of its own (journald, syslog), or
      // a line of a value printed over several lines that a bracket run holds together.
      current.endLine = lineNo;
      current.text += '\n' + raw;
      if (head.continuation !== 'blank') current.message += run.separator() + head.message;
      if (head.timestamp !== null) lastStamp = head.timestamp;
      run.add(i, raw, head.message);
      continue;
    }
    if (head !== null && current && joinNext) {
      // CRI partial line: the message continues without a line break.
      current.endLine = lineNo;
      current.text += '\n' + raw;
      current.message += head.message;
      joinNext = head.partial === true;
      run.add(i, raw, head.message);
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
    run.reset();
    run.add(i, raw, h.message);
    events.push(current);
  }
  for (const e of events) e.refs = extractRefs(e.message, e.refs);
  return events;
}

/**
 * Can line `raw` (read as `head`) be a line of a bracket run in `current`, the line before stamped
 * `lastStamp`? A line the grammar continues anyway; else a dump-shaped line that is no entry of its
 * own: without a stamp, no level word or fields; with one, the same writer in the same moment (a
 * journal records every line a process writes as an entry).
 */
function runLine(raw: string, head: ParsedHead | null, current: LogEvent, lastStamp: number | null): boolean {
  if (promptCommand(raw) !== undefined) return false;
  if (head === null) return true;
  if (!dumpShaped(head.message) && head.continuation !== 'indent' && head.continuation !== 'blank') return false;
  if (head.source !== current.source || head.host !== current.host || head.pid !== current.pid) return false;
  if (head.timestamp === null) return head.severity === undefined && head.fields === undefined;
  return lastStamp !== null && Math.abs(head.timestamp - lastStamp) <= SAME_MOMENT_MS;
}

/** The brackets the current event left open, where they were opened, and a run found ahead. */
class RunState {
  /** Brackets open at the end of the event so far. */
  private open = 0;
  /** The line where they began to be open, and the bytes from it. */
  private openedAt = -1;
  private bytes = 0;
  /** Lines up to this index join the event: a run found ahead closes there. */
  until = -1;

  reset(): void {
    this.open = 0;
    this.openedAt = -1;
    this.bytes = 0;
    this.until = -1;
  }

  /**
   * What joins the next line to the message: a space inside an open bracket (the value is one line of
   * the message, broken for display, so a rule's `*` reads across it), else a line break.
   */
  separator(): string {
    return this.open > 0 ? ' ' : '\n';
  }

  /** Line `i` (raw text `raw`, its message `message`) joined the event. */
  add(i: number, raw: string, message: string): void {
    // Most messages open nothing: three native searches spare the loop over each of their characters.
    if (this.open === 0 && message.indexOf('{') < 0 && message.indexOf('[') < 0 && message.indexOf('(') < 0) return;
    const p = bracketProfile(message);
    const left = this.open - Math.min(this.open, p.close);
    if (left === 0 && p.open > 0) {
      this.openedAt = i;
      this.bytes = 0;
    }
    this.open = left + p.open;
    if (this.open > 0) this.bytes += raw.length + 1;
  }

  /**
   * Does the event's open bracket close within the run's bounds, over run lines from line `i` on?
   * The index of the closing line (and {@link until} set to it), or -1.
   */
  closesAt(i: number, lines: readonly string[], heads: readonly (ParsedHead | null)[], current: LogEvent, lastStamp: number | null): number {
    if (this.open === 0) return -1;
    let depth = this.open;
    let bytes = this.bytes;
    let stamp = lastStamp;
    for (let k = i; k < lines.length && k - this.openedAt < BRACKET_RUN_MAX_LINES; k++) {
      const head = heads[k];
      if (!runLine(lines[k], head, current, stamp)) return -1;
      bytes += lines[k].length + 1;
      if (bytes > BRACKET_RUN_MAX_BYTES) return -1;
      const p = bracketProfile(head?.message ?? lines[k]);
      if (p.close >= depth) return (this.until = k);
      depth = openAfter(depth, p);
      if (head !== null && head.timestamp !== null) stamp = head.timestamp;
    }
    return -1;
  }
}
