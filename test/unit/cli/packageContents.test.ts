/**
 * The packaged extension (`npm run package`, `.vscodeignore`'s allowlist) ships every file its bundles
 * load at run time: a bundle or data file added to the build and left out of the allowlist works in
 * every test run from the checkout and fails only once installed (dist/logstores.js and
 * dist/catalogue.lazy were both missed this way). `vsce ls` lists what the package would hold.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const DIST = join(ROOT, 'dist');
/** Built for the repository's own scripts and benchmarks (bench/, scripts/), not loaded by the extension or the CLI. */
const NOT_SHIPPED = new Set(['core.js']);

describe('the packaged extension holds what its bundles load', function () {
  this.timeout(120_000);
  let packaged: Set<string>;
  before(function () {
    if (!existsSync(join(DIST, 'extension.js'))) this.skip(); // built by `npm test` (npm run build)
    const vsce = join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
    const out = execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
    packaged = new Set(
      out
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    );
    assert.ok(packaged.has('package.json') && packaged.has('dist/extension.js'), [...packaged].slice(0, 10).join(', '));
  });

  it('ships every file of dist/ but the source maps and the scripts-only library', () => {
    const missing = readdirSync(DIST, { recursive: true, encoding: 'utf8' })
      .map((f) => f.split('\\').join('/'))
      .filter((f) => statSync(join(DIST, f)).isFile() && !f.endsWith('.map') && !NOT_SHIPPED.has(f) && !packaged.has(`dist/${f}`));
    assert.deepEqual(missing, []);
  });

  it('ships the file behind every require("./...") of a shipped bundle', () => {
    const needed: string[] = [];
    for (const f of packaged) {
      if (!f.startsWith('dist/') || !f.endsWith('.js')) continue;
      for (const m of readFileSync(join(ROOT, f), 'utf8').matchAll(/require\("\.\/([\w./-]+)"\)/g)) {
        const target = `dist/${m[1].endsWith('.js') ? m[1] : `${m[1]}.js`}`;
        if (!packaged.has(target)) needed.push(`${f} -> ${target}`);
      }
    }
    assert.deepEqual(needed, []);
    assert.ok(packaged.has('dist/logstores.js') && packaged.has('dist/catalogue.lazy'));
  });

  it('leaves out sources, tests and source maps', () => {
    const unwanted = [...packaged].filter((f) => /^(src|test|bench|scripts)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts'));
    assert.deepEqual(unwanted, []);
  });
});
