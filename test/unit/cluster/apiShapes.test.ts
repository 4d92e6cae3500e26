import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { conform, conformListMeta, type ShapeName } from '../../../src/cluster/apiShapes';

const fixture = (file: string): unknown[] => JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'cluster', file), 'utf8')).items;

describe('cluster API shapes: checked once at the boundary', () => {
  it('real API objects pass unchanged (the schemas fit what servers send, nulls included)', () => {
    const sets: [ShapeName, string][] = [
      ['Pod', 'pods.json'],
      ['Node', 'nodes.json'],
      ['CoreEvent', 'events.json'],
      ['EventsV1Event', 'events.k8s.io.json'],
    ];
    for (const [shape, file] of sets) {
      for (const item of fixture(file)) {
        const before = JSON.stringify(item, (_k, v) => (v === null ? undefined : v));
        const c = conform(shape, item);
        assert.deepEqual(c.leftOut, [], `${file}: ${c.leftOut.join(', ')}`);
        assert.equal(JSON.stringify(c.value), before, `${file}: changed`);
      }
    }
  });

  it("reads JSON null as absent, as the API server's decoder does", () => {
    const c = conform('CoreEvent', {
      metadata: { name: 'e', creationTimestamp: null },
      firstTimestamp: null,
      count: null,
      involvedObject: { kind: 'Pod', name: null },
    });
    assert.deepEqual(c, { value: { metadata: { name: 'e' }, involvedObject: { kind: 'Pod' } }, leftOut: [] });
  });

  it("leaves out a node's wrong-shaped parts and keeps the rest", () => {
    const c = conform('Node', {
      metadata: { name: 'aks-1', labels: { 'node-role.kubernetes.io/agent': '' } },
      spec: { taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'b' }, 'c'], unschedulable: 'yes' },
      status: { conditions: [{ type: 'Ready', status: 'False', message: ['x'] }], capacity: { cpu: 4, memory: '16Gi' }, nodeInfo: 'n/a' },
    });
    assert.deepEqual(c.value, {
      metadata: { name: 'aks-1', labels: { 'node-role.kubernetes.io/agent': '' } },
      spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] },
      status: { conditions: [{ type: 'Ready', status: 'False' }], capacity: { memory: '16Gi' } },
    });
    assert.deepEqual(c.leftOut, [
      'spec.unschedulable (must be boolean)',
      "spec.taints[1] (must have property 'effect')",
      'spec.taints[2] (must be object)',
      'status.conditions[0].message (must be string)',
      'status.capacity.cpu (must be string)',
      'status.nodeInfo (must be object)',
    ]);
  });

  it('names a label key with a slash as it is written', () => {
    const c = conform('Workload', { metadata: { name: 'web' }, spec: { selector: { matchLabels: { 'app.kubernetes.io/name': 7, tier: 'api' } } } });
    assert.deepEqual(c.value?.spec?.selector, { matchLabels: { tier: 'api' } });
    assert.deepEqual(c.leftOut, ['spec.selector.matchLabels.app.kubernetes.io/name (must be string)']);
  });

  it('an object unusable as a whole says why', () => {
    assert.deepEqual(conform('Pod', 'pod/web'), { leftOut: [], unusable: 'not an object (string)' });
    assert.deepEqual(conform('Pod', { kind: 'Pod', spec: {} }), { leftOut: [], unusable: 'it has no metadata' });
    assert.deepEqual(conform('Pod', { metadata: ['web'] }), { leftOut: [], unusable: 'it has no metadata' });
  });

  it("checks a list's paging metadata", () => {
    assert.deepEqual(conformListMeta({ continue: 'abc', remainingItemCount: 12, resourceVersion: '9' }), { continue: 'abc', remaining: 12 });
    assert.deepEqual(conformListMeta({ continue: '' }), { continue: undefined, remaining: undefined });
    assert.deepEqual(conformListMeta(null), {});
    assert.deepEqual(conformListMeta({ continue: 5 }), { error: 'its metadata field continue must be string' });
  });
});
