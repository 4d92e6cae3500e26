import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node, Pod } from '../../../src/cluster/apiTypes';
import { fromCoreEvent, fromEventsV1, type ClusterEvent } from '../../../src/cluster/clusterEvent';
import { renderNodeDescribe, renderPodDescribe, rfc1123 } from '../../../src/cluster/renderDescribe';
import { humanDuration, layoutTable, podSummary, renderEventsTable, renderPodsWide } from '../../../src/cluster/renderTables';
import { parseWorkloadRef, selectorString } from '../../../src/cluster/workloadSelector';
import { diagnoseTexts, type LogKind } from '../../../src/core';
import { loadCatalogue } from '../../../src/node/loadCatalogue';

const NOW = new Date('2024-11-14T10:00:00Z');
const catalogue = loadCatalogue();

function ids(inputs: { name: string; text: string; kind?: LogKind }[]): string[] {
  return diagnoseTexts(catalogue, inputs, { defaultYear: 2024 }).findings.map((f) => f.signatureId);
}

function pod(name: string, status: Pod['status'], extra: Partial<Pod> = {}): Pod {
  return {
    metadata: {
      name,
      namespace: 'ci',
      creationTimestamp: '2024-11-14T08:58:12Z',
      labels: { app: 'jenkins' },
      ownerReferences: [{ kind: 'ReplicaSet', name: 'x-6d8f', controller: true }],
    },
    spec: { nodeName: 'aks-nodepool1-2', containers: [{ name: 'jnlp', image: 'jenkins/inbound-agent:4.13', resources: { requests: { cpu: '100m' } } }] },
    status,
    ...extra,
  };
}

function ev(reason: string, message: string, o: Partial<ClusterEvent> = {}): ClusterEvent {
  return {
    type: 'Warning',
    reason,
    message,
    object: { kind: 'Pod', name: 'p', namespace: 'ci' },
    source: 'kubelet, aks-nodepool1-2',
    count: 1,
    firstSeen: '2024-11-14T09:07:02Z',
    lastSeen: '2024-11-14T09:07:02Z',
    ...o,
  };
}

const evicted = pod('backend-main-142', {
  phase: 'Failed',
  reason: 'Evicted',
  message: 'The node was low on resource: nodefs. ',
  hostIP: '10.240.0.6',
  startTime: '2024-11-14T08:58:12Z',
  containerStatuses: [
    {
      name: 'jnlp',
      ready: false,
      restartCount: 0,
      state: { terminated: { reason: 'Error', exitCode: 143, startedAt: '2024-11-14T08:58:14Z', finishedAt: '2024-11-14T09:07:33Z' } },
    },
  ],
});

const oom = pod('payments-api-7kq2n', {
  phase: 'Running',
  podIP: '10.244.1.52',
  conditions: [
    { type: 'Initialized', status: 'True' },
    { type: 'Ready', status: 'False' },
  ],
  containerStatuses: [
    {
      name: 'jnlp',
      ready: false,
      restartCount: 7,
      state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=api' } },
      lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, startedAt: '2024-11-14T09:34:11Z', finishedAt: '2024-11-14T09:35:02Z' } },
    },
  ],
});

