import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { collect, fakeServer, kubeconfigVariant, PODS } from './helpers';

describe('cluster source: failures become problems, the rest still loads', function () {
  this.timeout(30000);

  describe('401', () => {
    const s = fakeServer({ token: 'the-right-token-0123456789' });
    it('says the credentials were rejected, and never shows the token', async () => {
      const kc = kubeconfigVariant(s.srv, (k) => {
        k.users[0].user.token = 'a-wrong-token-9876543210';
      });
      const { inputs, problems } = await collect(kc, { pod: PODS.evicted });
      assert.deepEqual(inputs, []);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].fatal, true);
      assert.match(problems[0].message, /rejected the credentials of context fake \(401 Unauthorized\)/);
      assert.ok(!JSON.stringify(problems).includes('a-wrong-token'));
    });
  });

  describe('403', () => {
    const s = fakeServer({
      rbac: (r) => !(r.resource === 'pods' && r.verb === 'list') && r.subresource !== 'log' && r.apiGroup !== 'events.k8s.io',
    });
    it('names the missing verb and resource', async () => {
      const { inputs, problems } = await collect(s.srv, { selector: 'app=payments-api' });
      assert.deepEqual(inputs, []);
      assert.equal(problems[0].fatal, true);
      assert.match(problems[0].message, /forbidden \(403\): fake-user cannot list pods in namespace ci|forbidden \(403\): .*cannot list pods in namespace ci/);
    });
    it('keeps the describe when logs are forbidden, and falls back to core/v1 events', async () => {
      const { inputs, problems } = await collect(s.srv, { pod: PODS.restarted });
      assert.deepEqual(
        inputs.map((i) => i.name),
        [`pod ci/${PODS.restarted} (describe)`],
      );
      assert.match(inputs[0].text, /Unhealthy/, 'events read from core/v1');
      assert.ok(s.srv.requests.some((r) => r.path === '/api/v1/namespaces/ci/events'));
      assert.equal(problems.length, 2);
      for (const p of problems) {
        assert.equal(p.fatal, false);
        assert.match(p.message, /cannot get pods\/log in namespace ci/);
      }
    });
  });

  describe('404', () => {
    const s = fakeServer();
    it('says the pod does not exist and how to list pods', async () => {
      const { inputs, problems } = await collect(s.srv, { pod: 'jenkins-gone' });
      assert.deepEqual(inputs, []);
      assert.deepEqual(problems, [
        { source: 'pod ci/jenkins-gone', message: 'pod ci/jenkins-gone does not exist; see `kubectl get pods -n ci --context fake`', fatal: true },
      ]);
    });
    it('still reads the events a deleted pod left behind', async () => {
      const name = PODS.evicted;
      const saved = s.srv.objects.pods;
      s.srv.objects.pods = saved.filter((p) => p.metadata.name !== name);
      try {
        const { inputs, problems } = await collect(s.srv, { pod: name });
        assert.equal(problems[0].fatal, true);
        assert.deepEqual(
          inputs.map((i) => i.name),
          [`events of pod ci/${name}`],
        );
        assert.match(inputs[0].text, /Evicted +pod\/backend-main-142-8zq4n-m2k7x +The node was low on resource: nodefs\./);
      } finally {
        s.srv.objects.pods = saved;
      }
    });
    it('says a node does not exist', async () => {
      const { problems } = await collect(s.srv, { node: 'aks-nodepool1-9' });
      assert.match(problems[0].message, /node aks-nodepool1-9 does not exist; see `kubectl get nodes --context fake`/);
    });
  });

  describe('a hanging server', () => {
    const s = fakeServer({ hang: (r) => r.subresource === 'log' && r.query.previous === 'true' });
    it('aborts the hanging request within timeoutMs; the other sources still load', async () => {
      const t0 = Date.now();
      const { inputs, problems } = await collect(s.srv, { pod: PODS.restarted }, { timeoutMs: 500 });
      const took = Date.now() - t0;
      // It waited for the timeout, then gave up (a request that is never aborted would hit mocha's timeout).
      assert.ok(took >= 450, `took ${took} ms`);
      assert.deepEqual(
        inputs.map((i) => i.name),
        [`pod ci/${PODS.restarted} (describe)`, `pod ci/${PODS.restarted} container api`],
      );
      assert.equal(problems.length, 1);
      assert.equal(problems[0].fatal, false);
      assert.equal(problems[0].source, `pod ci/${PODS.restarted} container api (previous)`);
      assert.match(problems[0].message, /no answer from https:\/\/127\.0\.0\.1:\d+ within 500 ms .*aborted/);
    });
    it('keeps at most `concurrency` requests in flight', async () => {
      // Counted at the server, not timed: two hanging previous logs plus the other reads.
      s.srv.resetMaxInFlight();
      const { inputs } = await collect(s.srv, { selector: 'app=payments-api' }, { timeoutMs: 300, concurrency: 1 });
      assert.equal(inputs.length, 3);
      assert.equal(s.srv.maxInFlight, 1);
      s.srv.resetMaxInFlight();
      await collect(s.srv, { selector: 'app=payments-api' }, { timeoutMs: 300, concurrency: 4 });
      assert.ok(s.srv.maxInFlight > 1 && s.srv.maxInFlight <= 4, `max in flight ${s.srv.maxInFlight}`);
    });
    it('cancels with the AbortSignal', async () => {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      const t0 = Date.now();
      await assert.rejects(collect(s.srv, { pod: PODS.restarted }, { timeoutMs: 10000 }, ac.signal));
      assert.ok(Date.now() - t0 < 2000);
    });
  });

  describe('a 200 MB log', () => {
    const s = fakeServer({ bigLogBytes: 200 * 1024 * 1024 });
    it('is read only up to limitBytes', async () => {
      const limit = 1024 * 1024;
      const { inputs, problems } = await collect(s.srv, { pod: PODS.restarted }, { limitBytes: limit, tailLines: 100_000_000 });
      assert.deepEqual(problems, []);
      const log = inputs.find((i) => i.name === `pod ci/${PODS.restarted} container api`)!;
      const bytes = Buffer.byteLength(log.text);
      assert.ok(bytes > limit / 2 && bytes <= limit, `${bytes} bytes`);
      const req = s.srv.requests.find((r) => r.subresource === 'log' && r.query.previous === undefined)!;
      assert.equal(req.query.limitBytes, String(limit));
    });
  });

  describe('a server that ignores limitBytes', () => {
    let server: http.Server;
    let sent = 0;
    before(async () => {
      // Plain HTTP: pod JSON, empty events, and an endless log whatever the query says.
      server = http.createServer((req, res) => {
        const path = (req.url ?? '').split('?')[0];
        res.setHeader('Content-Type', 'application/json');
        if (path.endsWith('/log')) {
          res.setHeader('Content-Type', 'text/plain');
          const line = Buffer.from(`${'x'.repeat(99)}\n`);
          const pump = (): void => {
            while (!res.destroyed && sent < 500 * 1024 * 1024) {
              sent += line.length;
              if (!res.write(line)) {
                res.once('drain', pump);
                return;
              }
            }
            res.end();
          };
          pump();
        } else if (path.endsWith('/events')) res.end('{"items":[]}');
        else
          res.end(
            JSON.stringify({
              metadata: { name: 'big', namespace: 'ci' },
              spec: { containers: [{ name: 'app' }] },
              status: { phase: 'Running', containerStatuses: [{ name: 'app', restartCount: 0, state: { running: {} } }] },
            }),
          );
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
    });
    after(() => {
      server.closeAllConnections();
      server.close();
    });
    it('stops reading at the limit itself and says so', async () => {
      const port = (server.address() as AddressInfo).port;
      const { inputs, problems } = await collect(
        writeKubeconfig(`http://127.0.0.1:${port}`, { 'insecure-skip-tls-verify': true }),
        { pod: 'big' },
        { limitBytes: 256 * 1024 },
      );
      assert.equal(Buffer.byteLength(inputs[1].text), 256 * 1024);
      assert.ok(sent < 64 * 1024 * 1024, `the server wrote ${sent} bytes before the client hung up`);
      assert.deepEqual(
        problems.map((p) => [p.fatal, p.message]),
        [[false, 'the server ignored limitBytes: the log was cut at 262144 bytes']],
      );
    });
  });

  describe('connection failures', () => {
    const s = fakeServer();
    it('an unreachable server is one fatal problem', async () => {
      const closed = http.createServer();
      closed.listen(0, '127.0.0.1');
      await once(closed, 'listening');
      const port = (closed.address() as AddressInfo).port;
      closed.close();
      const { inputs, problems } = await collect(writeKubeconfig(`https://127.0.0.1:${port}`), { selector: 'app=payments-api' });
      assert.deepEqual(inputs, []);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].fatal, true);
      assert.match(problems[0].message, new RegExp(`cannot reach the API server at https://127.0.0.1:${port} \\(connection refused\\)`));
    });
    it('a certificate the kubeconfig does not trust is a TLS problem', async () => {
      const kc = kubeconfigVariant(s.srv, (k) => {
        delete k.clusters[0].cluster['certificate-authority-data'];
      });
      const { inputs, problems } = await collect(kc, { node: 'aks-nodepool1-2' });
      assert.deepEqual(inputs, []);
      assert.equal(problems.length, 1);
      assert.match(
        problems[0].message,
        /^TLS with https:\/\/127\.0\.0\.1:\d+ failed \((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)/,
      );
    });
    it('a missing kubeconfig is a fatal problem', async () => {
      const { problems } = await collect('/nonexistent/kubeconfig', { events: true });
      assert.deepEqual(problems, [
        {
          source: 'kubeconfig',
          message: 'cannot read the kubeconfig /nonexistent/kubeconfig: no such file; check the path, or pass --kubeconfig FILE',
          fatal: true,
        },
      ]);
    });
  });
});

/** A kubeconfig for `server` with a token user. */
function writeKubeconfig(server: string, cluster: Record<string, unknown> = {}): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pml-kc-')), 'kubeconfig');
  writeFileSync(
    file,
    YAML.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'c',
      clusters: [{ name: 'c', cluster: { server, ...cluster } }],
      users: [{ name: 'u', user: { token: 'tok-0123456789abcdef' } }],
      contexts: [{ name: 'c', context: { cluster: 'c', user: 'u', namespace: 'ci' } }],
    }),
  );
  return file;
}
