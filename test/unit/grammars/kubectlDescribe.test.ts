import { strict as assert } from 'node:assert';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import { kubectlDescribeGrammar } from '../../../grammars/kubectlDescribe';

function events(text: string) {
  return assembleEvents(text.split('\n'), kubectlDescribeGrammar, newContext(2021, 0));
}

describe('kubectl-describe grammar', () => {
  it('scores describe lines high and other formats zero', () => {
    assert.equal(kubectlDescribeGrammar.detect('Events:'), 3);
    assert.equal(kubectlDescribeGrammar.detect('Conditions:'), 3);
    assert.equal(kubectlDescribeGrammar.detect('  Type     Reason     Age                From               Message'), 3);
    assert.ok(kubectlDescribeGrammar.detect('Name:         jenkins-6486f-x') >= 2);
    assert.ok(kubectlDescribeGrammar.detect('Namespace:    jenkins') >= 2);
    assert.ok(kubectlDescribeGrammar.detect('  Warning  Evicted    5m (x2 over 10m)   kubelet, n1  The node was low') >= 2);
    assert.equal(kubectlDescribeGrammar.detect('Status:       Failed'), 1);
    for (const foreign of [
      'I0413 10:15:02.123456    1234 kubelet.go:1234] "SyncLoop ADD" source="api"',
      'Apr 13 10:15:02 worker-2 kubelet[1234]: E0413 10:15:02.123456 1234 eviction_manager.go:1] x',
      'NAME                        READY   STATUS    RESTARTS   AGE',
      'jenkins-6486f-x   0/1     Evicted   0          115d',
      '[Pipeline] stage',
      '{"log":"x\\n","stream":"stdout","time":"2021-04-13T10:15:02Z"}',
      'time="2021-04-13T10:15:02Z" level=error msg="x"',
      '',
    ])
      assert.equal(kubectlDescribeGrammar.detect(foreign), 0, foreign);
  });

  it('joins a wrapped Message to its field line', () => {
    const ev = events(
      [
        'Name:         jenkins-6486f-x',
        'Namespace:    jenkins',
        'Node:         aks-nodepool1-2/10.240.0.4',
        'Status:       Failed',
        'Reason:       Evicted',
        'Message:      The node was low on resource: nodefs. Container jnlp was using 10632Ki, which exceeds',
        '              its request of 0. Threshold quantity: 10%, available: 5%.',
        'IP:           ',
      ].join('\n'),
    );
    const msg = ev.find((e) => e.fields?.field === 'Message')!;
    assert.equal(msg.line, 6);
    assert.equal(msg.endLine, 7);
    assert.match(msg.message, /exceeds\n +its request of 0\. Threshold quantity: 10%/);
    assert.deepEqual(msg.refs, { pod: 'jenkins-6486f-x', namespace: 'jenkins', node: 'aks-nodepool1-2' });
    const reason = ev.find((e) => e.fields?.field === 'Reason')!;
    assert.equal(reason.severity, 'warning');
    assert.equal(reason.message, 'Reason: Evicted');
    assert.equal(ev.length, 7);
  });

  it('joins a wrapped Events row and reads counts', () => {
    const ev = events(
      [
        'Events:',
        '  Type     Reason   Age                From     Message',
        '  ----     ------   ----               ----     -------',
        '  Warning  BackOff  3m (x84 over 25m)  kubelet  Back-off restarting failed container jnlp in pod',
        '                                                jenkins-0_jenkins(0b9c4e1f)',
        '  Normal   Pulled   18m                kubelet  Container image "jenkins/jenkins:lts" already present',
      ].join('\n'),
    );
    assert.deepEqual(
      ev.map((e) => [e.line, e.endLine, e.severity]),
      [
        [1, 3, 'info'],
        [4, 5, 'warning'],
        [6, 6, 'info'],
      ],
    );
    assert.equal(ev[1].fields?.count, '84');
    assert.equal(ev[1].fields?.reason, 'BackOff');
    assert.equal(ev[1].source, 'kubelet');
    assert.equal(ev[1].timestamp, null);
    assert.equal(ev[2].fields?.count, undefined);
  });

  it('starts a new object at each unindented Name:', () => {
    const ev = events(
      [
        'Name:               worker-2',
        'Roles:              <none>',
        'Events:',
        '  Type    Reason        Age  From     Message',
        '  ----    ------        ---  ----     -------',
        '  Normal  NodeNotReady  3m   kubelet  Node worker-2 status is now: NodeNotReady',
        '',
        'Name:         web-1',
        'Namespace:    shop',
        'Priority:     0',
        'Node:         worker-2/192.168.10.12',
        'Containers:',
        '  web:',
        '    State:          Waiting',
        '      Reason:       CrashLoopBackOff',
      ].join('\n'),
    );
    assert.deepEqual(ev[0].refs, { node: 'worker-2' });
    assert.deepEqual(ev[2].refs, { node: 'worker-2' });
    assert.equal(ev[2].endLine, 5);
    assert.deepEqual(ev[3].refs, { node: 'worker-2', object: 'node/worker-2' });
    assert.equal(ev[3].endLine, 7);
    assert.equal(ev[4].fields?.field, 'Name');
    assert.deepEqual(ev[4].refs, { pod: 'web-1', namespace: 'shop', node: 'worker-2' });
    const reason = ev[ev.length - 1];
    assert.deepEqual(reason.refs, { pod: 'web-1', namespace: 'shop', node: 'worker-2', container: 'web' });
    assert.equal(reason.fields?.section, 'Containers/web/State');
    assert.equal(reason.severity, 'warning');
  });

  it('reads old-style Events columns and unknown kinds', () => {
    const ev = events(
      [
        'Name:                   web',
        'Namespace:              shop',
        'CreationTimestamp:      Tue, 13 Apr 2021 10:15:02 +0200',
        'Events:',
        '  FirstSeen  LastSeen  Count  From                     SubObjectPath  Type     Reason             Message',
        '  ---------  --------  -----  ----                     -------------  ----     ------             -------',
        '  5m         5m        1      deployment-controller                   Normal   ScalingReplicaSet  Scaled up replica set web-5d8f to 3',
      ].join('\n'),
    );
    assert.deepEqual(ev[0].refs, { namespace: 'shop' });
    assert.equal(new Date(ev[2].timestamp!).toISOString(), '2021-04-13T08:15:02.000Z');
    const row = ev[ev.length - 1];
    assert.equal(row.message, 'Scaled up replica set web-5d8f to 3');
    assert.equal(row.fields?.count, '1');
    assert.equal(row.fields?.subObjectPath, undefined);
    assert.equal(row.fields?.firstSeen, '5m');
  });

  it('reads Events rows whose header lies before the segment', () => {
    const ev = events(
      [
        '  Warning  Evicted    5m (x2 over 10m)   kubelet, aks-nodepool1-2  The node was low on resource: nodefs.',
        '  Normal   Killing    5m                 kubelet, aks-nodepool1-2  Stopping container jnlp',
      ].join('\n'),
    );
    assert.deepEqual(
      ev.map((e) => [e.severity, e.message, e.fields?.reason, e.fields?.count]),
      [
        ['warning', 'The node was low on resource: nodefs.', 'Evicted', '2'],
        ['info', 'Stopping container jnlp', 'Killing', undefined],
      ],
    );
  });

  it('parses only the head of a 20 MB line, its field still read', () => {
    const huge = 'Message:      ' + 'x'.repeat(20 * 1024 * 1024);
    const head = kubectlDescribeGrammar.parseHead(huge, newContext(2021, 0))!;
    assert.equal(head.fields?.field, 'Message');
    assert.equal(head.message.length, huge.length - 'Message:      '.length + 'Message: '.length);
  });

  it("gives Events rows the described object's Status, until the next object", () => {
    const ev = events(
      [
        'Name:          data-db-0',
        'Namespace:     shop',
        'StorageClass:  fast',
        'Status:        Bound',
        'Events:',
        '  Type     Reason              Age   From                         Message',
        '  ----     ------              ----  ----                         -------',
        '  Warning  ProvisioningFailed  33m   persistentvolume-controller  Failed to provision volume with StorageClass "fast": timeout',
        'Name:          data-db-1',
        'Namespace:     shop',
        'Events:',
        '  Type     Reason              Age   From                         Message',
        '  ----     ------              ----  ----                         -------',
        '  Warning  ProvisioningFailed  2m    persistentvolume-controller  Failed to provision volume with StorageClass "fast": timeout',
      ].join('\n'),
    );
    const rows = ev.filter((e) => e.fields?.reason === 'ProvisioningFailed');
    assert.deepEqual(
      rows.map((e) => e.fields?.objectStatus),
      ['Bound', undefined],
    );
  });
});
