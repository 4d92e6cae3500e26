/**
 * The pure parts of "Diagnose Cluster Resource...": command arguments, quick-pick items from
 * listed objects, settings as limits, document paths for fetched inputs, and how problems are
 * worded. No `vscode` import, so unit tests run them under plain mocha.
 */
import type { CatalogEntry, KubeContextInfo } from '../../cluster/clusterCatalog';
import type { ClusterLimits, ClusterProblem, ClusterTarget } from '../../cluster/clusterSource';
import { specsNamed, type ClusterSpec, type ClusterSpecFields } from '../../cluster/clusterSpec';

/** The argument object the command takes (tests and other commands); every field optional. */
export interface ClusterCommandArgs extends ClusterSpecFields {
  /** Kubeconfig file (default: the setting, else $KUBECONFIG / ~/.kube/config). */
  kubeconfig?: string;
  /** Context (default: the kubeconfig's current). */
  context?: string;
  /** Namespace (default: the context's). */
  namespace?: string;
}

/** What arguments ask for: the target (possibly partial) and, when named, what to read. */
export interface ClusterRequest {
  /** Where to read; missing parts are asked (palette) or defaulted (with a spec). */
  target: ClusterTarget;
  /** What to read; absent: ask. */
  spec?: ClusterSpec;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/**
 * The request carried by the command's argument: undefined when there is none (or it is not an
 * argument object, e.g. a Uri from a menu), `{ error }` when it names more than one thing to read.
 */
export function clusterRequestFromArgs(arg: unknown): ClusterRequest | { error: string } | undefined {
  if (!arg || typeof arg !== 'object' || Array.isArray(arg)) return undefined;
  const a = arg as Record<string, unknown>;
  const keys = ['kubeconfig', 'context', 'namespace', 'pod', 'selector', 'node', 'events'];
  if (!keys.some((k) => k in a)) return undefined;
  const specs = specsNamed({ pod: str(a.pod), selector: str(a.selector), node: str(a.node), events: a.events === true });
  if (specs.length > 1) return { error: 'name one of pod, selector, node or events' };
  const target: ClusterTarget = {};
  if (str(a.kubeconfig)) target.kubeconfig = str(a.kubeconfig);
  if (str(a.context)) target.context = str(a.context);
  if (str(a.namespace)) target.namespace = str(a.namespace);
  return specs.length ? { target, spec: specs[0] } : { target };
}

/** `pod ci/web-1`, `deployment/web in ci`, `pods app=web in ci`, `node aks-1`, `events in ci`. */
export function specLabel(spec: ClusterSpec, namespace: string): string {
  if ('pod' in spec) return `pod ${namespace}/${spec.pod.replace(/^pods?\//, '')}`;
  if ('selector' in spec) return /^[A-Za-z.]+\/[^=]+$/.test(spec.selector) ? `${spec.selector} in ${namespace}` : `pods ${spec.selector} in ${namespace}`;
  if ('node' in spec) return `node ${spec.node.replace(/^nodes?\//, '')}`;
  return `events in ${namespace}`;
}

/** The settings `postmortemLens.cluster.*` as limits (out-of-range values fall back to the defaults). */
export function limitsFromSettings(get: (key: string) => unknown): ClusterLimits {
  const num = (key: string, min: number): number | undefined => {
    const v = get(key);
    return typeof v === 'number' && Number.isFinite(v) && v >= min ? Math.floor(v) : undefined;
  };
  const timeout = num('timeoutSeconds', 1);
  const since = num('sinceSeconds', 1);
  return {
    tailLines: num('tailLines', 1),
    limitBytes: num('limitBytes', 1),
    sinceSeconds: since,
    concurrency: num('concurrency', 1),
    timeoutMs: timeout === undefined ? undefined : timeout * 1000,
  };
}

/** A quick-pick item carrying the value it stands for (structurally a `vscode.QuickPickItem`). */
export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  alwaysShow?: boolean;
  value: T;
}

/** Contexts (current first, as listed), each with its cluster and namespace. */
export function contextPickItems(contexts: readonly KubeContextInfo[]): PickItem<string>[] {
  return contexts.map((c) => ({
    label: c.name,
    description: [c.current ? 'current' : '', c.cluster ? `cluster ${c.cluster}` : ''].filter(Boolean).join(' · ') || undefined,
    detail: c.namespace ? `namespace ${c.namespace}` : undefined,
    value: c.name,
  }));
}

/** Namespaces, the context's own first (even when it could not be listed). */
export function namespacePickItems(entries: readonly CatalogEntry[], preferred?: string): PickItem<string>[] {
  const items: PickItem<string>[] = entries.map((e) => ({ label: e.name, description: e.status || undefined, detail: e.detail || undefined, value: e.name }));
  if (!preferred) return items;
  const i = items.findIndex((x) => x.value === preferred);
  const first = i >= 0 ? items.splice(i, 1)[0] : { label: preferred, value: preferred };
  return [{ ...first, description: ['context default', first.description].filter(Boolean).join(' · ') }, ...items];
}

