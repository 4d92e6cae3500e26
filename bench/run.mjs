#!/usr/bin/env node
/**
 * Benchmark: Postmortem Lens (full diagnosis) side by side with GNU grep and ripgrep running the
 * catalogue's own match rules, on the same generated corpus, in one run.
 *
 *   npm run bench                                   # builds, then: node bench/run.mjs
 *   node bench/run.mjs --size 256 --runs 3           # 256 MiB corpus, median of 3
 *   node bench/run.mjs --file some.log               # any file instead of the generated corpus
 *   node bench/run.mjs --size 64 --profile           # also a --cpu-prof run of the CLI, top functions
 *   node bench/run.mjs --corpus dense                # only the dense incident corpus
 *   node bench/run.mjs --corpus files                # the sparse corpus as a directory of 1 MiB files
 *
 * Options: --size MiB (1024), --runs N (3), --seed N (42), --file PATH, --corpus
 * sparse|dense|both|files|all (both: sparse and dense; all: the three), --grep-locale LOCALE (C),
 * --no-grep, --no-grep-e (keep grep -F, skip grep -E: with 2,000+ rule patterns it takes minutes a run),
 * --no-rg, --profile, --out FILE (bench/results/latest.md).
 *
 * Two corpora of the same size: **sparse**, the generated mixed corpus (bench/generate.mjs, ~0.1% failure
 * lines), and **dense**, the example incidents repeated (bench/incidentLog.mjs: the text users paste
 * during an incident, a high share of error lines and of lines no grammar claims). On request a third,
 * **files**: the sparse corpus cut at line ends into files of about 1 MiB in one directory (a node's or a
 * fleet's logs gathered for an incident), where what a run pays per input shows; grep and ripgrep read
 * the directory recursively and their per-file counts are summed. Each tool runs twice
 * per corpus: with the catalogue's rule patterns (`-E -f` / `-f`), and with the catalogue's literals as
 * fixed strings (`-F -f`), the cheapest scan for the same signatures.
 *
 * Timing is wall time around each process (median of N runs; the tools alternate within a run so
 * they see the same machine state); the page cache is warmed once before the first run. Peak RSS
 * comes from `/usr/bin/time -v` ("Maximum resident set size") or, without it, from polling
 * /proc/PID/status VmHWM. Tool outputs go to files under bench/data/ (never /dev/null: GNU grep
 * stops at the first match when its output is /dev/null).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';
import { incidentLog } from './incidentLog.mjs';
import { writePatterns } from './patterns.mjs';
import { fmt, measure, median } from './measure.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const dataDir = join(here, 'data');
const MiB = 1024 * 1024;

// ---- options ---------------------------------------------------------------------------------
function parseArgs(argv) {
  const o = {
    size: 1024,
    runs: 3,
    seed: 42,
    file: undefined,
    corpus: 'both',
    grepLocale: 'C',
    grep: true,
    grepE: true,
    rg: true,
    profile: false,
    out: join(here, 'results', 'latest.md'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    switch (a) {
      case '--size':
        o.size = Number(v());
        break;
      case '--runs':
        o.runs = Number(v());
        break;
      case '--seed':
        o.seed = Number(v());
        break;
      case '--file':
        o.file = resolve(v());
        break;
      case '--corpus':
        o.corpus = v();
        break;
      case '--grep-locale':
        o.grepLocale = v();
        break;
      case '--no-grep':
        o.grep = false;
        break;
      case '--no-grep-e':
        o.grepE = false;
        break;
      case '--no-rg':
        o.rg = false;
        break;
      case '--profile':
        o.profile = true;
        break;
      case '--out':
        o.out = resolve(v());
        break;
      case '-h':
      case '--help':
        o.help = true;
        break;
      default:
        throw new Error(`unknown argument ${a}`);
    }
  }
  if (!(o.size > 0)) throw new Error('--size must be a positive number of MiB');
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error('--runs must be a positive integer');
  if (!['sparse', 'dense', 'both', 'files', 'all'].includes(o.corpus)) throw new Error('--corpus must be sparse, dense, both, files or all');
  return o;
}

// ---- environment -----------------------------------------------------------------------------
const run1 = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  return r.error ? undefined : r;
};
const firstLine = (s) => (s ?? '').split('\n')[0].trim();

function detectTools() {
  const t = {};
  const time = run1('/usr/bin/time', ['-v', 'true']);
  t.time = time && time.status === 0 && /Maximum resident set size/.test(time.stderr) ? '/usr/bin/time' : undefined;
  const grep = run1('grep', ['--version']);
  t.grep = grep && grep.status === 0 ? firstLine(grep.stdout) : undefined;
  t.gnuGrep = Boolean(t.grep && /GNU grep/.test(t.grep));
  const rg = run1('rg', ['--version']);
  t.rg = rg && rg.status === 0 ? firstLine(rg.stdout) : undefined;
  return t;
}

function machine(tools, grepLocale) {
  let model = cpus()[0]?.model;
  try {
    model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
  } catch {
    /* not Linux */
  }
  const nproc = run1('nproc', [])?.stdout?.trim() ?? String(cpus().length);
  const kernel = run1('uname', ['-sr'])?.stdout?.trim();
  return {
    nproc,
    model,
    memGiB: (totalmem() / 1024 ** 3).toFixed(1),
    kernel,
    node: process.version,
    grep: tools.grep ? `${tools.grep} (LC_ALL=${grepLocale})` : 'not installed',
    rg: tools.rg ?? 'not installed',
    time: tools.time ? 'GNU time (/usr/bin/time -v)' : 'not installed: RSS from /proc/PID/status VmHWM polling',
    locale: process.env.LC_ALL || process.env.LANG || '(unset)',
  };
}

