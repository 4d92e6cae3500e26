/**
 * Files that never end, loop, point nowhere or are compressed (issue 8): each is refused or read
 * within bounds, said in one message, and the rest of the incident is diagnosed.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { headText } from '../../../src/node/logFiles';
import { runCli } from '../../../src/cli/main';
import { cli } from './runCli';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

const OOM =
  'Nov 21 03:12:09 worker-3 kubelet[871]: I1121 03:12:09.004112     871 kubelet.go:2442] "SyncLoop (PLEG): event for pod" pod="ci/runner-7" event={"Type":"ContainerDied"}\nNov 21 03:12:10 worker-3 kernel: Memory cgroup out of memory: Killed process 4242 (java) total-vm:8123456kB, anon-rss:2097152kB\n';
const DISK = 'E1121 03:15:02.123456    1234 kuberuntime_manager.go:815] mkdir /var/lib/containerd/tmpmounts/x: no space left on device\n';

function findings(out: string): { id: string; lines: number[] }[] {
  return JSON.parse(out).findings.map((f: { signatureId: string; occurrences: { line: number }[] }) => ({
    id: f.signatureId,
    lines: f.occurrences.map((o) => o.line),
  }));
}

describe('cli: files that never end, loop or point nowhere', function () {
  this.timeout(30000);
  const dir = mkdtempSync(join(tmpdir(), 'pml-hostile-'));

  it('refuses devices whose data never ends (/dev/zero, /dev/urandom), at once, with what to do', async () => {
    for (const dev of ['/dev/zero', '/dev/urandom']) {
      if (!existsSync(dev)) continue;
      const r = await cli(['diagnose', dev]);
      assert.equal(r.code, 2);
      assert.equal(
        r.err,
        `postmortem-lens: cannot read ${dev}: a device, not a log file (its data may never end); to read part of it, pipe it in: head -c 100M ${dev} | postmortem-lens diagnose -\n`,
      );
    }
  });

  it('reads /dev/null as an empty input', async () => {
    const r = await cli(['diagnose', '/dev/null', '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).inputs[0].lines, 0);
  });

  it('refuses a device as stdin (< /dev/zero) instead of reading forever', function () {
    if (!existsSync(CLI) || !existsSync('/dev/zero')) this.skip();
    const fd = openSync('/dev/zero', 'r');
    try {
      const r = spawnSync(process.execPath, [CLI, 'diagnose'], { stdio: [fd, 'pipe', 'pipe'], timeout: 15000, encoding: 'utf8' });
      assert.equal(r.signal, null, 'it did not end by itself');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^postmortem-lens: cannot read stdin: a device, not a log file/);
    } finally {
      closeSync(fd);
    }
  });

  it('says what a named pipe without a writer waits for, then reads it when one comes', async () => {
    const fifo = join(dir, 'late.fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const run = cli(['diagnose', fifo, '--format', 'json']);
    const writer = await new Promise<ReturnType<typeof spawn>>((resolve) =>
      setTimeout(() => {
        const w = spawn('sh', ['-c', 'cat > "$0"', fifo], { stdio: ['pipe', 'ignore', 'ignore'] });
        w.stdin!.end(DISK);
        resolve(w);
      }, 3500),
    );
    const r = await run;
    writer.kill();
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /waiting for a program to write into the named pipe .*late\.fifo \(press Ctrl-C to stop\)/);
    assert.deepEqual(findings(r.out), [{ id: 'no-space-left-on-device', lines: [1] }]);
  });

  it('skips loops of links and directory cycles in a directory, says so, and diagnoses the rest', async () => {
    const d = join(dir, 'node-logs');
    mkdirSync(join(d, 'pods', 'runner'), { recursive: true });
    writeFileSync(join(d, 'pods', 'runner', '0.log'), OOM);
    symlinkSync('self.log', join(d, 'self.log'));
    symlinkSync('b.log', join(d, 'a.log'));
    symlinkSync('a.log', join(d, 'b.log'));
    symlinkSync('..', join(d, 'pods', 'runner', 'up')); // a cycle
    symlinkSync(join(d, 'pods'), join(d, 'again')); // the same folder twice
    const r = await cli(['diagnose', d, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.err, /internal error/);
    for (const name of ['a.log', 'b.log', 'self.log'])
      assert.match(r.err, new RegExp(`skipped .*node-logs/${name.replace('.', '\\.')} \\(a loop of symbolic links\\)`));
    assert.match(r.err, /skipped .*again\/runner\/up \(a link back to .*node-logs\/again \(a directory cycle\)\)/);
    assert.match(r.err, /skipped .*node-logs\/pods \(the same directory as .*node-logs\/again, already read\)/);
    const j = JSON.parse(r.out);
    assert.deepEqual(
      j.inputs.map((i: { name: string }) => i.name),
      [join(d, 'again', 'runner', '0.log')],
    );
    assert.deepEqual(findings(r.out), [{ id: 'oom-killed', lines: [2] }]);
  });

  it('skips a link to nothing (/var/log/containers after pods were deleted), named or in a directory, and reads the rest', async () => {
    const d = join(dir, 'containers');
    mkdirSync(d);
    writeFileSync(join(dir, 'live.log'), DISK);
    symlinkSync(join(dir, 'live.log'), join(d, 'web-1_shop_app-1.log'));
    symlinkSync(join(dir, 'pods', 'deleted', '0.log'), join(d, 'web-0_shop_app-0.log'));
    const named = await cli(['diagnose', join(d, 'web-0_shop_app-0.log'), join(d, 'web-1_shop_app-1.log'), '--format', 'json']);
    assert.equal(named.code, 0, named.err);
    assert.equal(named.err, `postmortem-lens: skipped ${join(d, 'web-0_shop_app-0.log')} (a link to nothing: its target is gone)\n`);
    assert.deepEqual(findings(named.out), [{ id: 'no-space-left-on-device', lines: [1] }]);
    const folder = await cli(['diagnose', d, '--format', 'json']);
    assert.equal(folder.code, 0, folder.err);
    assert.match(folder.err, /skipped .*web-0_shop_app-0\.log \(a link to nothing: its target is gone\)/);
    assert.deepEqual(findings(folder.out), [{ id: 'no-space-left-on-device', lines: [1] }]);
    // Only links to nothing: nothing to read is an input error.
    const none = await cli(['diagnose', join(d, 'web-0_shop_app-0.log')]);
    assert.equal(none.code, 2);
    assert.match(none.err, /^postmortem-lens: nothing to read: .*web-0_shop_app-0\.log \(a link to nothing: its target is gone\)\n$/);
    // A path that does not exist at all is still a mistake to say at once.
    assert.match((await cli(['diagnose', join(d, 'typo.log'), join(dir, 'live.log')])).err, /cannot read .*typo\.log: no such file or directory/);
  });
});

describe('cli: compressed and re-encoded inputs', function () {
  this.timeout(30000);
  const dir = mkdtempSync(join(tmpdir(), 'pml-gz-'));
  // 30,000 lines (~2.7 MB of text): several read chunks and blocks, compressed or not.
  const filler = Array.from(
    { length: 30_000 },
    (_, i) => `I1121 03:1${i % 10}:00.000000    1234 reconciler.go:${i}] "operationExecutor.MountVolume started" pod="ci/runner-${i}"`,
  );
  filler[28_500] = DISK.trimEnd();
  const text = filler.join('\n') + '\n';

  it('reads a gzip file directly, known by its magic bytes whatever its name, with the line numbers of the text', async () => {
    const f = join(dir, 'kubelet.log'); // no .gz: the bytes decide
    writeFileSync(f, gzipSync(text));
    const r = await cli(['diagnose', f, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.inputs[0].lines, 30_000);
    assert.deepEqual(findings(r.out), [{ id: 'no-space-left-on-device', lines: [28_501] }]);
    assert.ok(j.inputs[0].notices.some((n: { message: string }) => /gzip-compressed/.test(n.message)));
    assert.doesNotMatch(JSON.stringify(j.inputs[0].notices), /binary|invalid UTF-8/);
  });

  it('reads concatenated gzip members, and gzip on stdin', async () => {
    const f = join(dir, 'rotated.log.gz');
    writeFileSync(f, Buffer.concat([gzipSync(OOM), gzipSync(DISK)]));
    const r = await cli(['diagnose', f, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(
      findings(r.out).find((x) => x.id === 'no-space-left-on-device'),
      { id: 'no-space-left-on-device', lines: [3] },
    );
    let out = '';
    const code = await runCli(['diagnose', '-', '--format', 'json'], {
      stdout: (s) => {
        out += s;
      },
      stderr: () => {},
      stdin: Readable.from([gzipSync(DISK)]),
      isTTY: false,
      now: () => new Date(),
    });
    assert.equal(code, 0);
    assert.deepEqual(findings(out), [{ id: 'no-space-left-on-device', lines: [1] }]);
  });

  it('a gzip file cut short: what was read is diagnosed, and a warning says the rest could not be', async () => {
    const gz = gzipSync(text);
    const f = join(dir, 'cut.log.gz');
    writeFileSync(f, gz.subarray(0, Math.floor(gz.length * 0.99)));
    const r = await cli(['diagnose', f, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.ok(
      j.inputs[0].notices.some(
        (n: { level: string; message: string }) => n.level === 'warning' && /gzip data is damaged or cut short .*the rest cannot be read/.test(n.message),
      ),
      JSON.stringify(j.inputs[0].notices),
    );
    assert.deepEqual(findings(r.out), [{ id: 'no-space-left-on-device', lines: [28_501] }]);
  });

  it('the head of a gzip file (for its year, or whether it reads as a log) is its text, bounded even for a bomb', () => {
    const gz = gzipSync(text);
    assert.equal(headText(gz.subarray(0, 4096), 1000), text.slice(0, 1000));
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 'A')); // 64 MiB of text in ~64 KB
    const before = process.memoryUsage().rss;
    assert.equal(headText(bomb, 256 * 1024), 'A'.repeat(256 * 1024));
    assert.ok(process.memoryUsage().rss - before < 32 * 1024 * 1024);
  });

  it('a gzip file dates the incident: its year is read from its text', async () => {
    const f = join(dir, 'journal.gz');
    // A dated line first, then the finding on a klog line without a year: it takes the year of the text, not of the file's time.
    writeFileSync(f, gzipSync(`2024-03-02T04:17:40+0000 node-7 systemd[1]: Started kubelet.service.\n${DISK.replace('E1121 03:15:02', 'E0302 04:17:44')}`));
    const r = await cli(['diagnose', f, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    assert.match(JSON.parse(r.out).findings[0].firstSeen, /^2024-03-02T04:17:44/);
  });

  it('a UTF-16 file of several MiB is read whole (not only its first MiB)', async () => {
    const f = join(dir, 'windows-node.log');
    writeFileSync(f, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const r = await cli(['diagnose', f, '--format', 'json']);
    const j = JSON.parse(r.out);
    assert.equal(j.inputs[0].lines, 30_000);
    assert.deepEqual(findings(r.out), [{ id: 'no-space-left-on-device', lines: [28_501] }]);
    assert.doesNotMatch(JSON.stringify(j.inputs[0].notices), /binary/);
  });
});
