/**
 * The cross-line checks over line facts (lineFacts.ts), beside the table ones in crossChecks.ts:
 *
 * - `multiple-cni-configs`: two or more loadable CNI configs side by side in `/etc/cni/net.d` (one
 *   listing of it, or the runtime finding two): the runtime uses the lexically first, so the other
 *   plugin's network is the one pods get. Backups and other extensions are skipped, as the runtime does.
 * - `cgroup-driver-differs`: the kubelet's cgroup driver differs from the container runtime's on a host.
 * - `cluster-cidr-excludes-node-podcidr`: a `--cluster-cidr` (or `podSubnet`) that does not contain a
 *   node's podCIDR (line facts, and the PODCIDR column of `kubectl get nodes`).
 *
 * Facts are related by host, never by input: a host-less fact (a pasted `docker info`, a config file)
 * belongs to the one host the other facts of its check name, or, when they name several or none, to
 * the host-less group. So findings are the same whether the facts come in one input or in several.
 */
import type { Occurrence } from '../../model';
import { cidrs, within, type Ipv4Range } from './cidr';
import { at, unset, type TableRow } from './factRow';
import { CNI_CONFIG_EXTENSION } from './lineFacts';

/** A host name as facts compare it: lower case, its first label unless it is an IPv4 address. */
function hostKey(host: string | undefined): string {
  if (!host) return '';
  const h = host.toLowerCase();
  return /^\d+\.\d+\.\d+\.\d+$/.test(h) ? h : h.split('.')[0];
}

/** Facts grouped by host (see the header for the host-less ones), with a host name to show per group. */
function byHost(facts: readonly TableRow[]): Map<string, { host?: string; facts: TableRow[] }> {
  const named = new Set(facts.map((f) => hostKey(f.fields.host)).filter((k) => k !== ''));
  const lone = named.size === 1 ? [...named][0] : '';
  const groups = new Map<string, { host?: string; facts: TableRow[] }>();
  for (const f of facts) {
    const key = hostKey(f.fields.host) || lone;
    const g = groups.get(key) ?? { facts: [] };
    if (!g.host && f.fields.host) g.host = f.fields.host;
    g.facts.push(f);
    groups.set(key, g);
  }
  return groups;
}

const factsOf = (rows: readonly TableRow[], ...names: string[]): TableRow[] => rows.filter((r) => r.fields.fact !== undefined && names.includes(r.fields.fact));

