import { strict as assert } from 'node:assert';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import { githubActionsGrammar } from '../../../grammars/githubActions';
import { diagnoseTexts, segmentLines } from '../../../src/core';
import { fixtureEvents, readLines } from './fixtures';
import { join } from 'node:path';
import { shippedCatalogue } from '../shippedCatalogue';

const ESC = '\x1b';
const events = (lines: string[]) => assembleEvents(lines, githubActionsGrammar, newContext(2024, 0));

describe('grammar: github-actions', () => {
  it('detects runner lines, raw and copied, and not other formats', () => {
    assert.equal(githubActionsGrammar.detect('2024-05-01T10:00:01.2345678Z ##[group]Run actions/checkout@v4'), 3);
    assert.equal(githubActionsGrammar.detect('\uFEFF2024-05-01T10:00:00.0000000Z Requested labels: ubuntu-latest'), 3);
    assert.equal(githubActionsGrammar.detect('2024-05-01T10:00:01.2345678Z Error: connect ECONNREFUSED 127.0.0.1:5432'), 3);
    assert.equal(githubActionsGrammar.detect("Current runner version: '2.316.0'"), 3);
    assert.equal(githubActionsGrammar.detect('Error: Process completed with exit code 1.'), 3);
    assert.equal(githubActionsGrammar.detect('2024-05-01T10:00:01.234Z some app line'), 0);
    assert.equal(githubActionsGrammar.detect('Run make test'), 0);
    assert.equal(githubActionsGrammar.detect(''), 0);
    assert.equal(githubActionsGrammar.detect('2021-04-13T10:15:02.123456789Z stderr F boom'), 0);
    assert.equal(githubActionsGrammar.detect('2024-05-01T10:00:00.123456Z 00O section_start:1714557600:step_script'), 0);
    assert.equal(githubActionsGrammar.detect('[2021-04-13T10:15:02.123Z] [Pipeline] stage'), 0);
    assert.equal(githubActionsGrammar.detect('<30>1 2021-11-16T09:12:40.112233+00:00 ip-10-0-3-17 kubelet 2291 - - x'), 0);
  });

  it('reads the stamp, takes ##[error] as severity and keeps the other markers and ANSI-free text', () => {
    const evs = events([
      `2024-05-01T10:00:09.8810234Z ##[error]Process completed with exit code 2.`,
      `2024-05-01T10:00:09.8810999Z ##[warning]Node.js 16 actions are deprecated.`,
      `2024-05-01T10:00:10.0000001Z ${ESC}[31mFAIL${ESC}[0m src/app.test.ts`,
      `2024-05-01T10:00:10.0000002Z [command]/usr/bin/git version`,
    ]);
    assert.equal(evs[0].timestamp, Date.UTC(2024, 4, 1, 10, 0, 9, 881));
    assert.deepEqual(
      evs.map((e) => e.severity ?? null),
      ['error', 'warning', null, null],
    );
    assert.deepEqual(
      evs.map((e) => e.message),
      ['Process completed with exit code 2.', 'Node.js 16 actions are deprecated.', 'FAIL src/app.test.ts', '[command]/usr/bin/git version'],
    );
  });

  it('tracks steps: set-up lines, Run groups (not other groups, not unmarked stamped "Run" text), post and complete', () => {
    const evs = events([
      "2024-05-01T10:00:00.1000000Z Current runner version: '2.316.0'",
      '2024-05-01T10:00:00.2000000Z ##[group]Runner Image',
      '2024-05-01T10:00:01.0000000Z ##[group]Run npm test',
      '2024-05-01T10:00:02.0000000Z ##[group]Jest shard 1',
      '2024-05-01T10:00:03.0000000Z Run tests in band',
      '2024-05-01T10:00:04.0000000Z Post job cleanup.',
      '2024-05-01T10:00:05.0000000Z Cleaning up orphan processes',
    ]);
    assert.deepEqual(
      evs.map((e) => e.refs.stage),
      ['Set up job', 'Set up job', 'Run npm test', 'Run npm test', 'Run npm test', 'Post job cleanup', 'Complete job'],
    );
  });

  it('joins an unstamped stack trace to its line, and stamped frames written in the same moment', () => {
    const copied = events(["Error: Cannot find module 'x'", '    at Module._resolveFilename (node:internal/modules/cjs/loader:1145:15)', 'next']);
    assert.deepEqual(
      copied.map((e) => [e.line, e.endLine]),
      [
        [1, 2],
        [3, 3],
      ],
    );
    assert.equal(copied[0].severity, 'error');
    const raw = events([
      '2024-05-01T10:00:10.1000000Z panic: boom',
      '2024-05-01T10:00:10.1000100Z ',
      '2024-05-01T10:00:10.1000200Z goroutine 1 [running]:',
      '2024-05-01T10:00:10.1000300Z main.main()',
      '2024-05-01T10:00:10.1000400Z \t/src/main.go:12 +0x1d',
      '2024-05-01T10:00:40.0000000Z done',
    ]);
    assert.deepEqual(
      raw.map((e) => [e.line, e.endLine]),
      [
        [1, 5],
        [6, 6],
      ],
    );
  });

  it('segments a job log between other kinds, steps recorded', () => {
    const segs = segmentLines([
      'I0501 10:00:00.000000       1 main.go:10] starting',
      '2024-05-01T10:00:01.2345678Z ##[group]Run make test',
      '2024-05-01T10:00:01.2346011Z make test',
      '2024-05-01T10:00:09.8810234Z ##[error]Process completed with exit code 2.',
    ]);
    assert.deepEqual(
      segs.map((s) => s.kind),
      ['klog', 'github-actions'],
    );
  });

  it('reads the copied web view step by step', () => {
    const evs = fixtureEvents(githubActionsGrammar, 'copied-web-view.log');
    const fail = evs.find((e) => e.message.startsWith('Error: Process completed'));
    assert.equal(fail?.refs.stage, 'Run make test');
    assert.equal(fail?.severity, 'error');
  });

  it('names the step a raw or copied line opens, for the outline', () => {
    assert.equal(githubActionsGrammar.stageStart?.('2024-05-01T10:00:01.2345678Z ##[group]Run actions/setup-node@v4'), 'Run actions/setup-node@v4');
    assert.equal(githubActionsGrammar.stageStart?.('Run actions/setup-node@v4'), 'Run actions/setup-node@v4');
    assert.equal(githubActionsGrammar.stageStart?.('2024-05-01T10:00:01.2345678Z Run tests'), undefined);
    assert.equal(githubActionsGrammar.stageStart?.('2024-05-01T10:00:01.2345678Z ##[group]Runner Image'), undefined);
  });

  it('records every step on the segment through the engine, raw and copied (context lines read on the fast path)', () => {
    const cat = shippedCatalogue();
    const dir = join(__dirname, '..', '..', 'fixtures', 'logs', 'github-actions');
    const stagesOf = (file: string) => {
      const d = diagnoseTexts(cat, [{ name: file, text: readLines(join(dir, file)).join('\n') + '\n' }], { defaultYear: 2024 });
      return d.inputs[0].segments.map((s) => [s.kind, s.stages]);
    };
    const all = ['Set up job', 'Run actions/checkout@v3', 'Run npx playwright test', 'Post job cleanup', 'Complete job'];
    assert.deepEqual(stagesOf('checkout-retry-failure.log'), [['github-actions', all]]);
    assert.deepEqual(stagesOf('copied-web-view.log'), [
      ['github-actions', ['Set up job', 'Run actions/checkout@v3', 'Run make test', 'Post job cleanup', 'Complete job']],
    ]);
  });
});
