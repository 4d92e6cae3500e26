/**
 * What to read from a cluster, and the one reading of the flat fields that name it (the CLI's
 * `--pod/--selector/--node/--events` and the VS Code command's argument object). Imports nothing, so
 * the CLI can use it without loading the Kubernetes client.
 */

/** One thing to read: a pod, the pods of a selector or workload, a node, or a namespace's events. */
export type ClusterSpec = { pod: string } | { selector: string } | { node: string } | { events: true };

/** The fields that name what to read. */
export interface ClusterSpecFields {
  pod?: string;
  selector?: string;
  node?: string;
  events?: boolean;
}

/** Every spec the fields name, in a fixed order (callers want exactly one and say so). */
export function specsNamed(f: ClusterSpecFields): ClusterSpec[] {
  const specs: ClusterSpec[] = [];
  if (f.pod !== undefined) specs.push({ pod: f.pod });
  if (f.selector !== undefined) specs.push({ selector: f.selector });
  if (f.node !== undefined) specs.push({ node: f.node });
  if (f.events === true) specs.push({ events: true });
  return specs;
}
