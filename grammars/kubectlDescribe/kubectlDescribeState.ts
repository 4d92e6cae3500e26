/**
 * What a `kubectl describe` segment remembers from line to line (kept in `ctx.state`): the object
 * being described, the section path of nested fields, and the table being read.
 *
 * Sample line: `Name:         jenkins-6486f-x`  (an unindented `Name:` starts a new object)
 *
 * Specified by kubectl's describers (k8s.io/kubectl/pkg/describe/describe.go).
 */
import type { ObjectRefs, ParseContext } from '../../src/model';
import type { Column, TextCell } from '../kubectlGet/kubectlGetColumns';

/** The described object, as far as its first lines tell. */
export interface DescribedObject {
  kind?: 'pod' | 'node';
  name?: string;
  namespace?: string;
  node?: string;
  /** Its top-level `Status:` (`Bound`, `Running`, `Active` ...): what its events are read against. */
  status?: string;
}

/** Per-segment state of the describe grammar. */
export interface DescribeState {
  obj: DescribedObject;
  /** Refs handed out before the object was fully known (`Name:` precedes `Namespace:`); patched in place. */
  early: ObjectRefs[];
  /** Open fields by indent: `Containers` > `jnlp` > `Last State`. */
  stack: { indent: number; name: string }[];
  /** Value column of the last field line: a key-like line indented this far continues its value. */
  valueCol: number | null;
  /** A section whose next line of cells is its table header (`Events:`, `Conditions:`). */
  awaitingHeader: string | null;
  /** The last line of cells: it was a header when a `----` rule follows. */
  candidate: TextCell[] | null;
  /** The table being read. */
  table: { section: string; indent: number; columns: Column[] } | null;
}

const EARLY_LIMIT = 32;
const POD_KEYS = new Set(['Node', 'Start Time', 'Priority', 'Service Account', 'IP', 'IPs', 'Containers', 'Init Containers', 'QoS Class', 'Controlled By']);
const NODE_KEYS = new Set([
  'Roles',
  'Taints',
  'Unschedulable',
  'Lease',
  'Addresses',
  'Capacity',
  'Allocatable',
  'System Info',
  'PodCIDR',
  'PodCIDRs',
  'ProviderID',
  'Non-terminated Pods',
  'Allocated resources',
]);
const CONTAINER_SECTIONS = new Set(['Containers', 'Init Containers', 'Ephemeral Containers']);

/** The grammar's slice of `ctx.state`, created on first use. */
export function describeState(ctx: ParseContext): DescribeState {
  let st = ctx.state.kubectlDescribe as DescribeState | undefined;
  if (!st) {
    st = { obj: {}, early: [], stack: [], valueCol: null, awaitingHeader: null, candidate: null, table: null };
    ctx.state.kubectlDescribe = st;
  }
  return st;
}

function fill(refs: ObjectRefs, obj: DescribedObject): void {
  if (obj.namespace !== undefined) refs.namespace ??= obj.namespace;
  if (obj.kind === 'pod' && obj.name !== undefined) refs.pod ??= obj.name;
  if (obj.kind === 'pod' && obj.node !== undefined) refs.node ??= obj.node;
  if (obj.kind === 'node' && obj.name !== undefined) refs.node ??= obj.name;
}

/** Learn from an unindented field line; `Name:` starts a new object. */
export function updateObject(st: DescribeState, key: string, value: string): void {
  if (key === 'Name') {
    st.obj = { name: value };
    st.early = [];
    st.stack = [];
    st.table = null;
    return;
  }
  const obj = st.obj;
  if (key === 'Namespace' && value !== '') obj.namespace = value;
  if (key === 'Status' && value !== '') obj.status = value;
  if (POD_KEYS.has(key)) obj.kind ??= 'pod';
  else if (NODE_KEYS.has(key)) obj.kind ??= 'node';
  if (key === 'Node' && obj.kind === 'pod' && value !== '' && value !== '<none>') obj.node = value.split('/')[0];
  for (const r of st.early) fill(r, obj);
}

/** Refs for the current line: the described object, plus the container when inside one. */
export function currentRefs(st: DescribeState): ObjectRefs {
  const refs: ObjectRefs = {};
  fill(refs, st.obj);
  if (st.stack.length >= 2 && CONTAINER_SECTIONS.has(st.stack[0].name)) refs.container = st.stack[1].name;
  else if (st.early.length < EARLY_LIMIT) st.early.push(refs);
  return refs;
}

/** Close fields at `indent` or deeper and return the path of the ones still open, `Containers/jnlp`. */
export function enterField(st: DescribeState, indent: number, key: string): string {
  while (st.stack.length > 0 && st.stack[st.stack.length - 1].indent >= indent) st.stack.pop();
  const section = st.stack.map((s) => s.name).join('/');
  st.stack.push({ indent, name: key });
  return section;
}
