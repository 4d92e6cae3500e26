/**
 * dmesg CST -> {@link ParsedHead}. Seconds since boot become a time only when the context knows the
 * boot time (`ctx.state[DMESG_BOOT_TIME_KEY]`, epoch ms); they are always kept in `fields.uptime`.
 * Severity comes only from a priority prefix or decoded level, never from the words of the message.
 *   [ 1234.567890] nf_conntrack: table full, dropping packet
 * Spec: dmesg(1) (util-linux).
 */
import type { CstNode, IToken } from 'chevrotain';
import type { ParseContext, ParsedHead } from '../../src/model';
import { fromParts, monthIndex, parseIsoPrefix, type ReadTime } from '../common/time';
import { severityFromLevelName, severityFromPriority } from '../common/unixLog';

/** Key of `ctx.state` holding the boot time (epoch ms) that turns uptime seconds into a time. */
export const DMESG_BOOT_TIME_KEY = 'dmesgBootTimeMs';

const tok = (node: CstNode, name: string): IToken | undefined => (node.children[name] as IToken[] | undefined)?.[0];

function ctime(node: CstNode, ctx: ParseContext): ReadTime | null {
  const time = tok(node, 'Time')!.image;
  return fromParts(ctx, {
    year: Number(tok(node, 'year')!.image),
    month: monthIndex(tok(node, 'Month')!.image),
    day: Number(tok(node, 'day')!.image),
    hour: Number(time.slice(0, 2)),
    minute: Number(time.slice(3, 5)),
    second: Number(time.slice(6, 8)),
  });
}

/** A parsed dmesg line as a head. `line` is the whole line: the message runs to its end. */
export function dmesgToHead(cst: CstNode, line: string, ctx: ParseContext): ParsedHead {
  const text = tok(cst, 'Message');
  const head: ParsedHead = { timestamp: null, source: 'kernel', message: text ? line.slice(text.startOffset) : '' };
  const uptime = tok(cst, 'Uptime');
  const iso = tok(cst, 'IsoStamp');
  const ct = (cst.children.ctimeStamp as CstNode[] | undefined)?.[0];
  let read: ReadTime | null = null;
  if (uptime) {
    head.fields = { uptime: uptime.image };
    const boot = ctx.state[DMESG_BOOT_TIME_KEY];
    if (typeof boot === 'number' && Number.isFinite(boot)) read = { timestamp: boot + Math.round(Number(uptime.image) * 1000), inferred: true };
  } else if (iso) read = parseIsoPrefix(iso.image, ctx);
  else if (ct) read = ctime(ct, ctx);
  if (read) {
    head.timestamp = read.timestamp;
    if (read.inferred) head.timestampInferred = true;
  }
  const priority = tok(cst, 'Priority');
  const decoded = tok(cst, 'Decoded');
  if (priority) head.severity = severityFromPriority(Number(priority.image.slice(1, -1)));
  else if (decoded) {
    const [facility, level] = decoded.image.split(':').map((s) => s.trim());
    head.severity = severityFromLevelName(level);
    head.fields = { ...head.fields, facility };
  }
  if (head.severity === undefined) delete head.severity;
  return head;
}
