import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalogue, DiagnosisSession, diagnoseTexts, IncrementalDocument, type Diagnosis } from '../../../src/core';
import { builtinCatalogueDir, catalogueFiles } from '../../../src/node/loadCatalogue';
import { shippedCatalogue } from '../shippedCatalogue';

const ROOT = join(__dirname, '..', '..', '..');
const cat = shippedCatalogue();
const opts = { defaultYear: 2024 };
let everyLine: Catalogue | undefined;
/**
 * The shipped catalogue plus a signature whose rule has no literal: every event of every segment is
 * then parsed and checked (the engine's full path), the reading the fast path must agree with.
 */
function fullPathCatalogue(): Catalogue {
  const fixture = readFileSync(join(ROOT, 'test', 'fixtures', 'patterns-user', 'custom-app-deadlock.yaml'), 'utf8');
  const yaml = fixture.replace(/^id: .*$/m, 'id: any-address').replace(/^match:\n(?: {2}- .*\n)+/m, "match:\n  - '{ip:a} WHERE a = 203.0.113.254'\n");
  everyLine ??= new Catalogue([...catalogueFiles(builtinCatalogueDir(), true), { file: '/u/any-address.yaml', text: yaml }]);
  assert.equal(everyLine.unfiltered.length, 1);
  return everyLine;
}
const diagnose = (text: string, c = cat): Diagnosis => diagnoseTexts(c, [{ name: 'paste', text }], opts);
/** Every occurrence as `signature line-endLine`. */
const marks = (d: Diagnosis): string[] =>
  d.findings
    .filter((f) => f.signatureId !== 'any-address')
    .flatMap((f) => f.occurrences.map((o) => `${f.signatureId} ${o.line}-${o.endLine}`))
    .sort();
function streamed(text: string, blockSize: number): Diagnosis {
  const s = new DiagnosisSession(cat, { ...opts, blockSize });
  const h = s.openInput('paste');
  h.push(Buffer.from(text));
  h.end();
  return s.finish();
}

// A CI job's deploy step: helm prints the API server's rejection with the Go value broken over lines.
const HELM_DEPLOY =
  [
    '+ helm upgrade --install payments-api ./chart -n shop --wait',
    'Error: UPGRADE FAILED: cannot patch "payments-api" with kind Deployment: Deployment.apps "payments-api" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string',
    '    ]string{',
    '        "app.kubernetes.io/name": "payments-api",',
    '        "app.kubernetes.io/version": "2.4.1",',
    '    }, MatchExpressions: []v1.LabelSelectorRequirement(nil)',
    '}: field is immutable',
    'make: *** [Makefile:41: deploy] Error 1',
  ].join('\n') + '\n';

