/**
 * Renders pods and nodes as `kubectl describe` text, so their status, container states, conditions
 * and events become facts the catalogue matches just as if the output had been pasted: the
 * kubectl-describe grammar reads `Key:  value` fields nested by 2-space indents and tabwriter tables
 * (`Conditions:`, `Events:`) padded by 2. Pure functions: `now` (for ages) is passed in.
 *
 * Follows kubectl's describers (k8s.io/kubectl/pkg/describe/describe.go). Left out on purpose:
 * annotations, environment, command and args (they may hold secrets), volumes and mounts.
 */
import type { Condition, Container, ContainerState, ContainerStatus, Node, Pod } from './apiTypes';
import { sortEvents, type ClusterEvent } from './clusterEvent';
import { age, cell, layoutTable } from './renderTables';

type Line = { indent: number; key: string; value: string[] | null } | { raw: string };

/** Collects field lines, then aligns the values of sibling fields as kubectl's tabwriter does. */
class DescribeWriter {
  private readonly lines: Line[] = [];

  /** `Key:  value`; extra values go on continuation lines at the value column; null opens a section. */
  field(indent: number, key: string, value: string | string[] | null): this {
    const v = value === null ? null : (Array.isArray(value) ? value : [value]).map((s) => cell(s, ''));
    this.lines.push({ indent, key, value: v === null ? null : v.length ? v : ['<none>'] });
    return this;
  }

  /** Lines already laid out (a table). */
  raw(lines: readonly string[]): this {
    for (const l of lines) this.lines.push({ raw: l });
    return this;
  }

  toString(): string {
    const group: string[] = [];
    const width = new Map<string, number>();
    const parents: { indent: number; at: number }[] = [];
    this.lines.forEach((l, i) => {
      if ('raw' in l) return;
      while (parents.length && parents[parents.length - 1].indent >= l.indent) parents.pop();
      const g = `${parents.length ? parents[parents.length - 1].at : -1}:${l.indent}`;
      group[i] = g;
      if (l.value !== null) width.set(g, Math.max(width.get(g) ?? 0, l.key.length + 1));
      else parents.push({ indent: l.indent, at: i });
    });
    const out: string[] = [];
    this.lines.forEach((l, i) => {
      if ('raw' in l) {
        out.push(l.raw);
        return;
      }
      const head = ' '.repeat(l.indent) + `${l.key}:`;
      if (l.value === null) {
        out.push(head);
        return;
      }
      const col = l.indent + (width.get(group[i]) ?? 0) + 2;
      out.push((head.padEnd(col) + l.value[0]).trimEnd());
      for (const more of l.value.slice(1)) out.push(' '.repeat(col) + more);
    });
    return out.join('\n') + '\n';
  }
}

/** kubectl's describe time: `Tue, 13 Apr 2021 10:15:02 +0000` (RFC 1123 with a numeric zone, UTC). */
export function rfc1123(time: string | undefined): string {
  const t = time ? Date.parse(time) : NaN;
  if (Number.isNaN(t)) return '<unset>';
  return new Date(t).toUTCString().replace(/GMT$/, '+0000');
}

