/**
 * The built CLI (`node dist/cli.js`, as `npm test` builds it) as a shell user meets it: piped into a
 * reader that stops early it ends quietly, and every mistake a user makes first is one message with
 * what to do, exit 2, and never a stack trace.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type StdioOptions } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../../../src/cli/main';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const EXAMPLE = join(ROOT, 'examples', 'dind-evicted-nodefs');
const JOURNAL = join(EXAMPLE, 'kubelet.journal.log');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Run the CLI. `closeStdout`: 'now' closes the reading end of its stdout pipe before it writes anything
 * (`| head -c 0`), 'first-chunk' after the first chunk arrives (`| head -c 100`).
 */
function cli(args: string[], o: { closeStdout?: 'now' | 'first-chunk'; env?: NodeJS.ProcessEnv; stdout?: number; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const stdio: StdioOptions = ['ignore', o.stdout ?? 'pipe', 'pipe'];
    const child = spawn(process.execPath, [CLI, ...args], { cwd: o.cwd ?? ROOT, env: o.env ?? process.env, stdio });
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d;
    });
    if (child.stdout) {
      if (o.closeStdout === 'now') child.stdout.destroy();
      else {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d;
          if (o.closeStdout === 'first-chunk') child.stdout!.destroy();
        });
      }
    }
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Fails on anything that looks like a Node stack trace or an unhandled error. */
function noStack(r: Run): void {
  assert.doesNotMatch(r.stderr, /^\s+at .+:\d+:\d+\)?$|node:(events|internal)|Unhandled|^Node\.js v/m, r.stderr);
}

/** Newest modification time under a directory. */
function newest(dir: string): number {
  return Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
}

