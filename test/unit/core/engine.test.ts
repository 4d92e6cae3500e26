import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { catalogueFiles, builtinCatalogueDir } from '../../../src/node/loadCatalogue';
import { Catalogue, DiagnosisCancelled, diagnoseStreams, diagnoseTexts, DiagnosisSession, planYears, sniffYears } from '../../../src/core';

const files = [...catalogueFiles(builtinCatalogueDir(), true), ...catalogueFiles(join(__dirname, '..', '..', 'fixtures', 'patterns-user'), false)];
const cat = new Catalogue(files);
const opts = { defaultYear: 2021 };

const DESCRIBE = `Name:         jenkins-6486f-x
Namespace:    jenkins
Node:         aks-nodepool1-2/10.240.0.4
Status:       Failed
Reason:       Evicted
Message:      The node was low on resource: nodefs.
`;
const JOURNAL = `Apr 13 10:15:02 aks-nodepool1-2 kubelet[1234]: E0413 10:15:02.123456    1234 kuberuntime_manager.go:815] createPodSandbox for pod "web-1_default(abc)" failed: mkdir /var/lib/docker/overlay2/abc: no space left on device
Apr 13 10:15:03 aks-nodepool1-2 kubelet[1234]: I0413 10:15:03.123456    1234 kubelet.go:1234] SyncLoop (PLEG): event for pod "web-1_default(abc)"
`;
const CONSOLE = `Started by user admin
[Pipeline] Start of Pipeline
[Pipeline] stage
[Pipeline] { (Build)
+ make build
ERROR: something odd happened in the build step
[Pipeline] }
Finished: FAILURE
`;

