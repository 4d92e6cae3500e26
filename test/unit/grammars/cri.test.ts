import { strict as assert } from 'node:assert';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import { criGrammar } from '../../../grammars/cri';
import { fixtureEvents } from './fixtures';

const ctx = () => newContext(2021, 0);

describe('grammar: cri', () => {
  it('detects CRI lines and not other formats', () => {
    assert.equal(criGrammar.detect('2021-04-13T10:15:02.123456789Z stderr F Error: boom'), 3);
    assert.equal(criGrammar.detect('2021-04-13T10:15:02.123456789+02:00 stdout P part'), 3);
    assert.equal(criGrammar.detect('2021-04-13T10:15:02.123456789Z stdout F'), 3);
    assert.equal(criGrammar.detect('2021-04-13T10:15:02.123Z INFO starting'), 0);
    assert.equal(criGrammar.detect('2021-04-13 10:15:02 stderr F x'), 0);
    assert.equal(criGrammar.detect('{"log":"x\\n","stream":"stdout","time":"2021-04-13T10:15:02Z"}'), 0);
    assert.equal(criGrammar.detect('time="2021-04-13T10:15:02Z" level=error msg="x"'), 0);
    assert.equal(criGrammar.detect(''), 0);
  });

  it('reads time, stream, tag and message', () => {
    const h = criGrammar.parseHead('2021-04-13T10:15:02.123456789Z stderr F Error: connect ECONNREFUSED', ctx());
    assert.equal(h?.timestamp, Date.UTC(2021, 3, 13, 10, 15, 2, 123));
    assert.equal(h?.message, 'Error: connect ECONNREFUSED');
    assert.deepEqual(h?.fields, { stream: 'stderr' });
    assert.equal(h?.partial, undefined);
    assert.equal(h?.severity, 'error');
  });

  it('joins P lines with the next line without a line break', () => {
    const evs = assembleEvents(
      ['2021-04-13T10:15:02Z stdout P hello ', '2021-04-13T10:15:02Z stdout P wor', '2021-04-13T10:15:02Z stdout F ld', '2021-04-13T10:15:03Z stdout F next'],
      criGrammar,
      ctx(),
    );
    assert.equal(evs.length, 2);
    assert.equal(evs[0].message, 'hello world');
    assert.deepEqual([evs[0].line, evs[0].endLine], [1, 3]);
    const fixture = fixtureEvents(criGrammar, 'app-panic-and-partials.log');
    assert.ok(fixture[2].message.endsWith('"sku-00011"]}'));
    assert.doesNotThrow(() => JSON.parse(fixture[2].message));
  });

  it('keeps message whitespace exactly and allows an empty message', () => {
    assert.equal(criGrammar.parseHead('2021-04-13T10:15:02Z stdout F   indented', ctx())?.message, '  indented');
    assert.equal(criGrammar.parseHead('2021-04-13T10:15:02Z stdout F', ctx())?.message, '');
  });

  it('returns null for foreign lines', () => {
    assert.equal(criGrammar.parseHead('not a cri line', ctx()), null);
  });
});
