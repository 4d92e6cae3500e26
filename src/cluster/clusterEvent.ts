/**
 * One shape for events of both APIs: events.k8s.io/v1 (preferred) and core/v1 (older servers, or
 * when the events.k8s.io group is not readable). Pure functions.
 */
import type { CoreEvent, EventsV1Event } from './apiTypes';

/** An event, whichever API it came from. */
export interface ClusterEvent {
  /** `Normal` or `Warning`. */
  type: string;
  /** Reason (`Evicted`, `BackOff`, `FailedCreatePodSandBox`). */
  reason: string;
  /** Message, on one line. */
  message: string;
  /** The object it is about. */
  object: { kind: string; name: string; namespace?: string; uid?: string };
  /** Reporter as kubectl shows it: `kubelet, aks-nodepool1-2`, `default-scheduler`. */
  source: string;
  /** Occurrences (1 when the API did not say). */
  count: number;
  /** First occurrence (RFC 3339), when known. */
  firstSeen?: string;
  /** Last occurrence (RFC 3339), when known. */
  lastSeen?: string;
}

function reporter(component: string | undefined, host: string | undefined): string {
  if (!component) return host ?? '';
  return host && host !== component ? `${component}, ${host}` : component;
}

function oneLine(text: string | undefined): string {
  return (text ?? '').replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** Normalise a core/v1 Event. */
export function fromCoreEvent(e: CoreEvent): ClusterEvent {
  const first = e.firstTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp;
  const last = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? first;
  const o = e.involvedObject ?? {};
  return {
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    message: oneLine(e.message),
    object: { kind: o.kind ?? '', name: o.name ?? '', namespace: o.namespace, uid: o.uid },
    source: reporter(e.source?.component ?? e.reportingComponent, e.source?.host),
    count: e.series?.count ?? e.count ?? 1,
    firstSeen: first,
    lastSeen: last,
  };
}

/** Normalise an events.k8s.io/v1 Event. */
export function fromEventsV1(e: EventsV1Event): ClusterEvent {
  const first = e.deprecatedFirstTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp;
  const last = e.series?.lastObservedTime ?? e.deprecatedLastTimestamp ?? e.eventTime ?? first;
  const o = e.regarding ?? {};
  const source = e.deprecatedSource?.component
    ? reporter(e.deprecatedSource.component, e.deprecatedSource.host)
    : reporter(e.reportingController, e.reportingInstance);
  return {
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    message: oneLine(e.note),
    object: { kind: o.kind ?? '', name: o.name ?? '', namespace: o.namespace, uid: o.uid },
    source,
    count: e.series?.count ?? e.deprecatedCount ?? 1,
    firstSeen: first,
    lastSeen: last,
  };
}

/** Events oldest first (by last occurrence), undated ones first. */
export function sortEvents(events: readonly ClusterEvent[]): ClusterEvent[] {
  const t = (e: ClusterEvent): number => (e.lastSeen ? Date.parse(e.lastSeen) : 0) || 0;
  return [...events].sort((a, b) => t(a) - t(b));
}