describe('cli as a process (dist/cli.js)', function () {
  this.timeout(60000);
  const dir = mkdtempSync(join(tmpdir(), 'pml-cli-'));

  before(() => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first (npm test does)`);
    assert.ok(statSync(CLI).mtimeMs >= newest(join(ROOT, 'src')), `${CLI} is older than src/: run npm run build first (npm test does)`);
  });

  describe('piped into a reader that stops early (| head)', () => {
    const commands: [string[], number][] = [
      [['catalogue', 'list'], 0],
      [['catalogue', 'list', '--format', 'json'], 0],
      [['catalogue', 'show', 'image-gc-failed', '--format', 'json'], 0],
      [['catalogue', 'search', 'disk', 'full'], 0],
      [['diagnose', JOURNAL], 0],
      [['diagnose', JOURNAL, '--format', 'json'], 0],
      [['diagnose', JOURNAL, '--format', 'sarif'], 0],
      [['diagnose', JOURNAL, '--format', 'markdown'], 0],
      [['diagnose', JOURNAL, '--fail-on', 'error'], 1],
      [['postmortem', JOURNAL], 0],
      [['diagnose', '--help'], 0],
    ];
    it('every command and format ends quietly, with its usual exit code, when the reader is gone before it writes', async function () {
      this.timeout(300000); // a dozen processes; two at a time
      const runs: Run[] = [];
      for (let i = 0; i < commands.length; i += 2)
        runs.push(...(await Promise.all(commands.slice(i, i + 2).map(([args]) => cli(args, { closeStdout: 'now' })))));
      const got = runs.map((r, n) => ({ args: commands[n][0].join(' '), code: r.code, signal: r.signal, stderr: r.stderr }));
      assert.deepEqual(
        got,
        commands.map(([args, code]) => ({ args: args.join(' '), code, signal: null, stderr: '' })),
      );
    });

    it('a large output (diagnose --format json on all the examples) ends quietly when the reader stops after its first chunk', async () => {
      // Over 600 KB: far more than a pipe's buffer, so the writes after the close must fail with EPIPE.
      const r = await cli(['diagnose', join(ROOT, 'examples'), '--format', 'json'], { closeStdout: 'first-chunk' });
      assert.ok(r.stdout.length > 0 && r.stdout.length < 600_000, `read ${r.stdout.length} bytes`);
      assert.equal(r.stderr, '');
      assert.equal(r.code, 0);
      const gated = await cli(['catalogue', 'list', '--format', 'json'], { closeStdout: 'first-chunk' });
      assert.deepEqual([gated.code, gated.stderr], [0, '']);
    });

    it('says so, and exits 2, when the output cannot be written for another reason (a full disk)', async function () {
      if (!existsSync('/dev/full')) this.skip();
      const fd = openSync('/dev/full', 'w');
      try {
        const r = await cli(['catalogue', 'list'], { stdout: fd });
        assert.equal(r.stderr, 'postmortem-lens: cannot write the output: no space left on device\n');
        assert.equal(r.code, 2);
      } finally {
        closeSync(fd);
      }
    });
  });

  describe('the first mistakes a user makes: one message saying what to do, exit 2, no stack trace', () => {
    const home = join(dir, 'home');
    const kubeDir = join(dir, 'kube');
    mkdirSync(home);
    mkdirSync(kubeDir);
    /** The environment of a machine with no kubeconfig. */
    const bare = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
      const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
      delete env.KUBECONFIG;
      delete env.KUBERNETES_SERVICE_HOST; // inside a pod the service account would be found
      return { ...env, ...extra };
    };
    const kubeconfig = (name: string, text: string): string => {
      const f = join(dir, name);
      writeFileSync(f, text);
      return f;
    };
    const contexts =
      'apiVersion: v1\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:1"}\nusers:\n- name: u\n  user: {token: tok-0123456789abcdef}\ncontexts:\n- name: dev\n  context: {cluster: c, user: u}\n- name: prod\n  context: {cluster: c, user: u}\n';

    const cases: { what: string; args: string[]; env?: NodeJS.ProcessEnv; err: RegExp }[] = [
      {
        what: 'no kubeconfig anywhere',
        args: ['diagnose', '--cluster', '-n', 'ci', '--pod', 'web-1'],
        env: bare(),
        err: /^postmortem-lens: cluster: no kubeconfig found \(looked in \$KUBECONFIG, ~\/\.kube\/config\); pass --kubeconfig FILE\n$/,
      },
      {
        what: '$KUBECONFIG naming a file that does not exist',
        args: ['diagnose', '--cluster', '--events'],
        env: bare({ KUBECONFIG: join(kubeDir, 'config') }),
        err: /^postmortem-lens: cluster: no kubeconfig found \(looked in \$KUBECONFIG=.*kube\/config, which names no existing file\); pass --kubeconfig FILE\n$/,
      },
      {
        what: 'a kubeconfig with no current-context',
        args: ['diagnose', '--cluster', '--events', '--kubeconfig', kubeconfig('nocurrent.yaml', contexts)],
        env: bare(),
        err: /^postmortem-lens: cluster: the kubeconfig .*nocurrent\.yaml has no current-context \(it has: dev, prod\); pass --context NAME, or run kubectl config use-context NAME\n$/,
      },
      {
        what: 'a --context the kubeconfig does not have',
        args: ['diagnose', '--cluster', '--events', '--kubeconfig', join(dir, 'nocurrent.yaml'), '--context', 'staging'],
        env: bare(),
        err: /^postmortem-lens: cluster: context "staging" not found in the kubeconfig \(it has: dev, prod\); pass --context NAME\n$/,
      },
      {
        what: 'a kubeconfig that cannot be read (a directory)',
        args: ['diagnose', '--cluster', '--events', '--kubeconfig', kubeDir],
        env: bare(),
        err: /^postmortem-lens: cluster: cannot read the kubeconfig .*kube: it is a directory, not a file; check the path, or pass --kubeconfig FILE\n$/,
      },
      {
        what: 'a kubeconfig that is not YAML',
        args: ['diagnose', '--cluster', '--events', '--kubeconfig', kubeconfig('bad.yaml', 'users:\n- name: u\n  user: {token: tok-0123456789abcdef\n')],
        env: bare(),
        err: /^postmortem-lens: cluster: the kubeconfig .*bad\.yaml is not valid YAML \(.+ at line \d+, column \d+\); fix it, or pass --kubeconfig FILE to use another\n$/,
      },
      {
        what: 'an unknown --kind',
        args: ['diagnose', '--kind', 'kubelet', JOURNAL],
        err: /^postmortem-lens: option '--kind <kind>' argument 'kubelet' is invalid\. Allowed choices are klog, journald, .*\n\(run with --help for usage\)\n$/,
      },
      {
        what: 'an input file that does not exist',
        args: ['diagnose', join(dir, 'kubelet.log')],
        err: /^postmortem-lens: cannot read .*kubelet\.log: no such file or directory\n$/,
      },
      {
        what: 'a directory with no files to read',
        args: ['diagnose', kubeDir],
        err: /^postmortem-lens: .*kube: the directory holds no files to read \(hidden files, README\.md and expected\.json are skipped\); give the log files or a directory that holds them\n$/,
      },
      {
        what: 'a --catalogue directory that does not exist',
        args: ['diagnose', '--catalogue', join(dir, 'sigs'), JOURNAL],
        err: /^postmortem-lens: cannot read the catalogue directory .*sigs \(--catalogue\): no such file or directory\n$/,
      },
      {
        what: 'an -o path under a file',
        args: ['diagnose', JOURNAL, '-o', join(dir, 'nocurrent.yaml', 'report.txt')],
        err: /^postmortem-lens: cannot write .*report\.txt \(-o\): a part of .*nocurrent\.yaml is a file, not a folder\n$/,
      },
    ];
    for (const c of cases) {
      it(c.what, async () => {
        const r = await cli(c.args, { env: c.env });
        noStack(r);
        assert.match(r.stderr, c.err);
        assert.ok(!r.stderr.includes('tok-0123456789abcdef'), 'a credential in the message');
        assert.equal(r.code, 2, r.stderr);
        assert.equal(r.stdout, '');
      });
    }

    it('a directory skips what it cannot read (a FIFO), and says so', async () => {
      const d = join(dir, 'incident');
      mkdirSync(d);
      writeFileSync(
        join(d, 'kubelet.log'),
        'E0413 10:15:02.123456    1234 kuberuntime_manager.go:815] mkdir /var/lib/docker/overlay2/abc: no space left on device\n',
      );
      assert.equal(spawnSync('mkfifo', [join(d, 'pipe')]).status, 0);
      const r = await cli(['diagnose', d, '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /^postmortem-lens: skipped .*incident\/pipe \(a FIFO \(named pipe\), not a regular file: reading it would wait for a writer\)\n$/);
      assert.equal(JSON.parse(r.stdout).findings[0].signatureId, 'no-space-left-on-device');
    });

    it("reads a pipe named as a file (bash's <(kubectl logs ...)) once, whole", async () => {
      const fifo = join(dir, 'logs.fifo');
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
      const run = cli(['diagnose', fifo, '--format', 'json']);
      // The writer is a process, so a CLI that never opens the pipe cannot leave this test blocked.
      const writer = spawn('sh', ['-c', 'cat > "$0"', fifo], { stdio: ['pipe', 'ignore', 'ignore'] });
      writer.stdin.end('E0413 10:15:02.123456    1234 kuberuntime_manager.go:815] mkdir /var/lib/docker/overlay2/abc: no space left on device\n');
      const r = await run;
      writer.kill();
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(r.stdout);
      assert.equal(j.inputs[0].lines, 1);
      assert.equal(j.findings[0].signatureId, 'no-space-left-on-device');
    });
  });
});

describe('cli: the last-resort boundary', () => {
  it('an internal error names the command and the input, says where to report it, and shows no stack', async () => {
    // A bug stand-in: the output layer throws while the report is written.
    let err = '';
    const code = await runCli(['diagnose', JOURNAL], {
      stdout: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'length')");
      },
      stderr: (s) => {
        err += s;
      },
      stdin: Readable.from([]),
      isTTY: true,
      now: () => new Date('2026-11-22T10:00:00Z'),
    });
    assert.equal(code, 2);
    assert.match(err, /^postmortem-lens: internal error: TypeError: Cannot read properties of undefined \(reading 'length'\)\n/);
    assert.match(err, /^ {2}command: postmortem-lens diagnose .*kubelet\.journal\.log$/m);
    assert.match(err, /This is a bug in postmortem-lens .*Please report it at/);
    assert.match(err, /POSTMORTEM_LENS_DEBUG=1/);
    noStack({ code, signal: null, stdout: '', stderr: err });

    // Failing while an input is read: the report names that input.
    let err2 = '';
    const broken = new Readable({
      read() {
        this.destroy(new RangeError('Invalid array length'));
      },
    });
    assert.equal(
      await runCli(['diagnose', '-'], {
        stdout: () => {},
        stderr: (s) => {
          err2 += s;
        },
        stdin: broken,
        isTTY: false,
        now: () => new Date('2026-11-22T10:00:00Z'),
      }),
      2,
    );
    assert.match(
      err2,
      /^postmortem-lens: internal error: RangeError: Invalid array length\n {2}command: postmortem-lens diagnose -\n {2}input: {3}<stdin> \(being read when it failed\)\n/,
    );
  });
});
