/** journald payloads of the node's units: dockerd and containerd (logrus), kernel, systemd. */

/** @param {ReturnType<typeof import('./world.mjs').createWorld>} w the world, with the writers made before these */
export function unitsWriters(w) {
  const { int, range, pick, hex, alnum, uuid, ip10, port, pad, NAMESPACES, REGISTRIES, CONTAINERS, anyPod, image, D, rfc3339n, nowMs } = w;
  const logrus = (lvl, msg, extra = '') => `time="${rfc3339n(D())}" level=${lvl} msg="${msg}"${extra}`;
  const dockerdNoise = () =>
    pick([
      () => logrus('info', 'ignoring event', ` container=${hex(64)} module=libcontainerd namespace=moby topic=/tasks/delete type="*events.TaskDelete"`),
      () => logrus('info', 'shim disconnected', ` id=${hex(64)} namespace=moby`),
      () => logrus('info', 'cleaning up dead shim', ' namespace=moby'),
      () => logrus('debug', `Calling GET /v1.43/containers/${hex(64)}/json`),
      () => logrus('debug', 'Calling HEAD /_ping'),
      () => logrus('info', `Layer sha256:${hex(64)} cleaned up`),
      () => logrus('info', 'Loading containers: done.'),
      () => logrus('info', `Container ${hex(64)} failed to exit within 10 seconds of signal 15 - using the force`),
      () => logrus('info', `API listen on /run/docker.sock`),
    ])();
  const containerdNoise = () =>
    pick([
      () => logrus('info', `StartContainer for \\"${hex(64)}\\" returns successfully`),
      () =>
        logrus(
          'info',
          `RunPodSandbox for &PodSandboxMetadata{Name:${anyPod()},Uid:${uuid()},Namespace:${pick(NAMESPACES)},Attempt:0,} returns sandbox id \\"${hex(64)}\\"`,
        ),
      () => logrus('info', `CreateContainer within sandbox \\"${hex(64)}\\" for container &ContainerMetadata{Name:${pick(CONTAINERS)},Attempt:${int(3)},}`),
      () => logrus('info', `ImageCreate event &ImageCreate{Name:${image()},Labels:map[string]string{io.cri-containerd.image: managed,},XXX_unrecognized:[],}`),
      () => logrus('info', `PullImage \\"${image()}\\" returns image reference \\"sha256:${hex(64)}\\"`),
      () => logrus('info', 'shim disconnected', ` id=${hex(64)} namespace=k8s.io`),
      () => logrus('warning', 'cleaning up after shim disconnected', ` id=${hex(64)} namespace=k8s.io`),
      () => logrus('info', `StopPodSandbox for \\"${hex(64)}\\" returns successfully`),
      () => logrus('info', `TearDown network for sandbox \\"${hex(64)}\\" successfully`),
      () =>
        logrus(
          'info',
          `loading plugin \\"io.containerd.${pick(['grpc.v1.cri', 'snapshotter.v1.overlayfs', 'runtime.v2.task', 'service.v1.tasks-service'])}\\"...`,
          ` type=io.containerd.grpc.v1`,
        ),
    ])();
  const kernelNoise = () =>
    pick([
      () => `IPv6: ADDRCONF(NETDEV_CHANGE): cali${hex(11)}: link becomes ready`,
      () => `eth0: renamed from tmp${range(10000, 99999)}`,
      () => `cni0: port ${range(1, 40)}(veth${hex(8)}) entered ${pick(['forwarding', 'blocking', 'disabled'])} state`,
      () => `device veth${hex(8)} ${pick(['entered', 'left'])} promiscuous mode`,
      () => `EXT4-fs (nvme${range(1, 3)}n1): mounted filesystem with ordered data mode. Opts: (null). Quota mode: none.`,
      () =>
        `audit: type=1400 audit(${Math.floor(nowMs() / 1000)}.${pad(int(1000), 3)}:${range(100, 9999)}): apparmor="STATUS" operation="profile_load" profile="unconfined" name="cri-containerd.apparmor.d" pid=${range(1000, 99999)} comm="apparmor_parser"`,
      () => `xfs filesystem being remounted at /var/lib/kubelet/pods/${uuid()}/volume-subpaths supports timestamps until 2038 (0x7fffffff)`,
      () =>
        `overlayfs: fs on '/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/${range(100, 9999)}/fs' does not support file handles, falling back to xino=off.`,
      () => `TCP: request_sock_TCP: Possible SYN flooding on port ${pick([443, 8080, 10250])}. Sending cookies.  Check SNMP counters.`,
      () => `ena 0000:00:0${range(5, 7)}.0 eth${int(3)}: Link is Up`,
    ])();
  const kernelFailure = () =>
    pick([
      () => `nf_conntrack: nf_conntrack: table full, dropping packet`,
      () => `nf_conntrack: table full, dropping packet`,
      () =>
        `Memory cgroup out of memory: Killed process ${range(1000, 99999)} (${pick(['java', 'node', 'python3', 'ruby', 'postgres'])}) total-vm:${range(1000000, 9000000)}kB, anon-rss:${range(500000, 4000000)}kB, file-rss:${range(0, 40000)}kB, shmem-rss:0kB, UID:${pick([0, 1000, 65534])} pgtables:${range(1000, 9000)}kB oom_score_adj:${pick([-997, 999, 936])}`,
      () =>
        `oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-${hex(64)}.scope,mems_allowed=0,oom_memcg=/kubepods.slice/kubepods-burstable.slice,task_memcg=/kubepods.slice/kubepods-burstable.slice/cri-containerd-${hex(64)}.scope,task=java,pid=${range(1000, 99999)},uid=1000`,
      () =>
        `Out of memory: Killed process ${range(1000, 99999)} (${pick(['java', 'dockerd', 'kubelet'])}) total-vm:${range(1000000, 9000000)}kB, anon-rss:${range(500000, 4000000)}kB, file-rss:0kB, shmem-rss:0kB`,
      () => `INFO: task jbd2/nvme0n1p1-8:${range(300, 900)} blocked for more than 120 seconds.`,
      () => `EXT4-fs error (device nvme1n1): ext4_find_entry:1455: inode #${range(2, 999999)}: comm kubelet: reading directory lblock 0`,
      () => `NETDEV WATCHDOG: eth0 (ena): transmit queue ${int(8)} timed out`,
      () => `EXT4-fs warning (device nvme0n1p1): ext4_dx_add_entry:2516: Directory (ino: ${range(1000, 99999)}) index full, reached max htree level :2`,
    ])();
  const systemdNoise = () =>
    pick([
      () => `Started Session ${range(1, 9999)} of User ${pick(['ec2-user', 'ubuntu', 'core'])}.`,
      () => `Starting Cleanup of Temporary Directories...`,
      () => `Finished Cleanup of Temporary Directories.`,
      () => `run-containerd-runc-k8s.io-${hex(64)}-runc.${alnum(6)}.mount: Deactivated successfully.`,
      () => `var-lib-kubelet-pods-${uuid()}-volumes-kubernetes.io\\x7eprojected-kube\\x2dapi\\x2daccess\\x2d${alnum(5)}.mount: Deactivated successfully.`,
      () => `Created slice libcontainer container kubepods-burstable-pod${hex(8)}_${hex(4)}_${hex(4)}.slice.`,
      () => `Started libcontainer container ${hex(64)}.`,
      () => `logrotate.service: Succeeded.`,
    ])();
  const systemdFailure = () =>
    pick([
      () => `kubelet.service: Main process exited, code=exited, status=255/EXCEPTION`,
      () => `kubelet.service: Failed with result 'exit-code'.`,
      () => `docker.service: A process of this unit has been killed by the OOM killer.`,
      () => `containerd.service: Main process exited, code=killed, status=9/KILL`,
    ])();
  const dockerdFailure = () =>
    pick([
      () =>
        logrus('error', `Handler for POST /v1.43/containers/create returned error: mkdir /var/lib/docker/overlay2/${hex(64)}-init: no space left on device`),
      () =>
        logrus(
          'warning',
          `Error getting v2 registry: Get \\"https://registry-1.docker.io/v2/\\": dial tcp: lookup registry-1.docker.io on ${ip10()}:53: read udp ${ip10()}:${port()}->${ip10()}:53: i/o timeout`,
        ),
      () =>
        logrus(
          'error',
          `Not continuing with pull after error: Get \\"https://${pick(REGISTRIES).split('/')[0]}/v2/\\": dial tcp: lookup ${pick(REGISTRIES).split('/')[0]}: Temporary failure in name resolution`,
        ),
      () =>
        logrus(
          'error',
          `Handler for POST /v1.43/images/create returned error: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit`,
        ),
      () => logrus('error', `Error writing log: write /var/lib/docker/containers/${hex(64)}/${hex(64)}-json.log: no space left on device`),
      () => logrus('info', `Attempting next endpoint for pull after error: manifest unknown: manifest unknown`),
    ])();
  const containerdFailure = () =>
    pick([
      () =>
        logrus(
          'error',
          `PullImage \\"${image()}\\" failed`,
          ` error="rpc error: code = Unknown desc = failed to pull and unpack image: failed to resolve reference: failed to do request: Head: x509: certificate signed by unknown authority"`,
        ),
      () =>
        logrus(
          'error',
          `RunPodSandbox for &PodSandboxMetadata{Name:${anyPod()},Uid:${uuid()},Namespace:${pick(NAMESPACES)},Attempt:0,} failed, error`,
          ` error="failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: error setting cgroup config for procHooks process: failed to write \\"max\\": write /sys/fs/cgroup/pids.max: no such device: unknown"`,
        ),
      () =>
        logrus(
          'error',
          `ExecSync for \\"${hex(64)}\\" failed`,
          ` error="rpc error: code = DeadlineExceeded desc = failed to exec in container: timeout 1s exceeded: context deadline exceeded"`,
        ),
      () => logrus('error', `collecting metrics for ${hex(64)}`, ` error="cgroups: cgroup deleted: unknown"`),
    ])();
  return { logrus, dockerdNoise, containerdNoise, kernelNoise, kernelFailure, systemdNoise, systemdFailure, dockerdFailure, containerdFailure };
}