describe('cluster renderers', () => {
  it('humanDuration follows kubectl', () => {
    const s = 1000;
    assert.deepEqual(
      [5 * s, 119 * s, 192 * s, 600 * s, 3 * 3600 * s + 60 * s, 26 * 3600 * s, 113 * 86400 * s, 3 * 86400 * s + 2 * 3600 * s].map(humanDuration),
      ['5s', '119s', '3m12s', '10m', '3h1m', '26h', '113d', '3d2h'],
    );
    assert.equal(humanDuration(-5000), '<invalid>');
  });

  it('layoutTable pads every column but the last, header words at value starts', () => {
    const lines = layoutTable(
      [
        ['NAME', 'STATUS', 'MESSAGE'],
        ['a-very-long-name', 'Evicted', 'x  y'],
      ],
      3,
    );
    assert.equal(lines[0].indexOf('STATUS'), lines[1].indexOf('Evicted'));
    assert.equal(lines[1], 'a-very-long-name   Evicted   x  y');
  });

  it("rfc1123 is describe's time format", () => {
    assert.equal(rfc1123('2024-11-14T09:07:02Z'), 'Thu, 14 Nov 2024 09:07:02 +0000');
    assert.equal(rfc1123(undefined), '<unset>');
  });

  it('normalises events of both APIs, counts and reporters kept', () => {
    const core = fromCoreEvent({
      metadata: { name: 'p.1' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'ci' },
      reason: 'BackOff',
      message: 'Back-off restarting\nfailed container',
      type: 'Warning',
      source: { component: 'kubelet', host: 'aks-nodepool1-2' },
      firstTimestamp: '2024-11-14T08:40:00Z',
      lastTimestamp: '2024-11-14T09:35:00Z',
      count: 97,
    });
    assert.deepEqual(
      [core.count, core.source, core.message, core.lastSeen],
      [97, 'kubelet, aks-nodepool1-2', 'Back-off restarting failed container', '2024-11-14T09:35:00Z'],
    );
    const v1 = fromEventsV1({
      metadata: { name: 'p.2' },
      regarding: { kind: 'Node', name: 'aks-nodepool1-2' },
      reason: 'ImageGCFailed',
      note: 'failed to garbage collect',
      type: 'Warning',
      eventTime: '2024-11-14T09:00:00.000000Z',
      series: { count: 9, lastObservedTime: '2024-11-14T09:40:00.000000Z' },
      reportingController: 'kubelet',
      reportingInstance: 'aks-nodepool1-2',
    });
    assert.deepEqual(
      [v1.count, v1.source, v1.firstSeen, v1.lastSeen],
      [9, 'kubelet, aks-nodepool1-2', '2024-11-14T09:00:00.000000Z', '2024-11-14T09:40:00.000000Z'],
    );
  });

  it('podSummary prints STATUS as kubectl does', () => {
    assert.deepEqual(podSummary(evicted, NOW), { status: 'Evicted', ready: '0/1', restarts: '0' });
    assert.deepEqual(podSummary(oom, NOW), { status: 'CrashLoopBackOff', ready: '0/1', restarts: '7 (24m ago)' });
    const pulling = pod('r', { phase: 'Pending', containerStatuses: [{ name: 'jnlp', restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }] });
    assert.equal(podSummary(pulling, NOW).status, 'ImagePullBackOff');
    const init = pod('i', { phase: 'Pending', initContainerStatuses: [{ name: 'init', restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }] });
    init.spec!.initContainers = [{ name: 'init' }];
    assert.equal(podSummary(init, NOW).status, 'Init:CrashLoopBackOff');
    const deleting = pod('d', { phase: 'Running' });
    deleting.metadata.deletionTimestamp = '2024-11-14T09:59:00Z';
    assert.equal(podSummary(deleting, NOW).status, 'Terminating');
  });

  it('describes an evicted pod so pod-evicted-disk-pressure matches', () => {
    const text = renderPodDescribe(evicted, [ev('Evicted', 'The node was low on resource: nodefs.')], NOW);
    assert.match(text, /^Status: +Failed$/m);
    assert.match(text, /^Reason: +Evicted$/m);
    assert.match(text, /^Message: +The node was low on resource: nodefs\.$/m);
    assert.match(text, /^Controlled By: +ReplicaSet\/x-6d8f$/m);
    assert.match(text, /^ {2}Warning +Evicted +52m +kubelet, aks-nodepool1-2 +The node was low on resource: nodefs\.$/m);
    assert.ok(ids([{ name: 'describe', text, kind: 'kubectl-describe' }]).includes('pod-evicted-disk-pressure'));
  });

  it('describes container states: Last State Terminated OOMKilled, Waiting CrashLoopBackOff', () => {
    const text = renderPodDescribe(
      oom,
      [ev('BackOff', 'Back-off restarting failed container', { count: 97, firstSeen: '2024-11-14T08:43:00Z', lastSeen: '2024-11-14T09:35:00Z' })],
      NOW,
    );
    assert.match(text, /^ {4}State: +Waiting\n {6}Reason: +CrashLoopBackOff$/m);
    assert.match(text, /^ {4}Last State: +Terminated\n {6}Reason: +OOMKilled\n {6}Exit Code: +137$/m);
    assert.match(text, /^ {4}Restart Count: +7$/m);
    assert.match(text, /25m \(x97 over 77m\)/);
    const d = diagnoseTexts(catalogue, [{ name: 'describe', text, kind: 'kubectl-describe' }], { defaultYear: 2024 });
    const found = d.findings.map((f) => f.signatureId);
    assert.ok(found.includes('oom-killed') && found.includes('crash-loop-backoff'), found.join(', '));
    const occ = d.findings.find((f) => f.signatureId === 'oom-killed')!.occurrences[0];
    assert.equal(occ.refs.pod, 'payments-api-7kq2n');
    assert.equal(occ.refs.container, 'jnlp');
  });

  it('describes image pull and sandbox failures so their signatures match', () => {
    const pulling = pod('report-generator', {
      phase: 'Pending',
      containerStatuses: [
        { name: 'jnlp', restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "acme/report:2.14"' } } },
      ],
    });
    assert.ok(ids([{ name: 'd', text: renderPodDescribe(pulling, [], NOW), kind: 'kubectl-describe' }]).includes('image-pull-failure'));
    const creating = pod('artifact-cache-0', {
      phase: 'Pending',
      containerStatuses: [{ name: 'jnlp', restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }],
    });
    const text = renderPodDescribe(
      creating,
      [
        ev(
          'FailedCreatePodSandBox',
          'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "a1b2": plugin type="calico" failed (add): error getting ClusterInformation: connection is unauthorized: Unauthorized',
          { count: 131, firstSeen: '2024-11-14T08:55:00Z' },
        ),
      ],
      NOW,
    );
    assert.match(text, /Reason: +ContainerCreating/);
    assert.ok(ids([{ name: 'd', text, kind: 'kubectl-describe' }]).includes('cni-setup-failure'));
  });

  it('leaves out environment, annotations and command lines (they may hold secrets)', () => {
    const p = pod('x', { phase: 'Running' });
    (p.spec!.containers![0] as unknown as Record<string, unknown>).env = [{ name: 'JENKINS_SECRET', value: 's3cr3t-value' }];
    (p.metadata as unknown as Record<string, unknown>).annotations = { token: 's3cr3t-value' };
    assert.ok(!renderPodDescribe(p, [], NOW).includes('s3cr3t'));
  });

  it('says when events could not be read rather than that there were none', () => {
    assert.match(renderPodDescribe(evicted, undefined, NOW), /^Events: +<unknown> \(they could not be read\)$/m);
    assert.match(renderPodDescribe(evicted, [], NOW), /^Events: +<none>$/m);
  });

  const diskNode: Node = {
    metadata: {
      name: 'aks-nodepool1-2',
      creationTimestamp: '2024-09-03T07:12:44Z',
      labels: { 'kubernetes.io/role': 'agent', 'node-role.kubernetes.io/agent': '' },
    },
    spec: { taints: [{ key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' }] },
    status: {
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          lastHeartbeatTime: '2024-11-14T09:41:07Z',
          lastTransitionTime: '2024-09-03T07:12:44Z',
          reason: 'KubeletHasSufficientMemory',
          message: 'kubelet has sufficient memory available',
        },
        {
          type: 'DiskPressure',
          status: 'True',
          lastHeartbeatTime: '2024-11-14T09:41:07Z',
          lastTransitionTime: '2024-11-14T09:06:41Z',
          reason: 'KubeletHasDiskPressure',
          message: 'kubelet has disk pressure',
        },
        {
          type: 'Ready',
          status: 'True',
          lastHeartbeatTime: '2024-11-14T09:41:07Z',
          lastTransitionTime: '2024-09-03T07:13:25Z',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
        },
      ],
      addresses: [{ type: 'InternalIP', address: '10.240.0.6' }],
      nodeInfo: { kubeletVersion: 'v1.22.11', containerRuntimeVersion: 'containerd://1.5.11' },
    },
  };

  it('describes a node: taints, conditions with messages, events', () => {
    const text = renderNodeDescribe(
      diskNode,
      [
        ev('ImageGCFailed', 'failed to garbage collect required amount of images. Wanted to free 4523190272 bytes, but freed 0 bytes', {
          object: { kind: 'Node', name: 'aks-nodepool1-2' },
        }),
      ],
      NOW,
    );
    assert.match(text, /^Roles: +agent$/m);
    assert.match(text, /^Taints: +node\.kubernetes\.io\/disk-pressure:NoSchedule$/m);
    assert.match(
      text,
      /^ {2}DiskPressure +True +Thu, 14 Nov 2024 09:41:07 \+0000 +Thu, 14 Nov 2024 09:06:41 \+0000 +KubeletHasDiskPressure +kubelet has disk pressure$/m,
    );
    assert.match(text, /^ {2}Kubelet Version: +v1\.22\.11$/m);
    const found = ids([{ name: 'node', text, kind: 'kubectl-describe' }]);
    assert.ok(found.includes('node-disk-pressure') && found.includes('image-gc-failed'), found.join(', '));
  });

  it('describes a NotReady node so node-not-ready matches', () => {
    const node: Node = {
      metadata: { name: 'aks-nodepool1-3' },
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'Unknown',
            lastHeartbeatTime: '2024-11-14T09:20:00Z',
            lastTransitionTime: '2024-11-14T09:21:00Z',
            reason: 'NodeStatusUnknown',
            message: 'Kubelet stopped posting node status.',
          },
        ],
      },
    };
    assert.ok(ids([{ name: 'node', text: renderNodeDescribe(node, [], NOW), kind: 'kubectl-describe' }]).includes('node-not-ready'));
  });

  it('renders get pods -o wide with the Evicted STATUS, across namespaces', () => {
    const text = renderPodsWide([evicted, oom], NOW, true);
    const [head, row] = text.split('\n');
    assert.match(head, /^NAMESPACE +NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES$/);
    assert.equal(row.indexOf('Evicted'), head.indexOf('STATUS'));
    assert.match(text, /CrashLoopBackOff +7 \(24m ago\)/);
    const found = ids([{ name: 'pods', text, kind: 'kubectl-get' }]);
    assert.ok(found.includes('pod-evicted-disk-pressure') && found.includes('crash-loop-backoff'), found.join(', '));
    assert.equal(renderPodsWide([], NOW), 'No resources found.\n');
  });

  it('renders get events with absolute LAST SEEN and counts, oldest first', () => {
    const text = renderEventsTable([
      ev('BackOff', 'Back-off restarting failed container', {
        count: 97,
        firstSeen: '2024-11-14T08:43:00Z',
        lastSeen: '2024-11-14T09:35:00Z',
        object: { kind: 'Pod', name: 'payments-api-7kq2n', namespace: 'ci' },
      }),
      ev('Evicted', 'The node was low on resource: nodefs.', { object: { kind: 'Pod', name: 'backend-main-142', namespace: 'ci' } }),
    ]);
    const lines = text.trimEnd().split('\n');
    assert.match(lines[0], /^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$/);
    assert.match(lines[1], /^2024-11-14T09:07:02Z +Warning +Evicted +pod\/backend-main-142 +The node/);
    assert.match(lines[2], /^2024-11-14T09:35:00Z \(x97 over 52m\) +Warning +BackOff +pod\/payments-api-7kq2n +Back-off/);
    const d = diagnoseTexts(catalogue, [{ name: 'events', text, kind: 'kubectl-get' }], { defaultYear: 2024 });
    const evictedFinding = d.findings.find((f) => f.signatureId === 'pod-evicted-disk-pressure');
    assert.ok(evictedFinding, d.findings.map((f) => f.signatureId).join(', '));
    assert.equal(evictedFinding.occurrences[0].timestamp, Date.parse('2024-11-14T09:07:02Z'));
    assert.equal(evictedFinding.occurrences[0].refs.pod, 'backend-main-142');
  });

  it('adds a NAMESPACE column when events span namespaces', () => {
    const text = renderEventsTable([
      ev('A', 'a'),
      ev('NodeNotReady', 'Node x status is now: NodeNotReady', { object: { kind: 'Node', name: 'x', namespace: 'default' } }),
    ]);
    assert.match(text.split('\n')[0], /^NAMESPACE +LAST SEEN/);
    assert.match(text, /default +2024-11-14T09:07:02Z +Warning +NodeNotReady +node\/x/);
  });

  it('reads workload references and label selectors', () => {
    assert.deepEqual(parseWorkloadRef('deployment/payments-api'), {
      workload: { kind: 'Deployment', resource: 'deployments', api: '/apis/apps/v1' },
      name: 'payments-api',
    });
    assert.equal(parseWorkloadRef('sts/artifact-cache')?.workload.kind, 'StatefulSet');
    assert.equal(parseWorkloadRef('job/nightly')?.workload.api, '/apis/batch/v1');
    assert.equal(parseWorkloadRef('app=web'), null);
    assert.equal(parseWorkloadRef('app/web'), null);
    assert.equal(
      selectorString({
        matchLabels: { app: 'web', tier: 'api' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['a', 'b'] },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'team', operator: 'Exists' },
          { key: 'x', operator: 'NotIn', values: ['y'] },
        ],
      }),
      'app=web,tier=api,env in (a,b),!canary,team,x notin (y)',
    );
  });
});

describe('cluster boundaries', () => {
  it('src/cluster imports only node, @kubernetes/client-node, ajv (shape check), @streamparser/json (list reading), core and itself; never vscode or the other adapters', () => {
    const { readdirSync, readFileSync } = fs;
    const { join } = path;
    const dir = join(__dirname, '..', '..', '..', 'src', 'cluster');
    for (const f of readdirSync(dir)) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/(?:from\s+|require\()\s*['"]([^'"]+)['"]/g)) {
        assert.ok(/^(node:|@kubernetes\/client-node$|ajv\/dist\/jtd$|@streamparser\/json$|\.\/|\.\.\/core$)/.test(m[1]), `${f} imports ${m[1]}`);
      }
    }
  });
});
