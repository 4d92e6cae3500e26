import { strict as assert } from 'node:assert';
import { diagnoseTexts, IncrementalDocument, toJson, toText, type LogEvent } from '../../../src/core';
import { judgeUnmatched } from '../../../src/core/diagnose/errorEvidence';
import { loudOffsets } from '../../../src/core/engine/quickSeverity';
import { shippedCatalogue } from '../shippedCatalogue';

const cat = shippedCatalogue();
const opts = { defaultYear: 2019 };

function ev(message: string, extra: Partial<LogEvent> = {}): LogEvent {
  return { input: 0, line: 1, endLine: 1, kind: 'plain', timestamp: null, message, text: message, refs: {}, ...extra };
}
const verdict = (message: string, extra: Partial<LogEvent> = {}): string => {
  const v = judgeUnmatched(ev(message, extra));
  return v.keep ? `keep ${v.level}` : `drop ${v.why}`;
};

describe('unmatched error lines: which lines are errors', () => {
  it('sets aside echoed commands, whatever error word their flags carry', () => {
    assert.equal(
      verdict(' > git fetch --no-tags --force --progress -- https://github.com/acme/web.git +refs/heads/*:refs/remotes/origin/* # timeout=10', {
        kind: 'jenkins',
      }),
      'drop echo',
    );
    assert.equal(
      verdict('+ helm upgrade --install ikman-qa ./build/ikman-qa-0.9.14.tgz --namespace qa-ikman -f values/qa/ikman.yaml --wait --timeout 300'),
      'drop echo',
    );
    assert.equal(verdict('++ kubectl wait --for=condition=ready pod -l app=web --timeout=120s'), 'drop echo');
    assert.equal(verdict('$ kubectl -n ci exec -it jenkins-0 -c jenkins -- sh -c "grep -i error /var/log/app.log"'), 'drop echo');
    assert.equal(verdict('sre@bastion-1:~$ journalctl -u kubelet --since "1 hour ago" | grep -i failed'), 'drop echo');
    assert.equal(verdict('[root@ip-10-20-3-41 ~]# systemctl restart kubelet || echo failed'), 'drop echo');
    assert.equal(verdict('##[group]Run npm test -- --fail-fast'), 'drop echo');
    assert.equal(verdict('>       r = requests.get("https://api.example.com/v2/visitors/ping", timeout=5)'), 'drop echo');
    assert.equal(verdict('[Pipeline] // timeout', { kind: 'jenkins', source: 'pipeline' }), 'drop echo');
  });

  it('sets aside flags, settings, counters, retry progress, negations and names', () => {
    assert.equal(verdict('Watching for changes to Pod ikman-qa-smoke-test with timeout of 5m0s'), 'drop setting');
    assert.equal(verdict('wait.go:51: beginning wait for resources with timeout of 5m0s'), 'drop setting');
    assert.equal(verdict('Retrying the upload with --fail-fast and --ignore-errors'), 'drop setting');
    assert.equal(verdict('==> [2019-11-20T04:29:42Z] run 29 started (passed so far: 28, failed: 0)'), 'drop counter');
    assert.equal(verdict('1 failed, 71 passed in 14.83s'), 'drop counter');
    assert.equal(verdict('Tests run: 42, Failures: 0, Errors: 0, Skipped: 2'), 'drop counter');
    assert.equal(verdict('node4                     : ok=71   changed=4    unreachable=0    failed=1    skipped=30'), 'drop counter');
    assert.equal(verdict('ci-loop interrupted (SIGINT) after 38 runs: 28 passed, 10 failed'), 'drop counter');
    assert.equal(verdict('FAILED - RETRYING: file_download | Download item (4 retries left).'), 'drop counter');
    assert.equal(verdict('webpack 5.88.2 compiled with no errors in 10342 ms'), 'drop counter');
  });

  it('sets aside states of describe/get snapshots, but not their event rows', () => {
    assert.equal(verdict('Status: Failed', { kind: 'kubectl-describe', severity: 'warning', fields: { field: 'Status', value: 'Failed' } }), 'drop status');
    assert.equal(
      verdict('jenkins jenkins-slave-n2h4w 1/2 Error 0 1h', {
        kind: 'kubectl-get',
        severity: 'warning',
        fields: { NAMESPACE: 'jenkins', NAME: 'jenkins-slave-n2h4w', STATUS: 'Error' },
      }),
      'drop status',
    );
    assert.equal(
      verdict('MountVolume.SetUp failed for volume "data" : mount failed: exit status 32', {
        kind: 'kubectl-describe',
        severity: 'warning',
        fields: { section: 'Events', type: 'Warning', reason: 'FailedMount' },
      }),
      'keep warning',
    );
  });

  it('sets aside bare job outcomes: the cause is on an earlier line', () => {
    assert.equal(verdict('Finished: FAILURE', { kind: 'jenkins', severity: 'error' }), 'drop outcome');
    assert.equal(verdict('ERROR: script returned exit code 1', { kind: 'jenkins', severity: 'error' }), 'drop outcome');
    assert.equal(verdict('ERROR: Job failed: command terminated with exit code 1'), 'drop outcome');
    assert.equal(verdict('==> [2019-11-20T04:39:56Z] run 29 FAILED at step test (market efritin) exit=1'), 'drop outcome');
    assert.equal(verdict('=================================== FAILURES ==================================='), 'drop quiet');
    assert.equal(
      verdict('The binary conntrack is not installed, this can cause failures in network connection cleanup.', { kind: 'klog', severity: 'warning' }),
      'drop quiet',
    );
  });

  it('follows the level a line states: quiet lines go, error lines stay without an error word', () => {
    assert.equal(
      verdict('info "fsevents@2.3.2" is an optional dependency and failed compatibility check. Excluding it from installation.', { kind: 'jenkins' }),
      'drop quiet',
    );
    assert.equal(verdict('retrying in 5s after timeout', { kind: 'klog', severity: 'info' }), 'drop quiet');
    assert.equal(verdict('"Housekeeping took longer than expected" expected="1s" actual="4.2s"', { kind: 'klog', severity: 'error' }), 'keep error');
    assert.equal(verdict('Server rejected event (will not retry!)', { kind: 'klog', severity: 'error' }), 'keep error');
    assert.equal(verdict('fatal: [node4]: FAILED! => {"attempts": 4, "changed": false, "msg": "Request failed"}'), 'keep critical');
    assert.equal(verdict('level=warning msg="no space reserved for the build cache"', { kind: 'logrus', severity: 'warning' }), 'drop quiet');
  });

  it('keeps real error lines, whatever their format', () => {
    assert.equal(verdict('Error: 502 Bad Gateway'), 'keep error');
    assert.equal(verdict('Error: release: "efritin-qa" not found'), 'keep error');
    assert.equal(verdict('dial tcp 10.96.0.10:53: i/o timeout'), 'keep word');
    assert.equal(verdict('request failed: context deadline exceeded (Client.Timeout exceeded while awaiting headers)'), 'keep word');
    assert.equal(verdict('FAILED tests/test_live.py::test_visitor_lookup_live - requests.exceptions.ConnectionError'), 'keep word');
    assert.equal(verdict('java.io.IOException: Timed out waiting for websocket connection.', { kind: 'jenkins' }), 'keep word');
    assert.equal(
      verdict('no DIAL_RSP from agent 3e7c1b90 for rand=690 (10.48.1.6:443) after 30s: dial timeout; agent open connections: 18286', {
        kind: 'klog',
        severity: 'warning',
      }),
      'keep warning',
    );
    assert.equal(
      verdict('conn write failure err="write tcp 10.48.2.9:40822->10.154.0.14:10250: write: broken pipe" connID=20865', { kind: 'klog', severity: 'error' }),
      'keep error',
    );
  });
});

