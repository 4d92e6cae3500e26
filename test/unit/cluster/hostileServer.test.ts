/**
 * The cluster source against servers that misbehave (issue 8): each class of hostile answer gets a
 * bound and a clear problem, and what else was asked still loads. The server here is a plain-HTTP
 * stand-in whose routes each test replaces; a pod `web` in namespace `ci` with one running container.
 */
import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { Readable } from 'node:stream';
import { runCli } from '../../../src/cli/main';
import { problemMessage } from '../../../src/cluster/clusterProblems';
import { LIST_BOUNDS } from '../../../src/cluster/clusterSession';
import { collect, NOW } from './helpers';

type Route = (res: http.ServerResponse, query: URLSearchParams) => void;

const POD = {
  metadata: { name: 'web', namespace: 'ci', uid: 'u-1', creationTimestamp: '2024-11-14T08:00:00Z', labels: { app: 'web' } },
  spec: { nodeName: 'aks-1', containers: [{ name: 'app', image: 'web:1' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: '2024-11-14T08:00:05Z' } } }] },
};
const LOG = '2024-11-14T09:00:00Z starting web\n';

function json(res: http.ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** An events.k8s.io/v1 Event about pod web, last seen `minute` minutes after 09:00. */
function event(i: number, minute: number): Record<string, unknown> {
  const at = new Date(Date.parse('2024-11-14T09:00:00Z') + minute * 60_000).toISOString();
  return {
    metadata: { name: `web.${i}`, namespace: 'ci' },
    regarding: { kind: 'Pod', name: 'web', namespace: 'ci' },
    reason: 'BackOff',
    note: `restart ${i}`,
    type: 'Warning',
    reportingController: 'kubelet',
    deprecatedLastTimestamp: at,
    deprecatedFirstTimestamp: at,
  };
}

/** A server whose routes (keyed `pod`, `log`, `events`) a test replaces; it counts requests per route. */
function hostileServer(): { url: () => string; routes: Partial<Record<'pod' | 'log' | 'events', Route>>; count: Record<string, number>; reset(): void } {
  const state = { routes: {} as Partial<Record<'pod' | 'log' | 'events', Route>>, count: {} as Record<string, number> };
  const defaults: Record<'pod' | 'log' | 'events', Route> = {
    pod: (res) => json(res, POD),
    log: (res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(LOG);
    },
    events: (res) => json(res, { items: [] }),
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const key = url.pathname.endsWith('/log')
      ? 'log'
      : url.pathname.endsWith('/events')
        ? 'events'
        : url.pathname === '/api/v1/namespaces/ci/pods/web'
          ? 'pod'
          : undefined;
    if (!key) return json(res, { kind: 'Status', code: 404, message: 'not found' }, 404);
    state.count[key] = (state.count[key] ?? 0) + 1;
    (state.routes[key] ?? defaults[key])(res, url.searchParams);
  });
  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  return {
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get routes() {
      return state.routes;
    },
    get count() {
      return state.count;
    },
    reset() {
      state.routes = {};
      state.count = {};
    },
  };
}

/** A kubeconfig for a plain-HTTP server (client-node needs insecure-skip-tls-verify for http). */
function kubeconfig(server: string, user: Record<string, unknown> = { token: 'tok-0123456789abcdef' }): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pml-kc-')), 'kubeconfig');
  writeFileSync(
    file,
    YAML.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'c',
      clusters: [{ name: 'c', cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'c', context: { cluster: 'c', user: 'u', namespace: 'ci' } }],
    }),
  );
  return file;
}

