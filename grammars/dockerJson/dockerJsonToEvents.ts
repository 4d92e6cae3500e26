/**
 * Turns a json-file record into a ParsedHead: message without the trailing newline, `partial` when
 * Docker split a long line (no trailing `\n`: the next record continues it).
 * Sample: `{"log":"panic: runtime error\n","stream":"stderr","time":"2021-04-13T10:15:02.1Z"}`.
 * Format notes in dockerJsonParser.ts.
 */
import type { ParseContext, ParsedHead } from '../../src/model';
import { parseIsoPrefix } from '../common/time';
import { severityFromWords } from '../plain/plainSeverity';
import type { DockerJsonParse } from './dockerJsonParser';

/** The ParsedHead of a json-file line, or null when the line is not one. */
export function dockerJsonToHead(parsed: DockerJsonParse, raw: string, ctx: ParseContext): ParsedHead | null {
  const rec = parsed.value;
  if (!rec) return parsed.truncated ? { timestamp: null, message: raw, fields: { truncated: 'true' } } : null;
  const time = rec.time ? parseIsoPrefix(rec.time, ctx) : null;
  const head: ParsedHead = { timestamp: time ? time.timestamp : null, message: rec.log };
  if (time?.inferred) head.timestampInferred = true;
  const fields: Record<string, string> = { ...rec.attrs };
  if (rec.stream) fields.stream = rec.stream;
  if (parsed.truncated) {
    // Salvaged from broken JSON: keep the raw line as the message.
    fields.truncated = 'true';
  } else if (rec.log.endsWith('\n')) {
    head.message = rec.log.slice(0, rec.log.endsWith('\r\n') ? -2 : -1);
  } else {
    head.partial = true;
  }
  const severity = severityFromWords(head.message);
  if (severity) head.severity = severity;
  if (Object.keys(fields).length > 0) head.fields = fields;
  const ns = rec.attrs?.['io.kubernetes.pod.namespace'];
  const pod = rec.attrs?.['io.kubernetes.pod.name'];
  const container = rec.attrs?.['io.kubernetes.container.name'];
  if (ns || pod || container) head.refs = { namespace: ns, pod, container };
  if (head.refs) for (const k of Object.keys(head.refs) as (keyof typeof head.refs)[]) if (head.refs[k] === undefined) delete head.refs[k];
  return head;
}
