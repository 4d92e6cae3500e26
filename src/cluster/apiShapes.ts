/**
 * The shape check at the API boundary: every object the API server sends is checked against the
 * types of ./apiTypes once, when it arrives, so the renderers never meet a wrong type. A value of the
 * wrong shape (`"containerStatuses": "nope"`, a container without a name, a label that is a number)
 * is left out and named; the rest of the object is kept. An object unusable as a whole (not an
 * object, no metadata) is left out entirely.
 *
 * The schemas are JSON Type Definitions (RFC 8927) checked by ajv, the validator the catalogue
 * already uses; `JTDSchemaType<T>` makes the compiler prove each schema matches its TypeScript type,
 * so the two cannot drift apart. Unknown fields are allowed (`additionalProperties`): the API grows.
 * JSON `null` is read as absent, as the API server's Go decoder reads it.
 */
import Ajv, { type ErrorObject, type JTDSchemaType, type ValidateFunction } from 'ajv/dist/jtd';
import type {
  Condition,
  Container,
  ContainerState,
  ContainerStatus,
  CoreEvent,
  EventsV1Event,
  LabelSelector,
  ListMeta,
  Namespace,
  Node,
  ObjectMeta,
  ObjectReference,
  Pod,
  Workload,
} from './apiTypes';

const str = { type: 'string' } as const;
const num = { type: 'float64' } as const;
const bool = { type: 'boolean' } as const;
const strMap = { values: str } as const;

/** Optional fields only, unknown fields allowed. */
function open<T>(optionalProperties: T): { optionalProperties: T; additionalProperties: true } {
  return { optionalProperties, additionalProperties: true };
}

const meta: JTDSchemaType<ObjectMeta> = open({
  name: str,
  namespace: str,
  uid: str,
  creationTimestamp: str,
  deletionTimestamp: str,
  labels: strMap,
  ownerReferences: { elements: { properties: { kind: str, name: str }, optionalProperties: { controller: bool }, additionalProperties: true } },
});

const condition: JTDSchemaType<Condition> = {
  properties: { type: str, status: str },
  optionalProperties: { lastHeartbeatTime: str, lastTransitionTime: str, reason: str, message: str },
  additionalProperties: true,
};

const containerState: JTDSchemaType<ContainerState> = open({
  waiting: open({ reason: str, message: str }),
  running: open({ startedAt: str }),
  terminated: open({ reason: str, message: str, exitCode: num, signal: num, startedAt: str, finishedAt: str }),
});

const containerStatus: JTDSchemaType<ContainerStatus> = {
  properties: { name: str },
  optionalProperties: { state: containerState, lastState: containerState, ready: bool, restartCount: num, image: str, imageID: str, containerID: str },
  additionalProperties: true,
};

const container: JTDSchemaType<Container> = {
  properties: { name: str },
  optionalProperties: { image: str, resources: open({ limits: strMap, requests: strMap }) },
  additionalProperties: true,
};

const pod: JTDSchemaType<Pod> = {
  properties: { metadata: meta },
  optionalProperties: {
    spec: open({
      nodeName: str,
      priority: num,
      serviceAccountName: str,
      initContainers: { elements: container },
      containers: { elements: container },
      nodeSelector: strMap,
      tolerations: { elements: open({ key: str, operator: str, value: str, effect: str, tolerationSeconds: num }) },
      readinessGates: { elements: { properties: { conditionType: str }, additionalProperties: true } },
    }),
    status: open({
      phase: str,
      reason: str,
      message: str,
      hostIP: str,
      podIP: str,
      startTime: str,
      nominatedNodeName: str,
      qosClass: str,
      conditions: { elements: condition },
      initContainerStatuses: { elements: containerStatus },
      containerStatuses: { elements: containerStatus },
    }),
  },
  additionalProperties: true,
};

const node: JTDSchemaType<Node> = {
  properties: { metadata: meta },
  optionalProperties: {
    spec: open({
      unschedulable: bool,
      podCIDR: str,
      providerID: str,
      taints: { elements: { properties: { key: str, effect: str }, optionalProperties: { value: str }, additionalProperties: true } },
    }),
    status: open({
      conditions: { elements: condition },
      addresses: { elements: { properties: { type: str, address: str }, additionalProperties: true } },
      capacity: strMap,
      allocatable: strMap,
      nodeInfo: strMap,
    }),
  },
  additionalProperties: true,
};