describe('a value printed over several lines: one fact, one finding', () => {
  it('gives the rejected selector change to the immutable-field signature alone, over the lines of the value', () => {
    const d = diagnose(HELM_DEPLOY);
    assert.deepEqual(
      marks(d).filter((m) => !m.startsWith('ci-')),
      ['immutable-field-update-rejected 2-7'],
    );
    const occ = d.findings.find((f) => f.signatureId === 'immutable-field-update-rejected')!.occurrences[0];
    // The whole statement is read: the specific rule with its captures, not the bare `field is immutable`.
    assert.deepEqual(
      { kind: occ.captures.kind, object: occ.captures.object, field: occ.captures.field },
      { kind: 'Deployment.apps', object: 'payments-api', field: 'spec.selector' },
    );
  });

  it('reads it the same on every path: fast, every line parsed, block by block, in the editor', () => {
    const fast = marks(diagnose(HELM_DEPLOY));
    assert.deepEqual(marks(diagnose(HELM_DEPLOY, fullPathCatalogue())), fast, 'every line parsed');
    assert.deepEqual(marks(streamed(HELM_DEPLOY, 64 * 1024)), fast, 'streamed');
    assert.deepEqual(marks(new IncrementalDocument(cat, 'paste').analyze(HELM_DEPLOY, 2024)), fast, 'in the editor');
  });

  it('finds the value from its last line alone, far below the line that opened it (the fast path reads back)', () => {
    const keys = Array.from({ length: 45 }, (_, i) => `        "label-${i}": "v${i}",`);
    const text =
      [HELM_DEPLOY.split('\n')[1], '    ]string{', ...keys, '    }, MatchExpressions: []v1.LabelSelectorRequirement(nil)', '}: field is immutable'].join('\n') +
      '\n';
    const fast = marks(diagnose(text));
    assert.deepEqual(fast, [`immutable-field-update-rejected 1-${keys.length + 4}`]);
    assert.deepEqual(marks(diagnose(text, fullPathCatalogue())), fast);
  });

  it('leaves every error after a stray bracket its own finding', () => {
    const lines = ['Loaded values: {'];
    for (let i = 0; i < 12; i++) lines.push(`Error: UPGRADE FAILED: release payments-${i} failed: timed out waiting for the condition`);
    const text = lines.join('\n') + '\n';
    const fast = marks(diagnose(text));
    assert.equal(fast.filter((m) => m.startsWith('helm-timeout')).length, 12);
    assert.deepEqual(marks(diagnose(text, fullPathCatalogue())), fast);
  });

  it('marks a timestamped Jenkins stack trace over all its frames on the fast path, as when every line is parsed', () => {
    const text =
      [
        '[2024-05-01T10:00:00.100Z] [Pipeline] sh',
        '[2024-05-01T10:00:30.200Z] io.fabric8.kubernetes.client.KubernetesClientException: error dialing backend: dial timeout',
        '[2024-05-01T10:00:30.200Z] \tat io.fabric8.kubernetes.client.dsl.internal.ExecWebSocketListener.onFailure(ExecWebSocketListener.java:255)',
        '[2024-05-01T10:00:30.200Z] \tat okhttp3.internal.ws.RealWebSocket.failWebSocket(RealWebSocket.java:571)',
        '[2024-05-01T10:00:30.200Z] \tat java.lang.Thread.run(Thread.java:748)',
        '[2024-05-01T10:00:30.300Z] [Pipeline] }',
      ].join('\n') + '\n';
    const fast = marks(diagnose(text));
    assert.deepEqual(
      fast.filter((m) => m.startsWith('apiserver-dial-backend-timeout')),
      ['apiserver-dial-backend-timeout 2-5'],
    );
    assert.deepEqual(marks(diagnose(text, fullPathCatalogue())), fast);
  });

  it('reads CoreDNS lines after other plain lines as plain lines, one event each (not as syslog continuation lines)', () => {
    const text =
      [
        '.:53',
        '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5',
        'CoreDNS-1.11.1',
        '2024-05-01T10:07:32.001518140Z [ERROR] plugin/errors: 2 api.example.com. A: read udp 10.4.1.5:60275->169.254.169.254:53: i/o timeout',
        '2024-05-01T10:07:51.311346611Z [INFO] 10.4.1.22:52582 - 45214 "A IN storage.googleapis.com. udp 40 false 512" NOERROR qr,rd,ra 160 0.003639070s',
        '2024-05-01T10:08:10.033419318Z [ERROR] plugin/errors: 2 pypi.org. A: read udp 10.4.1.5:58031->169.254.169.254:53: i/o timeout',
      ].join('\n') + '\n';
    const d = diagnose(text);
    assert.deepEqual(
      d.inputs[0].segments.map((s) => s.kind),
      ['plain'],
    );
    assert.deepEqual(
      marks(d).filter((m) => m.startsWith('coredns-upstream-timeout')),
      ['coredns-upstream-timeout 4-4', 'coredns-upstream-timeout 6-6'],
    );
    assert.deepEqual(marks(diagnose(text, fullPathCatalogue())), marks(d));
  });
});
