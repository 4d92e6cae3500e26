/**
 * What a picker lists before reading a live cluster: the kubeconfig's contexts, and a cluster's
 * namespaces, pods, nodes and workloads as short summaries (name, status, detail). Pure data in and
 * out (no editor types); requests go through the same KubeHttp and ClusterSession as the cluster
 * source, so they are bounded, cancellable, and their failures are the same redacted problems.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Condition, Node, Pod, Workload } from './apiTypes';
import { Redactor, type ClusterProblem } from './clusterProblems';
import { ClusterSession, type Ask, type ListRead, type ListResult } from './clusterSession';
import type { ShapeName, Shapes } from './apiShapes';
import { KubeHttp, REQUEST_DEFAULTS, type ClusterTarget } from './kubeHttp';
import { KubeconfigError, loadKubeconfig, type KubeconfigHints } from './kubeconfig';
import { nodeRoles } from './renderDescribe';
import { age, podSummary } from './renderTables';

/** One context of the kubeconfig (names only: never credentials). */
export interface KubeContextInfo {
  /** Context name. */
  name: string;
  /** Cluster name it points at. */
  cluster?: string;
  /** Its default namespace. */
  namespace?: string;
  /** True for the kubeconfig's current context. */
  current: boolean;
}

/** The contexts of a kubeconfig, current first (then in file order); `problem` (redacted) when it cannot be loaded. */
export function listContexts(kubeconfig?: string, hints?: KubeconfigHints): { contexts: KubeContextInfo[]; problem?: string } {
  let kc: KubeConfig;
  try {
    kc = loadKubeconfig(kubeconfig, hints).kc;
  } catch (err) {
    if (!(err instanceof KubeconfigError)) throw err;
    return { contexts: [], problem: new Redactor([]).message(err.message) };
  }
  const current = kc.getCurrentContext();
  const contexts = kc
    .getContexts()
    .map((c) => ({ name: c.name, cluster: c.cluster || undefined, namespace: c.namespace || undefined, current: c.name === current }));
  return { contexts: [...contexts.filter((c) => c.current), ...contexts.filter((c) => !c.current)] };
}

/** A listed object, summarised for a picker. */
export interface CatalogEntry {
  /** Object name; for workloads the reference the cluster source takes (`deployment/web`). */
  name: string;
  /** Short status: `Running`, `Evicted`, `CrashLoopBackOff`, `NotReady`, `2/3 ready` ... */
  status: string;
  /** More: readiness, restarts, node, age ... */
  detail: string;
  /** True when the status calls for attention (not running/ready/complete). */
  unhealthy: boolean;
}

/** A listing: what could be read, and why the rest could not. */
export interface Listing {
  /** The entries, sorted by name. */
  items: CatalogEntry[];
  /** Failures (redacted), as the cluster source words them. */
  problems: ClusterProblem[];
  /** The context used. */
  context?: string;
  /** The target namespace (the context's when none was given). */
  namespace?: string;
  /** The server had more than one page (only the first was read). */
  truncated?: boolean;
}

/** Bounds of a listing. */
export interface ListOptions {
  /** Abort a request when nothing arrives for this long (default 15000 ms). */
  timeoutMs?: number;
  /** Cancels the listing (it then resolves with what it has). */
  signal?: AbortSignal;
  /** The clock for ages (default: the real one). */
  now?: () => Date;
  /** Items per list (default 500). */
  limit?: number;
}

const HEALTHY_POD = new Set(['Running', 'Completed', 'Succeeded']);

/** A pod as `kubectl get pods` sums it up. */
export function podEntry(pod: Pod, now: Date): CatalogEntry {
  const s = podSummary(pod, now);
  const total = Number(s.ready.split('/')[1]);
  const ready = s.ready.split('/')[0] === s.ready.split('/')[1];
  const parts = [`ready ${s.ready}`, `restarts ${s.restarts}`];
  if (pod.spec?.nodeName) parts.push(`node ${pod.spec.nodeName}`);
  if (pod.metadata.creationTimestamp) parts.push(`age ${age(pod.metadata.creationTimestamp, now)}`);
  const unhealthy = !HEALTHY_POD.has(s.status) || (s.status === 'Running' && total > 0 && !ready);
  return { name: pod.metadata.name ?? '', status: s.status, detail: parts.join(' · '), unhealthy };
}

