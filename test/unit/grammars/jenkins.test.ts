import { strict as assert } from 'node:assert';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import { jenkinsGrammar } from '../../../grammars/jenkins';
import { fixtureEvents } from './fixtures';

const ESC = '\x1b';
const events = (lines: string[]) => assembleEvents(lines, jenkinsGrammar, newContext(2021, 0));

describe('grammar: jenkins', () => {
  it('detects Jenkins lines and not other formats', () => {
    assert.equal(jenkinsGrammar.detect('[Pipeline] { (Build)'), 3);
    assert.equal(jenkinsGrammar.detect('[2021-04-13T10:15:02.123Z] [Pipeline] stage'), 3);
    assert.equal(jenkinsGrammar.detect('Started by user admin'), 3);
    assert.equal(jenkinsGrammar.detect('Finished: FAILURE'), 3);
    assert.equal(jenkinsGrammar.detect('Running on jenkins-slave-6t97t in /home/jenkins/workspace/x'), 3);
    assert.equal(jenkinsGrammar.detect('[2021-04-13T10:15:02.123Z] + docker build .'), 2);
    assert.equal(jenkinsGrammar.detect('+ docker build .'), 1);
    assert.equal(jenkinsGrammar.detect(''), 0);
    assert.equal(jenkinsGrammar.detect('I0413 10:15:02.123456    1 kubelet.go:1932] SyncLoop (PLEG)'), 0);
    assert.equal(jenkinsGrammar.detect('{"log":"x\\n","stream":"stdout","time":"2021-04-13T10:15:02Z"}'), 0);
    assert.equal(jenkinsGrammar.detect('time="2021-04-13T10:15:02Z" level=error msg="x"'), 0);
    assert.equal(jenkinsGrammar.detect('2021-04-13T10:15:02.123456789Z stderr F boom'), 0);
  });

  it('strips ANSI colours and console notes from the message, keeps them in text', () => {
    const raw = `[2021-04-13T10:15:02.123Z] ${ESC}[8mha:////4NabcD+/xyz==${ESC}[0m${ESC}[31mERROR: script returned exit code 1${ESC}[0m`;
    const [e] = events([raw]);
    assert.equal(e.message, 'ERROR: script returned exit code 1');
    assert.equal(e.text, raw);
    assert.equal(e.severity, 'error');
    assert.equal(e.timestamp, Date.UTC(2021, 3, 13, 10, 15, 2, 123));
  });

  it('tracks nested stages and closes them on }', () => {
    const evs = events([
      '[Pipeline] stage',
      '[Pipeline] { (Build)',
      '+ make',
      '[Pipeline] stage',
      '[Pipeline] { (Inner)',
      'inner work',
      '[Pipeline] {',
      'in plain block',
      '[Pipeline] }',
      '[Pipeline] }',
      '[Pipeline] // stage',
      'back in build',
      '[Pipeline] }',
      '[Pipeline] // stage',
      'after all',
    ]);
    assert.deepEqual(
      evs.map((e) => e.refs.stage ?? null),
      [null, 'Build', 'Build', 'Build', 'Inner', 'Inner', 'Inner', 'Inner', 'Inner', 'Inner', 'Build', 'Build', 'Build', null, null],
    );
    assert.equal(evs[0].source, 'pipeline');
    assert.equal(evs[2].source, 'jenkins');
  });

  it('joins Java stack frames to the line above, and keeps "Cannot contact X: ...Exception" as one event', () => {
    const evs = events([
      'java.lang.IllegalStateException: boom',
      '\tat org.x.Y.run(Y.java:12)',
      'Caused by: java.io.EOFException',
      '\t... 12 more',
      'Cannot contact agent-3: java.lang.InterruptedException',
    ]);
    assert.equal(evs.length, 2);
    assert.deepEqual([evs[0].line, evs[0].endLine], [1, 4]);
    assert.equal(evs[1].message, 'Cannot contact agent-3: java.lang.InterruptedException');
  });

  it('dates time-only stamps from the last full timestamp, else leaves them null', () => {
    assert.equal(events(['10:15:02  + make'])[0].timestamp, null);
    const evs = events(['[2021-04-13T23:59:58Z] x', '[00:00:03] y']);
    assert.equal(evs[1].timestamp, Date.UTC(2021, 3, 14, 0, 0, 3));
    assert.equal(evs[1].timestampInferred, true);
  });

  it('maps severities and reads the agent', () => {
    const evs = events(['FATAL: no space left', 'WARNING: deprecated', 'Finished: ABORTED', 'Finished: SUCCESS', 'Running on linux-7 in /w/x']);
    assert.deepEqual(
      evs.map((e) => e.severity ?? null),
      ['critical', 'warning', 'warning', null, null],
    );
    assert.deepEqual(evs[4].fields, { agent: 'linux-7', workspace: '/w/x' });
    assert.equal(evs[4].refs.node, undefined);
  });

  it('reads the pipeline fixture stage by stage', () => {
    const evs = fixtureEvents(jenkinsGrammar, 'pipeline-parallel-failure.log');
    const lint = evs.find((e) => e.message.startsWith('WARNING: golangci-lint'));
    assert.equal(lint?.refs.stage, 'lint');
    assert.equal(lint?.severity, 'warning');
  });
});