async function warm(file) {
  // Read the file (every file of a directory) once so every tool starts from a warm page cache.
  if (statSync(file).isDirectory()) {
    for (const f of readdirSync(file)) await warm(join(file, f));
    return;
  }
  await new Promise((res, rej) =>
    createReadStream(file, { highWaterMark: 8 * MiB })
      .on('data', () => {})
      .on('end', res)
      .on('error', rej),
  );
}

/** Bytes of a file, or of the files of a directory. */
function sizeOf(path) {
  return statSync(path).isDirectory() ? readdirSync(path).reduce((n, f) => n + statSync(join(path, f)).size, 0) : statSync(path).size;
}

/**
 * The sparse corpus `file` cut at line ends into files of about 1 MiB under `dir` (made once; a
 * `.done` file holds the source's size, so a regenerated corpus is cut again).
 */
function cutIntoFiles(file, dir) {
  const stamp = join(dir, '.done');
  const size = String(statSync(file).size);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === size) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const text = readFileSync(file);
  let n = 0;
  for (let from = 0; from < text.length; n++) {
    let to = Math.min(text.length, from + MiB);
    if (to < text.length) to = text.indexOf(10, to) + 1 || text.length;
    writeFileSync(join(dir, `node-${String(n + 1).padStart(4, '0')}.log`), text.subarray(from, to));
    from = to;
  }
  writeFileSync(stamp, size);
}

