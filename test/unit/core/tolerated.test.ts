/**
 * Failures their tool tolerated (src/core/engine/tolerated.ts): Ansible's `...ignoring` under a failed task
 * result means `ignore_errors: true` and the play went on, so neither a signature nor an unknown error is
 * reported on that result, in any of the ways Ansible prints it; a failure it did not ignore still is.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnoseTexts, type Diagnosis } from '../../../src/core';
import { shippedCatalogue } from '../shippedCatalogue';

const FIXTURE = readFileSync(join(__dirname, '..', '..', 'fixtures', 'pasted', 'ansible-ignored-failures.txt'), 'utf8');

function diagnose(text: string): Diagnosis {
  return diagnoseTexts(shippedCatalogue(), [{ name: 'ansible.log', text }], { defaultYear: 2023 });
}

/** `signature@line` of every occurrence, and the first line of every unmatched error. */
function marks(d: Diagnosis): string[] {
  const out = d.findings.flatMap((f) => f.occurrences.map((o) => `${f.signatureId}@${o.line}`));
  for (const c of d.unknownErrors) for (const e of c.examples) out.push(`unknown@${e.line}`);
  return out.sort();
}

/** Lines of `text` (1-based) that some mark points at. */
const markedLines = (d: Diagnosis): number[] => [...new Set(marks(d).map((m) => Number(m.split('@')[1])))].sort((a, b) => a - b);

describe("tolerated failures: Ansible's ...ignoring", () => {
  it('an ignored check and an ignored loop report nothing; the failure after them is still found', () => {
    const d = diagnose(FIXTURE);
    assert.deepEqual(markedLines(d), [17], marks(d).join(' '));
    assert.ok(d.findings.some((f) => f.signatureId === 'image-pull-failure'));
  });

  it('without the markers the same results are failures (the marker is what tolerates them)', () => {
    const d = diagnose(FIXTURE.replace(/^\.\.\.ignoring\n/gm, ''));
    assert.ok(marks(d).includes('configmap-or-secret-not-found@7'), marks(d).join(' '));
  });

  it('read through a CI prefix: the lines of a GitHub Actions log', () => {
    const stamped = FIXTURE.split('\n')
      .map((l, i) => (l === '' ? l : `2023-09-07T04:20:${String(10 + (i % 50)).padStart(2, '0')}.1234567Z ${l}`))
      .join('\n');
    const d = diagnose(stamped);
    assert.ok(!marks(d).some((m) => /@(7|11|13)$/.test(m)), marks(d).join(' '));
    assert.ok(d.findings.some((f) => f.signatureId === 'image-pull-failure'));
  });

  it("the YAML callback's indented result", () => {
    const yaml = [
      'TASK [Check kubeconfig configmap] **********************************************',
      'fatal: [node1]: FAILED! => changed=true ',
      '  cmd: /usr/local/bin/kubectl -n kube-system get configmap cluster-kubeconf',
      '  msg: non-zero return code',
      '  rc: 1',
      '  stderr: Error from server (NotFound): configmaps "cluster-kubeconf" not found',
      '  stderr_lines: <omitted>',
      '...ignoring',
      '',
    ].join('\n');
    assert.deepEqual(marks(diagnose(yaml)), []);
    assert.notDeepEqual(marks(diagnose(yaml.replace('...ignoring\n', ''))), []);
  });

  it("a marker under another task's result does not tolerate an earlier failure", () => {
    const text = [
      'TASK [Check kubeconfig configmap] **********************************************',
      'fatal: [node1]: FAILED! => {"changed": true, "msg": "non-zero return code", "rc": 1, "stderr": "Error from server (NotFound): configmaps \\"cluster-kubeconf\\" not found"}',
      '',
      'TASK [Probe optional file] *****************************************************',
      'fatal: [node1]: FAILED! => {"changed": false, "msg": "file not found: /etc/optional.conf"}',
      '...ignoring',
      '',
    ].join('\n');
    const d = diagnose(text);
    assert.ok(marks(d).includes('configmap-or-secret-not-found@2'), marks(d).join(' '));
    assert.ok(!marks(d).some((m) => m.endsWith('@5')), marks(d).join(' '));
  });

  it('a line that only ends in the word is no marker', () => {
    const text = [
      'fatal: [node1]: FAILED! => {"changed": true, "msg": "non-zero return code", "stderr": "Error from server (NotFound): configmaps \\"x\\" not found"}',
      'warning: retrying...ignoring',
      '',
    ].join('\n');
    assert.ok(marks(diagnose(text)).includes('configmap-or-secret-not-found@1'));
  });
});
