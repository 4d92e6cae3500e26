#!/usr/bin/env node
/**
 * Deterministic generator of a large mixed incident corpus for the benchmark.
 *
 *   node bench/generate.mjs --size 1024 --out bench/data/mixed-1g.log [--seed 42] [--failure-rate 0.001]
 *
 * The corpus is what a real incident bundle looks like once its files are concatenated: blocks of
 * kubelet/apiserver klog files, `journalctl` excerpts (kubelet, dockerd and containerd logrus lines,
 * kernel, systemd), `dmesg -T`, Jenkins consoles (timestamper prefix, [Pipeline] steps, build tool
 * output), docker json-file and CRI container logs (application lines inside), `kubectl describe` /
 * `kubectl get` outputs, helm/tiller output and syslog. About 0.1% of the lines (--failure-rate) are
 * failure lines with real-world wordings (eviction, PLEG, conntrack, DNS, dial timeouts, OOMKilled,
 * image pulls, x509, ...); the rest is routine noise with varied words, ids, IPs and timestamps,
 * including the benign "error"/"timeout"/"failed=0" words real logs are full of.
 *
 * Same seed + size => byte-identical file. Only ASCII is written. Memory is bounded (1 MiB chunks,
 * back-pressure honoured). The file is written to OUT.partial and renamed when complete; a sidecar
 * OUT.meta.json records the seed, size, line counts per block kind and the injected failure lines.
 */
import { createWriteStream, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------------------------------------
// Seeded PRNG (sfc32 seeded through splitmix32): fast, good enough, and no Math.random anywhere.
// ---------------------------------------------------------------------------------------------
function makeRng(seed) {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(), b = split(), c = split(), d = split();
  const u32 = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 16; i++) u32();
  return u32;
}

