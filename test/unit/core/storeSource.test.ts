import { strict as assert } from 'node:assert';
import { diagnoseStreams, mergeAnswers, storeInputs, truncationNotice, type StoreLine } from '../../../src/core';
import { shippedCatalogue } from '../shippedCatalogue';

const line = (source: string, t: number, text: string): StoreLine => ({ source, timeNs: BigInt(t), line: text });

describe('log-store lines to inputs (core)', () => {
  it('merges the answers of several queries: a line once per copy the store holds, not once per query', () => {
    const a = [line('s', 1, 'x'), line('s', 1, 'x'), line('s', 2, 'y')];
    const b = [line('s', 1, 'x'), line('s', 3, 'z'), line('t', 1, 'x')];
    const merged = mergeAnswers([a, b])
      .map((l) => `${l.source}@${l.timeNs}:${l.line}`)
      .sort();
    assert.deepEqual(merged, ['s@1:x', 's@1:x', 's@2:y', 's@3:z', 't@1:x']);
    assert.deepEqual(mergeAnswers([]), []);
  });

  it("one input per source, lines in time order (equal times keep the store's order), notices on the first only", async () => {
    const inputs = storeInputs('loki http://l', {
      lines: [
        line('{b="2"}', 5, 'late'),
        line('{a="1"}', 9, 'second'),
        line('{a="1"}', 3, 'first'),
        line('{a="1"}', 9, 'third'),
        line('{b="2"}', 1, 'early\n'),
      ],
      truncated: false,
      notices: [{ level: 'warning', message: 'cut' }],
    });
    assert.deepEqual(
      inputs.map((i) => i.name),
      ['loki http://l {a="1"}', 'loki http://l {b="2"}'],
    );
    const text = (i: (typeof inputs)[number]) => Buffer.concat([...(i.chunks as Uint8Array[])]).toString('utf8');
    assert.equal(text(inputs[0]), 'first\nsecond\nthird\n');
    assert.equal(text(inputs[1]), 'early\nlate\n');
    assert.deepEqual(
      inputs.map((i) => i.notices?.length),
      [1, 0],
    );
    // The engine reads them as it reads files.
    const cat = shippedCatalogue();
    const d = await diagnoseStreams(cat, inputs, { defaultYear: 2026 });
    assert.deepEqual(
      d.inputs.map((i) => i.lines),
      [3, 2],
    );
    assert.deepEqual(
      d.inputs[0].notices.map((n) => n.message),
      ['cut'],
    );
  });

  it('says how much was cut, with the count when the store knows it', () => {
    const lines = [line('s', 1, 'x'), line('s', 2, 'y')];
    assert.equal(truncationNotice({ lines, truncated: false }, 'ch', 'raise it'), undefined);
    assert.equal(
      truncationNotice({ lines, truncated: true, matched: 12000 }, 'ch', 'raise it')?.message,
      'ch: 12,000 candidate lines, 2 fetched (the earliest; raise it)',
    );
    assert.equal(
      truncationNotice({ lines, truncated: true }, 'loki', 'raise it')?.message,
      'loki: more candidate lines than that, 2 fetched (the earliest; raise it)',
    );
  });
});