function labels(map: Record<string, string> | undefined): string[] {
  const entries = Object.entries(map ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`) : ['<none>'];
}

function state(w: DescribeWriter, indent: number, key: string, s: ContainerState | undefined): void {
  if (s?.running) {
    w.field(indent, key, 'Running').field(indent + 2, 'Started', rfc1123(s.running.startedAt));
  } else if (s?.waiting) {
    w.field(indent, key, 'Waiting');
    if (s.waiting.reason) w.field(indent + 2, 'Reason', s.waiting.reason);
    if (s.waiting.message) w.field(indent + 2, 'Message', s.waiting.message);
  } else if (s?.terminated) {
    const t = s.terminated;
    w.field(indent, key, 'Terminated');
    if (t.reason) w.field(indent + 2, 'Reason', t.reason);
    if (t.message) w.field(indent + 2, 'Message', t.message);
    w.field(indent + 2, 'Exit Code', String(t.exitCode ?? 0));
    if (t.signal) w.field(indent + 2, 'Signal', String(t.signal));
    w.field(indent + 2, 'Started', rfc1123(t.startedAt)).field(indent + 2, 'Finished', rfc1123(t.finishedAt));
  } else if (key === 'State') {
    w.field(indent, key, 'Waiting');
  }
}

function containers(w: DescribeWriter, title: string, specs: Container[] | undefined, statuses: ContainerStatus[] | undefined): void {
  const names = [...new Set([...(specs ?? []).map((c) => c.name), ...(statuses ?? []).map((c) => c.name)])];
  if (names.length === 0) return;
  w.field(0, title, null);
  for (const name of names) {
    const spec = specs?.find((c) => c.name === name);
    const st = statuses?.find((c) => c.name === name);
    w.field(2, name, null);
    if (st?.containerID) w.field(4, 'Container ID', st.containerID);
    w.field(4, 'Image', spec?.image ?? st?.image ?? '');
    if (st?.imageID) w.field(4, 'Image ID', st.imageID);
    state(w, 4, 'State', st?.state);
    if (st?.lastState && Object.keys(st.lastState).length) state(w, 4, 'Last State', st.lastState);
    w.field(4, 'Ready', st?.ready ? 'True' : 'False');
    w.field(4, 'Restart Count', String(st?.restartCount ?? 0));
    for (const [k, res] of [
      ['Limits', spec?.resources?.limits],
      ['Requests', spec?.resources?.requests],
    ] as const) {
      if (!res || !Object.keys(res).length) continue;
      w.field(4, k, null);
      for (const [r, q] of Object.entries(res)) w.field(6, r, q);
    }
  }
}

/** The `Events:` table of a describe (Type Reason Age From Message), oldest first; `<none>` when empty, `<unknown>` when unread. */
function describeEvents(w: DescribeWriter, events: readonly ClusterEvent[] | undefined, now: Date): void {
  if (events === undefined) {
    w.field(0, 'Events', '<unknown> (they could not be read)');
    return;
  }
  if (events.length === 0) {
    w.field(0, 'Events', '<none>');
    return;
  }
  w.field(0, 'Events', null);
  const rows = [
    ['Type', 'Reason', 'Age', 'From', 'Message'],
    ['----', '------', '----', '----', '-------'],
  ];
  for (const e of sortEvents(events)) {
    const when = e.count > 1 ? `${age(e.lastSeen, now)} (x${e.count} over ${age(e.firstSeen, now)})` : age(e.lastSeen ?? e.firstSeen, now);
    rows.push([cell(e.type), cell(e.reason, '<unknown>'), when, cell(e.source, '<unknown>'), cell(e.message, '')]);
  }
  w.raw(layoutTable(rows, 2, '  '));
}

function conditionsTable(w: DescribeWriter, conditions: Condition[], node: boolean): void {
  if (!conditions.length) return;
  w.field(0, 'Conditions', null);
  if (!node) {
    w.raw(layoutTable([['Type', 'Status'], ...conditions.map((c) => [cell(c.type), cell(c.status)])], 2, '  '));
    return;
  }
  const rows = [
    ['Type', 'Status', 'LastHeartbeatTime', 'LastTransitionTime', 'Reason', 'Message'],
    ['----', '------', '-----------------', '------------------', '------', '-------'],
  ];
  for (const c of conditions)
    rows.push([cell(c.type), cell(c.status), rfc1123(c.lastHeartbeatTime), rfc1123(c.lastTransitionTime), cell(c.reason), cell(c.message, '')]);
  w.raw(layoutTable(rows, 2, '  '));
}

/** `kubectl describe pod`: identity, status/reason/message, container states, conditions, events (undefined: not readable). */
export function renderPodDescribe(pod: Pod, events: readonly ClusterEvent[] | undefined, now: Date): string {
  const w = new DescribeWriter();
  const m = pod.metadata;
  const spec = pod.spec ?? {};
  const st = pod.status ?? {};
  w.field(0, 'Name', m.name ?? '').field(0, 'Namespace', m.namespace ?? '');
  if (spec.priority !== undefined) w.field(0, 'Priority', String(spec.priority));
  if (spec.serviceAccountName) w.field(0, 'Service Account', spec.serviceAccountName);
  w.field(0, 'Node', spec.nodeName ? `${spec.nodeName}${st.hostIP ? `/${st.hostIP}` : ''}` : '<none>');
  if (st.startTime) w.field(0, 'Start Time', rfc1123(st.startTime));
  w.field(0, 'Labels', labels(m.labels));
  w.field(0, 'Status', m.deletionTimestamp ? `Terminating (lasts ${age(m.deletionTimestamp, now)})` : (st.phase ?? 'Unknown'));
  if (st.reason) w.field(0, 'Reason', st.reason);
  if (st.message) w.field(0, 'Message', st.message);
  if (st.podIP) w.field(0, 'IP', st.podIP);
  const owner = m.ownerReferences?.find((o) => o.controller) ?? m.ownerReferences?.[0];
  if (owner) w.field(0, 'Controlled By', `${owner.kind}/${owner.name}`);
  if (st.nominatedNodeName) w.field(0, 'NominatedNodeName', st.nominatedNodeName);
  containers(w, 'Init Containers', spec.initContainers, st.initContainerStatuses);
  containers(w, 'Containers', spec.containers, st.containerStatuses);
  conditionsTable(w, st.conditions ?? [], false);
  if (st.qosClass) w.field(0, 'QoS Class', st.qosClass);
  w.field(0, 'Node-Selectors', labels(spec.nodeSelector));
  const tolerations = (spec.tolerations ?? []).map(
    (t) =>
      `${t.key ?? ''}${t.value ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}${t.operator === 'Exists' ? ' op=Exists' : ''}${t.tolerationSeconds !== undefined ? ` for ${t.tolerationSeconds}s` : ''}`,
  );
  w.field(0, 'Tolerations', tolerations.length ? tolerations : ['<none>']);
  describeEvents(w, events, now);
  return w.toString();
}

const NODE_INFO: [string, string][] = [
  ['machineID', 'Machine ID'],
  ['systemUUID', 'System UUID'],
  ['bootID', 'Boot ID'],
  ['kernelVersion', 'Kernel Version'],
  ['osImage', 'OS Image'],
  ['operatingSystem', 'Operating System'],
  ['architecture', 'Architecture'],
  ['containerRuntimeVersion', 'Container Runtime Version'],
  ['kubeletVersion', 'Kubelet Version'],
  ['kubeProxyVersion', 'Kube-Proxy Version'],
];

/** Roles from `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels, as kubectl shows them. */
export function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/') && k.length > 24) roles.add(k.slice(24));
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

/** `kubectl describe node`: identity, taints, conditions (DiskPressure, Ready ... with messages), capacity, system info, events (undefined: not readable). */
export function renderNodeDescribe(node: Node, events: readonly ClusterEvent[] | undefined, now: Date): string {
  const w = new DescribeWriter();
  const st = node.status ?? {};
  w.field(0, 'Name', node.metadata.name ?? '')
    .field(0, 'Roles', nodeRoles(node))
    .field(0, 'Labels', labels(node.metadata.labels));
  w.field(0, 'CreationTimestamp', rfc1123(node.metadata.creationTimestamp));
  const taints = (node.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
  w.field(0, 'Taints', taints.length ? taints : ['<none>']);
  w.field(0, 'Unschedulable', node.spec?.unschedulable ? 'true' : 'false');
  conditionsTable(w, st.conditions ?? [], true);
  for (const [title, map] of [
    ['Addresses', Object.fromEntries((st.addresses ?? []).map((a) => [a.type, a.address]))],
    ['Capacity', st.capacity],
    ['Allocatable', st.allocatable],
  ] as const) {
    if (!map || !Object.keys(map).length) continue;
    w.field(0, title, null);
    for (const [k, v] of Object.entries(map)) w.field(2, k, v);
  }
  if (st.nodeInfo) {
    w.field(0, 'System Info', null);
    for (const [k, label] of NODE_INFO) if (st.nodeInfo[k] !== undefined) w.field(2, label, st.nodeInfo[k]);
  }
  if (node.spec?.podCIDR) w.field(0, 'PodCIDR', node.spec.podCIDR);
  if (node.spec?.providerID) w.field(0, 'ProviderID', node.spec.providerID);
  describeEvents(w, events, now);
  return w.toString();
}
