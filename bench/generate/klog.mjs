/** kubelet and control-plane klog lines. */

/** @param {ReturnType<typeof import('./world.mjs').createWorld>} w the world, with the writers made before these */
export function klogWriters(w) {
  const {
    int,
    range,
    pick,
    hex,
    alnum,
    uuid,
    ip10,
    podIp,
    port,
    pad2,
    pad,
    APPS,
    NAMESPACES,
    CONTAINERS,
    MONTHS,
    deploymentPod,
    anyPod,
    image,
    nodeName,
    dur,
    D,
    hms,
    ymd,
    klogTs,
  } = w;
  const klogLine = (sev, pid, file, msg) => `${sev}${klogTs(D())} ${String(pid).padStart(7, ' ')} ${file}] ${msg}`;
  const kubeletNoise = (pid) => {
    const ns = pick(NAMESPACES),
      pod = anyPod(),
      uid = uuid();
    switch (int(14)) {
      case 0:
        return klogLine(
          'I',
          pid,
          'kubelet.go:2455',
          `"SyncLoop (PLEG): event for pod" pod="${ns}/${pod}" event={"ID":"${uid}","Type":"${pick(['ContainerStarted', 'ContainerDied', 'ContainerStarted'])}","Data":"${hex(64)}"}`,
        );
      case 1:
        return klogLine('I', pid, 'kubelet.go:2436', `"SyncLoop UPDATE" source="api" pods=["${ns}/${pod}"]`);
      case 2:
        return klogLine(
          'I',
          pid,
          'reconciler_common.go:258',
          `"operationExecutor.VerifyControllerAttachedVolume started for volume \\"kube-api-access-${alnum(5)}\\" (UniqueName: \\"kubernetes.io/projected/${uid}-kube-api-access-${alnum(5)}\\") pod \\"${pod}\\" (UID: \\"${uid}\\") " pod="${ns}/${pod}"`,
        );
      case 3:
        return klogLine(
          'I',
          pid,
          'prober.go:107',
          `"Probe succeeded" probeType="${pick(['Readiness', 'Liveness', 'Startup'])}" pod="${ns}/${pod}" podUID="${uid}" containerName="${pick(CONTAINERS)}"`,
        );
      case 4:
        return klogLine('I', pid, 'kuberuntime_manager.go:1029', `"Creating PodSandbox for pod" pod="${ns}/${pod}"`);
      case 5:
        return klogLine('I', pid, 'topology_manager.go:215', `"Topology Admit Handler" podUID="${uid}" podNamespace="${ns}" podName="${pod}"`);
      case 6:
        return klogLine(
          'I',
          pid,
          'pod_startup_latency_tracker.go:102',
          `"Observed pod startup duration" pod="${ns}/${pod}" podStartSLOduration=${range(1, 30)}.${hex(3).replace(/[a-f]/g, '7')} podStartE2EDuration="${range(1, 40)}.${range(100, 999)}s" podCreationTimestamp="${ymd(D())} ${hms(D())} +0000 UTC"`,
        );
      case 7:
        return klogLine('I', pid, 'kubelet_pods.go:1067', `"Clean up pod workers for terminated pods"`);
      case 8:
        return klogLine('I', pid, 'scope.go:117', `"RemoveContainer" containerID="${hex(64)}"`);
      case 9:
        return klogLine('I', pid, 'kubelet_getters.go:187', `"Pod status updated" pod="${ns}/${pod}" status="Running"`);
      case 10:
        return klogLine('I', pid, 'image_gc_manager.go:327', `"Image garbage collection succeeded" freed=0 usage=${range(20, 70)}`);
      case 11:
        return klogLine('I', pid, 'log.go:245', `http: TLS handshake error from ${ip10()}:${port()}: EOF`);
      case 12:
        return klogLine(
          'I',
          pid,
          'kuberuntime_container.go:745',
          `"Killing container with a grace period" pod="${ns}/${pod}" podUID="${uid}" containerName="${pick(CONTAINERS)}" containerID="containerd://${hex(64)}" gracePeriod=30`,
        );
      default:
        return klogLine(
          'I',
          pid,
          'reconciler_common.go:300',
          `"Volume detached for volume \\"config\\" (UniqueName: \\"kubernetes.io/configmap/${uid}-config\\") on node \\"${nodeName()}\\" DevicePath \\"\\""`,
        );
    }
  };
  const apiserverNoise = (pid) => {
    const ns = pick(NAMESPACES);
    switch (int(6)) {
      case 0:
      case 1:
        return klogLine(
          'I',
          pid,
          'httplog.go:132',
          `"HTTP" verb="${pick(['GET', 'GET', 'LIST', 'PUT', 'PATCH', 'WATCH'])}" URI="/api/v1/namespaces/${ns}/pods?labelSelector=app%3D${pick(APPS)}&timeout=${range(5, 60)}s" latency="${dur()}" userAgent="kubectl/v1.29.2 (linux/amd64) kubernetes/4b8e819" audit-ID="${uuid()}" srcIP="${ip10()}:${port()}" resp=200`,
        );
      case 2:
        return klogLine(
          'I',
          pid,
          'httplog.go:132',
          `"HTTP" verb="PUT" URI="/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${nodeName()}?timeout=10s" latency="${dur()}" userAgent="kubelet/v1.29.2 (linux/amd64) kubernetes/4b8e819" audit-ID="${uuid()}" srcIP="${ip10()}:${port()}" resp=200`,
        );
      case 3:
        return klogLine(
          'I',
          pid,
          'trace.go:236',
          `Trace[${range(100000000, 999999999)}]: "List" accept:application/json, */*,audit-id:${uuid()},client:${ip10()},api-group:,api-version:v1,name:,subresource:,namespace:${ns},protocol:HTTP/2.0,resource:pods,scope:namespace,url:/api/v1/namespaces/${ns}/pods,user-agent:kubectl/v1.29.2,verb:LIST (${pad2(D().getUTCDate())}-${MONTHS[D().getUTCMonth()]}-${D().getUTCFullYear()} ${hms(D())}.${pad(int(1000), 3)}) (total time: ${range(500, 3000)}ms):`,
        );
      case 4:
        return klogLine(
          'I',
          pid,
          'event.go:307',
          `"Event occurred" object="${ns}/${pick(APPS)}" fieldPath="" kind="Deployment" apiVersion="apps/v1" type="Normal" reason="ScalingReplicaSet" message="Scaled ${pick(['up', 'down'])} replica set ${deploymentPod().replace(/-[^-]+$/, '')} to ${range(1, 12)}"`,
        );
      default:
        return klogLine(
          'I',
          pid,
          'controller.go:624',
          `quota admission added evaluator for: ${pick(['deployments.apps', 'replicasets.apps', 'jobs.batch', 'leases.coordination.k8s.io', 'endpoints'])}`,
        );
    }
  };
  const klogBenign = (pid) =>
    pick([
      () =>
        klogLine(
          'E',
          pid,
          'remote_runtime.go:432',
          `"ContainerStatus from runtime service failed" err="rpc error: code = NotFound desc = an error occurred when try to find container \\"${hex(64)}\\": not found" containerID="${hex(64)}"`,
        ),
      () =>
        klogLine(
          'W',
          pid,
          'warnings.go:70',
          `autoscaling/v2beta2 HorizontalPodAutoscaler is deprecated in v1.23+, unavailable in v1.26+; use autoscaling/v2 HorizontalPodAutoscaler`,
        ),
      () =>
        klogLine(
          'E',
          pid,
          'cadvisor_stats_provider.go:501',
          `"Partial failure issuing cadvisor.ContainerInfoV2" err="partial failures: [\\"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${hex(8)}.slice\\": RecentStats: unable to find data in memory cache]"`,
        ),
      () =>
        klogLine(
          'W',
          pid,
          'reflector.go:539',
          `k8s.io/client-go/informers/factory.go:159: watch of *v1.ConfigMap ended with: an error on the server ("unable to decode an event from the watch stream: http2: client connection lost") has prevented the request from succeeding`,
        ),
    ])();
  const klogFailure = (pid) => {
    const ns = pick(NAMESPACES),
      pod = anyPod(),
      uid = uuid(),
      img = image(),
      node = nodeName();
    return pick([
      () =>
        klogLine(
          'E',
          pid,
          'kubelet.go:2359',
          `"Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active ${range(3, 9)}m${range(0, 59)}.${range(100, 999)}s ago; threshold is 3m0s"`,
        ),
      () => klogLine('I', pid, 'kubelet_node_status.go:696', `"Recording event message for node" node="${node}" event="NodeNotReady"`),
      () =>
        klogLine(
          'I',
          pid,
          'setters.go:568',
          `"Node became not ready" node="${node}" condition={"type":"Ready","status":"False","lastHeartbeatTime":"${ymd(D())}T${hms(D())}Z","reason":"KubeletNotReady","message":"PLEG is not healthy: pleg was last seen active 3m${range(1, 59)}.${range(100, 999)}s ago; threshold is 3m0s"}`,
        ),
      () => klogLine('W', pid, 'eviction_manager.go:366', `"Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"`),
      () =>
        klogLine(
          'I',
          pid,
          'eviction_manager.go:377',
          `"Eviction manager: must evict pod(s) to reclaim" resourceName="${pick(['ephemeral-storage', 'memory', 'nodefs.available'])}"`,
        ),
      () => klogLine('I', pid, 'eviction_manager.go:592', `"Eviction manager: pod is evicted successfully" pod="${ns}/${pod}"`),
      () => klogLine('I', pid, 'eviction_manager.go:618', `"Eviction manager: pods evicted, waiting for pod to be cleaned up" pods=["${ns}/${pod}"]`),
      () =>
        klogLine(
          'E',
          pid,
          'pod_workers.go:1300',
          `"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"${pick(CONTAINERS)}\\" with ImagePullBackOff: \\"Back-off pulling image \\\\\\"${img}\\\\\\"\\"" pod="${ns}/${pod}" podUID="${uid}"`,
        ),
      () =>
        klogLine(
          'E',
          pid,
          'pod_workers.go:1300',
          `"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"${pick(CONTAINERS)}\\" with CrashLoopBackOff: \\"back-off 5m0s restarting failed container=${pick(CONTAINERS)} pod=${pod}_${ns}(${uid})\\"" pod="${ns}/${pod}" podUID="${uid}"`,
        ),
      () =>
        klogLine(
          'E',
          pid,
          'remote_image.go:180',
          `"PullImage from image service failed" err="rpc error: code = Unknown desc = failed to pull and unpack image \\"${img}\\": failed to resolve reference \\"${img}\\": failed to do request: Head \\"https://${img.split('/')[0]}/v2/manifests/latest\\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time ${ymd(D())}T${hms(D())}Z is after ${ymd(D())}T00:00:00Z" image="${img}"`,
        ),
      () =>
        klogLine(
          'E',
          pid,
          'kubelet_node_status.go:540',
          `"Error updating node status, will retry" err="error getting node \\"${node}\\": Get \\"https://${ip10()}:6443/api/v1/nodes/${node}?timeout=10s\\": net/http: request canceled (Client.Timeout exceeded while awaiting headers)"`,
        ),
      () =>
        klogLine(
          'E',
          pid,
          'status.go:71',
          `apiserver received an error that is not an metav1.Status: &errors.errorString{s:"error dialing backend: dial timeout"}: error dialing backend: dial timeout`,
        ),
      () =>
        klogLine(
          'E',
          pid,
          'controller.go:113',
          `loading OpenAPI spec for "v1beta1.metrics.k8s.io" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: error trying to reach service: dial tcp ${podIp()}:4443: i/o timeout`,
        ),
      () =>
        klogLine(
          'W',
          pid,
          'logging.go:59',
          `[core] [Channel #${range(1, 900)} SubChannel #${range(1, 900)}] grpc: addrConn.createTransport failed to connect to {Addr: "127.0.0.1:2379", ServerName: "127.0.0.1", }. Err: connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:2379: connect: connection refused"`,
        ),
      () => klogLine('E', pid, 'watcher.go:327', `failed to prepare current and previous objects: rpc error: code = Unavailable desc = transport is closing`),
      () =>
        klogLine(
          'E',
          pid,
          'leaderelection.go:332',
          `error retrieving resource lock kube-system/kube-controller-manager: Get "https://${ip10()}:6443/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager?timeout=5s": context deadline exceeded`,
        ),
      () =>
        klogLine(
          'E',
          pid,
          'dns.go:153',
          `"Nameserver limits exceeded" err="Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${ip10()} ${ip10()} ${ip10()}"`,
        ),
      () =>
        klogLine(
          'E',
          pid,
          'kuberuntime_sandbox.go:72',
          `"Failed to create sandbox for pod" err="rpc error: code = Unknown desc = failed to setup network for sandbox \\"${hex(64)}\\": plugin type=\\"calico\\" failed (add): error getting ClusterInformation: Get \\"https://10.96.0.1:443/apis/crd.projectcalico.org/v1/clusterinformations/default\\": dial tcp 10.96.0.1:443: i/o timeout" pod="${ns}/${pod}"`,
        ),
      () =>
        klogLine(
          'E',
          pid,
          'kubelet.go:2855',
          `"Container runtime network not ready" networkReady="NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized"`,
        ),
      () =>
        klogLine(
          'E',
          pid,
          'proxier.go:1519',
          `"Failed to execute iptables-restore" err="exit status 4: iptables-restore v1.8.7 (nf_tables): CHAIN_ADD failed (No such file or directory): chain KUBE-SEP-${alnum(16).toUpperCase()}"`,
        ),
      () =>
        klogLine(
          'W',
          pid,
          'container.go:586',
          `Failed to update stats for container "/kubepods/burstable/pod${uid}": failed to parse memory.stat: no such file or directory, continuing to push stats`,
        ),
    ])();
  };
  return { klogLine, kubeletNoise, apiserverNoise, klogBenign, klogFailure };
}
