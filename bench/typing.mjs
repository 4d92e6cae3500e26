#!/usr/bin/env node
/**
 * Typing benchmark: key-to-paint latency in a 20 MB incident log with Postmortem Lens analysing it,
 * side by side with the same text opened as a plain .txt file (not analysed), in one real VS Code
 * (code-server + Chromium, through test/vscode/run-in-vscode.mjs and bench/typing.screen.mjs).
 *
 *   npm run bench:typing                       # builds, then: node bench/typing.mjs
 *   node bench/typing.mjs --runs 2 --rounds 3  # two code-server sessions, three rounds of typing each
 *   node bench/typing.mjs --root /tmp/old      # measure another checkout (built, same layout)
 *
 * Options: --mb N (20: decimal megabytes of log), --runs N (1), --rounds N (2: each round types in
 * the log, then in the plain copy), --words N (8 words a phase), --key-ms N (80 between keys),
 * --pause-ms N (500 after each word), --line N (50000: where typing happens), --root DIR, --label TEXT,
 * --out FILE (bench/results/typing-latest.json).
 *
 * The log is the example incidents (examples/*), each file ending with a line end, concatenated in
 * name order and repeated up to the size (cut at a line end). 20 MB stays under VS Code's 20 MiB
 * large-file threshold, so both editors keep tokenisation, folding and the rest.
 * Measured: key-to-paint per key in the page (see bench/typing.screen.mjs), time from Quick Open's
 * Enter to the log's first decoration, and, inside the extension host, every interval its event loop
 * was blocked for more than 16 ms (a 10 ms timer's lateness; POSTMORTEM_LENS_TRACE, src/extension/hostTrace.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { incidentLog } from './incidentLog.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');

const { values: v } = parseArgs({
  options: {
    mb: { type: 'string', default: '20' },
    runs: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '2' },
    words: { type: 'string', default: '8' },
    'key-ms': { type: 'string', default: '80' },
    'pause-ms': { type: 'string', default: '500' },
    line: { type: 'string', default: '50000' },
    root: { type: 'string' },
    label: { type: 'string' },
    out: { type: 'string', default: join(here, 'results', 'typing-latest.json') },
  },
});
const root = resolve(v.root ?? repo);
const bytes = Math.round(Number(v.mb) * 1e6);
const dataDir = join(here, 'data', 'typing');
const ws = join(dataDir, 'workspace');
const files = { log: 'incident-20mb.log', plain: 'incident-20mb-plain.txt' };

/**
 * The workspace: the log and its plain copy, written afresh for every session (an interrupted run
 * may have left edits), and workspace settings: VS Code for the Web saves after a delay by default,
 * which would write 20 MB after every pause and change the files between runs; git stays off.
 */
function prepare() {
  mkdirSync(join(ws, '.vscode'), { recursive: true });
  // The workspace sits inside this repository: keep the git extension from scanning it meanwhile.
  writeFileSync(
    join(ws, '.vscode', 'settings.json'),
    JSON.stringify({ 'files.autoSave': 'off', 'git.enabled': false, 'git.openRepositoryInParentFolders': 'never' }, null, 2) + '\n',
  );
  const data = incidentLog(bytes);
  writeFileSync(join(ws, files.log), data);
  writeFileSync(join(ws, files.plain), data);
  let lines = 0;
  for (let p = data.indexOf(10); p >= 0; p = data.indexOf(10, p + 1)) lines++;
  return { bytes: data.length, lines };
}

function machine() {
  let model = cpus()[0]?.model;
  try {
    model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
  } catch {
    /* not Linux */
  }
  const nproc = spawnSync('nproc', [], { encoding: 'utf8' }).stdout?.trim() || String(cpus().length);
  return { nproc: Number(nproc), model, memGiB: Number((totalmem() / 1024 ** 3).toFixed(1)), node: process.version };
}

const quantile = (xs, q) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const stats = (xs) => ({ keys: xs.length, median: round(quantile(xs, 0.5)), p95: round(quantile(xs, 0.95)), max: round(xs.length ? Math.max(...xs) : null) });
const round = (x) => (x === null ? null : Math.round(x));