describe('unmatched error lines: klog error headers found on the raw bytes', () => {
  it('finds E and F headers at a line start, after a journal prefix, a CRI tag or a JSON quote (or quoted after a space: the grammar then decides), not glued to a word', () => {
    const lines = [
      'E0413 10:15:02.123456       1 reflector.go:138] watch of *v1.Pod ended with: too old resource version',
      'Apr 13 10:15:02 node-1 kubelet[1234]: E0413 10:15:02.123456    1234 kubelet.go:2190] "Housekeeping took longer than expected"',
      '2021-04-13T10:15:02.123456789Z stderr F F0413 10:15:02.123456       1 main.go:42] lost lease',
      '{"log":"E0413 10:15:02.123456       1 controller.go:114] sync pending\\n","stream":"stderr"}',
      'I0413 10:15:02.123456       1 server.go:12] E0413 10:15:02.1 quoted inside an info line',
      'W0413 10:15:02.123456       1 warnings.go:70] image id 0xE0413 10:15:02.1 is not a header',
      'id=abcE0413 10:15:02.123456 glued to a word',
      'E0413 10:15:0',
    ];
    const block = Buffer.from(lines.join('\n') + '\n', 'latin1');
    const lineOf = (off: number): number => block.subarray(0, off).toString('latin1').split('\n').length;
    assert.deepEqual(
      loudOffsets(block, 0, block.length)
        .map(lineOf)
        .sort((a, b) => a - b),
      [1, 2, 3, 4, 5],
    );
  });
});

