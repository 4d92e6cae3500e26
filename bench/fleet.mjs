#!/usr/bin/env node
/**
 * Fleet benchmark: diagnosing where the logs live (pushdown) against pulling every line and
 * diagnosing it locally, on one fleet corpus in chDB, in one run.
 *
 *   npm run build && node bench/fleet.mjs --size 2048 [--nodes 300] [--runs 3] [--seed 42]
 *
 * The corpus (bench/fleetCorpus.mjs, built with `nice -n 19` on first use and cached under
 * bench/data/fleet/) is an `otel_logs` table of the OpenTelemetry exporter's shape: hundreds of nodes'
 * journals and the CI builds' consoles, a few nodes with an incident. This process opens it in chDB
 * and serves it over HTTP on loopback with the tests' front (test/unit/logstores/chdbHttp.ts: it runs
 * the received SQL on chDB, streams and gzips the answer as ClickHouse does, and counts the bytes its
 * connections carry). Each run, taking turns:
 *
 * - `fleet --clickhouse`: candidate lines per signature and node, counted by the store;
 * - `diagnose --clickhouse` for one node (the incident node with the most failure lines) and for the
 *   whole table: the catalogue's filter runs in the store, candidates and their context come back;
 * - the baseline for each: bench/fleetPull.mjs pulls every line of the same rows (same client, format
 *   and order, no filter) into one file per source, then `diagnose` reads those files.
 *
 * Per task: wall time, the client's CPU (GNU time), the store's CPU (this process: chDB's threads and
 * the front), bytes on the wire both ways, result bytes before compression, rows. The pushdown and
 * the baseline must give the same findings (occurrences, captures, timestamps), root causes and
 * unknown errors: the bench fails otherwise.
 *
 * Options: --size MiB of log bodies (2048), --nodes (300), --runs (3), --seed (42), --out FILE
 * (bench/results/fleet-latest.md; a .json beside it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { require as tsRequire } from 'tsx/cjs/api';
import { builtMeta, chdbSession, corpusDir, parseCorpusArgs } from './fleetCorpus.mjs';
import { fmt, measure, median } from './measure.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const MiB = 1024 * 1024;
const rel = (p) => relative(root, p);
/** Candidate lines fetched at most: above any corpus here, so no answer is cut (a cut answer is said, and would fail the comparison). */
const STORE_LIMIT = 1_000_000_000;

