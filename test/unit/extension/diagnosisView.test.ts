import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalogue, diagnoseTexts, type Diagnosis } from '../../../src/core';
import { toViewModel } from '../../../src/extension/panels/diagnosisView';
import { asPageMessage } from '../../../webview/diagnosis/protocol';
import { shippedCatalogue } from '../shippedCatalogue';

const DIR = join(__dirname, '..', '..', '..', 'examples', 'dind-evicted-nodefs');
const cat = shippedCatalogue();
const inputs = readdirSync(DIR)
  .sort()
  .filter((n) => !/^(README\.md|expected\.json)$/.test(n))
  .map((n) => ({ name: n, text: readFileSync(join(DIR, n), 'utf8') }));
const diagnosis: Diagnosis = diagnoseTexts(cat, inputs, { defaultYear: 2018 });

describe('extension: Diagnosis view model', () => {
  it('carries root causes, chains, findings, clusters, inputs and the timeline', () => {
    const m = toViewModel(diagnosis, { redact: true });
    assert.equal(m.rootCauses[0].signatureId, 'image-gc-failed');
    assert.ok(m.rootCauses[0].chain.length > 1);
    assert.equal(m.findings.length, diagnosis.findings.length);
    assert.equal(m.inputs.length, inputs.length);
    assert.deepEqual(
      m.inputs.map((i) => i.index),
      inputs.map((_, i) => i),
    );
    assert.equal(m.unknownErrors.length, diagnosis.unknownErrors.length);
    assert.equal(m.timeline.length, diagnosis.timeline.length);
    for (const t of m.timeline) assert.ok(t.source.length > 0, 'every timeline point has a row label');
    assert.ok(m.redacted);
  });

  it('is plain JSON (survives postMessage)', () => {
    const m = toViewModel(diagnosis, { redact: true });
    assert.deepEqual(JSON.parse(JSON.stringify(m)), m);
  });

  it('redacts secrets from every log text when asked, and only then', () => {
    const withKey = JSON.stringify(toViewModel(diagnosis, { redact: false }));
    const redacted = JSON.stringify(toViewModel(diagnosis, { redact: true }));
    const keyRe = /AKIA[A-Z0-9]{16}/;
    // The example's console holds an AWS key; whether a finding quotes it depends on the catalogue,
    // so check with a made-up diagnosis too.
    if (keyRe.test(withKey)) assert.ok(!keyRe.test(redacted));
    const d = diagnoseTexts(
      cat,
      [{ name: 'x.log', text: 'E0101 10:00:00.000000 1 kubelet.go:1] token: AKIAQZ3EXAMPLE9W2B7D failed <script>alert(1)</script>\n' }],
      { defaultYear: 2024 },
    );
    const fake: Diagnosis = {
      ...d,
      findings: [
        {
          signatureId: 's',
          title: 'T',
          severity: 'error',
          category: 'node',
          headline: 'key AKIAQZ3EXAMPLE9W2B7D',
          count: 1,
          firstSeen: null,
          lastSeen: null,
          captureValues: {},
          occurrences: [
            {
              input: 0,
              line: 1,
              endLine: 1,
              text: 'password=hunter22 AKIAQZ3EXAMPLE9W2B7D <script>alert(1)</script>',
              timestamp: null,
              captures: {},
              refs: {},
              kind: 'klog',
            },
          ],
        },
      ],
    };
    const m = toViewModel(fake, { redact: true });
    assert.ok(!JSON.stringify(m).includes('AKIAQZ3EXAMPLE9W2B7D'));
    assert.ok(!JSON.stringify(m).includes('hunter22'));
    // Markup is left as text: escaping is the page's job (it uses text nodes).
    assert.ok(m.findings[0].occurrences[0].text.includes('<script>alert(1)</script>'));
    assert.ok(JSON.stringify(toViewModel(fake, { redact: false })).includes('AKIAQZ3EXAMPLE9W2B7D'));
  });

  it('carries the values of each varying part, redacted when asked, markup left as text', () => {
    const text = [
      'ERROR upload to <b>bucket-a</b> failed: token=ghp_abcdefghijklmnopqrstuvwxyz0123456789 denied',
      'ERROR upload to <b>bucket-b</b> failed: token=ghp_bbcdefghijklmnopqrstuvwxyz0123456789 denied',
      'ERROR upload to <b>bucket-a</b> failed: token=ghp_cbcdefghijklmnopqrstuvwxyz0123456789 denied',
    ].join('\n');
    const d = diagnoseTexts(new Catalogue([]), [{ name: 'x.log', text }], { defaultYear: 2024 });
    for (const redact of [true, false]) {
      const u = toViewModel(d, { redact }).unknownErrors[0];
      assert.equal(u.sampledLines, 3);
      assert.deepEqual(u.variables, [
        {
          values: [
            { value: '<b>bucket-a</b>', count: 2 },
            { value: '<b>bucket-b</b>', count: 1 },
          ],
          other: 0,
        },
      ]);
      // Templates and their values are made from redacted text always: no token either way.
      assert.ok(!JSON.stringify([u.template, u.variables]).includes('ghp_'), JSON.stringify(u));
    }
  });

  it('caps occurrences per finding but keeps the last one', () => {
    const occ = Array.from({ length: 10 }, (_, i) => ({
      input: 0,
      line: i + 1,
      endLine: i + 1,
      text: `l${i}`,
      timestamp: null,
      captures: {},
      refs: {},
      kind: 'plain' as const,
    }));
    const d: Diagnosis = {
      ...diagnosis,
      findings: [
        {
          signatureId: 's',
          title: 'T',
          severity: 'info',
          category: 'ci',
          headline: 'h',
          count: 40,
          firstSeen: null,
          lastSeen: null,
          captureValues: {},
          occurrences: occ,
        },
      ],
    };
    const f = toViewModel(d, { redact: false, occurrencesPerFinding: 4 }).findings[0];
    assert.deepEqual(
      f.occurrences.map((o) => o.line),
      [1, 2, 3, 10],
    );
    assert.equal(f.count, 40);
  });
});

describe('extension: Diagnosis page messages', () => {
  it('accepts well-formed messages and refuses the rest', () => {
    assert.deepEqual(asPageMessage({ type: 'reveal', input: 1, line: 20 }), { type: 'reveal', input: 1, line: 20 });
    assert.deepEqual(asPageMessage({ type: 'openSignature', id: 'image-gc-failed' }), { type: 'openSignature', id: 'image-gc-failed' });
    assert.deepEqual(asPageMessage({ type: 'generatePostmortem', extra: 1 }), { type: 'generatePostmortem' });
    assert.deepEqual(asPageMessage({ type: 'copy', text: 'x' }), { type: 'copy', text: 'x' });
    assert.deepEqual(asPageMessage({ type: 'createSignature', cluster: 2 }), { type: 'createSignature', cluster: 2 });
    assert.equal(asPageMessage({ type: 'createSignature', cluster: -1 }), undefined);
    assert.equal(asPageMessage({ type: 'createSignature', cluster: '0' }), undefined);
    assert.equal(asPageMessage({ type: 'reveal', input: '1', line: 2 }), undefined);
    assert.equal(asPageMessage({ type: 'openSignature' }), undefined);
    assert.equal(asPageMessage({ type: 'eval', code: 'x' }), undefined);
    assert.equal(asPageMessage(null), undefined);
    assert.equal(asPageMessage('ready'), undefined);
  });
});
