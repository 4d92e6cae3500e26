/**
 * The CLI runs its bundle from V8's code cache (src/node/codeCache.ts): the first run writes the cache
 * in the user's cache folder, later runs use it as it is (an accepted cache is not written again),
 * a damaged or foreign cache is compiled past and replaced, and the output is the same every way.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { userCacheDir } from '../../../src/node/codeCache';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const JOURNAL = join(ROOT, 'examples', 'dind-evicted-nodefs', 'kubelet.journal.log');

describe('the CLI with its code cache', function () {
  this.timeout(120_000);
  let home: string;
  const cacheDir = (): string => join(home, 'postmortem-lens', 'code-cache');
  const run = (env: NodeJS.ProcessEnv = {}): string => {
    const r = spawnSync(process.execPath, [CLI, 'diagnose', '--format', 'json', JOURNAL], {
      env: { ...process.env, XDG_CACHE_HOME: home, POSTMORTEM_LENS_NO_CODE_CACHE: '', ...env },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  const caches = (): string[] => (existsSync(cacheDir()) ? readdirSync(cacheDir()) : []);

  before(function () {
    if (!existsSync(CLI)) this.skip(); // built by `npm test` (npm run build)
    home = mkdtempSync(join(tmpdir(), 'pml-code-cache-'));
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  it('writes the cache once, then runs from it with the same output', () => {
    const first = run();
    assert.deepEqual(
      caches().map((f) => /^cli-main\.js-[0-9a-f]{16}-[0-9a-f]{16}\.v8cache$/.test(f)),
      [true],
    );
    const file = join(cacheDir(), caches()[0]);
    assert.ok(statSync(file).size > 100_000, 'the cache holds the compiled bundle');
    assert.equal(statSync(file).mode & 0o777, 0o600, 'the cache is the user’s alone');
    const written = statSync(file).mtimeMs;
    const second = run();
    assert.equal(second, first);
    assert.equal(statSync(file).mtimeMs, written, 'an accepted cache is not written again');
  });

  it('compiles past a damaged cache and replaces it', () => {
    const file = join(cacheDir(), caches()[0]);
    const good = readFileSync(file);
    writeFileSync(file, Buffer.alloc(good.length, 0x41));
    const out = run();
    assert.equal(out, run({ POSTMORTEM_LENS_NO_CODE_CACHE: '1' }));
    assert.deepEqual(caches(), [file.slice(cacheDir().length + 1)]);
    assert.notDeepEqual(readFileSync(file), Buffer.alloc(good.length, 0x41), 'the damaged cache was replaced');
  });

  it('replaces the cache of an older build of the same bundle, and leaves other bundles’ caches', () => {
    const current = caches()[0];
    const prefix = current.slice(0, current.lastIndexOf('-') + 1);
    writeFileSync(join(cacheDir(), `${prefix}0000000000000000.v8cache`), 'old build');
    writeFileSync(join(cacheDir(), 'cli-main.js-ffffffffffffffff-0000000000000000.v8cache'), 'another install');
    rmSync(join(cacheDir(), current));
    run();
    assert.deepEqual(caches().sort(), [current, 'cli-main.js-ffffffffffffffff-0000000000000000.v8cache'].sort());
  });

  it('POSTMORTEM_LENS_NO_CODE_CACHE=1 neither reads nor writes a cache', () => {
    rmSync(cacheDir(), { recursive: true, force: true });
    run({ POSTMORTEM_LENS_NO_CODE_CACHE: '1' });
    assert.deepEqual(caches(), []);
  });

  it('a cache folder that cannot be made costs nothing but the cache', () => {
    const blocked = join(home, 'a-file');
    writeFileSync(blocked, '');
    const r = spawnSync(process.execPath, [CLI, '--version'], { env: { ...process.env, XDG_CACHE_HOME: blocked }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\d+\.\d+\.\d+/);
    assert.equal(r.stderr, '');
  });

  it('the cache folder follows each platform’s convention for per-user caches', () => {
    assert.equal(userCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux', '/home/u'), '/x/cache/postmortem-lens');
    assert.equal(userCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u'), '/home/u/.cache/postmortem-lens');
    assert.equal(userCacheDir({}, 'darwin', '/Users/u'), '/Users/u/Library/Caches/postmortem-lens');
    assert.match(userCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'), /AppData.Local.postmortem-lens$/);
  });
});