describe('unmatched error lines: a Jenkins console', () => {
  const CONSOLE = `[2021-04-13T14:10:01.100Z] Started by user admin
[2021-04-13T14:10:02.000Z]  > git rev-parse --is-inside-work-tree # timeout=10
[2021-04-13T14:10:02.100Z]  > git fetch --no-tags --force --progress -- https://github.com/acme/web.git +refs/heads/*:refs/remotes/origin/* # timeout=10
[2021-04-13T14:10:02.300Z]  > git --version # timeout=10
[2021-04-13T14:10:05.000Z] [Pipeline] sh
[2021-04-13T14:10:05.200Z] + helm upgrade --install web ./chart --namespace prod --wait --timeout 5m
[2021-04-13T14:10:09.300Z] Error: UPGRADE FAILED: execution error at (web/templates/deployment.yaml:12:14): image.tag is required
[2021-04-13T14:10:09.400Z] [Pipeline] sh
[2021-04-13T14:10:09.500Z] + npm test
[2021-04-13T14:10:30.900Z] Error: config validation failed: payments.currency "EURO" is not a supported currency code
[2021-04-13T14:10:31.000Z] Tests: 0 failed, 42 passed, 42 total
[2021-04-13T14:10:31.100Z] ==> run 12 started (passed so far: 11, failed: 0)
[2021-04-13T14:10:31.200Z] ERROR: script returned exit code 1
[2021-04-13T14:10:31.300Z] Finished: FAILURE
`;

  it('lists the one real error and says what it set aside', () => {
    const d = diagnoseTexts(cat, [{ name: 'console.log', text: CONSOLE }], { defaultYear: 2021 });
    // the Helm render error is a signature's (helm-template-render-failed); the application's own error is not
    assert.ok(
      d.findings.some((f) => f.signatureId === 'helm-template-render-failed'),
      d.findings.map((f) => f.signatureId).join(),
    );
    assert.deepEqual(
      d.unknownErrors.map((u) => u.template),
      ['Error: config validation failed: payments.currency "<*>" is not a supported currency code'],
    );
    assert.equal(d.unknownErrors[0].level, 'error');
    const s = d.unknownErrorTotals.setAside;
    assert.deepEqual({ echo: s.echo, counter: s.counter, outcome: s.outcome }, { echo: 4, counter: 2, outcome: 2 });
    const text = toText(d, cat);
    assert.match(text, /Set aside as not errors: 4 echoed commands, 2 counters or retry progress lines, 2 bare job outcomes\./);
    assert.doesNotMatch(text, /git --version|helm upgrade/);
  });

  it('reads a stack trace once: a head line whose trace matched a signature is not unmatched', () => {
    const trace = `[2021-04-13T14:14:11.057Z] [Pipeline] sh
[2021-04-13T14:14:41.266Z] java.io.IOException: Timed out waiting for websocket connection. You should increase the value of system property org.csanchez.jenkins.plugins.kubernetes.pipeline.ContainerExecDecorator.websocketConnectionTimeout currently set at 30 seconds
[2021-04-13T14:14:41.266Z] \tat org.csanchez.jenkins.plugins.kubernetes.pipeline.ContainerExecDecorator$1.doLaunch(ContainerExecDecorator.java:451)
[2021-04-13T14:14:41.266Z] \tat hudson.Launcher$ProcStarter.start(Launcher.java:507)
[2021-04-13T14:14:41.266Z] Caused by: io.fabric8.kubernetes.client.KubernetesClientException: error dialing backend: dial timeout
[2021-04-13T14:14:41.266Z] \tat io.fabric8.kubernetes.client.dsl.internal.ExecWebSocketListener.onFailure(ExecWebSocketListener.java:255)
[2021-04-13T14:14:41.266Z] \tat okhttp3.internal.ws.RealWebSocket.failWebSocket(RealWebSocket.java:571)
[2021-04-13T14:14:41.266Z] Caused by: java.net.ProtocolException: Expected HTTP 101 response but was '500 Internal Server Error'
[2021-04-13T14:14:41.266Z] \tat okhttp3.internal.ws.RealWebSocket.checkResponse(RealWebSocket.java:229)
[2021-04-13T14:14:41.266Z] \t... 5 more
[2021-04-13T14:14:41.372Z] [Pipeline] }
`;
    const d = diagnoseTexts(cat, [{ name: 'console.log', text: trace }], { defaultYear: 2021 });
    assert.ok(d.findings.some((f) => f.signatureId === 'apiserver-dial-backend-timeout'));
    assert.deepEqual(
      d.unknownErrors.map((u) => `${u.examples[0].line} ${u.template.slice(0, 40)}`),
      [],
    );
  });
});

