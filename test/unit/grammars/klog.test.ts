import { strict as assert } from 'node:assert';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import { klogGrammar, readKlogLine } from '../../../grammars/klog';

const HEAD = 'I0413 10:15:02.123456    1234 kubelet.go:1234] ';

describe('klog grammar', () => {
  it('scores klog lines high and other formats zero', () => {
    assert.equal(klogGrammar.detect(HEAD + 'hello'), 3);
    assert.equal(klogGrammar.detect('E0413 10:15:02.123456 pod_workers.go:191] short'), 2);
    for (const foreign of [
      'Apr 13 10:15:02 node-1 kubelet[1234]: E0413 10:15:02.123456 1 x.go:1] m',
      '[ 1234.567890] nf_conntrack: table full, dropping packet',
      '<34>Oct 11 22:14:15 mymachine su[123]: message',
      'time="2021-04-13T10:15:02Z" level=error msg="x"',
      '{"__REALTIME_TIMESTAMP":"1618308902123456","MESSAGE":"x"}',
      'INFO 2021-04-13 starting',
      'goroutine 1 [running]:',
      '',
    ])
      assert.equal(klogGrammar.detect(foreign), 0, foreign);
  });

  it('reads a plain header', () => {
    const h = klogGrammar.parseHead(HEAD + 'Started kubelet', newContext(2021, 0))!;
    assert.equal(new Date(h.timestamp!).toISOString(), '2021-04-13T10:15:02.123Z');
    assert.equal(h.timestampInferred, true);
    assert.equal(h.severity, 'info');
    assert.equal(h.pid, 1234);
    assert.equal(h.source, 'kubelet');
    assert.equal(h.message, 'Started kubelet');
    assert.deepEqual(h.fields, { caller: 'kubelet.go:1234' });
  });

  it('maps level letters and leaves source unset for ambiguous files', () => {
    const ctx = newContext(2021, 0);
    const levels = ['I', 'W', 'E', 'F'].map((l) => klogGrammar.parseHead(`${l}0413 10:15:02.000000 7 eviction_manager.go:1] m`, ctx));
    assert.deepEqual(
      levels.map((h) => h?.severity),
      ['info', 'warning', 'error', 'critical'],
    );
    assert.equal(levels[0]?.source, undefined);
  });

  it('reads structured messages with escaped quotes', () => {
    const k = readKlogLine(
      'I0413 10:15:02.123456 1234 eviction_manager.go:339] "Eviction manager: attempting to reclaim" ' +
        'resourceName="ephemeral-storage" pod="kube-system/x" err="exec \\"sh\\": not found" n=3',
    )!;
    assert.equal(k.message, 'Eviction manager: attempting to reclaim resourceName="ephemeral-storage" pod="kube-system/x" err="exec \\"sh\\": not found" n=3');
    assert.deepEqual(k.fields, {
      caller: 'eviction_manager.go:339',
      resourceName: 'ephemeral-storage',
      pod: 'kube-system/x',
      err: 'exec "sh": not found',
      n: '3',
    });
    const [e] = assembleEvents(['I0413 10:15:02.123456 1 a.go:1] "msg" pod="kube-system/x" node="worker-2"'], klogGrammar, newContext(2021, 0));
    assert.deepEqual(e.refs, { namespace: 'kube-system', pod: 'x', node: 'worker-2' });
  });

  it('keeps a cut structured message instead of failing', () => {
    const k = readKlogLine('E0413 10:15:02.123456 1 a.go:1] "never closed')!;
    assert.equal(k.message, '"never closed');
    assert.equal(klogGrammar.parseHead('E0413 10:15:02.123456 1 a.go:1]', newContext(2021))?.message, '');
  });

  it('rolls the year over from December to January', () => {
    const events = assembleEvents(
      ['I1231 23:59:59.000000 1 a.go:1] last of the year', 'I0101 00:00:01.000000 1 a.go:1] first of the next'],
      klogGrammar,
      newContext(2021, 0),
    );
    assert.deepEqual(
      events.map((e) => new Date(e.timestamp!).toISOString()),
      ['2021-12-31T23:59:59.000Z', '2022-01-01T00:00:01.000Z'],
    );
  });

  it('joins a Go stack trace to the fatal line', () => {
    const ctx = newContext(2021, 0);
    for (const line of ['goroutine 1 [running]:', '\t/go/src/k8s.io/klog/v2/klog.go:1026 +0xb9', 'main.main()', '', 'I0413 no time']) {
      assert.equal(klogGrammar.parseHead(line, ctx), null, line);
    }
    const events = assembleEvents(['F0413 10:15:02.000000 1 server.go:269] boom', 'goroutine 1 [running]:', 'main.main()'], klogGrammar, ctx);
    assert.equal(events.length, 1);
    assert.equal(events[0].endLine, 3);
    assert.equal(events[0].message, 'boom\ngoroutine 1 [running]:\nmain.main()');
  });

  it('keeps a line with an impossible date untimed', () => {
    assert.equal(klogGrammar.parseHead('I9999 99:99:99.000000 1 a.go:1] bad date', newContext(2021, 0))?.timestamp, null);
  });

  it('keeps an unterminated structured message of a 20 MB line, and rejects a header cut before `]`', () => {
    const tail = 'x'.repeat(20_000_000);
    const s = klogGrammar.parseHead(HEAD + '"' + tail, newContext(2021, 0));
    assert.ok(s && s.message.length === tail.length + 1);
    // a header cut short before `]`: rejected in linear time, not one lexer error per character
    assert.equal(klogGrammar.parseHead('I0413 10:15:02.123456 1234 ' + tail, newContext(2021, 0)), null);
  });
});
