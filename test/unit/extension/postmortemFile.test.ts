import { strict as assert } from 'node:assert';
import { draftTitle, generatedAtLabel, isoDay, kebabTitle, openSignatureCommandUri, postmortemFileName } from '../../../src/extension/commands/postmortemFile';

describe('extension: postmortem file names', () => {
  it('kebab-cases titles to ASCII', () => {
    assert.equal(kebabTitle('Image GC failed on node aks-nodepool1-38102419-1!'), 'image-gc-failed-on-node-aks-nodepool1-38102419-1');
    assert.equal(kebabTitle('  Évictions: nodefs < 10%  '), 'evictions-nodefs-10');
    assert.equal(kebabTitle('***'), 'incident');
    assert.equal(kebabTitle('token [REDACTED:jwt] rejected'), 'token-rejected');
  });

  it('cuts long titles at a word boundary', () => {
    const k = kebabTitle('a very long title about a kubelet that failed to garbage collect images on a node again', 30);
    assert.ok(k.length <= 30, k);
    assert.ok(!k.endsWith('-'));
    assert.equal(k, 'a-very-long-title-about-a');
  });

  it('names drafts YYYY-MM-DD-<title>.md in UTC', () => {
    const d = new Date(Date.UTC(2026, 10, 22, 23, 59));
    assert.equal(isoDay(d), '2026-11-22');
    assert.equal(postmortemFileName('CI outage', d), '2026-11-22-ci-outage.md');
    assert.equal(generatedAtLabel(d), '2026-11-22 23:59Z');
  });

  it('reads the title back from a draft', () => {
    assert.equal(draftTitle('# Postmortem: Kubelet image GC failed \\(nodefs\\) &lt;x&gt;\n\n**Status:**'), 'Kubelet image GC failed (nodefs) <x>');
    assert.equal(draftTitle('no heading'), 'incident');
  });

  it('builds the command link that opens a signature', () => {
    const uri = openSignatureCommandUri('image-gc-failed');
    assert.ok(uri.startsWith('command:postmortemLens.openSignature?'));
    assert.deepEqual(JSON.parse(decodeURIComponent(uri.split('?')[1])), ['image-gc-failed']);
  });
});
