// Template mining quality and speed on Loghub-2k: `node bench/loghub.mjs LOGHUB [--speed-ms N]`
// after `npm run build` (reads dist/core.js). LOGHUB is a checkout of logpai/loghub or a bare git
// mirror of it (read with `git show HEAD:<path>`). The data is its authors' research data: it is read
// where it lies, never copied into this repository.
//
// Grouping accuracy (GA), Loghub's definition: a line is parsed correctly iff the set of lines in its
// predicted group equals the set of lines in its ground-truth group (the `EventId` column); GA is the
// share of such lines. Our groups: lines whose final template text is equal (what `templates` shows).
// Rows: the miner (TemplateMiner, one configuration), the old regex grouping (`templateOf`), and
// Drain's published Loghub-2k figures (Zhu et al., "Tools and Benchmarks for Automated Log Parsing",
// ICSE-SEIP 2019, Table; Drain with per-dataset masks).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { TemplateMiner, templateOf } = require('../dist/core.js');

const DATASETS = [
  'Android',
  'Apache',
  'BGL',
  'HDFS',
  'HPC',
  'Hadoop',
  'HealthApp',
  'Linux',
  'Mac',
  'OpenSSH',
  'OpenStack',
  'Proxifier',
  'Spark',
  'Thunderbird',
  'Windows',
  'Zookeeper',
];
const DRAIN_PUBLISHED = {
  Android: 0.911,
  Apache: 1.0,
  BGL: 0.963,
  HDFS: 0.998,
  HPC: 0.887,
  Hadoop: 0.948,
  HealthApp: 0.78,
  Linux: 0.69,
  Mac: 0.787,
  OpenSSH: 0.788,
  OpenStack: 0.733,
  Proxifier: 0.527,
  Spark: 0.92,
  Thunderbird: 0.955,
  Windows: 0.997,
  Zookeeper: 0.967,
};

const args = process.argv.slice(2);
const root = args.find((a) => !a.startsWith('--'));
const speedMs = Number(args[args.indexOf('--speed-ms') + 1]) || 2000;
if (!root) {
  console.error('usage: node bench/loghub.mjs LOGHUB-CHECKOUT-OR-GIT-MIRROR [--speed-ms N]');
  process.exit(2);
}

function readData(path) {
  const file = join(root, path);
  if (existsSync(file) && statSync(file).isFile()) return readFileSync(file, 'utf8');
  return execFileSync('git', ['-C', root, 'show', `HEAD:${path}`], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
}

/** RFC 4180 CSV: quoted fields with "" escapes, which the structured files use for commas in Content. */
function parseCsv(text) {
  const rows = [];
  let row = [],
    field = '',
    i = 0,
    quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      quoted = true;
      i++;
      continue;
    }
    if (c === ',') {
      row.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
      continue;
    }
    field += c;
    i++;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function load(name) {
  const [head, ...rows] = parseCsv(readData(`${name}/${name}_2k.log_structured.csv`));
  const content = head.indexOf('Content'),
    event = head.indexOf('EventId');
  const good = rows.filter((r) => r.length === head.length);
  return { content: good.map((r) => r[content]), truth: good.map((r) => r[event]) };
}

/** Loghub's grouping accuracy of predicted labels against true ones. */
function groupingAccuracy(predicted, truth) {
  const groups = (labels) => {
    const m = new Map();
    labels.forEach((l, i) => {
      const g = m.get(l);
      if (g) g.push(i);
      else m.set(l, [i]);
    });
    return m;
  };
  const truthGroups = groups(truth);
  let correct = 0;
  for (const lines of groups(predicted).values()) {
    const t = truthGroups.get(truth[lines[0]]);
    if (t.length === lines.length && lines.every((i) => truth[i] === truth[lines[0]])) correct += lines.length;
  }
  return correct / truth.length;
}

function minerLabels(lines) {
  const miner = new TemplateMiner();
  const clusters = lines.map((l) => miner.add(l));
  const groups = miner.groups();
  return clusters.map((c) => (c ? groups.get(c.id) : -1));
}

/**
 * Lines per second over passes of all lines (a fresh miner per pass) for `speedMs`: per wall second
 * (median pass) and per CPU second of this process (user + system, all passes), which a busy shared
 * machine disturbs less.
 */
function linesPerSecond(lines) {
  const walls = [];
  let n = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  while (performance.now() - t0 < speedMs) {
    const t = performance.now();
    const miner = new TemplateMiner();
    for (const l of lines) miner.add(l);
    walls.push(lines.length / ((performance.now() - t) / 1000));
    n += lines.length;
  }
  const cpu = process.cpuUsage(cpu0);
  walls.sort((a, b) => a - b);
  return { wall: walls[walls.length >> 1], cpu: n / ((cpu.user + cpu.system) / 1e6), passes: walls.length };
}

const rows = [];
const all = [];
for (const name of DATASETS) {
  const { content, truth } = load(name);
  all.push(...content);
  rows.push({
    name,
    lines: content.length,
    ours: groupingAccuracy(minerLabels(content), truth),
    old: groupingAccuracy(
      content.map((l) => templateOf(l)),
      truth,
    ),
    drain: DRAIN_PUBLISHED[name],
  });
}
const avg = (k) => rows.reduce((s, r) => s + r[k], 0) / rows.length;
const f = (x) => x.toFixed(3);
linesPerSecond(all.slice(0, 5000)); // warm up
const speed = linesPerSecond(all);
let loghubCommit = '';
try {
  loghubCommit = execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
} catch {
  /* a plain copy */
}

console.log(
  `Loghub-2k grouping accuracy, ${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}${loghubCommit ? `, loghub ${loghubCommit.slice(0, 12)}` : ''}\n`,
);
console.log('| dataset | lines | TemplateMiner | old templateOf | Drain (published) |\n|---|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.name} | ${r.lines} | ${f(r.ours)} | ${f(r.old)} | ${f(r.drain)} |`);
console.log(`| **average** | ${all.length} | **${f(avg('ours'))}** | ${f(avg('old'))} | ${f(avg('drain'))} |`);
console.log(
  `\nTemplateMiner speed, all ${all.length} Content strings mined in order, a fresh miner per pass, ${speed.passes} passes: ${Math.round(speed.wall).toLocaleString('en-US')} lines/s (median pass, wall clock), ${Math.round(speed.cpu).toLocaleString('en-US')} lines per CPU second; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
);
