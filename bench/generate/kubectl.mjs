/** `kubectl describe pod|node` and `kubectl get pods|events|nodes` output. */

/** @param {ReturnType<typeof import('./world.mjs').createWorld>} w the world, with the writers made before these */
export function kubectlWriters(w) {
  const { int, range, pick, chance, hex, alnum, uuid, ip10, podIp, APPS, NAMESPACES, deploymentPod, anyPod, image, nodeName, D, hms, ymd, rfc1123, ageOf } = w;
  const describePod = (out, failing) => {
    const ns = pick(NAMESPACES),
      app = pick(APPS),
      pod = deploymentPod(app),
      node = nodeName(),
      ip = podIp(),
      img = image(app),
      cname = pick(['app', app]);
    const kind = failing ? int(8) : -1;
    const start = D();
    out.push(`$ kubectl describe pod ${pod} -n ${ns}`);
    out.push(
      `Name:             ${pod}`,
      `Namespace:        ${ns}`,
      `Priority:         0`,
      `Service Account:  ${chance(0.5) ? 'default' : app}`,
      `Node:             ${node}/${ip10()}`,
      `Start Time:       ${rfc1123(start)}`,
    );
    out.push(
      `Labels:           app=${app}`,
      `                  pod-template-hash=${hex(9)}`,
      `Annotations:      ${chance(0.5) ? '<none>' : `kubectl.kubernetes.io/restartedAt: ${ymd(start)}T${hms(start)}Z`}`,
    );
    out.push(`Status:           ${kind === 4 ? 'Failed' : kind === 5 ? 'Pending' : 'Running'}`);
    if (kind === 4)
      out.push(
        `Reason:           Evicted`,
        `Message:          The node was low on resource: ephemeral-storage. Threshold quantity: ${range(1, 4)}Gi, available: ${range(500, 2000)}Mi. Container ${cname} was using ${range(2, 9)}Gi, which exceeds its request of 0. `,
      );
    out.push(
      `IP:               ${ip}`,
      `IPs:`,
      `  IP:           ${ip}`,
      `Controlled By:  ReplicaSet/${pod.replace(/-[^-]+$/, '')}`,
      `Containers:`,
      `  ${cname}:`,
    );
    out.push(
      `    Container ID:   containerd://${hex(64)}`,
      `    Image:          ${img}`,
      `    Image ID:       ${img.split(':')[0]}@sha256:${hex(64)}`,
      `    Port:           8080/TCP`,
      `    Host Port:      0/TCP`,
    );
    if (kind === 0)
      out.push(
        `    State:          Waiting`,
        `      Reason:       CrashLoopBackOff`,
        `    Last State:     Terminated`,
        `      Reason:       OOMKilled`,
        `      Exit Code:    137`,
        `      Started:      ${rfc1123(D())}`,
        `      Finished:     ${rfc1123(D())}`,
        `    Ready:          False`,
        `    Restart Count:  ${range(3, 40)}`,
      );
    else if (kind === 1 || kind === 2)
      out.push(
        `    State:          Waiting`,
        `      Reason:       ${kind === 1 ? 'ImagePullBackOff' : 'ErrImagePull'}`,
        `    Ready:          False`,
        `    Restart Count:  0`,
      );
    else
      out.push(
        `    State:          Running`,
        `      Started:      ${rfc1123(D())}`,
        `    Ready:          True`,
        `    Restart Count:  ${chance(0.8) ? 0 : range(1, 3)}`,
      );
    out.push(
      `    Limits:`,
      `      memory:  ${pick([256, 512, 1024, 2048])}Mi`,
      `    Requests:`,
      `      cpu:        ${pick([50, 100, 250, 500])}m`,
      `      memory:     ${pick([128, 256, 512])}Mi`,
    );
    out.push(
      `    Liveness:     http-get http://:8080/healthz delay=${pick([5, 10, 30])}s timeout=${pick([1, 2, 5])}s period=10s #success=1 #failure=3`,
      `    Readiness:    http-get http://:8080/ready delay=5s timeout=1s period=5s #success=1 #failure=3`,
    );
    out.push(
      `    Environment:`,
      `      SPRING_PROFILES_ACTIVE:  prod`,
      `      DB_HOST:                 postgres.${ns}.svc.cluster.local`,
      `    Mounts:`,
      `      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-${alnum(5)} (ro)`,
    );
    out.push(
      `Conditions:`,
      `  Type              Status`,
      `  Initialized       True `,
      `  Ready             ${kind >= 0 ? 'False' : 'True '}`,
      `  ContainersReady   ${kind >= 0 ? 'False' : 'True '}`,
      `  PodScheduled      ${kind === 5 ? 'False' : 'True '}`,
    );
    out.push(
      `Volumes:`,
      `  kube-api-access-${alnum(5)}:`,
      `    Type:                    Projected (a volume that contains injected data from multiple sources)`,
      `    TokenExpirationSeconds:  3607`,
      `    ConfigMapName:           kube-root-ca.crt`,
      `    DownwardAPI:             true`,
    );
    out.push(
      `QoS Class:                   Burstable`,
      `Node-Selectors:              <none>`,
      `Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s`,
      `                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s`,
    );
    out.push(
      `Events:`,
      `  Type     Reason     Age                From               Message`,
      `  ----     ------     ----               ----               -------`,
    );
    out.push(`  Normal   Scheduled  ${ageOf().padEnd(18)} default-scheduler  Successfully assigned ${ns}/${pod} to ${node}`);
    if (kind !== 5) out.push(`  Normal   Pulling    ${ageOf().padEnd(18)} kubelet            Pulling image "${img}"`);
    if (kind === 1 || kind === 2) {
      out.push(
        `  Warning  Failed     ${ageOf().padEnd(18)} kubelet            Failed to pull image "${img}": rpc error: code = Unknown desc = failed to pull and unpack image "${img}": failed to resolve reference "${img}": failed to do request: Head "https://${img.split('/')[0]}/v2/": tls: failed to verify certificate: x509: certificate has expired or is not yet valid`,
      );
      out.push(`  Warning  Failed     ${ageOf().padEnd(18)} kubelet            Error: ${kind === 1 ? 'ImagePullBackOff' : 'ErrImagePull'}`);
      out.push(`  Normal   BackOff    ${ageOf().padEnd(18)} kubelet            Back-off pulling image "${img}"`);
      return;
    }
    if (kind === 5) {
      out.push(
        `  Warning  FailedScheduling  ${ageOf().padEnd(11)} default-scheduler  0/${range(3, 12)} nodes are available: ${range(1, 5)} Insufficient memory, ${range(1, 3)} node(s) had untolerated taint {node.kubernetes.io/disk-pressure: }. preemption: 0/6 nodes are available: 6 No preemption victims found for incoming pod.`,
      );
      return;
    }
    out.push(
      `  Normal   Pulled     ${ageOf().padEnd(18)} kubelet            Successfully pulled image "${img}" in ${range(1, 20)}.${range(100, 999)}s (${range(1, 20)}.${range(100, 999)}s including waiting)`,
      `  Normal   Created    ${ageOf().padEnd(18)} kubelet            Created container ${cname}`,
      `  Normal   Started    ${ageOf().padEnd(18)} kubelet            Started container ${cname}`,
    );
    if (kind === 0)
      out.push(`  Warning  BackOff    ${ageOf().padEnd(18)} kubelet            Back-off restarting failed container ${cname} in pod ${pod}_${ns}(${uuid()})`);
    if (kind === 3)
      out.push(
        `  Warning  Unhealthy  ${ageOf().padEnd(18)} kubelet            Readiness probe failed: Get "http://${ip}:8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      );
    if (kind === 4)
      out.push(
        `  Warning  Evicted    ${ageOf().padEnd(18)} kubelet            The node was low on resource: ephemeral-storage. Threshold quantity: 2Gi, available: 1536Mi. Container ${cname} was using 3Gi, which exceeds its request of 0.`,
        `  Normal   Killing    ${ageOf().padEnd(18)} kubelet            Stopping container ${cname}`,
      );
    if (kind === 6)
      out.push(
        `  Warning  FailedMount  ${ageOf().padEnd(16)} kubelet            MountVolume.SetUp failed for volume "config" : configmap "${app}-config" not found`,
      );
    if (kind === 7)
      out.push(
        `  Warning  FailedCreatePodSandBox  ${ageOf().padEnd(6)} kubelet  Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${hex(64)}": plugin type="calico" failed (add): error getting ClusterInformation: connection is unauthorized: Unauthorized`,
      );
  };
  const describeNode = (out, failing) => {
    const node = nodeName();
    const kind = failing ? int(3) : -1;
    const hb = rfc1123(D());
    out.push(
      `$ kubectl describe node ${node}`,
      `Name:               ${node}`,
      `Roles:              <none>`,
      `Labels:             beta.kubernetes.io/arch=amd64`,
      `                    kubernetes.io/hostname=${node}`,
      `                    node.kubernetes.io/instance-type=${pick(['m5.xlarge', 'm6i.2xlarge', 'e2-standard-8', 'n2-highmem-4'])}`,
    );
    out.push(
      `CreationTimestamp:  ${rfc1123(D())}`,
      `Taints:             ${kind === 0 ? 'node.kubernetes.io/disk-pressure:NoSchedule' : '<none>'}`,
      `Unschedulable:      false`,
      `Conditions:`,
    );
    out.push(
      `  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message`,
      `  ----             ------  -----------------                 ------------------                ------                       -------`,
    );
    out.push(`  MemoryPressure   False   ${hb}   ${hb}   KubeletHasSufficientMemory   kubelet has sufficient memory available`);
    out.push(
      kind === 0
        ? `  DiskPressure     True    ${hb}   ${hb}   KubeletHasDiskPressure       kubelet has disk pressure`
        : `  DiskPressure     False   ${hb}   ${hb}   KubeletHasNoDiskPressure     kubelet has no disk pressure`,
    );
    out.push(`  PIDPressure      False   ${hb}   ${hb}   KubeletHasSufficientPID      kubelet has sufficient PID available`);
    out.push(
      kind === 1
        ? `  Ready            False   ${hb}   ${hb}   KubeletNotReady              PLEG is not healthy: pleg was last seen active 3m${range(1, 59)}.${range(100, 999)}s ago; threshold is 3m0s`
        : kind === 2
          ? `  Ready            Unknown ${hb}   ${hb}   NodeStatusUnknown            Kubelet stopped posting node status.`
          : `  Ready            True    ${hb}   ${hb}   KubeletReady                 kubelet is posting ready status`,
    );
    out.push(
      `Addresses:`,
      `  InternalIP:  ${ip10()}`,
      `  Hostname:    ${node}`,
      `Capacity:`,
      `  cpu:                ${pick([4, 8, 16])}`,
      `  ephemeral-storage:  ${pick([52416492, 104845292])}Ki`,
      `  memory:             ${range(15000000, 64000000)}Ki`,
      `  pods:               110`,
    );
    out.push(
      `System Info:`,
      `  Kernel Version:             ${pick(['5.10.210-201.852.amzn2.x86_64', '6.1.75+', '5.15.0-1053-aws'])}`,
      `  Container Runtime Version:  containerd://1.7.${range(2, 13)}`,
      `  Kubelet Version:            v1.29.${range(0, 4)}`,
    );
    out.push(`Events:`, `  Type     Reason                   Age   From     Message`, `  ----     ------                   ----  ----     -------`);
    out.push(`  Normal   NodeHasSufficientMemory  ${ageOf().padEnd(5)} kubelet  Node ${node} status is now: NodeHasSufficientMemory`);
    if (kind === 0)
      out.push(
        `  Warning  EvictionThresholdMet     ${ageOf().padEnd(5)} kubelet  Attempting to reclaim ephemeral-storage`,
        `  Normal   NodeHasDiskPressure      ${ageOf().padEnd(5)} kubelet  Node ${node} status is now: NodeHasDiskPressure`,
      );
    if (kind === 1) out.push(`  Normal   NodeNotReady             ${ageOf().padEnd(5)} kubelet  Node ${node} status is now: NodeNotReady`);
    if (kind === 2) out.push(`  Normal   NodeNotReady             ${ageOf().padEnd(5)} node-controller  Node ${node} status is now: NodeNotReady`);
  };
  const getPods = (out, failRate) => {
    out.push(`$ kubectl get pods -A -o wide`);
    out.push(
      `NAMESPACE       NAME                                       READY   STATUS             RESTARTS        AGE     IP              NODE                                           NOMINATED NODE   READINESS GATES`,
    );
    const n = range(10, 150);
    let fails = 0;
    for (let i = 0; i < n; i++) {
      let ready = '1/1',
        status = 'Running',
        restarts = chance(0.85) ? '0' : `${range(1, 3)} (${ageOf()} ago)`;
      if (chance(failRate)) {
        fails++;
        status = pick(['OOMKilled', 'CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'Evicted', 'Error', 'CreateContainerConfigError']);
        ready = '0/1';
        if (status === 'OOMKilled' || status === 'CrashLoopBackOff') restarts = `${range(5, 80)} (${ageOf()} ago)`;
      } else if (chance(0.03)) {
        status = 'Completed';
        ready = '0/1';
      }
      out.push(
        `${pick(NAMESPACES).padEnd(15)} ${anyPod().padEnd(42)} ${ready.padEnd(7)} ${status.padEnd(18)} ${restarts.padEnd(15)} ${ageOf().padEnd(7)} ${podIp().padEnd(15)} ${nodeName().padEnd(46)} <none>           <none>`,
      );
    }
    return fails;
  };
  const getEvents = (out, failRate) => {
    out.push(`$ kubectl get events -n ${pick(NAMESPACES)} --sort-by=.lastTimestamp`);
    out.push(`LAST SEEN   TYPE      REASON              OBJECT                                       MESSAGE`);
    const n = range(10, 80);
    let fails = 0;
    for (let i = 0; i < n; i++) {
      const pod = deploymentPod();
      if (chance(failRate)) {
        fails++;
        out.push(
          `${ageOf().padEnd(11)} Warning   ${pick(['BackOff', 'Failed', 'Evicted', 'FailedScheduling', 'Unhealthy']).padEnd(19)} ${`pod/${pod}`.padEnd(44)} ${pick([`Back-off restarting failed container app in pod ${pod}`, `Error: ImagePullBackOff`, `The node was low on resource: memory. Threshold quantity: 100Mi, available: 87232Ki.`, `0/8 nodes are available: 8 Insufficient cpu. preemption: 0/8 nodes are available: 8 No preemption victims found for incoming pod.`, `Liveness probe failed: Get "http://${podIp()}:8080/healthz": dial tcp ${podIp()}:8080: connect: connection refused`])}`,
        );
      } else {
        out.push(
          `${ageOf().padEnd(11)} Normal    ${pick(['Scheduled', 'Pulled', 'Created', 'Started', 'Killing', 'SuccessfulCreate', 'ScalingReplicaSet']).padEnd(19)} ${`pod/${pod}`.padEnd(44)} ${pick([`Successfully assigned ${pick(NAMESPACES)}/${pod} to ${nodeName()}`, `Container image "${image()}" already present on machine`, `Created container app`, `Started container app`, `Stopping container app`, `Created pod: ${pod}`])}`,
        );
      }
    }
    return fails;
  };
  const getNodes = (out, failRate) => {
    out.push(`$ kubectl get nodes -o wide`);
    out.push(
      `NAME                                           STATUS     ROLES    AGE   VERSION   INTERNAL-IP     EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION                 CONTAINER-RUNTIME`,
    );
    const n = range(3, 40);
    let fails = 0;
    for (let i = 0; i < n; i++) {
      let status = 'Ready';
      if (chance(failRate)) {
        fails++;
        status = 'NotReady';
      }
      out.push(
        `${nodeName().padEnd(46)} ${status.padEnd(10)} <none>   ${`${range(1, 300)}d`.padEnd(5)} v1.29.${range(0, 4)}   ${ip10().padEnd(15)} <none>        Amazon Linux 2       5.10.210-201.852.amzn2.x86_64  containerd://1.7.11`,
      );
    }
    return fails;
  };
  return { describePod, describeNode, getPods, getEvents, getNodes };
}
