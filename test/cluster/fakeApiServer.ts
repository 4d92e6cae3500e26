/**
 * A loopback HTTPS server that answers the Kubernetes API paths the live-cluster source and kubectl
 * request, with real object shapes, so src/cluster can be tested without a cluster.
 *
 * What it serves (GET only; everything else is 405 MethodNotAllowed):
 *   /version, /api, /api/v1, /apis, /apis/events.k8s.io, /apis/events.k8s.io/{v1,v1beta1}, /healthz
 *   /api/v1/{namespaces,nodes}[/{name}], /api/v1[/namespaces/{ns}]/{pods,events}[/{name}]
 *   /api/v1/namespaces/{ns}/pods/{name}/log     (container, previous, tailLines, sinceSeconds,
 *                                                 sinceTime, limitBytes, timestamps; text/plain)
 *   /apis/events.k8s.io/{v1,v1beta1}[/namespaces/{ns}]/events[/{name}]
 * Lists honour labelSelector, fieldSelector (the field labels the real apiserver supports for that
 * resource; others are 400), limit/continue, watch=true (ADDED for each item, then held open), and
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` (a meta.k8s.io/v1 Table, as kubectl get asks).
 * Errors are metav1 Status objects with the reasons and messages the apiserver and kubelet use.
 *
 * TLS: a CA, a server certificate for 127.0.0.1 and a client certificate (CN=test-user, O=devs) are
 * made with the `openssl` command-line tool in a temp dir at start (Node cannot issue X.509 itself).
 */
import { humanDuration } from '../../src/cluster/renderTables';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import YAML from 'yaml';

const execFileP = promisify(execFile);

/** A Kubernetes object as JSON. */
export type KubeObject = Record<string, any>;

/** The objects the server holds. Log keys are `namespace/pod/container`; previous logs end in `.previous`. */
export interface FakeClusterObjects {
  pods?: KubeObject[];
  nodes?: KubeObject[];
  /** core/v1 Events. */
  events?: KubeObject[];
  /** events.k8s.io/v1 Events; when absent they are converted from `events` as the apiserver does. */
  eventsV1?: KubeObject[];
  /** When absent: one Namespace per namespace named by the other objects, plus default and kube-system. */
  namespaces?: KubeObject[];
  /**
   * Container logs as kubelet keeps them: one line per entry, each line prefixed by its RFC 3339
   * timestamp and a space (the form `kubectl logs --timestamps` prints). The prefix is stripped unless
   * timestamps=true. Keys: `ns/pod/container` (current) and `ns/pod/container.previous`.
   */
  logs?: Record<string, string>;
}

export type AuthMode = 'token' | 'client-cert' | 'exec';