export function createGenerator(seed = 42, failureRate = 0.001) {
  const u32 = makeRng(seed);
  const rnd = () => u32() / 4294967296;
  const int = (n) => Math.floor(rnd() * n); // 0..n-1
  const range = (lo, hi) => lo + int(hi - lo + 1); // inclusive
  const pick = (arr) => arr[int(arr.length)];
  const chance = (p) => rnd() < p;
  const HEX = '0123456789abcdef';
  const hex = (n) => { let s = ''; while (s.length < n) s += u32().toString(16).padStart(8, '0'); return s.slice(0, n); };
  const alnum = (n) => { const A = 'bcdfghjklmnpqrstvwxz2456789'; let s = ''; for (let i = 0; i < n; i++) s += A[int(A.length)]; return s; };
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${HEX[8 + int(4)]}${hex(3)}-${hex(12)}`;
  const ip10 = () => `10.${int(4)}.${int(256)}.${range(1, 254)}`;
  const podIp = () => `10.${range(100, 103)}.${int(256)}.${range(2, 254)}`;
  const port = () => range(1024, 65535);
  const pad2 = (n) => (n < 10 ? '0' : '') + n;
  const pad = (n, w) => String(n).padStart(w, '0');

  // ---- vocabulary ----------------------------------------------------------------------------
  const APPS = ['web', 'api', 'checkout', 'cart', 'payments', 'orders', 'search', 'catalog', 'auth', 'gateway', 'worker', 'scheduler', 'notifier', 'billing', 'inventory', 'frontend', 'recommendations', 'ledger', 'reports', 'media-resizer', 'session-store', 'feature-flags', 'graphql', 'ingest', 'etl-runner'];
  const NAMESPACES = ['default', 'shop', 'payments', 'platform', 'monitoring', 'logging', 'ci', 'data', 'kube-system', 'ingress-nginx', 'cert-manager', 'staging', 'qa'];
  const SYSTEM_PODS = ['coredns', 'kube-proxy', 'aws-node', 'calico-node', 'ebs-csi-node', 'fluent-bit', 'node-exporter', 'cilium', 'konnectivity-agent', 'metrics-server'];
  const REGISTRIES = ['registry.example.com', 'ghcr.io/acme', '123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'docker.io/library', 'quay.io/acme', 'europe-docker.pkg.dev/acme-prod/apps'];
  const CONTAINERS = ['app', 'sidecar', 'istio-proxy', 'envoy', 'migrate', 'init-config', 'metrics', 'log-shipper'];
  const USERS = ['alice', 'bob', 'carol', 'dmitri', 'erin', 'farid', 'grace', 'hiro', 'ines', 'jenkins', 'deploy-bot', 'renovate[bot]'];
  const WORDS = ['order', 'invoice', 'customer', 'basket', 'shipment', 'refund', 'session', 'token', 'report', 'thumbnail', 'export', 'coupon', 'profile', 'address', 'warehouse', 'rate', 'quote', 'batch', 'segment', 'cohort', 'listing', 'review', 'payout', 'subscription'];
  const VERBS = ['created', 'updated', 'processed', 'queued', 'shipped', 'cached', 'indexed', 'validated', 'loaded', 'flushed', 'synced', 'published', 'scheduled', 'reconciled', 'archived', 'resized', 'rendered', 'computed'];
  const PATHS = ['/api/v1/orders', '/api/v1/items', '/api/v2/search', '/healthz', '/readyz', '/metrics', '/api/v1/cart', '/graphql', '/static/app.js', '/login', '/api/v1/users/me', '/api/v1/payments', '/favicon.ico', '/api/v1/recommendations', '/assets/logo.svg'];
  const UAS = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36', 'kube-probe/1.29', 'Prometheus/2.50.1', 'curl/8.5.0', 'okhttp/4.12.0', 'Go-http-client/1.1', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1', 'python-requests/2.31.0'];
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const JAVA_CLASSES = ['c.a.shop.web.OrderController', 'c.a.shop.service.PricingService', 'o.s.web.servlet.DispatcherServlet', 'c.a.payments.GatewayClient', 'o.h.engine.jdbc.batch.internal.BatchingBatch', 'c.z.hikari.pool.HikariPool', 'o.a.kafka.clients.consumer.KafkaConsumer', 'c.a.shop.jobs.ExportJob'];
  const GO_CALLERS = ['server/server.go', 'handler/orders.go', 'store/postgres.go', 'cache/redis.go', 'worker/loop.go', 'grpc/interceptor.go', 'queue/consumer.go'];

  const deploymentPod = (app = pick(APPS)) => `${app}-${hex(range(8, 10))}-${alnum(5)}`;
  const statefulPod = () => `${pick(['postgres', 'redis', 'kafka', 'zookeeper', 'elasticsearch', 'rabbitmq', 'etcd'])}-${int(5)}`;
  const anyPod = () => (chance(0.8) ? deploymentPod() : chance(0.5) ? statefulPod() : `${pick(SYSTEM_PODS)}-${alnum(5)}`);
  const image = (app = pick(APPS)) => `${pick(REGISTRIES)}/${app}:${chance(0.7) ? `${range(1, 4)}.${int(30)}.${int(12)}` : hex(12)}`;
  const awsNode = () => `ip-10-${int(4)}-${int(256)}-${range(1, 254)}.eu-west-1.compute.internal`;
  const gkeNode = () => `gke-prod-${pick(['default', 'ci', 'highmem'])}-pool-${hex(8)}-${alnum(4)}`;
  const nodeName = () => (chance(0.6) ? awsNode() : gkeNode());
  const dur = () => (chance(0.5) ? `${range(1, 999)}.${range(100, 999)}ms` : `${range(1, 59)}.${range(10, 99)}s`);

  // ---- clock ---------------------------------------------------------------------------------
  // Starts on a seed-derived day of 2024 and moves forward a little on every line.
  let now = Date.UTC(2024, 0, 1) + (seed % 300) * 86_400_000 + int(86_400_000);
  const tick = () => { now += chance(0.02) ? int(60_000) : int(900); return now; };
  const D = () => new Date(now);
  const hms = (d) => `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  const ymd = (d) => `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const klogTs = (d) => `${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())} ${hms(d)}.${pad(d.getUTCMilliseconds() * 1000 + int(1000), 6)}`;
  const shortTs = (d) => `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms(d)}`;
  const rfc3339n = (d) => `${ymd(d)}T${hms(d)}.${pad(d.getUTCMilliseconds(), 3)}${pad(int(1_000_000), 6)}Z`;
  const rfc3339ms = (d) => `${ymd(d)}T${hms(d)}.${pad(d.getUTCMilliseconds(), 3)}Z`;
  const dmesgTs = (d) => `[${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms(d)} ${d.getUTCFullYear()}]`;
  const rfc1123 = (d) => `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hms(d)} +0000`;
  const slashTs = (d) => `${d.getUTCFullYear()}/${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())} ${hms(d)}`;
  const ageOf = () => pick([`${range(2, 59)}s`, `${range(1, 59)}m`, `${range(1, 23)}h`, `${range(1, 90)}d`, `${range(1, 9)}m${range(1, 59)}s`]);

  const q = (s) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

  // ---- application lines (inside container logs) ---------------------------------------------
  const appNoise = () => {
    const d = D();
    switch (int(9)) {
      case 0: return `${ymd(d)} ${hms(d)}.${pad(d.getUTCMilliseconds(), 3)}  INFO 1 --- [nio-8080-exec-${range(1, 20)}] ${pick(JAVA_CLASSES)} : ${pick(WORDS)} ${range(1000, 999999)} ${pick(VERBS)} in ${range(1, 900)} ms`;
      case 1: return `${podIp()} - - [${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${hms(d)} +0000] "${pick(['GET', 'GET', 'GET', 'POST', 'PUT'])} ${pick(PATHS)}${chance(0.3) ? `?page=${range(1, 40)}` : ''} HTTP/1.1" ${pick([200, 200, 200, 200, 201, 204, 301, 304, 404])} ${range(0, 90000)} "-" "${pick(UAS)}" ${range(0, 2)}.${pad(int(1000), 3)}`;
      case 2: return `{"level":"info","ts":${Math.floor(now / 1000)}.${pad(int(1000000), 6)},"caller":"${pick(GO_CALLERS)}:${range(20, 400)}","msg":"${pick(['served request', 'cache hit', 'job finished', 'message consumed', 'connection pool stats', 'config reloaded'])}","path":"${pick(PATHS)}","status":${pick([200, 200, 204, 304])},"duration":"${dur()}","request_id":"${hex(16)}"}`;
      case 3: return `{"level":30,"time":${now},"pid":1,"hostname":"${deploymentPod()}","reqId":"req-${alnum(4)}","res":{"statusCode":${pick([200, 200, 201, 304])}},"responseTime":${range(1, 800)}.${int(100)},"msg":"request completed"}`;
      case 4: return `INFO:     ${podIp()}:${port()} - "${pick(['GET', 'POST'])} ${pick(PATHS)} HTTP/1.1" ${pick([200, 200, 201, 307])}`;
      case 5: return `time="${ymd(d)}T${hms(d)}Z" level=info msg="${pick(WORDS)} ${pick(VERBS)}" ${pick(WORDS)}_id=${range(1, 9999999)} duration=${dur()} retries=0 errors=0`;
      case 6: return `${ymd(d)} ${hms(d)},${pad(d.getUTCMilliseconds(), 3)} INFO  [${pick(['kafka-consumer', 'scheduler', 'main', 'pool-2-thread-3', 'grpc-default-executor-1'])}] ${pick(JAVA_CLASSES)} - Committed offset ${range(1, 99999999)} for partition ${pick(WORDS)}-events-${int(12)}`;
      case 7: return `[${ymd(d)} ${hms(d)} +0000] [${range(7, 40)}] [INFO] 127.0.0.1 - - "GET ${pick(PATHS)}" ${pick([200, 200, 304])} ${range(100, 9000)} ${dur()} failed_jobs=0`;
      default: return `${pick(['Processed', 'Synced', 'Exported', 'Scanned'])} ${range(1, 5000)} ${pick(WORDS)}s (${range(0, 99)}% cached, ${range(0, 3)} retried) in ${dur()}; next run at ${hms(d)}`;
    }
  };
  const appFailure = () => {
    const host = pick(['postgres', 'redis-master', 'kafka', 'payments-gateway', 'rabbitmq', 'elasticsearch-master', 'auth']);
    const fq = `${host}.${pick(NAMESPACES)}.svc.cluster.local`;
    return pick([
      () => `java.net.UnknownHostException: ${fq}: Temporary failure in name resolution`,
      () => `Error: getaddrinfo EAI_AGAIN ${fq}`,
      () => `{"level":"error","ts":${Math.floor(now / 1000)}.${pad(int(1000000), 6)},"caller":"${pick(GO_CALLERS)}:${range(20, 400)}","msg":"query failed","error":"dial tcp: lookup ${fq} on 10.96.0.10:53: dial udp 10.96.0.10:53: i/o timeout"}`,
      () => `Exception in thread "main" java.lang.OutOfMemoryError: Java heap space`,
      () => `panic: runtime error: invalid memory address or nil pointer dereference`,
      () => `rpc error: code = Unavailable desc = transport is closing`,
      () => `Error: connect ECONNREFUSED ${podIp()}:${pick([5432, 6379, 9092, 5672])}`,
      () => `FATAL: remaining connection slots are reserved for non-replication superuser connections`,
      () => `psycopg2.OperationalError: could not translate host name "${fq}" to address: Temporary failure in name resolution`,
      () => `Post "https://${host}.example.com/v1/charge": x509: certificate has expired or is not yet valid: current time ${ymd(D())}T${hms(D())}Z is after ${ymd(D())}T00:00:00Z`,
      () => `ERROR: failed to write /data/${pick(WORDS)}/${hex(8)}.tmp: no space left on device`,
      () => `com.zaxxer.hikari.pool.HikariPool$PoolInitializationException: Failed to initialize pool: Connection to ${fq}:5432 refused.`,
      () => `redis.exceptions.ConnectionError: Error -3 connecting to ${fq}:6379. Temporary failure in name resolution.`,
      () => `Get "https://10.96.0.1:443/api/v1/namespaces/${pick(NAMESPACES)}/configmaps": dial tcp 10.96.0.1:443: i/o timeout`,
    ])();
  };
  // Benign error-ish lines real applications print all the time (not failures of the catalogue).
  const appBenign = () => pick([
    () => `WARN  retrying ${pick(WORDS)} export after 429 from upstream (attempt 1/5)`,
    () => `{"level":"warn","msg":"slow query","duration":"${range(1, 4)}.${range(10, 99)}s","table":"${pick(WORDS)}s"}`,
    () => `level=warning msg="client disconnected before response was written" path=${pick(PATHS)}`,
    () => `ERROR c.a.shop.web.ErrorHandler - validation failed for ${pick(WORDS)}: field "email" must not be blank`,
  ])();

  // ---- kubelet / control plane klog ----------------------------------------------------------
  /** A container's log: application lines (about 0.1% failures), each written by `render`; returns the failures. */
  const containerLog = (out, render) => {
    let f = 0;
    for (let n = blockLines(500, 60000); n > 0; n--) {
      tick();
      const failing = fail();
      if (failing) f++;
      render(failing ? appFailure() : benign() ? appBenign() : appNoise(), failing);
    }
    return f;
  };
  const klogLine = (sev, pid, file, msg) => `${sev}${klogTs(D())} ${String(pid).padStart(7, ' ')} ${file}] ${msg}`;
  const kubeletNoise = (pid) => {
    const ns = pick(NAMESPACES), pod = anyPod(), uid = uuid();
    switch (int(14)) {
      case 0: return klogLine('I', pid, 'kubelet.go:2455', `"SyncLoop (PLEG): event for pod" pod="${ns}/${pod}" event={"ID":"${uid}","Type":"${pick(['ContainerStarted', 'ContainerDied', 'ContainerStarted'])}","Data":"${hex(64)}"}`);
      case 1: return klogLine('I', pid, 'kubelet.go:2436', `"SyncLoop UPDATE" source="api" pods=["${ns}/${pod}"]`);
      case 2: return klogLine('I', pid, 'reconciler_common.go:258', `"operationExecutor.VerifyControllerAttachedVolume started for volume \\"kube-api-access-${alnum(5)}\\" (UniqueName: \\"kubernetes.io/projected/${uid}-kube-api-access-${alnum(5)}\\") pod \\"${pod}\\" (UID: \\"${uid}\\") " pod="${ns}/${pod}"`);
      case 3: return klogLine('I', pid, 'prober.go:107', `"Probe succeeded" probeType="${pick(['Readiness', 'Liveness', 'Startup'])}" pod="${ns}/${pod}" podUID="${uid}" containerName="${pick(CONTAINERS)}"`);
      case 4: return klogLine('I', pid, 'kuberuntime_manager.go:1029', `"Creating PodSandbox for pod" pod="${ns}/${pod}"`);
      case 5: return klogLine('I', pid, 'topology_manager.go:215', `"Topology Admit Handler" podUID="${uid}" podNamespace="${ns}" podName="${pod}"`);
      case 6: return klogLine('I', pid, 'pod_startup_latency_tracker.go:102', `"Observed pod startup duration" pod="${ns}/${pod}" podStartSLOduration=${range(1, 30)}.${hex(3).replace(/[a-f]/g, '7')} podStartE2EDuration="${range(1, 40)}.${range(100, 999)}s" podCreationTimestamp="${ymd(D())} ${hms(D())} +0000 UTC"`);
      case 7: return klogLine('I', pid, 'kubelet_pods.go:1067', `"Clean up pod workers for terminated pods"`);
      case 8: return klogLine('I', pid, 'scope.go:117', `"RemoveContainer" containerID="${hex(64)}"`);
      case 9: return klogLine('I', pid, 'kubelet_getters.go:187', `"Pod status updated" pod="${ns}/${pod}" status="Running"`);
      case 10: return klogLine('I', pid, 'image_gc_manager.go:327', `"Image garbage collection succeeded" freed=0 usage=${range(20, 70)}`);
      case 11: return klogLine('I', pid, 'log.go:245', `http: TLS handshake error from ${ip10()}:${port()}: EOF`);
      case 12: return klogLine('I', pid, 'kuberuntime_container.go:745', `"Killing container with a grace period" pod="${ns}/${pod}" podUID="${uid}" containerName="${pick(CONTAINERS)}" containerID="containerd://${hex(64)}" gracePeriod=30`);
      default: return klogLine('I', pid, 'reconciler_common.go:300', `"Volume detached for volume \\"config\\" (UniqueName: \\"kubernetes.io/configmap/${uid}-config\\") on node \\"${nodeName()}\\" DevicePath \\"\\""`);
    }
  };
  const apiserverNoise = (pid) => {
    const ns = pick(NAMESPACES);
    switch (int(6)) {
      case 0:
      case 1: return klogLine('I', pid, 'httplog.go:132', `"HTTP" verb="${pick(['GET', 'GET', 'LIST', 'PUT', 'PATCH', 'WATCH'])}" URI="/api/v1/namespaces/${ns}/pods?labelSelector=app%3D${pick(APPS)}&timeout=${range(5, 60)}s" latency="${dur()}" userAgent="kubectl/v1.29.2 (linux/amd64) kubernetes/4b8e819" audit-ID="${uuid()}" srcIP="${ip10()}:${port()}" resp=200`);
      case 2: return klogLine('I', pid, 'httplog.go:132', `"HTTP" verb="PUT" URI="/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${nodeName()}?timeout=10s" latency="${dur()}" userAgent="kubelet/v1.29.2 (linux/amd64) kubernetes/4b8e819" audit-ID="${uuid()}" srcIP="${ip10()}:${port()}" resp=200`);
      case 3: return klogLine('I', pid, 'trace.go:236', `Trace[${range(100000000, 999999999)}]: "List" accept:application/json, */*,audit-id:${uuid()},client:${ip10()},api-group:,api-version:v1,name:,subresource:,namespace:${ns},protocol:HTTP/2.0,resource:pods,scope:namespace,url:/api/v1/namespaces/${ns}/pods,user-agent:kubectl/v1.29.2,verb:LIST (${pad2(D().getUTCDate())}-${MONTHS[D().getUTCMonth()]}-${D().getUTCFullYear()} ${hms(D())}.${pad(int(1000), 3)}) (total time: ${range(500, 3000)}ms):`);
      case 4: return klogLine('I', pid, 'event.go:307', `"Event occurred" object="${ns}/${pick(APPS)}" fieldPath="" kind="Deployment" apiVersion="apps/v1" type="Normal" reason="ScalingReplicaSet" message="Scaled ${pick(['up', 'down'])} replica set ${deploymentPod().replace(/-[^-]+$/, '')} to ${range(1, 12)}"`);
      default: return klogLine('I', pid, 'controller.go:624', `quota admission added evaluator for: ${pick(['deployments.apps', 'replicasets.apps', 'jobs.batch', 'leases.coordination.k8s.io', 'endpoints'])}`);
    }
  };
  const klogBenign = (pid) => pick([
    () => klogLine('E', pid, 'remote_runtime.go:432', `"ContainerStatus from runtime service failed" err="rpc error: code = NotFound desc = an error occurred when try to find container \\"${hex(64)}\\": not found" containerID="${hex(64)}"`),
    () => klogLine('W', pid, 'warnings.go:70', `autoscaling/v2beta2 HorizontalPodAutoscaler is deprecated in v1.23+, unavailable in v1.26+; use autoscaling/v2 HorizontalPodAutoscaler`),
    () => klogLine('E', pid, 'cadvisor_stats_provider.go:501', `"Partial failure issuing cadvisor.ContainerInfoV2" err="partial failures: [\\"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${hex(8)}.slice\\": RecentStats: unable to find data in memory cache]"`),
    () => klogLine('W', pid, 'reflector.go:539', `k8s.io/client-go/informers/factory.go:159: watch of *v1.ConfigMap ended with: an error on the server ("unable to decode an event from the watch stream: http2: client connection lost") has prevented the request from succeeding`),
  ])();
  const klogFailure = (pid) => {
    const ns = pick(NAMESPACES), pod = anyPod(), uid = uuid(), img = image(), node = nodeName();
    return pick([
      () => klogLine('E', pid, 'kubelet.go:2359', `"Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active ${range(3, 9)}m${range(0, 59)}.${range(100, 999)}s ago; threshold is 3m0s"`),
      () => klogLine('I', pid, 'kubelet_node_status.go:696', `"Recording event message for node" node="${node}" event="NodeNotReady"`),
      () => klogLine('I', pid, 'setters.go:568', `"Node became not ready" node="${node}" condition={"type":"Ready","status":"False","lastHeartbeatTime":"${ymd(D())}T${hms(D())}Z","reason":"KubeletNotReady","message":"PLEG is not healthy: pleg was last seen active 3m${range(1, 59)}.${range(100, 999)}s ago; threshold is 3m0s"}`),
      () => klogLine('W', pid, 'eviction_manager.go:366', `"Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"`),
      () => klogLine('I', pid, 'eviction_manager.go:377', `"Eviction manager: must evict pod(s) to reclaim" resourceName="${pick(['ephemeral-storage', 'memory', 'nodefs.available'])}"`),
      () => klogLine('I', pid, 'eviction_manager.go:592', `"Eviction manager: pod is evicted successfully" pod="${ns}/${pod}"`),
      () => klogLine('I', pid, 'eviction_manager.go:618', `"Eviction manager: pods evicted, waiting for pod to be cleaned up" pods=["${ns}/${pod}"]`),
      () => klogLine('E', pid, 'pod_workers.go:1300', `"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"${pick(CONTAINERS)}\\" with ImagePullBackOff: \\"Back-off pulling image \\\\\\"${img}\\\\\\"\\"" pod="${ns}/${pod}" podUID="${uid}"`),
      () => klogLine('E', pid, 'pod_workers.go:1300', `"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"${pick(CONTAINERS)}\\" with CrashLoopBackOff: \\"back-off 5m0s restarting failed container=${pick(CONTAINERS)} pod=${pod}_${ns}(${uid})\\"" pod="${ns}/${pod}" podUID="${uid}"`),
      () => klogLine('E', pid, 'remote_image.go:180', `"PullImage from image service failed" err="rpc error: code = Unknown desc = failed to pull and unpack image \\"${img}\\": failed to resolve reference \\"${img}\\": failed to do request: Head \\"https://${img.split('/')[0]}/v2/manifests/latest\\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time ${ymd(D())}T${hms(D())}Z is after ${ymd(D())}T00:00:00Z" image="${img}"`),
      () => klogLine('E', pid, 'kubelet_node_status.go:540', `"Error updating node status, will retry" err="error getting node \\"${node}\\": Get \\"https://${ip10()}:6443/api/v1/nodes/${node}?timeout=10s\\": net/http: request canceled (Client.Timeout exceeded while awaiting headers)"`),
      () => klogLine('E', pid, 'status.go:71', `apiserver received an error that is not an metav1.Status: &errors.errorString{s:"error dialing backend: dial timeout"}: error dialing backend: dial timeout`),
      () => klogLine('E', pid, 'controller.go:113', `loading OpenAPI spec for "v1beta1.metrics.k8s.io" failed with: failed to retrieve openAPI spec, http error: ResponseCode: 503, Body: error trying to reach service: dial tcp ${podIp()}:4443: i/o timeout`),
      () => klogLine('W', pid, 'logging.go:59', `[core] [Channel #${range(1, 900)} SubChannel #${range(1, 900)}] grpc: addrConn.createTransport failed to connect to {Addr: "127.0.0.1:2379", ServerName: "127.0.0.1", }. Err: connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:2379: connect: connection refused"`),
      () => klogLine('E', pid, 'watcher.go:327', `failed to prepare current and previous objects: rpc error: code = Unavailable desc = transport is closing`),
      () => klogLine('E', pid, 'leaderelection.go:332', `error retrieving resource lock kube-system/kube-controller-manager: Get "https://${ip10()}:6443/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager?timeout=5s": context deadline exceeded`),
      () => klogLine('E', pid, 'dns.go:153', `"Nameserver limits exceeded" err="Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${ip10()} ${ip10()} ${ip10()}"`),
      () => klogLine('E', pid, 'kuberuntime_sandbox.go:72', `"Failed to create sandbox for pod" err="rpc error: code = Unknown desc = failed to setup network for sandbox \\"${hex(64)}\\": plugin type=\\"calico\\" failed (add): error getting ClusterInformation: Get \\"https://10.96.0.1:443/apis/crd.projectcalico.org/v1/clusterinformations/default\\": dial tcp 10.96.0.1:443: i/o timeout" pod="${ns}/${pod}"`),
      () => klogLine('E', pid, 'kubelet.go:2855', `"Container runtime network not ready" networkReady="NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized"`),
      () => klogLine('E', pid, 'proxier.go:1519', `"Failed to execute iptables-restore" err="exit status 4: iptables-restore v1.8.7 (nf_tables): CHAIN_ADD failed (No such file or directory): chain KUBE-SEP-${alnum(16).toUpperCase()}"`),
      () => klogLine('W', pid, 'container.go:586', `Failed to update stats for container "/kubepods/burstable/pod${uid}": failed to parse memory.stat: no such file or directory, continuing to push stats`),
    ])();
  };

  // ---- journald payloads ---------------------------------------------------------------------
  const logrus = (lvl, msg, extra = '') => `time="${rfc3339n(D())}" level=${lvl} msg="${msg}"${extra}`;
  const dockerdNoise = () => pick([
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
  const containerdNoise = () => pick([
    () => logrus('info', `StartContainer for \\"${hex(64)}\\" returns successfully`),
    () => logrus('info', `RunPodSandbox for &PodSandboxMetadata{Name:${anyPod()},Uid:${uuid()},Namespace:${pick(NAMESPACES)},Attempt:0,} returns sandbox id \\"${hex(64)}\\"`),
    () => logrus('info', `CreateContainer within sandbox \\"${hex(64)}\\" for container &ContainerMetadata{Name:${pick(CONTAINERS)},Attempt:${int(3)},}`),
    () => logrus('info', `ImageCreate event &ImageCreate{Name:${image()},Labels:map[string]string{io.cri-containerd.image: managed,},XXX_unrecognized:[],}`),
    () => logrus('info', `PullImage \\"${image()}\\" returns image reference \\"sha256:${hex(64)}\\"`),
    () => logrus('info', 'shim disconnected', ` id=${hex(64)} namespace=k8s.io`),
    () => logrus('warning', 'cleaning up after shim disconnected', ` id=${hex(64)} namespace=k8s.io`),
    () => logrus('info', `StopPodSandbox for \\"${hex(64)}\\" returns successfully`),
    () => logrus('info', `TearDown network for sandbox \\"${hex(64)}\\" successfully`),
    () => logrus('info', `loading plugin \\"io.containerd.${pick(['grpc.v1.cri', 'snapshotter.v1.overlayfs', 'runtime.v2.task', 'service.v1.tasks-service'])}\\"...`, ` type=io.containerd.grpc.v1`),
  ])();
  const kernelNoise = () => pick([
    () => `IPv6: ADDRCONF(NETDEV_CHANGE): cali${hex(11)}: link becomes ready`,
    () => `eth0: renamed from tmp${range(10000, 99999)}`,
    () => `cni0: port ${range(1, 40)}(veth${hex(8)}) entered ${pick(['forwarding', 'blocking', 'disabled'])} state`,
    () => `device veth${hex(8)} ${pick(['entered', 'left'])} promiscuous mode`,
    () => `EXT4-fs (nvme${range(1, 3)}n1): mounted filesystem with ordered data mode. Opts: (null). Quota mode: none.`,
    () => `audit: type=1400 audit(${Math.floor(now / 1000)}.${pad(int(1000), 3)}:${range(100, 9999)}): apparmor="STATUS" operation="profile_load" profile="unconfined" name="cri-containerd.apparmor.d" pid=${range(1000, 99999)} comm="apparmor_parser"`,
    () => `xfs filesystem being remounted at /var/lib/kubelet/pods/${uuid()}/volume-subpaths supports timestamps until 2038 (0x7fffffff)`,
    () => `overlayfs: fs on '/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/${range(100, 9999)}/fs' does not support file handles, falling back to xino=off.`,
    () => `TCP: request_sock_TCP: Possible SYN flooding on port ${pick([443, 8080, 10250])}. Sending cookies.  Check SNMP counters.`,
    () => `ena 0000:00:0${range(5, 7)}.0 eth${int(3)}: Link is Up`,
  ])();
  const kernelFailure = () => pick([
    () => `nf_conntrack: nf_conntrack: table full, dropping packet`,
    () => `nf_conntrack: table full, dropping packet`,
    () => `Memory cgroup out of memory: Killed process ${range(1000, 99999)} (${pick(['java', 'node', 'python3', 'ruby', 'postgres'])}) total-vm:${range(1000000, 9000000)}kB, anon-rss:${range(500000, 4000000)}kB, file-rss:${range(0, 40000)}kB, shmem-rss:0kB, UID:${pick([0, 1000, 65534])} pgtables:${range(1000, 9000)}kB oom_score_adj:${pick([-997, 999, 936])}`,
    () => `oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-${hex(64)}.scope,mems_allowed=0,oom_memcg=/kubepods.slice/kubepods-burstable.slice,task_memcg=/kubepods.slice/kubepods-burstable.slice/cri-containerd-${hex(64)}.scope,task=java,pid=${range(1000, 99999)},uid=1000`,
    () => `Out of memory: Killed process ${range(1000, 99999)} (${pick(['java', 'dockerd', 'kubelet'])}) total-vm:${range(1000000, 9000000)}kB, anon-rss:${range(500000, 4000000)}kB, file-rss:0kB, shmem-rss:0kB`,
    () => `INFO: task jbd2/nvme0n1p1-8:${range(300, 900)} blocked for more than 120 seconds.`,
    () => `EXT4-fs error (device nvme1n1): ext4_find_entry:1455: inode #${range(2, 999999)}: comm kubelet: reading directory lblock 0`,
    () => `NETDEV WATCHDOG: eth0 (ena): transmit queue ${int(8)} timed out`,
    () => `EXT4-fs warning (device nvme0n1p1): ext4_dx_add_entry:2516: Directory (ino: ${range(1000, 99999)}) index full, reached max htree level :2`,
  ])();
  const systemdNoise = () => pick([
    () => `Started Session ${range(1, 9999)} of User ${pick(['ec2-user', 'ubuntu', 'core'])}.`,
    () => `Starting Cleanup of Temporary Directories...`,
    () => `Finished Cleanup of Temporary Directories.`,
    () => `run-containerd-runc-k8s.io-${hex(64)}-runc.${alnum(6)}.mount: Deactivated successfully.`,
    () => `var-lib-kubelet-pods-${uuid()}-volumes-kubernetes.io\\x7eprojected-kube\\x2dapi\\x2daccess\\x2d${alnum(5)}.mount: Deactivated successfully.`,
    () => `Created slice libcontainer container kubepods-burstable-pod${hex(8)}_${hex(4)}_${hex(4)}.slice.`,
    () => `Started libcontainer container ${hex(64)}.`,
    () => `logrotate.service: Succeeded.`,
  ])();
  const systemdFailure = () => pick([
    () => `kubelet.service: Main process exited, code=exited, status=255/EXCEPTION`,
    () => `kubelet.service: Failed with result 'exit-code'.`,
    () => `docker.service: A process of this unit has been killed by the OOM killer.`,
    () => `containerd.service: Main process exited, code=killed, status=9/KILL`,
  ])();
  const dockerdFailure = () => pick([
    () => logrus('error', `Handler for POST /v1.43/containers/create returned error: mkdir /var/lib/docker/overlay2/${hex(64)}-init: no space left on device`),
    () => logrus('warning', `Error getting v2 registry: Get \\"https://registry-1.docker.io/v2/\\": dial tcp: lookup registry-1.docker.io on ${ip10()}:53: read udp ${ip10()}:${port()}->${ip10()}:53: i/o timeout`),
    () => logrus('error', `Not continuing with pull after error: Get \\"https://${pick(REGISTRIES).split('/')[0]}/v2/\\": dial tcp: lookup ${pick(REGISTRIES).split('/')[0]}: Temporary failure in name resolution`),
    () => logrus('error', `Handler for POST /v1.43/images/create returned error: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit`),
    () => logrus('error', `Error writing log: write /var/lib/docker/containers/${hex(64)}/${hex(64)}-json.log: no space left on device`),
    () => logrus('info', `Attempting next endpoint for pull after error: manifest unknown: manifest unknown`),
  ])();
  const containerdFailure = () => pick([
    () => logrus('error', `PullImage \\"${image()}\\" failed`, ` error="rpc error: code = Unknown desc = failed to pull and unpack image: failed to resolve reference: failed to do request: Head: x509: certificate signed by unknown authority"`),
    () => logrus('error', `RunPodSandbox for &PodSandboxMetadata{Name:${anyPod()},Uid:${uuid()},Namespace:${pick(NAMESPACES)},Attempt:0,} failed, error`, ` error="failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: error setting cgroup config for procHooks process: failed to write \\"max\\": write /sys/fs/cgroup/pids.max: no such device: unknown"`),
    () => logrus('error', `ExecSync for \\"${hex(64)}\\" failed`, ` error="rpc error: code = DeadlineExceeded desc = failed to exec in container: timeout 1s exceeded: context deadline exceeded"`),
    () => logrus('error', `collecting metrics for ${hex(64)}`, ` error="cgroups: cgroup deleted: unknown"`),
  ])();

  // ---- Jenkins -------------------------------------------------------------------------------
  const buildNoise = () => pick([
    () => `+ ${pick(['make test', './gradlew build --no-daemon', 'npm ci', 'npm run lint', 'mvn -B -ntp verify', 'docker build -t app .', 'go test ./...', 'kubectl rollout status deployment/web -n shop --timeout=300s', 'helm lint charts/web'])}`,
    () => `> Task :${pick(['compileJava', 'processResources', 'classes', 'jar', 'test', 'check', 'spotlessCheck', 'bootJar'])}${chance(0.4) ? ' UP-TO-DATE' : ''}`,
    () => `Step ${range(1, 20)}/${range(20, 24)} : ${pick(['RUN npm ci --omit=dev', 'COPY . .', 'WORKDIR /app', 'FROM node:20-alpine AS build', 'RUN go build -o /bin/app ./cmd/app', 'EXPOSE 8080'])}`,
    () => ` ---> ${pick(['Using cache', `Running in ${hex(12)}`, hex(12)])}`,
    () => `#${range(1, 30)} [build ${range(1, 9)}/9] ${pick(['COPY . .', 'RUN npm ci', 'RUN go mod download', 'RUN ./gradlew bootJar'])}`,
    () => `#${range(1, 30)} DONE ${range(0, 90)}.${int(10)}s`,
    () => `added ${range(100, 2000)} packages, and audited ${range(100, 2000)} packages in ${range(5, 90)}s`,
    () => `[INFO] Tests run: ${range(1, 400)}, Failures: 0, Errors: 0, Skipped: ${range(0, 4)}, Time elapsed: ${range(0, 40)}.${range(100, 999)} s - in com.acme.${pick(WORDS)}.${pick(['Service', 'Controller', 'Repository'])}Test`,
    () => `[INFO] Building jar: /home/jenkins/agent/workspace/${pick(APPS)}_main/target/${pick(APPS)}-${range(1, 4)}.${int(20)}.0.jar`,
    () => `PASS src/${pick(WORDS)}/${pick(WORDS)}.test.ts (${range(1, 20)}.${int(1000)} s)`,
    () => `ok  \tgithub.com/acme/${pick(APPS)}/internal/${pick(WORDS)}\t${range(0, 9)}.${pad(int(1000), 3)}s\tcoverage: ${range(40, 95)}.${int(10)}% of statements`,
    () => `${range(1, 4)}.${int(20)}.${int(10)}: digest: sha256:${hex(64)} size: ${range(1000, 5000)}`,
    () => `${hex(12)}: ${pick(['Pushed', 'Layer already exists', 'Preparing', 'Waiting'])}`,
    () => `deployment.apps/${pick(APPS)} ${pick(['configured', 'unchanged'])}`,
    () => `Waiting for deployment "${pick(APPS)}" rollout to finish: ${range(0, 3)} of ${range(3, 6)} updated replicas are available...`,
    () => `BUILD SUCCESSFUL in ${range(10, 300)}s`,
    () => `Fetching changes from the remote Git repository`,
    () => `Checking out Revision ${hex(40)} (refs/remotes/origin/main)`,
    () => `Commit message: "${pick(['fix', 'feat', 'chore', 'refactor'])}(${pick(APPS)}): ${pick(VERBS)} ${pick(WORDS)} handling (#${range(100, 9000)})"`,
  ])();
  const pipelineSteps = ['[Pipeline] sh', '[Pipeline] }', '[Pipeline] // stage', '[Pipeline] stage', '[Pipeline] { (Build)', '[Pipeline] { (Test)', '[Pipeline] { (Deploy)', '[Pipeline] withEnv', '[Pipeline] {', '[Pipeline] // withEnv', '[Pipeline] container', '[Pipeline] withCredentials', '[Pipeline] echo', '[Pipeline] timeout', '[Pipeline] // timeout', '[Pipeline] parallel', '[Pipeline] node'];
  const jenkinsFailure = () => pick([
    () => `ERROR: script returned exit code ${pick([1, 2, 137, 143])}`,
    () => `java.lang.OutOfMemoryError: Java heap space`,
    () => `FATAL: command execution failed`,
    () => `npm ERR! request to https://registry.npmjs.org/${pick(['react', 'lodash', 'typescript', 'esbuild'])} failed, reason: getaddrinfo EAI_AGAIN registry.npmjs.org`,
    () => `fatal: unable to access 'https://github.com/acme/${pick(APPS)}.git/': Could not resolve host: github.com`,
    () => `Error response from daemon: Get "https://${pick(REGISTRIES).split('/')[0]}/v2/": x509: certificate has expired or is not yet valid`,
    () => `Cannot contact agent-${range(1, 30)}: java.lang.InterruptedException`,
    () => `FATAL: Remote call on JNLP4-connect connection from ${ip10()}/${ip10()}:${port()} failed`,
    () => `Error from server: error dialing backend: dial timeout`,
    () => `Unable to connect to the server: dial tcp ${ip10()}:443: i/o timeout`,
    () => `error: deployment "${pick(APPS)}" exceeded its progress deadline`,
    () => `Timeout has been exceeded`,
    () => `ERROR: failed to solve: failed to compute cache key: failed to copy: write /var/lib/docker/tmp/buildkit-mount${range(100000, 999999)}: no space left on device`,
  ])();

  // ---- kubectl / helm ------------------------------------------------------------------------
  const describePod = (out, failing) => {
    const ns = pick(NAMESPACES), app = pick(APPS), pod = deploymentPod(app), node = nodeName(), ip = podIp(), img = image(app), cname = pick(['app', app]);
    const kind = failing ? int(8) : -1;
    const start = D();
    out.push(`$ kubectl describe pod ${pod} -n ${ns}`);
    out.push(`Name:             ${pod}`, `Namespace:        ${ns}`, `Priority:         0`, `Service Account:  ${chance(0.5) ? 'default' : app}`, `Node:             ${node}/${ip10()}`, `Start Time:       ${rfc1123(start)}`);
    out.push(`Labels:           app=${app}`, `                  pod-template-hash=${hex(9)}`, `Annotations:      ${chance(0.5) ? '<none>' : `kubectl.kubernetes.io/restartedAt: ${ymd(start)}T${hms(start)}Z`}`);
    out.push(`Status:           ${kind === 4 ? 'Failed' : kind === 5 ? 'Pending' : 'Running'}`);
    if (kind === 4) out.push(`Reason:           Evicted`, `Message:          The node was low on resource: ephemeral-storage. Threshold quantity: ${range(1, 4)}Gi, available: ${range(500, 2000)}Mi. Container ${cname} was using ${range(2, 9)}Gi, which exceeds its request of 0. `);
    out.push(`IP:               ${ip}`, `IPs:`, `  IP:           ${ip}`, `Controlled By:  ReplicaSet/${pod.replace(/-[^-]+$/, '')}`, `Containers:`, `  ${cname}:`);
    out.push(`    Container ID:   containerd://${hex(64)}`, `    Image:          ${img}`, `    Image ID:       ${img.split(':')[0]}@sha256:${hex(64)}`, `    Port:           8080/TCP`, `    Host Port:      0/TCP`);
    if (kind === 0) out.push(`    State:          Waiting`, `      Reason:       CrashLoopBackOff`, `    Last State:     Terminated`, `      Reason:       OOMKilled`, `      Exit Code:    137`, `      Started:      ${rfc1123(D())}`, `      Finished:     ${rfc1123(D())}`, `    Ready:          False`, `    Restart Count:  ${range(3, 40)}`);
    else if (kind === 1 || kind === 2) out.push(`    State:          Waiting`, `      Reason:       ${kind === 1 ? 'ImagePullBackOff' : 'ErrImagePull'}`, `    Ready:          False`, `    Restart Count:  0`);
    else out.push(`    State:          Running`, `      Started:      ${rfc1123(D())}`, `    Ready:          True`, `    Restart Count:  ${chance(0.8) ? 0 : range(1, 3)}`);
    out.push(`    Limits:`, `      memory:  ${pick([256, 512, 1024, 2048])}Mi`, `    Requests:`, `      cpu:        ${pick([50, 100, 250, 500])}m`, `      memory:     ${pick([128, 256, 512])}Mi`);
    out.push(`    Liveness:     http-get http://:8080/healthz delay=${pick([5, 10, 30])}s timeout=${pick([1, 2, 5])}s period=10s #success=1 #failure=3`, `    Readiness:    http-get http://:8080/ready delay=5s timeout=1s period=5s #success=1 #failure=3`);
    out.push(`    Environment:`, `      SPRING_PROFILES_ACTIVE:  prod`, `      DB_HOST:                 postgres.${ns}.svc.cluster.local`, `    Mounts:`, `      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-${alnum(5)} (ro)`);
    out.push(`Conditions:`, `  Type              Status`, `  Initialized       True `, `  Ready             ${kind >= 0 ? 'False' : 'True '}`, `  ContainersReady   ${kind >= 0 ? 'False' : 'True '}`, `  PodScheduled      ${kind === 5 ? 'False' : 'True '}`);
    out.push(`Volumes:`, `  kube-api-access-${alnum(5)}:`, `    Type:                    Projected (a volume that contains injected data from multiple sources)`, `    TokenExpirationSeconds:  3607`, `    ConfigMapName:           kube-root-ca.crt`, `    DownwardAPI:             true`);
    out.push(`QoS Class:                   Burstable`, `Node-Selectors:              <none>`, `Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s`, `                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s`);
    out.push(`Events:`, `  Type     Reason     Age                From               Message`, `  ----     ------     ----               ----               -------`);
    out.push(`  Normal   Scheduled  ${ageOf().padEnd(18)} default-scheduler  Successfully assigned ${ns}/${pod} to ${node}`);
    if (kind !== 5) out.push(`  Normal   Pulling    ${ageOf().padEnd(18)} kubelet            Pulling image "${img}"`);
    if (kind === 1 || kind === 2) {
      out.push(`  Warning  Failed     ${ageOf().padEnd(18)} kubelet            Failed to pull image "${img}": rpc error: code = Unknown desc = failed to pull and unpack image "${img}": failed to resolve reference "${img}": failed to do request: Head "https://${img.split('/')[0]}/v2/": tls: failed to verify certificate: x509: certificate has expired or is not yet valid`);
      out.push(`  Warning  Failed     ${ageOf().padEnd(18)} kubelet            Error: ${kind === 1 ? 'ImagePullBackOff' : 'ErrImagePull'}`);
      out.push(`  Normal   BackOff    ${ageOf().padEnd(18)} kubelet            Back-off pulling image "${img}"`);
      return;
    }
    if (kind === 5) { out.push(`  Warning  FailedScheduling  ${ageOf().padEnd(11)} default-scheduler  0/${range(3, 12)} nodes are available: ${range(1, 5)} Insufficient memory, ${range(1, 3)} node(s) had untolerated taint {node.kubernetes.io/disk-pressure: }. preemption: 0/6 nodes are available: 6 No preemption victims found for incoming pod.`); return; }
    out.push(`  Normal   Pulled     ${ageOf().padEnd(18)} kubelet            Successfully pulled image "${img}" in ${range(1, 20)}.${range(100, 999)}s (${range(1, 20)}.${range(100, 999)}s including waiting)`, `  Normal   Created    ${ageOf().padEnd(18)} kubelet            Created container ${cname}`, `  Normal   Started    ${ageOf().padEnd(18)} kubelet            Started container ${cname}`);
    if (kind === 0) out.push(`  Warning  BackOff    ${ageOf().padEnd(18)} kubelet            Back-off restarting failed container ${cname} in pod ${pod}_${ns}(${uuid()})`);
    if (kind === 3) out.push(`  Warning  Unhealthy  ${ageOf().padEnd(18)} kubelet            Readiness probe failed: Get "http://${ip}:8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`);
    if (kind === 4) out.push(`  Warning  Evicted    ${ageOf().padEnd(18)} kubelet            The node was low on resource: ephemeral-storage. Threshold quantity: 2Gi, available: 1536Mi. Container ${cname} was using 3Gi, which exceeds its request of 0.`, `  Normal   Killing    ${ageOf().padEnd(18)} kubelet            Stopping container ${cname}`);
    if (kind === 6) out.push(`  Warning  FailedMount  ${ageOf().padEnd(16)} kubelet            MountVolume.SetUp failed for volume "config" : configmap "${app}-config" not found`);
    if (kind === 7) out.push(`  Warning  FailedCreatePodSandBox  ${ageOf().padEnd(6)} kubelet  Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${hex(64)}": plugin type="calico" failed (add): error getting ClusterInformation: connection is unauthorized: Unauthorized`);
  };
  const describeNode = (out, failing) => {
    const node = nodeName();
    const kind = failing ? int(3) : -1;
    const hb = rfc1123(D());
    out.push(`$ kubectl describe node ${node}`, `Name:               ${node}`, `Roles:              <none>`, `Labels:             beta.kubernetes.io/arch=amd64`, `                    kubernetes.io/hostname=${node}`, `                    node.kubernetes.io/instance-type=${pick(['m5.xlarge', 'm6i.2xlarge', 'e2-standard-8', 'n2-highmem-4'])}`);
    out.push(`CreationTimestamp:  ${rfc1123(D())}`, `Taints:             ${kind === 0 ? 'node.kubernetes.io/disk-pressure:NoSchedule' : '<none>'}`, `Unschedulable:      false`, `Conditions:`);
    out.push(`  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message`, `  ----             ------  -----------------                 ------------------                ------                       -------`);
    out.push(`  MemoryPressure   False   ${hb}   ${hb}   KubeletHasSufficientMemory   kubelet has sufficient memory available`);
    out.push(kind === 0 ? `  DiskPressure     True    ${hb}   ${hb}   KubeletHasDiskPressure       kubelet has disk pressure` : `  DiskPressure     False   ${hb}   ${hb}   KubeletHasNoDiskPressure     kubelet has no disk pressure`);
    out.push(`  PIDPressure      False   ${hb}   ${hb}   KubeletHasSufficientPID      kubelet has sufficient PID available`);
    out.push(kind === 1 ? `  Ready            False   ${hb}   ${hb}   KubeletNotReady              PLEG is not healthy: pleg was last seen active 3m${range(1, 59)}.${range(100, 999)}s ago; threshold is 3m0s` : kind === 2 ? `  Ready            Unknown ${hb}   ${hb}   NodeStatusUnknown            Kubelet stopped posting node status.` : `  Ready            True    ${hb}   ${hb}   KubeletReady                 kubelet is posting ready status`);
    out.push(`Addresses:`, `  InternalIP:  ${ip10()}`, `  Hostname:    ${node}`, `Capacity:`, `  cpu:                ${pick([4, 8, 16])}`, `  ephemeral-storage:  ${pick([52416492, 104845292])}Ki`, `  memory:             ${range(15000000, 64000000)}Ki`, `  pods:               110`);
    out.push(`System Info:`, `  Kernel Version:             ${pick(['5.10.210-201.852.amzn2.x86_64', '6.1.75+', '5.15.0-1053-aws'])}`, `  Container Runtime Version:  containerd://1.7.${range(2, 13)}`, `  Kubelet Version:            v1.29.${range(0, 4)}`);
    out.push(`Events:`, `  Type     Reason                   Age   From     Message`, `  ----     ------                   ----  ----     -------`);
    out.push(`  Normal   NodeHasSufficientMemory  ${ageOf().padEnd(5)} kubelet  Node ${node} status is now: NodeHasSufficientMemory`);
    if (kind === 0) out.push(`  Warning  EvictionThresholdMet     ${ageOf().padEnd(5)} kubelet  Attempting to reclaim ephemeral-storage`, `  Normal   NodeHasDiskPressure      ${ageOf().padEnd(5)} kubelet  Node ${node} status is now: NodeHasDiskPressure`);
    if (kind === 1) out.push(`  Normal   NodeNotReady             ${ageOf().padEnd(5)} kubelet  Node ${node} status is now: NodeNotReady`);
    if (kind === 2) out.push(`  Normal   NodeNotReady             ${ageOf().padEnd(5)} node-controller  Node ${node} status is now: NodeNotReady`);
  };
  const getPods = (out, failRate) => {
    out.push(`$ kubectl get pods -A -o wide`);
    out.push(`NAMESPACE       NAME                                       READY   STATUS             RESTARTS        AGE     IP              NODE                                           NOMINATED NODE   READINESS GATES`);
    const n = range(10, 150);
    let fails = 0;
    for (let i = 0; i < n; i++) {
      let ready = '1/1', status = 'Running', restarts = chance(0.85) ? '0' : `${range(1, 3)} (${ageOf()} ago)`;
      if (chance(failRate)) {
        fails++;
        status = pick(['OOMKilled', 'CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'Evicted', 'Error', 'CreateContainerConfigError']);
        ready = '0/1';
        if (status === 'OOMKilled' || status === 'CrashLoopBackOff') restarts = `${range(5, 80)} (${ageOf()} ago)`;
      } else if (chance(0.03)) { status = 'Completed'; ready = '0/1'; }
      out.push(`${pick(NAMESPACES).padEnd(15)} ${anyPod().padEnd(42)} ${ready.padEnd(7)} ${status.padEnd(18)} ${restarts.padEnd(15)} ${ageOf().padEnd(7)} ${podIp().padEnd(15)} ${nodeName().padEnd(46)} <none>           <none>`);
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
        out.push(`${ageOf().padEnd(11)} Warning   ${pick(['BackOff', 'Failed', 'Evicted', 'FailedScheduling', 'Unhealthy']).padEnd(19)} ${`pod/${pod}`.padEnd(44)} ${pick([`Back-off restarting failed container app in pod ${pod}`, `Error: ImagePullBackOff`, `The node was low on resource: memory. Threshold quantity: 100Mi, available: 87232Ki.`, `0/8 nodes are available: 8 Insufficient cpu. preemption: 0/8 nodes are available: 8 No preemption victims found for incoming pod.`, `Liveness probe failed: Get "http://${podIp()}:8080/healthz": dial tcp ${podIp()}:8080: connect: connection refused`])}`);
      } else {
        out.push(`${ageOf().padEnd(11)} Normal    ${pick(['Scheduled', 'Pulled', 'Created', 'Started', 'Killing', 'SuccessfulCreate', 'ScalingReplicaSet']).padEnd(19)} ${`pod/${pod}`.padEnd(44)} ${pick([`Successfully assigned ${pick(NAMESPACES)}/${pod} to ${nodeName()}`, `Container image "${image()}" already present on machine`, `Created container app`, `Started container app`, `Stopping container app`, `Created pod: ${pod}`])}`);
      }
    }
    return fails;
  };
  const getNodes = (out, failRate) => {
    out.push(`$ kubectl get nodes -o wide`);
    out.push(`NAME                                           STATUS     ROLES    AGE   VERSION   INTERNAL-IP     EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION                 CONTAINER-RUNTIME`);
    const n = range(3, 40);
    let fails = 0;
    for (let i = 0; i < n; i++) {
      let status = 'Ready';
      if (chance(failRate)) { fails++; status = 'NotReady'; }
      out.push(`${nodeName().padEnd(46)} ${status.padEnd(10)} <none>   ${`${range(1, 300)}d`.padEnd(5)} v1.29.${range(0, 4)}   ${ip10().padEnd(15)} <none>        Amazon Linux 2       5.10.210-201.852.amzn2.x86_64  containerd://1.7.11`);
    }
    return fails;
  };
  const helmRun = (out, failing) => {
    const rel = pick(APPS), ns = pick(NAMESPACES), rev = range(1, 300), d = D();
    if (chance(0.4)) {
      // Helm 2 tiller log.
      const n = range(20, 200);
      let fails = 0;
      for (let i = 0; i < n; i++) {
        tick();
        const t = slashTs(D());
        if (failing && i === n - 1) { fails++; out.push(pick([`[tiller] ${t} warning: Upgrade "${rel}" failed: timed out waiting for the condition`, `[tiller] ${t} failed install perform step: release ${rel} failed: timed out waiting for the condition`, `[storage/driver] ${t} get: failed to get "${rel}.v${rev}": Get https://10.96.0.1:443/api/v1/namespaces/kube-system/configmaps/${rel}.v${rev}: dial tcp 10.96.0.1:443: i/o timeout`])); continue; }
        out.push(pick([`[tiller] ${t} preparing update for ${rel}`, `[storage] ${t} getting deployed releases from "${rel}" history`, `[tiller] ${t} copying values from ${rel} (v${rev}) to new release.`, `[kube] ${t} building resources from updated manifest`, `[kube] ${t} checking ${range(3, 30)} resources for changes`, `[kube] ${t} Looks like there are no changes for Service "${rel}"`, `[tiller] ${t} executing ${range(0, 3)} post-upgrade hooks for ${rel}`, `[tiller] ${t} hooks complete for post-upgrade ${rel}`, `[storage] ${t} updating release "${rel}.v${rev}"`, `[tiller] ${t} updating status for upgraded release for ${rel}`, `[kube] ${t} Deployment is ready: ${ns}/${rel}. ${range(1, 5)} out of ${range(1, 5)} expected pods are ready`]));
      }
      return fails;
    }
    out.push(`$ helm upgrade --install ${rel} ./charts/${rel} --namespace ${ns} --wait --timeout 5m0s --atomic${chance(0.3) ? ' --debug' : ''}`);
    for (let i = range(2, 12); i > 0; i--) out.push(pick([`client.go:${range(100, 500)}: [debug] creating ${range(1, 5)} resource(s)`, `upgrade.go:${range(100, 500)}: [debug] preparing upgrade for ${rel}`, `upgrade.go:${range(100, 500)}: [debug] performing update for ${rel}`, `wait.go:${range(40, 120)}: [debug] beginning wait for ${range(3, 20)} resources with timeout of 5m0s`, `ready.go:${range(200, 400)}: [debug] Deployment is not ready: ${ns}/${rel}. 0 out of ${range(1, 4)} expected pods are ready`, `client.go:${range(100, 500)}: [debug] Looks like there are no changes for Service "${rel}"`]));
    if (failing) {
      out.push(pick([`Error: UPGRADE FAILED: timed out waiting for the condition`, `Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress`, `Error: transport is closing`, `Error: Kubernetes cluster unreachable: Get "https://${ip10()}:6443/version": dial tcp ${ip10()}:6443: i/o timeout`, `Error: INSTALLATION FAILED: context deadline exceeded`, `Error: UPGRADE FAILED: release ${rel} failed, and has been rolled back due to atomic being set: timed out waiting for the condition`]));
      return 1;
    }
    out.push(`Release "${rel}" has been upgraded. Happy Helming!`, `NAME: ${rel}`, `LAST DEPLOYED: ${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCDate())} ${hms(d)} ${d.getUTCFullYear()}`, `NAMESPACE: ${ns}`, `STATUS: deployed`, `REVISION: ${rev}`, `TEST SUITE: None`, `NOTES:`, `1. Get the application URL by running these commands:`, `  export POD_NAME=$(kubectl get pods --namespace ${ns} -l "app.kubernetes.io/name=${rel}" -o jsonpath="{.items[0].metadata.name}")`);
    out.push(`$ helm history ${rel} -n ${ns} --max 3`, `REVISION\tUPDATED                 \tSTATUS    \tCHART           \tAPP VERSION\tDESCRIPTION     `);
    for (let r = rev - 2; r <= rev; r++) out.push(`${r}       \t${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCDate())} ${hms(d)} ${d.getUTCFullYear()}\t${r === rev ? 'deployed  ' : 'superseded'}\t${rel}-${range(0, 3)}.${range(0, 20)}.${range(0, 9)}\t${range(1, 4)}.${range(0, 30)}.0     \tUpgrade complete`);
    return 0;
  };

  // ---- syslog --------------------------------------------------------------------------------
  const syslogNoise = () => pick([
    () => `CRON[${range(1000, 99999)}]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)`,
    () => `sshd[${range(1000, 99999)}]: Accepted publickey for ${pick(['ubuntu', 'ec2-user', 'admin'])} from ${ip10()} port ${port()} ssh2: RSA SHA256:${alnum(43)}`,
    () => `sshd[${range(1000, 99999)}]: pam_unix(sshd:session): session opened for user ${pick(['ubuntu', 'ec2-user'])}(uid=1000) by (uid=0)`,
    () => `systemd[1]: Started Session ${range(1, 9999)} of User ubuntu.`,
    () => `systemd-resolved[${range(300, 900)}]: Using degraded feature set UDP instead of UDP+EDNS0 for DNS server ${ip10()}.`,
    () => `chronyd[${range(300, 900)}]: Selected source 169.254.169.123`,
    () => `dhclient[${range(300, 900)}]: DHCPREQUEST for ${ip10()} on eth0 to ${ip10()} port 67 (xid=0x${hex(8)})`,
    () => `rsyslogd: [origin software="rsyslogd" swVersion="8.2112.0" x-pid="${range(300, 900)}" x-info="https://www.rsyslog.com"] rsyslogd was HUPed`,
    () => `amazon-ssm-agent[${range(300, 2000)}]: ${ymd(D())} ${hms(D())} INFO [HealthCheck] HealthCheck reporting agent health.`,
    () => `snapd[${range(300, 2000)}]: storehelpers.go:769: cannot refresh: snap has no updates available: "core20", "lxd", "snapd"`,
    () => `google_guest_agent[${range(300, 2000)}]: Updating keys for user ${pick(USERS)}.`,
  ])();
  const syslogFailure = () => pick([
    () => `kernel: [${range(1000, 999999)}.${pad(int(1000000), 6)}] nf_conntrack: nf_conntrack: table full, dropping packet`,
    () => `ntpd[${range(300, 900)}]: error resolving pool 0.ubuntu.pool.ntp.org: Temporary failure in name resolution (-3)`,
    () => `kernel: [${range(1000, 999999)}.${pad(int(1000000), 6)}] Out of memory: Killed process ${range(1000, 99999)} (java) total-vm:${range(1000000, 9000000)}kB, anon-rss:${range(500000, 4000000)}kB, file-rss:0kB, shmem-rss:0kB`,
    () => `dockerd[${range(300, 2000)}]: ${logrus('error', `Error writing log: write /var/lib/docker/containers/${hex(64)}/${hex(64)}-json.log: no space left on device`)}`,
    () => `kubelet[${range(300, 2000)}]: ${klogLine('E', range(300, 2000), 'kubelet.go:2359', '"Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active 3m14.52s ago; threshold is 3m0s"')}`,
  ])();

  // ---------------------------------------------------------------------------------------------
  // Blocks. Each returns the number of failure lines it wrote; `out` collects the lines.
  // ---------------------------------------------------------------------------------------------
  const fail = () => chance(failureRate);
  const benign = () => chance(0.01);
  const blockLines = (lo, hi) => Math.floor(Math.exp(Math.log(lo) + rnd() * (Math.log(hi) - Math.log(lo)))); // log-uniform

  const blocks = {
    klog(out) {
      // A kubelet, apiserver or controller-manager log file.
      const pid = chance(0.5) ? range(800, 9000) : 1;
      const role = pick(['kubelet', 'kubelet', 'apiserver']);
      let f = 0;
      for (let n = blockLines(500, 60000); n > 0; n--) {
        tick();
        if (fail()) { out.push(klogFailure(pid)); f++; } else if (benign()) out.push(klogBenign(pid)); else out.push(role === 'kubelet' ? kubeletNoise(pid) : apiserverNoise(pid));
      }
      return f;
    },
    journal(out) {
      const host = chance(0.5) ? awsNode().replace(/\..*$/, '') : gkeNode();
      const pids = { kubelet: range(800, 4000), dockerd: range(500, 2000), containerd: range(300, 1000) };
      const units = pick([['kubelet'], ['dockerd'], ['containerd'], ['kubelet', 'containerd', 'kernel', 'systemd'], ['kubelet', 'dockerd', 'kernel', 'systemd']]);
      const d0 = D();
      out.push(chance(0.5) ? `-- Logs begin at ${DAYS[d0.getUTCDay()]} ${ymd(d0)} ${hms(d0)} UTC, end at ${DAYS[d0.getUTCDay()]} ${ymd(d0)} 23:59:59 UTC. --` : `-- Journal begins at ${DAYS[d0.getUTCDay()]} ${ymd(d0)} ${hms(d0)} UTC, ends at ${DAYS[d0.getUTCDay()]} ${ymd(d0)} 23:59:59 UTC. --`);
      let f = 0;
      for (let n = blockLines(500, 60000); n > 0; n--) {
        tick();
        const unit = pick(units);
        const pre = `${shortTs(D())} ${host} `;
        const failing = fail();
        if (failing) f++;
        switch (unit) {
          case 'kubelet': out.push(`${pre}kubelet[${pids.kubelet}]: ${failing ? klogFailure(pids.kubelet) : benign() ? klogBenign(pids.kubelet) : kubeletNoise(pids.kubelet)}`); break;
          case 'dockerd': out.push(`${pre}dockerd[${pids.dockerd}]: ${failing ? dockerdFailure() : dockerdNoise()}`); break;
          case 'containerd': out.push(`${pre}containerd[${pids.containerd}]: ${failing ? containerdFailure() : containerdNoise()}`); break;
          case 'kernel': out.push(`${pre}kernel: ${failing ? kernelFailure() : kernelNoise()}`); break;
          default: out.push(`${pre}systemd[1]: ${failing ? systemdFailure() : systemdNoise()}`);
        }
      }
      return f;
    },
    dmesg(out) {
      let f = 0;
      for (let n = blockLines(200, 20000); n > 0; n--) {
        tick();
        const failing = fail();
        if (failing) f++;
        out.push(`${dmesgTs(D())} ${failing ? kernelFailure() : kernelNoise()}`);
      }
      return f;
    },
    jenkins(out) {
      const job = `${pick(APPS)}/${pick(['main', 'develop', `PR-${range(100, 9999)}`, `release%2F${range(1, 9)}.${range(0, 20)}`])}`;
      const ts = () => `[${rfc3339ms(D())}] `;
      const agent = `${pick(['agent', 'jenkins-agent', 'build'])}-${alnum(5)}`;
      out.push(`${ts()}Started by ${pick([`user ${pick(USERS)}`, 'GitHub push by ' + pick(USERS), 'timer', 'an SCM change'])}`, `${ts()}Obtained Jenkinsfile from git https://github.com/acme/${job.split('/')[0]}.git`, `${ts()}[Pipeline] Start of Pipeline`, `${ts()}[Pipeline] node`, `${ts()}Running on ${agent} in /home/jenkins/agent/workspace/${job.replace('/', '_')}`);
      let f = 0;
      const n = blockLines(300, 30000);
      for (let i = 0; i < n; i++) {
        tick();
        if (fail()) { out.push(ts() + jenkinsFailure()); f++; continue; }
        out.push(ts() + (chance(0.15) ? pick(pipelineSteps) : buildNoise()));
      }
      out.push(`${ts()}[Pipeline] End of Pipeline`, `${ts()}Finished: ${f ? 'FAILURE' : 'SUCCESS'}`);
      return f;
    },
    dockerJson(out) {
      return containerLog(out, (msg, failing) => {
        out.push(`{"log":"${q(msg)}\\n","stream":"${failing || chance(0.1) ? 'stderr' : 'stdout'}","time":"${rfc3339n(D())}"}`);
      });
    },
    cri(out) {
      return containerLog(out, (msg, failing) => {
        if (!failing && chance(0.01) && msg.length > 40) { const cut = 20 + int(msg.length - 30); out.push(`${rfc3339n(D())} stdout P ${msg.slice(0, cut)}`, `${rfc3339n(D())} stdout F ${msg.slice(cut)}`); return; }
        out.push(`${rfc3339n(D())} ${failing || chance(0.1) ? 'stderr' : 'stdout'} F ${msg}`);
      });
    },
    describe(out) {
      let f = 0;
      for (let n = range(2, 40); n > 0; n--) {
        tick();
        // ~55 lines per object; failing objects carry 1-4 failure lines.
        const failing = chance(failureRate * 40);
        if (failing) f++;
        if (chance(0.15)) describeNode(out, failing); else describePod(out, failing);
      }
      return f;
    },
    kubectlGet(out) {
      let f = 0;
      for (let n = range(1, 4); n > 0; n--) {
        tick();
        const r = int(3);
        f += r === 0 ? getPods(out, failureRate * 5) : r === 1 ? getEvents(out, failureRate * 5) : getNodes(out, failureRate * 5);
      }
      return f;
    },
    helm(out) {
      let f = 0;
      for (let n = range(1, 6); n > 0; n--) { tick(); f += helmRun(out, chance(failureRate * 20)); }
      return f;
    },
    syslog(out) {
      const host = chance(0.5) ? awsNode().replace(/\..*$/, '') : gkeNode();
      let f = 0;
      const rfc5424 = chance(0.2);
      for (let n = blockLines(300, 30000); n > 0; n--) {
        tick();
        const failing = fail();
        if (failing) f++;
        const body = failing ? syslogFailure() : syslogNoise();
        if (rfc5424) {
          const m = /^([^[:]+)(?:\[(\d+)\])?: (.*)$/.exec(body);
          out.push(m ? `<${failing ? pick([27, 26, 11]) : pick([30, 29, 86, 14])}>1 ${rfc3339ms(D())} ${host} ${m[1]} ${m[2] ?? '-'} - - ${m[3]}` : `<30>1 ${rfc3339ms(D())} ${host} - - - - ${body}`);
        } else out.push(`${shortTs(D())} ${host} ${body}`);
      }
      return f;
    },
  };
  // Weights by number of blocks (big-file kinds are fewer but longer).
  const WEIGHTS = [['klog', 14], ['journal', 18], ['dmesg', 4], ['jenkins', 10], ['dockerJson', 10], ['cri', 10], ['describe', 10], ['kubectlGet', 6], ['helm', 6], ['syslog', 8]];
  const totalW = WEIGHTS.reduce((n, [, w]) => n + w, 0);
  const nextKind = () => { let r = int(totalW); for (const [k, w] of WEIGHTS) { if (r < w) return k; r -= w; } return 'klog'; };

  /** Produces the next block: { kind, lines, failures }. */
  return function nextBlock() {
    const kind = nextKind();
    const lines = [];
    const failures = blocks[kind](lines);
    return { kind, lines, failures };
  };
}

