/**
 * journald CST -> {@link ParsedHead}: stamp (year from the context, rolling over Dec -> Jan), host,
 * identifier as source, pid, and the payload's own level and message when it has a header.
 *   Apr 13 10:15:02 node-1 kubelet[1234]: I0413 10:15:02.123456    1234 kubelet.go:1234] "SyncLoop ADD" source="api"
 * Spec: journalctl(1) output modes short, short-precise, short-iso.
 */
import type { CstNode, IToken } from 'chevrotain';
import type { ParseContext, ParsedHead } from '../../src/model';
import { fractionToMs, fromParts, monthIndex, parseIsoPrefix, type ReadTime } from '../common/time';
import { continuationShape } from '../common/multiLine';
import { inferYear } from '../common/unixLog';
import { readPayload } from './journaldPayload';

const tok = (node: CstNode, name: string): IToken | undefined => (node.children[name] as IToken[] | undefined)?.[0];

function readStamp(cst: CstNode, ctx: ParseContext): ReadTime | null {
  const iso = tok(cst, 'IsoStamp');
  if (iso) return parseIsoPrefix(iso.image, ctx);
  const stamp = (cst.children.shortStamp as CstNode[])[0];
  const month = monthIndex(tok(stamp, 'Month')!.image);
  const time = tok(stamp, 'Time')!.image;
  const read = fromParts(ctx, {
    year: inferYear(ctx, month, 'journaldYear'),
    month,
    day: Number(tok(stamp, 'day')!.image),
    hour: Number(time.slice(0, 2)),
    minute: Number(time.slice(3, 5)),
    second: Number(time.slice(6, 8)),
    ms: fractionToMs(time.slice(9)),
  });
  return read && { timestamp: read.timestamp, inferred: true };
}

/** A parsed journald line as a head. `line` is the whole line: the message runs to its end. */
export function journaldToHead(cst: CstNode, line: string, ctx: ParseContext): ParsedHead {
  const read = readStamp(cst, ctx);
  const text = tok(cst, 'Message');
  const message = text ? line.slice(text.startOffset) : '';
  const head: ParsedHead = { timestamp: read ? read.timestamp : null, message, source: tok(cst, 'identifier')!.image };
  if (read?.inferred) head.timestampInferred = true;
  head.host = tok(cst, 'host')!.image;
  const pid = tok(cst, 'pid');
  if (pid) head.pid = Number(pid.image);
  const payload = readPayload(message, ctx);
  if (payload) {
    head.message = payload.message;
    if (payload.severity) head.severity = payload.severity;
    if (payload.fields) head.fields = payload.fields;
  } else {
    const shape = continuationShape(message);
    if (shape) head.continuation = shape;
  }
  return head;
}
