// The logs the marks checks write into the workspace, shared by the extension-host suite
// (marks.vscode.test.ts) and the screen script (screen/marks.screen.mjs) so both read the same text.

const p2 = (x) => String(x).padStart(2, '0');

/** A kubelet journal: `n` image GC failures 5 minutes apart, each freeing a different amount, between routine lines. */
export function gcJournal(n) {
  const lines = [];
  const start = Date.UTC(2024, 10, 23, 0, 0, 0);
  for (let i = 0; i < n; i++) {
    const t = new Date(start + i * 300_000);
    const hms = `${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}:${p2(t.getUTCSeconds())}`;
    const head = `Nov ${p2(t.getUTCDate())} ${hms} aks-nodepool1-38102419-1 kubelet[3121]:`;
    lines.push(`${head} I1123 ${hms}.127817    3121 kubelet.go:1880] SyncLoop (housekeeping)`);
    lines.push(
      `${head} E1123 ${hms}.831293    3121 kubelet.go:1253] Image garbage collection failed multiple times in a row: failed to garbage collect required amount of images. Wanted to free ${2804301824 + i * 4096} bytes, but freed 0 bytes`,
    );
  }
  return lines.join('\n') + '\n';
}

/** A kubelet journal in which the eviction manager evicts a Jenkins agent for ephemeral storage (line 3, 0-based 2). */
export const EVICTION = [
  'Nov 23 08:21:23 aks-nodepool1-38102419-1 kubelet[3121]: I1123 08:21:23.595930    3121 kubelet_node_status.go:447] Recording NodeHasDiskPressure event message for node aks-nodepool1-38102419-1',
  'Nov 23 08:21:33 aks-nodepool1-38102419-1 kubelet[3121]: I1123 08:21:33.059648    3121 eviction_manager.go:364] eviction manager: pods ranked for eviction: jenkins-slave-6t97t_jenkins(68248072-2ad8-4680-a8f0-034c8b7282bf)',
  'Nov 23 08:21:33 aks-nodepool1-38102419-1 kubelet[3121]: I1123 08:21:33.071548    3121 eviction_manager.go:400] "Evicting pod" pod="jenkins/jenkins-slave-6t97t" podUID="68248072-2ad8-4680-a8f0-034c8b7282bf" message="The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: 9180Mi. Container jnlp was using 12Gi, request is 0, has larger consumption of ephemeral-storage. "',
  'Nov 23 08:21:34 aks-nodepool1-38102419-1 kubelet[3121]: I1123 08:21:34.488548    3121 kubelet.go:1858] SyncLoop (RECONCILE, "api"): "jenkins-slave-6t97t_jenkins(68248072-2ad8-4680-a8f0-034c8b7282bf)"',
  '',
].join('\n');
/** The 0-based line of the "Evicting pod" entry in {@link EVICTION}. */
export const EVICTION_LINE = 2;

/** `kubectl get pods -A` with an evicted Jenkins agent (line 3, 0-based 2): no node anywhere. */
export const PODS = [
  '$ kubectl get pods --all-namespaces',
  'NAMESPACE     NAME                                        READY     STATUS    RESTARTS   AGE',
  'jenkins       jenkins-slave-6t97t                         0/2       Evicted   0          49m',
  'jenkins       jenkins-6486d9b7c5-9lwtn                    1/1       Running   0          18m',
  '',
].join('\n');
/** The 0-based line of the evicted pod's row in {@link PODS}. */
export const PODS_EVICTED_LINE = 2;