const reference: JTDSchemaType<ObjectReference> = open({ kind: str, name: str, namespace: str, uid: str, fieldPath: str });
const series = open({ count: num, lastObservedTime: str });
const source = open({ component: str, host: str });

const coreEvent: JTDSchemaType<CoreEvent> = {
  properties: { metadata: meta },
  optionalProperties: {
    involvedObject: reference,
    reason: str,
    message: str,
    type: str,
    source,
    firstTimestamp: str,
    lastTimestamp: str,
    count: num,
    eventTime: str,
    series,
    reportingComponent: str,
  },
  additionalProperties: true,
};

const eventsV1Event: JTDSchemaType<EventsV1Event> = {
  properties: { metadata: meta },
  optionalProperties: {
    regarding: reference,
    reason: str,
    note: str,
    type: str,
    eventTime: str,
    series,
    reportingController: str,
    reportingInstance: str,
    deprecatedSource: source,
    deprecatedFirstTimestamp: str,
    deprecatedLastTimestamp: str,
    deprecatedCount: num,
  },
  additionalProperties: true,
};

const labelSelector: JTDSchemaType<LabelSelector> = open({
  matchLabels: strMap,
  matchExpressions: { elements: { properties: { key: str, operator: str }, optionalProperties: { values: { elements: str } }, additionalProperties: true } },
});

const workload: JTDSchemaType<Workload> = {
  properties: { metadata: meta },
  optionalProperties: {
    spec: open({ selector: labelSelector, replicas: num, completions: num }),
    status: open({
      replicas: num,
      readyReplicas: num,
      availableReplicas: num,
      desiredNumberScheduled: num,
      numberReady: num,
      active: num,
      succeeded: num,
      failed: num,
      conditions: { elements: condition },
    }),
  },
  additionalProperties: true,
};

const namespace: JTDSchemaType<Namespace> = {
  properties: { metadata: meta },
  optionalProperties: { status: open({ phase: str }) },
  additionalProperties: true,
};

// A list's items are checked one by one as they arrive (./listStream), so one bad item costs only itself.
const listMeta: JTDSchemaType<ListMeta> = open({ continue: str, remainingItemCount: num });

/** The object types read from the API server, by name. */
export interface Shapes {
  Pod: Pod;
  Node: Node;
  CoreEvent: CoreEvent;
  EventsV1Event: EventsV1Event;
  Workload: Workload;
  Namespace: Namespace;
}

/** One of the checked object types. */
export type ShapeName = keyof Shapes;

const ajv = new Ajv({ allErrors: true });
const validators: { [K in ShapeName]: ValidateFunction<Shapes[K]> } = {
  Pod: ajv.compile(pod),
  Node: ajv.compile(node),
  CoreEvent: ajv.compile(coreEvent),
  EventsV1Event: ajv.compile(eventsV1Event),
  Workload: ajv.compile(workload),
  Namespace: ajv.compile(namespace),
};
const validateListMeta = ajv.compile(listMeta);

/** An object after the check. */
export interface Conformed<T> {
  /** The object with every wrong-shaped value left out; undefined when it is unusable as a whole. */
  value?: T;
  /** What was left out and why: `status.containerStatuses (must be array)`, `spec.containers[1] (must have property 'name')`. */
  leftOut: string[];
  /** Why the object as a whole is unusable (then `value` is undefined). */
  unusable?: string;
}

/** `null` read as absent, in place, at every depth (a null array element stays: the check names it). */
function dropNulls(v: unknown): void {
  if (Array.isArray(v)) {
    for (const x of v) dropNulls(x);
    return;
  }
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o))
      if (o[k] === null) delete o[k];
      else dropNulls(o[k]);
  }
}

/** `/spec/containers/1/name` -> `spec.containers[1].name`. */
function dotted(pointer: string[]): string {
  return pointer.map((k, i) => (/^\d+$/.test(k) ? `[${k}]` : i ? `.${k}` : k)).join('');
}

