import { strict as assert } from 'node:assert';
import { catalogueFiles, builtinCatalogueDir } from '../../../src/node/loadCatalogue';
import { Catalogue, diagnoseTexts, IncrementalDocument, type Diagnosis } from '../../../src/core';
import { contentBlocks } from '../../../src/core/engine/incremental';

const cat = new Catalogue(catalogueFiles(builtinCatalogueDir(), true));

function journal(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = `${String(10 + Math.floor(i / 3600) % 10).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
    if (i % 997 === 0) out.push(`Apr 13 ${t} node-1 kubelet[1234]: E0413 ${t}.000000    1234 kuberuntime_manager.go:815] mkdir /var/lib/docker/overlay2/x${i}: no space left on device`);
    else if (i % 1499 === 0) out.push(`Apr 13 ${t} node-1 kernel: nf_conntrack: table full, dropping packet`);
    else out.push(`Apr 13 ${t} node-1 kubelet[1234]: I0413 ${t}.000000    1234 kubelet.go:1234] SyncLoop (PLEG): routine sync of pod web-${i % 50}`);
  }
  return out;
}

const summary = (d: Diagnosis) => ({
  findings: d.findings.map((f) => [f.signatureId, f.count, f.occurrences.map((o) => o.line).join(',')]),
  roots: d.rootCauses.map((r) => r.signatureId),
  segments: d.inputs[0].segments,
  lines: d.inputs[0].lines,
});

describe('incremental document analysis', () => {
  it('cuts content-defined blocks, only before unmistakable line-by-line kinds', () => {
    const lines = journal(6000);
    const blocks = contentBlocks(lines);
    assert.ok(blocks.length > 3, `${blocks.length} blocks`);
    assert.deepEqual(blocks[0][0], 0);
    assert.deepEqual(blocks[blocks.length - 1][1], lines.length);
    for (let i = 1; i < blocks.length; i++) assert.equal(blocks[i][0], blocks[i - 1][1]);
    // A table never starts a block: its rows read with their header.
    const table = ['NAMESPACE   NAME        READY   STATUS    RESTARTS   AGE', ...Array.from({ length: 3000 }, (_, i) => `default     web-${i}   1/1     Running   0          1d`)];
    assert.equal(contentBlocks(table).length, 1);
  });

  it('gives what a full read gives, and re-reads only the edited block', () => {
    const lines = journal(8000);
    const doc = new IncrementalDocument(cat, 'node-1.journal');
    const first = doc.analyze(lines.join('\n') + '\n', 2021);
    assert.deepEqual(summary(first), summary(diagnoseTexts(cat, [{ name: 'node-1.journal', text: lines.join('\n') + '\n' }], { defaultYear: 2021 })));
    assert.equal(doc.lastStats.reused, 0);

    // Insert a failure in the middle: later findings shift by one line, most blocks are reused.
    const edited = [...lines.slice(0, 4000), 'Apr 13 11:06:40 node-1 kernel: nf_conntrack: table full, dropping packet', ...lines.slice(4000)];
    const second = doc.analyze(edited.join('\n') + '\n', 2021);
    assert.deepEqual(summary(second), summary(diagnoseTexts(cat, [{ name: 'node-1.journal', text: edited.join('\n') + '\n' }], { defaultYear: 2021 })));
    assert.ok(doc.lastStats.reused >= doc.lastStats.blocks - 2, JSON.stringify(doc.lastStats));
    assert.equal(second.findings.find((f) => f.signatureId === 'conntrack-table-full')!.count, first.findings.find((f) => f.signatureId === 'conntrack-table-full')!.count + 1);
  });
});
