/**
 * klog CST -> {@link KlogLine} -> {@link ParsedHead}. Also the entry point other grammars reuse for
 * klog payloads (kubelet writing through journald or syslog).
 *   W0413 10:15:02.123456    1234 kubelet_node_status.go:92] "Unable to register node with API server" err="connection refused" node="node-1"
 * Spec: klog `formatHeader` and KEP-1602 structured logging (https://github.com/kubernetes/klog).
 */
import type { CstNode, IToken } from 'chevrotain';
import type { ParseContext, ParsedHead, Severity } from '../../src/model';
import { unquoteGo } from '../common/goQuote';
import { fromParts, fractionToMs } from '../common/time';
import { splitHead } from '../common/lexing';
import { inferYear } from '../common/unixLog';
import { parseKlogLine } from './klogParser';

/** What one klog header line says, before any year is chosen. */
export interface KlogLine {
  severity: Severity;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** klog's pid (glog's thread id). */
  pid?: number;
  /** `file:line` of the log call. */
  caller: string;
  /** Free text, or the unquoted structured message followed by its key="value" pairs as written. */
  message: string;
  /** `caller` plus the structured pairs, unquoted. */
  fields: Record<string, string>;
}

const SEVERITY: Record<string, Severity> = { I: 'info', W: 'warning', E: 'error', F: 'critical' };
const tok = (node: CstNode, name: string): IToken | undefined => (node.children[name] as IToken[] | undefined)?.[0];
const toks = (node: CstNode, name: string): IToken[] => (node.children[name] as IToken[] | undefined) ?? [];

function structured(node: CstNode, line: string, fields: Record<string, string>): string {
  const first = [...toks(node, 'QuotedString'), ...toks(node, 'Unterminated')].sort((a, b) => a.startOffset - b.startOffset)[0];
  for (const kv of (node.children.keyValue as CstNode[] | undefined) ?? []) {
    const key = tok(kv, 'Key')!.image.slice(0, -1);
    const value = tok(kv, 'QuotedString') ?? tok(kv, 'Unterminated') ?? tok(kv, 'BareValue');
    fields[key] = !value ? '' : value.image.startsWith('"') ? unquoteGo(value.image) : value.image;
  }
  if (first.tokenType.name === 'Unterminated') return line.slice(first.startOffset);
  return unquoteGo(first.image) + line.slice(first.startOffset + first.image.length);
}

/**
 * Read one klog line (header and message). Null when the line is not a klog header (a stack
 * frame, a wrapped value, another format). Lines past 64 KiB: the head is lexed, the full tail kept.
 */
export function readKlogLine(line: string): KlogLine | null {
  const c0 = line.charCodeAt(0);
  if (c0 !== 73 && c0 !== 87 && c0 !== 69 && c0 !== 70) return null; // I W E F
  const { value: cst, lexErrors, parseErrors } = parseKlogLine(splitHead(line).head);
  if (!cst || lexErrors.length > 0 || parseErrors.length > 0) return null;
  const levelDate = tok(cst, 'LevelDate')!.image;
  const time = tok(cst, 'Time')!.image;
  const caller = tok(cst, 'Caller')!.image;
  const fields: Record<string, string> = { caller };
  const node = (cst.children.structuredMessage as CstNode[] | undefined)?.[0];
  const plain = tok(cst, 'Message');
  const message = node ? structured(node, line, fields) : plain ? line.slice(plain.startOffset) : '';
  const threadId = tok(cst, 'ThreadId');
  const out: KlogLine = {
    severity: SEVERITY[levelDate[0]],
    month: Number(levelDate.slice(1, 3)) - 1,
    day: Number(levelDate.slice(3, 5)),
    hour: Number(time.slice(0, 2)),
    minute: Number(time.slice(3, 5)),
    second: Number(time.slice(6, 8)),
    ms: fractionToMs(time.slice(9)),
    caller,
    message,
    fields,
  };
  if (threadId) out.pid = Number(threadId.image);
  return out;
}

/** The component a caller file unambiguously belongs to (`kubelet.go`, `kubelet_pods.go`), if any. */
export function sourceFromCaller(caller: string): string | undefined {
  const file = caller.slice(caller.lastIndexOf('/') + 1).replace(/:\d+$/, '');
  return /^kubelet(?:_\w+)?\.go$/.test(file) ? 'kubelet' : undefined;
}

/** A klog line as a head: the year comes from the context (and rolls over Dec -> Jan). */
export function klogToHead(k: KlogLine, ctx: ParseContext): ParsedHead {
  const year = inferYear(ctx, k.month, 'klogYear');
  const read = fromParts(ctx, { year, month: k.month, day: k.day, hour: k.hour, minute: k.minute, second: k.second, ms: k.ms });
  const head: ParsedHead = { timestamp: read ? read.timestamp : null, severity: k.severity, message: k.message, fields: k.fields };
  if (read) head.timestampInferred = true;
  if (k.pid !== undefined) head.pid = k.pid;
  const source = sourceFromCaller(k.caller);
  if (source) head.source = source;
  return head;
}
