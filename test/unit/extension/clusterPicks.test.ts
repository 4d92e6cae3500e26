import { strict as assert } from 'node:assert';
import {
  clusterDocumentPaths,
  clusterRequestFromArgs,
  contextPickItems,
  limitsFromSettings,
  namespacePickItems,
  objectPickItems,
  problemLine,
  problemSummary,
  specLabel,
  typedPickItem,
} from '../../../src/extension/commands/clusterPicks';
import { nodeEntry, podEntry, workloadEntry } from '../../../src/cluster/clusterCatalog';
import type { Node, Pod } from '../../../src/cluster/apiTypes';

const NOW = new Date('2024-11-14T10:00:00Z');

describe('extension: Diagnose Cluster Resource helpers', () => {
  it('reads the argument object: target, and at most one thing to read', () => {
    assert.equal(clusterRequestFromArgs(undefined), undefined);
    assert.equal(clusterRequestFromArgs([]), undefined);
    assert.equal(clusterRequestFromArgs({ source: 'active' }), undefined, 'not a cluster argument');
    assert.deepEqual(clusterRequestFromArgs({ kubeconfig: '/k', namespace: ' ci ', pod: 'web-1' }), {
      target: { kubeconfig: '/k', namespace: 'ci' },
      spec: { pod: 'web-1' },
    });
    assert.deepEqual(clusterRequestFromArgs({ context: 'prod', selector: 'deployment/web' }), {
      target: { context: 'prod' },
      spec: { selector: 'deployment/web' },
    });
    assert.deepEqual(clusterRequestFromArgs({ node: 'aks-1' }), { target: {}, spec: { node: 'aks-1' } });
    assert.deepEqual(clusterRequestFromArgs({ namespace: 'ci', events: true }), { target: { namespace: 'ci' }, spec: { events: true } });
    assert.deepEqual(clusterRequestFromArgs({ context: 'prod' }), { target: { context: 'prod' } }, 'no spec: ask for the rest');
    assert.deepEqual(clusterRequestFromArgs({ pod: 'a', node: 'b' }), { error: 'name one of pod, selector, node or events' });
    assert.deepEqual(clusterRequestFromArgs({ pod: '  ' }), { target: {} });
  });

  it('labels what is read', () => {
    assert.equal(specLabel({ pod: 'pods/web-1' }, 'ci'), 'pod ci/web-1');
    assert.equal(specLabel({ selector: 'deployment/web' }, 'ci'), 'deployment/web in ci');
    assert.equal(specLabel({ selector: 'app=web' }, 'ci'), 'pods app=web in ci');
    assert.equal(specLabel({ node: 'node/aks-1' }, 'ci'), 'node aks-1');
    assert.equal(specLabel({ events: true }, 'ci'), 'events in ci');
  });

  it('turns the settings into limits; 0 seconds means no age limit', () => {
    const settings: Record<string, unknown> = { tailLines: 5000, limitBytes: 10485760, sinceSeconds: 0, concurrency: 4, timeoutSeconds: 15 };
    assert.deepEqual(
      limitsFromSettings((k) => settings[k]),
      { tailLines: 5000, limitBytes: 10485760, sinceSeconds: undefined, concurrency: 4, timeoutMs: 15000 },
    );
    assert.deepEqual(
      limitsFromSettings((k) => (({ sinceSeconds: 3600, tailLines: -1, concurrency: 'x' }) as Record<string, unknown>)[k]),
      { tailLines: undefined, limitBytes: undefined, sinceSeconds: 3600, concurrency: undefined, timeoutMs: undefined },
    );
  });

  it("builds context and namespace items, the current context and the context's namespace first", () => {
    const items = contextPickItems([
      { name: 'prod', cluster: 'aks-prod', namespace: 'ci', current: true },
      { name: 'dev', current: false },
    ]);
    assert.deepEqual(items, [
      { label: 'prod', description: 'current · cluster aks-prod', detail: 'namespace ci', value: 'prod' },
      { label: 'dev', description: undefined, detail: undefined, value: 'dev' },
    ]);
    const entries = ['ci', 'default', 'kube-system'].map((name) => ({ name, status: 'Active', detail: '', unhealthy: false }));
    assert.deepEqual(
      namespacePickItems(entries, 'default').map((i) => [i.value, i.description]),
      [
        ['default', 'context default · Active'],
        ['ci', 'Active'],
        ['kube-system', 'Active'],
      ],
    );
    assert.deepEqual(
      namespacePickItems([], 'team-a').map((i) => [i.label, i.description]),
      [['team-a', 'context default']],
      'listing denied: still offered',
    );
  });

  it('builds pod items from API objects with their status, those needing attention first', () => {
    const pods: Pod[] = [
      {
        metadata: { name: 'web-ok', creationTimestamp: '2024-11-14T09:00:00Z' },
        spec: { nodeName: 'aks-1', containers: [{ name: 'app' }] },
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }],
        },
      },
      {
        metadata: { name: 'agent-1' },
        spec: { containers: [{ name: 'jnlp' }, { name: 'dind' }] },
        status: { phase: 'Failed', reason: 'Evicted', containerStatuses: [{ name: 'jnlp', state: { terminated: { exitCode: 137, reason: 'Error' } } }] },
      },
      {
        metadata: { name: 'api-1' },
        spec: { containers: [{ name: 'api' }] },
        status: {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'api',
              restartCount: 7,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: '2024-11-14T09:55:00Z' } },
            },
          ],
        },
      },
    ];
    const items = objectPickItems(pods.map((p) => podEntry(p, NOW)));
    assert.deepEqual(
      items.map((i) => [i.label, i.description, i.value]),
      [
        ['$(warning) agent-1', 'Evicted', 'agent-1'],
        ['$(warning) api-1', 'CrashLoopBackOff', 'api-1'],
        ['$(pass) web-ok', 'Running', 'web-ok'],
      ],
    );
    assert.equal(items[1].detail, 'ready 0/1 · restarts 7 (5m ago)');
    assert.equal(items[2].detail, 'ready 1/1 · restarts 0 · node aks-1 · age 60m');
  });

  it('builds node and workload items: NotReady, pressure conditions, replicas', () => {
    const node = (name: string, ready: string, extra: { type: string; status: string }[] = [], unschedulable = false): Node => ({
      metadata: { name, labels: { 'kubernetes.io/role': 'agent' } },
      spec: { unschedulable },
      status: { conditions: [{ type: 'Ready', status: ready }, ...extra], nodeInfo: { kubeletVersion: 'v1.29.2' } },
    });
    assert.deepEqual(
      [
        node('a', 'True'),
        node('b', 'False'),
        node('c', 'Unknown'),
        node(
          'd',
          'True',
          [
            { type: 'DiskPressure', status: 'True' },
            { type: 'MemoryPressure', status: 'False' },
          ],
          true,
        ),
      ]
        .map((n) => nodeEntry(n, NOW))
        .map((e) => [e.name, e.status, e.unhealthy]),
      [
        ['a', 'Ready', false],
        ['b', 'NotReady', true],
        ['c', 'Unknown', true],
        ['d', 'Ready,SchedulingDisabled,DiskPressure', true],
      ],
    );
    assert.equal(nodeEntry(node('a', 'True'), NOW).detail, 'roles agent · v1.29.2');
    assert.deepEqual(workloadEntry('deployment', { metadata: { name: 'web' }, spec: { replicas: 3 }, status: { readyReplicas: 1 } }, NOW), {
      name: 'deployment/web',
      status: '1/3 ready',
      detail: '',
      unhealthy: true,
    });
    assert.deepEqual(
      workloadEntry('daemonset', { metadata: { name: 'fluentd' }, status: { desiredNumberScheduled: 2, numberReady: 2 } }, NOW).status,
      '2/2 ready',
    );
    assert.deepEqual(
      workloadEntry(
        'job',
        {
          metadata: { name: 'nightly' },
          spec: { completions: 1 },
          status: { failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] },
        },
        NOW,
      ),
      { name: 'job/nightly', status: 'Failed (BackoffLimitExceeded) · 0/1 succeeded', detail: '', unhealthy: true },
    );
    assert.deepEqual(typedPickItem(' gone-pod ', 'pod'), { label: '$(edit) gone-pod', description: 'use this pod', alwaysShow: true, value: 'gone-pod' });
  });

  it('gives every fetched input a unique .log path under /cluster/<context>', () => {
    assert.deepEqual(
      clusterDocumentPaths('arn:aws:eks:eu-west-1:1:cluster/prod', [
        'pod ci/jenkins-1 (describe)',
        'pod ci/jenkins-1 container jnlp',
        'pod ci/jenkins-1 container jnlp (previous)',
        'events of pod ci/gone-1',
        'events of deployment ci/web',
        'node aks-1 (describe)',
        'pods on node aks-1',
        'events in ci',
        'pod ci/jenkins-1 container describe',
        'something else',
      ]),
      [
        '/cluster/arn:aws:eks:eu-west-1:1:cluster_prod/ci/jenkins-1/describe.log',
        '/cluster/arn:aws:eks:eu-west-1:1:cluster_prod/ci/jenkins-1/jnlp.log',
        '/cluster/arn:aws:eks:eu-west-1:1:cluster_prod/ci/jenkins-1/jnlp.previous.log',
        '/cluster/arn:aws:eks:eu-west-1:1:cluster_prod/ci/gone-1/events.log',
        '/cluster/arn:aws:eks:eu-west-1:1:cluster_prod/ci/deployment/web/events.log',
        '/cluster/arn:aws:eks:eu-west-1:1:cluster_prod/nodes/aks-1/describe.log',
        '/cluster/arn:aws:eks:eu-west-1:1:cluster_prod/nodes/aks-1/pods.log',
        '/cluster/arn:aws:eks:eu-west-1:1:cluster_prod/ci/events.log',
        '/cluster/arn:aws:eks:eu-west-1:1:cluster_prod/ci/jenkins-1/describe-2.log',
        '/cluster/arn:aws:eks:eu-west-1:1:cluster_prod/something-else.log',
      ],
    );
    assert.deepEqual(clusterDocumentPaths('..', ['pod ./.. container x']), ['/cluster/_/./../x.log'.replace('/./../', '/_/_/')]);
  });

  it('words problems for the notification', () => {
    const forbidden = {
      source: 'pod ci/a container jnlp',
      message: 'forbidden (403): fake-user cannot get pods/log in namespace ci; ask for that permission',
      fatal: false,
    };
    const lost = { source: 'context fake', message: 'cannot reach the API server at https://127.0.0.1:1 (connection refused)', fatal: true };
    assert.equal(problemLine(forbidden), 'pod ci/a container jnlp: forbidden (403): fake-user cannot get pods/log in namespace ci; ask for that permission');
    assert.equal(problemLine({ source: 'pod ci/x', message: 'pod ci/x does not exist', fatal: true }), 'pod ci/x does not exist');
    assert.equal(
      problemSummary([forbidden, forbidden], 'pod ci/a', false),
      'Postmortem Lens: part of pod ci/a could not be read: pod ci/a container jnlp: forbidden (403): fake-user cannot get pods/log in namespace ci; ask for that permission (and 1 more)',
    );
    assert.equal(
      problemSummary([forbidden, lost], 'pod ci/a', true),
      'Postmortem Lens: nothing could be read for pod ci/a: context fake: cannot reach the API server at https://127.0.0.1:1 (connection refused) (and 1 more)',
    );
  });
});
