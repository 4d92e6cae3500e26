import { strict as assert } from 'node:assert';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import { journaldGrammar, readPayload } from '../../../grammars/journald';
import { syslogGrammar } from '../../../grammars/syslog';

const KUBELET = 'Apr 13 10:15:02 worker-2 kubelet[2211]: E0413 10:15:02.123456    2211 pod_workers.go:191] Error syncing pod abc, skipping';

describe('journald grammar', () => {
  it('scores journal lines, and plain short lines above syslog', () => {
    assert.equal(journaldGrammar.detect('Apr 13 10:15:02.123456 node-1 kubelet[1234]: x'), 3);
    assert.equal(journaldGrammar.detect('-- Reboot --'), 3);
    assert.equal(journaldGrammar.detect('-- Logs begin at Mon 2021-04-12 08:00:01 UTC, end at Tue 2021-04-13 10:20:00 UTC. --'), 3);
    assert.equal(journaldGrammar.detect('2021-04-13T10:15:02+0000 node-1 kubelet[1234]: x'), 2);
    assert.equal(journaldGrammar.detect(KUBELET), 2);
    assert.equal(journaldGrammar.detect('Apr  3 10:15:02 node-1 kernel: nf_conntrack: table full, dropping packet'), 2);
    assert.ok(journaldGrammar.detect(KUBELET) > syslogGrammar.detect(KUBELET));
    for (const foreign of [
      'I0413 10:15:02.123456    1234 kubelet.go:1234] message',
      '[ 1234.567890] nf_conntrack: table full, dropping packet',
      '<34>Oct 11 22:14:15 mymachine su[123]: message',
      '{"__REALTIME_TIMESTAMP":"1618308902123456","MESSAGE":"x"}',
      '2021-04-13T10:15:02.123456789Z stdout F hello',
      '-- not a marker',
      '',
    ])
      assert.equal(journaldGrammar.detect(foreign), 0, foreign);
  });

  it("reads the month as journalctl writes it under another locale's LC_TIME", () => {
    const cases: [string, string][] = [
      [
        '5月 13 10:15:02 k8s-node1 kubelet[1203]: E0513 10:15:02.123456    1203 kubelet.go:2448] "Error getting node" err="node \\"k8s-node1\\" not found"',
        '2024-05-13T10:15:02',
      ],
      ['12월 01 00:00:03 worker-3 containerd[880]: time="2024-12-01T00:00:03Z" level=info msg="starting"', '2024-12-01T00:00:03'],
      ['Mär 03 08:01:02 knoten-1 kubelet[912]: I0303 08:01:02.000001     912 server.go:416] "Kubelet version" kubeletVersion="v1.28.2"', '2024-03-03T08:01:02'],
      ['mars 03 08:01:02 noeud-1 systemd[1]: Started kubelet.service.', '2024-03-03T08:01:02'],
      ['déc. 24 23:59:01 noeud-1 sshd[77]: Accepted publickey', '2024-12-24T23:59:01'],
      ['ene 07 06:05:04 nodo-1 kubelet[55]: x', '2024-01-07T06:05:04'],
      ['окт 09 10:11:12 uzel-1 kubelet[4]: x', '2024-10-09T10:11:12'],
    ];
    for (const [line, iso] of cases) {
      assert.equal(journaldGrammar.detect(line), 2, line);
      const h = journaldGrammar.parseHead(line, newContext(2024, 0));
      assert.equal(h && new Date(h.timestamp!).toISOString().slice(0, 19), iso, line);
    }
    assert.equal(journaldGrammar.parseHead(cases[0][0], newContext(2024, 0))!.message, 'Error getting node err="node \\"k8s-node1\\" not found"');
    // A word that only starts like a month is no month; a number with 月 above 12 is none either.
    for (const line of ['Mayday 13 10:15:02 host x[1]: y', '13月 13 10:15:02 host x[1]: y']) {
      assert.equal(journaldGrammar.detect(line), 0, line);
      assert.equal(journaldGrammar.parseHead(line, newContext(2024, 0)), null, line);
    }
  });

  it('reads host, identifier, pid and the klog payload', () => {
    const h = journaldGrammar.parseHead(KUBELET, newContext(2021, 0))!;
    assert.equal(new Date(h.timestamp!).toISOString(), '2021-04-13T10:15:02.000Z');
    assert.equal(h.timestampInferred, true);
    assert.deepEqual([h.host, h.source, h.pid, h.unit], ['worker-2', 'kubelet', 2211, undefined]);
    assert.equal(h.severity, 'error');
    assert.equal(h.message, 'Error syncing pod abc, skipping');
    assert.equal(h.fields?.caller, 'pod_workers.go:191');
  });

  it('reads logrus payloads of dockerd and containerd', () => {
    const h = journaldGrammar.parseHead(
      'Apr 13 10:15:03 worker-2 dockerd[987]: time="2021-04-13T10:15:03Z" level=error msg="Handler for POST \\"x\\" returned error" container=8c1f',
      newContext(2021, 0),
    )!;
    assert.equal(h.severity, 'error');
    assert.equal(h.message, 'Handler for POST "x" returned error');
    assert.equal(h.fields?.container, '8c1f');
    const ctx = newContext(2021, 0);
    assert.equal(readPayload('level=fatal msg=boom', ctx)?.severity, 'critical');
    assert.equal(readPayload('time="x" msg="no level"', ctx), null);
    assert.equal(readPayload('plain text with level=error msg=x', ctx), null);
  });

  it('reads kernel lines, short-iso and markers', () => {
    const ctx = newContext(2021, 0);
    const k = journaldGrammar.parseHead('Apr 13 10:15:02 worker-2 kernel: nf_conntrack: table full, dropping packet', ctx)!;
    assert.deepEqual([k.source, k.pid, k.severity, k.message], ['kernel', undefined, undefined, 'nf_conntrack: table full, dropping packet']);
    const iso = journaldGrammar.parseHead('2021-04-13T12:15:02+0200 worker-2 systemd[1]: Started x.', ctx)!;
    assert.equal(new Date(iso.timestamp!).toISOString(), '2021-04-13T10:15:02.000Z');
    assert.equal(iso.timestampInferred, undefined);
    assert.deepEqual(journaldGrammar.parseHead('-- Reboot --', ctx), { timestamp: null, message: '-- Reboot --' });
    assert.deepEqual(journaldGrammar.parseHead('-- No entries --', ctx), { timestamp: null, message: '-- No entries --' });
  });

  it('rolls the year over from December to January', () => {
    const events = assembleEvents(
      [
        'Dec 31 23:59:59 h systemd[1]: a',
        'Dec 31 23:59:58 h systemd[1]: slightly out of order',
        'Jan  1 00:00:01 h systemd[1]: b',
        'Feb  1 00:00:01 h systemd[1]: c',
      ],
      journaldGrammar,
      newContext(2021, 0),
    );
    assert.deepEqual(
      events.map((e) => new Date(e.timestamp!).toISOString().slice(0, 10)),
      ['2021-12-31', '2021-12-31', '2022-01-01', '2022-02-01'],
    );
  });

  it('joins indented continuation lines', () => {
    const events = assembleEvents(
      ['Apr 13 10:15:02 h sshd[1]: first', '                               second', 'Apr 13 10:15:03 h sshd[1]: next'],
      journaldGrammar,
      newContext(2021, 0),
    );
    assert.deepEqual(
      events.map((e) => [e.line, e.endLine]),
      [
        [1, 2],
        [3, 3],
      ],
    );
  });

  it('rejects a header without identifier, and keeps a line with an impossible date untimed', () => {
    const ctx = newContext(2021, 0);
    assert.equal(journaldGrammar.parseHead('Apr 13 10:15:02 host', ctx), null);
    assert.equal(journaldGrammar.parseHead('Apr 99 99:99:99 h x: y', ctx)?.timestamp, null);
  });

  it('reads a klog payload of a 20 MB line, its tail kept', () => {
    const tail = 'x'.repeat(20_000_000);
    const k = journaldGrammar.parseHead('Apr 13 10:15:02 h kubelet[1]: I0413 10:15:02.000000 1 a.go:1] ' + tail, newContext(2021, 0))!;
    assert.equal(k.message.length, tail.length);
    assert.equal(k.severity, 'info');
  });
});
