/**
 * What every writer of the corpus draws from: the seeded random helpers, the vocabulary (apps,
 * namespaces, registries, words ...), names (pods, nodes, images, IPs), the clock that moves forward a
 * little on every line, timestamp formats, and the failure and benign-line rates.
 */
import { makeRng } from './rng.mjs';

/** @param {number} seed @param {number} failureRate share of lines that are failures */
export function createWorld(seed, failureRate) {
  const u32 = makeRng(seed);
  const rnd = () => u32() / 4294967296;
  const int = (n) => Math.floor(rnd() * n); // 0..n-1
  const range = (lo, hi) => lo + int(hi - lo + 1); // inclusive
  const pick = (arr) => arr[int(arr.length)];
  const chance = (p) => rnd() < p;
  const HEX = '0123456789abcdef';
  const hex = (n) => {
    let s = '';
    while (s.length < n) s += u32().toString(16).padStart(8, '0');
    return s.slice(0, n);
  };
  const alnum = (n) => {
    const A = 'bcdfghjklmnpqrstvwxz2456789';
    let s = '';
    for (let i = 0; i < n; i++) s += A[int(A.length)];
    return s;
  };
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${HEX[8 + int(4)]}${hex(3)}-${hex(12)}`;
  const ip10 = () => `10.${int(4)}.${int(256)}.${range(1, 254)}`;
  const podIp = () => `10.${range(100, 103)}.${int(256)}.${range(2, 254)}`;
  const port = () => range(1024, 65535);
  const pad2 = (n) => (n < 10 ? '0' : '') + n;
  const pad = (n, w) => String(n).padStart(w, '0');

  // ---- vocabulary ----------------------------------------------------------------------------
  const APPS = [
    'web',
    'api',
    'checkout',
    'cart',
    'payments',
    'orders',
    'search',
    'catalog',
    'auth',
    'gateway',
    'worker',
    'scheduler',
    'notifier',
    'billing',
    'inventory',
    'frontend',
    'recommendations',
    'ledger',
    'reports',
    'media-resizer',
    'session-store',
    'feature-flags',
    'graphql',
    'ingest',
    'etl-runner',
  ];
  const NAMESPACES = [
    'default',
    'shop',
    'payments',
    'platform',
    'monitoring',
    'logging',
    'ci',
    'data',
    'kube-system',
    'ingress-nginx',
    'cert-manager',
    'staging',
    'qa',
  ];
  const SYSTEM_PODS = [
    'coredns',
    'kube-proxy',
    'aws-node',
    'calico-node',
    'ebs-csi-node',
    'fluent-bit',
    'node-exporter',
    'cilium',
    'konnectivity-agent',
    'metrics-server',
  ];
  const REGISTRIES = [
    'registry.example.com',
    'ghcr.io/acme',
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    'docker.io/library',
    'quay.io/acme',
    'europe-docker.pkg.dev/acme-prod/apps',
  ];
  const CONTAINERS = ['app', 'sidecar', 'istio-proxy', 'envoy', 'migrate', 'init-config', 'metrics', 'log-shipper'];
  const USERS = ['alice', 'bob', 'carol', 'dmitri', 'erin', 'farid', 'grace', 'hiro', 'ines', 'jenkins', 'deploy-bot', 'renovate[bot]'];
  const WORDS = [
    'order',
    'invoice',
    'customer',
    'basket',
    'shipment',
    'refund',
    'session',
    'token',
    'report',
    'thumbnail',
    'export',
    'coupon',
    'profile',
    'address',
    'warehouse',
    'rate',
    'quote',
    'batch',
    'segment',
    'cohort',
    'listing',
    'review',
    'payout',
    'subscription',
  ];
  const VERBS = [
    'created',
    'updated',
    'processed',
    'queued',
    'shipped',
    'cached',
    'indexed',
    'validated',
    'loaded',
    'flushed',
    'synced',
    'published',
    'scheduled',
    'reconciled',
    'archived',
    'resized',
    'rendered',
    'computed',
  ];
  const PATHS = [
    '/api/v1/orders',
    '/api/v1/items',
    '/api/v2/search',
    '/healthz',
    '/readyz',
    '/metrics',
    '/api/v1/cart',
    '/graphql',
    '/static/app.js',
    '/login',
    '/api/v1/users/me',
    '/api/v1/payments',
    '/favicon.ico',
    '/api/v1/recommendations',
    '/assets/logo.svg',
  ];
  const UAS = [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
    'kube-probe/1.29',
    'Prometheus/2.50.1',
    'curl/8.5.0',
    'okhttp/4.12.0',
    'Go-http-client/1.1',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1',
    'python-requests/2.31.0',
  ];
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const JAVA_CLASSES = [
    'c.a.shop.web.OrderController',
    'c.a.shop.service.PricingService',
    'o.s.web.servlet.DispatcherServlet',
    'c.a.payments.GatewayClient',
    'o.h.engine.jdbc.batch.internal.BatchingBatch',
    'c.z.hikari.pool.HikariPool',
    'o.a.kafka.clients.consumer.KafkaConsumer',
    'c.a.shop.jobs.ExportJob',
  ];
  const GO_CALLERS = [
    'server/server.go',
    'handler/orders.go',
    'store/postgres.go',
    'cache/redis.go',
    'worker/loop.go',
    'grpc/interceptor.go',
    'queue/consumer.go',
  ];

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
  const tick = () => {
    now += chance(0.02) ? int(60_000) : int(900);
    return now;
  };
  const D = () => new Date(now);
  const nowMs = () => now;
  // For a caller that keeps its own time (the fleet's rows): the lines' timestamps then follow it.
  const setNow = (ms) => {
    now = ms;
  };
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

  const fail = () => chance(failureRate);
  const benign = () => chance(0.01);
  const blockLines = (lo, hi) => Math.floor(Math.exp(Math.log(lo) + rnd() * (Math.log(hi) - Math.log(lo)))); // log-uniform
  return {
    rnd,
    int,
    range,
    pick,
    chance,
    HEX,
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
    SYSTEM_PODS,
    REGISTRIES,
    CONTAINERS,
    USERS,
    WORDS,
    VERBS,
    PATHS,
    UAS,
    MONTHS,
    DAYS,
    JAVA_CLASSES,
    GO_CALLERS,
    deploymentPod,
    statefulPod,
    anyPod,
    image,
    awsNode,
    gkeNode,
    nodeName,
    dur,
    tick,
    D,
    hms,
    ymd,
    klogTs,
    shortTs,
    rfc3339n,
    rfc3339ms,
    dmesgTs,
    rfc1123,
    slashTs,
    ageOf,
    q,
    fail,
    benign,
    blockLines,
    nowMs,
    setNow,
  };
}
