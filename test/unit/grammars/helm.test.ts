import { strict as assert } from 'node:assert';
import { newContext } from '../../../grammars/common/assemble';
import { helmGrammar } from '../../../grammars/helm';
import { fixtureEvents } from './fixtures';

const ctx = () => newContext(2021, 0);

describe('grammar: helm', () => {
  it('detects Helm and Tiller lines and not other formats', () => {
    assert.equal(helmGrammar.detect('Error: UPGRADE FAILED: timed out waiting for the condition'), 3);
    assert.equal(helmGrammar.detect('[tiller] 2021/04/13 10:15:02 preparing update for x'), 3);
    assert.equal(helmGrammar.detect('client.go:123: [debug] Starting delete for "x" Service'), 3);
    assert.equal(helmGrammar.detect('Release "x" has been upgraded. Happy Helming!'), 3);
    assert.equal(helmGrammar.detect('[debug] SERVER: "127.0.0.1:40363"'), 2);
    assert.equal(helmGrammar.detect('STATUS: deployed'), 2);
    assert.equal(helmGrammar.detect('Error: something else'), 1);
    assert.equal(helmGrammar.detect('I0413 10:15:02.123456    1 kubelet.go:1932] x'), 0);
    assert.equal(helmGrammar.detect('[Pipeline] stage'), 0);
    assert.equal(helmGrammar.detect('time="2021-04-13T10:15:02Z" level=error msg="x"'), 0);
    assert.equal(helmGrammar.detect(''), 0);
  });

  it('reads Tiller component, date and source', () => {
    const h = helmGrammar.parseHead('[storage] 2021/04/13 10:15:02 getting release history for "x"', ctx());
    assert.equal(h?.source, 'tiller');
    assert.equal(h?.timestamp, Date.UTC(2021, 3, 13, 10, 15, 2));
    assert.equal(h?.timestampInferred, true);
    assert.equal(h?.message, 'getting release history for "x"');
    assert.deepEqual(h?.fields, { component: 'storage' });
  });

  it('reads helm 3 debug lines with their caller', () => {
    const h = helmGrammar.parseHead('client.go:123: [debug] Starting delete for "x" Service', ctx());
    assert.deepEqual([h?.source, h?.severity, h?.message, h?.fields?.caller], ['helm', 'debug', 'Starting delete for "x" Service', 'client.go:123']);
  });

  it('marks Error: lines as errors and keeps the prefix in the message', () => {
    for (const l of [
      'Error: UPGRADE FAILED: timed out waiting for the condition',
      'Error: transport is closing',
      'Error: rpc error: code = Unavailable desc = transport is closing',
    ]) {
      const h = helmGrammar.parseHead(l, ctx());
      assert.equal(h?.severity, 'error');
      assert.equal(h?.source, 'helm');
      assert.equal(h?.message, l);
    }
  });

  it('joins indented NOTES and Go stack frames to the line above', () => {
    const evs = fixtureEvents(helmGrammar, 'helm-cli-output.log');
    const notes = evs.find((e) => e.message.startsWith('NOTES:'));
    assert.deepEqual([notes?.line, notes?.endLine], [9, 12]);
    const trace = fixtureEvents(helmGrammar, 'helm3-upgrade-timeout.log');
    assert.equal(trace[trace.length - 1].endLine, 21);
  });

  it('records the release name', () => {
    assert.equal(helmGrammar.parseHead('Release "checkout" has been upgraded. Happy Helming!', ctx())?.fields?.release, 'checkout');
    assert.equal(helmGrammar.parseHead('NAME: checkout', ctx())?.fields?.release, 'checkout');
  });
});
