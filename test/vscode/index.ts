// The test entry that the runner extension loads inside the real extension host (bundled by
// scripts/vscode/build-tests.mjs to out/vscode-tests/index.js). It runs mocha over every compiled
// `*.vscode.test.js` beside it and returns the counts; the runner extension writes them to the
// result file that test/vscode/run-in-vscode.mjs waits for.
// Environment: VSCODE_TEST_GREP (optional) keeps only the tests whose full title matches.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One test as the harness reports it. */
export interface TestOutcome {
  /** Full title: the describe() titles and the it() title. */
  title: string;
  state: 'passed' | 'failed';
  durationMs?: number;
  /** Message and stack of the failure. */
  error?: string;
}

/** What `run()` resolves to; the runner extension adds `ok` and `error`. */
export interface RunSummary {
  passed: number;
  failed: number;
  tests: TestOutcome[];
}

/** Every compiled suite under `dir`, depth first, sorted so runs are reproducible. */
function suiteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? suiteFiles(join(dir, e.name)) : e.name.endsWith('.vscode.test.js') ? [join(dir, e.name)] : []));
}

/** Runs all suites; rejects only when mocha cannot run at all (no suites, a suite fails to load). */
export function run(): Promise<RunSummary> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 20000 });
  if (process.env.VSCODE_TEST_GREP) mocha.grep(process.env.VSCODE_TEST_GREP);
  const files = suiteFiles(__dirname);
  if (files.length === 0) return Promise.reject(new Error(`no *.vscode.test.js in ${__dirname}: run scripts/vscode/build-tests.mjs`));
  for (const f of files) mocha.addFile(f);

  const summary: RunSummary = { passed: 0, failed: 0, tests: [] };
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve(summary));
      runner.on('pass', (t) => {
        summary.passed++;
        summary.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration });
      });
      // Also fires for failing hooks, which then count as one failed "test".
      runner.on('fail', (t, err: Error) => {
        summary.failed++;
        summary.tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: String(err?.stack ?? err) });
      });
    } catch (err) {
      reject(err);
    }
  });
}
