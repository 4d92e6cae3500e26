// Bundles with esbuild: the CLI (node, shebang, package `bin`), the core library (for scripts and
// benchmarks), the extension (node, cjs, `vscode` external) and the webviews (browser, one per view).
// Type-checking is separate (`npm run typecheck`). `--production` minifies.
import { build } from 'esbuild';
import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs';

const production = process.argv.includes('--production');
// Start clean so no stale bundle or source map is packaged.
rmSync('dist', { recursive: true, force: true });
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const node = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production, minify: production, logLevel: 'warning',
  define: {
    PACKAGE_VERSION: JSON.stringify(pkg.version),
    // Where the CLI's internal-error report tells users to file it.
    PACKAGE_ISSUES: JSON.stringify(`${String(pkg.repository?.url ?? '').replace(/^git\+/, '').replace(/\.git$/, '')}/issues`),
  },
  // recheck's analyser (3 MB) is its own file, dist/recheck.js, loaded only when a user regex is checked.
  external: ['./recheck.js', 'recheck/lib/browser.js', 'vscode'],
};
await build({ ...node, entryPoints: ['node_modules/recheck/lib/browser.js'], outfile: 'dist/recheck.js', sourcemap: false, minify: true });
// The engine keeps ~30 MB whatever the input size, but V8 grows its heap lazily (a 1 GiB log would
// peak near 220 MB RSS); a bounded heap keeps the peak under 200 MB at some GC cost. See bench/README.md.
await build({ ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env -S node --max-old-space-size=256 --max-semi-space-size=8' } });
chmodSync('dist/cli.js', 0o755);
await build({ ...node, entryPoints: ['src/core/index.ts'], outfile: 'dist/core.js' });
if (existsSync('src/extension/extension.ts')) {
  await build({ ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' });
}
const webviews = ['diagnosis', 'catalogue'].filter((v) => existsSync(`webview/${v}/main.ts`));
if (webviews.length) {
  await build({
    bundle: true, platform: 'browser', target: 'es2022', format: 'esm', sourcemap: !production, minify: production, logLevel: 'warning',
    entryPoints: Object.fromEntries(webviews.map((v) => [v, `webview/${v}/main.ts`])),
    outdir: 'dist/webview',
  });
}
