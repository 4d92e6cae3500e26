/**
 * Turns parsed `kubectl get` lines into event heads. The header line sets the column layout in
 * `ctx.state`; each later row becomes one event with the columns as upper-case fields.
 *
 * Sample line: `5m          Warning   Evicted   pod/jenkins-6486f-x   The node was low on resource: nodefs.`
 *
 * Specified by kubectl's table printers (k8s.io/kubernetes/pkg/printers/internalversion/printers.go):
 * pods, nodes, events (old `LAST SEEN FIRST SEEN COUNT NAME KIND ...` and new `LAST SEEN TYPE REASON OBJECT` columns).
 */
import type { ObjectRefs, ParseContext, ParsedHead, Severity } from '../../src/model';
import { parseIsoPrefix } from '../common/time';
import { assignCells, collapseBlanks, columnsFromCells, type Column } from './kubectlGetColumns';
import type { GetLine } from './kubectlGetParser';

/** What kind of objects the current table lists, from its header. */
export type GetTable = 'pods' | 'nodes' | 'events' | 'other';

/** Per-segment state: the layout of the last header seen. */
export interface GetState {
  columns: Column[];
  table: GetTable;
  rows: number;
}

const BAD_POD_STATUS = new Set(['Evicted', 'OOMKilled', 'Error', 'CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError']);
const NO_RESOURCES = /^No resources found(?: in (\S+) namespace)?/;
/** A shell prompt or command echoed between tables: `$ kubectl get pods -A`. */
const COMMAND = /^\s*(?:[$#>] |(?:sudo )?kubectl )/;
const EVENT_NAME_SUFFIX = /\.[0-9a-f]{10,}$/;

/** The grammar's slice of `ctx.state`. */
export function getState(ctx: ParseContext): GetState {
  let st = ctx.state.kubectlGet as GetState | undefined;
  if (!st) ctx.state.kubectlGet = st = { columns: [], table: 'other', rows: 0 };
  return st;
}

function tableOf(names: readonly string[]): GetTable {
  const has = (n: string) => names.includes(n);
  if (has('READY') && has('RESTARTS')) return 'pods';
  if (has('REASON') && (has('OBJECT') || has('KIND') || has('LAST SEEN') || has('LASTSEEN'))) return 'events';
  if (has('ROLES') || (has('STATUS') && has('VERSION'))) return 'nodes';
  return 'other';
}

/** `pod/jenkins-1` -> refs.pod, `node/worker-2` -> refs.node; the whole reference goes to refs.object. */
function objectRefs(kind: string, name: string, refs: ObjectRefs): void {
  const k = kind.toLowerCase().replace(/s$/, '');
  refs.object = `${k}/${name}`;
  if (k === 'pod') refs.pod = name;
  else if (k === 'node') refs.node = name;
}

function refsOf(f: Record<string, string>, table: GetTable): ObjectRefs {
  const refs: ObjectRefs = {};
  if (f.NAMESPACE) refs.namespace = f.NAMESPACE;
  const name = f.NAME ?? '';
  const slash = name.indexOf('/');
  if (table === 'events') {
    const obj = f.OBJECT ?? (f.KIND && name ? `${f.KIND}/${name.replace(EVENT_NAME_SUFFIX, '')}` : '');
    const s = obj.indexOf('/');
    if (s > 0) objectRefs(obj.slice(0, s), obj.slice(s + 1), refs);
  } else if (slash > 0) objectRefs(name.slice(0, slash), name.slice(slash + 1), refs);
  else if (name && table === 'pods') refs.pod = name;
  else if (name && table === 'nodes') refs.node = name;
  if (f.NODE && f.NODE !== '<none>' && refs.node === undefined) refs.node = f.NODE;
  return refs;
}

function severityOf(f: Record<string, string>, table: GetTable): Severity {
  if (f.TYPE === 'Warning') return 'warning';
  const status = (f.STATUS ?? '').replace(/^Init:/, '');
  if (table !== 'nodes' && BAD_POD_STATUS.has(status)) return 'warning';
  if (table === 'nodes' && /^(NotReady|Unknown)\b/.test(status)) return 'warning';
  return 'info';
}

/**
 * The event head for one parsed line, or null for a line that continues the previous row
 * (a terminal-wrapped remainder). `rest` is the part of an over-long line that was not lexed.
 */
export function getLineToHead(line: string, parsed: GetLine, ctx: ParseContext, rest = ''): ParsedHead | null {
  const st = getState(ctx);
  const message = collapseBlanks(line) + rest;
  const none = NO_RESOURCES.exec(line.trimStart());
  if (none || COMMAND.test(line)) return { timestamp: null, severity: 'info', message, refs: none?.[1] ? { namespace: none[1] } : {} };
  if (parsed.header) {
    st.columns = columnsFromCells(parsed.cells);
    st.table = tableOf(st.columns.map((c) => c.name));
    st.rows = 0;
    return { timestamp: null, severity: 'info', message, refs: {} };
  }
  if (st.columns.length === 0) return { timestamp: null, severity: 'info', message, refs: {} };
  const fields = assignCells(parsed.cells, st.columns, line);
  const filled = Object.keys(fields).length;
  // A wrapped remainder fills one or two columns; a real row fills most of them.
  if (st.rows > 0 && filled < Math.ceil(st.columns.length / 2)) return null;
  st.rows++;
  const head: ParsedHead = { timestamp: null, severity: severityOf(fields, st.table), message, refs: refsOf(fields, st.table), fields };
  const seen = fields['LAST SEEN'] ? parseIsoPrefix(fields['LAST SEEN'], ctx) : null;
  if (seen) {
    head.timestamp = seen.timestamp;
    if (seen.inferred) head.timestampInferred = true;
  }
  if (fields.SOURCE) head.source = fields.SOURCE.split(',')[0].trim();
  return head;
}
