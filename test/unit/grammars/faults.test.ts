import { strict as assert } from 'node:assert';
import { defineGrammar, guardGrammar, MAX_KEPT_FAULTS, takeGrammarFaults } from '../../../grammars/common/faults';
import { newContext } from '../../../grammars/common/assemble';
import type { LogGrammar } from '../../../src/model';

// A grammar with a bug: reads a field of a match that is not there (the kind of slip a catch-all hid).
function buggy(kind: LogGrammar['kind']): LogGrammar {
  const field = (line: string): string => (/^(\w+)=/.exec(line) as RegExpExecArray)[1];
  return defineGrammar({
    kind,
    detect: (line) => (field(line) === 'level' ? 3 : 0),
    parseHead: (line) => ({ timestamp: null, message: field(line) }),
    stageStart: (line) => field(line),
  });
}

describe('grammar failure boundary (defineGrammar)', () => {
  beforeEach(() => takeGrammarFaults());

  it('answers a throw as an event holding the whole line, and records which grammar, entry point and line', () => {
    const g = buggy('logrus');
    const line = '\u001b[31mno key here: a line the grammar did not expect';
    assert.deepEqual(g.parseHead(line, newContext(2024)), { timestamp: null, message: line });
    const { faults, total } = takeGrammarFaults();
    assert.equal(total, 1);
    assert.equal(faults[0].grammar, 'logrus');
    assert.equal(faults[0].entry, 'parseHead');
    assert.match(faults[0].message, /null/);
    assert.equal(faults[0].line, line);
  });

  it('answers a throwing detect with 0 and a throwing stageStart with no stage, recording both', () => {
    const g = buggy('jenkins');
    assert.equal(g.detect('level=error'), 3);
    assert.equal(g.detect('[Pipeline] stage'), 0);
    assert.equal(g.stageStart!('[Pipeline] { (Build)'), undefined);
    assert.deepEqual(
      takeGrammarFaults().faults.map((f) => f.entry),
      ['detect', 'stageStart'],
    );
  });

  it('does not touch what a working grammar returns, and records nothing for it', () => {
    const g = buggy('helm');
    assert.deepEqual(g.parseHead('msg=hello', newContext(2024)), { timestamp: null, message: 'msg' });
    assert.equal(takeGrammarFaults().total, 0);
  });

  it('keeps the first faults in detail with a short sample of the line, and counts the rest', () => {
    const g = buggy('plain');
    const long = 'x'.repeat(1_000_000);
    for (let i = 0; i < MAX_KEPT_FAULTS + 30; i++) g.parseHead(long, newContext(2024));
    const { faults, total } = takeGrammarFaults();
    assert.equal(total, MAX_KEPT_FAULTS + 30);
    assert.equal(faults.length, MAX_KEPT_FAULTS);
    assert.ok(faults[0].line.length <= 120);
    assert.equal(takeGrammarFaults().total, 0, 'taking clears the record');
  });

  it('records a thrown non-Error value too', () => {
    const f = guardGrammar(
      'logrus payload',
      'payload',
      (text: string): string | null => {
        throw text.length;
      },
      () => null,
    );
    assert.equal(f('abc'), null);
    assert.equal(takeGrammarFaults().faults[0].message, '3');
  });
});
