import { strict as assert } from 'node:assert';
import { Catalogue, checkExamples, diagnoseTexts } from '../../../src/core';
import { builtinCatalogueDir, catalogueFiles } from '../../../src/node/loadCatalogue';

describe('examples check (one read per example)', () => {
  it('judges every example as diagnoseTexts does, both ways, when every declared verdict is wrong', () => {
    // The shipped examples with match and noMatch swapped (a fresh catalogue: the shared one is never
    // changed): each example now contradicts its declaration, so each must be reported, and whether it
    // is "found" must agree with a full diagnosis of it (chains, cross-checks and subsumption included).
    const cat = new Catalogue(catalogueFiles(builtinCatalogueDir(), true));
    const expected: string[] = [];
    for (const { signature: s, origin } of cat.signatures) {
      const match = s.examples.noMatch ?? [];
      const noMatch = s.examples.match;
      s.examples = { match, noMatch };
      const found = (text: string, kind?: string): boolean =>
        diagnoseTexts(cat, [{ name: 'example', text, kind: kind as never }], { defaultYear: 2021 }).findings.some((f) => f.signatureId === s.id);
      for (const ex of match) if (!found(ex.text, ex.kind)) expected.push(`${origin.file} example does not match`);
      for (const ex of noMatch) if (found(ex.text, ex.kind)) expected.push(`${origin.file} near-miss example matches`);
    }
    const errors = checkExamples(cat)
      .filter((p) => p.level === 'error')
      .map((p) => `${p.file} ${p.message.replace(/: ".*$/s, '')}`);
    assert.deepEqual(errors, expected);
    const total = cat.signatures.reduce((n, { signature: s }) => n + s.examples.match.length + (s.examples.noMatch?.length ?? 0), 0);
    assert.ok(expected.length > 0.9 * total, `only ${expected.length} of ${total} swapped examples contradict their declaration`);
    assert.ok(expected.some((e) => e.endsWith('near-miss example matches')) && expected.some((e) => e.endsWith('example does not match')));
  });
});