describe('cluster source: hostile and broken servers', function () {
  this.timeout(60000);
  const srv = hostileServer();
  afterEach(() => srv.reset());
  const kc = (): string => kubeconfig(srv.url());

  describe('a total deadline per request', () => {
    /** One byte every `everyMs`, for ever (until the client hangs up). */
    const trickle =
      (contentType: string, text: string, everyMs: number): Route =>
      (res) => {
        res.writeHead(200, { 'Content-Type': contentType });
        let i = 0;
        const timer = setInterval(() => res.write(text[i++ % text.length]), everyMs);
        res.on('close', () => clearInterval(timer));
      };

    it('a log trickled a byte at a time keeps what arrived by the deadline, and says so', async () => {
      srv.routes.log = trickle('text/plain', LOG, 100);
      const t0 = Date.now();
      const { inputs, problems } = await collect(kc(), { pod: 'web' }, { timeoutMs: 1000, deadlineMs: 1500 });
      const took = Date.now() - t0;
      // The idle timeout (1 s) never fired: bytes kept coming every 100 ms. The deadline ended it.
      assert.ok(took >= 1400 && took < 10000, `took ${took} ms`);
      assert.deepEqual(
        inputs.map((i) => i.name),
        ['pod ci/web (describe)', 'pod ci/web container app'],
      );
      const log = inputs[1].text;
      assert.ok(log.length > 3 && LOG.repeat(3).startsWith(log), JSON.stringify(log));
      assert.equal(problems.length, 1);
      assert.equal(problems[0].source, 'pod ci/web container app');
      assert.equal(problems[0].fatal, false);
      assert.match(
        problems[0].message,
        new RegExp(
          `^the log was still arriving after 1\\.5 s \\(the bound of one request\\): kept the first ${Buffer.byteLength(log)} bytes, the rest was not read`,
        ),
      );
    });

    it('a trickled JSON answer is given up at the deadline with a clear problem', async () => {
      srv.routes.pod = trickle('application/json', JSON.stringify(POD), 100);
      const { inputs, problems } = await collect(kc(), { pod: 'web' }, { timeoutMs: 1000, deadlineMs: 1200 });
      assert.deepEqual(inputs, []);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].fatal, true);
      assert.match(
        problems[0].message,
        /^http:\/\/127\.0\.0\.1:\d+ had not finished answering within 1200 ms \(the bound of one request; \d+ bytes had arrived\) \(get pods web\); the request was aborted$/,
      );
    });

    it('a log that stalls after its first bytes keeps them (idle timeout)', async () => {
      srv.routes.log = (res) => {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.write(LOG);
      };
      const { inputs, problems } = await collect(kc(), { pod: 'web' }, { timeoutMs: 500 });
      assert.equal(inputs[1]?.text, LOG);
      assert.deepEqual(
        problems.map((p) => p.message),
        [`the server stopped sending the log for 0.5 s: kept the first ${LOG.length} bytes, the rest was not read`],
      );
    });
  });

  describe('lists within a page cap and an item cap', () => {
    it('an events list that always offers another page stops at the page cap; the pod still loads', async () => {
      let n = 0;
      srv.routes.events = (res) => json(res, { items: [event(n, n++)], metadata: { continue: 'again' } });
      const { inputs, problems } = await collect(kc(), { pod: 'web' });
      assert.equal(srv.count.events, LIST_BOUNDS.events.maxPages);
      assert.deepEqual(
        inputs.map((i) => i.name),
        ['pod ci/web (describe)', 'pod ci/web container app'],
      );
      assert.match(inputs[0].text, /restart 19/);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].source, 'events of pod ci/web');
      assert.equal(
        problems[0].message,
        `all ${LIST_BOUNDS.events.maxPages} events read are shown; reading stopped after ${LIST_BOUNDS.events.maxPages} pages, though the server still offered more; the most recent are the ones a diagnosis needs`,
      );
    });

    it('100,000 events in one page: the most recent 5000 are kept, and the notice says of how many', async () => {
      const total = 100_000;
      // Listed oldest last, so keeping the first ones would keep the wrong ones.
      const body = JSON.stringify({ items: Array.from({ length: total }, (_, i) => event(i, total - i)), metadata: {} });
      srv.routes.events = (res) => json(res, body);
      const { inputs, problems } = await collect(kc(), { events: true });
      assert.equal(srv.count.events, 1);
      const rows = inputs[0].text.trimEnd().split('\n').slice(1);
      assert.equal(rows.length, LIST_BOUNDS.events.maxItems);
      assert.match(rows[rows.length - 1], / restart 0$/, 'the newest is kept');
      assert.ok(!inputs[0].text.includes(`restart ${LIST_BOUNDS.events.maxItems}\n`), 'an older one is not');
      assert.deepEqual(problems, [
        {
          source: 'events in ci',
          fatal: false,
          message: `kept ${LIST_BOUNDS.events.maxItems} of the ${total} events read (the most recent); to read fewer, read the events of one pod, workload or node instead of the whole namespace`,
        },
      ]);
    });
  });

  describe('answers that are not what was asked', () => {
    it('a 302 on the log request is a problem, never an empty log', async () => {
      srv.routes.log = (res) => {
        res.writeHead(302, { Location: 'https://sso.example.test/login?next=/log' });
        res.end();
      };
      const { inputs, problems } = await collect(kc(), { pod: 'web' });
      assert.deepEqual(
        inputs.map((i) => i.name),
        ['pod ci/web (describe)'],
      );
      assert.equal(problems.length, 1);
      assert.equal(problems[0].fatal, false);
      assert.match(
        problems[0].message,
        /^the API server answered 302 \(a redirect to https:\/\/sso\.example\.test\/login\?next=\/log\) to get pods\/log web in namespace ci; redirects are not followed/,
      );
    });

    it("malformed JSON names the request and the parser's words; the rest still loads", async () => {
      srv.routes.events = (res) => {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<html><body>Sign in</body></html>');
      };
      const { inputs, problems } = await collect(kc(), { pod: 'web' });
      assert.deepEqual(
        inputs.map((i) => i.name),
        ['pod ci/web (describe)', 'pod ci/web container app'],
      );
      assert.match(inputs[0].text, /^Events: +<unknown> \(they could not be read\)$/m);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].source, 'events of pod ci/web');
      assert.match(
        problems[0].message,
        /^the answer to list events in namespace ci could not be read: the answer \(33 bytes of text\/html, starting "<html><body>Sign in<\/bod"\) is not valid JSON: Unexpected "<"/,
      );
      assert.ok(!/answered \?/.test(problems[0].message));
    });

    it('a truncated pod JSON is a fatal problem that says so', async () => {
      srv.routes.pod = (res) => json(res, JSON.stringify(POD).slice(0, 80));
      const { inputs, problems } = await collect(kc(), { pod: 'web' });
      assert.deepEqual(inputs, []);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].fatal, true);
      assert.match(
        problems[0].message,
        /^the answer to get pods web in namespace ci could not be read: the answer \(80 bytes of application\/json\) is not valid JSON: /,
      );
    });

    it('a list cut off half way keeps the items that arrived whole, and says so', async () => {
      const whole = JSON.stringify({ items: [event(1, 1), event(2, 2), event(3, 3)] });
      const cutAt = whole.indexOf('"restart 3"');
      srv.routes.events = (res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(whole.slice(0, cutAt));
      };
      const { inputs, problems } = await collect(kc(), { pod: 'web' });
      assert.match(inputs[0].text, /restart 1\n.*restart 2\n/s);
      assert.ok(!inputs[0].text.includes('restart 3'));
      assert.deepEqual(
        problems.map((p) => p.message),
        ['the list ended in the middle of its JSON after 2 events: those are shown, the rest was not read'],
      );
      // A list that stalls after its first items keeps them the same way.
      srv.routes.events = (res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write(whole.slice(0, cutAt));
      };
      const stalled = await collect(kc(), { pod: 'web' }, { timeoutMs: 500 });
      assert.match(stalled.inputs[0].text, /restart 2\n/);
      assert.deepEqual(
        stalled.problems.map((p) => p.message),
        ['the list stalled after 2 events: those are shown, the rest was not read'],
      );
    });

    it('a list whose items are not a list, and JSON that is not a pod, are problems', async () => {
      srv.routes.events = (res) => json(res, { items: { 'web.1': event(1, 1) } });
      srv.routes.pod = (res) => json(res, ['web']);
      const got = await collect(kc(), { pod: 'web' });
      assert.deepEqual(
        got.problems.map((p) => p.message),
        ['the answer to get pods web in namespace ci could not be read: the answer is JSON but not a pod (not an object (a list))'],
      );
      srv.routes.pod = undefined;
      const { problems } = await collect(kc(), { pod: 'web' });
      assert.deepEqual(
        problems.map((p) => p.message),
        ['the answer to list events in namespace ci could not be read: the answer is JSON but not a list (its items are an object, not a list)'],
      );
    });
  });

  describe('wrong-shaped objects', () => {
    it('a pod with fields of the wrong type is described without them, and they are named', async () => {
      const pod = structuredClone(POD) as Record<string, any>;
      pod.status.containerStatuses = 'nope';
      pod.status.conditions = [
        { type: 'Ready', status: true },
        { type: 'PodScheduled', status: 'True' },
      ];
      pod.spec.containers.push({ image: 'sidecar:1' }, { name: 'proxy', resources: 'big' });
      pod.metadata.labels.replicas = 3;
      srv.routes.pod = (res) => json(res, pod);
      const { inputs, problems } = await collect(kc(), { pod: 'web' });
      assert.deepEqual(
        inputs.map((i) => i.name),
        ['pod ci/web (describe)'],
      );
      const text = inputs[0].text;
      assert.match(text, /^Name: +web$/m);
      assert.match(text, /^ {2}proxy:$/m);
      assert.match(text, /^ {2}PodScheduled +True$/m);
      assert.ok(!/nope|replicas=3|sidecar/.test(text), text);
      assert.deepEqual(problems, [
        {
          source: 'pod ci/web',
          fatal: false,
          message:
            'fields of the wrong shape were left out (the rest is shown): metadata.labels.replicas (must be string), ' +
            "spec.containers[1] (must have property 'name'), spec.containers[2].resources (must be object), " +
            'status.conditions[0] (its status must be string), status.containerStatuses (must be array)',
        },
      ]);
    });

    it('the CLI diagnoses a wrong-shaped pod with a warning that names it, never a stack trace', async () => {
      const pod = structuredClone(POD) as Record<string, any>;
      pod.status.containerStatuses = 'nope';
      pod.status.phase = 'Failed';
      pod.status.reason = 'Evicted';
      pod.status.message = 'The node was low on resource: ephemeral-storage.';
      srv.routes.pod = (res) => json(res, pod);
      let out = '';
      let err = '';
      const code = await runCli(['diagnose', '--cluster', '--kubeconfig', kc(), '-n', 'ci', '--pod', 'web', '--format', 'json'], {
        stdout: (t) => {
          out += t;
        },
        stderr: (t) => {
          err += t;
        },
        stdin: Readable.from([]),
        isTTY: false,
        now: () => NOW,
      });
      assert.equal(code, 0, err);
      assert.equal(
        err,
        'postmortem-lens: cluster: warning: pod ci/web: fields of the wrong shape were left out (the rest is shown): status.containerStatuses (must be array)\n',
      );
      assert.deepEqual(
        (JSON.parse(out).inputs as { name: string }[]).map((i) => i.name),
        ['pod ci/web (describe)'],
      );
    });

    it('events that are not objects are left out, partial ones kept; each is named', async () => {
      const partial = { ...event(2, 2), regarding: 'pod/web' };
      srv.routes.events = (res) => json(res, { items: ['nope', event(1, 1), partial, { metadata: 7 }] });
      const { inputs, problems } = await collect(kc(), { events: true });
      assert.match(inputs[0].text, /restart 1$/m);
      assert.match(inputs[0].text, /restart 2$/m);
      assert.deepEqual(
        problems.map((p) => p.message),
        [
          '2 events of the list could not be read and were left out: item 1 (not an object (string)); item 4 (it has no metadata)',
          '1 event had fields of the wrong shape, left out (the rest of each is shown): event ci/web.2: regarding (must be object)',
        ],
      );
      // Many bad items: counted, the first three named.
      srv.routes.events = (res) => json(res, { items: [...Array.from({ length: 10 }, (_, i) => i), event(1, 1)] });
      const many = await collect(kc(), { events: true });
      assert.match(many.inputs[0].text, /restart 1$/m);
      assert.deepEqual(
        many.problems.map((p) => p.message),
        [
          '10 events of the list could not be read and were left out: item 1 (not an object (number)); item 2 (not an object (number)); item 3 (not an object (number)); and 7 more',
        ],
      );
    });
  });

  describe('a hanging exec credential plugin', () => {
    it('is killed at the bound, with one clear problem', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pml-exec-'));
      const pidFile = join(dir, 'pid');
      const plugin = join(dir, 'hang.js');
      // Waits for ever, as a plugin waiting for a browser login does.
      writeFileSync(plugin, `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000);\n`);
      const file = kubeconfig(srv.url(), {
        exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin], interactiveMode: 'Never' },
      });
      const t0 = Date.now();
      const { inputs, problems } = await collect(file, { pod: 'web' }, { execTimeoutMs: 1000 });
      const took = Date.now() - t0;
      assert.ok(took >= 900 && took < 10000, `took ${took} ms`);
      assert.deepEqual(inputs, []);
      const exe = process.execPath.split('/').pop();
      assert.deepEqual(problems, [
        {
          source: 'context c',
          fatal: true,
          message: `the exec credential plugin of context c (${exe}) did not finish within 1 s and was stopped; run it yourself to see what it waits for (a login in a browser, a prompt?), then try again`,
        },
      ]);
      assert.equal(srv.count.pod, undefined, 'no request without credentials');
      const pid = Number(readFileSync(pidFile, 'utf8'));
      // SIGKILL is delivered at once; give the kernel a moment to reap it.
      for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(alive(pid), false, `plugin ${pid} still running`);
    });
  });

  describe('a hanging exec credential plugin, cancelled', () => {
    it('is killed when the run is cancelled, long before its bound', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pml-exec-'));
      const pidFile = join(dir, 'pid');
      const plugin = join(dir, 'hang.js');
      writeFileSync(plugin, `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000);\n`);
      const file = kubeconfig(srv.url(), {
        exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin], interactiveMode: 'Never' },
      });
      const ac = new AbortController();
      const t0 = Date.now();
      // Cancel once the plugin has started (it writes its pid first thing).
      const poll = setInterval(() => {
        try {
          readFileSync(pidFile);
          ac.abort();
          clearInterval(poll);
        } catch {
          /* not yet */
        }
      }, 20);
      await assert.rejects(collect(file, { pod: 'web' }, { execTimeoutMs: 30_000 }, ac.signal));
      clearInterval(poll);
      assert.ok(Date.now() - t0 < 10_000);
      const pid = Number(readFileSync(pidFile, 'utf8'));
      for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(alive(pid), false, `plugin ${pid} still running`);
    });
  });

  it('an internal error says what was being read and where to report it, with no stack', () => {
    const err = new TypeError("Cannot read properties of undefined (reading 'map')");
    const text = problemMessage(err, { verb: 'get', resource: 'pods', namespace: 'ci', name: 'web', server: 'https://k', context: 'c' });
    assert.match(
      text,
      /^internal error while reading get pods web in namespace ci: TypeError: Cannot read properties of undefined \(reading 'map'\)\. This is a bug in postmortem-lens, not a problem of the cluster; please report it at /,
    );
    assert.ok(!/\n\s+at /.test(text), text);
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
