/**
 * A fleet's logs as the OpenTelemetry collector ships them to ClickHouse: rows of `otel_logs`, in time
 * order, from hundreds of nodes' journals (the kubelet, containerd, kernel and systemd units, one
 * journald MESSAGE per row, ServiceName the unit) and the consoles of the CI builds running meanwhile
 * (ServiceName `jenkins`, each build on its own agent pod). The writers are the mixed corpus's
 * (klog, units, jenkins); this module decides who speaks when.
 *
 * The share of failures is a fleet's: most nodes are healthy all along (routine lines, the 1% of
 * harmless "error" lines real logs have, a rare stray failure); a few nodes (`incidentShare`) have an
 * incident, a stretch of the corpus where 2% of their lines are failures; about one build in ten fails.
 *
 * Time is the fleet's own clock: about 900 rows a second across the fleet (3 lines a second a node),
 * so a larger corpus is a longer window. Each row's timestamp is strictly later than the previous
 * one, so the rows of one source (service and host) have one order, and the lines' own timestamps
 * follow the same clock. Same seed and parameters, same rows.
 */
import { createWorld } from './world.mjs';
import { klogWriters } from './klog.mjs';
import { unitsWriters } from './units.mjs';
import { jenkinsWriters } from './jenkins.mjs';
import { appWriters } from './app.mjs';

/** Where the fleet's clock starts (UTC). */
export const FLEET_START_MS = Date.UTC(2026, 10, 30, 6, 0, 0);

/**
 * @param {{ seed?: number, nodes?: number, targetBytes: number, incidentShare?: number, incidentRate?: number, strayRate?: number, ciShare?: number, concurrentBuilds?: number }} o
 * @returns {{ next: () => { us: number, service: string, host: string, node: string, pod: string, body: string }, stats: object, progress: (bytes: number) => void }}
 */
