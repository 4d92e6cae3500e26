/** Application lines inside container logs: routine noise, failures with real-world wordings, benign error-ish lines. */

/** @param {ReturnType<typeof import('./world.mjs').createWorld>} w the world, with the writers made before these */
export function appWriters(w) {
  const {
    int,
    range,
    pick,
    chance,
    hex,
    alnum,
    podIp,
    port,
    pad2,
    pad,
    NAMESPACES,
    WORDS,
    VERBS,
    PATHS,
    UAS,
    MONTHS,
    JAVA_CLASSES,
    GO_CALLERS,
    deploymentPod,
    dur,
    D,
    hms,
    ymd,
    nowMs,
  } = w;
  const appNoise = () => {
    const d = D();
    switch (int(9)) {
      case 0:
        return `${ymd(d)} ${hms(d)}.${pad(d.getUTCMilliseconds(), 3)}  INFO 1 --- [nio-8080-exec-${range(1, 20)}] ${pick(JAVA_CLASSES)} : ${pick(WORDS)} ${range(1000, 999999)} ${pick(VERBS)} in ${range(1, 900)} ms`;
      case 1:
        return `${podIp()} - - [${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${hms(d)} +0000] "${pick(['GET', 'GET', 'GET', 'POST', 'PUT'])} ${pick(PATHS)}${chance(0.3) ? `?page=${range(1, 40)}` : ''} HTTP/1.1" ${pick([200, 200, 200, 200, 201, 204, 301, 304, 404])} ${range(0, 90000)} "-" "${pick(UAS)}" ${range(0, 2)}.${pad(int(1000), 3)}`;
      case 2:
        return `{"level":"info","ts":${Math.floor(nowMs() / 1000)}.${pad(int(1000000), 6)},"caller":"${pick(GO_CALLERS)}:${range(20, 400)}","msg":"${pick(['served request', 'cache hit', 'job finished', 'message consumed', 'connection pool stats', 'config reloaded'])}","path":"${pick(PATHS)}","status":${pick([200, 200, 204, 304])},"duration":"${dur()}","request_id":"${hex(16)}"}`;
      case 3:
        return `{"level":30,"time":${nowMs()},"pid":1,"hostname":"${deploymentPod()}","reqId":"req-${alnum(4)}","res":{"statusCode":${pick([200, 200, 201, 304])}},"responseTime":${range(1, 800)}.${int(100)},"msg":"request completed"}`;
      case 4:
        return `INFO:     ${podIp()}:${port()} - "${pick(['GET', 'POST'])} ${pick(PATHS)} HTTP/1.1" ${pick([200, 200, 201, 307])}`;
      case 5:
        return `time="${ymd(d)}T${hms(d)}Z" level=info msg="${pick(WORDS)} ${pick(VERBS)}" ${pick(WORDS)}_id=${range(1, 9999999)} duration=${dur()} retries=0 errors=0`;
      case 6:
        return `${ymd(d)} ${hms(d)},${pad(d.getUTCMilliseconds(), 3)} INFO  [${pick(['kafka-consumer', 'scheduler', 'main', 'pool-2-thread-3', 'grpc-default-executor-1'])}] ${pick(JAVA_CLASSES)} - Committed offset ${range(1, 99999999)} for partition ${pick(WORDS)}-events-${int(12)}`;
      case 7:
        return `[${ymd(d)} ${hms(d)} +0000] [${range(7, 40)}] [INFO] 127.0.0.1 - - "GET ${pick(PATHS)}" ${pick([200, 200, 304])} ${range(100, 9000)} ${dur()} failed_jobs=0`;
      default:
        return `${pick(['Processed', 'Synced', 'Exported', 'Scanned'])} ${range(1, 5000)} ${pick(WORDS)}s (${range(0, 99)}% cached, ${range(0, 3)} retried) in ${dur()}; next run at ${hms(d)}`;
    }
  };
  const appFailure = () => {
    const host = pick(['postgres', 'redis-master', 'kafka', 'payments-gateway', 'rabbitmq', 'elasticsearch-master', 'auth']);
    const fq = `${host}.${pick(NAMESPACES)}.svc.cluster.local`;
    return pick([
      () => `java.net.UnknownHostException: ${fq}: Temporary failure in name resolution`,
      () => `Error: getaddrinfo EAI_AGAIN ${fq}`,
      () =>
        `{"level":"error","ts":${Math.floor(nowMs() / 1000)}.${pad(int(1000000), 6)},"caller":"${pick(GO_CALLERS)}:${range(20, 400)}","msg":"query failed","error":"dial tcp: lookup ${fq} on 10.96.0.10:53: dial udp 10.96.0.10:53: i/o timeout"}`,
      () => `Exception in thread "main" java.lang.OutOfMemoryError: Java heap space`,
      () => `panic: runtime error: invalid memory address or nil pointer dereference`,
      () => `rpc error: code = Unavailable desc = transport is closing`,
      () => `Error: connect ECONNREFUSED ${podIp()}:${pick([5432, 6379, 9092, 5672])}`,
      () => `FATAL: remaining connection slots are reserved for non-replication superuser connections`,
      () => `psycopg2.OperationalError: could not translate host name "${fq}" to address: Temporary failure in name resolution`,
      () =>
        `Post "https://${host}.example.com/v1/charge": x509: certificate has expired or is not yet valid: current time ${ymd(D())}T${hms(D())}Z is after ${ymd(D())}T00:00:00Z`,
      () => `ERROR: failed to write /data/${pick(WORDS)}/${hex(8)}.tmp: no space left on device`,
      () => `com.zaxxer.hikari.pool.HikariPool$PoolInitializationException: Failed to initialize pool: Connection to ${fq}:5432 refused.`,
      () => `redis.exceptions.ConnectionError: Error -3 connecting to ${fq}:6379. Temporary failure in name resolution.`,
      () => `Get "https://10.96.0.1:443/api/v1/namespaces/${pick(NAMESPACES)}/configmaps": dial tcp 10.96.0.1:443: i/o timeout`,
    ])();
  };
  // Benign error-ish lines real applications print all the time (not failures of the catalogue).
  const appBenign = () =>
    pick([
      () => `WARN  retrying ${pick(WORDS)} export after 429 from upstream (attempt 1/5)`,
      () => `{"level":"warn","msg":"slow query","duration":"${range(1, 4)}.${range(10, 99)}s","table":"${pick(WORDS)}s"}`,
      () => `level=warning msg="client disconnected before response was written" path=${pick(PATHS)}`,
      () => `ERROR c.a.shop.web.ErrorHandler - validation failed for ${pick(WORDS)}: field "email" must not be blank`,
    ])();
  return { appNoise, appFailure, appBenign };
}
