import { strict as assert } from 'node:assert';
import { diagnoseTexts, renderPostmortem, toJson, toSarif, toText, type Diagnosis } from '../../../src/core';
import { toViewModel } from '../../../src/extension/panels/diagnosisView';
import { Redactor } from '../../../src/cluster/clusterProblems';
import { leakIn, secretCorpus, type SecretLine } from './secretCorpus';
import { shippedCatalogue } from '../shippedCatalogue';

const cat = shippedCatalogue();
const corpus = secretCorpus();

/** A journal line at second `i` (two seconds apart: no two lines are one burst). */
const stamp = (i: number): string => {
  const s = 2 * i;
  return `Nov 22 10:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
const oneLine = (c: SecretLine): string => c.line.replace(/\n/g, ' ');

/**
 * Two inputs: every corpus line inside a line a signature matches (`no space left on device`), so
 * the secret sits in a finding's excerpt, headline input and timeline; and every corpus line as it
 * is, where most are unmatched error lines, so they sit in unknown-error templates and examples.
 */
const matched = corpus.map((c, i) => `${stamp(i)} node-1 app[9]: write /var/lib/app/cache: no space left on device; ${oneLine(c)}`).join('\n');
const unmatched = corpus.map((c, i) => `${stamp(i)} node-2 app[9]: ${oneLine(c)}`).join('\n');
const d: Diagnosis = diagnoseTexts(
  cat,
  [
    { name: 'matched.journal', text: matched },
    { name: 'unmatched.journal', text: unmatched },
  ],
  { defaultYear: 2026 },
);

/** Every format a diagnosis is shown or shared in. */
function renderings(redact: boolean): Record<string, string> {
  return {
    text: toText(d, cat, { redact }),
    json: JSON.stringify(toJson(d, { redact })),
    sarif: JSON.stringify(toSarif(d, cat, { redact })),
    markdown: renderPostmortem(d, cat, { redact, generatedAt: '2026-12-06 23:00Z' }),
    webview: JSON.stringify(toViewModel(d, { redact, catalogue: cat })),
  };
}

/** JSON escapes `"` and `\`: look for a secret the way each format writes it. */
const forms = (secret: string): string[] => [secret, JSON.stringify(secret).slice(1, -1)];

describe('redaction in every format: zero leaks of the secret corpus', () => {
  it('the corpus reaches the outputs: a finding per matched line, unknown errors from the rest', () => {
    const f = d.findings.find((x) => x.signatureId === 'no-space-left-on-device');
    assert.ok(f, 'the matched lines are a finding');
    assert.equal(f.count, corpus.length);
    assert.ok(d.unknownErrors.length >= 10, `${d.unknownErrors.length} unknown-error clusters`);
    // Without redaction every secret is in the JSON: the check below can fail.
    const raw = renderings(false).json;
    const absent = corpus.filter((c) => !forms(c.secret).some((s) => raw.includes(s)));
    assert.deepEqual(
      absent.map((c) => c.form),
      [],
    );
  });

  for (const [format, out] of Object.entries(renderings(true))) {
    it(`${format}: no secret, nor 12 characters of one`, () => {
      const leaks = corpus.flatMap((c) =>
        forms(c.secret).flatMap((s) => {
          const l = leakIn(out, s);
          return l ? [`${c.form}: ${l}`] : [];
        }),
      );
      assert.deepEqual([...new Set(leaks)], []);
      assert.match(out, /\[REDACTED:[a-z-]+\]/);
    });
  }

  it('unknown-error templates hold no secret even with redaction turned off (a template is a pattern; a secret is a variable part)', () => {
    const json = toJson(d, { redact: false }) as { unknownErrors: { template: string }[] };
    const templates = json.unknownErrors.map((u) => u.template).join('\n');
    const leaks = corpus.flatMap((c) => (leakIn(templates, c.secret) ? [c.form] : []));
    assert.deepEqual(leaks, []);
  });

  it('the draft counts what it redacted', () => {
    const md = renderings(true).markdown;
    const n = Number(/_(\d+) secrets? redacted from excerpts\._/.exec(md)?.[1]);
    assert.ok(n > 0);
    assert.equal(n, md.split('[REDACTED:').length - 1, 'each mark in the draft counted once');
  });

  it("cluster problems: the connection's own credentials and every corpus form", () => {
    const r = new Redactor(['kubeconfig-token-0123456789']);
    assert.equal(r.message('401 with kubeconfig-token-0123456789'), '401 with [REDACTED:credential]');
    const leaks = corpus.flatMap((c) => (leakIn(r.message(c.line), c.secret) ? [c.form] : []));
    assert.deepEqual(leaks, []);
  });
});
