/**
 * Facts across lines: checks no line matcher can make, over the rows of the `kubectl get` tables an
 * incident holds. A signature names one with `crossCheck:` and is written like any other (explanation,
 * checks, remediation, edges); what a check finds becomes that signature's occurrences, one on every
 * row involved, so a finding points at each line that makes the fact.
 *
 * The rows come from the engine (only the columns the checks read, from `kubectl get` segments, which
 * are read whole), are kept bounded by the collector, and are checked once every input is read. Facts
 * stated in other lines (a listing of /etc/cni/net.d, cgroup driver settings, cluster and node CIDRs)
 * travel as rows too (lineFacts.ts), and the checks over them live in factChecks.ts.
 *
 * - `pod-ip-outside-node-cidr`: a pod's IP (`get pods -o wide`) outside the podCIDR of its node (`get
 *   nodes` with a PODCIDR column): another IPAM (a second CNI, a stale CNI config, a pool of another
 *   range) hands out addresses. Pods on the host network (the node's own IP, an IP several pods share, or
 *   a pod that runs there by design: control-plane static pods, kube-proxy, CNI agents) are left out.
 * - `control-plane-duplicated-on-node`: two pods of one control-plane component (kube-apiserver,
 *   kube-controller-manager, kube-scheduler, etcd) on the same node: a second set of static-pod
 *   manifests (a re-run installer with other names).
 * - `multiple-cni-plugins`: pods of two CNI plugins' node agents (Calico, Flannel, Cilium, Weave, AWS VPC
 *   CNI, Antrea, kube-router, kindnet) on the same node.
 */
import type { CrossCheckName, InputSummary, LogEvent, Occurrence } from '../../model';
import type { Catalogue } from '../catalogue/catalogue';
import type { RunCollector } from './collector';
import { cidrs, ipv4 } from './cidr';
import { cgroupDriverDiffers, clusterCidrExcludesNodePodCidr, multipleCniConfigs } from './factChecks';
import { at, unset, type TableRow } from './factRow';
import { MAX_LINE_FACTS } from './lineFacts';
import { grouped } from '../grouped';

export type { TableRow } from './factRow';

/** Rows kept per run at most (a dump of a large cluster is a few thousand); the rest are counted. */
export const MAX_TABLE_ROWS = 50_000;

const KEPT = ['NAMESPACE', 'NAME', 'IP', 'NODE', 'PODCIDR', 'INTERNAL-IP', 'EXTERNAL-IP', 'STATUS'];
const PODCIDR_HEADER = /^POD[-_]?CIDRS?$/;

/** The row of a `kubectl get` event that a check can use, or undefined. */
export function tableRowOf(e: LogEvent): TableRow | undefined {
  const f = e.fields;
  if (!f || !f.NAME) return undefined;
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) {
    if (PODCIDR_HEADER.test(k)) fields.PODCIDR = v;
    else if (KEPT.includes(k)) fields[k] = v;
  }
  const useful = (fields.IP !== undefined && fields.NODE !== undefined) || fields.PODCIDR !== undefined || fields['INTERNAL-IP'] !== undefined;
  return useful ? { input: e.input, line: e.line, text: e.text, fields } : undefined;
}

/** Pods that run on the host network by design: control-plane static pods, kube-proxy, node-local agents. */
const HOST_NETWORK =
  /^(kube-apiserver|kube-controller-manager|kube-scheduler|etcd|kube-proxy|kube-vip|nginx-proxy|haproxy|keepalived|node-local-dns|nodelocaldns|node-exporter|prometheus-node-exporter)-/;

function podIpOutsideNodeCidr(rows: readonly TableRow[]): Occurrence[] {
  const nodeCidr = new Map<string, { row: TableRow; ranges: ReturnType<typeof cidrs> }>();
  const nodeIps = new Set<string>();
  for (const r of rows) {
    if (r.fields.PODCIDR !== undefined && !unset(r.fields.PODCIDR)) {
      const ranges = cidrs(r.fields.PODCIDR);
      if (ranges.length) nodeCidr.set(r.fields.NAME, { row: r, ranges });
    }
    for (const k of ['INTERNAL-IP', 'EXTERNAL-IP']) if (!unset(r.fields[k])) nodeIps.add(r.fields[k]);
  }
  if (nodeCidr.size === 0) return [];
  const pods = rows.filter((r) => r.fields.IP !== undefined && r.fields.NODE !== undefined && ipv4(r.fields.IP) !== undefined);
  // Pods on the host network carry their node's address, which several of them share.
  const sharing = new Map<string, number>();
  for (const p of pods) sharing.set(p.fields.IP, (sharing.get(p.fields.IP) ?? 0) + 1);
  const out: Occurrence[] = [];
  const nodesShown = new Set<string>();
  for (const p of pods) {
    const { IP: ip, NODE: node, NAME: pod, NAMESPACE: namespace } = p.fields;
    const cidr = nodeCidr.get(node);
    if (!cidr || nodeIps.has(ip) || (sharing.get(ip) ?? 0) > 1 || HOST_NETWORK.test(pod) || CNI_AGENTS.some(([re]) => re.test(pod))) continue;
    const n = ipv4(ip)!;
    if (cidr.ranges.some((c) => (n & c.mask) >>> 0 === c.base)) continue;
    const podCIDR = cidr.ranges.map((c) => c.text).join(',');
    out.push(at(p, { pod, ip, node, podCIDR }, { pod, node, ...(namespace ? { namespace } : {}) }));
    if (!nodesShown.has(node)) {
      nodesShown.add(node);
      out.push(at(cidr.row, { node, podCIDR, pod, ip }, { node }));
    }
  }
  return out;
}

