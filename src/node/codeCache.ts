/**
 * Loads a CommonJS bundle with V8's code cache, so that a run does not parse and compile the bundle's
 * megabyte of code again: the CLI's start-up was a third compile work (`wrapSafe`, lazy function
 * compiles), the rest the catalogue and the command.
 *
 * Why by hand: Node 20 has no `module.enableCompileCache` (it came in 22.1). The npm package
 * `v8-compile-cache` (2.4.0) hooks `require` and keeps what V8 compiles when a file is loaded
 * (`produceCachedData`), which leaves out the functions compiled lazily while the command runs.
 * Measured on the CLI's bundle (2026-12-07, `diagnose` of a one-line file, CPU time, minimum of 9 runs
 * on a loaded 2-vCPU machine; a bare `node -e 0` 61 ms): 238-243 ms without a cache, 246-262 ms with
 * `v8-compile-cache`, 208-213 ms with the cache this writes: `script.createCachedData()` when the process
 * exits, which holds every function compiled by then.
 *
 * The cache lives in the user's own cache folder (V8 does not check cached code against hostile
 * input, so never a shared temporary folder), one file per bundle path and build. It is a cache only:
 * a missing, unreadable, rejected (another V8 or other flags) or unwritable cache just means the bundle is
 * compiled as usual. `POSTMORTEM_LENS_NO_CODE_CACHE=1` turns it off.
 */
import { isAscii } from 'node:buffer';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { quickHash } from './quickHash';

/** The user's cache folder of Postmortem Lens, by the platform's convention for per-user caches. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  const base =
    platform === 'win32'
      ? (env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Caches')
        : env.XDG_CACHE_HOME?.startsWith('/')
          ? env.XDG_CACHE_HOME
          : join(home, '.cache');
  return join(base, 'postmortem-lens');
}

/** The folder of the code caches. */
export const codeCacheDir = (): string => join(userCacheDir(), 'code-cache');

/**
 * The cache file of `file` as it is now: named by its path (so that a new build replaces the old
 * one's cache, see {@link loadBundle}) and by its size, modification time and the V8 that runs it. V8
 * checks a cache's version and flags, but of the source only its length: the name must change with the
 * bundle.
 */
export function codeCacheFile(file: string, dir: string): { file: string; prefix: string } {
  const st = statSync(file);
  const prefix = `${basename(file)}-${quickHash(file)}-`;
  return { file: join(dir, `${prefix}${quickHash(String(st.size), String(st.mtimeMs), process.versions.v8, process.arch)}.v8cache`), prefix };
}

/**
 * Run the CommonJS bundle `file` as a module of its own (in `require.cache`, its `require` resolving
 * from its folder) and return its exports, compiled from the code cache when there is a valid one.
 * Without one, the cache is written when the process exits, and caches of older builds of the same
 * path are removed.
 */
export function loadBundle(file: string, parent?: NodeModule): unknown {
  const bytes = readFileSync(file);
  // esbuild writes ASCII (its default charset): read as one-byte text, without decoding UTF-8.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  let cache: { file: string; prefix: string; dir: string } | undefined;
  let cached: Buffer | undefined;
  if (process.env.POSTMORTEM_LENS_NO_CODE_CACHE !== '1') {
    try {
      const dir = codeCacheDir();
      cache = { ...codeCacheFile(file, dir), dir };
      cached = readFileSync(cache.file);
    } catch {
      // No cache yet (or no cache folder): compiled as usual, and written at exit when it can be.
    }
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData: cached });
  if (cache !== undefined && (cached === undefined || script.cachedDataRejected === true)) {
    const target = cache;
    process.once('exit', () => {
      try {
        putCacheFile(target.dir, target.file, script.createCachedData(), target.prefix);
      } catch {
        // A cache only.
      }
    });
  }
  const mod = new Module(file, parent);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  (Module as unknown as { _cache: Record<string, NodeModule> })._cache[file] = mod;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
  mod.loaded = true;
  return mod.exports;
}

/**
 * Put `data` in the user's cache folder `dir` as `file` (written aside, then renamed: a reader never sees
 * half a file; the folder the user's alone) and remove the other files there whose names start with
 * `prefix` (an older build's). A cache only: what cannot be written leaves the next run doing the work again.
 */
export function putCacheFile(dir: string, file: string, data: string | Uint8Array, prefix: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, data, { mode: 0o600 });
    renameSync(tmp, file);
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name.startsWith(prefix) && path !== file) unlinkSync(path);
    }
  } catch {
    // A cache only.
  }
}
