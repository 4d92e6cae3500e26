/**
 * The live-cluster source: reads a pod (or a selector's or workload's pods), a node, or a namespace's
 * events from the API server and turns them into the engine's inputs: container logs (current, and
 * previous after a restart) as they are, pods and nodes rendered as `kubectl describe`, pod lists and
 * events as `kubectl get` tables. What cannot be read becomes a ClusterProblem; the rest still loads.
 */
import type { LogKind } from '../core';
import type { Pod } from './apiTypes';
import { sortEvents, type ClusterEvent } from './clusterEvent';
import { internalErrorMessage, Redactor, type ClusterProblem } from './clusterProblems';
import { ClusterSession, LIST_BOUNDS, type Ask } from './clusterSession';
import { ClusterRequestError, KubeHttp, REQUEST_DEFAULTS, type ClusterTarget } from './kubeHttp';
import { renderNodeDescribe, renderPodDescribe } from './renderDescribe';
import { renderEventsTable, renderPodsWide } from './renderTables';
import { parseWorkloadRef, selectorString } from './workloadSelector';
import type { ClusterSpec } from './clusterSpec';

export type { ClusterProblem } from './clusterProblems';
export type { ClusterTarget } from './kubeHttp';
export type { ClusterSpec } from './clusterSpec';

/** Bounds of a run. */
export interface ClusterLimits {
  /** Last lines of each container log (default 5000). */
  tailLines?: number;
  /** Only log lines newer than this; also the age limit of `events` (default: no limit). */
  sinceSeconds?: number;
  /** Bytes of each container log at most (default 10 MiB); the rest is never read. */
  limitBytes?: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Abort a request when nothing arrives for this long (default 15000 ms). */
  timeoutMs?: number;
  /** Abort a request that has not finished after this long, however steadily it trickles (default 120000 ms); a log keeps what arrived. */
  deadlineMs?: number;
  /** Kill an exec credential plugin of the kubeconfig still running after this long (default 30000 ms). */
  execTimeoutMs?: number;
}

/** Cancellation and progress. */
export interface ClusterHooks {
  /** Cancels the run: pending requests are aborted and the promise rejects. */
  signal?: AbortSignal;
  /** After each request: how many are done of how many known so far, and what the last one was for. */
  onProgress?(done: number, total: number, what: string): void;
  /** The clock for the ages in renderings (default: the real one). */
  now?: () => Date;
}

/** One input for the engine. */
export interface ClusterInput {
  /** Display name: `pod ci/jenkins-1 container jnlp (previous)`, `pod ci/jenkins-1 (describe)`. */
  name: string;
  /** The text. */
  text: string;
  /** Its kind when it is a rendering (container logs are left to detection). */
  kind?: LogKind;
}

/** Defaults of ClusterLimits. */
export const CLUSTER_DEFAULTS = { tailLines: 5000, limitBytes: 10 * 1024 * 1024, concurrency: 4, ...REQUEST_DEFAULTS } as const;

interface Run {
  s: ClusterSession;
  ns: string;
  now: Date;
  limits: Required<Omit<ClusterLimits, 'sinceSeconds'>> & { sinceSeconds?: number };
}

