import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { diagnoseTexts, renderPostmortem } from '../../../src/core';
import { shippedCatalogue } from '../shippedCatalogue';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const cat = shippedCatalogue();

interface Expected {
  rootCause: string;
  alsoExpected?: string[];
  notExpected?: string[];
}

function filesOf(dir: string): { name: string; text: string }[] {
  return readdirSync(dir)
    .sort()
    .filter((n) => !/^(README\.md|expected\.json)$/.test(n) && statSync(join(dir, n)).isFile())
    .map((n) => ({ name: n, text: readFileSync(join(dir, n), 'utf8') }));
}

describe('acceptance: bundled example incidents', () => {
  const bundles = readdirSync(EXAMPLES).filter((n) => existsSync(join(EXAMPLES, n, 'expected.json')));
  it('has one bundle per seed story', () => assert.ok(bundles.length >= 5, bundles.join(', ')));
  for (const b of bundles) {
    describe(b, () => {
      const expected = JSON.parse(readFileSync(join(EXAMPLES, b, 'expected.json'), 'utf8')) as Expected;
      const inputs = filesOf(join(EXAMPLES, b));
      const d = diagnoseTexts(cat, inputs, { defaultYear: 2021 });
      const found = d.findings.map((f) => f.signatureId);
      it(`ranks ${expected.rootCause} first`, () => {
        assert.equal(d.rootCauses[0]?.signatureId, expected.rootCause, `ranking: ${d.rootCauses.map((r) => `${r.signatureId} ${r.confidence}`).join(', ')}`);
      });
      it('finds the symptoms too, and nothing it must not', () => {
        for (const id of expected.alsoExpected ?? []) assert.ok(found.includes(id), `missing ${id}; found ${found.join(', ')}`);
        for (const id of expected.notExpected ?? []) assert.ok(!found.includes(id), `unexpected ${id}`);
      });
      it('reads several kinds and drafts a redacted postmortem', () => {
        const kinds = new Set(d.inputs.flatMap((i) => i.kinds));
        assert.ok(kinds.size >= 2, [...kinds].join(', '));
        const md = renderPostmortem(d, cat, { generatedAt: 'test' });
        assert.ok(md.includes(`\`${expected.rootCause}\``));
        assert.ok(!/AKIA[A-Z0-9]{16}|s3cr3t|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./.test(md), 'secrets redacted');
      });
    });
  }
});
