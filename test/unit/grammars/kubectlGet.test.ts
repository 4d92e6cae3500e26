import { strict as assert } from 'node:assert';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import { kubectlGetGrammar } from '../../../grammars/kubectlGet';

function events(lines: string[]) {
  return assembleEvents(lines, kubectlGetGrammar, newContext(2021, 0));
}

describe('kubectl-get grammar', () => {
  it('scores headers 3, rows 1 and other formats zero', () => {
    const d = kubectlGetGrammar.detect;
    assert.equal(d('NAME                        READY   STATUS    RESTARTS   AGE'), 3);
    assert.equal(d('NAMESPACE   NAME        READY   STATUS    RESTARTS   AGE'), 3);
    assert.equal(d('NAME       STATUS     ROLES    AGE    VERSION'), 3);
    assert.equal(d('LAST SEEN   TYPE      REASON    OBJECT              MESSAGE'), 3);
    assert.equal(d('NAMESPACE   LAST SEEN   TYPE      REASON    OBJECT              MESSAGE'), 3);
    assert.equal(d('LAST SEEN   FIRST SEEN   COUNT   NAME   KIND   SUBOBJECT   TYPE   REASON   SOURCE   MESSAGE'), 3);
    assert.equal(d('jenkins-6486f-x   0/1     Evicted   0          115d'), 1);
    assert.equal(d('jenkins     jenkins-6486f-x   0/1     Evicted   0          115d'), 1);
    assert.equal(d('worker-2   NotReady   <none>   113d   v1.19.7'), 1);
    assert.equal(d('5m          Warning   Evicted   pod/jenkins-1   The node was low on resource: nodefs.'), 1);
    assert.equal(d('No resources found in jenkins namespace.'), 2);
    for (const foreign of [
      'I0413 10:15:02.123456    1234 kubelet.go:1234] "SyncLoop ADD" source="api"',
      'Apr 13 10:15:02 worker-2 kubelet[1234]: E0413 10:15:02.123456 1234 eviction_manager.go:1] x',
      'Name:         jenkins-6486f-x',
      '  Warning  Evicted    5m (x2 over 10m)   kubelet  The node was low on resource: nodefs.',
      '[Pipeline] stage',
      'time="2021-04-13T10:15:02Z" level=error msg="x"',
      '',
    ])
      assert.equal(d(foreign), 0, foreign);
  });

  it('joins a terminal-wrapped row and parses rows wider than the header', () => {
    const ev = events([
      'LAST SEEN   TYPE      REASON    OBJECT          MESSAGE',
      '5m          Warning   Evicted   pod/jenkins-1   The node was low on resource: ephemeral-storage. Container jnlp was using 10632Ki, which',
      ' exceeds its request of 0.',
      '3m          Normal    Killing   pod/jenkins-1   Stopping container jnlp',
    ]);
    assert.deepEqual(
      ev.map((e) => [e.line, e.endLine, e.severity]),
      [
        [1, 1, 'info'],
        [2, 3, 'warning'],
        [4, 4, 'info'],
      ],
    );
    assert.equal(ev[1].fields?.MESSAGE, 'The node was low on resource: ephemeral-storage. Container jnlp was using 10632Ki, which');
    assert.match(ev[1].message, /^5m Warning Evicted pod\/jenkins-1 The node was low .*\n exceeds its request of 0\.$/);
    assert.deepEqual(ev[1].refs, { pod: 'jenkins-1', object: 'pod/jenkins-1' });
  });

  it('falls back to column order for rows re-spaced out of alignment', () => {
    const ev = events(['NAME       STATUS     ROLES    AGE    VERSION', 'worker-2  NotReady  <none>  113d  v1.19.7']);
    assert.deepEqual(ev[1].fields, { NAME: 'worker-2', STATUS: 'NotReady', ROLES: '<none>', AGE: '113d', VERSION: 'v1.19.7' });
    assert.equal(ev[1].severity, 'warning');
    assert.deepEqual(ev[1].refs, { node: 'worker-2' });
  });

  it('reads "No resources found" and rows before any header as info events', () => {
    const ev = events(['No resources found in jenkins namespace.', 'jenkins-1   0/1   Evicted   0   3d']);
    assert.deepEqual(
      ev.map((e) => [e.severity, e.refs]),
      [
        ['info', { namespace: 'jenkins' }],
        ['info', {}],
      ],
    );
  });

  it('reads several tables of `kubectl get all`, with kind-prefixed names', () => {
    const ev = events([
      'NAME            READY   STATUS             RESTARTS   AGE',
      'pod/jenkins-0   1/2     CrashLoopBackOff   7          26h',
      '',
      'NAME                    TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)     AGE',
      'service/jenkins-agent   ClusterIP   10.0.113.201   <none>        50000/TCP   113d',
    ]);
    assert.deepEqual(
      ev.map((e) => [e.line, e.endLine, e.severity]),
      [
        [1, 1, 'info'],
        [2, 3, 'warning'],
        [4, 4, 'info'],
        [5, 5, 'info'],
      ],
    );
    assert.deepEqual(ev[1].refs, { pod: 'jenkins-0', object: 'pod/jenkins-0' });
    assert.equal(ev[3].fields?.['PORT(S)'], '50000/TCP');
    assert.deepEqual(ev[3].refs, { object: 'service/jenkins-agent' });
  });

  it('parses only the head of a 20 MB line, its columns still read', () => {
    const ctx = newContext(2021, 0);
    kubectlGetGrammar.parseHead('LAST SEEN   TYPE      REASON    OBJECT          MESSAGE', ctx);
    const huge = '5m          Warning   Evicted   pod/jenkins-1   ' + 'y'.repeat(20 * 1024 * 1024);
    const head = kubectlGetGrammar.parseHead(huge, ctx)!;
    assert.equal(head.severity, 'warning');
    assert.equal(head.fields?.REASON, 'Evicted');
    assert.equal(head.message.length, '5m Warning Evicted pod/jenkins-1 '.length + 20 * 1024 * 1024);
  });
});
