/**
 * Turns parsed logrus pairs into a ParsedHead: `time` -> timestamp, `level` -> severity, `msg`
 * -> message, every other pair -> fields. Sample:
 * `time="2021-04-13T10:15:02.123456789Z" level=fatal msg="Error starting daemon: error initializing graphdriver: driver not supported"`.
 * Format notes in logrusTokens.ts.
 */
import type { ParseContext, ParsedHead, Severity } from '../../src/model';
import { unquoteGo } from '../common/goQuote';
import { parseIsoPrefix } from '../common/time';
import type { LogrusLine } from './logrusParser';

const LEVELS: Record<string, Severity> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warning: 'warning',
  warn: 'warning',
  error: 'error',
  fatal: 'critical',
  panic: 'critical',
};

// containerd CRI plugin prints sandbox metadata as a Go struct: `&PodSandboxMetadata{Name:web-1,Uid:..,Namespace:shop,`.
const SANDBOX = /PodSandboxMetadata\{Name:([a-z0-9][a-z0-9.-]*),Uid:[^,]*,Namespace:([a-z0-9][a-z0-9-]*),/;

/**
 * The ParsedHead of a parsed line, or null when it is not logrus (no `level` or no `msg`).
 * `source` is left unset: dockerd and containerd write the same lines. A `module` pair names the
 * component (`grpc`, `libcontainerd`, `containerd`) and becomes the source.
 */
export function logrusToHead(line: LogrusLine, ctx: ParseContext): ParsedHead | null {
  const fields: Record<string, string> = {};
  let time: string | undefined;
  let level: string | undefined;
  let msg: string | undefined;
  for (const { key, raw } of line.pairs) {
    const value = unquoteGo(raw);
    if (key === 'time' && time === undefined) time = value;
    else if (key === 'level' && level === undefined) level = value;
    else if (key === 'msg' && msg === undefined) msg = value;
    else fields[key] = value;
  }
  if (level === undefined || (msg === undefined && time === undefined)) return null;
  const ts = time ? parseIsoPrefix(time, ctx) : null;
  const head: ParsedHead = { timestamp: ts ? ts.timestamp : null, message: msg ?? '' };
  if (ts?.inferred) head.timestampInferred = true;
  const severity = LEVELS[level.toLowerCase()];
  if (severity) head.severity = severity;
  else fields.level = level;
  if (line.stray.length > 0) head.message += (head.message ? ' ' : '') + line.stray.join(' ');
  if (fields.module) head.source = fields.module;
  const sandbox = SANDBOX.exec(head.message);
  if (sandbox) head.refs = { namespace: sandbox[2], pod: sandbox[1] };
  if (Object.keys(fields).length > 0) head.fields = fields;
  return head;
}
