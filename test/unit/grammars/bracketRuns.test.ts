import { strict as assert } from 'node:assert';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import { BRACKET_RUN_MAX_LINES, bracketProfile, dumpShaped } from '../../../grammars/common/bracketRuns';
import { grammarFor } from '../../../grammars';
import type { LogKind } from '../../../src/model';

const events = (lines: string[], kind: LogKind) => assembleEvents(lines, grammarFor(kind), newContext(2024));
const ranges = (lines: string[], kind: LogKind) => events(lines, kind).map((e) => `${e.line}-${e.endLine}`);

// helm 3 printing the API server's rejection of a selector change, its Go value broken over lines.
const HELM_SELECTOR = [
  'Error: UPGRADE FAILED: cannot patch "payments-api" with kind Deployment: Deployment.apps "payments-api" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string',
  '    ]string{',
  '        "app.kubernetes.io/name": "payments-api",',
  '        "app.kubernetes.io/version": "2.4.1",',
  '    }, MatchExpressions: []v1.LabelSelectorRequirement(nil)',
  '}: field is immutable',
  'helm.go:84: [debug] cannot patch "payments-api" with kind Deployment',
];

describe('bracket runs: a value printed over several lines is one event', () => {
  it('counts the brackets a text leaves unmatched, of any kind', () => {
    assert.deepEqual(bracketProfile('v1.LabelSelector{MatchLabels:map[string'), { close: 0, open: 2 });
    assert.deepEqual(bracketProfile('}, MatchExpressions: []v1.LabelSelectorRequirement(nil)'), { close: 1, open: 0 });
    assert.deepEqual(bracketProfile(']string{'), { close: 1, open: 1 });
    assert.deepEqual(bracketProfile('pod "web-1_default(abc)" failed'), { close: 0, open: 0 });
    assert.equal(dumpShaped('}: field is immutable'), true);
    assert.equal(dumpShaped('    "app": "x",'), true);
    assert.equal(dumpShaped(''), true);
    assert.equal(dumpShaped('ERROR connection refused'), false);
  });

  it('joins helm output whose Go value spans lines, up to the line that closes it', () => {
    const evs = events(HELM_SELECTOR, 'helm');
    assert.deepEqual(
      evs.map((e) => `${e.line}-${e.endLine}`),
      ['1-6', '7-7'],
    );
    // Inside the open bracket the lines are one line of the message, so a rule's `*` reads across them.
    assert.equal(evs[0].message.split('\n').length, 1);
    assert.match(evs[0].message, /is invalid: spec\.selector: Invalid value: .* \}: field is immutable$/);
    assert.equal(evs[0].text, HELM_SELECTOR.slice(0, 6).join('\n'));
  });

  it('joins kubectl output read as plain text: a Job template dump, a pretty-printed API error body', () => {
    const job = [
      'The Job "db-migrate-20240501" is invalid: spec.template: Invalid value: core.PodTemplateSpec{',
      '  ObjectMeta: v1.ObjectMeta{Name: "", Labels: map[string]string{"job-name": "db-migrate-20240501"}},',
      '  Spec: core.PodSpec{Containers: []core.Container{{Name: "migrate", Image: "registry.example.com/db-migrate:1.9.0"}}},',
      '}: field is immutable',
      'deployment.apps/web configured',
    ];
    assert.deepEqual(ranges(job, 'plain'), ['1-4', '5-5']);
    const body = [
      'Error from server (Forbidden): {',
      '  "kind": "Status",',
      '  "apiVersion": "v1",',
      '  "status": "Failure",',
      '  "message": "pods \\"web-1\\" is forbidden: exceeded quota: compute-quota",',
      '  "details": {"name": "web-1", "kind": "pods"}',
      '}',
      'Error from server (NotFound): deployments.apps "web" not found',
    ];
    assert.deepEqual(ranges(body, 'plain'), ['1-7', '8-8']);
  });

  it('joins entries journald recorded per line when the same process wrote them in the same moment', () => {
    const J = (t: string, msg: string, proc = 'helm[4412]') => `May 01 10:00:${t} ci-runner-3 ${proc}: ${msg}`;
    const lines = HELM_SELECTOR.slice(0, 6).map((l) => J('07', l));
    assert.deepEqual(ranges([...lines, J('08', 'Release "payments-api" has been upgraded.')], 'journald'), ['1-6', '7-7']);
    // The closing line from another process, or two seconds later, is not this value's: it stays apart
    // (the indented entries before it join as journald continuations do).
    const other = [...lines.slice(0, 5), J('07', '}: field is immutable', 'dockerd[900]')];
    assert.deepEqual(ranges(other, 'journald'), ['1-5', '6-6']);
    const later = [...lines.slice(0, 5), J('09', '}: field is immutable')];
    assert.deepEqual(ranges(later, 'journald'), ['1-5', '6-6']);
  });

  it('never lets a stray bracket swallow the log after it', () => {
    // A level word or a stamp of its own makes a line an entry: an open bracket does not take it.
    const stamped = [
      '2024-05-01 10:00:00,101 INFO  rendering template {{ .Values.image',
      '2024-05-01 10:00:00,102 ERROR upstream connect error or disconnect/reset before headers',
      '2024-05-01 10:00:00,103 INFO  }} done',
    ];
    assert.deepEqual(ranges(stamped, 'plain'), ['1-1', '2-2', '3-3']);
    // A bracket closed only past the bound: every line stays its own event.
    const far = ['config = {', ...Array.from({ length: BRACKET_RUN_MAX_LINES + 5 }, (_, i) => `  key${i} = ${i}`), '}'];
    const farEvents = events(far, 'plain');
    assert.equal(farEvents[0].endLine, 1);
    assert.equal(farEvents.length, far.length);
    // Closed within the bound: one event.
    const near = ['config = {', ...Array.from({ length: 20 }, (_, i) => `  key${i} = ${i}`), '}'];
    assert.deepEqual(ranges(near, 'plain'), [`1-${near.length}`]);
    // A line of another shape in between (not indented, no closing bracket first) ends the chance.
    const broken = ['Invalid value: map[string]string{', '  "app": "x",', 'Retrying in 5s', '}: field is immutable'];
    assert.deepEqual(ranges(broken, 'plain'), ['1-1', '2-2', '3-3', '4-4']);
    // Unclosed at the end of the text: nothing joined.
    assert.deepEqual(ranges(['panic(', '  oops'], 'plain'), ['1-1', '2-2']);
    // Too many bytes: a 10 KB line ten times is past the bound of 64 KiB.
    const big = ['blob: [', ...Array.from({ length: 10 }, () => '  ' + 'x'.repeat(10_000)), ']'];
    assert.equal(events(big, 'plain').length, big.length);
  });

  it('keeps a run inside the event bound of continuation lines', () => {
    // klog's own continuation lines already join; the run only adds the closing line the grammar reads as a header.
    const klog = [
      'E0501 10:00:07.101010    4412 controller.go:316] "Reconciler error" err="Deployment.apps \\"web\\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{',
      '    "app": "web",',
      '}: field is immutable"',
      'I0501 10:00:07.201010    4412 controller.go:220] "Starting workers" count=1',
    ];
    assert.deepEqual(ranges(klog, 'klog'), ['1-3', '4-4']);
  });
});
