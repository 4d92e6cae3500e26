import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { diagnoseTexts } from '../../../src/core';
import { loadCatalogue } from '../../../src/node/loadCatalogue';
import { collectClusterInputs } from '../../../src/cluster/clusterSource';
import { collect, fakeServer, kubeconfigVariant, NOW, PODS } from './helpers';

const catalogue = loadCatalogue();
const findings = (inputs: { name: string; text: string }[]) => diagnoseTexts(catalogue, inputs, { defaultYear: 2024 }).findings.map((f) => f.signatureId);

describe('cluster source: reading (fake API server, token auth)', function () {
  this.timeout(20000);
  const s = fakeServer();

  it('reads a restarted pod: describe, current and previous container logs, bounded', async () => {
    const { inputs, problems } = await collect(s.srv, { pod: PODS.restarted });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      inputs.map((i) => i.name),
      [`pod ci/${PODS.restarted} (describe)`, `pod ci/${PODS.restarted} container api`, `pod ci/${PODS.restarted} container api (previous)`],
    );
    assert.equal(inputs[0].kind, 'kubectl-describe');
    assert.equal(inputs[1].kind, undefined);
    const logs = s.srv.requests.filter((r) => r.path.endsWith(`/pods/${PODS.restarted}/log`));
    assert.deepEqual(logs.map((r) => r.query.previous ?? 'false').sort(), ['false', 'true']);
    for (const r of logs) assert.deepEqual([r.query.tailLines, r.query.limitBytes], ['5000', String(10 * 1024 * 1024)]);
  });

  it('reads only the previous log of a crash-looping container, and finds oom-killed and crash-loop-backoff', async () => {
    const { inputs, problems } = await collect(s.srv, { pod: PODS.oom });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      inputs.map((i) => i.name),
      [`pod ci/${PODS.oom} (describe)`, `pod ci/${PODS.oom} container api (previous)`],
    );
    assert.match(inputs[0].text, /Last State: +Terminated\n +Reason: +OOMKilled\n +Exit Code: +137/);
    assert.match(inputs[0].text, /Warning +BackOff +\S+ \(x97 over \S+\) +kubelet/);
    const found = findings(inputs);
    assert.ok(found.includes('oom-killed') && found.includes('crash-loop-backoff'), found.join(', '));
  });

  it('finds pod-evicted-disk-pressure for the evicted Jenkins agent', async () => {
    const { inputs, problems } = await collect(s.srv, { pod: PODS.evicted });
    assert.deepEqual(problems, []);
    assert.match(inputs[0].text, /^Reason: +Evicted\nMessage: +The node was low on resource: nodefs\.$/m);
    assert.ok(inputs.some((i) => i.name === `pod ci/${PODS.evicted} container jnlp`));
    assert.ok(findings(inputs).includes('pod-evicted-disk-pressure'));
  });

  it('reads the pods of a label selector', async () => {
    const { inputs, problems } = await collect(s.srv, { selector: 'app=payments-api' });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      inputs.filter((i) => i.kind === 'kubectl-describe').map((i) => i.name),
      [`pod ci/${PODS.oom} (describe)`, `pod ci/${PODS.restarted} (describe)`],
    );
    assert.ok(s.srv.requests.some((r) => r.path === '/api/v1/namespaces/ci/pods' && r.query.labelSelector === 'app=payments-api'));
  });

  it('reports a selector that matches nothing', async () => {
    const { inputs, problems } = await collect(s.srv, { selector: 'app=nothing' });
    assert.deepEqual(inputs, []);
    assert.match(problems[0].message, /no pods match app=nothing in namespace ci/);
    assert.equal(problems[0].fatal, true);
  });

  it('reads a node: conditions and events as describe, its pods as get pods -o wide', async () => {
    const { inputs, problems } = await collect(s.srv, { node: 'aks-nodepool1-2' });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      inputs.map((i) => [i.name, i.kind]),
      [
        ['node aks-nodepool1-2 (describe)', 'kubectl-describe'],
        ['pods on node aks-nodepool1-2', 'kubectl-get'],
      ],
    );
    assert.match(inputs[0].text, /^ {2}DiskPressure +True .* KubeletHasDiskPressure +kubelet has disk pressure$/m);
    assert.match(inputs[0].text, /ImageGCFailed/);
    assert.match(inputs[1].text, new RegExp(`^ci +${PODS.evicted} +0/2 +Evicted `, 'm'));
    assert.ok(s.srv.requests.some((r) => r.path === '/api/v1/pods' && r.query.fieldSelector === 'spec.nodeName=aks-nodepool1-2'));
    const found = findings(inputs);
    assert.ok(found.includes('node-disk-pressure') && found.includes('pod-evicted-disk-pressure'), found.join(', '));
    const notReady = await collect(s.srv, { node: 'aks-nodepool1-3' });
    assert.ok(findings(notReady.inputs).includes('node-not-ready'));
  });

  it('reads the namespace events as a get events table with counts', async () => {
    const { inputs, problems } = await collect(s.srv, { events: true });
    assert.deepEqual(problems, []);
    assert.equal(inputs.length, 1);
    assert.equal(inputs[0].name, 'events in ci');
    assert.match(inputs[0].text, /^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$/m);
    assert.match(inputs[0].text, /\(x131 over \S+\) +Warning +FailedCreatePodSandBox +pod\/artifact-cache-0/);
    const found = findings(inputs);
    for (const id of ['pod-evicted-disk-pressure', 'image-pull-failure', 'crash-loop-backoff', 'cni-setup-failure'])
      assert.ok(found.includes(id), `${id} not in ${found.join(', ')}`);
  });

  it('reports progress, done = total at the end', async () => {
    const seen: [number, number, string][] = [];
    await collectClusterInputs(
      { kubeconfig: s.srv.kubeconfigPath, namespace: 'ci' },
      { pod: PODS.restarted },
      {},
      { now: () => NOW, onProgress: (d, t, w) => seen.push([d, t, w]) },
    );
    assert.equal(seen.length, 4);
    assert.equal(seen[3][0], seen[3][1]);
  });

  it("redacts the connection's credentials from what it reads", async () => {
    const key = `ci/${PODS.restarted}/api`;
    const before = s.srv.objects.logs[key];
    s.srv.objects.logs[key] = `${before ?? ''}2024-11-14T09:40:00Z debug: calling the API with Authorization: Bearer ${s.srv.token}\n`;
    try {
      const { inputs } = await collect(s.srv, { pod: PODS.restarted });
      const log = inputs.find((i) => i.name.endsWith('container api'))!;
      assert.ok(!log.text.includes(s.srv.token));
      assert.match(log.text, /\[REDACTED:credential\]/);
    } finally {
      s.srv.objects.logs[key] = before;
    }
  });

  it("uses the kubeconfig context's namespace when none is given, and --context", async () => {
    const kc = kubeconfigVariant(s.srv, (k) => {
      k.contexts[0].context.namespace = 'ci';
      k.contexts.push({ name: 'other', context: { ...k.contexts[0].context, namespace: 'kube-system' } });
    });
    const a = await collectClusterInputs({ kubeconfig: kc }, { pod: PODS.oom }, {}, { now: () => NOW });
    assert.deepEqual(a.problems, []);
    const b = await collectClusterInputs({ kubeconfig: kc, context: 'other' }, { pod: PODS.oom }, {}, { now: () => NOW });
    assert.match(b.problems[0].message, /pod kube-system\/payments-api-6d8f7b9c5d-7kq2n does not exist; see `kubectl get pods -n kube-system --context other`/);
    const c = await collectClusterInputs({ kubeconfig: kc, context: 'nope' }, { pod: PODS.oom }, {}, { now: () => NOW });
    assert.match(c.problems[0].message, /context "nope" not found in the kubeconfig \(it has: fake, other\)/);
  });
});

