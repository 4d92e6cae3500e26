/**
 * The corpus's blocks, each the size of a real file of its kind, and their mix: `createGenerator`
 * returns the function that writes the next block. Same seed, same blocks.
 */
import { createWorld } from './world.mjs';
import { appWriters } from './app.mjs';
import { klogWriters } from './klog.mjs';
import { unitsWriters } from './units.mjs';
import { jenkinsWriters } from './jenkins.mjs';
import { kubectlWriters } from './kubectl.mjs';
import { helmWriters } from './helm.mjs';
import { syslogWriters } from './syslog.mjs';

/** @param {number} [seed] @param {number} [failureRate] share of lines that are failures */
export function createGenerator(seed = 42, failureRate = 0.001) {
  const w = createWorld(seed, failureRate);
  Object.assign(w, appWriters(w));
  Object.assign(w, klogWriters(w));
  Object.assign(w, unitsWriters(w));
  Object.assign(w, jenkinsWriters(w));
  Object.assign(w, kubectlWriters(w));
  Object.assign(w, helmWriters(w));
  Object.assign(w, syslogWriters(w));
  const {
    int,
    range,
    pick,
    chance,
    alnum,
    APPS,
    USERS,
    DAYS,
    awsNode,
    gkeNode,
    tick,
    D,
    hms,
    ymd,
    shortTs,
    rfc3339n,
    rfc3339ms,
    dmesgTs,
    q,
    fail,
    benign,
    blockLines,
    appNoise,
    appFailure,
    appBenign,
    kubeletNoise,
    apiserverNoise,
    klogBenign,
    klogFailure,
    dockerdNoise,
    containerdNoise,
    kernelNoise,
    kernelFailure,
    systemdNoise,
    systemdFailure,
    dockerdFailure,
    containerdFailure,
    buildNoise,
    pipelineSteps,
    jenkinsFailure,
    describePod,
    describeNode,
    getPods,
    getEvents,
    getNodes,
    helmRun,
    syslogNoise,
    syslogFailure,
  } = w;

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

  const blocks = {
    klog(out) {
      // A kubelet, apiserver or controller-manager log file.
      const pid = chance(0.5) ? range(800, 9000) : 1;
      const role = pick(['kubelet', 'kubelet', 'apiserver']);
      let f = 0;
      for (let n = blockLines(500, 60000); n > 0; n--) {
        tick();
        if (fail()) {
          out.push(klogFailure(pid));
          f++;
        } else if (benign()) out.push(klogBenign(pid));
        else out.push(role === 'kubelet' ? kubeletNoise(pid) : apiserverNoise(pid));
      }
      return f;
    },
    journal(out) {
      const host = chance(0.5) ? awsNode().replace(/\..*$/, '') : gkeNode();
      const pids = { kubelet: range(800, 4000), dockerd: range(500, 2000), containerd: range(300, 1000) };
      const units = pick([
        ['kubelet'],
        ['dockerd'],
        ['containerd'],
        ['kubelet', 'containerd', 'kernel', 'systemd'],
        ['kubelet', 'dockerd', 'kernel', 'systemd'],
      ]);
      const d0 = D();
      out.push(
        chance(0.5)
          ? `-- Logs begin at ${DAYS[d0.getUTCDay()]} ${ymd(d0)} ${hms(d0)} UTC, end at ${DAYS[d0.getUTCDay()]} ${ymd(d0)} 23:59:59 UTC. --`
          : `-- Journal begins at ${DAYS[d0.getUTCDay()]} ${ymd(d0)} ${hms(d0)} UTC, ends at ${DAYS[d0.getUTCDay()]} ${ymd(d0)} 23:59:59 UTC. --`,
      );
      let f = 0;
      for (let n = blockLines(500, 60000); n > 0; n--) {
        tick();
        const unit = pick(units);
        const pre = `${shortTs(D())} ${host} `;
        const failing = fail();
        if (failing) f++;
        switch (unit) {
          case 'kubelet':
            out.push(
              `${pre}kubelet[${pids.kubelet}]: ${failing ? klogFailure(pids.kubelet) : benign() ? klogBenign(pids.kubelet) : kubeletNoise(pids.kubelet)}`,
            );
            break;
          case 'dockerd':
            out.push(`${pre}dockerd[${pids.dockerd}]: ${failing ? dockerdFailure() : dockerdNoise()}`);
            break;
          case 'containerd':
            out.push(`${pre}containerd[${pids.containerd}]: ${failing ? containerdFailure() : containerdNoise()}`);
            break;
          case 'kernel':
            out.push(`${pre}kernel: ${failing ? kernelFailure() : kernelNoise()}`);
            break;
          default:
            out.push(`${pre}systemd[1]: ${failing ? systemdFailure() : systemdNoise()}`);
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
      out.push(
        `${ts()}Started by ${pick([`user ${pick(USERS)}`, 'GitHub push by ' + pick(USERS), 'timer', 'an SCM change'])}`,
        `${ts()}Obtained Jenkinsfile from git https://github.com/acme/${job.split('/')[0]}.git`,
        `${ts()}[Pipeline] Start of Pipeline`,
        `${ts()}[Pipeline] node`,
        `${ts()}Running on ${agent} in /home/jenkins/agent/workspace/${job.replace('/', '_')}`,
      );
      let f = 0;
      const n = blockLines(300, 30000);
      for (let i = 0; i < n; i++) {
        tick();
        if (fail()) {
          out.push(ts() + jenkinsFailure());
          f++;
          continue;
        }
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
        if (!failing && chance(0.01) && msg.length > 40) {
          const cut = 20 + int(msg.length - 30);
          out.push(`${rfc3339n(D())} stdout P ${msg.slice(0, cut)}`, `${rfc3339n(D())} stdout F ${msg.slice(cut)}`);
          return;
        }
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
        if (chance(0.15)) describeNode(out, failing);
        else describePod(out, failing);
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
      for (let n = range(1, 6); n > 0; n--) {
        tick();
        f += helmRun(out, chance(failureRate * 20));
      }
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
          out.push(
            m
              ? `<${failing ? pick([27, 26, 11]) : pick([30, 29, 86, 14])}>1 ${rfc3339ms(D())} ${host} ${m[1]} ${m[2] ?? '-'} - - ${m[3]}`
              : `<30>1 ${rfc3339ms(D())} ${host} - - - - ${body}`,
          );
        } else out.push(`${shortTs(D())} ${host} ${body}`);
      }
      return f;
    },
  };
  // Weights by number of blocks (big-file kinds are fewer but longer).
  const WEIGHTS = [
    ['klog', 14],
    ['journal', 18],
    ['dmesg', 4],
    ['jenkins', 10],
    ['dockerJson', 10],
    ['cri', 10],
    ['describe', 10],
    ['kubectlGet', 6],
    ['helm', 6],
    ['syslog', 8],
  ];
  const totalW = WEIGHTS.reduce((n, [, w]) => n + w, 0);
  const nextKind = () => {
    let r = int(totalW);
    for (const [k, w] of WEIGHTS) {
      if (r < w) return k;
      r -= w;
    }
    return 'klog';
  };

  /** Produces the next block: { kind, lines, failures }. */
  return function nextBlock() {
    const kind = nextKind();
    const lines = [];
    const failures = blocks[kind](lines);
    return { kind, lines, failures };
  };
}
