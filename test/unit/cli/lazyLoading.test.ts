/**
 * Start-up work is done only when it is needed (timings are in bench/startup.mjs; this checks the
 * mechanism): the built CLI loads the signature compiler (YAML, ajv, the rule parser), recheck and
 * the cluster code only when a command needs them, and the grammars build a format's parser only
 * when a line of that format is read.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const LAZY = ['signatureCompiler.js', 'cluster.js', 'recheck.js', 'logstores.js'];

describe('start-up loads only what the command needs', function () {
  this.timeout(60_000);
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'pml-lazy-'));
    writeFileSync(
      join(tmp, 'one.log'),
      'E1206 10:00:00.000000    1234 kubelet.go:2347] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" with CrashLoopBackOff"\n',
    );
    // Records the files the process loaded, when it exits.
    writeFileSync(
      join(tmp, 'record.cjs'),
      `process.on('exit', () => require('node:fs').writeFileSync(process.env.LOADED_OUT, JSON.stringify(Object.keys(require.cache))));\n`,
    );
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  /** The dist/ files the built CLI loaded for `args`. */
  function loaded(args: string[]): string[] {
    const out = join(tmp, 'loaded.json');
    try {
      execFileSync(process.execPath, ['-r', join(tmp, 'record.cjs'), CLI, ...args], { env: { ...process.env, LOADED_OUT: out }, stdio: 'pipe' });
    } catch (err) {
      // Exit code 1 (a finding at --fail-on) still ran the command.
      if ((err as { status?: number }).status !== 1) throw err;
    }
    return (JSON.parse(readFileSync(out, 'utf8')) as string[])
      .filter((f) => f.startsWith(join(ROOT, 'dist')))
      .map((f) => f.slice(join(ROOT, 'dist').length + 1));
  }

  describe('the built CLI', () => {
    before(function () {
      if (!existsSync(CLI)) this.skip(); // built by `npm test` (npm run build)
    });

    it('--help, catalogue list and diagnose load the bundle alone (behind its code-cache launcher), with the compiled catalogue', () => {
      for (const args of [['--help'], ['catalogue', 'list'], ['diagnose', join(tmp, 'one.log')]]) {
        const files = loaded(args);
        assert.deepEqual(files.sort(), ['cli-main.js', 'cli.js'], `${args.join(' ')} loaded ${files.join(', ')}`);
      }
    });

    it('a user catalogue loads the signature compiler (the positive control)', () => {
      const files = loaded(['diagnose', '--catalogue', join(ROOT, 'test', 'fixtures', 'patterns-user'), join(tmp, 'one.log')]);
      assert.ok(files.includes('signatureCompiler.js'), files.join(', '));
      assert.ok(!files.includes('cluster.js'));
    });

    it('validate loads the compiler and recheck (it checks every raw regex)', () => {
      const files = loaded(['validate']);
      assert.ok(files.includes('signatureCompiler.js') && files.includes('recheck.js'), files.join(', '));
    });

    for (const store of ['--clickhouse', '--elasticsearch'])
      it(`a log store (${store}) loads the log-store bundle (the positive control), and nothing else lazy`, () => {
        // A port where nothing listens: the store fails (exit 2) after its bundle was loaded.
        let files: string[];
        try {
          files = loaded(['diagnose', store, 'http://127.0.0.1:9', '--store-timeout', '2', join(tmp, 'one.log')]);
        } catch (err) {
          assert.equal((err as { status?: number }).status, 2);
          files = (JSON.parse(readFileSync(join(tmp, 'loaded.json'), 'utf8')) as string[])
            .filter((f) => f.startsWith(join(ROOT, 'dist')))
            .map((f) => f.slice(join(ROOT, 'dist').length + 1));
        }
        assert.deepEqual(files.sort(), ['cli-main.js', 'cli.js', 'logstores.js'], files.join(', '));
      });

    it('the lazily loaded bundles exist beside it', () => {
      for (const f of [...LAZY, 'catalogue.json']) assert.ok(existsSync(join(ROOT, 'dist', f)), f);
    });
  });

  it('grammars build their parsers on first use only', () => {
    // In a process of its own: the test process has built every grammar already.
    const script = `
      const chevrotain = require('chevrotain');
      const built = [];
      for (const C of [chevrotain.CstParser, chevrotain.EmbeddedActionsParser]) {
        const self = C.prototype.performSelfAnalysis;
        C.prototype.performSelfAnalysis = function () { built.push(this.constructor.name); return self.call(this); };
      }
      const core = require(${JSON.stringify(join(ROOT, 'src', 'core'))});
      const atLoad = built.length;
      // A klog head states no year: sniffing one for its year builds nothing.
      const years = core.sniffYears(['I1206 10:00:00.000000    1234 kubelet.go:2347] "SyncLoop (PLEG)"\\nE1206 10:00:01.000000    1234 kubelet.go:2348] "Error syncing pod"\\n']);
      const afterSniff = built.length;
      const klog = core.ALL_GRAMMARS.find((f) => f.kind === 'klog');
      klog.parseHead('I1206 10:00:00.000000    1234 kubelet.go:2347] "SyncLoop (PLEG)"', { defaultYear: 2026 });
      console.log(JSON.stringify({ atLoad, years, afterSniff, afterKlog: [...built], formats: core.ALL_GRAMMARS.length }));
    `;
    const r = JSON.parse(execFileSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8' })) as {
      atLoad: number;
      years: (number | null)[];
      afterSniff: number;
      afterKlog: string[];
      formats: number;
    };
    assert.equal(r.atLoad, 0, 'no parser is built when the engine is loaded');
    assert.deepEqual(r.years, [null], 'a klog head has no year of its own');
    assert.equal(r.afterSniff, 0, 'sniffing a klog file for its year builds no parser');
    assert.deepEqual(r.afterKlog, ['KlogParser'], 'reading a klog line builds the klog parser alone');
    assert.ok(r.formats >= 13);
  });
});