/** One code-server session: open, type, collect. */
function session(i) {
  prepare();
  const out = join(dataDir, `screen-${i}.json`);
  const trace = join(dataDir, `trace-${i}.jsonl`);
  rmSync(out, { force: true });
  rmSync(trace, { force: true });
  const cfg = {
    files,
    rounds: Number(v.rounds),
    words: Number(v.words),
    keyMs: Number(v['key-ms']),
    pauseMs: Number(v['pause-ms']),
    line: Number(v.line),
    out,
  };
  const args = [
    join(root, 'test/vscode/run-in-vscode.mjs'),
    '--workspace',
    ws,
    '--in-place',
    '--entry',
    'none',
    '--screen',
    join(here, 'typing.screen.mjs'),
    '--timeout',
    '900',
    '--artifacts',
    join(repo, 'test-artifacts', 'typing'),
    '--code-server',
    join(repo, '.vscode-test', 'code-server'),
  ];
  const load = loadavg()[0];
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, TYPING_BENCH: JSON.stringify(cfg), POSTMORTEM_LENS_TRACE: trace } });
  if (r.status !== 0 || !existsSync(out)) throw new Error(`session ${i} failed (exit ${r.status}); see test-artifacts/typing/`);
  const screen = JSON.parse(readFileSync(out, 'utf8'));
  const events = existsSync(trace)
    ? readFileSync(trace, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
  const traced = events.length > 0;
  // A stall ends at its event's time and began `ms` earlier. Its work is the CPU the process used
  // meanwhile (the rest of a long stall is waiting for a CPU on a loaded machine).
  const stallsIn = (a, b) => events.filter((e) => e.type === 'blocked' && e.t >= a && e.t - e.ms <= b);
  const longest = (list, f) => list.reduce((m, e) => Math.max(m, f(e)), 0);
  const hostStats = (a, b) => {
    const st = stallsIn(a, b);
    return {
      hostLongestStallMs: longest(st, (e) => e.ms),
      hostLongestBusyMs: longest(st, (e) => Math.min(e.ms, e.cpuMs ?? e.ms)),
      hostBusyOver50: st.filter((e) => Math.min(e.ms, e.cpuMs ?? e.ms) > 50).length,
    };
  };
  const analysesIn = (a, b) => events.filter((e) => e.type === 'analysis' && e.t >= a && e.t <= b && e.file === files.log);
  const summary = {
    loadAtStart: load,
    loadAtEnd: loadavg()[0],
    firstDecorationMs: screen.firstDecorationMs,
    logShownMs: screen.logShownMs,
    notes: screen.notes,
  };
  if (traced) {
    // The trace starts when the extension activates: when the extension host got the log.
    summary.hostGotLogMs = events[0].t - screen.openedAt;
    const first = events.find((e) => e.type === 'analysis' && e.file === files.log);
    if (first) Object.assign(summary, { firstAnalysisMs: first.elapsedMs, firstAnalysisWorkerMs: first.workerMs });
    summary.open = hostStats(screen.openedAt, screen.decoratedAt);
    // Our own longest task over the whole session (opening included), in CPU time of the host's main thread.
    summary.oursLongestTaskCpuMs = Math.max(
      0,
      ...events.filter((e) => e.type === 'listener').map((e) => e.cpuMs ?? 0),
      ...events.filter((e) => e.type === 'problems').map((e) => e.longestTaskCpuMs ?? 0),
    );
  }
  for (const which of ['log', 'plain']) {
    const phases = screen.phases.filter((p) => p.which === which);
    const s = stats(phases.flatMap((p) => p.samples));
    s.unpainted = phases.reduce((n, p) => n + p.unpainted, 0);
    if (traced) {
      const host = phases.map((p) => hostStats(p.started, p.ended));
      s.hostLongestStallMs = Math.max(...host.map((h) => h.hostLongestStallMs));
      s.hostLongestBusyMs = Math.max(...host.map((h) => h.hostLongestBusyMs));
      s.hostBusyOver50 = host.reduce((n, h) => n + h.hostBusyOver50, 0);
      const an = phases.flatMap((p) => analysesIn(p.started, p.ended));
      if (which === 'log') {
        s.analyses = {
          count: an.length,
          medianMs: round(
            quantile(
              an.map((a) => a.elapsedMs),
              0.5,
            ),
          ),
          medianBlocksRead: quantile(
            an.map((a) => a.blocksRead),
            0.5,
          ),
          blocks: an[0]?.blocks,
          // Of which in the analysis worker (not on the extension host).
          medianWorkerMs: round(
            quantile(
              an.map((a) => a.workerMs ?? NaN),
              0.5,
            ),
          ),
        };
        // Our own tasks on the host: each listener of an analysis (a task each), each Problems collection's entries.
        const inPhases = (type) => phases.flatMap((p) => events.filter((e) => e.type === type && e.t >= p.started && e.t <= p.ended));
        const listeners = inPhases('listener');
        const problems = inPhases('problems');
        s.analyses.medianListenerMs = round(
          quantile(
            listeners.map((e) => e.ms),
            0.5,
          ),
        );
        s.analyses.maxListenerMs = listeners.length ? Math.max(...listeners.map((e) => e.ms)) : null;
        // The longest, in wall time and in CPU time of the host's main thread (on a loaded machine a
        // task's wall time includes waits for a CPU).
        s.oursLongestTaskMs = round(Math.max(0, ...listeners.map((e) => e.ms), ...problems.map((e) => e.longestTaskMs ?? 0)));
        s.oursLongestTaskCpuMs = round(Math.max(0, ...listeners.map((e) => e.cpuMs ?? 0), ...problems.map((e) => e.longestTaskCpuMs ?? 0)));
      }
    }
    summary[which] = s;
  }
  return { summary, phases: screen.phases.map(({ samples, ...p }) => ({ ...p, samples: samples.map(round) })) };
}

