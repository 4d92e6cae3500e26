// Start-up benchmark: how long the CLI takes for a tiny job (`--help`, `catalogue list`, `diagnose` of
// a one-line file), and how long the extension's bundle takes to load and activate with a stub `vscode`,
// against a bare `node -e 0`. Side by side: `--root DIR` adds another built checkout (e.g. the commit
// before a change, `git worktree add /tmp/before HEAD~1 && (cd /tmp/before && npm ci && npm run build)`),
// and the commands take turns so every checkout sees the same machine.
//
//   npm run build && node bench/startup.mjs [--runs 20] [--root /tmp/before] [--out bench/results/startup-latest.json]
//
// Wall time per run is taken around the child process; CPU time (all threads) from `perf stat -e
// task-clock` when perf is there (to the microsecond), else user+sys from /usr/bin/time (to 10 ms).
// The minimum is the figure to compare on a shared machine (noise only ever adds time). Instruction
// counts would be steadier still, but virtual machines often do not expose the counter.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const runs = Number(opt('--runs', '20'));
const roots = [resolve('.'), ...args.flatMap((a, i) => (a === '--root' ? [resolve(args[i + 1])] : []))];
const out = opt('--out', 'bench/results/startup-latest.json');
const perf = spawnSync('perf', ['stat', '-x,', '-e', 'task-clock', process.execPath, '-e', '0'], { encoding: 'utf8' });
const usePerf = perf.status === 0 && /task-clock/.test(perf.stderr);
const gnuTime = !usePerf && existsSync('/usr/bin/time');

const tmp = mkdtempSync(join(tmpdir(), 'pml-startup-'));
const oneLine = join(tmp, 'one.log');
writeFileSync(oneLine, 'I1206 10:00:00.000000    1234 kubelet.go:2347] "SyncLoop (PLEG): event for pod" pod="default/web-0"\n');
// The extension's bundle loaded, then activate() run, with a stand-in `vscode` (bench/vscodeStub.cjs).
const stub = join(tmp, 'activate.cjs');
writeFileSync(
  stub,
  `
const { context } = require(${JSON.stringify(resolve('bench/vscodeStub.cjs'))});
const ext = require(process.argv[2]);
if (process.argv[3] === 'activate') ext.activate(context(process.argv[4]));
`,
);

// The CLI runs with its shebang's node options, as an installed `postmortem-lens` does.
const NODE_CLI = ['--max-old-space-size=256', '--max-semi-space-size=8'];
const cases = (root) => [
  { name: 'node -e 0', argv: ['-e', '0'], shared: true },
  { name: '--help', argv: [...NODE_CLI, join(root, 'dist/cli.js'), '--help'] },
  { name: 'catalogue list', argv: [...NODE_CLI, join(root, 'dist/cli.js'), 'catalogue', 'list'] },
  { name: 'diagnose one-line file', argv: [...NODE_CLI, join(root, 'dist/cli.js'), 'diagnose', oneLine] },
  // The CLI compiles its bundle from V8's code cache (src/node/codeCache.ts), written by its first run.
  {
    name: 'diagnose one-line file, no code cache',
    argv: [...NODE_CLI, join(root, 'dist/cli.js'), 'diagnose', oneLine],
    env: { POSTMORTEM_LENS_NO_CODE_CACHE: '1' },
  },
  { name: 'extension: load dist/extension.js', argv: [stub, join(root, 'dist/extension.js')] },
  { name: 'extension: load + activate', argv: [stub, join(root, 'dist/extension.js'), 'activate', root] },
];

function once(argv, env = {}) {
  const cmd = usePerf ? 'perf' : gnuTime ? '/usr/bin/time' : process.execPath;
  const full = usePerf ? ['stat', '-x,', '-e', 'task-clock', process.execPath, ...argv] : gnuTime ? ['-f', '%U %S', process.execPath, ...argv] : argv;
  const t0 = process.hrtime.bigint();
  // The code caches in a folder of the run's own (written by the warm-up run below).
  const r = spawnSync(cmd, full, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: join(tmp, 'cache'), ...env } });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
  let cpu = NaN;
  if (usePerf) {
    const m = /^([\d.]+),msec,task-clock/m.exec(r.stderr);
    if (m) cpu = Number(m[1]);
  } else if (gnuTime) {
    const m = /([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
    if (m) cpu = (Number(m[1]) + Number(m[2])) * 1000;
  }
  return { wall, cpu };
}

const rows = [];
for (const root of roots) for (const c of cases(root)) if (!c.shared || root === roots[0]) rows.push({ root, ...c, samples: [] });
for (const row of rows) once(row.argv, row.env); // warm-up, not counted: page cache, code caches
const load0 = loadavg()[0];
for (let i = 0; i < runs; i++) for (const row of rows) row.samples.push(once(row.argv, row.env));
const load1 = loadavg()[0];

const q = (xs, f) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(f * s.length))];
};
const base = q(
  rows[0].samples.map((s) => s.wall),
  0,
);
const lines = [
  `${runs} runs each, taking turns; ${cpus().length} × ${cpus()[0]?.model ?? '?'}; node ${process.version}; load ${load0.toFixed(1)} -> ${load1.toFixed(1)}; CPU from ${usePerf ? 'perf task-clock' : gnuTime ? '/usr/bin/time' : 'nothing'}`,
  '',
];
lines.push(
  '| checkout | command | wall min (ms) | wall median (ms) | CPU min (ms) | CPU median (ms) | wall min / node -e 0 |',
  '|---|---|---:|---:|---:|---:|---:|',
);
for (const row of rows) {
  const walls = row.samples.map((s) => s.wall);
  const cpu = row.samples.map((s) => s.cpu);
  const min = q(walls, 0);
  lines.push(
    `| ${row.shared ? '' : row.root === roots[0] ? 'this' : row.root} | ${row.name} | ${min.toFixed(0)} | ${q(walls, 0.5).toFixed(0)} | ${q(cpu, 0).toFixed(0)} | ${q(cpu, 0.5).toFixed(0)} | ${(min / base).toFixed(1)}× |`,
  );
}
console.log(lines.join('\n'));
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      load: [load0, load1],
      runs,
      rows: rows.map(({ root, name, samples }) => ({ root, name, samples })),
    },
    null,
    1,
  ),
);
