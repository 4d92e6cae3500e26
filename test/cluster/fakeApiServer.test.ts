/**
 * Proves the fake API server faithful: its HTTP answers have the real shapes, and Debian's kubectl
 * (package kubernetes-client, fetched by scripts/cluster/get-kubectl.sh) works against it with the
 * kubeconfig it writes. Run: npx mocha test/cluster/fakeApiServer.test.ts
 *
 * The kubectl binary: $KUBECTL, else .vscode-test/kubectl/usr/bin/kubectl. When neither exists the
 * kubectl tests fail (CI runs scripts/cluster/get-kubectl.sh first); /usr/bin/kubectl is deliberately
 * not used (on some machines it is another distribution's wrapper).
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import YAML from 'yaml';
import { BIG_LOG_TARGET, DEFAULT_FIXTURE_DIR, FakeApiServer, FakeApiServerOptions, KubeObject, loadFixtureDir, startFakeApiServer } from './fakeApiServer';

const REPO = path.resolve(__dirname, '..', '..');
const FIXTURES = loadFixtureDir(DEFAULT_FIXTURE_DIR);
const EVICTED = 'backend-main-142-8zq4n-m2k7x';
const CRASHLOOP = 'payments-api-6d8f7b9c5d-7kq2n';
const RESTARTED = 'payments-api-6d8f7b9c5d-t5wzx';
const IMAGEPULL = 'report-generator-7f9c6d5b8-hx4pl';
const CREATING = 'artifact-cache-0';

// ---------------------------------------------------------------------------------------------------
// helpers

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  bytes: number;
  ms: number;
}

/** GET over HTTPS trusting only the server's CA. `headers.authorization` defaults to the server's token. */
function get(
  server: FakeApiServer,
  p: string,
  opts: { headers?: Record<string, string>; cert?: boolean; timeoutMs?: number; keepBody?: boolean } = {},
): Promise<Reply> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const req = https.request(
      server.url + p,
      {
        ca: fs.readFileSync(server.tls.caCertPath),
        ...(opts.cert ? { cert: fs.readFileSync(server.tls.clientCertPath), key: fs.readFileSync(server.tls.clientKeyPath) } : {}),
        headers: { accept: 'application/json', authorization: `Bearer ${server.token}`, ...opts.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        const keep = opts.keepBody ?? true;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (keep) chunks.push(c);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), bytes, ms: Date.now() - t0 }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (opts.timeoutMs) req.setTimeout(opts.timeoutMs, () => req.destroy(new Error('client timeout')));
    req.end();
  });
}

const json = (r: Reply): KubeObject => JSON.parse(r.body);

function assertStatus(r: Reply, code: number, reason: string, message?: string | RegExp): KubeObject {
  assert.equal(r.status, code, r.body);
  assert.match(String(r.headers['content-type']), /^application\/json/);
  const s = json(r);
  assert.equal(s.kind, 'Status');
  assert.equal(s.apiVersion, 'v1');
  assert.equal(s.status, 'Failure');
  assert.equal(s.code, code);
  assert.equal(s.reason, reason);
  if (typeof message === 'string') assert.equal(s.message, message);
  else if (message) assert.match(s.message, message);
  return s;
}

/** The kubectl to test against, or a reason why there is none. */
function findKubectl(): { bin?: string; why?: string } {
  if (process.env.KUBECTL) {
    return fs.existsSync(process.env.KUBECTL) ? { bin: process.env.KUBECTL } : { why: `KUBECTL=${process.env.KUBECTL} does not exist` };
  }
  const cached = path.join(REPO, '.vscode-test', 'kubectl', 'usr', 'bin', 'kubectl');
  if (fs.existsSync(cached)) return { bin: cached };
  return { why: `no kubectl: run scripts/cluster/get-kubectl.sh (it extracts Debian's kubernetes-client to ${cached}) or set KUBECTL` };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

function kubectl(bin: string, server: FakeApiServer, args: string[], opts: { kubeconfig?: string } = {}): Promise<Run> {
  const t0 = Date.now();
  // Asynchronous on purpose: the server runs in this process's event loop.
  return new Promise((resolve) => {
    execFile(
      bin,
      ['--kubeconfig', opts.kubeconfig ?? server.kubeconfigPath, '--cache-dir', path.join(server.dir, 'kube-cache'), '--request-timeout=20s', ...args],
      {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: server.dir },
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
        timeout: 60_000,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? Number((err as { code?: unknown }).code) : 1) : 0;
        resolve({ code, stdout, stderr, ms: Date.now() - t0 });
      },
    );
  });
}

