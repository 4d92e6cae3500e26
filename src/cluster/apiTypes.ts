/**
 * The slice of the Kubernetes API's JSON (as it comes over the wire: times are RFC 3339 strings)
 * that the cluster source reads. Only fields the renderings use are declared; the rest is ignored.
 * Shapes follow k8s.io/api core/v1, events/v1, apps/v1 and batch/v1.
 */

/** `metadata` of any object. */
export interface ObjectMeta {
  /** Object name. */
  name?: string;
  /** Namespace, absent for cluster-scoped objects. */
  namespace?: string;
  /** Unique id. */
  uid?: string;
  /** Creation time (RFC 3339). */
  creationTimestamp?: string;
  /** Set when the object is being deleted. */
  deletionTimestamp?: string;
  /** Labels. */
  labels?: Record<string, string>;
  /** Owners (`ReplicaSet/web-7d8f`). */
  ownerReferences?: { kind: string; name: string; controller?: boolean }[];
}

/** A `*List` response. */
export interface ObjectList<T> {
  /** The objects. */
  items: T[];
  /** Continue token when the list was cut by `limit`. */
  metadata?: { continue?: string };
}

/** A `*List` response's `metadata`. */
export interface ListMeta {
  /** Continue token when the list was cut by `limit`. */
  continue?: string;
  /** How many items the server holds after this page (when it says). */
  remainingItemCount?: number;
}

/** `Pod.status.containerStatuses[].state` (and `lastState`): exactly one member is set. */
export interface ContainerState {
  /** Waiting to start (ContainerCreating, CrashLoopBackOff, ImagePullBackOff ...). */
  waiting?: { reason?: string; message?: string };
  /** Running since `startedAt`. */
  running?: { startedAt?: string };
  /** Terminated (Completed, Error, OOMKilled ...). */
  terminated?: { reason?: string; message?: string; exitCode?: number; signal?: number; startedAt?: string; finishedAt?: string };
}

/** One container's status. */
export interface ContainerStatus {
  /** Container name. */
  name: string;
  /** Current state. */
  state?: ContainerState;
  /** State of the previous run, when it restarted. */
  lastState?: ContainerState;
  /** Ready for traffic. */
  ready?: boolean;
  /** Restarts so far. */
  restartCount?: number;
  /** Image reference. */
  image?: string;
  /** Runtime's image id. */
  imageID?: string;
  /** Runtime's container id (`containerd://...`). */
  containerID?: string;
}

/** A container in the pod spec (only what is rendered). */
export interface Container {
  /** Container name. */
  name: string;
  /** Image reference. */
  image?: string;
  /** Requests and limits, e.g. `{ memory: '4Gi' }`. */
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
}

/** A pod condition (`Ready`, `PodScheduled` ...) or a node condition (`DiskPressure`, `Ready` ...). */
export interface Condition {
  /** Condition type. */
  type: string;
  /** `True`, `False` or `Unknown`. */
  status: string;
  /** Last heartbeat (nodes). */
  lastHeartbeatTime?: string;
  /** Last change. */
  lastTransitionTime?: string;
  /** Machine-readable reason (`KubeletHasDiskPressure`). */
  reason?: string;
  /** Human-readable message. */
  message?: string;
}

/** core/v1 Pod. */
export interface Pod {
  /** Metadata. */
  metadata: ObjectMeta;
  /** Spec. */
  spec?: {
    nodeName?: string;
    priority?: number;
    serviceAccountName?: string;
    initContainers?: Container[];
    containers?: Container[];
    nodeSelector?: Record<string, string>;
    tolerations?: { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number }[];
    readinessGates?: { conditionType: string }[];
  };
  /** Status. */
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    hostIP?: string;
    podIP?: string;
    startTime?: string;
    nominatedNodeName?: string;
    qosClass?: string;
    conditions?: Condition[];
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
  };
}