const CONTROL_PLANE = /^(kube-apiserver|kube-controller-manager|kube-scheduler|etcd)-./;

function controlPlaneDuplicated(rows: readonly TableRow[]): Occurrence[] {
  const groups = new Map<string, TableRow[]>();
  for (const r of rows) {
    const m = CONTROL_PLANE.exec(r.fields.NAME);
    if (!m || unset(r.fields.NODE) || (r.fields.NAMESPACE && r.fields.NAMESPACE !== 'kube-system') || /^(Completed|Succeeded)$/.test(r.fields.STATUS ?? ''))
      continue;
    const key = `${m[1]}\n${r.fields.NODE}`;
    const g = groups.get(key) ?? [];
    if (!g.some((x) => x.fields.NAME === r.fields.NAME)) g.push(r);
    groups.set(key, g);
  }
  const out: Occurrence[] = [];
  for (const [key, g] of groups) {
    if (g.length < 2) continue;
    const [component, node] = key.split('\n');
    const pods = g.map((r) => r.fields.NAME).join(', ');
    for (const r of g) out.push(at(r, { component, node, pod: r.fields.NAME, pods }, { pod: r.fields.NAME, node, namespace: 'kube-system' }));
  }
  return out;
}

/** Node agents of CNI plugins, by pod name prefix (DaemonSet names of their standard manifests). */
const CNI_AGENTS: [RegExp, string][] = [
  [/^calico-node-/, 'Calico'],
  [/^canal-/, 'Canal'],
  [/^kube-flannel-(ds-)?/, 'Flannel'],
  [/^cilium-(?!operator)/, 'Cilium'],
  [/^weave-net-/, 'Weave Net'],
  [/^aws-node-/, 'AWS VPC CNI'],
  [/^antrea-agent-/, 'Antrea'],
  [/^kube-router-/, 'kube-router'],
  [/^kindnet-/, 'kindnet'],
];

function multipleCniPlugins(rows: readonly TableRow[]): Occurrence[] {
  const byNode = new Map<string, Map<string, TableRow[]>>();
  for (const r of rows) {
    if (unset(r.fields.NODE) || r.fields.IP === undefined) continue;
    const plugin = CNI_AGENTS.find(([re]) => re.test(r.fields.NAME))?.[1];
    if (!plugin) continue;
    const plugins = byNode.get(r.fields.NODE) ?? new Map<string, TableRow[]>();
    plugins.set(plugin, [...(plugins.get(plugin) ?? []), r]);
    byNode.set(r.fields.NODE, plugins);
  }
  const out: Occurrence[] = [];
  for (const [node, plugins] of byNode) {
    if (plugins.size < 2) continue;
    const names = [...plugins.keys()].join(', ');
    for (const [plugin, rs] of plugins)
      for (const r of rs)
        out.push(
          at(
            r,
            { node, plugin, plugins: names, pod: r.fields.NAME },
            { pod: r.fields.NAME, node, ...(r.fields.NAMESPACE ? { namespace: r.fields.NAMESPACE } : {}) },
          ),
        );
  }
  return out;
}

/** Checks over table rows only (line facts are left out before they run). */
const TABLE_CHECKS: Partial<Record<CrossCheckName, (rows: readonly TableRow[]) => Occurrence[]>> = {
  'pod-ip-outside-node-cidr': podIpOutsideNodeCidr,
  'control-plane-duplicated-on-node': controlPlaneDuplicated,
  'multiple-cni-plugins': multipleCniPlugins,
};
/** Checks over line facts (and table rows where they use them): factChecks.ts. */
const FACT_CHECKS: Partial<Record<CrossCheckName, (rows: readonly TableRow[]) => Occurrence[]>> = {
  'multiple-cni-configs': multipleCniConfigs,
  'cgroup-driver-differs': cgroupDriverDiffers,
  'cluster-cidr-excludes-node-podcidr': clusterCidrExcludesNodePodCidr,
};

/** What check `name` finds in `rows` (table rows and line facts), in input and line order. */
export function runCrossCheck(name: CrossCheckName, rows: readonly TableRow[]): Occurrence[] {
  const table = TABLE_CHECKS[name];
  const found = table ? table(rows.filter((r) => r.fields.fact === undefined)) : FACT_CHECKS[name]!(rows);
  return found.sort((a, b) => a.input - b.input || a.line - b.line);
}

/**
 * Run the catalogue's cross-line checks over the rows the collector kept and record what they find as
 * occurrences of their signatures. Rows past the bound are named in a notice of the first input.
 */
export function applyCrossChecks(catalogue: Catalogue, collector: RunCollector, inputs: InputSummary[]): void {
  if (catalogue.crossChecks.length === 0) return;
  if (collector.droppedTableRows > 0 && inputs[0]) {
    inputs[0].notices.push({
      level: 'warning',
      message: `${grouped(collector.droppedTableRows)} kubectl table rows past the first ${grouped(MAX_TABLE_ROWS)} were not used by the cross-line checks`,
    });
  }
  if (collector.droppedLineFacts > 0 && inputs[0]) {
    inputs[0].notices.push({
      level: 'warning',
      message: `${grouped(collector.droppedLineFacts)} line facts (CNI config listings, cgroup drivers, CIDRs) past the first ${grouped(MAX_LINE_FACTS)} were not used by the cross-line checks`,
    });
  }
  if (collector.tableRows.length === 0) return;
  for (const { sig, check } of catalogue.crossChecks) for (const occ of runCrossCheck(check, collector.tableRows)) collector.record(sig, occ);
}
