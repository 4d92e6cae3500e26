/**
 * Pulls Kubernetes object references out of free message text: structured klog/logrus keys
 * (`pod="ns/name"`, `node="n1"`, `podSandboxID`, `image="..."`) and the common prose forms
 * (`pod "ns/name"`, `pod/name`, `Node worker-2 status is now: NodeNotReady`).
 */
import type { ObjectRefs } from '../../src/model';

const KEYED =
  /\b(pod|podName|pod_name|node|nodeName|node_name|namespace|ns|container|containerName|container_name|image|imageRef)(?:=|(?<=image): )\s*"?([A-Za-z0-9][A-Za-z0-9._/:@-]*)"?/g;
/** kubelet's legacy pod key `name_namespace(uid)`, quoted, as in `Error syncing pod 12 ("web-1_default(12)")`. */
const POD_KUBELET = /"([a-z0-9][a-z0-9.-]*)_([a-z0-9][a-z0-9-]*)\(([0-9a-f-]+)\)"/;
/** containerd's own namespaces, not Kubernetes ones. */
const CONTAINERD_NAMESPACES = new Set(['k8s.io', 'moby', 'default.containerd']);
const POD_PROSE = /\b[Pp]od\s+"?([a-z0-9][a-z0-9.-]*)\/([a-z0-9][a-z0-9.-]*)(?:_[a-z0-9-]+)?(?:\([0-9a-f-]+\))?"?/;
const POD_SLASH = /\bpods?\/([a-z0-9][a-z0-9.-]*)/;
const NODE_PROSE = /\b[Nn]ode\s+"?([a-z0-9][a-z0-9.-]*)"?\s+(?:status|event|is|was)\b/;

/** Extract object references from `message`, merging into `into` (fields already set win). */
export function extractRefs(message: string, into: ObjectRefs = {}): ObjectRefs {
  const refs: ObjectRefs = { ...into };
  KEYED.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = KEYED.exec(message)) !== null) {
    const key = m[1].toLowerCase();
    const value = m[2];
    if (key.startsWith('pod')) {
      const legacy = /^([a-z0-9][a-z0-9.-]*)_([a-z0-9][a-z0-9-]*)(?:\([0-9a-f-]+\))?$/.exec(value);
      if (legacy) {
        refs.pod ??= legacy[1];
        refs.namespace ??= legacy[2];
        continue;
      }
      const slash = value.indexOf('/');
      if (slash > 0 && refs.namespace === undefined) refs.namespace = value.slice(0, slash);
      refs.pod ??= slash > 0 ? value.slice(slash + 1) : value;
    } else if (key.startsWith('node')) refs.node ??= value;
    else if (key === 'namespace' || key === 'ns') {
      if (!CONTAINERD_NAMESPACES.has(value)) refs.namespace ??= value;
    } else if (key.startsWith('container')) refs.container ??= value;
    else if (key.startsWith('image')) refs.image ??= value;
  }
  if (refs.pod === undefined) {
    const k = POD_KUBELET.exec(message);
    if (k) {
      refs.pod = k[1];
      refs.namespace ??= k[2];
    }
  }
  if (refs.pod === undefined) {
    const p = POD_PROSE.exec(message);
    if (p) {
      refs.namespace ??= p[1];
      refs.pod = p[2];
    } else {
      const s = POD_SLASH.exec(message);
      if (s) refs.pod = s[1];
    }
  }
  if (refs.node === undefined) {
    const n = NODE_PROSE.exec(message);
    if (n) refs.node = n[1];
  }
  return refs;
}
