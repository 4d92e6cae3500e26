import { strict as assert } from 'node:assert';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import { fieldText, journaldJsonGrammar } from '../../../grammars/journaldJson';

const entry = (fields: Record<string, unknown>): string => JSON.stringify({ __REALTIME_TIMESTAMP: '1618308902123456', _HOSTNAME: 'worker-2', ...fields });

describe('journald-json grammar', () => {
  it('scores journal JSON high and other JSON or formats zero', () => {
    assert.equal(journaldJsonGrammar.detect(entry({ MESSAGE: 'x' })), 3);
    assert.equal(journaldJsonGrammar.detect('{"__CURSOR":"s=1;i=2","MESSAGE":"x"}'), 3);
    assert.equal(journaldJsonGrammar.detect('{"SYSLOG_IDENTIFIER":"kubelet","PRIORITY":"6","MESSAGE":"x"}'), 2);
    for (const foreign of [
      '{"log":"hello\\n","stream":"stdout","time":"2021-04-13T10:15:02.123456789Z"}',
      '{"level":"error","msg":"x","ts":1618308902.1}',
      'Apr 13 10:15:02 node-1 kubelet[1234]: x',
      'I0413 10:15:02.123456    1234 kubelet.go:1234] message',
      '[ 1234.567890] x',
      '',
    ])
      assert.equal(journaldJsonGrammar.detect(foreign), 0, foreign);
  });

  it('reads the journal fields', () => {
    const h = journaldJsonGrammar.parseHead(
      entry({
        SYSLOG_IDENTIFIER: 'systemd',
        _SYSTEMD_UNIT: 'init.scope',
        _PID: '1',
        PRIORITY: '3',
        MESSAGE: 'Failed to start kubelet.service.',
      }),
      newContext(2021),
    )!;
    assert.equal(new Date(h.timestamp!).toISOString(), '2021-04-13T10:15:02.123Z');
    assert.equal(h.timestampInferred, undefined);
    assert.deepEqual([h.source, h.host, h.unit, h.pid, h.severity], ['systemd', 'worker-2', 'init.scope', 1, 'error']);
    assert.equal(h.message, 'Failed to start kubelet.service.');
    assert.equal(h.fields?._SYSTEMD_UNIT, 'init.scope');
  });

  it('maps PRIORITY 0-7', () => {
    const severities = [0, 1, 2, 3, 4, 5, 6, 7].map(
      (p) => journaldJsonGrammar.parseHead(entry({ PRIORITY: String(p), MESSAGE: 'm' }), newContext(2021))?.severity,
    );
    assert.deepEqual(severities, ['critical', 'critical', 'critical', 'error', 'warning', 'notice', 'info', 'debug']);
    assert.equal(journaldJsonGrammar.parseHead(entry({ PRIORITY: '9', MESSAGE: 'm' }), newContext(2021))?.severity, undefined);
  });

  it('decodes binary MESSAGE byte arrays as UTF-8', () => {
    const bytes = [...Buffer.from('Grüße\u0000tail', 'utf8')];
    assert.equal(journaldJsonGrammar.parseHead(entry({ MESSAGE: bytes }), newContext(2021))?.message, 'Grüße\u0000tail');
    assert.equal(fieldText(['a', 'b']), 'a');
    assert.equal(fieldText(null), undefined);
  });

  it('prefers the klog level of kubelet messages over PRIORITY', () => {
    const h = journaldJsonGrammar.parseHead(
      entry({
        SYSLOG_IDENTIFIER: 'kubelet',
        PRIORITY: '6',
        MESSAGE: 'E0413 10:15:02.123456    2211 pod_workers.go:191] Error syncing pod x',
      }),
      newContext(2021),
    )!;
    assert.equal(h.severity, 'error');
    assert.equal(h.message, 'Error syncing pod x');
    assert.equal(h.fields?.caller, 'pod_workers.go:191');
  });

  it('keeps truncated or invalid lines as their own events without a time', () => {
    const ctx = newContext(2021, 0);
    for (const line of [
      '{"__REALTIME_TIMESTAMP":"1618308902123456","MESSAGE":"cut',
      'not json',
      '[1,2]',
      'null',
      '{"MESSAGE":{"a":1}}',
      '{"__REALTIME_TIMESTAMP":"x"}',
    ]) {
      let h;
      assert.doesNotThrow(() => {
        h = journaldJsonGrammar.parseHead(line, ctx);
      });
      assert.ok(h, line);
      assert.doesNotThrow(() => journaldJsonGrammar.detect(line));
    }
    assert.deepEqual(journaldJsonGrammar.parseHead('{"MESSAGE":"cut', ctx), { timestamp: null, message: '{"MESSAGE":"cut' });
    assert.equal(journaldJsonGrammar.parseHead('{"__REALTIME_TIMESTAMP":"x"}', ctx)?.timestamp, null);
    const events = assembleEvents([entry({ MESSAGE: 'a' }), '{"__REALTIME_TIMESTAMP":"16183', entry({ MESSAGE: 'b' })], journaldJsonGrammar, ctx);
    assert.deepEqual(
      events.map((e) => e.timestamp === null),
      [false, true, false],
    );
  });

  it('keeps a 20 MB entry cut before its end as an untimed event', () => {
    const cut = entry({ MESSAGE: 'x'.repeat(20_000_000) }).slice(0, -10);
    assert.equal(journaldJsonGrammar.parseHead(cut, newContext(2021))?.timestamp, null);
  });
});
