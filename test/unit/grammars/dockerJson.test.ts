import { strict as assert } from 'node:assert';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import { dockerJsonGrammar } from '../../../grammars/dockerJson';
import { parseDockerJsonLine } from '../../../grammars/dockerJson/dockerJsonParser';
import { fixtureEvents } from './fixtures';

const line = (log: string, stream = 'stderr', time = '2021-04-13T10:15:02.123456789Z') => JSON.stringify({ log, stream, time });

describe('grammar: docker-json', () => {
  it('detects json-file records and not other formats', () => {
    assert.equal(dockerJsonGrammar.detect(line('Error: connect ECONNREFUSED\n')), 3);
    assert.equal(dockerJsonGrammar.detect('{"stream":"stdout","log":"x\\n","time":"2021-04-13T10:15:02Z"}'), 2);
    assert.equal(dockerJsonGrammar.detect('{"__REALTIME_TIMESTAMP":"1618308902123456","MESSAGE":"x"}'), 0);
    assert.equal(dockerJsonGrammar.detect('{"level":"info","msg":"x"}'), 0);
    assert.equal(dockerJsonGrammar.detect('2021-04-13T10:15:02.123456789Z stderr F boom'), 0);
    assert.equal(dockerJsonGrammar.detect('[Pipeline] stage'), 0);
    assert.equal(dockerJsonGrammar.detect(''), 0);
  });

  it('reads message, stream and nanosecond time', () => {
    const h = dockerJsonGrammar.parseHead(line('Error: connect ECONNREFUSED\n'), newContext(2021, 0));
    assert.equal(h?.message, 'Error: connect ECONNREFUSED');
    assert.equal(h?.timestamp, Date.UTC(2021, 3, 13, 10, 15, 2, 123));
    assert.deepEqual(h?.fields, { stream: 'stderr' });
    assert.equal(h?.partial, undefined);
    assert.equal(h?.severity, 'error');
  });

  it('joins a record without trailing newline to the next one', () => {
    const evs = assembleEvents([line('first half, '), line('second half\n'), line('next\n')], dockerJsonGrammar, newContext(2021, 0));
    assert.equal(evs.length, 2);
    assert.equal(evs[0].message, 'first half, second half');
    assert.deepEqual([evs[0].line, evs[0].endLine], [1, 2]);
  });

  it('keeps a truncated record as its own event with the raw message', () => {
    const raw = '{"log":"Error: conn';
    const h = dockerJsonGrammar.parseHead(raw, newContext(2021, 0));
    assert.equal(h?.message, raw);
    assert.equal(h?.fields?.truncated, 'true');
    assert.equal(parseDockerJsonLine(raw).truncated, true);
    const evs = fixtureEvents(dockerJsonGrammar, 'partial-and-truncated.log');
    const cut = evs.find((e) => e.fields?.truncated === 'true');
    assert.equal(cut?.timestamp, null);
    assert.equal(cut?.fields?.stream, 'stderr');
  });

  it('marks a 20 MB line cut before its end as truncated', () => {
    const big = line('x'.repeat(20 * 1024 * 1024) + '\n');
    const cut = dockerJsonGrammar.parseHead(big.slice(0, -40), newContext(2021, 0));
    assert.equal(cut?.fields?.truncated, 'true');
  });
});
