import { strict as assert } from 'node:assert';
import { diagnoseTexts, redact, renderPostmortem, toJson, toSarif } from '../../../src/core';
import { mdInline } from '../../../src/core/report/markdown';
import { shippedCatalogue } from '../shippedCatalogue';

const cat = shippedCatalogue();

describe('redaction', () => {
  const cases: [string, RegExp][] = [
    ['Authorization: Bearer abcdef0123456789abcdef', /Bearer \[REDACTED:bearer\]/],
    ['token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ', /\[REDACTED:jwt\]/],
    ['cloning https://deploy:s3cr3tpass@git.example.com/repo.git', /https:\/\/deploy:\[REDACTED:url-password\]@git\.example\.com/],
    ['AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', /\[REDACTED:aws-access-key\]/],
    ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', /aws_secret_access_key = \[REDACTED:secret\]$/],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', /^\[REDACTED:private-key\]$/],
    ['    token: 0123456789abcdef0123456789abcdef', /token: \[REDACTED:secret\]/],
    ['client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ==', /client-key-data: \[REDACTED:private-key\]/],
    ['DB_PASSWORD=hunter22 next', /DB_PASSWORD=\[REDACTED:password\] next/],
  ];
  for (const [text, want] of cases) it(`redacts ${text.slice(0, 30)}`, () => assert.match(redact(text).text, want));
  it('leaves ordinary log lines alone', () => {
    const line = 'I0413 10:15:02.123456 1234 kubelet.go:1234] token bucket refilled; password policy ok';
    assert.equal(redact(line).text, line);
  });
});

describe('postmortem and machine formats', () => {
  const text = [
    'Apr 13 10:15:02 node-1 kubelet[1234]: E0413 10:15:02.123456 1234 kuberuntime_manager.go:815] mkdir /var/lib/docker/overlay2/abc: no space left on device',
    'Apr 13 10:15:05 node-1 app[9]: <script>alert(1)</script> | `rm -rf` [link](http://evil) no space left on device Bearer abcdef0123456789abcdef',
  ].join('\n');
  const d = diagnoseTexts(cat, [{ name: 'node-1.journal', text }], { defaultYear: 2021 });

  it('escapes log text and redacts secrets in the draft', () => {
    const md = renderPostmortem(d, cat, { generatedAt: '2026-11-22' });
    const outsideCode = md.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '');
    assert.ok(md.includes('<script>alert(1)</script>'), 'kept verbatim inside code blocks');
    assert.ok(!outsideCode.includes('<script>'), 'no raw HTML outside code blocks');
    assert.ok(!/\[link\]\(http/.test(outsideCode), 'no live links from logs');
    assert.ok(!md.includes('abcdef0123456789abcdef'), 'secret redacted');
    assert.match(md, /^# Postmortem: /m);
    for (const h of [
      '## Summary',
      '## Impact',
      '## Detection',
      '## Root cause and trigger',
      '## Contributing factors',
      '## Timeline',
      '## Resolution and recovery',
      '## Action items',
      '## Lessons learned',
      '## Appendix: evidence',
    ])
      assert.ok(md.includes(h), h);
    assert.match(md, /node-1\.journal:2/);
    assert.match(md, /_[1-9]\d* secrets? redacted from excerpts._/);
  });

  it('keeps secrets only when redaction is turned off', () => {
    assert.ok(renderPostmortem(d, cat, { redact: false }).includes('abcdef0123456789abcdef'));
  });

  it('escapes inline markdown', () => {
    assert.equal(mdInline('<b>*x*</b> [a](b) | c (d)'), '\\<b\\>\\*x\\*\\</b\\> \\[a\\](b) \\| c (d)');
  });

  it('JSON has the documented shape', () => {
    const j = toJson(d) as {
      findings: { signatureId: string; count: number; occurrences: { input: string; line: number; timestamp: string | null; captures: object }[] }[];
      rootCauses: { signatureId: string; confidence: number; chain: unknown[] }[];
      inputs: { kinds: string[] }[];
      unknownErrors: unknown[];
    };
    const f = j.findings.find((x) => x.signatureId === 'no-space-left-on-device')!;
    assert.equal(f.count, 2);
    assert.deepEqual(
      { ...f.occurrences[0], text: undefined, refs: undefined, captures: undefined, endLine: undefined, kind: undefined },
      {
        input: 'node-1.journal',
        inputIndex: 0,
        line: 1,
        timestamp: '2021-04-13T10:15:02.000Z',
        text: undefined,
        refs: undefined,
        captures: undefined,
        endLine: undefined,
        kind: undefined,
      },
    );
    assert.equal(j.rootCauses[0].signatureId, 'no-space-left-on-device');
    assert.deepEqual(j.inputs[0].kinds, ['journald']);
    assert.ok(Array.isArray(j.unknownErrors));
  });

  it('SARIF results point at input lines', () => {
    const s = toSarif(d, cat) as {
      version: string;
      runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[];
    };
    assert.equal(s.version, '2.1.0');
    assert.deepEqual(
      s.runs[0].results.map((r) => [r.ruleId, r.locations[0].physicalLocation.region.startLine]),
      [
        ['no-space-left-on-device', 1],
        ['no-space-left-on-device', 2],
      ],
    );
  });
});