/** What must not depend on where the lines were read (as in test/unit/logstores/clickhouseCli.test.ts). */
function essence(d) {
  const key = (x) => JSON.stringify(x);
  return {
    findings: d.findings
      .map((f) => ({
        id: f.signatureId,
        count: f.count,
        occ: f.occurrences.map((o) => [o.text, o.captures, o.timestamp, o.kind]).sort((a, b) => key(a).localeCompare(key(b))),
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    rootCauses: d.rootCauses.map((r) => [r.signatureId, r.confidence]),
    unknown: d.unknownErrors.map((u) => [u.template, u.count]).sort(),
  };
}

/** The first difference of two essences, in words. */
function firstDifference(a, b) {
  const fa = new Map(a.findings.map((f) => [f.id, f])),
    fb = new Map(b.findings.map((f) => [f.id, f]));
  for (const id of new Set([...fa.keys(), ...fb.keys()])) {
    const x = fa.get(id),
      y = fb.get(id);
    if (!x || !y) return `${id}: found only by the ${x ? 'pushdown' : 'baseline'}`;
    if (x.count !== y.count) return `${id}: ${x.count} occurrences by the pushdown, ${y.count} by the baseline`;
    if (JSON.stringify(x.occ) !== JSON.stringify(y.occ)) return `${id}: same count, different occurrences`;
  }
  if (JSON.stringify(a.rootCauses) !== JSON.stringify(b.rootCauses))
    return `root causes: ${JSON.stringify(a.rootCauses)} against ${JSON.stringify(b.rootCauses)}`;
  return `unknown errors: ${a.unknown.length} templates against ${b.unknown.length}`;
}

/** What a failed command said, in one line: its own message, or V8's fatal error (not the stack frames around it). */
function errorLine(stderr) {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const said = lines.find((l) => /^(postmortem-lens: |FATAL ERROR: |\w*Error: )/.test(l)) ?? lines.filter((l) => !/^(at |\d+: 0x|<---|-----)/.test(l)).at(-1);
  return said?.slice(0, 300);
}

function parseArgs(argv) {
  const o = { size: 2048, nodes: 300, seed: 42, runs: 3, out: join(here, 'results', 'fleet-latest.md') };
  parseCorpusArgs(argv, o, (a, v) => {
    if (a === '--runs') o.runs = Number(v());
    else if (a === '--out') o.out = resolve(v());
    else return false;
    return true;
  });
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error('--runs must be a positive integer');
  return o;
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`fleet.mjs: ${e.message}`);
    process.exit(2);
  }
  if (o.help) {
    console.log('usage: node bench/fleet.mjs [--size MiB] [--nodes N] [--runs N] [--seed N] [--out FILE]');
    return;
  }
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    console.error('fleet.mjs: dist/ is missing: run `npm run build` first.');
    process.exit(2);
  }
  const time = spawnSync('/usr/bin/time', ['-v', 'true'], { encoding: 'utf8' });
  const tools = { time: time.status === 0 && /Maximum resident set size/.test(time.stderr) ? '/usr/bin/time' : undefined };

  // The corpus: built (niced) when missing.
  const dir = corpusDir(o);
  if (!builtMeta(dir)) {
    console.error(`building the fleet corpus in ${rel(dir)} (nice -n 19)...`);
    const b = spawnSync(
      'nice',
      ['-n', '19', process.execPath, join(here, 'fleetCorpus.mjs'), '--size', String(o.size), '--nodes', String(o.nodes), '--seed', String(o.seed)],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (b.status !== 0 || !builtMeta(dir)) {
      console.error('fleet.mjs: building the corpus failed');
      process.exit(1);
    }
  }
  const meta = builtMeta(dir);
  const work = join(here, 'data', 'fleet-run');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });

  const session = new (chdbSession())(join(dir, 'chdb'));
  const { ChdbHttp } = tsRequire('../test/unit/logstores/chdbHttp.ts', import.meta.url);
  const front = await new ChdbHttp(session).start();
  try {
    // The window: every row, in whole milliseconds as the CLI takes it.
    const untilMs = Math.floor(meta.lastUs / 1000) + 1;
    const sinceS = Math.ceil((untilMs - meta.firstUs / 1000) / 1000) + 1;
    const until = new Date(untilMs).toISOString();
    const window = { sinceNs: String(BigInt(untilMs - sinceS * 1000) * 1_000_000n), untilNs: String(BigInt(untilMs) * 1_000_000n) };
    const node = [...meta.incidentNodes].sort((a, b) => b.failureLines - a.failureLines)[0].node;
    const nodeWhere = `ResourceAttributes['k8s.node.name'] = '${node}'`;
    // Queries over GiBs take minutes on this machine: no request timeout in the way.
    const store = ['--clickhouse', front.url, '--since', `${sinceS}s`, '--until', until, '--store-timeout', '7200'];
    const diag = ['--format', 'json', '--year', '2026'];
    const out = (id, ext) => join(work, `${id}.${ext}`);

    const tasks = [];
    const cliTask = (id, what, args, output) => ({
      id,
      what,
      cmd: cli,
      args,
      shown: `dist/cli.js ${args.map((a) => (a === front.url ? 'URL' : /[\s'"]/.test(a) ? `"${a}"` : a)).join(' ')}`,
      stdout: out(id, 'stdout'),
      stderr: out(id, 'stderr'),
      output,
    });
    const pullTask = (id, what, where) => ({
      id,
      what,
      cmd: process.execPath,
      args: [
        join(here, 'fleetPull.mjs'),
        '--url',
        front.url,
        '--since-ns',
        window.sinceNs,
        '--until-ns',
        window.untilNs,
        '--out',
        out(id, 'd'),
        ...(where ? ['--where', where] : []),
      ],
      shown: `node bench/fleetPull.mjs --url URL --since-ns ${window.sinceNs} --until-ns ${window.untilNs}${where ? ` --where "${where}"` : ''} --out DIR`,
      stdout: out(id, 'stdout'),
      stderr: out(id, 'stderr'),
    });
    const localTask = (id, what, pulled) => ({
      id,
      what,
      cmd: cli,
      argsOf: () => ['diagnose', ...readFileSync(out(pulled, 'list'), 'utf8').split('\n').filter(Boolean), ...diag, '-o', out(id, 'json')],
      shown: `dist/cli.js diagnose DIR/*.log ${diag.join(' ')}`,
      stdout: out(id, 'stdout'),
      stderr: out(id, 'stderr'),
      output: out(id, 'json'),
    });
    tasks.push(
      cliTask(
        'fleet',
        'fleet --clickhouse: candidate lines per signature and node, counted by the store',
        ['fleet', ...store, '--format', 'json'],
        out('fleet', 'stdout'),
      ),
    );
    const pushTask = (id, what, where, context) =>
      cliTask(
        id,
        what,
        [
          'diagnose',
          ...store,
          ...(where ? ['--where', where] : []),
          ...(context === undefined ? [] : ['--store-context', String(context)]),
          '--store-limit',
          String(STORE_LIMIT),
          ...diag,
          '-o',
          out(id, 'json'),
        ],
        out(id, 'json'),
      );
    tasks.push(pushTask('push-node', `diagnose --clickhouse, one node (${node}): candidates, then context where needed (default, auto)`, nodeWhere));
    tasks.push(pushTask('push-node-c60', 'diagnose --clickhouse --store-context 60, the same node: candidates and 60 lines around each', nodeWhere, 60));
    tasks.push(pushTask('push-node-c0', 'diagnose --clickhouse --store-context 0, the same node: candidates only', nodeWhere, 0));
    tasks.push(pullTask('pull-node', 'baseline: pull every line of the node', nodeWhere));
    tasks.push(localTask('local-node', 'baseline: diagnose the pulled node lines locally', 'pull-node'));
    tasks.push(pushTask('push-all', 'diagnose --clickhouse, the whole table: candidates, then context where needed (default, auto)'));
    tasks.push(pushTask('push-all-c60', 'diagnose --clickhouse --store-context 60, the whole table: candidates and 60 lines around each', undefined, 60));
    tasks.push(pushTask('push-all-c0', 'diagnose --clickhouse --store-context 0, the whole table: candidates only', undefined, 0));
    tasks.push(pullTask('pull-all', 'baseline: pull every line of the table'));
    tasks.push(localTask('local-all', 'baseline: diagnose the pulled lines locally', 'pull-all'));
    /** Each pushdown against its baseline; `required`: the bench fails unless they agree (the default context promises the findings of the whole log). */
    const checks = [
      ['push-node', 'local-node', true],
      ['push-node-c60', 'local-node', false],
      ['push-node-c0', 'local-node', false],
      ['push-all', 'local-all', true],
      ['push-all-c60', 'local-all', false],
      ['push-all-c0', 'local-all', false],
    ];
    const verdicts = new Map();

    const samples = new Map(tasks.map((t) => [t.id, []]));
    const load0 = loadavg();
    for (let r = 1; r <= o.runs; r++) {
      for (const t of tasks) {
        process.stderr.write(`run ${r}/${o.runs}: ${t.id}... `);
        const before = front.traffic();
        const cpu0 = process.cpuUsage();
        const args = t.argsOf ? t.argsOf() : t.args;
        if (t.output) rmSync(t.output, { force: true });
        const m = await measure(tools, t.cmd, args, t);
        const cpu = process.cpuUsage(cpu0);
        const after = front.traffic();
        const s = {
          ...m,
          storeCpu: (cpu.user + cpu.system) / 1e6,
          requests: after.requests - before.requests,
          rows: after.rows - before.rows,
          resultBytes: after.resultBytes - before.resultBytes,
          bytesIn: after.bytesIn - before.bytesIn,
          bytesOut: after.bytesOut - before.bytesOut,
        };
        // A command that wrote no report failed, whatever its exit status says.
        if (m.exit === 0 && t.output && !existsSync(t.output)) m.exit = 1;
        if (m.exit !== 0) {
          // A failed pushdown is a result (said in the table, and the bench fails); a failed baseline leaves nothing to compare.
          s.error = errorLine(readFileSync(t.stderr, 'utf8')) || `exit ${m.exit}`;
          if (!t.id.startsWith('push-')) {
            console.error(`\n${t.id} failed (exit ${m.exit}):\n${readFileSync(t.stderr, 'utf8').slice(-3000)}`);
            process.exit(1);
          }
        }
        if (t.id.startsWith('pull-')) {
          s.pulled = JSON.parse(readFileSync(t.stdout, 'utf8'));
          const files = spawnSync('find', [out(t.id, 'd'), '-name', '*.log'], { encoding: 'utf8' })
            .stdout.split('\n')
            .filter(Boolean)
            .sort();
          writeFileSync(out(t.id, 'list'), files.join('\n') + '\n');
        }
        samples.get(t.id).push(s);
        process.stderr.write(`${fmt(m.wall, 2)} s, ${(s.bytesOut / MiB).toFixed(1)} MiB out, ${s.rows} rows\n`);
      }
      // The pushdown and the baseline must agree, every run.
      for (const [push, local, required] of checks) {
        const failed = samples.get(push).at(-1).error;
        let verdict = 'equal';
        if (failed) verdict = `failed: ${failed}`;
        else {
          const a = essence(JSON.parse(readFileSync(out(push, 'json'), 'utf8'))),
            b = essence(JSON.parse(readFileSync(out(local, 'json'), 'utf8')));
          if (JSON.stringify(a) !== JSON.stringify(b)) verdict = `differs: ${firstDifference(a, b)}`;
        }
        if (verdict !== 'equal' || !verdicts.has(push)) verdicts.set(push, { verdict, required });
        if (verdict !== 'equal') console.error(`${push} against ${local}: ${verdict}${required ? '' : ' (not promised: candidates only, or a fixed context)'}`);
      }
    }
    const load1 = loadavg();

    // Results.
    const report = (id) => JSON.parse(readFileSync(out(id, 'json'), 'utf8'));
    const fleetJson = JSON.parse(readFileSync(out('fleet', 'stdout'), 'utf8'));
    const summary = (id) => {
      const d = report(id);
      return {
        findings: d.findings.length,
        occurrences: d.findings.reduce((n, f) => n + f.count, 0),
        unknown: d.unknownErrors.reduce((n, u) => n + u.count, 0),
        inputs: d.inputs.length,
        linesRead: d.inputs.reduce((n, i) => n + i.lines, 0),
        notices: d.inputs.flatMap((i) => i.notices ?? []).map((n) => n.message),
        ids: d.findings.map((f) => [f.signatureId, f.count]),
      };
    };
    const rows = tasks.map((t) => {
      const s = samples.get(t.id);
      const med = (k) => (s.every((x) => x[k] !== undefined) ? median(s.map((x) => x[k])) : undefined);
      return {
        id: t.id,
        what: t.what,
        shown: t.shown,
        wall: med('wall'),
        min: Math.min(...s.map((x) => x.wall)),
        max: Math.max(...s.map((x) => x.wall)),
        cpu: med('cpu'),
        storeCpu: med('storeCpu'),
        rss: s.every((x) => x.rssMiB !== undefined) ? Math.max(...s.map((x) => x.rssMiB)) : undefined,
        requests: s[0].requests,
        rows: s[0].rows,
        resultBytes: s[0].resultBytes,
        bytesIn: s[0].bytesIn,
        bytesOut: s[0].bytesOut,
        error: s.find((x) => x.error)?.error,
      };
    });
    const by = new Map(rows.map((r) => [r.id, r]));
    const nodeS = summary('local-node'),
      allS = summary('local-all');
    const sum = (x, y, k) => (x[k] === undefined || y[k] === undefined ? undefined : x[k] + y[k]);
    const total = (pull, local) => ({
      wall: sum(by.get(pull), by.get(local), 'wall'),
      cpu: sum(by.get(pull), by.get(local), 'cpu'),
      storeCpu: sum(by.get(pull), by.get(local), 'storeCpu'),
      rss: Math.max(by.get(pull).rss ?? NaN, by.get(local).rss ?? NaN),
      requests: by.get(pull).requests,
      rows: by.get(pull).rows,
      resultBytes: by.get(pull).resultBytes,
      bytesIn: by.get(pull).bytesIn,
      bytesOut: by.get(pull).bytesOut,
    });
    const tn = total('pull-node', 'local-node'),
      ta = total('pull-all', 'local-all');

    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    let model = cpus()[0]?.model;
    try {
      model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
    } catch {
      /* not Linux */
    }
    const chdbVersion = session.query('SELECT version()', 'TSV').trim();
    const L = [];
    const mib = (x) => (x / MiB).toFixed(1);
    const verdictOf = (id) => {
      const v = verdicts.get(id);
      return v ? (v.verdict === 'equal' ? 'same as the baseline' : v.verdict.replace(/\|/g, '\\|')) : '';
    };
    L.push('# Fleet benchmark: pushdown against pulling every line', '');
    L.push(`${now}. Median of ${o.runs} run${o.runs === 1 ? '' : 's'}, the tasks taking turns within each run.`, '');
    L.push(
      `Corpus: \`${rel(dir)}\`: ${mib(meta.bodyBytes)} MiB of log bodies, ${meta.rows.toLocaleString('en-US')} rows over ${((meta.lastUs - meta.firstUs) / 3.6e9).toFixed(1)} h, ${meta.nodes} nodes (${meta.incidentNodes.length} with an incident), ${meta.builds} CI builds (${meta.failedBuilds} failed), ${meta.failureLines.toLocaleString('en-US')} failure lines (${((meta.failureLines / meta.rows) * 100).toFixed(3)}%); in chDB ${mib(meta.compressedBytes)} MiB compressed, ${mib(meta.uncompressedBytes)} MiB uncompressed, ${meta.parts} parts. Rows by service: ${Object.entries(
        meta.services,
      )
        .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
        .join(', ')}.`,
      '',
    );
    L.push(
      '| Task | Wall s (min-max) | Client CPU s | Store CPU s | Client peak RSS MiB | Requests | Rows returned | Result MiB | Wire MiB out (gzip) | Wire KiB in | Findings |',
    );
    L.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    const line = (label, r, verdict = '') =>
      `| ${label} | ${fmt(r.wall, 2)}${r.min !== undefined && o.runs > 1 ? ` (${fmt(r.min, 2)}-${fmt(r.max, 2)})` : ''} | ${fmt(r.cpu, 2)} | ${fmt(r.storeCpu, 2)} | ${fmt(r.rss)} | ${r.requests ?? ''} | ${r.rows?.toLocaleString('en-US') ?? ''} | ${r.resultBytes !== undefined ? mib(r.resultBytes) : ''} | ${r.bytesOut !== undefined ? mib(r.bytesOut) : ''} | ${r.bytesIn !== undefined ? (r.bytesIn / 1024).toFixed(1) : ''} | ${verdict} |`;
    for (const r of rows) L.push(line(r.what, r, verdictOf(r.id)));
    L.push(
      line('**baseline total, one node** (pull + local diagnose)', tn, `${nodeS.findings} findings, ${nodeS.occurrences.toLocaleString('en-US')} occurrences`),
    );
    L.push(
      line('**baseline total, whole table** (pull + local diagnose)', ta, `${allS.findings} findings, ${allS.occurrences.toLocaleString('en-US')} occurrences`),
    );
    L.push('');
    const ratio = (x, y) => (x && y ? `${(x / y).toFixed(2)}x` : 'n/a');
    const vs = (id, base) => {
      const r = by.get(id);
      return r.error
        ? `\`${id}\` failed`
        : `\`${id}\` ${ratio(r.wall, base.wall)} the baseline's wall time, ${ratio(r.cpu + r.storeCpu, base.cpu + base.storeCpu)} its CPU (client and store), ${ratio(r.bytesOut, base.bytesOut)} its bytes on the wire, ${((r.rows / base.rows) * 100).toFixed(1)}% of the rows`;
    };
    L.push(
      `Against the baseline (below 1x: pushdown is cheaper): ${['push-node', 'push-node-c60', 'push-node-c0'].map((id) => vs(id, tn)).join('; ')}; ${['push-all', 'push-all-c60', 'push-all-c0'].map((id) => vs(id, ta)).join('; ')}. \`fleet\` returned ${by.get('fleet').rows.toLocaleString('en-US')} rows (${fleetJson.groups.length} nodes, ${fleetJson.signatures.length} signatures with candidate lines) in ${by.get('fleet').requests} queries.`,
      '',
    );
    L.push(
      `Compared, every run: findings with their occurrences (text, captures, timestamps, kind), root causes and unknown-error templates. Baseline: one node ${nodeS.findings} findings, ${nodeS.occurrences.toLocaleString('en-US')} occurrences, ${nodeS.unknown.toLocaleString('en-US')} unmatched error lines in ${nodeS.inputs} inputs; whole table ${allS.findings} findings, ${allS.occurrences.toLocaleString('en-US')} occurrences, ${allS.unknown.toLocaleString('en-US')} unmatched error lines in ${allS.inputs} inputs.`,
      '',
    );
    L.push(`Findings, whole table: ${allS.ids.map(([id, n]) => `${id} x${n}`).join(', ')}.`, '');
    L.push('Commands (URL: the loopback front):', '');
    for (const r of rows) L.push(`- ${r.id}: \`${r.shown}\``);
    L.push('', 'Machine:', '');
    L.push(
      `- CPU: ${model}, ${cpus().length} vCPU, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM; node ${process.version}; chDB ${chdbVersion} (in this process)`,
    );
    L.push(
      `- load average (1/5/15 min) before: ${load0.map((x) => x.toFixed(2)).join(' ')}, after: ${load1.map((x) => x.toFixed(2)).join(' ')}; client CPU and RSS via ${tools.time ? 'GNU time' : 'n/a (no /usr/bin/time)'}`,
    );
    const md = L.join('\n') + '\n';
    mkdirSync(dirname(o.out), { recursive: true });
    writeFileSync(o.out, md);
    writeFileSync(
      o.out.replace(/\.md$/, '') + '.json',
      JSON.stringify(
        {
          date: now,
          runs: o.runs,
          corpus: { dir: rel(dir), ...meta },
          node,
          window: { since: `${sinceS}s`, until, ...window },
          machine: { model, vcpu: cpus().length, node: process.version, chdb: chdbVersion },
          load: { before: load0, after: load1 },
          verdicts: Object.fromEntries(verdicts),
          rows,
          samples: Object.fromEntries(samples),
          summaries: { node: nodeS, all: allS },
        },
        null,
        2,
      ) + '\n',
    );
    process.stdout.write('\n' + md);
    console.error(`\nwritten to ${rel(o.out)}`);
    const broken = [...verdicts].filter(([, v]) => v.required && v.verdict !== 'equal');
    if (broken.length) {
      console.error(`fleet.mjs: the pushdown's findings are not the baseline's: ${broken.map(([id, v]) => `${id} ${v.verdict}`).join('; ')}`);
      process.exitCode = 1;
    }
  } finally {
    await front.stop();
    session.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
