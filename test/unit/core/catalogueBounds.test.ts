/**
 * User catalogues that would exhaust memory or never end (issue 8): an alias bomb, a file of tens of
 * megabytes, a field of megabytes, a FIFO, a link to nothing, a directory cycle. Each is refused for
 * its own file with file:line; every other file loads, and the CLI says so without a stack trace.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../../../src/cli/main';
import { Catalogue, parseSignatureFile } from '../../../src/core';
import { catalogueFiles } from '../../../src/node/loadCatalogue';

const GOOD = readFileSync(join(__dirname, '..', '..', 'fixtures', 'patterns-user', 'custom-app-deadlock.yaml'), 'utf8');

/** A valid signature with this id (from our fixture, renamed). */
const signature = (id: string, extra = ''): string => GOOD.replace('id: custom-app-deadlock', `id: ${id}`) + extra;

/** Nine levels of nine aliases: 9^9 strings from a file of a few hundred bytes. */
function aliasBomb(id: string): string {
  const lines = ['a0: &a0 ["lol"]'];
  for (let i = 1; i <= 9; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return signature(id, `x-bomb:\n  ${lines.join('\n  ')}\n`);
}

describe('catalogue bounds: hostile user files are refused one by one', function () {
  this.timeout(30000);

  it('an alias bomb is refused at the line of its aliases, and the rest loads', () => {
    const started = process.memoryUsage().heapUsed;
    const c = new Catalogue([
      { file: '/u/bomb-sig.yaml', text: aliasBomb('bomb-sig') },
      { file: '/u/custom-app-deadlock.yaml', text: GOOD },
    ]);
    assert.deepEqual(
      c.signatures.map((s) => s.signature.id),
      ['custom-app-deadlock'],
    );
    const p = c.problems.find((x) => x.file === '/u/bomb-sig.yaml');
    assert.ok(p, JSON.stringify(c.problems));
    assert.equal(p.level, 'error');
    assert.match(p.message, /alias bomb/);
    assert.ok(p.line > 20, `line ${p.line} is where the aliases are`);
    assert.ok(process.memoryUsage().heapUsed - started < 200 * 1024 * 1024);
  });

  it('a few aliases nested into an expansion are refused too; a plain anchor and alias is fine', () => {
    const nested = signature(
      'nested-sig',
      'x-n:\n  a: &a [x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n  c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n',
    );
    const r = parseSignatureFile('nested-sig.yaml', nested);
    assert.equal(r.signature, undefined);
    assert.match(r.problems[0]?.message ?? '', /alias/);
    assert.equal(r.problems[0].line, GOOD.split('\n').length + 2, 'the line of the first alias');
    // One anchor reused once is ordinary YAML: not refused for its alias.
    const plain = GOOD.replace(
      'summary: The payments app logs a deadlock and retries the transaction.',
      'summary: &s The payments app logs a deadlock.\nexplanation2: *s',
    );
    assert.ok(!parseSignatureFile('custom-app-deadlock.yaml', plain).problems.some((x) => /alias/.test(x.message)));
  });

  it('a field of hundreds of kilobytes is refused at its line; one of 10 MB with its file, before parsing', () => {
    const field = (n: number): string => GOOD.replace(/^explanation: .*$/m, `explanation: "${'The deadlock detail. '.repeat(n)}"`);
    const r = parseSignatureFile('custom-app-deadlock.yaml', field(10_000));
    assert.equal(r.signature, undefined);
    const line = GOOD.split('\n').findIndex((l) => l.startsWith('explanation:')) + 1;
    assert.deepEqual(
      r.problems.map((p) => [p.line, p.level]),
      [[line, 'error']],
    );
    assert.match(r.problems[0].message, /a text of 210,000 characters; a field holds at most 65,536/);
    const huge = parseSignatureFile('custom-app-deadlock.yaml', field(500_000));
    assert.deepEqual(
      huge.problems.map((p) => [p.line, p.level, p.message]),
      [[1, 'error', 'the file is 10.0 MB; a signature file is at most 1.0 MB (the shipped ones are under 10 KB), so it is not read']],
    );
  });

  it('in a directory: a 20 MB file is refused before it is read, a FIFO, a link to nothing and a cycle are skipped, the rest loads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pml-cat-'));
    writeFileSync(join(dir, 'custom-app-deadlock.yaml'), GOOD);
    // 20 MB, sparse on disk: written as its last byte only.
    const fd = openSync(join(dir, 'huge-sig.yaml'), 'w');
    writeSync(fd, 'x', 20 * 1024 * 1024 - 1);
    closeSync(fd);
    assert.equal(spawnSync('mkfifo', [join(dir, 'pipe-sig.yaml')]).status, 0);
    symlinkSync(join(dir, 'gone.yaml'), join(dir, 'gone-sig.yaml'));
    mkdirSync(join(dir, 'team'));
    symlinkSync('..', join(dir, 'team', 'up'));
    writeFileSync(join(dir, 'bomb-sig.yaml'), aliasBomb('bomb-sig'));
    const before = process.memoryUsage().rss;
    const files = catalogueFiles(dir, false);
    assert.ok(process.memoryUsage().rss - before < 15 * 1024 * 1024, 'the large file was read');
    const c = new Catalogue(files);
    assert.deepEqual(
      c.signatures.map((s) => s.signature.id),
      ['custom-app-deadlock'],
    );
    const said = c.problems.map((p) => `${p.file.slice(dir.length + 1)}:${p.line}: ${p.level}: ${p.message}`);
    assert.ok(
      said.includes('huge-sig.yaml:1: error: the file is 20.0 MB; a signature file is at most 1.0 MB (the shipped ones are under 10 KB), so it is not read'),
      said.join('\n'),
    );
    assert.ok(said.includes('pipe-sig.yaml:1: warning: skipped: a FIFO (named pipe), not a regular file: reading it would wait for a writer'), said.join('\n'));
    assert.ok(said.includes('gone-sig.yaml:1: warning: skipped: a link to nothing: its target is gone'), said.join('\n'));
    assert.ok(
      said.some((s) => /^team\/up:1: warning: skipped: a link back to .* \(a directory cycle\)$/.test(s)),
      said.join('\n'),
    );
    assert.ok(
      said.some((s) => /^bomb-sig\.yaml:\d+: error: YAML: .*alias bomb/.test(s)),
      said.join('\n'),
    );
  });

  it('the CLI prints each with file:line, diagnoses with the rest, and shows no stack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pml-cat-cli-'));
    writeFileSync(join(dir, 'custom-app-deadlock.yaml'), GOOD);
    writeFileSync(join(dir, 'bomb-sig.yaml'), aliasBomb('bomb-sig'));
    let out = '';
    let err = '';
    const code = await runCli(['diagnose', '--catalogue', dir, '-', '--format', 'json'], {
      stdout: (s) => {
        out += s;
      },
      stderr: (s) => {
        err += s;
      },
      isTTY: false,
      now: () => new Date('2026-11-22T10:00:00Z'),
      stdin: Readable.from([Buffer.from('2026-11-21T10:15:02Z ERROR Deadlock found when trying to get lock; try restarting transaction\n')]),
    });
    assert.equal(code, 0, err);
    assert.match(err, /^.*bomb-sig\.yaml:\d+:\d+: error: YAML: .*alias bomb.*\n$/);
    assert.doesNotMatch(err, /internal error|\n\s+at /);
    // The user's signature is loaded beside the built-in catalogue, whose MySQL deadlock signature
    // names the same line.
    assert.deepEqual(
      JSON.parse(out).findings.map((f: { signatureId: string }) => f.signatureId),
      ['custom-app-deadlock', 'database-deadlock-detected'],
    );
  });

  it('a bug while loading one file is said at that file, and the others load', () => {
    const files = [
      { file: '/u/custom-app-deadlock.yaml', text: GOOD },
      { file: '/u/weird.yaml', text: 'id: weird' },
    ];
    // A stand-in for a bug: a file whose text throws when read.
    Object.defineProperty(files[1], 'text', {
      get: () => {
        throw new TypeError('Cannot read properties of undefined');
      },
    });
    const c = new Catalogue(files);
    assert.deepEqual(
      c.signatures.map((s) => s.signature.id),
      ['custom-app-deadlock'],
    );
    assert.match(
      c.problems.find((p) => p.file === '/u/weird.yaml')?.message ?? '',
      /^internal error while loading this file \(TypeError: Cannot read properties of undefined\); this is a bug in Postmortem Lens/,
    );
  });
});
