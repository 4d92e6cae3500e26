import { strict as assert } from 'node:assert';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import { plainGrammar } from '../../../grammars/plain';
import { severityFromWords } from '../../../grammars/plain/plainSeverity';

const ctx = () => newContext(2021, 0);
const spans = (lines: string[]) => assembleEvents(lines, plainGrammar, ctx()).map((e) => [e.line, e.endLine]);

describe('grammar: plain', () => {
  it('detects any non-empty line with 1 and empty lines with 0', () => {
    assert.equal(plainGrammar.detect('anything at all'), 1);
    assert.equal(plainGrammar.detect('[Pipeline] stage'), 1);
    assert.equal(plainGrammar.detect(''), 0);
    assert.equal(plainGrammar.detect('   \t'), 0);
  });

  it('reads ISO and Go log timestamps and strips them from the message', () => {
    const iso = plainGrammar.parseHead('2021-04-13T10:15:02.123Z ERROR boom', ctx());
    assert.equal(iso?.timestamp, Date.UTC(2021, 3, 13, 10, 15, 2, 123));
    assert.equal(iso?.message, 'ERROR boom');
    assert.equal(iso?.severity, 'error');
    const go = plainGrammar.parseHead('2021/04/13 10:15:02 http: TLS handshake error', ctx());
    assert.equal(go?.timestamp, Date.UTC(2021, 3, 13, 10, 15, 2));
    assert.equal(go?.timestampInferred, true);
    assert.equal(plainGrammar.parseHead('no time here', ctx())?.timestamp, null);
  });

  it('joins Java stack frames, Caused by and ... N more', () => {
    assert.deepEqual(spans(['java.lang.IllegalStateException: x', '\tat a.B.c(B.java:1)', 'Caused by: java.io.EOFException', '\t... 3 more', 'next']), [
      [1, 4],
      [5, 5],
    ]);
  });

  it('joins Go goroutine frames and Python traceback lines', () => {
    assert.deepEqual(spans(['goroutine 1 [running]:', 'main.main()', '\t/app/main.go:12 +0x1d', 'after']), [
      [1, 3],
      [4, 4],
    ]);
    assert.deepEqual(spans(['Traceback (most recent call last):', '  File "a.py", line 1, in <module>', '    f()', 'KeyError: 1', 'after']), [
      [1, 4],
      [5, 5],
    ]);
    assert.deepEqual(spans(['plain line', '   indented but no trace is open']), [
      [1, 1],
      [2, 2],
    ]);
  });

  it('reads severity from level words near the start', () => {
    const cases: [string, string | undefined][] = [
      ['ERROR something', 'error'],
      ['error: unable to upgrade', 'error'],
      ['[error] 31#31: upstream', 'error'],
      ['WARN disk', 'warning'],
      ['FATAL: db down', 'critical'],
      ['panic: nil map', 'critical'],
      ['[main] INFO started', 'info'],
      ['E0413 10:15:02.123456 1 x.go:1] y', 'error'],
      ['{"level":"warn","msg":"x"}', 'warning'],
      ['no errors were found', undefined],
      ['Errors: 0', undefined],
    ];
    for (const [text, want] of cases) assert.equal(severityFromWords(text), want, text);
  });
});
