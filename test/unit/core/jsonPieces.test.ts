/**
 * The JSON report is written in pieces; joined, they are exactly `JSON.stringify(value, null, 2)`:
 * on a real diagnosis and on the values JSON treats specially.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { batched, diagnoseTexts, jsonPieces, toJson, toJsonForWriting, toSarif } from '../../../src/core';
import { MappedList } from '../../../src/core/report/formats';
import { shippedCatalogue } from '../shippedCatalogue';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'dind-evicted-nodefs');

const joined = (v: unknown, depth?: number): string => [...jsonPieces(v, depth)].join('');

describe('the JSON report in pieces', () => {
  it("is JSON.stringify's text for a real diagnosis, as JSON and as SARIF", () => {
    const catalogue = shippedCatalogue();
    const text = readFileSync(join(EXAMPLE, 'kubelet.journal.log'), 'utf8');
    const d = diagnoseTexts(catalogue, [{ name: 'kubelet.journal.log', text }], { defaultYear: 2024 });
    assert.ok(d.findings.length > 0);
    for (const v of [toJson(d, { redact: true }), toSarif(d, catalogue, { redact: true })]) {
      const want = JSON.stringify(v, null, 2);
      assert.equal(joined(v), want);
      const pieces = [...jsonPieces(v)];
      assert.ok(pieces.length > 20, 'written in many pieces');
      assert.equal([...batched(pieces, 1000)].join(''), want);
      assert.ok([...batched(pieces, 1000)].length > 1);
    }
  });

  it('treats what JSON treats specially as JSON.stringify does, at every depth', () => {
    const v = {
      empty: [],
      none: {},
      u: undefined,
      f: () => 1,
      n: null,
      date: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
      list: [undefined, () => 2, Symbol('s'), 'a "quoted"\nline', 1.5, { deep: { deeper: [1, { x: 'y' }] } }],
      nested: { a: [[], [{}], [[1, 2]]], withJson: { toJSON: () => ({ made: true }) } },
      '"key\n"': 'v',
    };
    for (const depth of [0, 1, 2, 3, 6]) assert.equal(joined(v, depth), JSON.stringify(v, null, 2), `depth ${depth}`);
    for (const leaf of [null, 0, 'x', true, [], {}]) assert.equal(joined(leaf), JSON.stringify(leaf, null, 2));
  });

  it("writes the document with its occurrences made per finding as the plain document's text, on every example", () => {
    const catalogue = shippedCatalogue();
    const root = join(EXAMPLE, '..');
    let occurrences = 0;
    for (const dir of readdirSync(root).filter((x) => statSync(join(root, x)).isDirectory())) {
      const inputs = readdirSync(join(root, dir))
        .filter((f) => f !== 'README.md' && !f.endsWith('.json'))
        .map((f) => ({ name: f, text: readFileSync(join(root, dir, f), 'utf8') }));
      const d = diagnoseTexts(catalogue, inputs, { defaultYear: 2021 });
      occurrences += d.findings.reduce((n, f) => n + f.occurrences.length, 0);
      for (const redact of [true, false]) {
        const want = JSON.stringify(toJson(d, { redact }), null, 2);
        const lazy = toJsonForWriting(d, { redact });
        assert.equal(joined(lazy), want, `${dir}, redact ${redact}`);
        assert.equal(JSON.stringify(lazy, null, 2), want, `${dir}, redact ${redact}: JSON.stringify reads it too`);
      }
    }
    assert.ok(occurrences > 100, `only ${occurrences} occurrences`);
  });

  it("makes a mapped list's values only when it is written, and each time afresh", () => {
    let made = 0;
    const list = new MappedList([1, 2, 3], (x) => {
      made++;
      return { x, half: x / 2 };
    });
    const doc = { before: 'a', list, empty: new MappedList([], () => 1), after: [list] };
    assert.equal(made, 0);
    assert.equal(joined(doc), JSON.stringify({ before: 'a', list: list.toJSON(), empty: [], after: [list.toJSON()] }, null, 2));
    assert.equal(made, 3 * 4);
    for (const depth of [0, 1, 2, 5]) assert.equal(joined(doc, depth), JSON.stringify(doc, null, 2), `depth ${depth}`);
  });
});
