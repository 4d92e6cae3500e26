// Bundles with esbuild: the CLI (node, shebang, package `bin`) and the core library (for scripts and
// benchmarks). Type-checking is separate (`npm run typecheck`).
import { build } from 'esbuild';
import { readFileSync, chmodSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning',
  define: { PACKAGE_VERSION: JSON.stringify(pkg.version) },
  // recheck ships a native helper it loads by path at run time; keep it out of the bundle.
  external: ['recheck', 'vscode'],
};
await build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } });
chmodSync('dist/cli.js', 0o755);
await build({ ...common, entryPoints: ['src/core/index.ts'], outfile: 'dist/core.js' });
