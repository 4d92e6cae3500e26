/**
 * Results do not depend on how the input is cut (architecture invariant), for the kinds whose grammar
 * keeps state (CI stages) or reads whole JSON objects: each fixture diagnosed in one block and in
 * 300-byte blocks gives the same findings, occurrence lines, segments and stages.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnoseTexts } from '../../../src/core';
import { shippedCatalogue } from '../shippedCatalogue';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'logs');

describe('core: block cuts and the CI / JSON kinds', () => {
  const cat = shippedCatalogue();
  for (const kind of ['github-actions', 'gitlab-ci', 'json-lines', 'jenkins']) {
    it(`${kind}: the same diagnosis in one block and in 300-byte blocks`, () => {
      for (const file of readdirSync(join(FIXTURES, kind)).filter((f) => f.endsWith('.log'))) {
        const text = readFileSync(join(FIXTURES, kind, file), 'utf8');
        const summary = (blockSize?: number) => {
          const d = diagnoseTexts(cat, [{ name: file, text }], { defaultYear: 2024, ...(blockSize ? { blockSize } : {}) });
          return {
            findings: d.findings.map((f) => [f.signatureId, f.count, f.occurrences.map((o) => o.line)]),
            segments: d.inputs[0].segments.map((s) => [s.kind, s.startLine, s.endLine, s.stages ?? []]),
          };
        };
        const whole = summary();
        assert.ok(
          whole.segments.some((s) => s[0] === kind),
          `${file} is read as ${kind}`,
        );
        assert.deepEqual(summary(300), whole, file);
      }
    });
  }
});