/** Occurrences in input and line order, one per line (the first one made for a line wins). */
function onePerLine(occs: Occurrence[]): Occurrence[] {
  const seen = new Set<string>();
  return occs
    .sort((a, b) => a.input - b.input || a.line - b.line)
    .filter((o) => {
      const k = `${o.input}:${o.line}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}

/** A config the runtime loads: `.conf`/`.conflist`/`.json`, not a directory, not the loopback config CRI-O ships beside its own. */
const loadable = (f: TableRow): boolean => !f.fields.ignored && CNI_CONFIG_EXTENSION.test(f.fields.value) && !/loopback/.test(f.fields.value);

/** Byte order, as libcni sorts the directory (`sort.Strings`). */
const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Listings (and a host's runtime lines) with two or more loadable CNI configs: every line involved, with the winner. */
export function multipleCniConfigs(rows: readonly TableRow[]): Occurrence[] {
  const facts = factsOf(rows, 'cni-listing', 'cni-file', 'cni-used', 'cni-found');
  if (facts.length === 0) return [];
  const out: Occurrence[] = [];
  for (const { host, facts: group } of byHost(facts).values()) {
    const runtime = group.filter((f) => f.fields.fact === 'cni-used' || f.fields.fact === 'cni-found');
    // Each listing is a picture of the directory at one moment; the runtime's "found" lines are another.
    const pictures: TableRow[][] = [];
    const listings = new Map<string, TableRow[]>();
    for (const f of group) {
      if (f.fields.fact !== 'cni-listing' && f.fields.fact !== 'cni-file') continue;
      const l = listings.get(f.fields.group) ?? [];
      l.push(f);
      listings.set(f.fields.group, l);
    }
    pictures.push(...listings.values());
    pictures.push(group.filter((f) => f.fields.fact === 'cni-found'));
    for (const picture of pictures) {
      const configs = picture.filter((f) => (f.fields.fact === 'cni-file' || f.fields.fact === 'cni-found') && loadable(f));
      const files = [...new Set(configs.map((f) => f.fields.value))].sort(byteOrder);
      if (files.length < 2) continue;
      const ignored = [...new Set(picture.filter((f) => f.fields.fact === 'cni-file' && !loadable(f)).map((f) => f.fields.value))];
      const captures: Record<string, string> = {
        files: files.join(', '),
        winner: files[0],
        count: String(files.length),
        ...(host ? { node: host } : {}),
        ...(ignored.length ? { ignored: ignored.join(', ') } : {}),
      };
      const refs = host ? { node: host } : {};
      const involved = [...picture.filter((f) => f.fields.fact === 'cni-listing'), ...configs, ...runtime];
      for (const f of involved) out.push(at(f, { ...captures, file: f.fields.value }, refs));
    }
  }
  return onePerLine(out);
}

/** Hosts whose kubelet cgroup driver is not their runtime's: every kubelet and runtime line of that host. */
export function cgroupDriverDiffers(rows: readonly TableRow[]): Occurrence[] {
  const facts = factsOf(rows, 'cgroup-kubelet', 'cgroup-kubelet-cri', 'cgroup-runtime');
  if (facts.length === 0) return [];
  const out: Occurrence[] = [];
  for (const { host, facts: group } of byHost(facts).values()) {
    // A kubelet that takes its driver from the runtime (KubeletCgroupDriverFromCRI) cannot differ.
    if (group.some((f) => f.fields.fact === 'cgroup-kubelet-cri')) continue;
    const kubelet = group.filter((f) => f.fields.fact === 'cgroup-kubelet');
    const runtime = group.filter((f) => f.fields.fact === 'cgroup-runtime');
    const k = [...new Set(kubelet.map((f) => f.fields.value))];
    const r = [...new Set(runtime.map((f) => f.fields.value))];
    if (!k.length || !r.length || k.every((kv) => r.every((rv) => rv === kv))) continue;
    const captures: Record<string, string> = {
      kubelet_driver: k.join(', '),
      runtime_driver: r.join(', '),
      runtime: [...new Set(runtime.map((f) => f.fields.runtime))].join(', '),
      ...(host ? { node: host } : {}),
    };
    for (const f of [...kubelet, ...runtime]) out.push(at(f, captures, host ? { node: host } : {}));
  }
  return onePerLine(out);
}

/** Each stated cluster CIDR that leaves a podCIDR out: its lines and those of the podCIDRs outside it. */
export function clusterCidrExcludesNodePodCidr(rows: readonly TableRow[]): Occurrence[] {
  const clusters = factsOf(rows, 'cluster-cidr');
  if (clusters.length === 0) return [];
  const pods: { row: TableRow; node?: string; ranges: Ipv4Range[] }[] = [];
  for (const r of rows) {
    if (r.fields.fact === 'pod-cidr') pods.push({ row: r, node: r.fields.node, ranges: cidrs(r.fields.value) });
    else if (r.fields.fact === undefined && r.fields.PODCIDR !== undefined && !unset(r.fields.PODCIDR))
      pods.push({ row: r, node: r.fields.NAME, ranges: cidrs(r.fields.PODCIDR) });
  }
  const byValue = new Map<string, { ranges: Ipv4Range[]; rows: TableRow[] }>();
  for (const c of clusters) {
    const ranges = cidrs(c.fields.value);
    if (ranges.length === 0) continue;
    const key = ranges.map((x) => `${x.base}/${x.bits}`).join(',');
    const v = byValue.get(key) ?? { ranges, rows: [] };
    v.rows.push(c);
    byValue.set(key, v);
  }
  const out: Occurrence[] = [];
  for (const { ranges, rows: stated } of byValue.values()) {
    const outside = pods.filter((p) => p.ranges.length > 0 && p.ranges.some((pr) => !ranges.some((cr) => within(pr, cr))));
    if (outside.length === 0) continue;
    const clusterCIDR = ranges.map((x) => x.text).join(',');
    const first = outside[0];
    const nodes = [...new Set(outside.map((p) => p.node).filter((n): n is string => !!n))];
    const base: Record<string, string> = {
      clusterCIDR,
      podCIDR: first.ranges.map((x) => x.text).join(','),
      ...(outside.length > 1 ? { outside: String(outside.length) } : {}),
      ...(first.node ? { node: first.node } : {}),
      ...(nodes.length ? { nodes: nodes.slice(0, 5).join(', ') + (nodes.length > 5 ? ` and ${nodes.length - 5} more` : '') } : {}),
    };
    for (const c of stated) out.push(at(c, base, {}));
    for (const p of outside)
      out.push(at(p.row, { ...base, podCIDR: p.ranges.map((x) => x.text).join(','), ...(p.node ? { node: p.node } : {}) }, p.node ? { node: p.node } : {}));
  }
  return onePerLine(out);
}
