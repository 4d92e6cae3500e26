import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli as runCliWith } from './runCli';

const cli = (args: string[], stdin?: string) => runCliWith(args, { stdin });

const dir = mkdtempSync(join(tmpdir(), 'pml-templates-'));
const nginx = join(dir, 'ingress.log');
writeFileSync(
  nginx,
  [
    '2026/11/21 23:58:01 [error] 31#31: *88121 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.8.0.4, server: shop.example.com, request: "GET /api/cart HTTP/1.1"',
    '2026/11/21 23:58:03 [notice] 31#31: signal process started',
    '2026/11/21 23:58:07 [error] 29#29: *88140 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.8.0.9, server: shop.example.com, request: "POST /api/checkout HTTP/1.1"',
    '2026/11/21 23:59:00 [notice] 30#30: signal process started',
    '2026/11/21 23:59:12 [error] 31#31: *88177 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.8.1.3, server: shop.example.com, request: "GET /api/items HTTP/1.1"',
  ].join('\n') + '\n',
);

describe('cli templates', () => {
  it('--format json prints every template with count, every line number, first/last seen and examples', async () => {
    const r = await cli(['templates', nginx, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as {
      template: string;
      count: number;
      lines: number[];
      firstSeen: string | null;
      lastSeen: string | null;
      examples: string[];
    }[];
    assert.deepEqual(
      j.map((t) => Object.keys(t)),
      [
        ['template', 'count', 'lines', 'firstSeen', 'lastSeen', 'examples'],
        ['template', 'count', 'lines', 'firstSeen', 'lastSeen', 'examples'],
      ],
    );
    assert.deepEqual(
      j.map((t) => t.lines),
      [
        [1, 3, 5],
        [2, 4],
      ],
    );
    assert.deepEqual(
      j.map((t) => t.count),
      [3, 2],
    );
    assert.match(j[0].template, /upstream timed out/);
    assert.equal(j[0].examples.length, 3);
  });

  it('--errors keeps the error lines only, and reads stdin', async () => {
    const text = (await import('node:fs')).readFileSync(nginx, 'utf8');
    const r = await cli(['templates', '--errors', '--format', 'json', '-'], text);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(
      JSON.parse(r.out).map((t: { lines: number[] }) => t.lines),
      [[1, 3, 5]],
    );
  });

  it('text output shows counts, lines, times and examples, with control characters made visible', async () => {
    const f = join(dir, 'hostile.log');
    writeFileSync(f, 'deploy step 1 failed: \x1b]0;owned\x07\x1b[2J boom\ndeploy step 2 failed: \x1b]0;owned\x07\x1b[2J boom\n');
    const r = await cli(['templates', f]);
    assert.equal(r.code, 0, r.err);
    assert.ok(!r.out.includes('\x1b'), r.out);
    assert.match(r.out, /^ +2 {2}deploy step <\*> failed: \^\[\]<\*>;owned\^G\^\[\[<\*> boom$/m);
    assert.match(r.out, /lines 1, 2; no time/);
    assert.match(r.out, /1 template of 2 lines \(2 lines read/);
  });

  it('refuses --all with --errors, and a missing file, with exit 2 and a message', async () => {
    const both = await cli(['templates', nginx, '--all', '--errors']);
    assert.equal(both.code, 2);
    assert.match(both.err, /cannot be used with/);
    const missing = await cli(['templates', join(dir, 'nope.log')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read .*nope\.log/);
  });
});
