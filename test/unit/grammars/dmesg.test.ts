import { strict as assert } from 'node:assert';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import { DMESG_BOOT_TIME_KEY, dmesgGrammar } from '../../../grammars/dmesg';

describe('dmesg grammar', () => {
  it('scores dmesg lines high and other formats zero', () => {
    for (const line of [
      '[    0.000000] Linux version 5.4.0-1043-aws',
      '[Tue Apr  6 10:15:02 2021] Memory cgroup out of memory: Killed process 1234 (java)',
      '[2021-04-13T10:15:02,123456+00:00] x',
      '<6>[ 1302.500000] IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready',
      'kern  :err   : [ 1303.000000] Buffer I/O error on dev nvme1n1',
    ])
      assert.equal(dmesgGrammar.detect(line), 3, line);
    for (const foreign of [
      'Apr 13 10:15:02 node-1 kernel: nf_conntrack: table full, dropping packet',
      'I0413 10:15:02.123456    1234 kubelet.go:1234] message',
      '<34>Oct 11 22:14:15 mymachine su[123]: message',
      '[Pipeline] sh',
      '[INFO] Building jar',
      '[2021-04-13 10:15:02] local.ERROR: x',
      '',
    ])
      assert.equal(dmesgGrammar.detect(foreign), 0, foreign);
  });

  it('keeps uptime seconds and has no time without a boot time', () => {
    const h = dmesgGrammar.parseHead('[ 1234.567890] nf_conntrack: table full, dropping packet', newContext(2021, 0))!;
    assert.deepEqual(h, {
      timestamp: null,
      source: 'kernel',
      message: 'nf_conntrack: table full, dropping packet',
      fields: { uptime: '1234.567890' },
    });
    const ctx = newContext(2021, 0);
    ctx.state[DMESG_BOOT_TIME_KEY] = Date.UTC(2021, 3, 13, 10, 0, 0);
    const t = dmesgGrammar.parseHead('[  61.250000] eth0: link up', ctx)!;
    assert.equal(new Date(t.timestamp!).toISOString(), '2021-04-13T10:01:01.250Z');
    assert.equal(t.timestampInferred, true);
  });

  it('reads ctime and ISO stamps', () => {
    const ctx = newContext(2021, 0);
    const c = dmesgGrammar.parseHead('[Tue Apr  6 10:15:02 2021] Killed process 1234 (java)', ctx)!;
    assert.equal(new Date(c.timestamp!).toISOString(), '2021-04-06T10:15:02.000Z');
    assert.equal(c.timestampInferred, true);
    const i = dmesgGrammar.parseHead('[2021-04-13T12:15:02,123456+02:00] EXT4-fs error', ctx)!;
    assert.equal(new Date(i.timestamp!).toISOString(), '2021-04-13T10:15:02.123Z');
    assert.equal(i.timestampInferred, undefined);
  });

  it('takes severity only from a priority prefix or decoded level', () => {
    const ctx = newContext(2021, 0);
    assert.equal(dmesgGrammar.parseHead('[ 1.0] Out of memory: Killed process 1 (x)', ctx)?.severity, undefined);
    assert.equal(dmesgGrammar.parseHead('[ 1.0] BUG: unable to handle page fault', ctx)?.severity, undefined);
    assert.equal(dmesgGrammar.parseHead('<3>[ 1.0] BUG: unable to handle page fault', ctx)?.severity, 'error');
    assert.equal(dmesgGrammar.parseHead('<12>[ 1.0] user warning', ctx)?.severity, 'warning');
    assert.equal(dmesgGrammar.parseHead('kern  :crit  : [ 1.0] x', ctx)?.severity, 'critical');
  });

  it('joins lines without a stamp to the previous event', () => {
    const events = assembleEvents(['[ 1.000000] Call Trace:', ' dump_stack+0x6d/0x9a', '[ 1.000100] next'], dmesgGrammar, newContext(2021, 0));
    assert.deepEqual(
      events.map((e) => [e.line, e.endLine]),
      [
        [1, 2],
        [3, 3],
      ],
    );
  });

  it('rejects a cut stamp, and keeps a line with an impossible date untimed', () => {
    const ctx = newContext(2021, 0);
    assert.equal(dmesgGrammar.parseHead('[ 1.0', ctx), null);
    assert.equal(dmesgGrammar.parseHead('[Tue Apr 99 10:15:02 2021] x', ctx)?.timestamp, null);
  });

  it('rejects an unclosed stamp of a 20 MB line (lexing only its head)', () => {
    assert.equal(dmesgGrammar.parseHead('[' + 'x'.repeat(20_000_000), newContext(2021)), null);
  });
});