describe('engine', () => {
  it('detects kinds per segment in a pasted buffer and says which', () => {
    const d = diagnoseTexts(cat, [{ name: 'paste', text: DESCRIBE + JOURNAL + CONSOLE }], opts);
    assert.deepEqual(
      d.inputs[0].segments.map((s) => s.kind),
      ['kubectl-describe', 'journald', 'jenkins'],
    );
    assert.deepEqual(
      d.inputs[0].segments.map((s) => [s.startLine, s.endLine]),
      [
        [1, 6],
        [7, 8],
        [9, 16],
      ],
    );
    assert.ok(d.findings.some((f) => f.signatureId === 'no-space-left-on-device' && f.occurrences[0].line === 7));
  });

  it('reads a forced kind as one segment', () => {
    const d = diagnoseTexts(cat, [{ name: 'p', text: DESCRIBE + JOURNAL, kind: 'plain' }], opts);
    assert.deepEqual(d.inputs[0].segments, [{ kind: 'plain', startLine: 1, endLine: 8 }]);
  });

  it('gives the same findings streamed in tiny blocks (fast path) as read whole', () => {
    let big = '';
    for (let i = 0; i < 3000; i++)
      big += `I0413 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000000    1234 kubelet.go:1234] routine sync of pod web-${i}\n`;
    big += 'E0413 11:00:00.000000    1234 kuberuntime_manager.go:815] mkdir /var/lib/docker/overlay2/x: no space left on device\n';
    big += big;
    const whole = diagnoseTexts(cat, [{ name: 'a', text: big }], opts);
    const s = new DiagnosisSession(cat, { ...opts, blockSize: 64 * 1024 });
    const h = s.openInput('a');
    const buf = Buffer.from(big);
    for (let i = 0; i < buf.length; i += 10_000) h.push(buf.subarray(i, i + 10_000));
    h.end();
    const streamed = s.finish();
    const summary = (d: typeof whole) => d.findings.map((f) => [f.signatureId, f.count, f.occurrences.map((o) => o.line).join(',')]);
    assert.deepEqual(summary(streamed), summary(whole));
    assert.deepEqual(summary(whole), [['no-space-left-on-device', 2, '3001,6002']]);
    assert.equal(streamed.inputs[0].lines, 6002);
  });

  it('reads a foreign run inside a large sampled block as that run read alone reads it', () => {
    // 6,000 journal lines (a block segmented by sampling) with bare klog lines pasted in the middle
    // (another kind, each event read from its own lines): an error whose message wraps over indented
    // lines, CoreDNS-style timeouts, and a crash loop.
    const journal = (i: number) =>
      `Apr 13 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} node-1 kubelet[1234]: I0413 10:00:00.000000    1234 kubelet.go:1234] routine sync of pod web-${i}\n`;
    const klog = [
      'I0413 10:50:00.000000    4321 kubelet.go:2000] SyncLoop (PLEG): event for pod "api-7_prod(9f1c)"',
      'E0413 10:50:01.000000    4321 remote_runtime.go:116] RunPodSandbox from runtime service failed: rpc error: code = Unknown desc = failed to setup network for sandbox "4f1a":',
      '    plugin type="calico" failed (add): error getting ClusterInformation: connection is unauthorized: Unauthorized',
      '    (the CNI plugin could not reach the API server)',
      'E0413 10:50:02.000000    4321 pod_workers.go:951] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"api\\" with CrashLoopBackOff: \\"back-off 5m0s restarting failed container=api pod=api-7_prod(9f1c)\\"" pod="prod/api-7"',
      'I0413 10:50:03.000000    4321 kubelet.go:2000] SyncLoop (probe): probe="readiness" status="ready" pod="prod/web-1"',
    ];
    let text = '';
    for (let i = 0; i < 3000; i++) text += journal(i);
    for (const l of klog) text += l + '\n';
    for (let i = 3000; i < 6000; i++) text += journal(i);
    const sampled = diagnoseTexts(cat, [{ name: 'a', text }], opts);
    // Blocks of at most 4,000 lines are segmented line by line: the exact reading to agree with.
    const exact = diagnoseTexts(cat, [{ name: 'a', text }], { ...opts, blockSize: 256 * 1024 });
    const summary = (d: typeof sampled) => d.findings.map((f) => [f.signatureId, f.occurrences.map((o) => `${o.line}-${o.endLine}`).join(',')]);
    assert.deepEqual(summary(sampled), summary(exact));
    assert.deepEqual(summary(sampled), [
      ['cni-setup-failure', '3002-3004'],
      ['crash-loop-backoff', '3005-3005'],
    ]);
  });

  it('chains multi-event rules only within the window and on the same host', () => {
    const log = (gapMin: number, host2: string) => `Apr 13 10:00:00 db-1 payments[1]: payments worker w7 stalled
Apr 13 10:${String(gapMin).padStart(2, '0')}:00 ${host2} payments[1]: Deadlock found
`;
    const chain = (t: string) => diagnoseTexts(cat, [{ name: 'x', text: t }], opts).findings.find((f) => f.signatureId === 'custom-app-deadlock');
    assert.equal(chain(log(3, 'db-1'))?.count, 1);
    assert.equal(chain(log(3, 'db-1'))?.captureValues.worker?.[0], 'w7');
    assert.equal(chain(log(9, 'db-1')), undefined, 'outside 5m');
    assert.equal(chain(log(3, 'db-2')), undefined, 'other host');
  });

  it('clusters unmatched error lines into templates', () => {
    const d = diagnoseTexts(
      cat,
      [
        {
          name: 'x',
          text: 'E0413 10:00:00.000000 1 x.go:1] failed to sync secret cache: timed out waiting for 10.0.0.1\nE0413 10:00:01.000000 1 x.go:1] failed to sync secret cache: timed out waiting for 10.0.0.2\nI0413 10:00:02.000000 1 x.go:1] all good\n',
        },
      ],
      opts,
    );
    assert.equal(d.unknownErrors.length, 1);
    assert.equal(d.unknownErrors[0].count, 2);
    assert.match(d.unknownErrors[0].template, /failed to sync secret cache: timed out waiting for <\*>/);
  });

  describe('bad input', () => {
    it('empty input gives a notice and no findings', () => {
      const d = diagnoseTexts(cat, [{ name: 'e', text: '' }], opts);
      assert.equal(d.findings.length, 0);
      assert.match(d.inputs[0].notices[0].message, /empty/);
    });
    it('binary and invalid UTF-8 are reported, the text around them still read', () => {
      const bytes = Buffer.concat([
        Buffer.from('ok line\n\0\0\x01\x02 binary\n'),
        Buffer.from([0xff, 0xfe, 0x41, 0x0a]),
        Buffer.from('mkdir /x: no space left on device\n'),
      ]);
      const s = new DiagnosisSession(cat, opts);
      const h = s.openInput('bin');
      h.push(bytes);
      const sum = h.end();
      const d = s.finish();
      assert.ok(sum.notices.some((n) => /binary/.test(n.message) && n.line === 2));
      assert.ok(sum.notices.some((n) => /invalid UTF-8/.test(n.message)));
      assert.equal(d.findings[0]?.occurrences[0].line, 4);
    });
    it('UTF-16 with BOM and CRLF line ends are read', () => {
      const text = 'line one\r\nmkdir /x: no space left on device\r\n';
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      const s = new DiagnosisSession(cat, opts);
      const h = s.openInput('u16');
      h.push(le);
      const sum = h.end();
      const d = s.finish();
      assert.ok(sum.notices.some((n) => /UTF-16 LE/.test(n.message)));
      assert.equal(d.findings[0]?.occurrences[0].line, 2);
      assert.equal(d.findings[0]?.occurrences[0].text.endsWith('\r'), false);
    });
    it('a 20 MB line is read without hanging, with a notice', () => {
      const huge = 'x'.repeat(20 * 1024 * 1024) + ' no space left on device\nnext line: no space left on device\n';
      const d = diagnoseTexts(cat, [{ name: 'huge', text: huge }], opts);
      assert.ok(d.inputs[0].notices.some((n) => /longer than/.test(n.message)));
      assert.ok(d.findings[0].occurrences.some((o) => o.line === 2));
    });
    it('truncated JSON lines stay events', () => {
      const d = diagnoseTexts(
        cat,
        [
          {
            name: 'j',
            text: '{"log":"mkdir /x: no space left on device\\n","stream":"stderr","time":"2021-04-13T10:15:02.1Z"}\n{"log":"mkdir /y: no space left on dev',
          },
        ],
        opts,
      );
      assert.equal(d.findings[0].count, 1);
      assert.equal(d.inputs[0].lines, 2);
    });
  });

  it('streams with progress and can be cancelled', async () => {
    const chunks = Array.from({ length: 5 }, () => Buffer.from('I0413 10:00:00.000000 1 x.go:1] fine\n'.repeat(100)));
    const seen: number[] = [];
    const d = await diagnoseStreams(cat, [{ name: 's', chunks, size: chunks.reduce((n, c) => n + c.length, 0) }], {
      ...opts,
      onProgress: (p) => seen.push(p.bytes),
    });
    assert.equal(seen.length, 5);
    assert.equal(seen[4], d.inputs[0].bytes);
    const ac = new AbortController();
    const gen = (function* () {
      yield chunks[0];
      ac.abort();
      yield chunks[1];
    })();
    await assert.rejects(diagnoseStreams(cat, [{ name: 's', chunks: gen }], { ...opts, signal: ac.signal }), DiagnosisCancelled);
  });
});

