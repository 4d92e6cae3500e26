/**
 * Each signature's `status` is the one its facts give (src/core/catalogue/lifecycle.ts, criteria in
 * docs/signature-language.md): its examples, the eval set and the example incidents. Every file whose
 * status differs is reported at once; `npm run catalogue:status -- --write` sets them.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalogue, checkExamples } from '../../../src/core';
import { signatureStatuses, type Evidence } from '../../../src/core/catalogue/lifecycle';
import { shippedStatuses } from '../../../scripts/catalogueStatus';
import { shippedCatalogue } from '../shippedCatalogue';

describe('status lifecycle', () => {
  it('every shipped signature declares the status its facts give', function () {
    this.timeout(120_000);
    const wrong = shippedStatuses(shippedCatalogue()).filter((v) => v.declared !== v.computed);
    assert.deepEqual(
      wrong.map((v) => `${v.file}:${v.line}: status ${v.declared}, the facts say ${v.computed}: ${v.why}`),
      [],
    );
  });

  it('computes stable, test and experimental from examples, real sightings and false alarms', () => {
    const file = join(__dirname, '..', '..', 'fixtures', 'patterns-user', 'custom-app-deadlock.yaml');
    const text = readFileSync(file, 'utf8');
    const cat = new Catalogue([{ file, text }]);
    const examples = checkExamples(cat);
    const status = (evidence: Evidence[], problems = examples): string => {
      const [v] = signatureStatuses(cat, problems, evidence);
      return `${v.declared}->${v.computed}`;
    };
    const seen: Evidence = { source: 'eval/a.log', found: ['custom-app-deadlock'], expected: ['custom-app-deadlock'], falseIfFound: 'all-not-expected' };
    const falseAlarm: Evidence = { source: 'eval/healthy.log', found: ['custom-app-deadlock'], expected: [], falseIfFound: 'all-not-expected' };
    const listedFalse: Evidence = { source: 'examples/x', found: ['custom-app-deadlock', 'other'], expected: ['other'], falseIfFound: ['custom-app-deadlock'] };
    const unlisted: Evidence = { source: 'examples/y', found: ['custom-app-deadlock', 'other'], expected: ['other'], falseIfFound: ['oom-killed'] };
    // The fixture's second rule has no example: experimental whatever else is known.
    assert.ok(examples.some((p) => /exercised by no example/.test(p.message)));
    assert.equal(status([seen]), 'test->experimental');
    const exercised = examples.filter((p) => !/exercised by no example/.test(p.message));
    assert.equal(status([], exercised), 'test->test');
    assert.equal(status([seen], exercised), 'test->stable');
    assert.equal(status([seen, unlisted], exercised), 'test->stable', 'an incident finds more than it lists without a false alarm');
    assert.equal(status([seen, falseAlarm], exercised), 'test->experimental');
    assert.equal(status([seen, listedFalse], exercised), 'test->experimental');
    const failing = [...exercised, { file, line: 18, level: 'error' as const, message: 'example does not match: "x"' }];
    assert.equal(status([seen], failing), 'test->experimental');
    const dep = new Catalogue([{ file, text: text.replace('status: test', 'status: deprecated') }]);
    assert.equal(signatureStatuses(dep, [], [falseAlarm])[0].computed, 'deprecated');
  });
});
