import { strict as assert } from 'node:assert';
import { searchCatalogue } from '../../../src/core';
import { shippedCatalogue } from '../shippedCatalogue';

const cat = shippedCatalogue();
const ids = (q: string) => searchCatalogue(cat, q).map((h) => h.signature.id);

describe('catalogue search', () => {
  it('puts the signature named by the words first', () => {
    assert.equal(ids('conntrack')[0], 'conntrack-table-full');
    assert.equal(ids('no space left')[0], 'no-space-left-on-device');
    assert.equal(ids('jenkins heartbeat')[0], 'jenkins-durable-task-heartbeat');
    assert.deepEqual(ids('evicted').slice(0, 2).sort(), ['pod-evicted-disk-pressure', 'pod-evicted-memory-pressure']);
  });
  it('lists only signatures that hold every word at a word start, then close spellings', () => {
    // Exact hits (score below 0.5) hold the word; near spellings (0.5 and above) only follow them.
    const hits = searchCatalogue(cat, 'conntrack');
    const exact = hits.filter((h) => h.score < 0.5);
    assert.ok(exact.length > 0);
    for (const h of exact) assert.match(JSON.stringify(h.signature).toLowerCase(), /conntrack/, h.signature.id);
    assert.deepEqual(hits.slice(0, exact.length), exact, 'near spellings come after every exact hit');
    assert.ok(!ids('oom').includes('apiserver-too-many-requests'), '"room" is not "oom"');
    assert.equal(ids('conntrak')[0], 'conntrack-table-full', 'a typo still finds it');
    assert.deepEqual(ids(''), []);
  });
});