/** What the server was asked; `rbac` and `hang` get it too. */
export interface FakeRequest {
  method: string;
  /** The URL path without the query. */
  path: string;
  query: Record<string, string>;
  /** The authenticated user name ('' when authentication failed). */
  user: string;
  groups: string[];
  /** How the request authenticated: 'token' (a bearer token, also from exec), 'client-cert' or 'none'. */
  authenticatedBy: 'token' | 'client-cert' | 'none';
  accept: string;
  /** For resource requests: the RBAC attributes. */
  verb?: 'get' | 'list' | 'watch';
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface FakeApiServerOptions {
  /** A fixture directory (see loadFixtureDir) or the objects themselves. */
  fixtures: string | FakeClusterObjects;
  /** How clients authenticate; the kubeconfig is written to match. Default 'token'. */
  auth?: AuthMode;
  /** The bearer token accepted with auth 'token' (default: random). With 'exec' the plugin prints it. */
  token?: string;
  /**
   * The apiVersion in the kubeconfig's exec section (auth 'exec'). Default client.authentication.k8s.io/v1,
   * which @kubernetes/client-node accepts; Debian's kubectl 1.20 knows only v1alpha1 and v1beta1.
   */
  execApiVersion?: string;
  /** Authorisation of resource requests (discovery, /version, /healthz are always allowed); false -> 403. */
  rbac?: (req: FakeRequest) => boolean;
  /** true -> the request is never answered (the socket stays open until the client or close() ends it). */
  hang?: (req: FakeRequest) => boolean;
  /**
   * When set, the current log of `bigLogTarget` is generated lazily: realistic JSON lines of a busy
   * service, whole lines, ending at the first line end at or past this many bytes (as sent, so with or
   * without timestamps). limitBytes cuts it like kubelet does, so only that much is generated and sent.
   */
  bigLogBytes?: number;
  bigLogTarget?: { namespace: string; pod: string; container: string };
  /** The server's clock, for sinceSeconds and the Age columns of Tables. Default: the real clock. */
  now?: () => Date;
}

export interface FakeApiServer {
  /** https://127.0.0.1:PORT */
  url: string;
  /** A kubeconfig (context 'fake', namespace 'default') for this server and auth mode. */
  kubeconfigPath: string;
  /** Every request received, in order. */
  requests: FakeRequest[];
  /** Most requests the server held open at once (answered or hanging), since it started or resetMaxInFlight(). */
  readonly maxInFlight: number;
  resetMaxInFlight(): void;
  /** The temp dir holding the kubeconfig, certificates and exec plugin; removed by close(). */
  dir: string;
  /** The token the server accepts (auth 'token' and 'exec'). */
  token: string;
  /** PEM files: the CA, and the client certificate/key (CN=test-user, O=devs). */
  tls: { caCertPath: string; clientCertPath: string; clientKeyPath: string };
  /** The objects served (mutable: tests may add or change objects while the server runs). */
  objects: Required<Omit<FakeClusterObjects, 'eventsV1'>> & { eventsV1: KubeObject[] };
  close(): Promise<void>;
}

/** The container whose current log is replaced by a generated one when bigLogBytes is set. */
export const BIG_LOG_TARGET = Object.freeze({ namespace: 'ci', pod: 'payments-api-6d8f7b9c5d-t5wzx', container: 'api' });

/** The fixtures of test/fixtures/cluster (found beside this file, or from the repo root as cwd under ESM loaders). */
export const DEFAULT_FIXTURE_DIR =
  [path.resolve(__dirname, '..', 'fixtures', 'cluster'), path.resolve(process.cwd(), 'test', 'fixtures', 'cluster')].find((d) =>
    fs.existsSync(path.join(d, 'pods.json')),
  ) ?? path.resolve(__dirname, '..', 'fixtures', 'cluster');

export const SERVER_VERSION = {
  major: '1',
  minor: '22',
  gitVersion: 'v1.22.11',
  gitCommit: '5824e3251d294d324320db85bf63c61a6a1d5374',
  gitTreeState: 'clean',
  buildDate: '2022-06-16T05:33:55Z',
  goVersion: 'go1.16.15',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/**
 * Reads a fixture directory:
 *   pods.json (PodList), nodes.json (NodeList), events.json (core/v1 EventList),
 *   events.k8s.io.json (events.k8s.io/v1 EventList), namespaces.json (NamespaceList); each optional;
 *   logs/<namespace>/<pod>/<container>.log and <container>.previous.log.
 */
export function loadFixtureDir(dir: string): FakeClusterObjects {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`fake API server: no fixture directory ${dir}`);
  const list = (file: string): KubeObject[] | undefined => {
    const p = path.join(dir, file);
    return fs.existsSync(p) ? (JSON.parse(fs.readFileSync(p, 'utf8')).items as KubeObject[]) : undefined;
  };
  const logs: Record<string, string> = {};
  const logRoot = path.join(dir, 'logs');
  if (fs.existsSync(logRoot)) {
    for (const ns of fs.readdirSync(logRoot)) {
      for (const pod of fs.readdirSync(path.join(logRoot, ns))) {
        for (const file of fs.readdirSync(path.join(logRoot, ns, pod))) {
          if (!file.endsWith('.log')) continue;
          logs[`${ns}/${pod}/${file.slice(0, -'.log'.length)}`] = fs.readFileSync(path.join(logRoot, ns, pod, file), 'utf8');
        }
      }
    }
  }
  return {
    pods: list('pods.json'),
    nodes: list('nodes.json'),
    events: list('events.json'),
    eventsV1: list('events.k8s.io.json'),
    namespaces: list('namespaces.json'),
    logs,
  };
}

/** The events.k8s.io/v1 view of a core/v1 Event (the apiserver's conversion). */
export function coreEventToEventsV1(e: KubeObject): KubeObject {
  const out: KubeObject = {
    metadata: e.metadata,
    eventTime: e.eventTime ?? null,
    reportingController: e.reportingComponent || e.source?.component || undefined,
    reportingInstance: e.reportingInstance || e.source?.host || undefined,
    action: e.action,
    reason: e.reason,
    regarding: e.involvedObject,
    related: e.related,
    note: e.message,
    type: e.type,
    series: e.series ? { count: e.series.count, lastObservedTime: e.series.lastObservedTime } : undefined,
    deprecatedSource: e.source,
    deprecatedFirstTimestamp: e.firstTimestamp ?? undefined,
    deprecatedLastTimestamp: e.lastTimestamp ?? undefined,
    deprecatedCount: e.count || undefined,
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/** The core/v1 view of an events.k8s.io/v1 Event. */
export function eventsV1ToCoreEvent(e: KubeObject): KubeObject {
  const out: KubeObject = {
    metadata: e.metadata,
    involvedObject: e.regarding ?? {},
    reason: e.reason,
    message: e.note,
    source: e.deprecatedSource ?? {},
    firstTimestamp: e.deprecatedFirstTimestamp ?? null,
    lastTimestamp: e.deprecatedLastTimestamp ?? null,
    count: e.deprecatedCount,
    type: e.type,
    eventTime: e.eventTime ?? null,
    series: e.series,
    action: e.action,
    related: e.related,
    reportingComponent: e.reportingController ?? '',
    reportingInstance: e.reportingInstance ?? '',
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Resources

interface ResourceDef {
  group: string; // '' for core
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Field labels the apiserver accepts in fieldSelector (metadata.name / metadata.namespace always). */
  fields: string[];
  items: (o: FakeApiServer['objects']) => KubeObject[];
}

const RESOURCES: ResourceDef[] = [
  {
    group: '',
    version: 'v1',
    resource: 'pods',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    fields: [
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'status.phase',
      'status.podIP',
      'status.nominatedNodeName',
    ],
    items: (o) => o.pods,
  },
  {
    group: '',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
    fields: [
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ],
    items: (o) => o.events,
  },
  {
    group: '',
    version: 'v1',
    resource: 'nodes',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    fields: ['spec.unschedulable'],
    items: (o) => o.nodes,
  },
  {
    group: '',
    version: 'v1',
    resource: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    fields: ['status.phase'],
    items: (o) => o.namespaces,
  },
  ...['v1', 'v1beta1'].map((version): ResourceDef => ({
    group: 'events.k8s.io',
    version,
    resource: 'events',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
    fields: [
      'regarding.kind',
      'regarding.namespace',
      'regarding.name',
      'regarding.uid',
      'regarding.apiVersion',
      'regarding.resourceVersion',
      'regarding.fieldPath',
      'reason',
      'reportingController',
      'type',
    ],
    // v1beta1 has the same field names as v1 for every field we hold
    items: (o) => o.eventsV1,
  })),
];

function apiVersionOf(def: ResourceDef): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

function resourceList(group: string, version: string): KubeObject {
  const defs = RESOURCES.filter((d) => d.group === group && d.version === version);
  const resources: KubeObject[] = [];
  for (const d of defs) {
    resources.push({
      name: d.resource,
      singularName: '',
      namespaced: d.namespaced,
      kind: d.kind,
      verbs:
        d.resource === 'namespaces' || d.resource === 'nodes'
          ? ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']
          : ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      ...(d.shortNames ? { shortNames: d.shortNames } : {}),
      ...(d.resource === 'pods' ? { categories: ['all'] } : {}),
      storageVersionHash: randomStorageHash(d),
    });
    if (d.resource === 'pods') {
      resources.push({ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] });
      resources.push({ name: 'pods/status', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get', 'patch', 'update'] });
    }
    if (d.resource === 'nodes') {
      resources.push({ name: 'nodes/status', singularName: '', namespaced: false, kind: 'Node', verbs: ['get', 'patch', 'update'] });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

function randomStorageHash(d: ResourceDef): string {
  // Stable per resource: base64 of a short digest of its name, as the apiserver's hashes look.
  return Buffer.from(`${d.group}/${d.resource}`).toString('base64').replace(/=+$/, '').slice(0, 11);
}

// ---------------------------------------------------------------------------------------------------
// Status objects

function status(code: number, reason: string, message: string, details?: KubeObject): KubeObject {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

function qualifiedResource(def: { group: string; resource: string }): string {
  return def.group ? `${def.resource}.${def.group}` : def.resource;
}

function notFound(def: ResourceDef, name: string): KubeObject {
  const qr = qualifiedResource(def);
  return status(404, 'NotFound', `${qr} "${name}" not found`, { name, ...(def.group ? { group: def.group } : {}), kind: def.resource });
}

function forbidden(req: FakeRequest): KubeObject {
  const qr = req.apiGroup ? `${req.resource}.${req.apiGroup}` : req.resource!;
  const res = req.subresource ? `${req.resource}/${req.subresource}` : req.resource;
  const scope = req.namespace ? `in the namespace "${req.namespace}"` : 'at the cluster scope';
  const why = `User "${req.user}" cannot ${req.verb} resource "${res}" in API group "${req.apiGroup ?? ''}" ${scope}`;
  const message = req.name ? `${qr} "${req.name}" is forbidden: ${why}` : `${qr} is forbidden: ${why}`;
  return status(403, 'Forbidden', message, {
    ...(req.name ? { name: req.name } : {}),
    ...(req.apiGroup ? { group: req.apiGroup } : {}),
    kind: req.resource,
  });
}

function badRequest(message: string): KubeObject {
  return status(400, 'BadRequest', message);
}

// ---------------------------------------------------------------------------------------------------
// Selectors

type Requirement = { key: string; op: 'in' | 'notin' | 'exists' | '!exists'; values: string[] };

/** Parses a label selector (=, ==, !=, in, notin, key, !key); throws Error with the apiserver's wording. */
export function parseLabelSelector(s: string): Requirement[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '' || parts.length > 0) parts.push(cur);
  const reqs: Requirement[] = [];
  for (const raw of parts) {
    const p = raw.trim();
    let m: RegExpMatchArray | null;
    if ((m = p.match(/^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/))) {
      reqs.push({ key: m[1], op: m[2] === '!=' ? 'notin' : 'in', values: [m[3]] });
    } else if ((m = p.match(/^([\w./-]+)\s+(in|notin)\s*\(([^)]*)\)$/))) {
      reqs.push({ key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((v) => v.trim()) });
    } else if ((m = p.match(/^!\s*([\w./-]+)$/))) {
      reqs.push({ key: m[1], op: '!exists', values: [] });
    } else if ((m = p.match(/^([\w./-]+)$/))) {
      reqs.push({ key: m[1], op: 'exists', values: [] });
    } else {
      throw new Error(`unable to parse requirement: ${JSON.stringify(p)}`);
    }
  }
  return reqs;
}

function matchesLabels(labels: Record<string, string> | undefined, reqs: Requirement[]): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case '!exists':
        return !has;
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
    }
  });
}

type FieldReq = { field: string; value: string; negate: boolean };

function parseFieldSelector(s: string, def: ResourceDef): FieldReq[] {
  const out: FieldReq[] = [];
  for (const raw of s.split(',')) {
    const p = raw.trim();
    if (!p) continue;
    const m = p.match(/^([^=!]+?)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw new Error(`invalid selector: '${p}'; can't understand '${p}'`);
    const field = m[1].trim();
    if (!['metadata.name', 'metadata.namespace', ...def.fields].includes(field)) {
      throw new Error(`"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
    }
    out.push({ field, value: m[3], negate: m[2] === '!=' });
  }
  return out;
}

function fieldValue(obj: KubeObject, field: string): string {
  if (field === 'source') return obj.source?.component ?? '';
  let v: unknown = obj;
  for (const k of field.split('.')) v = v && typeof v === 'object' ? (v as KubeObject)[k] : undefined;
  if (v === undefined || v === null) return '';
  return String(v);
}

// ---------------------------------------------------------------------------------------------------
// Tables (what the apiserver's printers return to kubectl get)

/** kubectl's duration.HumanDuration (the renderer's, so both print ages alike). */
export { humanDuration };

function since(ts: string | null | undefined, now: Date): string {
  if (!ts) return '<unknown>';
  return humanDuration(now.getTime() - Date.parse(ts));
}

type Column = { name: string; type: string; format: string; description: string; priority: number };
const col = (name: string, type: string, description: string, priority = 0, format = ''): Column => ({ name, type, format, description, priority });
const NAME_COL = col('Name', 'string', 'Name must be unique within a namespace.', 0, 'name');
const AGE_COL = col('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.');

function podStatusReason(pod: KubeObject): string {
  let reason: string = pod.status?.reason || pod.status?.phase || '';
  for (const cs of [...(pod.status?.containerStatuses ?? [])].reverse()) {
    if (cs.state?.waiting?.reason) reason = cs.state.waiting.reason;
    else if (cs.state?.terminated?.reason) reason = cs.state.terminated.reason;
    else if (cs.state?.terminated) reason = cs.state.terminated.signal ? `Signal:${cs.state.terminated.signal}` : `ExitCode:${cs.state.terminated.exitCode}`;
  }
  if (pod.status?.reason) reason = pod.status.reason;
  if (pod.metadata?.deletionTimestamp) reason = 'Terminating';
  return reason;
}

function tableFor(def: ResourceDef, items: KubeObject[], now: Date): { columns: Column[]; cells: (o: KubeObject) => unknown[] } {
  if (def.resource === 'pods') {
    return {
      columns: [
        NAME_COL,
        col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
        col('Status', 'string', 'The aggregate status of the containers in this pod.'),
        col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
        AGE_COL,
        col('IP', 'string', 'IP address allocated to the pod. Routable at least within the cluster.', 1),
        col('Node', 'string', 'Name of the node to which the pod is scheduled.', 1),
        col('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node.', 1),
        col('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
      ],
      cells: (p) => {
        const cs: KubeObject[] = p.status?.containerStatuses ?? [];
        const total = p.spec?.containers?.length ?? cs.length;
        const ready = cs.filter((c) => c.ready).length;
        let restarts = 0;
        let last = '';
        for (const c of cs) {
          restarts += c.restartCount ?? 0;
          const fin = c.lastState?.terminated?.finishedAt;
          if (fin && fin > last) last = fin;
        }
        const r = last ? `${restarts} (${since(last, now)} ago)` : String(restarts);
        return [
          p.metadata.name,
          `${ready}/${total}`,
          podStatusReason(p),
          r,
          since(p.metadata.creationTimestamp, now),
          p.status?.podIP || '<none>',
          p.spec?.nodeName || '<none>',
          p.status?.nominatedNodeName || '<none>',
          '<none>',
        ];
      },
    };
  }
  if (def.resource === 'nodes') {
    return {
      columns: [
        NAME_COL,
        col('Status', 'string', 'The status of the node'),
        col('Roles', 'string', 'The roles of the node'),
        AGE_COL,
        col('Version', 'string', 'Kubelet Version reported by the node.'),
        col('Internal-IP', 'string', 'List of internal IPs.', 1),
        col('External-IP', 'string', 'List of external IPs.', 1),
        col('OS-Image', 'string', 'OS image reported by the node.', 1),
        col('Kernel-Version', 'string', 'Kernel version reported by the node.', 1),
        col('Container-Runtime', 'string', 'Container runtime version reported by the node.', 1),
      ],
      cells: (n) => {
        const ready = (n.status?.conditions ?? []).find((c: KubeObject) => c.type === 'Ready');
        const st = [ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown'];
        if (n.spec?.unschedulable) st.push('SchedulingDisabled');
        const roles = Object.keys(n.metadata.labels ?? {})
          .filter((k) => k.startsWith('node-role.kubernetes.io/') || k === 'kubernetes.io/role')
          .map((k) => (k === 'kubernetes.io/role' ? n.metadata.labels[k] : k.slice('node-role.kubernetes.io/'.length)));
        const addr = (t: string) => (n.status?.addresses ?? []).find((a: KubeObject) => a.type === t)?.address ?? '<none>';
        const info = n.status?.nodeInfo ?? {};
        return [
          n.metadata.name,
          st.join(','),
          [...new Set(roles)].sort().join(',') || '<none>',
          since(n.metadata.creationTimestamp, now),
          info.kubeletVersion ?? '',
          addr('InternalIP'),
          addr('ExternalIP'),
          info.osImage ?? '<unknown>',
          info.kernelVersion ?? '<unknown>',
          info.containerRuntimeVersion ?? '<unknown>',
        ];
      },
    };
  }
  if (def.resource === 'events') {
    const core = def.group === '';
    return {
      columns: [
        col('Last Seen', 'string', 'Time when last occurrence was observed.'),
        col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future.'),
        col(
          'Reason',
          'string',
          "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
        ),
        col('Object', 'string', 'The object that this event is about.'),
        col('Subobject', 'string', 'The subobject that this event is about.', 1),
        col('Source', 'string', 'The component reporting this event.', 1),
        col('Message', 'string', 'A human-readable description of the status of this operation.'),
        col('First Seen', 'string', 'The time at which the event was first recorded.', 1),
        col('Count', 'string', 'The number of times this event has occurred.', 1),
        { ...NAME_COL, priority: 1 },
      ],
      cells: (e) => {
        const obj = core ? e.involvedObject : e.regarding;
        const lastSeen = e.series?.lastObservedTime ?? (core ? e.lastTimestamp : e.deprecatedLastTimestamp) ?? e.eventTime;
        const firstSeen = (core ? e.firstTimestamp : e.deprecatedFirstTimestamp) ?? e.eventTime;
        const source = core ? [e.source?.component ?? e.reportingComponent, e.source?.host].filter(Boolean).join(', ') : (e.reportingController ?? '');
        const count = e.series?.count ?? (core ? e.count : e.deprecatedCount) ?? 1;
        return [
          since(lastSeen, now),
          e.type,
          e.reason,
          `${String(obj?.kind ?? '').toLowerCase()}/${obj?.name ?? ''}`,
          obj?.fieldPath ?? '',
          source,
          String((core ? e.message : e.note) ?? '').trim(),
          since(firstSeen, now),
          count,
          e.metadata.name,
        ];
      },
    };
  }
  void items;
  if (def.resource === 'namespaces') {
    return {
      columns: [NAME_COL, col('Status', 'string', 'The status of the namespace'), AGE_COL],
      cells: (n) => [n.metadata.name, n.status?.phase ?? 'Active', since(n.metadata.creationTimestamp, now)],
    };
  }
  return { columns: [NAME_COL, AGE_COL], cells: (o) => [o.metadata.name, since(o.metadata.creationTimestamp, now)] };
}

function partialMetadata(o: KubeObject): KubeObject {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

// ---------------------------------------------------------------------------------------------------
// Logs

interface LogEntry {
  ts: string;
  text: string;
}

function parseLog(body: string): LogEntry[] {
  const out: LogEntry[] = [];
  let lastTs = '1970-01-01T00:00:00.000000000Z';
  const lines = body.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const m = line.match(/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) (.*)$/);
    if (m) {
      lastTs = m[1];
      out.push({ ts: m[1], text: m[2] });
    } else out.push({ ts: lastTs, text: line });
  }
  return out;
}

/** Deterministic, realistic lines of a busy service: what a 200 MB container log is made of. */
function* bigLogEntries(startMs: number, totalBytes: number, timestamps: boolean): Generator<LogEntry> {
  const routes = ['/v1/payments', '/v1/payments/authorize', '/v1/refunds', '/healthz', '/v1/payments/capture', '/metrics'];
  let produced = 0;
  let i = 0;
  let seed = 0x2545f491;
  const rnd = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x100000000;
  };
  while (produced < totalBytes) {
    const t = new Date(startMs + i * 7).toISOString();
    const ts = t.replace('Z', `${String(i % 1000000).padStart(6, '0')}Z`);
    let text: string;
    if (i % 5000 === 4999) {
      text = `{"level":"warn","ts":"${t}","caller":"pool/pool.go:212","msg":"heap in use above soft limit","heap_inuse_bytes":${1500000000 + Math.floor(rnd() * 400000000)},"soft_limit_bytes":1610612736}`;
    } else {
      const route = routes[Math.floor(rnd() * routes.length)];
      text = `{"level":"info","ts":"${t}","caller":"httpserver/log.go:58","msg":"request served","method":"${route === '/healthz' || route === '/metrics' ? 'GET' : 'POST'}","path":"${route}","status":200,"duration_ms":${(rnd() * 80).toFixed(2)},"request_id":"${Math.floor(
        rnd() * 0xffffffff,
      )
        .toString(16)
        .padStart(8, '0')}${i.toString(16).padStart(8, '0')}"}`;
    }
    produced += (timestamps ? ts.length + 1 : 0) + Buffer.byteLength(text) + 1;
    i++;
    yield { ts, text };
  }
}

interface LogQuery {
  tailLines?: number;
  sinceMs?: number;
  limitBytes?: number;
  timestamps: boolean;
}

/** Applies kubelet's order: since -> tail -> format (timestamps) -> limitBytes; streams lazily. */
function logStream(entries: Iterable<LogEntry>, q: LogQuery): Readable {
  function* filtered(): Generator<LogEntry> {
    for (const e of entries) if (q.sinceMs === undefined || Date.parse(e.ts) >= q.sinceMs) yield e;
  }
  function* tailed(): Generator<LogEntry> {
    if (q.tailLines === undefined) {
      yield* filtered();
      return;
    }
    if (q.tailLines <= 0) return;
    const ring: LogEntry[] = [];
    for (const e of filtered()) {
      ring.push(e);
      if (ring.length > q.tailLines) ring.shift();
    }
    yield* ring;
  }
  function* chunks(): Generator<Buffer> {
    let remaining = q.limitBytes ?? Infinity;
    let batch: string[] = [];
    let batchLen = 0;
    for (const e of tailed()) {
      const line = q.timestamps ? `${e.ts} ${e.text}\n` : `${e.text}\n`;
      batch.push(line);
      batchLen += line.length;
      if (batchLen >= 64 * 1024) {
        const buf = Buffer.from(batch.join(''));
        batch = [];
        batchLen = 0;
        if (buf.length >= remaining) {
          yield buf.subarray(0, remaining);
          return;
        }
        remaining -= buf.length;
        yield buf;
      }
    }
    if (batch.length) {
      const buf = Buffer.from(batch.join(''));
      yield buf.length > remaining ? buf.subarray(0, remaining) : buf;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

// ---------------------------------------------------------------------------------------------------
// TLS material

async function makeTls(dir: string): Promise<{
  ca: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  caPath: string;
  clientCertPath: string;
  clientKeyPath: string;
}> {
  const f = (n: string) => path.join(dir, n);
  const ssl = (args: string[]) =>
    execFileP('openssl', args, { cwd: dir }).catch((err: Error & { stderr?: string }) => {
      throw new Error(`openssl ${args[0]} failed (is the openssl command installed?): ${err.stderr || err.message}`);
    });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await ssl([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.crt'),
    '-days',
    '2',
    '-subj',
    '/CN=fake-kube-ca',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
  ]);
  fs.writeFileSync(
    f('server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n',
  );
  fs.writeFileSync(f('client.ext'), 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n');
  await Promise.all([
    ssl(['req', ...ec, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=kube-apiserver']),
    ssl(['req', ...ec, '-keyout', f('client.key'), '-out', f('client.csr'), '-subj', '/O=devs/CN=test-user']),
  ]);
  await ssl([
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.crt'),
    '-CAkey',
    f('ca.key'),
    '-set_serial',
    '0x' + randomBytes(8).toString('hex'),
    '-out',
    f('server.crt'),
    '-days',
    '2',
    '-extfile',
    f('server.ext'),
  ]);
  await ssl([
    'x509',
    '-req',
    '-in',
    f('client.csr'),
    '-CA',
    f('ca.crt'),
    '-CAkey',
    f('ca.key'),
    '-set_serial',
    '0x' + randomBytes(8).toString('hex'),
    '-out',
    f('client.crt'),
    '-days',
    '2',
    '-extfile',
    f('client.ext'),
  ]);
  const r = (n: string) => fs.readFileSync(f(n), 'utf8');
  return {
    ca: r('ca.crt'),
    caKey: r('ca.key'),
    serverCert: r('server.crt'),
    serverKey: r('server.key'),
    clientCert: r('client.crt'),
    clientKey: r('client.key'),
    caPath: f('ca.crt'),
    clientCertPath: f('client.crt'),
    clientKeyPath: f('client.key'),
  };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

// ---------------------------------------------------------------------------------------------------
// The server

export async function startFakeApiServer(options: FakeApiServerOptions): Promise<FakeApiServer> {
  const auth: AuthMode = options.auth ?? 'token';
  const token = options.token ?? `fake-${randomBytes(12).toString('hex')}`;
  const now = options.now ?? (() => new Date());
  const bigTarget = options.bigLogTarget ?? BIG_LOG_TARGET;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-kube-'));
  const tls = await makeTls(dir);

  const raw = typeof options.fixtures === 'string' ? loadFixtureDir(options.fixtures) : options.fixtures;
  const events = raw.events ?? (raw.eventsV1 ?? []).map(eventsV1ToCoreEvent);
  const objects: FakeApiServer['objects'] = {
    pods: raw.pods ?? [],
    nodes: raw.nodes ?? [],
    events,
    eventsV1: raw.eventsV1 ?? events.map(coreEventToEventsV1),
    namespaces: raw.namespaces ?? [],
    logs: raw.logs ?? {},
  };
  if (!raw.namespaces) {
    const names = new Set(['default', 'kube-system']);
    for (const o of [...objects.pods, ...objects.events]) if (o.metadata?.namespace) names.add(o.metadata.namespace);
    objects.namespaces = [...names].sort().map((n) => ({
      metadata: {
        name: n,
        uid: uidFor(`ns/${n}`),
        resourceVersion: '12',
        creationTimestamp: '2024-03-02T08:11:42Z',
        labels: { 'kubernetes.io/metadata.name': n },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    }));
  }

  const requests: FakeRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const sockets = new Set<Socket>();
  let url = '';

  const server = https.createServer(
    {
      key: tls.serverKey,
      cert: tls.serverCert,
      ca: tls.ca,
      // Like kube-apiserver: ask for a client certificate, verify it against the CA, never require it at the TLS layer.
      requestCert: true,
      rejectUnauthorized: false,
    },
    (req, res) => {
      handle(req, res).catch((err: Error) => {
        if (!res.headersSent) send(res, 500, status(500, 'InternalError', `Internal error occurred: ${err.message}`));
        else res.destroy(err);
      });
    },
  );
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  function send(res: ServerResponse, code: number, body: KubeObject): void {
    const text = JSON.stringify(body);
    res.writeHead(code, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  function authenticate(req: IncomingMessage): Pick<FakeRequest, 'user' | 'groups' | 'authenticatedBy'> | undefined {
    if (auth === 'client-cert') {
      const sock = req.socket as TLSSocket;
      const cert = sock.getPeerCertificate();
      if (!sock.authorized || !cert || !cert.subject?.CN) return undefined;
      const o = cert.subject.O;
      return { user: String(cert.subject.CN), groups: [...(Array.isArray(o) ? o : o ? [o] : []), 'system:authenticated'], authenticatedBy: 'client-cert' };
    }
    const h = req.headers.authorization ?? '';
    const m = h.match(/^Bearer\s+(\S+)$/i);
    if (!m || m[1] !== token) return undefined;
    return { user: 'test-user', groups: ['devs', 'system:authenticated'], authenticatedBy: 'token' };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'https://127.0.0.1');
    const query: Record<string, string> = {};
    for (const [k, v] of u.searchParams) query[k] = v;
    const who = authenticate(req);
    const freq: FakeRequest = {
      method: req.method ?? 'GET',
      path: u.pathname.replace(/\/+$/, '') || '/',
      query,
      user: who?.user ?? '',
      groups: who?.groups ?? [],
      authenticatedBy: who?.authenticatedBy ?? 'none',
      accept: String(req.headers.accept ?? ''),
    };
    const route = parseRoute(freq.path);
    if (route.kind === 'resource') {
      const isWatch = query.watch === 'true' || query.watch === '1';
      Object.assign(freq, {
        verb: route.name ? 'get' : isWatch ? 'watch' : 'list',
        apiGroup: route.def.group,
        resource: route.def.resource,
        subresource: route.subresource,
        namespace: route.namespace ?? (route.def.resource === 'namespaces' ? route.name : undefined),
        name: route.name,
      });
    }
    requests.push(freq);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once('close', () => {
      inFlight--;
    });

    if (!who) return send(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    if (options.hang?.(freq)) return; // never answered; close() ends the socket
    if (freq.method !== 'GET' && freq.method !== 'HEAD') {
      return send(res, 405, status(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`, { kind: freq.resource ?? '' }));
    }

    switch (route.kind) {
      case 'version':
        return send(res, 200, SERVER_VERSION);
      case 'health':
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('ok');
        return;
      case 'api':
        return send(res, 200, {
          kind: 'APIVersions',
          versions: ['v1'],
          serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: url.replace('https://', '') }],
        });
      case 'apis':
        return send(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [eventsGroup()] });
      case 'group':
        return send(res, 200, { kind: 'APIGroup', apiVersion: 'v1', ...eventsGroup() });
      case 'resourceList':
        return send(res, 200, resourceList(route.group, route.version));
      case 'notFound':
        return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource', {}));
      case 'resource':
        break;
    }
    if (route.kind !== 'resource') return;
    if (options.rbac && !options.rbac(freq)) return send(res, 403, forbidden(freq));
    const { def } = route;

    if (route.subresource === 'log') return serveLog(res, route.namespace!, route.name!, query);
    const all = def.items(objects);
    if (route.name) {
      const ns = def.namespaced ? route.namespace : undefined;
      const obj = all.find((o) => o.metadata?.name === route.name && (!def.namespaced || o.metadata?.namespace === ns));
      if (!obj) return send(res, 404, notFound(def, route.name));
      return send(res, 200, { kind: def.kind, apiVersion: apiVersionOf(def), ...obj });
    }

    let items = all.filter((o) => !def.namespaced || !route.namespace || o.metadata?.namespace === route.namespace);
    try {
      if (query.labelSelector) {
        const reqs = parseLabelSelector(query.labelSelector);
        items = items.filter((o) => matchesLabels(o.metadata?.labels, reqs));
      }
      if (query.fieldSelector) {
        const reqs = parseFieldSelector(query.fieldSelector, def);
        items = items.filter((o) => reqs.every((r) => (fieldValue(o, r.field) === r.value) !== r.negate));
      }
    } catch (err) {
      return send(res, 400, badRequest((err as Error).message));
    }
    const rv = listResourceVersion(all);

    if (freq.verb === 'watch') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
      for (const o of items) res.write(JSON.stringify({ type: 'ADDED', object: { kind: def.kind, apiVersion: apiVersionOf(def), ...o } }) + '\n');
      const secs = Number(query.timeoutSeconds);
      if (secs > 0) setTimeout(() => res.end(), secs * 1000).unref();
      return;
    }

    // limit / continue: the continue token is an opaque base64 offset
    let start = 0;
    if (query.continue) {
      const n = Number(
        Buffer.from(query.continue, 'base64')
          .toString('utf8')
          .replace(/^offset:/, ''),
      );
      if (!Number.isInteger(n) || n < 0) return send(res, 400, badRequest('continue key is not valid: illegal base64 data at input byte 0'));
      start = n;
    }
    const limit = Number(query.limit) > 0 ? Number(query.limit) : Infinity;
    const page = items.slice(start, start + limit);
    const more = start + page.length < items.length;
    const metadata: KubeObject = { resourceVersion: rv };
    if (more) {
      metadata.continue = Buffer.from(`offset:${start + page.length}`).toString('base64');
      metadata.remainingItemCount = items.length - start - page.length;
    }

    if (wantsTable(freq.accept)) {
      const t = tableFor(def, page, now());
      const includeObject = query.includeObject ?? 'Metadata';
      return send(res, 200, {
        kind: 'Table',
        apiVersion: 'meta.k8s.io/v1',
        metadata,
        columnDefinitions: t.columns,
        rows: page.map((o) => ({
          cells: t.cells(o),
          ...(includeObject === 'None'
            ? {}
            : { object: includeObject === 'Object' ? { kind: def.kind, apiVersion: apiVersionOf(def), ...o } : partialMetadata(o) }),
        })),
      });
    }
    return send(res, 200, { kind: `${def.kind}List`, apiVersion: apiVersionOf(def), metadata, items: page });
  }

  function serveLog(res: ServerResponse, ns: string, name: string, q: Record<string, string>): void {
    const podDef = RESOURCES[0];
    const pod = objects.pods.find((p) => p.metadata?.name === name && p.metadata?.namespace === ns);
    if (!pod) return send(res, 404, notFound(podDef, name));
    const containers: string[] = (pod.spec?.containers ?? []).map((c: KubeObject) => c.name);
    const inits: string[] = (pod.spec?.initContainers ?? []).map((c: KubeObject) => c.name);
    let container = q.container;
    if (!container) {
      if (containers.length === 1) container = containers[0];
      else {
        let msg = `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`;
        if (inits.length) msg += ` or one of the init containers: [${inits.join(' ')}]`;
        return send(res, 400, badRequest(msg));
      }
    }
    if (![...containers, ...inits].includes(container)) return send(res, 400, badRequest(`container ${container} is not valid for pod ${name}`));
    const previous = q.previous === 'true' || q.previous === '1';

    // Numbers: the apiserver rejects what does not parse or is out of range.
    const num = (k: string): number | undefined => {
      if (q[k] === undefined) return undefined;
      const n = Number(q[k]);
      if (!Number.isInteger(n)) throw new Error(`${k}: Invalid value: "${q[k]}": must be an integer`);
      return n;
    };
    let tailLines: number | undefined;
    let sinceSeconds: number | undefined;
    let limitBytes: number | undefined;
    try {
      tailLines = num('tailLines');
      sinceSeconds = num('sinceSeconds');
      limitBytes = num('limitBytes');
      if (tailLines !== undefined && tailLines < 0) throw new Error(`tailLines: Invalid value: ${tailLines}: must be greater than or equal to 0`);
      if (sinceSeconds !== undefined && sinceSeconds < 1) throw new Error(`sinceSeconds: Invalid value: ${sinceSeconds}: must be greater than 0`);
      if (limitBytes !== undefined && limitBytes < 1) throw new Error(`limitBytes: Invalid value: ${limitBytes}: must be greater than 0`);
      if (sinceSeconds !== undefined && q.sinceTime) throw new Error('at most one of `sinceTime` or `sinceSeconds` may be specified');
    } catch (err) {
      return send(res, 422, status(422, 'Invalid', `PodLogOptions "${name}" is invalid: ${(err as Error).message}`, { name, kind: 'PodLogOptions' }));
    }

    // kubelet's validateContainerLogStatus
    const cs: KubeObject | undefined = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find(
      (c: KubeObject) => c.name === container,
    );
    const key = `${ns}/${name}/${container}`;
    let logKey: string;
    if (previous) {
      if (!cs?.lastState?.terminated) return send(res, 400, badRequest(`previous terminated container "${container}" in pod "${name}" not found`));
      logKey = `${key}.previous`;
    } else if (cs?.state?.running || cs?.state?.terminated) {
      logKey = key;
    } else if (cs?.lastState?.terminated) {
      logKey = `${key}.previous`; // a waiting container that ran before: kubelet serves the last terminated one
    } else if (cs?.state?.waiting?.reason) {
      return send(res, 400, badRequest(`container "${container}" in pod "${name}" is waiting to start: ${cs.state.waiting.reason}`));
    } else {
      return send(res, 400, badRequest(`container "${container}" in pod "${name}" is waiting to start - no logs yet`));
    }

    const sinceMs = sinceSeconds !== undefined ? now().getTime() - sinceSeconds * 1000 : q.sinceTime ? Date.parse(q.sinceTime) : undefined;
    const lq: LogQuery = { tailLines, sinceMs, limitBytes, timestamps: q.timestamps === 'true' || q.timestamps === '1' };
    let entries: Iterable<LogEntry>;
    if (options.bigLogBytes !== undefined && !previous && ns === bigTarget.namespace && name === bigTarget.pod && container === bigTarget.container) {
      const startedAt = Date.parse(cs?.state?.running?.startedAt ?? pod.status?.startTime ?? '2024-11-14T08:00:00Z');
      const bytes = options.bigLogBytes;
      entries = { [Symbol.iterator]: () => bigLogEntries(startedAt, bytes, lq.timestamps) };
    } else {
      entries = parseLog(objects.logs[logKey] ?? '');
    }
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    const stream = logStream(entries, lq);
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  url = `https://127.0.0.1:${port}`;

  // kubeconfig
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  let user: KubeObject;
  if (auth === 'client-cert') {
    user = { 'client-certificate-data': b64(tls.clientCert), 'client-key-data': b64(tls.clientKey) };
  } else if (auth === 'exec') {
    const execApiVersion = options.execApiVersion ?? 'client.authentication.k8s.io/v1';
    const plugin = path.join(dir, 'exec-credential.js');
    fs.writeFileSync(
      plugin,
      [
        '#!/usr/bin/env node',
        "// A client-go credential plugin: prints an ExecCredential with the fake server's token.",
        `const fs = require('fs');`,
        `let apiVersion = ${JSON.stringify(execApiVersion)};`,
        `try { const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO || '{}'); if (info.apiVersion) apiVersion = info.apiVersion; } catch {}`,
        `fs.appendFileSync(${JSON.stringify(path.join(dir, 'exec-calls.log'))}, new Date().toISOString() + '\\n');`,
        `process.stdout.write(JSON.stringify({ kind: 'ExecCredential', apiVersion, spec: {}, status: {`,
        `  token: ${JSON.stringify(token)}, expirationTimestamp: new Date(Date.now() + 3600e3).toISOString() } }));`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    user = {
      exec: {
        apiVersion: execApiVersion,
        command: process.execPath,
        args: [plugin],
        ...(execApiVersion.endsWith('/v1') ? { interactiveMode: 'Never' } : {}),
        provideClusterInfo: false,
      },
    };
  } else {
    user = { token };
  }
  const kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: 'fake', cluster: { server: url, 'certificate-authority-data': b64(tls.ca) } }],
    users: [{ name: 'fake-user', user }],
    contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake-user', namespace: 'default' } }],
    'current-context': 'fake',
  };
  fs.writeFileSync(kubeconfigPath, YAML.stringify(kubeconfig), { mode: 0o600 });

  let closed = false;
  return {
    url,
    kubeconfigPath,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    resetMaxInFlight() {
      maxInFlight = inFlight;
    },
    dir,
    token,
    objects,
    tls: { caCertPath: tls.caPath, clientCertPath: tls.clientCertPath, clientKeyPath: tls.clientKeyPath },
    async close() {
      if (closed) return;
      closed = true;
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await done;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function eventsGroup(): KubeObject {
  return {
    name: 'events.k8s.io',
    versions: [
      { groupVersion: 'events.k8s.io/v1', version: 'v1' },
      { groupVersion: 'events.k8s.io/v1beta1', version: 'v1beta1' },
    ],
    preferredVersion: { groupVersion: 'events.k8s.io/v1', version: 'v1' },
  };
}

function wantsTable(accept: string): boolean {
  return accept.split(',').some((part) => /;\s*as=Table/.test(part) && /g=meta\.k8s\.io/.test(part) && /v=v1(beta1)?\b/.test(part));
}

function listResourceVersion(items: KubeObject[]): string {
  let max = 0;
  for (const o of items) max = Math.max(max, Number(o.metadata?.resourceVersion) || 0);
  return String(max + 1);
}

function uidFor(seed: string): string {
  let h = 2166136261;
  const bytes: number[] = [];
  for (let i = 0; i < 16; i++) {
    for (const ch of seed + i) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    bytes.push(h & 0xff);
  }
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

type Route =
  | { kind: 'version' | 'health' | 'api' | 'apis' | 'group' | 'notFound' }
  | { kind: 'resourceList'; group: string; version: string }
  | { kind: 'resource'; def: ResourceDef; namespace?: string; name?: string; subresource?: string };

function parseRoute(p: string): Route {
  if (p === '/version') return { kind: 'version' };
  if (p === '/healthz' || p === '/livez' || p === '/readyz') return { kind: 'health' };
  if (p === '/api') return { kind: 'api' };
  if (p === '/apis') return { kind: 'apis' };
  if (p === '/apis/events.k8s.io') return { kind: 'group' };
  let group: string;
  let version: string;
  let rest: string[];
  const seg = p.split('/').filter(Boolean).map(decodeURIComponent);
  if (seg[0] === 'api' && seg[1] === 'v1') {
    group = '';
    version = 'v1';
    rest = seg.slice(2);
  } else if (seg[0] === 'apis' && seg[1] === 'events.k8s.io' && (seg[2] === 'v1' || seg[2] === 'v1beta1')) {
    group = 'events.k8s.io';
    version = seg[2];
    rest = seg.slice(3);
  } else return { kind: 'notFound' };
  if (rest.length === 0) return { kind: 'resourceList', group, version };
  const find = (r: string) => RESOURCES.find((d) => d.group === group && d.version === version && d.resource === r);
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const def = find(rest[0]);
  if (!def || rest.length > 3 || (namespace !== undefined && !def.namespaced)) return { kind: 'notFound' };
  if (rest.length === 3 && !(def.resource === 'pods' && rest[2] === 'log') && rest[2] !== 'status') return { kind: 'notFound' };
  return { kind: 'resource', def, namespace, name: rest[1], subresource: rest[2] };
}