describe('year inference', () => {
  it("takes an input's own dated lines, else the run's, for formats without a year", () => {
    const journal =
      '-- Logs begin at Fri 2018-11-23 07:00:01 UTC, end at Fri 2018-11-23 09:00:00 UTC. --\nNov 23 08:01:41 node-1 kubelet[1]: I1123 08:01:41.000000 1 x.go:1] ok\n';
    const klogOnly = 'I1123 08:01:41.000000 1 x.go:1] ok\n';
    const jenkins = '[2018-11-23T08:21:00.000Z] Started by user admin\n[2018-11-23T08:21:01.000Z] [Pipeline] stage\n';
    const other = '-- Logs begin at Mon 2021-04-12 00:00:00 UTC, end at Tue 2021-04-13 00:00:00 UTC. --\n';
    assert.deepEqual(sniffYears([klogOnly, jenkins]), [2018, 2018]);
    assert.deepEqual(sniffYears([journal, other, klogOnly, jenkins]), [2018, 2021, 2018, 2018], 'each keeps its own; the yearless one takes the most common');
    assert.deepEqual(sniffYears([klogOnly]), [undefined]);
    assert.equal(sniffYears([journal])[0], 2018);
    // journalctl's short output and RFC 3164 syslog state no year; short-iso and RFC 5424 do, among them.
    const short = 'Nov 23 08:01:41 node-1 kubelet[1]: I1123 08:01:41.000000 1 x.go:1] ok\nNov 23 08:01:42 node-1 containerd[2]: ok\n';
    assert.deepEqual(sniffYears([short]), [undefined]);
    assert.deepEqual(sniffYears([short + '2019-11-23T08:01:43+0000 node-1 kubelet[1]: ok\n']), [2019]);
    assert.deepEqual(sniffYears(['<13>Nov 23 08:01:41 node-1 app: ok\n<13>1 2020-11-23T08:01:41Z node-1 app 1 - - ok\n']), [2020]);
    // The plan every adapter uses: own year, else the run's, else the adapter's fallback, else this year;
    // an input read only once (stdin) has no head and takes the run's.
    assert.deepEqual(planYears([klogOnly, undefined, jenkins], [2026, 2025, 2026], 2027), [2018, 2018, 2018]);
    assert.deepEqual(planYears([klogOnly, undefined], [2025, undefined], 2027), [2025, 2027], 'no year anywhere: the file time, else this year');
  });
});

describe('subsumed-by edges', () => {
  const describePod = (reason: string) => `Name:         api-7f6d8c9b5-xk2lp
Namespace:    qa
Node:         ip-10-20-3-41/10.20.3.41
Status:       Running
Containers:
  api:
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       ${reason}
      Exit Code:    137
    Restart Count:  7
`;
  it('drops exit code 137 where OOMKilled read the same container, keeps it for other kills', () => {
    const oom = diagnoseTexts(cat, [{ name: 'd', text: describePod('OOMKilled') }], opts).findings.map((f) => f.signatureId);
    assert.ok(oom.includes('oom-killed'), oom.join(', '));
    assert.ok(!oom.includes('exit-code-137-sigkill'), oom.join(', '));
    const killed = diagnoseTexts(cat, [{ name: 'd', text: describePod('Error') }], opts).findings.map((f) => f.signatureId);
    assert.ok(killed.includes('exit-code-137-sigkill'), killed.join(', '));
    assert.ok(!killed.includes('oom-killed'));
  });
});
