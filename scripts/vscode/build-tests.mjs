// Bundles the suites that run inside VS Code: test/vscode/index.ts (the entry the runner extension
// loads) and every test/vscode/**/*.vscode.test.ts, each on its own, into out/vscode-tests/.
// `vscode` is provided by the extension host; `mocha` is loaded from node_modules at run time (one
// instance, so that the suites' describe/it are the ones the entry runs).
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const src = join(root, 'test/vscode');
const outdir = join(root, 'out/vscode-tests');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** test/vscode/**\/*.vscode.test.ts, skipping the runner extension and the screen scripts. */
function suites(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'runner-extension' || e.name === 'screen' ? [] : suites(p);
    return e.name.endsWith('.vscode.test.ts') ? [p] : [];
  });
}

const entryPoints = [join(src, 'index.ts'), ...suites(src)];
rmSync(outdir, { recursive: true, force: true }); // no stale suites from deleted files
await build({
  entryPoints,
  outdir,
  outbase: src,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  define: { PACKAGE_VERSION: JSON.stringify(pkg.version) },
  // recheck ships a native helper it loads by path at run time (as in scripts/build.mjs); re2-wasm
  // (the log-store fakes' RE2) loads its .wasm beside its own module.
  external: ['vscode', 'mocha', 'recheck', 're2-wasm'],
});
console.log(`built ${entryPoints.length - 1} VS Code suite(s) + entry -> ${relative(root, outdir)}/`);
