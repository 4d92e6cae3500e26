/**
 * journal JSON entry -> {@link ParsedHead}: `__REALTIME_TIMESTAMP` (microseconds), `_HOSTNAME`,
 * `SYSLOG_IDENTIFIER` (or `_COMM`), `_SYSTEMD_UNIT`, `_PID`, `PRIORITY`, `MESSAGE`.
 *   {"__REALTIME_TIMESTAMP":"1618308902123456","_HOSTNAME":"node-1","SYSLOG_IDENTIFIER":"kubelet","PRIORITY":"6","MESSAGE":"..."}
 * Spec: systemd.journal-fields(7) and the JSON export format
 * (https://systemd.io/JOURNAL_EXPORT_FORMATS/#journal-json-format): a field is a string, an array of
 * byte values for binary data, or null when too large; a field set twice is an array of those.
 */
import type { ParseContext, ParsedHead } from '../../src/model';
import { severityFromPriority } from '../common/unixLog';
import { readPayload } from '../journald';

type FieldValue = string | number[] | null | FieldValue[];

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** The text of one journal field: strings as-is, byte arrays decoded as UTF-8, repeated fields' first value. */
export function fieldText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (!Array.isArray(value) || value.length === 0) return undefined;
  if (value.every((b) => typeof b === 'number' && b >= 0 && b <= 255)) return utf8.decode(Uint8Array.from(value as number[]));
  return fieldText((value as FieldValue[])[0]);
}

/** A parsed journal entry as a head; the message's own klog/logrus header wins over `PRIORITY`. */
export function journalEntryToHead(entry: Record<string, unknown>, ctx: ParseContext): ParsedHead {
  const message = fieldText(entry.MESSAGE) ?? '';
  const micros = Number(fieldText(entry.__REALTIME_TIMESTAMP));
  const head: ParsedHead = { timestamp: Number.isFinite(micros) && micros > 0 ? Math.floor(micros / 1000) : null, message };
  const fields: Record<string, string> = {};
  for (const key of Object.keys(entry)) {
    if (key === 'MESSAGE') continue;
    const text = fieldText(entry[key]);
    if (text !== undefined) fields[key] = text;
  }
  const source = fields.SYSLOG_IDENTIFIER ?? fields._COMM;
  if (source !== undefined) head.source = source;
  if (fields._HOSTNAME !== undefined) head.host = fields._HOSTNAME;
  if (fields._SYSTEMD_UNIT !== undefined) head.unit = fields._SYSTEMD_UNIT;
  const pid = Number(fields._PID ?? fields.SYSLOG_PID);
  if (Number.isInteger(pid) && pid > 0) head.pid = pid;
  if (fields.PRIORITY !== undefined && /^[0-7]$/.test(fields.PRIORITY)) head.severity = severityFromPriority(Number(fields.PRIORITY));
  const payload = readPayload(message, ctx);
  if (payload) {
    head.message = payload.message;
    if (payload.severity) head.severity = payload.severity;
    Object.assign(fields, payload.fields);
  }
  head.fields = fields;
  return head;
}