/** Generate `sizeMiB` of corpus into `out`. Resolves to the stats written to OUT.meta.json. */
export async function generate({ sizeMiB, out, seed = 42, failureRate = 0.001, quiet = false }) {
  const target = Math.floor(sizeMiB * 1024 * 1024);
  mkdirSync(dirname(resolve(out)), { recursive: true });
  const partial = `${out}.partial`;
  const ws = createWriteStream(partial, { highWaterMark: 4 * 1024 * 1024 });
  const nextBlock = createGenerator(seed, failureRate);
  const stats = { seed, sizeMiB, failureRate, bytes: 0, lines: 0, failureLines: 0, blocks: 0, kinds: {} };
  let buf = [];
  let bufLen = 0;
  let written = 0;
  const t0 = process.hrtime.bigint();
  let lastReport = 0;
  const flush = async () => {
    if (!buf.length) return;
    const chunk = buf.join('\n') + '\n';
    buf = [];
    bufLen = 0;
    if (!ws.write(chunk)) await once(ws, 'drain');
  };
  outer: while (true) {
    const b = nextBlock();
    stats.blocks++;
    const k = (stats.kinds[b.kind] ??= { blocks: 0, lines: 0, failureLines: 0 });
    k.blocks++;
    k.failureLines += b.failures;
    stats.failureLines += b.failures;
    for (const line of b.lines) {
      buf.push(line);
      bufLen += line.length + 1; // ASCII only: length == bytes
      written += line.length + 1;
      k.lines++;
      stats.lines++;
      if (written >= target) break outer;
      if (bufLen >= 1 << 20) await flush();
    }
    if (!quiet && written - lastReport > 64 << 20) { lastReport = written; process.stderr.write(`\rgenerating ${out}: ${Math.floor((written / target) * 100)}%`); }
  }
  await flush();
  ws.end();
  await once(ws, 'close');
  renameSync(partial, out);
  stats.bytes = written;
  stats.seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  writeFileSync(`${out}.meta.json`, JSON.stringify(stats, null, 2) + '\n');
  if (!quiet) process.stderr.write(`\rgenerated ${out}: ${(written / 1048576).toFixed(1)} MiB, ${stats.lines} lines, ${stats.failureLines} failure lines (${((stats.failureLines / stats.lines) * 100).toFixed(3)}%), ${stats.seconds.toFixed(1)} s\n`);
  return stats;
}

function parseArgs(argv) {
  const o = { size: 1024, out: undefined, seed: 42, failureRate: 0.001 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => { const x = argv[++i]; if (x === undefined) throw new Error(`${a} needs a value`); return x; };
    if (a === '--size') o.size = Number(v());
    else if (a === '--out' || a === '-o') o.out = v();
    else if (a === '--seed') o.seed = Number(v());
    else if (a === '--failure-rate') o.failureRate = Number(v());
    else if (a === '--help' || a === '-h') { o.help = true; }
    else throw new Error(`unknown argument ${a}`);
  }
  if (!(o.size > 0)) throw new Error('--size must be a positive number of MiB');
  o.out ??= `bench/data/mixed-${o.size >= 1024 && o.size % 1024 === 0 ? `${o.size / 1024}g` : `${o.size}m`}.log`;
  return o;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let o;
  try { o = parseArgs(process.argv.slice(2)); } catch (e) { console.error(`generate.mjs: ${e.message}`); process.exit(2); }
  if (o.help) { console.log('usage: node bench/generate.mjs --size MiB [--out FILE] [--seed N] [--failure-rate 0.001]'); process.exit(0); }
  await generate({ sizeMiB: o.size, out: o.out, seed: o.seed, failureRate: o.failureRate });
}
