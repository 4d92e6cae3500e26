import { strict as assert } from 'node:assert';
import { listContexts, listNamespaces, listNodes, listPods, listWorkloads } from '../../../src/cluster/clusterCatalog';
import { fakeServer, kubeconfigVariant, NOW, PODS } from './helpers';

describe('cluster catalog: what the picker lists (fake API server)', function () {
  this.timeout(20000);
  const s = fakeServer();

  it("lists the kubeconfig's contexts, current first, without credentials", () => {
    const kc = kubeconfigVariant(s.srv, (k) => {
      k.contexts.unshift({ name: 'other', context: { cluster: 'fake', user: 'fake-user' } });
      k['current-context'] = 'fake';
    });
    const { contexts, problem } = listContexts(kc);
    assert.equal(problem, undefined);
    assert.deepEqual(contexts, [
      { name: 'fake', cluster: 'fake', namespace: 'default', current: true },
      { name: 'other', cluster: 'fake', namespace: undefined, current: false },
    ]);
    assert.ok(!JSON.stringify(contexts).includes(s.srv.token));
    assert.match(listContexts('/no/such/kubeconfig').problem ?? '', /cannot read the kubeconfig \/no\/such\/kubeconfig: no such file/);
  });

  it("lists namespaces, with the context's namespace", async () => {
    const l = await listNamespaces({ kubeconfig: s.srv.kubeconfigPath }, { now: () => NOW });
    assert.deepEqual(l.problems, []);
    assert.equal(l.namespace, 'default');
    assert.equal(l.context, 'fake');
    assert.ok(
      ['ci', 'default', 'kube-system'].every((n) => l.items.some((i) => i.name === n)),
      l.items.map((i) => i.name).join(', '),
    );
  });

  it("lists pods with kubectl's status", async () => {
    const l = await listPods({ kubeconfig: s.srv.kubeconfigPath, namespace: 'ci' }, { now: () => NOW });
    const status = Object.fromEntries(l.items.map((i) => [i.name, i.status]));
    assert.equal(status[PODS.evicted], 'Evicted');
    assert.equal(status[PODS.oom], 'CrashLoopBackOff');
    assert.equal(status[PODS.imagePull], 'ImagePullBackOff');
    assert.equal(status[PODS.restarted], 'Running');
    assert.equal(l.items.find((i) => i.name === PODS.restarted)?.unhealthy, false);
    assert.ok(s.srv.requests.some((r) => r.path === '/api/v1/namespaces/ci/pods' && r.query.limit === '500'));
  });

  it('lists nodes with Ready/NotReady/Unknown and pressure', async () => {
    const l = await listNodes({ kubeconfig: s.srv.kubeconfigPath }, { now: () => NOW });
    assert.deepEqual(
      l.items.map((i) => [i.name, i.status]),
      [
        ['aks-nodepool1-1', 'Ready'],
        ['aks-nodepool1-2', 'Ready,DiskPressure'],
        ['aks-nodepool1-3', 'Unknown'],
      ],
    );
  });

  it('skips workload kinds the server does not serve, quietly', async () => {
    const l = await listWorkloads({ kubeconfig: s.srv.kubeconfigPath, namespace: 'ci' });
    assert.deepEqual(l, { items: [], truncated: false, problems: [], context: 'fake', namespace: 'ci' });
  });

  it('reports a kubeconfig it cannot load, and an unknown context, as a problem', async () => {
    const l = await listPods({ kubeconfig: s.srv.kubeconfigPath, context: 'nope' });
    assert.deepEqual(l.items, []);
    assert.match(l.problems[0].message, /context "nope" not found in the kubeconfig \(it has: fake\)/);
  });
});

describe('cluster catalog: denied listing', function () {
  this.timeout(20000);
  const s = fakeServer({ rbac: (r) => r.resource !== 'namespaces' });
  it("words the 403 and keeps the context's namespace", async () => {
    const l = await listNamespaces({ kubeconfig: s.srv.kubeconfigPath });
    assert.deepEqual(l.items, []);
    assert.equal(l.namespace, 'default');
    assert.match(l.problems[0].message, /forbidden \(403\): .*cannot list namespaces at cluster scope/);
    assert.ok(!l.problems[0].message.includes(s.srv.token));
  });
});