function segments(instancePath: string): string[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Where an error points and why. A required field of the wrong type (a condition whose `status` is
 * `true`) leaves out the object that holds it, as a missing one does: both name the field.
 */
function target(e: ErrorObject): { path: string; reason: string } {
  const schema = e.schemaPath.split('/');
  const required = schema[schema.length - 3] === 'properties' && !(e.keyword === 'properties' && (e.params as { error?: string }).error === 'missing');
  if (!required || e.instancePath === '') return { path: e.instancePath, reason: e.message ?? e.keyword };
  const seg = segments(e.instancePath);
  return { path: e.instancePath.slice(0, e.instancePath.lastIndexOf('/')), reason: `its ${seg[seg.length - 1]} ${e.message ?? e.keyword}` };
}

/** Remove the values the errors point at (array elements spliced, highest index first); what was removed and why. */
function removeAt(root: unknown, errors: readonly ErrorObject[]): string[] {
  const reasons = new Map<string, string>();
  for (const e of errors) {
    const t = target(e);
    if (!reasons.has(t.path)) reasons.set(t.path, t.reason);
  }
  // A deeper path under a removed one needs no removal of its own.
  const all = [...reasons.keys()];
  const paths = all.filter((p) => !all.some((q) => q !== p && (q === '' || p.startsWith(`${q}/`))));
  if (paths.includes('')) return [`${reasons.get('')}`];
  const spliced: { list: unknown[]; index: number }[] = [];
  for (const p of paths) {
    const seg = segments(p);
    let parent = root as Record<string, unknown>;
    for (const k of seg.slice(0, -1)) parent = parent?.[k] as Record<string, unknown>;
    const last = seg[seg.length - 1];
    if (Array.isArray(parent)) spliced.push({ list: parent, index: Number(last) });
    else if (parent && typeof parent === 'object') delete parent[last];
  }
  spliced.sort((a, b) => b.index - a.index).forEach(({ list, index }) => list.splice(index, 1));
  return paths.map((p) => `${dotted(segments(p))} (${reasons.get(p)})`);
}

/**
 * Check `raw` (parsed JSON, changed in place) against `shape`: wrong-shaped values are left out and
 * listed. Linear in the size of `raw`; compiled validators, so a list of 10,000 events takes milliseconds.
 */
export function conform<K extends ShapeName>(shape: K, raw: unknown): Conformed<Shapes[K]> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { leftOut: [], unusable: `not an object (${Array.isArray(raw) ? 'a list' : typeof raw})` };
  dropNulls(raw);
  const m = (raw as { metadata?: unknown }).metadata;
  if (!m || typeof m !== 'object' || Array.isArray(m)) return { leftOut: [], unusable: 'it has no metadata' };
  const validate = validators[shape];
  const leftOut: string[] = [];
  // Each round removes what the last one found; removal adds no error, so one round is the rule and
  // the bound only guards against a validator surprise.
  for (let round = 0; round < 4 && !validate(raw); round++) {
    const errors = validate.errors ?? [];
    const root = errors.map(target).find((t) => t.path === '');
    if (root) return { leftOut, unusable: root.reason };
    leftOut.push(...removeAt(raw, errors));
  }
  return validate(raw) ? { value: raw, leftOut } : { leftOut, unusable: 'its shape cannot be repaired' };
}

/** A list's `metadata` (paging), checked; `error` when it has the wrong shape. */
export function conformListMeta(raw: unknown): { continue?: string; remaining?: number } | { error: string } {
  if (raw === undefined || raw === null) return {};
  dropNulls(raw);
  if (!validateListMeta(raw)) {
    const e = validateListMeta.errors?.[0];
    return { error: `its metadata${e?.instancePath ? ` field ${dotted(segments(e.instancePath))}` : ''} ${e?.message ?? 'has the wrong shape'}` };
  }
  return { continue: raw.continue || undefined, remaining: raw.remainingItemCount };
}

/** `pod ci/web-1`, `node aks-1`, from whatever metadata an object has (for messages about it). */
export function describeObject(kind: string, raw: unknown, fallback: string): string {
  const m = (raw as { metadata?: { name?: unknown; namespace?: unknown } } | null)?.metadata;
  const name = typeof m?.name === 'string' ? m.name : undefined;
  const ns = typeof m?.namespace === 'string' ? m.namespace : undefined;
  return name ? `${kind} ${ns ? `${ns}/` : ''}${name}` : fallback;
}
