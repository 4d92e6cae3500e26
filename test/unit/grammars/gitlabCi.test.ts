import { strict as assert } from 'node:assert';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import { gitlabCiGrammar } from '../../../grammars/gitlabCi';
import { kindOfCommand, promptCommand } from '../../../grammars/common/shellPrompt';
import { diagnoseTexts } from '../../../src/core';
import { fixtureEvents } from './fixtures';
import { shippedCatalogue } from '../shippedCatalogue';

const ESC = '\x1b';
const events = (lines: string[]) => assembleEvents(lines, gitlabCiGrammar, newContext(2024, 0));

describe('grammar: gitlab-ci', () => {
  it("detects the runner's lines, raw, stamped and copied, and not other formats", () => {
    assert.equal(gitlabCiGrammar.detect(`${ESC}[0KRunning with gitlab-runner 16.10.0 (81ab07f6)${ESC}[0;m`), 3);
    assert.equal(gitlabCiGrammar.detect(`${ESC}[0Ksection_start:1714557600:prepare_executor`), 3);
    assert.equal(gitlabCiGrammar.detect('section_end:1714557700:step_script'), 3);
    assert.equal(gitlabCiGrammar.detect('2024-05-01T10:00:00.123456Z 00O make: *** [test] Error 2'), 2);
    assert.equal(gitlabCiGrammar.detect('2024-05-01T10:00:00.123456Z 01E+ continued'), 2);
    assert.equal(gitlabCiGrammar.detect('Executing "step_script" stage of the job script'), 3);
    assert.equal(gitlabCiGrammar.detect('ERROR: Job failed: exit code 1'), 3);
    assert.equal(gitlabCiGrammar.detect('ERROR: script returned exit code 1'), 0);
    assert.equal(gitlabCiGrammar.detect('$ make test'), 0);
    assert.equal(gitlabCiGrammar.detect(''), 0);
    assert.equal(gitlabCiGrammar.detect('2021-04-13T10:15:02.123456789Z stderr F boom'), 0);
    assert.equal(gitlabCiGrammar.detect('2024-05-01T10:00:01.2345678Z ##[group]Run make'), 0);
    assert.equal(gitlabCiGrammar.detect('Started by user admin'), 0);
  });

  it("reads section markers as the section stack, and the copied page's headers as sections", () => {
    const raw = events([
      'section_start:1714557600:build[collapsed=true]',
      'compiling',
      'section_start:1714557601:deps',
      'fetching',
      'section_end:1714557602:deps',
      'linking',
      'section_end:1714557603:build',
      'outside',
    ]);
    assert.deepEqual(
      raw.map((e) => e.refs.stage ?? null),
      ['build', 'build', 'deps', 'deps', 'deps', 'build', 'build', null],
    );
    assert.equal(raw[0].timestamp, 1714557600_000);
    assert.deepEqual(raw[0].fields, { section: 'build', marker: 'section_start' });
    const copied = events(['Preparing environment', 'Running on x', 'Executing "step_script" stage of the job script', '$ make', 'Running after_script']);
    assert.deepEqual(
      copied.map((e) => e.refs.stage),
      ['prepare_script', 'prepare_script', 'step_script', 'step_script', 'after_script'],
    );
  });

  it('reads FF_TIMESTAMPS prefixes and joins a `+` line to the line it continues', () => {
    const evs = events([
      '2024-05-01T10:00:00.100000Z 00O first half of a long line',
      '2024-05-01T10:00:00.100100Z 00O+ and its second half',
      `2024-05-01T10:00:01.000000Z 00E ${ESC}[31;1mERROR: Job failed: exit code 2${ESC}[0;m`,
    ]);
    assert.deepEqual(
      evs.map((e) => [e.line, e.endLine]),
      [
        [1, 2],
        [3, 3],
      ],
    );
    assert.equal(evs[0].message, 'first half of a long line\nand its second half');
    assert.equal(evs[1].timestamp, Date.UTC(2024, 4, 1, 10, 0, 1));
    assert.equal(evs[1].severity, 'error');
    assert.equal(evs[1].message, 'ERROR: Job failed: exit code 2');
  });

  it('reads the raw trace with its CRs as the engine splits them: sections as stages, the failure found', () => {
    const text = fixtureEvents(gitlabCiGrammar, 'raw-trace-go-test.log')
      .map((e) => e.text)
      .join('\n');
    assert.ok(text.includes('\r'));
    const d = diagnoseTexts(shippedCatalogue(), [{ name: 'job.log', text }], { defaultYear: 2024 });
    const seg = d.inputs[0].segments;
    assert.deepEqual(
      seg.map((s) => s.kind),
      ['gitlab-ci'],
    );
    assert.deepEqual(seg[0].stages, ['prepare_executor', 'get_sources', 'step_script', 'cleanup_file_variables']);
    assert.ok(d.findings.some((f) => f.signatureId === 'ci-step-failed-exit-code'));
  });

  it('names the section a raw or copied line opens, for the outline', () => {
    assert.equal(gitlabCiGrammar.stageStart?.(`2024-05-01T10:00:00.1Z 00O ${ESC}[0Ksection_start:1714557600:get_sources[collapsed=true]`), 'get_sources');
    assert.equal(gitlabCiGrammar.stageStart?.(`${ESC}[0K${ESC}[36;1mGetting source from Git repository${ESC}[0;m`), 'get_sources');
    assert.equal(gitlabCiGrammar.stageStart?.('section_end:1714557600:get_sources'), undefined);
  });

  it('reads the output of `glab ci trace` after a shell prompt as a GitLab CI log', () => {
    assert.equal(promptCommand('$ glab ci trace 6421337'), 'glab ci trace 6421337');
    assert.equal(kindOfCommand('glab ci trace 6421337'), 'gitlab-ci');
    assert.equal(kindOfCommand('glab mr list'), undefined);
  });
});
