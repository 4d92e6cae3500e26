import { strict as assert } from 'node:assert';
import { LiteralPrefilter } from '../../../src/core/match/prefilter';

describe('literal prefilter', () => {
  it('finds every literal, case-insensitively, overlapping ones included', () => {
    const pf = new LiteralPrefilter(['table full', 'full', 'nf_conntrack', 'Evicted']);
    const text = 'kernel: NF_CONNTRACK: table FULL, dropping packet; pod evicted';
    const hits: [number, number[]][] = [];
    pf.scan(Buffer.from(text), (pos, ids, a, b) => hits.push([pos, [...ids.subarray(a, b)].sort()]));
    const found = new Set(hits.flatMap(([, ids]) => ids));
    assert.deepEqual([...found].sort(), [0, 1, 2, 3]);
    const fullEnd = text.toLowerCase().indexOf('table full') + 'table full'.length - 1;
    assert.deepEqual(hits.find(([p]) => p === fullEnd)?.[1], [0, 1]);
  });

  it('reads any whitespace run as one space, so phrases stay necessary', () => {
    const pf = new LiteralPrefilter(['pull image', 'node  was']);
    assert.deepEqual([...pf.find('failed to pull \t  image "x"')], [0]);
    assert.deepEqual([...pf.find('the node\n   was low')], [1]);
    assert.equal(pf.find('pulled images').size, 0);
    assert.equal(pf.find('pullimage').size, 0);
  });

  it('reports nothing on text without literals and handles multi-byte UTF-8', () => {
    const pf = new LiteralPrefilter(['µs timeout', 'error']);
    assert.equal(pf.find('all good here').size, 0);
    assert.deepEqual([...pf.find('took 500µs timeout')], [0]);
    assert.deepEqual([...pf.find('ERROR')], [1]);
  });

  it('agrees with a naive search on random text', () => {
    const lits = ['abc', 'bca', 'cab', 'aa', 'abcabc', 'b'];
    const pf = new LiteralPrefilter(lits);
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let n = 0; n < 200; n++) {
      let s = '';
      for (let i = 0; i < 30; i++) s += 'abcX'[Math.floor(rnd() * 4)];
      const naive = new Set(lits.map((l, i) => (s.toLowerCase().includes(l) ? i : -1)).filter((i) => i >= 0));
      assert.deepEqual([...pf.find(s)].sort(), [...naive].sort(), s);
    }
  });
});