describe('cluster source: authentication', function () {
  this.timeout(20000);
  describe('client certificate', () => {
    const s = fakeServer({ auth: 'client-cert' });
    it("authenticates with the kubeconfig's client certificate", async () => {
      const { inputs, problems } = await collect(s.srv, { pod: PODS.evicted });
      assert.deepEqual(problems, []);
      assert.ok(inputs.length >= 2);
      assert.ok(s.srv.requests.every((r) => r.authenticatedBy === 'client-cert'));
    });
  });
  describe('exec plugin', () => {
    const s = fakeServer({ auth: 'exec' });
    it("authenticates with the exec plugin's token, and never shows it", async () => {
      const { inputs, problems } = await collect(s.srv, { pod: PODS.oom });
      assert.deepEqual(problems, []);
      assert.ok(inputs.length >= 2);
      assert.ok(s.srv.requests.every((r) => r.authenticatedBy === 'token'));
      assert.ok(inputs.every((i) => !i.text.includes(s.srv.token)));
    });
  });
});

describe('cluster source: workloads', function () {
  this.timeout(20000);
  const s = fakeServer();
  let server: http.Server;
  const seen: string[] = [];
  before(async () => {
    // The fake API server has no apps/v1: a plain-HTTP stand-in serves a Deployment and its pods.
    const pod = (name: string, labels: Record<string, string>) => ({
      metadata: { name, namespace: 'ci', labels },
      spec: { containers: [{ name: 'app' }] },
      status: { phase: 'Pending', containerStatuses: [{ name: 'app', restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }] },
    });
    server = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      const url = new URL(req.url ?? '/', 'http://x');
      res.setHeader('Content-Type', 'application/json');
      if (url.pathname === '/apis/apps/v1/namespaces/ci/deployments/web') {
        res.end(
          JSON.stringify({
            metadata: { name: 'web', namespace: 'ci' },
            spec: { selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['canary'] }] } },
          }),
        );
      } else if (url.pathname === '/api/v1/namespaces/ci/pods') {
        res.end(
          JSON.stringify({
            items: url.searchParams.get('labelSelector') === 'app=web,track notin (canary)' ? [pod('web-2', { app: 'web' }), pod('web-1', { app: 'web' })] : [],
          }),
        );
      } else if (url.pathname.endsWith('/events')) {
        res.end(
          JSON.stringify({
            items:
              url.searchParams.get('fieldSelector') === 'regarding.kind=Deployment,regarding.name=web'
                ? [
                    {
                      metadata: { name: 'web.1' },
                      regarding: { kind: 'Deployment', name: 'web', namespace: 'ci' },
                      reason: 'ScalingReplicaSet',
                      note: 'Scaled up replica set web-6d8f to 2',
                      type: 'Normal',
                      eventTime: '2024-11-14T09:00:00Z',
                    },
                  ]
                : [],
          }),
        );
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' }));
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  after(() => server.close());

  it("reads a deployment's selector, then its pods and its own events", async () => {
    const kc = join(mkdtempSync(join(tmpdir(), 'pml-kc-')), 'kubeconfig');
    writeFileSync(
      kc,
      YAML.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'c',
        clusters: [{ name: 'c', cluster: { server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'u', user: { token: 'tok-0123456789abcdef' } }],
        contexts: [{ name: 'c', context: { cluster: 'c', user: 'u', namespace: 'ci' } }],
      }),
    );
    const { inputs, problems } = await collect(kc, { selector: 'deployment/web' });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      inputs.map((i) => i.name),
      ['events of deployment ci/web', 'pod ci/web-1 (describe)', 'pod ci/web-2 (describe)'],
    );
    assert.match(inputs[0].text, /ScalingReplicaSet +deployment\/web/);
    assert.ok(findings(inputs).includes('image-pull-failure'));
  });

  it('says when the workload does not exist', async () => {
    const { inputs, problems } = await collect(s.srv, { selector: 'deploy/payments-api' });
    assert.deepEqual(inputs, []);
    assert.deepEqual(
      problems.map((p) => [p.fatal, p.message]),
      [[true, 'deployment ci/payments-api does not exist; see `kubectl get deployments -n ci --context fake`']],
    );
  });
});
