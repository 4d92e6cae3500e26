/**
 * Renders API objects as `kubectl get` tables (pods `-o wide`, events), the layout the kubectl-get
 * grammar reads: tabwriter columns padded by 3 spaces, every header word where its values start,
 * single spaces inside a cell, the free text last. Pure functions: `now` is passed in.
 *
 * Event tables print LAST SEEN as an RFC 3339 time (plus `(xN over D)` for repeats) rather than an
 * age, so the diagnosis timeline places each event; kubectl's tables are otherwise followed as
 * printed by k8s.io/kubernetes/pkg/printers/internalversion/printers.go.
 */
import type { Pod } from './apiTypes';
import { sortEvents, type ClusterEvent } from './clusterEvent';

/** A cell on one line with single spaces; `empty` when nothing is left (a blank cell would shift the columns). */
export function cell(text: string | number | undefined | null, empty = '<none>'): string {
  const s = String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return s === '' ? empty : s;
}

/** Lay rows out in columns separated by at least `gap` spaces; the last column is not padded. */
export function layoutTable(rows: readonly string[][], gap: number, indent = ''): string[] {
  const widths: number[] = [];
  for (const r of rows)
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  return rows.map(
    (r) =>
      indent +
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] + gap)))
        .join('')
        .trimEnd(),
  );
}

/** kubectl's human duration (k8s.io/apimachinery/pkg/util/duration.HumanDuration): `45s`, `3m12s`, `26h`, `113d`. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${Math.floor(days / 365)}y` : `${Math.floor(days / 365)}y${days % 365}d`;
  return `${Math.floor(days / 365)}y`;
}

/** Age of an RFC 3339 time at `now`, or `<unknown>`. */
export function age(time: string | undefined, now: Date): string {
  const t = time ? Date.parse(time) : NaN;
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now.getTime() - t);
}

/** A time as RFC 3339 in UTC to the second: `2021-04-13T10:15:02Z`. */
export function isoSecond(time: string | undefined): string | undefined {
  const t = time ? Date.parse(time) : NaN;
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** What `kubectl get pods` prints in STATUS, READY and RESTARTS (its printPod logic). */
export function podSummary(pod: Pod, now: Date): { status: string; ready: string; restarts: string } {
  const st = pod.status ?? {};
  let reason = st.reason || st.phase || 'Unknown';
  let restarts = 0;
  let lastRestart = 0;
  let readyCount = 0;
  const noteRestart = (finishedAt: string | undefined): void => {
    const t = finishedAt ? Date.parse(finishedAt) : NaN;
    if (!Number.isNaN(t) && t > lastRestart) lastRestart = t;
  };
  let initializing = false;
  const inits = st.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i];
    restarts += c.restartCount ?? 0;
    noteRestart(c.lastState?.terminated?.finishedAt);
    const term = c.state?.terminated;
    if (term && term.exitCode === 0) continue;
    if (term) reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode ?? 0}`;
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${pod.spec?.initContainers?.length ?? inits.length}`;
    initializing = true;
    break;
  }
  const initialized = (st.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = 0;
    let running = false;
    const cs = st.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i];
      restarts += c.restartCount ?? 0;
      noteRestart(c.lastState?.terminated?.finishedAt);
      const term = c.state?.terminated;
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode ?? 0}`;
      else if (c.ready && c.state?.running) {
        running = true;
        readyCount++;
      }
    }
    if (reason === 'Completed' && running) reason = (st.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
  }
  // A finished pod's own reason (Evicted, DeadlineExceeded) says more than its containers' exit reasons.
  if ((st.phase === 'Failed' || st.phase === 'Succeeded') && st.reason) reason = st.reason;
  if (pod.metadata.deletionTimestamp) reason = st.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  const total = pod.spec?.containers?.length ?? st.containerStatuses?.length ?? 0;
  return {
    status: reason,
    ready: `${readyCount}/${total}`,
    restarts: lastRestart ? `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)` : String(restarts),
  };
}

/** `kubectl get pods -o wide` (with `-A`'s NAMESPACE column when `allNamespaces`). */
export function renderPodsWide(pods: readonly Pod[], now: Date, allNamespaces = false): string {
  if (pods.length === 0) return 'No resources found.\n';
  const head = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'];
  const rows = [allNamespaces ? ['NAMESPACE', ...head] : head];
  for (const p of pods) {
    const s = podSummary(p, now);
    const gates = p.spec?.readinessGates?.length
      ? `${(p.status?.conditions ?? []).filter((c) => c.status === 'True' && p.spec!.readinessGates!.some((g) => g.conditionType === c.type)).length}/${p.spec.readinessGates.length}`
      : '<none>';
    const row = [
      cell(p.metadata.name),
      s.ready,
      cell(s.status),
      s.restarts,
      age(p.metadata.creationTimestamp, now),
      cell(p.status?.podIP),
      cell(p.spec?.nodeName),
      cell(p.status?.nominatedNodeName),
      gates,
    ];
    rows.push(allNamespaces ? [cell(p.metadata.namespace), ...row] : row);
  }
  return layoutTable(rows, 3).join('\n') + '\n';
}

/** The OBJECT column: `pod/jenkins-1`, `node/aks-nodepool1-2`. */
export function objectRef(e: ClusterEvent): string {
  return `${(e.object.kind || 'object').toLowerCase()}/${e.object.name || '<unknown>'}`;
}

/** LAST SEEN: `2021-04-13T10:15:02Z`, `2021-04-13T10:15:02Z (x3 over 12m)` for repeats; `<unknown>` undated. */
export function lastSeenCell(e: ClusterEvent): string {
  const last = isoSecond(e.lastSeen) ?? isoSecond(e.firstSeen);
  if (!last) return '<unknown>';
  if (e.count <= 1) return last;
  const first = e.firstSeen ? Date.parse(e.firstSeen) : NaN;
  const span = Number.isNaN(first) ? '' : ` over ${humanDuration(Date.parse(last) - first)}`;
  return `${last} (x${e.count}${span})`;
}

/** `kubectl get events` (LAST SEEN TYPE REASON OBJECT MESSAGE, oldest first); a NAMESPACE column when they span several. */
export function renderEventsTable(events: readonly ClusterEvent[]): string {
  if (events.length === 0) return 'No resources found.\n';
  const namespaces = new Set(events.map((e) => e.object.namespace ?? ''));
  const withNs = namespaces.size > 1;
  const head = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
  const rows = [withNs ? ['NAMESPACE', ...head] : head];
  for (const e of sortEvents(events)) {
    const row = [lastSeenCell(e), cell(e.type), cell(e.reason, '<unknown>'), objectRef(e), cell(e.message, '')];
    rows.push(withNs ? [cell(e.object.namespace), ...row] : row);
  }
  return layoutTable(rows, 3).join('\n') + '\n';
}
