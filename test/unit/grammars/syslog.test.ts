import { strict as assert } from 'node:assert';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import { journaldGrammar } from '../../../grammars/journald';
import { syslogGrammar } from '../../../grammars/syslog';

const RFC5424 =
  '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="App\\"lication\\]"] An application event';

describe('syslog grammar', () => {
  it('scores lines with <PRI> high and bare short lines below journald', () => {
    assert.equal(syslogGrammar.detect(RFC5424), 3);
    assert.equal(syslogGrammar.detect('<34>Oct 11 22:14:15 mymachine su[123]: message'), 3);
    assert.equal(syslogGrammar.detect('<14>1 - - - - - -'), 3);
    assert.equal(syslogGrammar.detect('2021-04-13T10:15:02.123456+00:00 worker-2 containerd[812]: x'), 2);
    const bare = 'Oct 11 22:14:15 mymachine su[123]: message';
    assert.equal(syslogGrammar.detect(bare), 1);
    assert.ok(syslogGrammar.detect(bare) < journaldGrammar.detect(bare));
    for (const foreign of [
      'I0413 10:15:02.123456    1234 kubelet.go:1234] message',
      '[ 1234.567890] nf_conntrack: table full, dropping packet',
      '<3>[ 1302.000001] BUG: unable to handle page fault',
      '{"__REALTIME_TIMESTAMP":"1618308902123456","MESSAGE":"x"}',
      // CoreDNS has RFC 3339 stamps and a `word: ` after them, but no host: parseHead takes no such line
      '2021-09-16T14:07:32.001518140Z [ERROR] plugin/errors: 2 api.example.com. A: read udp 10.4.1.5:60275->169.254.169.254:53: i/o timeout',
      '<html>',
      '',
    ])
      assert.equal(syslogGrammar.detect(foreign), 0, foreign);
  });

  it('reads RFC 5424 headers and structured data', () => {
    const h = syslogGrammar.parseHead(RFC5424, newContext(2021, 0))!;
    assert.equal(new Date(h.timestamp!).toISOString(), '2003-10-11T22:14:15.003Z');
    assert.deepEqual([h.severity, h.host, h.source, h.pid, h.message], ['notice', 'mymachine.example.com', 'evntslog', undefined, 'An application event']);
    assert.deepEqual(h.fields, { msgid: 'ID47', iut: '3', eventSource: 'App"lication]' });
    const nil = syslogGrammar.parseHead('<14>1 - - - - - -', newContext(2021))!;
    assert.deepEqual(nil, { timestamp: null, message: '', severity: 'info' });
    const bom = syslogGrammar.parseHead('<14>1 2021-04-13T10:15:02Z h app 42 - - \uFEFFhello', newContext(2021))!;
    assert.deepEqual([bom.pid, bom.message], [42, 'hello']);
  });

  it('reads RFC 3164 headers, with and without PRI or host', () => {
    const ctx = newContext(2021, 0);
    const h = syslogGrammar.parseHead("<34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed", ctx)!;
    assert.equal(new Date(h.timestamp!).toISOString(), '2021-10-11T22:14:15.000Z');
    assert.equal(h.timestampInferred, true);
    assert.deepEqual([h.severity, h.host, h.source, h.pid, h.message], ['critical', 'mymachine', 'su', 123, "'su root' failed"]);
    const noHost = syslogGrammar.parseHead('<13>Oct 11 22:14:16 logger: hello', ctx)!;
    assert.deepEqual([noHost.host, noHost.source, noHost.severity], [undefined, 'logger', 'notice']);
    const noPri = syslogGrammar.parseHead('Oct 11 22:14:17 10.0.0.7 sshd[5]: Accepted publickey', ctx)!;
    assert.deepEqual([noPri.host, noPri.source, noPri.severity], ['10.0.0.7', 'sshd', undefined]);
  });

  it('prefers the klog level of a forwarded kubelet line over PRI', () => {
    const h = syslogGrammar.parseHead(
      '<30>Oct 11 22:14:16 worker-2 kubelet[2211]: E1011 22:14:16.554433 2211 pod_workers.go:191] Error syncing pod',
      newContext(2021),
    )!;
    assert.deepEqual([h.severity, h.message], ['error', 'Error syncing pod']);
  });

  it('rolls the year over from December to January', () => {
    const events = assembleEvents(['<13>Dec 31 23:59:59 h a: x', '<13>Jan  1 00:00:01 h a: y'], syslogGrammar, newContext(2021, 0));
    assert.deepEqual(
      events.map((e) => new Date(e.timestamp!).toISOString()),
      ['2021-12-31T23:59:59.000Z', '2022-01-01T00:00:01.000Z'],
    );
  });

  it('joins indented lines to the previous event', () => {
    const events = assembleEvents(['<13>Oct 11 22:14:15 h a: first', '    second', '<13>Oct 11 22:14:16 h a: third'], syslogGrammar, newContext(2021, 0));
    assert.deepEqual(
      events.map((e) => [e.line, e.endLine]),
      [
        [1, 2],
        [3, 3],
      ],
    );
  });

  it('rejects an RFC 5424 header with unclosed structured data', () => {
    assert.equal(syslogGrammar.parseHead('<165>1 2003-10-11T22:14:15Z h a p m [unclosed x="1"', newContext(2021, 0)), null);
  });

  it('reads a 20 MB RFC 5424 line, and rejects one whose structured data never closes', () => {
    const tail = 'x'.repeat(20_000_000);
    assert.equal(syslogGrammar.parseHead('<13>1 - h a - - - ' + tail, newContext(2021))?.message.length, tail.length);
    assert.equal(syslogGrammar.parseHead('<13>1 - h a - - [x y="' + tail, newContext(2021)), null);
  });
});
