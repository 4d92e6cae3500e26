/**
 * Workload references (`deployment/web`, `sts/db`, `job/nightly`) and label selectors: which API path
 * holds the workload, and its `spec.selector` as the `labelSelector` string the pods list takes.
 * Pure functions.
 */
import type { LabelSelector } from './apiTypes';

/** A workload kind the cluster source resolves to its pods. */
export interface WorkloadKind {
  /** Kind as the API names it. */
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job';
  /** Plural resource. */
  resource: string;
  /** API group/version path prefix. */
  api: string;
}

const KINDS: Record<string, WorkloadKind> = {};
for (const [names, kind] of [
  [['deployment', 'deployments', 'deploy'], { kind: 'Deployment', resource: 'deployments', api: '/apis/apps/v1' }],
  [['statefulset', 'statefulsets', 'sts'], { kind: 'StatefulSet', resource: 'statefulsets', api: '/apis/apps/v1' }],
  [['daemonset', 'daemonsets', 'ds'], { kind: 'DaemonSet', resource: 'daemonsets', api: '/apis/apps/v1' }],
  [['replicaset', 'replicasets', 'rs'], { kind: 'ReplicaSet', resource: 'replicasets', api: '/apis/apps/v1' }],
  [['job', 'jobs'], { kind: 'Job', resource: 'jobs', api: '/apis/batch/v1' }],
] as [string[], WorkloadKind][]) {
  for (const n of names) KINDS[n] = kind;
}

/** `deployment/web` (also `deploy/web`, `deployments.apps/web`) -> its kind and name; null for a label selector. */
export function parseWorkloadRef(text: string): { workload: WorkloadKind; name: string } | null {
  const m = /^([A-Za-z]+)(?:\.(?:apps|batch))?\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(text.trim());
  if (!m) return null;
  const workload = KINDS[m[1].toLowerCase()];
  return workload ? { workload, name: m[2] } : null;
}

/** A `metav1.LabelSelector` as a `labelSelector` query string (`app=web,tier in (a,b),!canary`); '' selects everything. */
export function selectorString(sel: LabelSelector | undefined): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) parts.push(`${k}=${v}`);
  for (const e of sel?.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    switch (e.operator) {
      case 'In':
        parts.push(`${e.key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${e.key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(e.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${e.key}`);
        break;
    }
  }
  return parts.join(',');
}