export function createFleet({
  seed = 42,
  nodes = 300,
  targetBytes,
  incidentShare = 0.04,
  incidentRate = 0.02,
  strayRate = 0.00002,
  ciShare = 0.2,
  concurrentBuilds = 12,
}) {
  const w = createWorld(seed, 0);
  Object.assign(w, appWriters(w));
  Object.assign(w, klogWriters(w));
  Object.assign(w, unitsWriters(w));
  Object.assign(w, jenkinsWriters(w));
  const {
    int,
    range,
    pick,
    chance,
    alnum,
    rnd,
    awsNode,
    gkeNode,
    APPS,
    USERS,
    rfc3339ms,
    D,
    setNow,
    kubeletNoise,
    klogBenign,
    klogFailure,
    containerdNoise,
    containerdFailure,
    kernelNoise,
    kernelFailure,
    systemdNoise,
    systemdFailure,
    buildNoise,
    pipelineSteps,
    jenkinsFailure,
  } = w;

  // The nodes: unique names, the first `incidents` of a shuffled order have an incident, each over its
  // own stretch of the corpus (a share of the bytes written, since the total time is not known ahead).
  const names = new Set();
  while (names.size < nodes) names.add(chance(0.7) ? awsNode() : gkeNode());
  const fleet = [...names].map((name) => ({ name, pids: { kubelet: range(800, 4000), containerd: range(300, 1000) }, incident: undefined }));
  const incidents = Math.max(nodes > 0 ? 1 : 0, Math.round(nodes * incidentShare));
  const order = [...fleet];
  for (let i = order.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  for (const n of order.slice(0, incidents)) {
    const from = 0.1 + rnd() * 0.7;
    n.incident = { from, to: Math.min(1, from + 0.05 + rnd() * 0.1) };
  }
  const stats = {
    seed,
    nodes,
    incidentNodes: fleet.filter((n) => n.incident).map((n) => ({ node: n.name, from: n.incident.from, to: n.incident.to, failureLines: 0 })),
    rows: 0,
    failureLines: 0,
    services: {},
    builds: 0,
    failedBuilds: 0,
  };
  const incidentStats = new Map(stats.incidentNodes.map((s) => [s.node, s]));

  // Builds: `concurrentBuilds` consoles at once, each on an agent pod of a node; a finished build is replaced.
  const newBuild = () => {
    stats.builds++;
    const app = pick(APPS);
    const job = `${app}/${pick(['main', 'develop', `PR-${range(100, 9999)}`])}`;
    const agent = `${pick(['jenkins-agent', 'build'])}-${alnum(5)}-${alnum(5)}`;
    const n = w.blockLines(300, 30000);
    const failing = chance(0.1);
    const fails = new Set();
    if (failing) {
      stats.failedBuilds++;
      for (let k = range(1, 3); k > 0; k--) fails.add(Math.floor(n * (0.8 + rnd() * 0.2)));
    }
    const head = [
      `Started by ${pick([`user ${pick(USERS)}`, 'GitHub push by ' + pick(USERS), 'timer', 'an SCM change'])}`,
      `Obtained Jenkinsfile from git https://github.com/acme/${app}.git`,
      '[Pipeline] Start of Pipeline',
      '[Pipeline] node',
      `Running on ${agent} in /home/jenkins/agent/workspace/${job.replace('/', '_')}`,
    ];
    return { agent, node: pick(fleet).name, i: -head.length, n, fails, failing, head };
  };
  const builds = Array.from({ length: concurrentBuilds }, newBuild);
  const buildLine = (b) => {
    const ts = `[${rfc3339ms(D())}] `;
    if (b.i < 0) return ts + b.head[b.head.length + b.i];
    if (b.i < b.n) {
      if (b.fails.has(b.i)) {
        stats.failureLines++;
        return ts + jenkinsFailure();
      }
      return ts + (chance(0.15) ? pick(pipelineSteps) : buildNoise());
    }
    return ts + (b.i === b.n ? '[Pipeline] End of Pipeline' : `Finished: ${b.failing ? 'FAILURE' : 'SUCCESS'}`);
  };

  let us = FLEET_START_MS * 1000;
  let progress = 0;
  const row = (service, host, node, pod, body) => {
    stats.rows++;
    stats.services[service] = (stats.services[service] ?? 0) + 1;
    return { us, service, host, node, pod, body };
  };
  const UNITS = [
    ['kubelet', 60],
    ['containerd', 25],
    ['kernel', 8],
    ['systemd', 7],
  ];
  const unitOf = () => {
    let r = int(100);
    for (const [u, p] of UNITS) {
      if (r < p) return u;
      r -= p;
    }
    return 'kubelet';
  };

  return {
    stats,
    /** Tell the fleet how many bytes are written so far (incidents are placed by share of the corpus). */
    progress(bytes) {
      progress = bytes / targetBytes;
    },
    next() {
      us += 1 + int(2200);
      setNow(Math.floor(us / 1000));
      if (chance(ciShare)) {
        const k = int(builds.length);
        const b = builds[k];
        const body = buildLine(b);
        const r = row('jenkins', b.agent, b.node, b.agent, body);
        if (++b.i > b.n + 1) builds[k] = newBuild();
        return r;
      }
      const n = fleet[int(fleet.length)];
      const inIncident = n.incident && progress >= n.incident.from && progress < n.incident.to;
      const failing = chance(inIncident ? incidentRate : strayRate);
      if (failing) {
        stats.failureLines++;
        if (n.incident) incidentStats.get(n.name).failureLines++;
      }
      const unit = unitOf();
      let body;
      switch (unit) {
        case 'kubelet':
          body = failing ? klogFailure(n.pids.kubelet) : chance(0.01) ? klogBenign(n.pids.kubelet) : kubeletNoise(n.pids.kubelet);
          break;
        case 'containerd':
          body = failing ? containerdFailure() : containerdNoise();
          break;
        case 'kernel':
          body = failing ? kernelFailure() : kernelNoise();
          break;
        default:
          body = failing ? systemdFailure() : systemdNoise();
      }
      return row(unit, n.name, n.name, '', body);
    },
  };
}
