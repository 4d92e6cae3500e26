import { strict as assert } from 'node:assert';
import { diagnoseTexts, IncrementalDocument, type Diagnosis } from '../../../src/core';
import { contentBlocks, type LineEdit } from '../../../src/core/engine/incremental';
import { BlockedText } from '../../../src/core/engine/blockedText';
import { shippedCatalogue } from '../shippedCatalogue';

const cat = shippedCatalogue();

function journal(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = `${String(10 + (Math.floor(i / 3600) % 10)).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
    if (i % 997 === 0)
      out.push(
        `Apr 13 ${t} node-1 kubelet[1234]: E0413 ${t}.000000    1234 kuberuntime_manager.go:815] mkdir /var/lib/docker/overlay2/x${i}: no space left on device`,
      );
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
    const table = [
      'NAMESPACE   NAME        READY   STATUS    RESTARTS   AGE',
      ...Array.from({ length: 3000 }, (_, i) => `default     web-${i}   1/1     Running   0          1d`),
    ];
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
    assert.equal(
      second.findings.find((f) => f.signatureId === 'conntrack-table-full')!.count,
      first.findings.find((f) => f.signatureId === 'conntrack-table-full')!.count + 1,
    );
  });

  it('after edits given as ranges, cuts the blocks a fresh cut gives and diagnoses what a full read diagnoses', () => {
    // A journal with a describe table in the middle (no cut inside it) and a Jenkins console at the end.
    const table = [
      'NAMESPACE   NAME        READY   STATUS    RESTARTS   AGE',
      ...Array.from({ length: 600 }, (_, i) => `default     web-${i}   0/1     Evicted   0          1d`),
    ];
    // The editor's lines: the text ends with a line end, so the last one is empty.
    let lines = [...journal(4000), ...table, ...journal(2000), ''];
    const text = (): string => lines.join('\n');
    const doc = new IncrementalDocument(cat, 'mixed.log');
    doc.analyze(text(), 2021);
    const mirror = new BlockedText();
    mirror.setLines(text().split('\n'));
    // Apply an edit to the plain line array, the way VS Code applies a content change.
    const apply = (e: LineEdit): void => {
      const { start, end } = e.range;
      const merged = lines[start.line].slice(0, start.character) + e.text + lines[end.line].slice(end.character);
      lines = [...lines.slice(0, start.line), ...merged.split('\n'), ...lines.slice(end.line + 1)];
      doc.applyEdit(e);
      mirror.applyEdit(e);
    };
    const at = (line: number, character: number) => ({ line, character });
    const edits: LineEdit[] = [
      { range: { start: at(2500, 10), end: at(2500, 10) }, text: 'x' }, // a typed character
      { range: { start: at(2600, 0), end: at(2600, 0) }, text: 'Apr 13 11:06:40 node-1 kernel: nf_conntrack: table full, dropping packet\n' },
      { range: { start: at(400, 0), end: at(2200, 5) }, text: '' }, // a deletion over several blocks
      { range: { start: at(4200, 3), end: at(4200, 3) }, text: '\n' }, // Enter inside the table
      { range: { start: at(3000, 0), end: at(3000, 0) }, text: journal(2500).join('\n') + '\n' }, // a paste of 2500 lines
      { range: { start: at(0, 0), end: at(0, 6) }, text: 'May 01' }, // the first line
      {
        range: { start: at(lines.length - 1, 0), end: at(lines.length - 1, 0) },
        text: 'Apr 13 12:00:00 node-1 kernel: Out of memory: Killed process 4242 (java)',
      }, // typed at the end, no line end
    ];
    for (const e of edits) {
      apply(e);
      assert.deepEqual(
        mirror.blocks.flatMap((b) => b.lines),
        lines,
      );
      const fresh = contentBlocks(lines);
      assert.deepEqual(
        mirror.blocks.map((b) => b.lines.length),
        fresh.map(([a, b]) => b - a),
        `blocks after ${JSON.stringify(e.range)}`,
      );
      const got = doc.diagnose(2021);
      const now = text();
      // Findings as the streaming reader finds them; segments as a fresh read of the same blocks
      // (the streaming reader samples kinds in 1 MiB blocks and does not see the table's segment).
      const want = diagnoseTexts(cat, [{ name: 'mixed.log', text: now }], { defaultYear: 2021 });
      const { segments: _s, ...findings } = summary(got);
      const { segments: _w, ...wanted } = summary(want);
      assert.deepEqual(findings, wanted, `diagnosis after ${JSON.stringify(e.range)}`);
      assert.deepEqual(got.inputs[0].segments, new IncrementalDocument(cat, 'mixed.log').analyze(now, 2021).inputs[0].segments);
      assert.equal(got.inputs[0].bytes, want.inputs[0].bytes);
      assert.deepEqual(got.unknownErrors, want.unknownErrors);
      assert.deepEqual(got.timeline, want.timeline);
      // An edit re-reads its block and at most a neighbour or two (a cut moved); a large one, in proportion to the lines it spans.
      const reread = doc.lastStats.blocks - doc.lastStats.reused;
      const spanned = Math.ceil((e.range.end.line - e.range.start.line + e.text.split('\n').length) / 400);
      assert.ok(reread <= 2 * spanned + 3, `re-read ${reread} of ${doc.lastStats.blocks} blocks after ${JSON.stringify(e.range)}`);
    }
  });

  it('an edit and its undo give the diagnosis before them, bursts and ranges included', () => {
    // Blocks of a journal whose failures come as bursts (three lines of one event in one second): the
    // blocks the edit does not touch hand their cached occurrences in again, and widening a burst must
    // not have changed them.
    const lines = journal(6000).map((l, i) =>
      i % 500 < 3 && i > 2
        ? `Apr 13 11:${String(Math.floor(i / 500)).padStart(2, '0')}:00 node-1 kubelet[1234]: E0413 11:${String(Math.floor(i / 500)).padStart(2, '0')}:00.00000${i % 500}    1234 kubelet.go:1253] Image garbage collection failed multiple times in a row: failed to garbage collect required amount of images. Wanted to free 100 bytes, but freed 0 bytes`
        : l,
    );
    const ranges = (d: Diagnosis) => d.findings.map((f) => [f.signatureId, f.count, f.occurrences.map((o) => `${o.line}-${o.endLine}`).join(',')]);
    const doc = new IncrementalDocument(cat, 'j');
    doc.setLines([...lines, '']);
    const before = ranges(doc.diagnose(2024));
    assert.ok(
      before.some(([id, , r]) => id === 'image-gc-failed' && String(r).includes('-')),
      'bursts are found',
    );
    assert.ok(
      before.some(([id, , r]) => id === 'image-gc-failed' && /(\d+)-(?!\1\b)\d+/.test(String(r))),
      `a burst spans lines: ${JSON.stringify(before)}`,
    );
    doc.applyEdit({ range: { start: { line: 3000, character: 0 }, end: { line: 3000, character: 0 } }, text: 'typed\n' });
    doc.diagnose(2024);
    assert.ok(doc.lastStats.reused > 0, 'other blocks come from the cache');
    doc.applyEdit({ range: { start: { line: 3000, character: 0 }, end: { line: 3001, character: 0 } }, text: '' });
    assert.deepEqual(ranges(doc.diagnose(2024)), before);
  });

  it('in slices, gives the same diagnosis, and a throwing pause cancels it', async () => {
    const text = journal(9000).join('\n') + '\n';
    const doc = new IncrementalDocument(cat, 'node-1.journal');
    const empty = await doc.diagnoseSliced(2021, () => undefined);
    assert.deepEqual(empty.inputs[0].notices, [{ level: 'info', message: 'empty input' }]);
    let pauses = 0;
    doc.setText(text);
    const got = await doc.diagnoseSliced(2021, () => {
      pauses++;
      return new Promise((r) => setImmediate(r));
    });
    assert.ok(pauses > 3, `${pauses} pauses`);
    assert.deepEqual(summary(got), summary(diagnoseTexts(cat, [{ name: 'node-1.journal', text }], { defaultYear: 2021 })));
    const fresh = new IncrementalDocument(cat, 'node-1.journal');
    fresh.setText(text);
    await assert.rejects(
      fresh.diagnoseSliced(2021, () => {
        throw new Error('cancelled');
      }),
      /cancelled/,
    );
  });

  it('takes a paste of more lines than a function call takes arguments', () => {
    const text = new BlockedText();
    text.setLines(journal(1000));
    const pasted = journal(300_000);
    text.applyEdit({ range: { start: { line: 500, character: 0 }, end: { line: 500, character: 0 } }, text: pasted.join('\n') + '\n' });
    assert.equal(text.lines, 301_000);
    const all = text.blocks.flatMap((b) => b.lines);
    assert.equal(all[500], pasted[0]);
    assert.equal(all[300_500], journal(1000)[500]);
  });

  it('stops at its time limit with a notice, shows what it read, and reads on from there next time', async () => {
    const lines = journal(40_000);
    const whole = diagnoseTexts(cat, [{ name: 'x.log', text: lines.join('\n') + '\n' }], { defaultYear: 2024 });
    const doc = new IncrementalDocument(cat, 'x.log');
    doc.setLines([...lines, '']);
    // The limit runs out after 3 blocks have been read.
    let reads = 0;
    const stopped = await doc.diagnoseSliced(
      2024,
      () => undefined,
      () => ++reads > 3,
    );
    const at = doc.lastStats.stoppedAtLine!;
    assert.ok(at > 1 && at < 40_000, `stopped at ${at}`);
    const notice = stopped.inputs[0].notices.find((n) => n.level === 'warning' && n.line === at);
    assert.match(
      notice!.message,
      new RegExp(`stopped reading at line ${at}: .*time limit.* ${(40_001 - at).toLocaleString('en-US')} lines from here on are not analysed`),
    );
    // What it read is all there: every occurrence before the line it stopped at, none after.
    const before = (d: Diagnosis): string[] =>
      d.findings.flatMap((f) => f.occurrences.filter((o) => o.line < at).map((o) => `${f.signatureId}:${o.line}`)).sort();
    assert.deepEqual(before(stopped), before(whole));
    assert.ok(stopped.findings.every((f) => f.occurrences.every((o) => o.line < at)));
    // The next run reuses the blocks read and goes on to the end.
    const rest = await doc.diagnoseSliced(2024, () => undefined);
    assert.equal(doc.lastStats.stoppedAtLine, undefined);
    assert.ok(doc.lastStats.reused >= 3);
    assert.deepEqual(summary(rest), summary(whole));
  });

  it('reads its first block whole even when the limit has run out before it starts', async () => {
    const lines = journal(40_000);
    const doc = new IncrementalDocument(cat, 'x.log');
    doc.setLines([...lines, '']);
    const d = await doc.diagnoseSliced(
      2024,
      () => undefined,
      () => true,
    );
    const at = doc.lastStats.stoppedAtLine!;
    assert.ok(at > 1 && at < 40_000, `stopped at ${at}`);
    assert.equal(doc.lastStats.reused, 0);
    assert.ok(d.findings.length > 0, "the first block's findings are shown");
  });
});
