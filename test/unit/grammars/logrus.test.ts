import { strict as assert } from 'node:assert';
import { newContext } from '../../../grammars/common/assemble';
import { logrusGrammar, parseLogrusPayload } from '../../../grammars/logrus';

const ctx = () => newContext(2021, 0);

describe('grammar: logrus', () => {
  it('detects logrus lines and not other formats', () => {
    assert.equal(logrusGrammar.detect('time="2021-04-13T10:15:02.123456789Z" level=error msg="x"'), 3);
    assert.equal(logrusGrammar.detect('level=info msg="no time"'), 2);
    assert.equal(logrusGrammar.detect('Apr 13 10:15:02 node-1 dockerd[99]: time="2021-04-13T10:15:02Z" level=error msg="x"'), 0);
    assert.equal(logrusGrammar.detect('I0413 10:15:02.123456    1 kubelet.go:1932] x'), 0);
    assert.equal(logrusGrammar.detect('{"log":"x\\n","stream":"stdout","time":"2021-04-13T10:15:02Z"}'), 0);
    assert.equal(logrusGrammar.detect('[Pipeline] stage'), 0);
    assert.equal(logrusGrammar.detect(''), 0);
  });

  it('reads time, level, msg with escaped quotes, and other pairs as fields', () => {
    const h = logrusGrammar.parseHead(
      'time="2021-04-13T10:15:02.123456789Z" level=error msg="exec: \\"bash\\": not found" module=grpc container=5c0a err="a b"',
      ctx(),
    );
    assert.equal(h?.timestamp, Date.UTC(2021, 3, 13, 10, 15, 2, 123));
    assert.equal(h?.severity, 'error');
    assert.equal(h?.message, 'exec: "bash": not found');
    assert.deepEqual(h?.fields, { module: 'grpc', container: '5c0a', err: 'a b' });
    assert.equal(h?.source, 'grpc');
  });

  it('maps every level', () => {
    const got = ['trace', 'debug', 'info', 'warning', 'warn', 'error', 'fatal', 'panic'].map(
      (l) => logrusGrammar.parseHead(`level=${l} msg=x`, ctx())?.severity,
    );
    assert.deepEqual(got, ['trace', 'debug', 'info', 'warning', 'warning', 'error', 'critical', 'critical']);
  });

  it('exports parseLogrusPayload for journald payloads, null for non-logrus text', () => {
    const h = parseLogrusPayload('time="2021-04-13T10:15:02Z" level=warning msg="cleaning up after shim disconnected" id=9f', ctx());
    assert.equal(h?.message, 'cleaning up after shim disconnected');
    assert.equal(h?.source, undefined);
    assert.equal(parseLogrusPayload('Started Docker Application Container Engine.', ctx()), null);
    assert.equal(parseLogrusPayload('the level=high of water', ctx()), null);
  });

  it('keeps an unterminated msg (cut line) as message', () => {
    const h = logrusGrammar.parseHead('time="2021-04-13T10:15:02Z" level=error msg="failed to exec: context dead', ctx());
    assert.equal(h?.message, 'failed to exec: context dead');
  });

  it('reads the level of a 20 MB line', () => {
    const big = 'time="2021-04-13T10:15:02Z" level=error msg="' + 'x'.repeat(20 * 1024 * 1024) + '"';
    assert.equal(logrusGrammar.parseHead(big, ctx())?.severity, 'error');
  });
});