const PRESSURE = ['DiskPressure', 'MemoryPressure', 'PIDPressure', 'NetworkUnavailable'];

/** A node as `kubectl get nodes` sums it up, plus the pressure conditions that hold. */
export function nodeEntry(node: Node, now: Date): CatalogEntry {
  const conditions: Condition[] = node.status?.conditions ?? [];
  const ready = conditions.find((c) => c.type === 'Ready');
  const status = [ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  for (const c of conditions) if (PRESSURE.includes(c.type) && c.status === 'True') status.push(c.type);
  const parts = [`roles ${nodeRoles(node)}`];
  const version = node.status?.nodeInfo?.kubeletVersion;
  if (version) parts.push(version);
  if (node.metadata.creationTimestamp) parts.push(`age ${age(node.metadata.creationTimestamp, now)}`);
  return { name: node.metadata.name ?? '', status: status.join(','), detail: parts.join(' · '), unhealthy: status.length > 1 || status[0] !== 'Ready' };
}

/** A workload with its replica counts (what `kubectl get` prints). */
export type WorkloadObject = Workload;

/** The workload kinds listed, as the cluster source names them. */
export const WORKLOAD_KINDS = [
  { ref: 'deployment', resource: 'deployments', api: '/apis/apps/v1' },
  { ref: 'statefulset', resource: 'statefulsets', api: '/apis/apps/v1' },
  { ref: 'daemonset', resource: 'daemonsets', api: '/apis/apps/v1' },
  { ref: 'job', resource: 'jobs', api: '/apis/batch/v1' },
] as const;

/** A workload summed up; `name` is the reference the cluster source takes (`deployment/web`). */
export function workloadEntry(kind: (typeof WORKLOAD_KINDS)[number]['ref'], w: WorkloadObject, now: Date): CatalogEntry {
  const st = w.status ?? {};
  let status: string;
  let unhealthy: boolean;
  if (kind === 'job') {
    const failed = (st.conditions ?? []).find((c) => c.type === 'Failed' && c.status === 'True');
    const complete = (st.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True');
    status = failed ? `Failed${failed.reason ? ` (${failed.reason})` : ''}` : complete ? 'Complete' : `${st.active ?? 0} active`;
    status += ` · ${st.succeeded ?? 0}/${w.spec?.completions ?? 1} succeeded`;
    unhealthy = !!failed || (st.failed ?? 0) > 0;
  } else {
    const desired = kind === 'daemonset' ? (st.desiredNumberScheduled ?? 0) : (w.spec?.replicas ?? st.replicas ?? 0);
    const ready = kind === 'daemonset' ? (st.numberReady ?? 0) : (st.readyReplicas ?? 0);
    status = `${ready}/${desired} ready`;
    unhealthy = ready < desired;
  }
  const detail = w.metadata.creationTimestamp ? `age ${age(w.metadata.creationTimestamp, now)}` : '';
  return { name: `${kind}/${w.metadata.name ?? ''}`, status, detail, unhealthy };
}

function byName(a: CatalogEntry, b: CatalogEntry): number {
  return a.name.localeCompare(b.name);
}

/** Run listing requests on one connection; a kubeconfig error becomes the only problem. */
async function listing(
  target: ClusterTarget,
  o: ListOptions,
  fn: (s: ClusterSession, ns: string, now: Date) => Promise<Omit<Listing, 'problems'>>,
): Promise<Listing> {
  let http: KubeHttp;
  try {
    http = KubeHttp.load(target);
  } catch (err) {
    return { items: [], problems: [{ source: 'kubeconfig', message: new Redactor([]).message((err as Error).message), fatal: true }] };
  }
  const s = new ClusterSession(http, { ...REQUEST_DEFAULTS, concurrency: 4, timeoutMs: o.timeoutMs ?? REQUEST_DEFAULTS.timeoutMs, signal: o.signal });
  const out = await fn(s, http.namespace, o.now?.() ?? new Date());
  return { ...out, problems: s.problems, context: http.contextName, namespace: http.namespace };
}

const enc = encodeURIComponent;

/** The first page of a list (a picker shows at most `limit`; `complete` false when the server has more). */
function firstPage<K extends ShapeName, U>(
  s: ClusterSession,
  ask: Ask,
  o: ListOptions,
  read: Pick<ListRead<K, U>, 'shape' | 'path' | 'map'>,
): Promise<ListResult<U> | undefined> {
  const limit = o.limit ?? 500;
  return s.list(ask, { ...read, bounds: { pageSize: limit, maxPages: 1, maxItems: limit }, kept: 'the first listed' });
}

/** The cluster's namespaces (status: their phase). */
export function listNamespaces(target: ClusterTarget, o: ListOptions = {}): Promise<Listing> {
  return listing(target, o, async (s, _ns, now) => {
    const list = await firstPage(s, { source: 'namespaces', fatal: true, verb: 'list', resource: 'namespaces' }, o, {
      shape: 'Namespace',
      path: '/api/v1/namespaces',
      map: (n: Shapes['Namespace']) => ({
        name: n.metadata.name ?? '',
        status: n.status?.phase ?? '',
        detail: n.metadata.creationTimestamp ? `age ${age(n.metadata.creationTimestamp, now)}` : '',
        unhealthy: n.status?.phase === 'Terminating',
      }),
    });
    return { items: (list?.items ?? []).sort(byName), truncated: list ? !list.complete : false };
  });
}

/** The pods of the target namespace. */
export function listPods(target: ClusterTarget, o: ListOptions = {}): Promise<Listing> {
  return listing(target, o, async (s, ns, now) => {
    const list = await firstPage(s, { source: `pods in ${ns}`, fatal: true, verb: 'list', resource: 'pods', namespace: ns }, o, {
      shape: 'Pod',
      path: `/api/v1/namespaces/${enc(ns)}/pods`,
      map: (p: Pod) => podEntry(p, now),
    });
    return { items: (list?.items ?? []).sort(byName), truncated: list ? !list.complete : false };
  });
}

/** The cluster's nodes. */
export function listNodes(target: ClusterTarget, o: ListOptions = {}): Promise<Listing> {
  return listing(target, o, async (s, _ns, now) => {
    const list = await firstPage(s, { source: 'nodes', fatal: true, verb: 'list', resource: 'nodes' }, o, {
      shape: 'Node',
      path: '/api/v1/nodes',
      map: (n: Node) => nodeEntry(n, now),
    });
    return { items: (list?.items ?? []).sort(byName), truncated: list ? !list.complete : false };
  });
}

/**
 * The deployments, statefulsets, daemonsets and jobs of the target namespace. A kind the server does
 * not serve (404) is skipped quietly; other failures are problems.
 */
export function listWorkloads(target: ClusterTarget, o: ListOptions = {}): Promise<Listing> {
  return listing(target, o, async (s, ns, now) => {
    let truncated = false;
    const lists = await Promise.all(
      WORKLOAD_KINDS.map(async (k) => {
        const list = await firstPage(s, { source: `${k.resource} in ${ns}`, fatal: false, verb: 'list', resource: k.resource, namespace: ns }, o, {
          shape: 'Workload',
          path: `${k.api}/namespaces/${enc(ns)}/${k.resource}`,
          map: (w: Workload) => workloadEntry(k.ref, w, now),
        });
        if (list && !list.complete) truncated = true;
        return list?.items ?? [];
      }),
    );
    // An API group the server lacks (no batch/v1 on a stripped-down server) is not worth a warning.
    for (let i = s.problems.length - 1; i >= 0; i--) if (/\(404\)$/.test(s.problems[i].message)) s.problems.splice(i, 1);
    return { items: lists.flat().sort(byName), truncated };
  });
}