const data = prepare();
console.log(`typing bench: ${files.log} ${(data.bytes / 1e6).toFixed(1)} MB, ${data.lines} lines; root ${relative(process.cwd(), root) || '.'}`);
const runs = [];
for (let i = 0; i < Number(v.runs); i++) runs.push(session(i));
let commit;
try {
  commit = spawnSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim() || undefined;
} catch {
  /* not a checkout */
}
const report = {
  date: new Date().toISOString(),
  label: v.label,
  root: relative(repo, root) || '.',
  commit,
  machine: machine(),
  file: data,
  settings: { rounds: Number(v.rounds), words: Number(v.words), keyMs: Number(v['key-ms']), pauseMs: Number(v['pause-ms']), line: Number(v.line) },
  runs,
};
mkdirSync(dirname(resolve(v.out)), { recursive: true });
writeFileSync(resolve(v.out), JSON.stringify(report, null, 2) + '\n');

const cell = (x) => (x === undefined || x === null || Number.isNaN(x) ? 'n/a' : String(x));
console.log(`\n| run | editor | keys | median ms | p95 ms | max ms | host longest stall ms (busy ms) | busy >50 ms | first decoration ms |`);
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
runs.forEach((r, i) => {
  for (const which of ['log', 'plain']) {
    const s = r.summary[which];
    console.log(
      `| ${i + 1} | ${which === 'log' ? 'log (analysed)' : 'plain text'} | ${s.keys} | ${cell(s.median)} | ${cell(s.p95)} | ${cell(s.max)} | ${cell(s.hostLongestStallMs)} (${cell(s.hostLongestBusyMs)}) | ${cell(s.hostBusyOver50)} | ${which === 'log' ? cell(r.summary.firstDecorationMs) : ''} |`,
    );
  }
  const o = r.summary;
  console.log(
    `run ${i + 1}: log shown ${o.logShownMs} ms, extension host got it at ${cell(o.hostGotLogMs)} ms, first analysis ${cell(o.firstAnalysisMs)} ms (${cell(o.firstAnalysisWorkerMs)} ms in the worker), first decoration ${o.firstDecorationMs} ms; opening: host longest stall ${cell(o.open?.hostLongestStallMs)} ms (busy ${cell(o.open?.hostLongestBusyMs)}); our longest task in the whole session ${cell(o.oursLongestTaskCpuMs)} ms of CPU; load ${o.loadAtStart.toFixed(1)}-${o.loadAtEnd.toFixed(1)}`,
  );
  const an = o.log.analyses;
  if (an)
    console.log(
      `run ${i + 1}: ${an.count} analyses while typing in the log, median ${an.medianMs} ms, re-read ${an.medianBlocksRead} of ${an.blocks} blocks, ${cell(an.medianWorkerMs)} ms of it in the worker, listeners ${cell(an.medianListenerMs)} ms median, ${cell(an.maxListenerMs)} ms max (a task each); our longest task on the host ${cell(o.log.oursLongestTaskMs)} ms (${cell(o.log.oursLongestTaskCpuMs)} ms of CPU)`,
    );
  for (const n of o.notes ?? []) console.log(`note: ${n}`);
});
console.log(`\nwritten: ${relative(process.cwd(), resolve(v.out))}`);