/** core/v1 Node. */
export interface Node {
  /** Metadata. */
  metadata: ObjectMeta;
  /** Spec. */
  spec?: { unschedulable?: boolean; taints?: { key: string; value?: string; effect: string }[]; podCIDR?: string; providerID?: string };
  /** Status. */
  status?: {
    conditions?: Condition[];
    addresses?: { type: string; address: string }[];
    capacity?: Record<string, string>;
    allocatable?: Record<string, string>;
    nodeInfo?: Record<string, string>;
  };
}

/** The object an event is about. */
export interface ObjectReference {
  /** Kind (`Pod`, `Node` ...). */
  kind?: string;
  /** Name. */
  name?: string;
  /** Namespace. */
  namespace?: string;
  /** Uid. */
  uid?: string;
  /** Part of the object (`spec.containers{jnlp}`). */
  fieldPath?: string;
}

/** core/v1 Event. */
export interface CoreEvent {
  /** Metadata. */
  metadata: ObjectMeta;
  /** Subject. */
  involvedObject?: ObjectReference;
  /** Reason (`Evicted`). */
  reason?: string;
  /** Message. */
  message?: string;
  /** `Normal` or `Warning`. */
  type?: string;
  /** Reporter. */
  source?: { component?: string; host?: string };
  /** First occurrence. */
  firstTimestamp?: string;
  /** Last occurrence. */
  lastTimestamp?: string;
  /** Occurrences. */
  count?: number;
  /** Time of a new-style event. */
  eventTime?: string;
  /** Repeats of a new-style event. */
  series?: { count?: number; lastObservedTime?: string };
  /** Reporter of a new-style event. */
  reportingComponent?: string;
}

/** events.k8s.io/v1 Event. */
export interface EventsV1Event {
  /** Metadata. */
  metadata: ObjectMeta;
  /** Subject. */
  regarding?: ObjectReference;
  /** Reason (`Evicted`). */
  reason?: string;
  /** Message. */
  note?: string;
  /** `Normal` or `Warning`. */
  type?: string;
  /** When it was first observed. */
  eventTime?: string;
  /** Repeats. */
  series?: { count?: number; lastObservedTime?: string };
  /** Reporter (`kubelet`). */
  reportingController?: string;
  /** Reporter instance (the node name for the kubelet). */
  reportingInstance?: string;
  /** core/v1 fields kept for old events. */
  deprecatedSource?: { component?: string; host?: string };
  /** core/v1 `firstTimestamp`. */
  deprecatedFirstTimestamp?: string;
  /** core/v1 `lastTimestamp`. */
  deprecatedLastTimestamp?: string;
  /** core/v1 `count`. */
  deprecatedCount?: number;
}

/** A workload with a label selector (Deployment, StatefulSet, DaemonSet, Job), and the replica counts `kubectl get` prints. */
export interface Workload {
  /** Metadata. */
  metadata: ObjectMeta;
  /** Spec. */
  spec?: { selector?: LabelSelector; replicas?: number; completions?: number };
  /** Status. */
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    desiredNumberScheduled?: number;
    numberReady?: number;
    active?: number;
    succeeded?: number;
    failed?: number;
    conditions?: Condition[];
  };
}

/** core/v1 Namespace. */
export interface Namespace {
  /** Metadata. */
  metadata: ObjectMeta;
  /** Status (`Active`, `Terminating`). */
  status?: { phase?: string };
}

/** A `metav1.LabelSelector`. */
export interface LabelSelector {
  /** Equality terms. */
  matchLabels?: Record<string, string>;
  /** Set-based terms. */
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A `metav1.Status` error body. */
export interface Status {
  /** `Failure`. */
  status?: string;
  /** Human-readable message. */
  message?: string;
  /** Machine-readable reason (`Forbidden`, `NotFound`). */
  reason?: string;
  /** HTTP code. */
  code?: number;
  /** The object concerned. */
  details?: { name?: string; kind?: string; group?: string };
}