/** Read what `spec` names from the cluster `target`; never throws for cluster errors (see `problems`). */
export async function collectClusterInputs(
  target: ClusterTarget,
  spec: ClusterSpec,
  limits: ClusterLimits = {},
  hooks: ClusterHooks = {},
): Promise<{ inputs: ClusterInput[]; problems: ClusterProblem[] }> {
  let http: KubeHttp;
  try {
    http = KubeHttp.load(target);
  } catch (err) {
    // A kubeconfig parse error may quote the file, credentials included.
    return { inputs: [], problems: [{ source: 'kubeconfig', message: new Redactor([]).message((err as Error).message), fatal: true }] };
  }
  const l = { ...CLUSTER_DEFAULTS, ...Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) } as Run['limits'];
  const s = new ClusterSession(http, {
    concurrency: Math.max(1, l.concurrency),
    timeoutMs: l.timeoutMs,
    deadlineMs: l.deadlineMs,
    execTimeoutMs: l.execTimeoutMs,
    signal: hooks.signal,
    onProgress: hooks.onProgress,
  });
  const run: Run = { s, ns: http.namespace, now: hooks.now?.() ?? new Date(), limits: l };
  let inputs: ClusterInput[];
  if ('pod' in spec) inputs = await podByName(run, spec.pod.replace(/^pods?\//, ''));
  else if ('selector' in spec) inputs = await podsBySelector(run, spec.selector);
  else if ('node' in spec) inputs = await node(run, spec.node.replace(/^nodes?\//, ''));
  else inputs = await namespaceEvents(run);
  hooks.signal?.throwIfAborted();
  return { inputs: inputs.map((i) => ({ ...i, text: s.redactor.known(i.text) })), problems: s.problems };
}

const enc = encodeURIComponent;

async function podByName(run: Run, name: string): Promise<ClusterInput[]> {
  const source = `pod ${run.ns}/${name}`;
  let missing = false;
  const ask: Ask = { source, fatal: true, verb: 'get', resource: 'pods', namespace: run.ns, name };
  const pod = await run.s.request(ask, async (http) => {
    try {
      return run.s.conformed(ask, 'Pod', await http.getJson(`/api/v1/namespaces/${enc(run.ns)}/pods/${enc(name)}`, {}, run.s.requestLimits));
    } catch (err) {
      missing = err instanceof ClusterRequestError && err.failure === 'not-found';
      throw err;
    }
  });
  if (pod) return podInputs(run, pod);
  if (!missing) return [];
  // A deleted pod (an evicted CI agent) leaves its events behind for an hour: they still tell why.
  const events = await run.s.events(`events of ${source}`, run.ns, { kind: 'Pod', name });
  return events?.length ? rendered(run, `events of ${source}`, 'kubectl-get', () => renderEventsTable(events)) : [];
}

/** Most pods read for one selector: each costs a describe and up to 2 logs per container in memory. */
const MAX_SELECTOR_PODS = 50;

async function podsBySelector(run: Run, text: string): Promise<ClusterInput[]> {
  const ref = parseWorkloadRef(text);
  let selector = text;
  const inputs: ClusterInput[] = [];
  let source = `pods matching ${text} in ${run.ns}`;
  if (ref) {
    source = `${ref.workload.kind.toLowerCase()} ${run.ns}/${ref.name}`;
    const w = await run.s.object(
      { source, fatal: true, verb: 'get', resource: ref.workload.resource, namespace: run.ns, name: ref.name },
      'Workload',
      `${ref.workload.api}/namespaces/${enc(run.ns)}/${ref.workload.resource}/${enc(ref.name)}`,
    );
    if (!w) return [];
    selector = selectorString(w.spec?.selector);
    if (!selector) {
      run.s.problem(source, `${source} has no pod selector`, true);
      return [];
    }
    const events = await run.s.events(`events of ${source}`, run.ns, { kind: ref.workload.kind, name: ref.name });
    if (events?.length) inputs.push(...rendered(run, `events of ${source}`, 'kubectl-get', () => renderEventsTable(events)));
  }
  const list = await run.s.list(
    { source, fatal: true, verb: 'list', resource: 'pods', namespace: run.ns },
    {
      shape: 'Pod',
      path: `/api/v1/namespaces/${enc(run.ns)}/pods`,
      query: { labelSelector: selector },
      bounds: LIST_BOUNDS.pods,
      map: (p) => p,
      kept: 'the first listed',
      narrow: 'narrow the selector',
    },
  );
  if (!list) return inputs;
  const pods = [...list.items].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  if (pods.length > MAX_SELECTOR_PODS) {
    run.s.problem(source, `${pods.length} pods match ${selector}: only the first ${MAX_SELECTOR_PODS} by name were read; narrow the selector`, false);
    pods.length = MAX_SELECTOR_PODS;
  }
  if (pods.length === 0) run.s.problem(source, `no pods match ${selector} in namespace ${run.ns}; see \`kubectl get pods -n ${run.ns} --show-labels\``, true);
  const each = await Promise.all(pods.map((p) => podInputs(run, p)));
  return [...inputs, ...each.flat()];
}

/** A pod's describe (with its events) and its container logs. */
async function podInputs(run: Run, pod: Pod): Promise<ClusterInput[]> {
  const ns = pod.metadata.namespace ?? run.ns;
  const name = pod.metadata.name ?? '';
  const source = `pod ${ns}/${name}`;
  const logJobs: Promise<ClusterInput | undefined>[] = [];
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    const st = statuses.find((x) => x.name === c.name);
    // A container that never started has no log (the kubelet answers 400 "waiting to start").
    if (st?.state?.running || st?.state?.terminated) logJobs.push(containerLog(run, ns, name, c.name, false));
    if ((st?.restartCount ?? 0) > 0) logJobs.push(containerLog(run, ns, name, c.name, true));
  }
  const [events, ...logs] = await Promise.all([run.s.events(`events of ${source}`, ns, { kind: 'Pod', name }), ...logJobs]);
  const describe = rendered(run, `${source} (describe)`, 'kubectl-describe', () => renderPodDescribe(pod, events as ClusterEvent[] | undefined, run.now));
  return [...describe, ...(logs as (ClusterInput | undefined)[]).filter((x): x is ClusterInput => x !== undefined)];
}

async function containerLog(run: Run, ns: string, pod: string, container: string, previous: boolean): Promise<ClusterInput | undefined> {
  const name = `pod ${ns}/${pod} container ${container}${previous ? ' (previous)' : ''}`;
  const { tailLines, sinceSeconds, limitBytes } = run.limits;
  const ask: Ask = { source: name, fatal: false, verb: 'get', resource: 'pods/log', namespace: ns, name: pod };
  const got = await run.s.request(ask, (http) =>
    http.get(
      `/api/v1/namespaces/${enc(ns)}/pods/${enc(pod)}/log`,
      { container, previous: previous || undefined, tailLines, sinceSeconds, limitBytes },
      limitBytes,
      run.s.requestLimits,
    ),
  );
  if (!got) return undefined;
  const { timeoutMs, deadlineMs } = run.limits;
  const kept = `${got.body.length} bytes`;
  if (got.cut === 'limit') run.s.problem(name, `the server ignored limitBytes: the log was cut at ${limitBytes} bytes`, false);
  if (got.cut === 'idle')
    run.s.problem(name, `the server stopped sending the log for ${timeoutMs / 1000} s: kept the first ${kept}, the rest was not read`, false);
  if (got.cut === 'deadline')
    run.s.problem(
      name,
      `the log was still arriving after ${deadlineMs / 1000} s (the bound of one request): kept the first ${kept}, the rest was not read; a smaller --tail-lines or --since reads less`,
      false,
    );
  return { name, text: got.body.toString('utf8') };
}

async function node(run: Run, name: string): Promise<ClusterInput[]> {
  const source = `node ${name}`;
  const [obj, events, pods] = await Promise.all([
    run.s.object({ source, fatal: true, verb: 'get', resource: 'nodes', name }, 'Node', `/api/v1/nodes/${enc(name)}`),
    run.s.events(`events of ${source}`, undefined, { kind: 'Node', name }),
    run.s.list(
      { source: `pods on ${source}`, fatal: false, verb: 'list', resource: 'pods' },
      {
        shape: 'Pod',
        path: '/api/v1/pods',
        query: { fieldSelector: `spec.nodeName=${name}` },
        bounds: LIST_BOUNDS.pods,
        map: (p) => p,
        kept: 'the first listed',
        narrow: 'a node runs at most a few hundred pods; is the server answering for the node?',
      },
    ),
  ]);
  if (!obj) return [];
  const inputs = rendered(run, `${source} (describe)`, 'kubectl-describe', () => renderNodeDescribe(obj, events, run.now));
  if (pods) {
    const sorted = [...pods.items].sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
    inputs.push(...rendered(run, `pods on ${source}`, 'kubectl-get', () => renderPodsWide(sorted, run.now, true)));
  }
  return inputs;
}

async function namespaceEvents(run: Run): Promise<ClusterInput[]> {
  const source = `events in ${run.ns}`;
  const got = await run.s.events(source, run.ns);
  if (!got) {
    const p = run.s.problems.find((q) => q.source === source);
    if (p) p.fatal = true;
    return [];
  }
  const since = run.limits.sinceSeconds ? run.now.getTime() - run.limits.sinceSeconds * 1000 : -Infinity;
  const recent = sortEvents(got.filter((e) => !e.lastSeen || Date.parse(e.lastSeen) >= since));
  return rendered(run, source, 'kubectl-get', () => renderEventsTable(recent));
}

/**
 * A rendering as an input. The objects were shape-checked when they arrived, so a throw here is our
 * bug: it becomes a problem that names the object and how to report it, and the other inputs stay.
 */
function rendered(run: Run, name: string, kind: LogKind, render: () => string): ClusterInput[] {
  try {
    return [{ name, text: render(), kind }];
  } catch (err) {
    run.s.problem(name, internalErrorMessage(err, `rendering ${name}`), false);
    return [];
  }
}