describe('unmatched error lines: ranking', () => {
  // A kubelet journal: a warning every 10 minutes all morning, a PLEG failure at 10:30 (the root
  // cause), an error-level line with no error word in it right then, and a one-off error at 08:05.
  const lines: string[] = [];
  for (let m = 0; m <= 150; m += 10) {
    const t = new Date(Date.UTC(2019, 10, 20, 8, m, 57));
    const hh = String(t.getUTCHours()).padStart(2, '0'),
      mm = String(t.getUTCMinutes()).padStart(2, '0');
    lines.push(
      `Nov 20 ${hh}:${mm}:57 ip-172-20-54-117 kubelet[3121]: W1120 ${hh}:${mm}:57.347576    3121 container.go:409] Failed to create summary reader for "/libcontainer_${37763 + m}_systemd_test_default.slice": none of the resources are being tracked.`,
    );
  }
  // (The one-off used to be an orphaned-pod line, then a system-container-stats line; kubelet-orphaned-pod-volumes
  // and kubelet-system-container-stats-failed recognise those now.)
  lines.push(
    'Nov 20 08:05:12 ip-172-20-54-117 kube-controller-manager[2211]: E1120 08:05:12.000120    2211 actual_state_of_world.go:461] Failed to set statusUpdateNeeded to needed true because nodeName="ip-172-20-54-117.us-west-2.compute.internal"  does not exist',
  );
  lines.push(
    'Nov 20 10:30:01 ip-172-20-54-117 kubelet[3121]: I1120 10:30:01.104220    3121 kubelet.go:1879] skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 3m0.49s ago; threshold is 3m0s]',
  );
  lines.push(
    'Nov 20 10:30:41 ip-172-20-54-117 kubelet[3121]: E1120 10:30:41.123456    3121 kubelet.go:2190] "Housekeeping took longer than expected" expected="1s" actual="4.2s"',
  );
  lines.push(
    'Nov 20 10:31:06 ip-172-20-54-117 kubelet[3121]: I1120 10:31:06.104220    3121 kubelet.go:1879] skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 3m5.49s ago; threshold is 3m0s]',
  );
  const journal = lines.sort((a, b) => a.slice(7, 15).localeCompare(b.slice(7, 15))).join('\n') + '\n';
  const d = diagnoseTexts(cat, [{ name: 'kubelet.journal.log', text: journal }], opts);

  it('reads an error-level klog line that has no error word (the fast path too)', () => {
    const u = d.unknownErrors.find((c) => c.template.includes('Housekeeping took longer than expected'));
    assert.ok(u, d.unknownErrors.map((c) => c.template).join('\n'));
    assert.equal(u.level, 'error');
  });

  it('puts the error at the root cause first, the morning one-off next, the all-morning warning last', () => {
    assert.equal(d.rootCauses[0]?.signatureId, 'kubelet-pleg-unhealthy');
    const order = d.unknownErrors.map((u) => u.template.slice(0, 30));
    assert.deepEqual(order, ['Housekeeping took longer than ', 'Failed to set statusUpdateNeed', 'Failed to create summary reade']);
    const [burst, oneOff, steady] = d.unknownErrors;
    assert.ok(burst.score > oneOff.score && oneOff.score > steady.score, d.unknownErrors.map((u) => u.score).join(' > '));
    assert.ok(
      burst.reasons.some((r) => /100% of its lines within 15 min of kubelet-pleg-unhealthy/.test(r)),
      burst.reasons.join('; '),
    );
    assert.ok(
      burst.reasons.some((r) => /same place as the findings: ip-172-20-54-117/.test(r)),
      burst.reasons.join('; '),
    );
    assert.ok(!oneOff.reasons.some((r) => /within 15 min/.test(r)), oneOff.reasons.join('; '));
    assert.ok(
      steady.reasons.some((r) => /^steady: 16 lines over/.test(r)),
      steady.reasons.join('; '),
    );
  });

  it('shows score, level and reasons in JSON', () => {
    const j = toJson(d) as {
      unknownErrors: { score: number; level: string; reasons: string[]; lastSeen: string | null }[];
      unknownErrorTotals: { clusters: number; lines: number };
    };
    assert.equal(j.unknownErrors[0].score, d.unknownErrors[0].score);
    assert.equal(j.unknownErrors[0].level, 'error');
    assert.ok(j.unknownErrors[0].reasons.length >= 2);
    assert.equal(j.unknownErrors[2].lastSeen, '2019-11-20T10:30:57.000Z');
    assert.deepEqual({ clusters: j.unknownErrorTotals.clusters, lines: j.unknownErrorTotals.lines }, { clusters: 3, lines: 18 });
  });

  it('without a root cause, still ranks by level and rarity', () => {
    const plain = diagnoseTexts(
      cat,
      [
        {
          name: 'app.log',
          text: `2021-04-13T10:00:00Z WARN cache refresh failed, serving stale data
2021-04-13T10:00:01Z ERROR payment provider returned an unexpected response
`,
        },
      ],
      { defaultYear: 2021 },
    );
    assert.deepEqual(
      plain.unknownErrors.map((u) => u.level),
      ['error', 'warning'],
    );
  });
});

