import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.ts$/.test(n) ? [p] : [];
  });
}
const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);

describe('architecture invariants', () => {
  it('model imports nothing of ours', () => {
    for (const f of sources(join(ROOT, 'src', 'model'))) for (const i of importsOf(f)) assert.ok(i.startsWith('./'), `${relative(ROOT, f)} imports ${i}`);
  });
  it('grammars import only the model and each other', () => {
    for (const f of sources(join(ROOT, 'grammars')))
      for (const i of importsOf(f)) {
        assert.ok(!/src\/(core|cli|extension|cluster|logstores)/.test(i) && i !== 'vscode', `${relative(ROOT, f)} imports ${i}`);
      }
  });
  it('core never imports vscode, fs, the adapters or the clock', () => {
    for (const f of [...sources(join(ROOT, 'src', 'core')), ...sources(join(ROOT, 'src', 'model')), ...sources(join(ROOT, 'grammars'))]) {
      const text = readFileSync(f, 'utf8');
      for (const i of importsOf(f)) {
        assert.notEqual(i, 'vscode', `${relative(ROOT, f)} imports vscode`);
        assert.ok(!/^(node:)?(fs|fs\/promises|child_process|net|http|https)$/.test(i), `${relative(ROOT, f)} imports ${i}`);
        assert.ok(!/\/(cli|extension|cluster|logstores)\//.test(i), `${relative(ROOT, f)} imports an adapter: ${i}`);
      }
      assert.ok(!/Date\.now\(\)|new Date\(\)/.test(text), `${relative(ROOT, f)} reads the clock`);
    }
  });
  it('the catalogue never imports the engine: examples are checked through the ExampleCheck seam (core/authoring)', () => {
    const files = sources(join(ROOT, 'src', 'core', 'catalogue'));
    assert.ok(files.length >= 8);
    for (const f of files)
      for (const i of importsOf(f)) {
        assert.ok(!/^\.\.\/(engine|authoring|diagnose|report)\b/.test(i), `${relative(ROOT, f)} imports ${i}`);
      }
  });
  it("the extension's analysis worker never imports vscode (it runs in a worker thread, where there is none)", () => {
    const files = sources(join(ROOT, 'src', 'extension', 'analysis'));
    assert.ok(files.length >= 4);
    for (const f of files)
      for (const i of importsOf(f)) {
        assert.notEqual(i, 'vscode', `${relative(ROOT, f)} imports vscode`);
        assert.ok(!/^\.\.\/(?!\.\.\/)/.test(i), `${relative(ROOT, f)} imports the extension's own ${i}, which may bring vscode`);
      }
  });
  it('src/logstores imports only node, @clickhouse/client, core and itself; never vscode or the other adapters', () => {
    for (const f of sources(join(ROOT, 'src', 'logstores')))
      for (const i of importsOf(f)) {
        assert.ok(/^(node:|@clickhouse\/client$|\.\/|\.\.\/core$)/.test(i), `${relative(ROOT, f)} imports ${i}`);
      }
  });
});