function logText(key: string): string {
  return (
    FIXTURES.logs![key].split('\n')
      .filter(Boolean)
      .map((l) => l.replace(/^\S+ /, ''))
      .join('\n') + '\n'
  );
}

async function withServer<T>(options: Partial<FakeApiServerOptions>, fn: (s: FakeApiServer) => Promise<T>): Promise<T> {
  const s = await startFakeApiServer({ fixtures: DEFAULT_FIXTURE_DIR, ...options });
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

// ---------------------------------------------------------------------------------------------------

describe('fake Kubernetes API server', function () {
  this.timeout(60_000);

  describe('fixtures', () => {
    it('hold the incident: evicted Jenkins agent, OOMKilled restarts, ImagePullBackOff, ContainerCreating, two sick nodes', () => {
      const pod = (n: string) => FIXTURES.pods!.find((p) => p.metadata.name === n)!;
      assert.equal(pod(EVICTED).status.reason, 'Evicted');
      assert.equal(pod(EVICTED).status.phase, 'Failed');
      assert.equal(pod(EVICTED).status.message, 'The node was low on resource: nodefs.');
      assert.equal(pod(EVICTED).metadata.labels.app, 'jenkins');
      const crash = pod(CRASHLOOP).status.containerStatuses[0];
      assert.equal(crash.state.waiting.reason, 'CrashLoopBackOff');
      assert.deepEqual([crash.lastState.terminated.reason, crash.lastState.terminated.exitCode], ['OOMKilled', 137]);
      assert.equal(pod(IMAGEPULL).status.containerStatuses[0].state.waiting.reason, 'ImagePullBackOff');
      assert.equal(pod(CREATING).status.containerStatuses[0].state.waiting.reason, 'ContainerCreating');
      const reasons = new Set(FIXTURES.events!.map((e) => e.reason));
      for (const r of ['Evicted', 'BackOff', 'FailedScheduling', 'ImageGCFailed', 'FailedCreatePodSandBox']) assert.ok(reasons.has(r), r);
      assert.ok(FIXTURES.events!.some((e) => e.reason === 'FailedCreatePodSandBox' && /NetworkPlugin cni failed to set up pod/i.test(e.message)));
      assert.ok(FIXTURES.events!.some((e) => e.reason === 'ImageGCFailed' && e.involvedObject.name === 'aks-nodepool1-2'));
      const cond = (n: string, t: string) => FIXTURES.nodes!.find((x) => x.metadata.name === n)!.status.conditions.find((c: KubeObject) => c.type === t);
      assert.equal(cond('aks-nodepool1-2', 'DiskPressure').status, 'True');
      assert.equal(cond('aks-nodepool1-2', 'Ready').status, 'True');
      assert.equal(cond('aks-nodepool1-3', 'Ready').status, 'Unknown');
      assert.equal(cond('aks-nodepool1-3', 'Ready').message, 'Kubelet stopped posting node status.');
      // both event APIs describe the same events
      assert.deepEqual(
        FIXTURES.eventsV1!.map((e) => e.metadata.name),
        FIXTURES.events!.map((e) => e.metadata.name),
      );
      // previous logs differ from current where both exist
      assert.notEqual(FIXTURES.logs![`ci/${RESTARTED}/api`], FIXTURES.logs![`ci/${RESTARTED}/api.previous`]);
    });
  });

  describe('HTTP API', () => {
    let s: FakeApiServer;
    before(async () => {
      s = await startFakeApiServer({ fixtures: DEFAULT_FIXTURE_DIR, now: () => new Date('2024-11-14T09:41:00Z') });
    });
    after(async () => {
      await s?.close();
    });

    it('listens on 127.0.0.1 and writes a kubeconfig for it', () => {
      assert.match(s.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const kc = YAML.parse(fs.readFileSync(s.kubeconfigPath, 'utf8'));
      assert.equal(kc['current-context'], 'fake');
      assert.equal(kc.clusters[0].cluster.server, s.url);
      assert.equal(Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString(), fs.readFileSync(s.tls.caCertPath, 'utf8'));
      assert.deepEqual(kc.contexts[0], { name: 'fake', context: { cluster: 'fake', user: 'fake-user', namespace: 'default' } });
      assert.equal(kc.users[0].user.token, s.token);
    });

    it('serves discovery and /version', async () => {
      assert.deepEqual(json(await get(s, '/api')).versions, ['v1']);
      const groups = json(await get(s, '/apis'));
      assert.equal(groups.kind, 'APIGroupList');
      assert.equal(groups.groups[0].preferredVersion.groupVersion, 'events.k8s.io/v1');
      const v1 = json(await get(s, '/api/v1'));
      assert.equal(v1.kind, 'APIResourceList');
      assert.deepEqual(v1.resources.map((r: KubeObject) => r.name).sort(), [
        'events',
        'namespaces',
        'nodes',
        'nodes/status',
        'pods',
        'pods/log',
        'pods/status',
      ]);
      assert.equal(json(await get(s, '/apis/events.k8s.io/v1')).resources[0].name, 'events');
      assert.equal(json(await get(s, '/version')).gitVersion, 'v1.22.11');
    });

    it('lists pods of a namespace as a PodList, with label and field selectors', async () => {
      const list = json(await get(s, '/api/v1/namespaces/ci/pods'));
      assert.equal(list.kind, 'PodList');
      assert.equal(list.apiVersion, 'v1');
      assert.match(list.metadata.resourceVersion, /^\d+$/);
      assert.equal(list.items.length, 5);
      const byLabel = json(await get(s, '/api/v1/namespaces/ci/pods?labelSelector=' + encodeURIComponent('app=jenkins')));
      assert.deepEqual(
        byLabel.items.map((p: KubeObject) => p.metadata.name),
        [EVICTED],
      );
      const setBased = json(await get(s, '/api/v1/namespaces/ci/pods?labelSelector=' + encodeURIComponent('app in (payments-api),pod-template-hash!=x')));
      assert.deepEqual(
        setBased.items.map((p: KubeObject) => p.metadata.name),
        [CRASHLOOP, RESTARTED],
      );
      const onNode = json(await get(s, '/api/v1/namespaces/ci/pods?fieldSelector=' + encodeURIComponent('spec.nodeName=aks-nodepool1-1')));
      assert.deepEqual(
        onNode.items.map((p: KubeObject) => p.metadata.name),
        [RESTARTED],
      );
      const failed = json(await get(s, '/api/v1/pods?fieldSelector=' + encodeURIComponent('status.phase=Failed,spec.nodeName=aks-nodepool1-2')));
      assert.deepEqual(
        failed.items.map((p: KubeObject) => p.metadata.name),
        [EVICTED],
      );
      assertStatus(await get(s, '/api/v1/pods?fieldSelector=spec.hostname%3Dx'), 400, 'BadRequest', /"spec.hostname" is not a known field selector/);
      assertStatus(await get(s, '/api/v1/pods?labelSelector=' + encodeURIComponent('app in (')), 400, 'BadRequest', /unable to parse requirement/);
    });

    it('pages lists with limit and continue', async () => {
      const p1 = json(await get(s, '/api/v1/namespaces/ci/pods?limit=2'));
      assert.equal(p1.items.length, 2);
      assert.equal(p1.metadata.remainingItemCount, 3);
      const p2 = json(await get(s, `/api/v1/namespaces/ci/pods?limit=10&continue=${encodeURIComponent(p1.metadata.continue)}`));
      assert.equal(p2.items.length, 3);
      assert.equal(p2.metadata.continue, undefined);
    });

    it('gets one object with kind and apiVersion, and 404s with a NotFound Status', async () => {
      const pod = json(await get(s, `/api/v1/namespaces/ci/pods/${EVICTED}`));
      assert.equal(pod.kind, 'Pod');
      assert.equal(pod.status.reason, 'Evicted');
      const st = assertStatus(await get(s, '/api/v1/namespaces/ci/pods/nope'), 404, 'NotFound', 'pods "nope" not found');
      assert.deepEqual(st.details, { name: 'nope', kind: 'pods' });
      assertStatus(await get(s, '/api/v1/namespaces/default/pods/' + EVICTED), 404, 'NotFound');
      assertStatus(await get(s, '/api/v1/nodes/aks-nodepool1-9'), 404, 'NotFound', 'nodes "aks-nodepool1-9" not found');
      assertStatus(await get(s, '/apis/apps/v1/deployments'), 404, 'NotFound', 'the server could not find the requested resource');
      const node = json(await get(s, '/api/v1/nodes/aks-nodepool1-3'));
      assert.equal(node.kind, 'Node');
    });

    it('serves nodes, core events and events.k8s.io events', async () => {
      const nodes = json(await get(s, '/api/v1/nodes'));
      assert.equal(nodes.kind, 'NodeList');
      assert.deepEqual(
        nodes.items.map((n: KubeObject) => n.metadata.name),
        ['aks-nodepool1-1', 'aks-nodepool1-2', 'aks-nodepool1-3'],
      );
      const core = json(await get(s, '/api/v1/namespaces/ci/events'));
      assert.equal(core.kind, 'EventList');
      const evicted = core.items.find((e: KubeObject) => e.reason === 'Evicted');
      assert.equal(evicted.involvedObject.name, EVICTED);
      assert.equal(evicted.source.component, 'kubelet');
      assert.equal(evicted.source.host, 'aks-nodepool1-2');
      const all = json(await get(s, '/api/v1/events?fieldSelector=' + encodeURIComponent('involvedObject.kind=Node,reason=ImageGCFailed')));
      assert.equal(all.items.length, 1);
      assert.equal(all.items[0].metadata.namespace, 'default');
      const v1 = json(await get(s, '/apis/events.k8s.io/v1/namespaces/ci/events'));
      assert.equal(v1.apiVersion, 'events.k8s.io/v1');
      const backoff = v1.items.find((e: KubeObject) => e.reason === 'BackOff' && e.regarding.name === CRASHLOOP);
      assert.equal(backoff.note, 'Back-off restarting failed container');
      assert.equal(backoff.deprecatedCount, 97);
      assert.equal(backoff.reportingController, 'kubelet');
      const sched = v1.items.find((e: KubeObject) => e.reason === 'FailedScheduling');
      assert.equal(sched.series.count, 4);
      assert.equal(sched.reportingController, 'default-scheduler');
      const byRegarding = json(await get(s, '/apis/events.k8s.io/v1/namespaces/ci/events?fieldSelector=' + encodeURIComponent(`regarding.name=${CREATING}`)));
      assert.deepEqual(
        [...new Set(byRegarding.items.map((e: KubeObject) => e.reason))],
        ['FailedScheduling', 'Scheduled', 'FailedCreatePodSandBox', 'SandboxChanged'],
      );
    });

    it("answers kubectl get's Accept with a meta.k8s.io/v1 Table", async () => {
      const t = json(
        await get(s, '/api/v1/namespaces/ci/pods', {
          headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json' },
        }),
      );
      assert.equal(t.kind, 'Table');
      assert.equal(t.apiVersion, 'meta.k8s.io/v1');
      assert.deepEqual(
        t.columnDefinitions.filter((c: KubeObject) => c.priority === 0).map((c: KubeObject) => c.name),
        ['Name', 'Ready', 'Status', 'Restarts', 'Age'],
      );
      const row = t.rows.find((r: KubeObject) => r.cells[0] === CRASHLOOP);
      assert.deepEqual(row.cells.slice(0, 5), [CRASHLOOP, '0/1', 'CrashLoopBackOff', '7 (5m58s ago)', '59m']);
      assert.equal(row.object.kind, 'PartialObjectMetadata');
    });

    it("serves container logs with kubelet's options and errors", async () => {
      const base = `/api/v1/namespaces/ci/pods`;
      const r = await get(s, `${base}/${EVICTED}/log?container=dind`);
      assert.equal(r.status, 200);
      assert.match(String(r.headers['content-type']), /^text\/plain/);
      assert.equal(r.body, logText(`ci/${EVICTED}/dind`));
      assert.match(r.body, /no space left on device/);
      const tail = await get(s, `${base}/${EVICTED}/log?container=jnlp&tailLines=2`);
      assert.equal(tail.body.split('\n').length, 3);
      const ts = await get(s, `${base}/${EVICTED}/log?container=jnlp&tailLines=1&timestamps=true`);
      assert.match(ts.body, /^2024-11-14T09:07:02\.901290655Z WARNING: /);
      const limited = await get(s, `${base}/${EVICTED}/log?container=jnlp&limitBytes=100`);
      assert.equal(limited.bytes, 100);
      const since = await get(s, `${base}/${RESTARTED}/log?sinceSeconds=120`); // now = 09:41:00: lines from 09:39:00 on
      assert.equal(since.body.trim().split('\n').length, 3);
      const sinceTime = await get(s, `${base}/${RESTARTED}/log?sinceTime=${encodeURIComponent('2024-11-14T09:39:31Z')}`);
      assert.equal(sinceTime.body.trim().split('\n').length, 2);
      assert.equal((await get(s, `${base}/${RESTARTED}/log`)).body, logText(`ci/${RESTARTED}/api`));
      assert.equal((await get(s, `${base}/${RESTARTED}/log?previous=true`)).body, logText(`ci/${RESTARTED}/api.previous`));
      // kubelet: a waiting container that ran before serves its last terminated container's log
      assert.equal((await get(s, `${base}/${CRASHLOOP}/log`)).body, logText(`ci/${CRASHLOOP}/api.previous`));
      assertStatus(
        await get(s, `${base}/${EVICTED}/log`),
        400,
        'BadRequest',
        `a container name must be specified for pod ${EVICTED}, choose one of: [jnlp dind]`,
      );
      assertStatus(await get(s, `${base}/${EVICTED}/log?container=nope`), 400, 'BadRequest', `container nope is not valid for pod ${EVICTED}`);
      assertStatus(
        await get(s, `${base}/${EVICTED}/log?container=jnlp&previous=true`),
        400,
        'BadRequest',
        `previous terminated container "jnlp" in pod "${EVICTED}" not found`,
      );
      assertStatus(
        await get(s, `${base}/${IMAGEPULL}/log`),
        400,
        'BadRequest',
        `container "report-generator" in pod "${IMAGEPULL}" is waiting to start: ImagePullBackOff`,
      );
      assertStatus(await get(s, `${base}/${CREATING}/log`), 400, 'BadRequest', `container "nexus" in pod "${CREATING}" is waiting to start: ContainerCreating`);
      assertStatus(await get(s, `${base}/nope/log`), 404, 'NotFound', 'pods "nope" not found');
      assertStatus(await get(s, `${base}/${RESTARTED}/log?tailLines=x`), 422, 'Invalid');
    });

    it('logs what was asked', async () => {
      const n = s.requests.length;
      await get(s, '/api/v1/nodes?limit=1');
      assert.deepEqual(
        s.requests.slice(n).map((r) => ({ method: r.method, path: r.path, query: r.query, user: r.user, verb: r.verb, resource: r.resource })),
        [{ method: 'GET', path: '/api/v1/nodes', query: { limit: '1' }, user: 'test-user', verb: 'list', resource: 'nodes' }],
      );
    });

    it('rejects a wrong or missing token with an Unauthorized Status', async () => {
      assertStatus(await get(s, '/api/v1/nodes', { headers: { authorization: 'Bearer wrong' } }), 401, 'Unauthorized', 'Unauthorized');
      assertStatus(await get(s, '/api', { headers: { authorization: '' } }), 401, 'Unauthorized');
    });
  });

  describe('options', () => {
    it("rbac: a denied request gets the apiserver's Forbidden Status", () =>
      withServer(
        {
          rbac: (r) => !(r.resource === 'pods' && r.namespace === 'kube-system') && r.subresource !== 'log',
        },
        async (s) => {
          const st = assertStatus(
            await get(s, '/api/v1/namespaces/kube-system/pods'),
            403,
            'Forbidden',
            'pods is forbidden: User "test-user" cannot list resource "pods" in API group "" in the namespace "kube-system"',
          );
          assert.deepEqual(st.details, { kind: 'pods' });
          assertStatus(
            await get(s, `/api/v1/namespaces/ci/pods/${RESTARTED}/log`),
            403,
            'Forbidden',
            `pods "${RESTARTED}" is forbidden: User "test-user" cannot get resource "pods/log" in API group "" in the namespace "ci"`,
          );
          assert.equal((await get(s, '/api/v1/namespaces/ci/pods')).status, 200);
          assert.equal((await get(s, '/api/v1')).status, 200);
        },
      ));

    it('rbac: cluster-scoped and events.k8s.io wording', () =>
      withServer({ rbac: () => false }, async (s) => {
        assertStatus(
          await get(s, '/api/v1/nodes'),
          403,
          'Forbidden',
          'nodes is forbidden: User "test-user" cannot list resource "nodes" in API group "" at the cluster scope',
        );
        assertStatus(
          await get(s, '/apis/events.k8s.io/v1/namespaces/ci/events'),
          403,
          'Forbidden',
          'events.events.k8s.io is forbidden: User "test-user" cannot list resource "events" in API group "events.k8s.io" in the namespace "ci"',
        );
      }));

    it('hang: the request is never answered, and close() still returns', async () => {
      const s = await startFakeApiServer({ fixtures: DEFAULT_FIXTURE_DIR, hang: (r) => r.resource === 'events' });
      await assert.rejects(get(s, '/api/v1/namespaces/ci/events', { timeoutMs: 300 }), /client timeout/);
      assert.equal((await get(s, '/api/v1/nodes')).status, 200);
      const pending = get(s, '/api/v1/events').catch((e: Error) => e);
      await new Promise((r) => setTimeout(r, 100));
      const t0 = Date.now();
      await s.close();
      assert.ok(Date.now() - t0 < 2000);
      assert.ok((await pending) instanceof Error);
    });

    it('client-cert: verifies the client certificate against the CA and takes the user from its CN', () =>
      withServer({ auth: 'client-cert' }, async (s) => {
        const r = await get(s, '/api/v1/nodes', { cert: true, headers: { authorization: '' } });
        assert.equal(r.status, 200);
        assert.equal(s.requests.at(-1)!.user, 'test-user');
        assert.deepEqual(s.requests.at(-1)!.groups, ['devs', 'system:authenticated']);
        assertStatus(await get(s, '/api/v1/nodes', { headers: { authorization: `Bearer ${s.token}` } }), 401, 'Unauthorized');
        const kc = YAML.parse(fs.readFileSync(s.kubeconfigPath, 'utf8'));
        assert.ok(kc.users[0].user['client-certificate-data'] && kc.users[0].user['client-key-data']);
      }));

    it('exec: the kubeconfig runs a credential plugin that prints an ExecCredential', () =>
      withServer({ auth: 'exec', token: 'exec-token-1' }, async (s) => {
        const kc = YAML.parse(fs.readFileSync(s.kubeconfigPath, 'utf8'));
        const exec = kc.users[0].user.exec;
        assert.equal(exec.apiVersion, 'client.authentication.k8s.io/v1');
        assert.equal(exec.interactiveMode, 'Never');
        const out = await new Promise<string>((resolve, reject) =>
          execFile(exec.command, exec.args, { encoding: 'utf8' }, (e, o) => (e ? reject(e) : resolve(o))),
        );
        const cred = JSON.parse(out);
        assert.equal(cred.kind, 'ExecCredential');
        assert.equal(cred.apiVersion, 'client.authentication.k8s.io/v1');
        assert.equal(cred.status.token, 'exec-token-1');
        assert.equal((await get(s, '/api/v1/nodes')).status, 200);
      }));

    it('bigLogBytes: streams a generated log lazily; limitBytes sends only that much', () =>
      withServer({ bigLogBytes: 200 * 1024 * 1024 }, async (s) => {
        const p = `/api/v1/namespaces/${BIG_LOG_TARGET.namespace}/pods/${BIG_LOG_TARGET.pod}/log?container=${BIG_LOG_TARGET.container}`;
        const r = await get(s, `${p}&limitBytes=1048576`);
        assert.equal(r.status, 200);
        assert.equal(r.bytes, 1048576);
        assert.ok(r.ms < 3000, `took ${r.ms} ms`);
        assert.match(r.body.split('\n')[0], /^\{"level":"info","ts":"2024-11-14T09:37:49/);
        const tail = await get(s, `${p}&limitBytes=4096&timestamps=true`);
        assert.match(tail.body, /^2024-11-14T09:37:49\.\d+Z \{"level"/);
      }));

    it('bigLogBytes: without limitBytes the whole log is streamed', () =>
      withServer({ bigLogBytes: 20 * 1024 * 1024 }, async (s) => {
        const r = await get(s, `/api/v1/namespaces/ci/pods/${BIG_LOG_TARGET.pod}/log`, { keepBody: false });
        assert.equal(r.status, 200);
        assert.ok(r.bytes >= 20 * 1024 * 1024 && r.bytes < 20 * 1024 * 1024 + 400, String(r.bytes));
      }));
  });

  describe("with Debian's kubectl", () => {
    const found = findKubectl();
    let bin: string;
    let s: FakeApiServer;

    before(async function () {
      if (!found.bin) throw new Error(found.why);
      bin = found.bin;
      s = await startFakeApiServer({ fixtures: DEFAULT_FIXTURE_DIR, auth: 'token' });
    });
    after(async () => {
      await s?.close();
    });

    it('kubectl get pods -n ci -o json returns the fixture pods', async () => {
      const r = await kubectl(bin, s, ['get', 'pods', '-n', 'ci', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const list = JSON.parse(r.stdout);
      const expected = FIXTURES.pods!.filter((p) => p.metadata.namespace === 'ci');
      assert.deepEqual(
        list.items.map((p: KubeObject) => p.metadata.name),
        expected.map((p) => p.metadata.name),
      );
      assert.deepEqual(
        list.items.map((p: KubeObject) => p.status),
        expected.map((p) => p.status),
      );
      assert.ok(list.items.every((p: KubeObject) => p.kind === 'Pod' && p.apiVersion === 'v1'));
    });

    it("kubectl get pods -n ci prints the server's Table", async () => {
      const r = await kubectl(bin, s, ['get', 'pods', '-n', 'ci']);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trim().split('\n');
      assert.match(lines[0], /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
      assert.match(r.stdout, new RegExp(`${EVICTED}\\s+0/2\\s+Evicted`));
      assert.match(r.stdout, new RegExp(`${CRASHLOOP}\\s+0/1\\s+CrashLoopBackOff\\s+7`));
      assert.match(r.stdout, new RegExp(`${IMAGEPULL}\\s+0/1\\s+ImagePullBackOff`));
      assert.match(r.stdout, new RegExp(`${CREATING}\\s+0/1\\s+ContainerCreating`));
    });

    it('kubectl logs -c returns the log text', async () => {
      const r = await kubectl(bin, s, ['logs', '-n', 'ci', EVICTED, '-c', 'jnlp']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, logText(`ci/${EVICTED}/jnlp`));
    });

    it("kubectl logs --previous returns the previous container's log", async () => {
      const cur = await kubectl(bin, s, ['logs', '-n', 'ci', RESTARTED]);
      const prev = await kubectl(bin, s, ['logs', '-n', 'ci', RESTARTED, '--previous']);
      assert.equal(prev.code, 0, prev.stderr);
      assert.equal(prev.stdout, logText(`ci/${RESTARTED}/api.previous`));
      assert.equal(cur.stdout, logText(`ci/${RESTARTED}/api`));
      assert.notEqual(prev.stdout, cur.stdout);
      assert.equal(s.requests.filter((q) => q.subresource === 'log').at(-1)!.query.previous, 'true');
    });

    it('kubectl logs --tail=5', async () => {
      const r = await kubectl(bin, s, ['logs', '-n', 'ci', EVICTED, '-c', 'dind', '--tail=5']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, logText(`ci/${EVICTED}/dind`).trim().split('\n').slice(-5).join('\n') + '\n');
    });

    it("kubectl logs of a container that never started shows kubelet's error", async () => {
      const r = await kubectl(bin, s, ['logs', '-n', 'ci', IMAGEPULL]);
      assert.notEqual(r.code, 0);
      assert.match(
        r.stderr,
        /Error from server \(BadRequest\): container "report-generator" in pod "report-generator-7f9c6d5b8-hx4pl" is waiting to start: ImagePullBackOff/,
      );
    });

    it('kubectl get events -n ci lists the events', async () => {
      const r = await kubectl(bin, s, ['get', 'events', '-n', 'ci']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout.split('\n')[0], /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
      const rows = r.stdout.trim().split('\n').slice(1);
      assert.equal(rows.length, FIXTURES.events!.filter((e) => e.metadata.namespace === 'ci').length);
      assert.match(r.stdout, new RegExp(`Warning\\s+Evicted\\s+pod/${EVICTED}\\s+The node was low on resource: nodefs\\.`));
      assert.match(r.stdout, /Warning\s+BackOff\s+pod\/payments-api-6d8f7b9c5d-7kq2n\s+Back-off restarting failed container/);
      assert.match(r.stdout, /Warning\s+FailedScheduling\s+pod\/artifact-cache-0/);
      const json = JSON.parse((await kubectl(bin, s, ['get', 'events', '-A', '-o', 'json'])).stdout);
      assert.ok(json.items.some((e: KubeObject) => e.reason === 'ImageGCFailed' && e.involvedObject.name === 'aks-nodepool1-2'));
    });

    it('kubectl get nodes -o json', async () => {
      const r = await kubectl(bin, s, ['get', 'nodes', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const nodes = JSON.parse(r.stdout).items;
      assert.deepEqual(
        nodes.map((n: KubeObject) => n.metadata.name),
        FIXTURES.nodes!.map((n) => n.metadata.name),
      );
      const cond = (n: string, t: string) => nodes.find((x: KubeObject) => x.metadata.name === n).status.conditions.find((c: KubeObject) => c.type === t);
      assert.equal(cond('aks-nodepool1-2', 'DiskPressure').status, 'True');
      assert.equal(cond('aks-nodepool1-3', 'Ready').message, 'Kubelet stopped posting node status.');
      const table = await kubectl(bin, s, ['get', 'nodes']);
      assert.match(table.stdout, /aks-nodepool1-3\s+NotReady\s+agent/);
    });

    it("a wrong token gives kubectl's Unauthorized error", async () => {
      const r = await kubectl(bin, s, ['--token', 'wrong', 'get', 'pods', '-n', 'ci']);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /error: You must be logged in to the server \(Unauthorized\)/);
    });

    it('client-cert auth', () =>
      withServer({ auth: 'client-cert' }, async (cs) => {
        const r = await kubectl(bin, cs, ['get', 'nodes', '-o', 'name']);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, 'node/aks-nodepool1-1\nnode/aks-nodepool1-2\nnode/aks-nodepool1-3\n');
        assert.ok(cs.requests.every((q) => q.authenticatedBy === 'client-cert' && q.user === 'test-user'));
      }));

    it('exec auth (kubectl 1.20 knows client.authentication.k8s.io/v1beta1, not v1)', () =>
      withServer({ auth: 'exec', execApiVersion: 'client.authentication.k8s.io/v1beta1' }, async (es) => {
        const r = await kubectl(bin, es, ['get', 'pods', '-n', 'ci', '-o', 'name']);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout.split('\n').filter(Boolean).length, 5);
        assert.ok(fs.readFileSync(path.join(es.dir, 'exec-calls.log'), 'utf8').trim().split('\n').length >= 1, 'the plugin ran');
        assert.ok(es.requests.every((q) => q.authenticatedBy === 'token' && q.user === 'test-user'));
      }));

    it("the rbac 403 gives kubectl's Forbidden message", () =>
      withServer({ rbac: (q) => !(q.resource === 'pods' && q.namespace === 'kube-system') }, async (rs) => {
        const r = await kubectl(bin, rs, ['get', 'pods', '-n', 'kube-system']);
        assert.notEqual(r.code, 0);
        assert.match(
          r.stderr,
          /Error from server \(Forbidden\): pods is forbidden: User "test-user" cannot list resource "pods" in API group "" in the namespace "kube-system"/,
        );
      }));

    it('the 200 MB log with --limit-bytes returns at most that many bytes, quickly', () =>
      withServer({ bigLogBytes: 200 * 1024 * 1024 }, async (bs) => {
        const r = await kubectl(bin, bs, ['logs', '-n', BIG_LOG_TARGET.namespace, BIG_LOG_TARGET.pod, '-c', BIG_LOG_TARGET.container, '--limit-bytes=65536']);
        assert.equal(r.code, 0, r.stderr);
        assert.ok(Buffer.byteLength(r.stdout) <= 65536, String(Buffer.byteLength(r.stdout)));
        assert.ok(Buffer.byteLength(r.stdout) > 60000);
        assert.ok(r.ms < 5000, `took ${r.ms} ms`);
        assert.equal(bs.requests.at(-1)!.query.limitBytes, '65536');
      }));
  });
});