describe('unmatched error lines: one event is one cluster, however the input is cut', () => {
  // Application errors whose variable part is a word (a customer, a queue, a bucket): the regex
  // template keeps the word, the miner sees that the lines are one event.
  const names = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
  const lines = names.flatMap((n, i) => [
    `time="2024-05-02T08:1${i}:00Z" level=error msg="charge rejected for customer ${n}: card declined by issuer" component=payments`,
    `time="2024-05-02T08:1${i}:30Z" level=info msg="GET /health 200" component=web`,
    `time="2024-05-02T08:1${i}:40Z" level=error msg="queue ${n}-jobs stalled, consumer unreachable" component=worker`,
  ]);
  const text = lines.join('\n') + '\n';

  it('joins regex templates that differ in a word into one cluster, with the counts and times of all', () => {
    const d = diagnoseTexts(cat, [{ name: 'app.log', text }], opts);
    const charge = d.unknownErrors.filter((u) => u.template.includes('charge rejected'));
    assert.equal(charge.length, 1, d.unknownErrors.map((u) => u.template).join('\n'));
    assert.equal(charge[0].count, 6);
    assert.equal(charge[0].template, 'charge rejected for customer <*> card declined by issuer');
    assert.equal(charge[0].firstSeen, Date.parse('2024-05-02T08:10:00Z'));
    assert.equal(charge[0].lastSeen, Date.parse('2024-05-02T08:15:00Z'));
    assert.deepEqual(
      charge[0].examples.map((e) => e.line),
      [1, 4, 7],
    );
    // Known limit: a word in the first two tokens routes lines to different leaves of the tree, so
    // `queue alice-jobs stalled` and `queue bob-jobs stalled` stay apart (bench/README.md, Mac).
    assert.equal(d.unknownErrors.filter((u) => u.template.includes('stalled')).length, 6);
    assert.equal(d.unknownErrorTotals.lines, 12);
  });

  it('gives the same clusters whatever the block size', () => {
    const whole = diagnoseTexts(cat, [{ name: 'app.log', text }], opts).unknownErrors;
    for (const blockSize of [64, 200, 1000])
      assert.deepEqual(diagnoseTexts(cat, [{ name: 'app.log', text }], { ...opts, blockSize }).unknownErrors, whole, `blocks of ${blockSize} bytes`);
    // The editor's incremental reader (content-defined blocks, templates per block, re-merged).
    const big =
      Array.from({ length: 400 }, (_, k) => lines.map((l) => l.replace('customer ', `customer c${k}`)))
        .flat()
        .join('\n') + '\n';
    assert.deepEqual(
      new IncrementalDocument(cat, 'app.log').analyze(big, 2019).unknownErrors,
      diagnoseTexts(cat, [{ name: 'app.log', text: big }], opts).unknownErrors,
    );
  });
});
