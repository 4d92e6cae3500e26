// Bundles with esbuild: the CLI (node, shebang, package `bin`), the core library (for scripts and
// benchmarks), the extension (node, cjs, `vscode` external) with its analysis worker, and the webviews (browser, one per view);
// compiles the shipped catalogue to dist/catalogue.json.
// Type-checking is separate (`npm run typecheck`). `--production` minifies.
import { build } from 'esbuild';
import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const production = process.argv.includes('--production');
// Start clean so no stale bundle or source map is packaged.
rmSync('dist', { recursive: true, force: true });
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: {
    PACKAGE_VERSION: JSON.stringify(pkg.version),
    // Where the CLI's internal-error report tells users to file it.
    PACKAGE_ISSUES: JSON.stringify(
      `${String(pkg.repository?.url ?? '')
        .replace(/^git\+/, '')
        .replace(/\.git$/, '')}/issues`,
    ),
  },
  // recheck's analyser (3 MB) is its own file, dist/recheck.js, loaded only when a user regex is checked.
  // The signature compiler (YAML, ajv, the rule parser) is its own file too, dist/signatureCompiler.js,
  // loaded only when a signature file is compiled (a user's catalogue, `validate`): the shipped one is
  // compiled here, below, into dist/catalogue.json.
  // The cluster adapter (@kubernetes/client-node) is dist/cluster.js, loaded only when a cluster is read;
  // the log-store adapters (@clickhouse/client) are dist/logstores.js, loaded only when a store is read.
  external: ['./recheck.js', 'recheck/lib/browser.js', './signatureCompiler', './cluster', './logstores', 'vscode'],
};
await build({ ...node, entryPoints: ['node_modules/recheck/lib/browser.js'], outfile: 'dist/recheck.js', sourcemap: false, minify: true });
await build({ ...node, entryPoints: ['src/core/catalogue/signatureCompiler.ts'], outfile: 'dist/signatureCompiler.js' });
await build({ ...node, entryPoints: ['src/node/cluster.ts'], outfile: 'dist/cluster.js' });
await build({ ...node, entryPoints: ['src/node/logstores.ts'], outfile: 'dist/logstores.js' });
// The shipped catalogue compiled to data, afresh on every build (so it cannot be stale; a run also
// checks its fingerprint against the files). A shipped signature with an error fails the build.
await build({ ...node, entryPoints: ['src/node/compiledCatalogue.ts'], outfile: 'dist/compileCatalogue.tmp.js', sourcemap: false });
{
  const { compileBuiltinCatalogue, writeCompiledCatalogue, COMPILED_CATALOGUE } = createRequire(import.meta.url)(resolve('dist/compileCatalogue.tmp.js'));
  rmSync('dist/compileCatalogue.tmp.js');
  const data = compileBuiltinCatalogue();
  const errors = data.files.flatMap((f) => f.problems).filter((p) => p.level === 'error');
  if (errors.length) {
    for (const p of errors) console.error(`patterns/${p.file}:${p.line}: error: ${p.message}`);
    throw new Error(`${errors.length} error(s) in the shipped catalogue: fix them (npx postmortem-lens validate patterns) and build again`);
  }
  writeCompiledCatalogue(`dist/${COMPILED_CATALOGUE}`, data);
}
// The engine keeps ~30 MB whatever the input size, but V8 grows its heap lazily (a 1 GiB log would
// peak near 220 MB RSS); a bounded heap keeps the peak under 200 MB at some GC cost. See bench/README.md.
await build({ ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli-main.js' });
// The command itself: a few lines that run cli-main.js from V8's code cache (src/node/codeCache.ts).
await build({
  ...node,
  entryPoints: ['src/cli/launch.ts'],
  outfile: 'dist/cli.js',
  sourcemap: false,
  banner: { js: '#!/usr/bin/env -S node --max-old-space-size=256 --max-semi-space-size=8' },
});
chmodSync('dist/cli.js', 0o755);
// The CLI reads large inputs' blocks on worker threads of its own (src/node/blockWorkers.ts).
await build({ ...node, entryPoints: ['src/node/blockWorker.ts'], outfile: 'dist/blockWorker.js' });
await build({ ...node, entryPoints: ['src/core/index.ts'], outfile: 'dist/core.js' });
if (existsSync('src/extension/extension.ts')) {
  await build({ ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' });
  // The extension's analysis runs in a worker thread of its own (src/extension/analysis/).
  await build({ ...node, entryPoints: ['src/extension/analysis/analysisWorker.ts'], outfile: 'dist/analysisWorker.js' });
}
const webviews = ['diagnosis', 'catalogue'].filter((v) => existsSync(`webview/${v}/main.ts`));
if (webviews.length) {
  await build({
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'esm',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    entryPoints: Object.fromEntries(webviews.map((v) => [v, `webview/${v}/main.ts`])),
    outdir: 'dist/webview',
  });
}
