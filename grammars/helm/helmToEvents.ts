/**
 * Turns a parsed Helm line into a ParsedHead: Tiller components -> source `tiller` and
 * `fields.component`, `[debug]` -> severity debug, `Error:` -> error, the release name of
 * `Release "x" ...` / `NAME: x` -> `fields.release`.
 * Sample: `Error: UPGRADE FAILED: timed out waiting for the condition`. Format notes in helmTokens.ts.
 */
import type { ParseContext, ParsedHead, Severity } from '../../src/model';
import { fromParts } from '../common/time';
import { severityFromWords } from '../plain/plainSeverity';
import type { HelmLine } from './helmParser';

const TILLER_COMPONENTS = new Set(['tiller', 'storage', 'storage/driver', 'kube', 'main', 'tiller-server', 'grpc']);
const RELEASE = /^Release "([^"]+)"/;
const GO_DATE = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?/;
const FAILED_STATUS = /^(?:failed|superseded-failed)\b/;

function readDate(text: string, ctx: ParseContext): { ts: number; inferred: boolean } | null {
  const m = GO_DATE.exec(text);
  if (!m) return null;
  // Go's log package prints local time without a zone: the zone is the context's guess.
  const t = fromParts(ctx, {
    year: Number(m[1]),
    month: Number(m[2]) - 1,
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    ms: Number((m[7] ?? '0').slice(0, 3).padEnd(3, '0')),
  });
  return t ? { ts: t.timestamp, inferred: t.inferred } : null;
}

function prefixSeverity(prefix: string, body: string): Severity | undefined {
  if (prefix.startsWith('Error')) return 'error';
  if (prefix.startsWith('WARNING')) return 'warning';
  if (prefix.startsWith('STATUS') && FAILED_STATUS.test(body)) return 'error';
  return undefined;
}

/** The ParsedHead of a parsed line, or null for an indented continuation. */
export function helmToHead(line: HelmLine, ctx: ParseContext): ParsedHead | null {
  if (line.continuation) return null;
  const body = line.body.replace(/\r$/, '');
  const prefix = line.prefix?.image ?? '';
  const headless = !prefix && !line.caller && line.components.length === 0;
  if (headless && (body.trim() === '' || ctx.state.helmErrorDump === true)) return null;
  // helm 3 --debug ends with `helm.go:81: [debug] <err>` and the error's Go stack (pkg/errors %+v),
  // whose unindented function lines belong to that event.
  ctx.state.helmErrorDump = line.caller?.startsWith('helm.go:') === true;
  const time = line.date ? readDate(line.date.image, ctx) : null;
  const head: ParsedHead = { timestamp: time ? time.ts : null, message: prefix + body, source: 'helm' };
  if (time?.inferred) head.timestampInferred = true;
  const fields: Record<string, string> = {};
  const component = line.components.find((c) => c !== 'debug');
  if (component !== undefined && (line.date || TILLER_COMPONENTS.has(component))) {
    head.source = 'tiller';
    fields.component = component;
  }
  if (line.caller) fields.caller = line.caller;
  head.severity = prefix ? prefixSeverity(prefix, body) : severityFromWords(body);
  if (line.components.includes('debug') && head.severity === undefined) head.severity = 'debug';
  if (head.severity === undefined) delete head.severity;
  const release = RELEASE.exec(body)?.[1] ?? (prefix.startsWith('NAME') ? body.trim() : undefined);
  if (release) fields.release = release;
  if (Object.keys(fields).length > 0) head.fields = fields;
  return head;
}
