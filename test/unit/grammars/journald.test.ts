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