/** Listed objects: those that need attention first (with a warning icon), then the rest, each by name. */
export function objectPickItems(entries: readonly CatalogEntry[]): PickItem<string>[] {
  const ordered = [...entries.filter((e) => e.unhealthy), ...entries.filter((e) => !e.unhealthy)];
  return ordered.map((e) => ({
    label: `${e.unhealthy ? '$(warning)' : '$(pass)'} ${e.name}`,
    description: e.status || undefined,
    detail: e.detail || undefined,
    value: e.name,
  }));
}

/** The item for a name typed into a picker that lists no such object. */
export function typedPickItem(value: string, what: string): PickItem<string> {
  return { label: `$(edit) ${value.trim()}`, description: `use this ${what}`, alwaysShow: true, value: value.trim() };
}

/** What the kind step offers. */
export type ClusterKind = 'pod' | 'workload' | 'node' | 'events';

/** The kind step's items. */
export const KIND_ITEMS: readonly PickItem<ClusterKind>[] = [
  { label: '$(symbol-method) Pod', detail: "Its describe and events, and every container's log (the previous one after a restart)", value: 'pod' },
  { label: '$(layers) Workload', detail: 'The pods of a deployment, statefulset, daemonset or job, or of a label selector', value: 'workload' },
  { label: '$(server) Node', detail: 'Its conditions and events, and its pods as a table', value: 'node' },
  { label: '$(list-unordered) Namespace events', detail: "The namespace's recent events as a table", value: 'events' },
];

/** One problem as a line: `source: message` (unless the message already starts with the source). */
export function problemLine(p: ClusterProblem): string {
  return p.message.startsWith(p.source) ? p.message : `${p.source}: ${p.message}`;
}

/** The notification text for a run's problems. */
export function problemSummary(problems: readonly ClusterProblem[], what: string, nothingRead: boolean): string {
  const first = problems.find((p) => p.fatal) ?? problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  if (nothingRead) return `Postmortem Lens: nothing could be read for ${what}${first ? `: ${problemLine(first)}` : ''}${more}`;
  return `Postmortem Lens: part of ${what} could not be read: ${first ? problemLine(first) : 'unknown problem'}${more}`;
}

/** A path segment: no separators, never `.` or `..`, never empty. */
function segment(s: string): string {
  const out = s.replace(/[/\\]/g, '_').replace(/[\u0000-\u001f]/g, '');
  return out === '' || out === '.' || out === '..' ? '_' : out;
}

/**
 * Document paths for a run's inputs (by their names, in order), under `/cluster/<context>`:
 * `<ns>/<pod>/<container>.log`, `<ns>/<pod>/<container>.previous.log`, `<ns>/<pod>/describe.log`,
 * `<ns>/<pod>/events.log`, `<ns>/<kind>/<name>/events.log`, `nodes/<node>/describe.log`,
 * `nodes/<node>/pods.log`, `<ns>/events.log`. Every path ends in `.log` and is unique within the run.
 */
export function clusterDocumentPaths(context: string, names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let parts: string[];
    let m: RegExpExecArray | null;
    if ((m = /^pod ([^/\s]+)\/(\S+) container (\S+)( \(previous\))?$/.exec(name))) parts = [m[1], m[2], `${m[3]}${m[4] ? '.previous' : ''}.log`];
    else if ((m = /^pod ([^/\s]+)\/(\S+) \(describe\)$/.exec(name))) parts = [m[1], m[2], 'describe.log'];
    else if ((m = /^events of pod ([^/\s]+)\/(\S+)$/.exec(name))) parts = [m[1], m[2], 'events.log'];
    else if ((m = /^events of (\w+) ([^/\s]+)\/(\S+)$/.exec(name))) parts = [m[2], m[1], m[3], 'events.log'];
    else if ((m = /^node (\S+) \(describe\)$/.exec(name))) parts = ['nodes', m[1], 'describe.log'];
    else if ((m = /^pods on node (\S+)$/.exec(name))) parts = ['nodes', m[1], 'pods.log'];
    else if ((m = /^events in (\S+)$/.exec(name))) parts = [m[1], 'events.log'];
    else parts = [`${name.replace(/\s+/g, '-')}.log`];
    const base = `/${['cluster', context, ...parts].map(segment).join('/')}`;
    let path = base;
    for (let n = 2; seen.has(path); n++) path = base.replace(/\.log$/, `-${n}.log`);
    seen.add(path);
    return path;
  });
}