// ---- CPU profile summary ---------------------------------------------------------------------
/** Self time per function from a .cpuprofile (V8 format): top N rows. */
export function summariseProfile(path, top = 20) {
  const p = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    const n = byId.get(p.samples[i]);
    if (!n) continue;
    const f = n.callFrame;
    const where = f.url ? `${basename(f.url)}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'}${where ? ` (${where})` : ''}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  const all = [...self.entries()].sort((a, b) => b[1] - a[1]).map(([fn, us]) => ({ fn, ms: us / 1000, pct: (us / total) * 100 }));
  return { totalMs: total / 1000, rows: all.slice(0, top), all };
}

/** Map dist/cli-main.js:LINE to the source file via the esbuild source map (best effort). */
function sourceOf(mapPath) {
  if (!existsSync(mapPath)) return () => undefined;
  const map = JSON.parse(readFileSync(mapPath, 'utf8'));
  // Decode just enough of the VLQ mappings: the source index of the first segment of each line.
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const lineSource = [];
  let src = 0;
  for (const line of map.mappings.split(';')) {
    let first;
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const vals = [];
      let v = 0,
        shift = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        v += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          vals.push(v & 1 ? -(v >> 1) : v >> 1);
          v = 0;
          shift = 0;
        }
      }
      if (vals.length >= 2) {
        src += vals[1];
        if (first === undefined) first = src;
      }
    }
    lineSource.push(first);
  }
  return (line) => {
    const s = lineSource[line - 1];
    return s === undefined ? undefined : map.sources[s]?.replace(/^(\.\.\/)+/, '');
  };
}

// ---- main ------------------------------------------------------------------------------------
async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`run.mjs: ${e.message}`);
    process.exit(2);
  }
  if (o.help) {
    console.log(
      'usage: node bench/run.mjs [--size MiB] [--runs N] [--seed N] [--file PATH] [--corpus sparse|dense|both|files|all] [--grep-locale C] [--no-grep] [--no-grep-e] [--no-rg] [--profile] [--out FILE]',
    );
    return;
  }
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli) || !existsSync(join(root, 'dist', 'core.js'))) {
    console.error('run.mjs: dist/ is missing: run `npm run build` first (npm run bench does).');
    process.exit(2);
  }
  mkdirSync(dataDir, { recursive: true });

  // Corpora.
  const corpora = [];
  if (o.file) {
    if (!existsSync(o.file)) {
      console.error(`run.mjs: no such file ${o.file}`);
      process.exit(2);
    }
    corpora.push({ id: 'file', name: basename(o.file), file: o.file });
  } else {
    const tag = `${o.size >= 1024 && o.size % 1024 === 0 ? `${o.size / 1024}g` : `${o.size}m`}`;
    const want = (id) => o.corpus === id || o.corpus === 'all' || (o.corpus === 'both' && id !== 'files');
    if (want('sparse') || want('files')) {
      const file = join(dataDir, `mixed-${tag}${o.seed === 42 ? '' : `-s${o.seed}`}.log`);
      const metaFile = `${file}.meta.json`;
      const ok =
        existsSync(file) &&
        existsSync(metaFile) &&
        (() => {
          const m = JSON.parse(readFileSync(metaFile, 'utf8'));
          return m.seed === o.seed && m.sizeMiB === o.size && m.bytes === statSync(file).size;
        })();
      if (!ok) await generate({ sizeMiB: o.size, out: file, seed: o.seed });
      const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
      if (want('sparse')) corpora.push({ id: 'sparse', name: 'sparse (generated mixed corpus)', file, meta });
      if (want('files')) {
        const dir = join(dataDir, `files-${tag}${o.seed === 42 ? '' : `-s${o.seed}`}`);
        cutIntoFiles(file, dir);
        const count = readdirSync(dir).filter((f) => f.endsWith('.log')).length;
        corpora.push({ id: 'files', name: `files (the sparse corpus as ${count} files of about 1 MiB in one directory)`, file: dir, dir: true });
      }
    }
    if (want('dense')) {
      const file = join(dataDir, `dense-${tag}.log`);
      const text = incidentLog(Math.round(o.size * MiB));
      if (!existsSync(file) || statSync(file).size !== text.length) writeFileSync(file, text);
      corpora.push({ id: 'dense', name: 'dense (the example incidents repeated)', file });
    }
  }

  // Patterns for the grep baselines, from the catalogue as it is now.
  const pat = writePatterns({ out: join(dataDir, 'patterns.ere'), rgOut: join(dataDir, 'patterns.rg') });
  const ps = pat.stats;
  console.error(
    `catalogue: ${ps.signatures} signatures, ${ps.steps} rule steps -> ${ps.patterns} patterns (${ps.duplicates} duplicates, ${ps.skipped} skipped as not convertible), ${ps.literals} literals`,
  );

  const tools = detectTools();
  const notes = [];
  if (!tools.time)
    notes.push(
      '`/usr/bin/time` not found: peak RSS comes from polling /proc/PID/status VmHWM every 5 ms (install GNU time for exact numbers: `apt-get install -y time`).',
    );
  if (o.grep && !tools.grep) notes.push('grep not found: skipped.');
  else if (o.grep && !tools.gnuGrep) notes.push(`grep is not GNU grep (${tools.grep}): -E -i -c -f is still used, results may differ.`);
  if (o.rg && !tools.rg) notes.push('ripgrep (`rg`) not installed: skipped (`apt-get install -y ripgrep` or `cargo install ripgrep`).');
  const load0 = loadavg();
  const rel = (p) => relative(root, p);

  /** The commands of one corpus, each writing its output under bench/data/out-<corpus>-<id>. */
  const tasksFor = (c) => {
    const out = (id, ext) => join(dataDir, `out-${c.id}-${id}.${ext}`);
    // A directory: grep reads it recursively, both print one count per file, without its name.
    const dirArgs = c.dir ? ['-r', '-h'] : [];
    const rgDirArgs = c.dir ? ['--no-filename'] : [];
    const count = (id) => () => {
      const n = readFileSync(out(id, 'txt'), 'utf8')
        .split('\n')
        .reduce((sum, l) => sum + (Number(l.trim()) || 0), 0);
      return { count: n, text: `${n} matching lines` };
    };
    // The CLI on every core (its default when they are free) and on one thread.
    const cliTask = (id, threads) => ({
      id,
      tool: `postmortem-lens diagnose -j ${threads}`,
      what: `full diagnosis: prefilter, parse, verify, correlate, JSON report; ${threads === 1 ? 'one thread' : `${threads} threads`}`,
      // Run the executable as users do: its shebang sets the heap options.
      cmd: cli,
      args: ['diagnose', c.file, '-j', String(threads), '--format', 'json', '-o', out(id, 'json')],
      shown: `dist/cli.js diagnose ${rel(c.file)} -j ${threads} --format json -o ${rel(out(id, 'json'))}`,
      stdout: out(id, 'stdout'),
      stderr: out(id, 'stderr'),
      result: () => {
        const text = readFileSync(out(id, 'json'), 'utf8');
        const d = JSON.parse(text);
        const occ = d.findings.reduce((n, f) => n + f.count, 0);
        const unknown = d.unknownErrors.reduce((n, u) => n + u.count, 0);
        return {
          count: occ,
          text: `${d.findings.length} findings, ${occ} occurrences (+${unknown} unmatched error lines in ${d.unknownErrors.length} templates)`,
          findings: d.findings.map((f) => [f.signatureId, f.count]),
          report: text,
        };
      },
    });
    const tasks = [cliTask('cli', availableParallelism()), cliTask('cli1', 1)];
    if (o.grep && tools.grep) {
      const env = { ...process.env, LC_ALL: o.grepLocale };
      if (o.grepE)
        tasks.push({
          id: 'grep',
          tool: 'GNU grep -E',
          what: `line count of the catalogue's rule patterns (-E -i -c, LC_ALL=${o.grepLocale})`,
          cmd: 'grep',
          args: ['-E', '-i', '-c', ...dirArgs, '-f', pat.out, c.file],
          env,
          shown: `LC_ALL=${o.grepLocale} grep -E -i -c ${dirArgs.map((a) => a + ' ').join('')}-f bench/data/patterns.ere ${rel(c.file)}`,
          stdout: out('grep', 'txt'),
          stderr: out('grep', 'stderr'),
          okExit: [0, 1],
          result: count('grep'),
        });
      tasks.push({
        id: 'grepF',
        tool: 'GNU grep -F',
        what: `line count of the catalogue's literals (-F -i -c, LC_ALL=${o.grepLocale})`,
        cmd: 'grep',
        args: ['-F', '-i', '-c', ...dirArgs, '-f', pat.literalsOut, c.file],
        env,
        shown: `LC_ALL=${o.grepLocale} grep -F -i -c ${dirArgs.map((a) => a + ' ').join('')}-f bench/data/patterns.literals ${rel(c.file)}`,
        stdout: out('grepF', 'txt'),
        stderr: out('grepF', 'stderr'),
        okExit: [0, 1],
        result: count('grepF'),
      });
    }
    if (o.rg && tools.rg) {
      tasks.push(
        {
          id: 'rg',
          tool: 'ripgrep',
          what: 'line count of the same rule patterns in Rust syntax (-i -c)',
          cmd: 'rg',
          args: ['-i', '-c', '--no-config', ...rgDirArgs, '-f', pat.rgOut, c.file],
          shown: `rg -i -c ${rgDirArgs.map((a) => a + ' ').join('')}-f bench/data/patterns.rg ${rel(c.file)}`,
          stdout: out('rg', 'txt'),
          stderr: out('rg', 'stderr'),
          okExit: [0, 1],
          result: count('rg'),
        },
        {
          id: 'rgF',
          tool: 'ripgrep -F',
          what: "line count of the catalogue's literals (-F -i -c)",
          cmd: 'rg',
          args: ['-F', '-i', '-c', '--no-config', ...rgDirArgs, '-f', pat.literalsOut, c.file],
          shown: `rg -F -i -c ${rgDirArgs.map((a) => a + ' ').join('')}-f bench/data/patterns.literals ${rel(c.file)}`,
          stdout: out('rgF', 'txt'),
          stderr: out('rgF', 'stderr'),
          okExit: [0, 1],
          result: count('rgF'),
        },
      );
    }
    return tasks;
  };

  // Startup cost of the CLI (node + catalogue compile) on an empty input.
  const empty = join(dataDir, 'empty.log');
  writeFileSync(empty, '');
  const startup = [];
  for (let r = 0; r < Math.min(o.runs, 3); r++)
    startup.push(
      (
        await measure(tools, cli, ['diagnose', empty, '--format', 'json', '-o', join(dataDir, 'out-empty.json')], {
          stdout: join(dataDir, 'out-empty.stdout'),
          stderr: join(dataDir, 'out-empty.stderr'),
        })
      ).wall,
    );

  for (const c of corpora) {
    c.bytes = sizeOf(c.file);
    c.sizeMiB = c.bytes / MiB;
    c.tasks = tasksFor(c);
    console.error(`corpus: ${rel(c.file)} (${fmt(c.sizeMiB)} MiB); warming the page cache...`);
    await warm(c.file);
    const samples = new Map(c.tasks.map((t) => [t.id, []]));
    for (let r = 1; r <= o.runs; r++) {
      for (const t of c.tasks) {
        process.stderr.write(`${c.id} run ${r}/${o.runs}: ${t.tool}... `);
        const m = await measure(tools, t.cmd, t.args, t);
        const ok = (t.okExit ?? [0, 1]).includes(m.exit);
        process.stderr.write(`${fmt(m.wall, 2)} s, ${fmt(m.rssMiB)} MiB${ok ? '' : ` (exit ${m.exit}: see ${rel(t.stderr)})`}\n`);
        if (!ok) {
          console.error(readFileSync(t.stderr, 'utf8').slice(-2000));
          process.exit(1);
        }
        samples.get(t.id).push(m);
      }
    }
    c.samples = samples;
    c.rows = c.tasks.map((t) => {
      const s = samples.get(t.id);
      const wall = median(s.map((x) => x.wall));
      const rss = s.every((x) => x.rssMiB !== undefined) ? Math.max(...s.map((x) => x.rssMiB)) : undefined;
      const cpu = s.every((x) => x.cpu !== undefined) ? median(s.map((x) => x.cpu)) : undefined;
      return { ...t, wall, cpu, min: Math.min(...s.map((x) => x.wall)), max: Math.max(...s.map((x) => x.wall)), mibs: c.sizeMiB / wall, rss, res: t.result() };
    });
    // Any thread count must give the same report, byte for byte.
    const [many, one] = ['cli', 'cli1'].map((id) => c.rows.find((r) => r.id === id)?.res);
    c.sameReport = many && one ? many.report === one.report : undefined;
    if (c.sameReport === false) {
      console.error(`${c.id}: the report with ${availableParallelism()} threads differs from -j 1's: see bench/data/out-${c.id}-cli*.json`);
      process.exit(1);
    }
    for (const r of c.rows) delete r.res.report;
  }
  const load1 = loadavg();

  // Optional CPU profile of one CLI run on the first corpus.
  let profile;
  if (o.profile) {
    const dir = join(dataDir, 'profile');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    process.stderr.write('profiling one CLI run (node --cpu-prof)... ');
    await measure(
      {},
      process.execPath,
      ['--cpu-prof', '--cpu-prof-dir', dir, cli, 'diagnose', corpora[0].file, '--format', 'json', '-o', join(dataDir, 'out-cli-prof.json')],
      { stdout: join(dataDir, 'out-prof.stdout'), stderr: join(dataDir, 'out-prof.stderr') },
    );
    const prof = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (prof) {
      profile = summariseProfile(join(dir, prof), 25);
      const src = sourceOf(join(dirname(cli), 'cli-main.js.map'));
      const bySrc = new Map();
      for (const row of profile.all) {
        const m = /\(cli-main\.js:(\d+)\)$/.exec(row.fn);
        if (m) row.src = src(Number(m[1]));
        const key = row.src
          ? row.src.replace(/^node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, 'node_modules/$1')
          : row.fn.startsWith('RegExp:')
            ? '(RegExp execution, all patterns)'
            : /^\(/.test(row.fn)
              ? row.fn.replace(/ \(.*$/, '')
              : '(node internals)';
        bySrc.set(key, (bySrc.get(key) ?? 0) + row.ms);
      }
      profile.bySource = [...bySrc.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 15)
        .map(([source, ms]) => ({ source, ms, pct: (ms / profile.totalMs) * 100 }));
      delete profile.all;
      process.stderr.write(`${join('bench/data/profile', prof)}\n`);
    }
  }

  // Report.
  const mach = machine(tools, o.grepLocale);
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const L = [];
  L.push(`# Postmortem Lens benchmark`, '');
  L.push(`${now}. Median of ${o.runs} run${o.runs === 1 ? '' : 's'} per tool, the tools taking turns within each run, page cache warm.`, '');
  for (const c of corpora) {
    const meta = c.meta;
    L.push(
      `## ${c.name}: \`${rel(c.file)}\`, ${fmt(c.sizeMiB)} MiB${meta ? `, ${meta.lines.toLocaleString('en-US')} lines, ${meta.failureLines} injected failure records (${((meta.failureLines / meta.lines) * 100).toFixed(3)}%), seed ${meta.seed}` : ''}`,
      '',
    );
    L.push('| Tool | What it does | Median wall (s) | MiB/s | CPU user+sys (s) | Peak RSS (MiB) | Findings / matches |');
    L.push('|---|---|---:|---:|---:|---:|---|');
    for (const r of c.rows)
      L.push(
        `| ${r.tool} | ${r.what} | ${fmt(r.wall, 2)}${o.runs > 1 ? ` (${fmt(r.min, 2)}-${fmt(r.max, 2)})` : ''} | ${fmt(r.mibs)} | ${fmt(r.cpu, 2)} | ${fmt(r.rss)} | ${r.res.text} |`,
      );
    if (c.sameReport) L.push('', `The reports of ${availableParallelism()} threads and of one are byte-identical.`);
    L.push('');
  }
  L.push(
    `CLI startup on an empty file (node + catalogue compile): ${fmt(median(startup), 2)} s. Catalogue: ${ps.signatures} signatures, ${ps.rules} match rules, ${ps.steps} steps -> ${ps.patterns} grep patterns (${ps.duplicates} duplicates dropped, ${ps.skipped} skipped as not convertible to ERE; grep cannot apply ${ps.approximations.whereConditions} WHERE conditions, the exclude rules of ${ps.approximations.signaturesWithExclude} signatures, ${ps.approximations.multiStepRules} multi-step rules or the kind restrictions of ${ps.approximations.kindRestrictedSignatures} signatures) and ${ps.literals} literals.`,
    '',
  );
  L.push('Commands:', '');
  for (const r of corpora[0].rows) L.push(`- \`${r.shown}\``);
  L.push('');
  L.push('Machine:', '');
  L.push(`- CPU: ${mach.model}, nproc ${mach.nproc}, ${mach.memGiB} GiB RAM, ${mach.kernel}`);
  L.push(`- node ${mach.node}; ${mach.grep}; ${mach.rg}; peak RSS via ${mach.time}`);
  L.push(
    `- load average (1/5/15 min) before: ${load0.map((x) => x.toFixed(2)).join(' ')}, after: ${load1.map((x) => x.toFixed(2)).join(' ')}; locale ${mach.locale}`,
  );
  if (notes.length) {
    L.push('', 'Notes:', '');
    for (const n of notes) L.push(`- ${n}`);
  }
  for (const c of corpora) {
    const cliRow = c.rows.find((r) => r.id === 'cli');
    if (cliRow?.res.findings?.length) L.push('', `Findings of the CLI (${c.id}):`, '', cliRow.res.findings.map(([id, n]) => `${id} x${n}`).join(', '));
  }
  if (profile) {
    L.push(
      '',
      `CPU profile of one CLI run on the ${corpora[0].id} corpus (self time, top ${profile.rows.length} of ${fmt(profile.totalMs / 1000, 1)} s sampled):`,
      '',
    );
    L.push('| Self ms | % | Function | Source |', '|---:|---:|---|---|');
    for (const r of profile.rows) L.push(`| ${fmt(r.ms, 0)} | ${fmt(r.pct)} | \`${r.fn.replace(/\|/g, '\\|')}\` | ${r.src ?? ''} |`);
    L.push('', 'Self time by source file (dependencies grouped by package):', '', '| Self ms | % | Source |', '|---:|---:|---|');
    for (const r of profile.bySource) L.push(`| ${fmt(r.ms, 0)} | ${fmt(r.pct)} | ${r.source} |`);
  }
  const md = L.join('\n') + '\n';
  mkdirSync(dirname(o.out), { recursive: true });
  writeFileSync(o.out, md);
  const json = {
    date: now,
    runs: o.runs,
    machine: mach,
    load: { before: load0, after: load1 },
    startupSeconds: median(startup),
    patterns: ps,
    profile,
    corpora: corpora.map((c) => ({
      id: c.id,
      file: rel(c.file),
      bytes: c.bytes,
      meta: c.meta,
      rows: c.rows.map((r) => ({
        id: r.id,
        tool: r.tool,
        command: r.shown,
        medianSeconds: r.wall,
        samples: c.samples.get(r.id),
        mibPerSecond: r.mibs,
        peakRssMiB: r.rss,
        result: r.res,
      })),
    })),
  };
  writeFileSync(o.out.replace(/\.md$/, '') + '.json', JSON.stringify(json, null, 2) + '\n');
  process.stdout.write('\n' + md);
  console.error(`\nwritten to ${rel(o.out)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
