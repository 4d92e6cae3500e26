/**
 * syslog CST -> {@link ParsedHead}. Severity is PRI % 8 unless the message carries its own klog or
 * logrus level (kubelet/dockerd forwarded by rsyslog), which is more specific. RFC 3164 stamps have
 * no year: the context's year, rolling over Dec -> Jan.
 *   <165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3"] message
 * Spec: RFC 3164 section 4.1, RFC 5424 section 6.
 */
import type { CstNode, IToken } from 'chevrotain';
import type { ParseContext, ParsedHead } from '../../src/model';
import { fromParts, monthIndex, parseIsoPrefix, fractionToMs, type ReadTime } from '../common/time';
import { continuationShape } from '../common/multiLine';
import { inferYear, severityFromPriority } from '../common/unixLog';
import { readPayload } from '../journald';

/**
 * An RFC 5424 PARAM-VALUE without its quotes: `\"`, `\\` and `\]` are the only escapes; any other
 * backslash is kept as written (RFC 5424 section 6.3.3).
 */
function sdParamValue(quoted: string): string {
  return quoted.slice(1, -1).replace(/\\(["\\\]])/g, '$1');
}

const tok = (node: CstNode, name: string): IToken | undefined => (node.children[name] as IToken[] | undefined)?.[0];
const nil = (t: IToken | undefined): string | undefined => (t === undefined || t.image === '-' ? undefined : t.image);

function messageFrom(node: CstNode, line: string): string {
  const text = tok(node, 'Message');
  return text ? line.slice(text.startOffset) : '';
}

/** `lineOriented`: RFC 3164 files hold one line per record, so a multi-line message is several records. */
function withPayload(head: ParsedHead, ctx: ParseContext, lineOriented: boolean): ParsedHead {
  const payload = readPayload(head.message, ctx);
  if (!payload) {
    const shape = lineOriented ? continuationShape(head.message) : undefined;
    if (shape) head.continuation = shape;
    return head;
  }
  head.message = payload.message;
  if (payload.severity) head.severity = payload.severity;
  if (payload.fields) head.fields = { ...head.fields, ...payload.fields };
  return head;
}

function rfc5424(node: CstNode, line: string, ctx: ParseContext): ParsedHead {
  const pri = tok(node, 'Pri5424')!.image;
  const stamp = nil(tok(node, 'Stamp5424'));
  const read = stamp ? parseIsoPrefix(stamp, ctx) : null;
  // RFC 5424 6.4: a UTF-8 MSG starts with a BOM.
  const head: ParsedHead = { timestamp: read ? read.timestamp : null, message: messageFrom(node, line).replace(/^ ?\uFEFF?/, '') };
  if (read?.inferred) head.timestampInferred = true;
  head.severity = severityFromPriority(Number(pri.slice(1, pri.indexOf('>'))));
  const host = nil(tok(node, 'Hostname'));
  if (host) head.host = host;
  const app = nil(tok(node, 'AppName'));
  if (app) head.source = app;
  const fields: Record<string, string> = {};
  const procId = nil(tok(node, 'ProcId'));
  if (procId && /^\d+$/.test(procId)) head.pid = Number(procId);
  else if (procId) fields.procid = procId;
  const msgId = nil(tok(node, 'MsgId'));
  if (msgId) fields.msgid = msgId;
  for (const element of (node.children.sdElement as CstNode[] | undefined) ?? []) {
    const names = (element.children.paramName as IToken[] | undefined) ?? [];
    const values = (element.children.SdValue as IToken[] | undefined) ?? [];
    names.forEach((n, i) => {
      fields[n.image] = sdParamValue(values[i].image);
    });
  }
  if (Object.keys(fields).length > 0) head.fields = fields;
  if (head.severity === undefined) delete head.severity;
  return withPayload(head, ctx, false);
}

function rfc3164(node: CstNode, line: string, ctx: ParseContext): ParsedHead {
  let read: ReadTime | null;
  const iso = tok(node, 'IsoStamp');
  if (iso) read = parseIsoPrefix(iso.image, ctx);
  else {
    const month = monthIndex(tok(node, 'Month')!.image);
    const time = tok(node, 'Time')!.image;
    const parts = fromParts(ctx, {
      year: inferYear(ctx, month, 'syslogYear'),
      month,
      day: Number(tok(node, 'day')!.image),
      hour: Number(time.slice(0, 2)),
      minute: Number(time.slice(3, 5)),
      second: Number(time.slice(6, 8)),
      ms: fractionToMs(time.slice(9)),
    });
    read = parts && { timestamp: parts.timestamp, inferred: true };
  }
  const head: ParsedHead = { timestamp: read ? read.timestamp : null, message: messageFrom(node, line), source: tok(node, 'tag')!.image };
  if (read?.inferred) head.timestampInferred = true;
  const host = tok(node, 'host');
  if (host) head.host = host.image;
  const pid = tok(node, 'pid');
  if (pid) head.pid = Number(pid.image);
  const pri = tok(node, 'Pri');
  if (pri) {
    const severity = severityFromPriority(Number(pri.image.slice(1, -1)));
    if (severity) head.severity = severity;
  }
  return withPayload(head, ctx, true);
}

/** A parsed syslog line as a head. `line` is the whole line: the message runs to its end. */
export function syslogToHead(cst: CstNode, line: string, ctx: ParseContext): ParsedHead {
  const node5424 = (cst.children.rfc5424 as CstNode[] | undefined)?.[0];
  return node5424 ? rfc5424(node5424, line, ctx) : rfc3164((cst.children.rfc3164 as CstNode[])[0], line, ctx);
}
