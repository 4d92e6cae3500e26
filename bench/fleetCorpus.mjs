#!/usr/bin/env node
/**
 * The fleet corpus in chDB (embedded ClickHouse): an `otel_logs` table of the OpenTelemetry exporter's
 * shape filled with a fleet's journals and CI consoles (bench/generate/fleet.mjs), streamed in as TSV
 * through chDB's back-pressured insert (1 MiB pieces, 64 MiB per INSERT), so Node never holds more
 * than a few MiB of it. Built once per parameter set in a folder of its own under bench/data/fleet/
 * (git-ignored), named by the parameters and a hash of the generator's sources; `meta.json` is
 * written last, so a folder without it is an interrupted build and is built again.
 *
 *   nice -n 19 node bench/fleetCorpus.mjs --size 2048 [--nodes 300] [--seed 42]   # prints the folder
 *
 * bench/fleet.mjs runs it (with nice) when the folder is missing.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { require as tsRequire } from 'tsx/cjs/api';
import { createFleet } from './generate/fleet.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const MiB = 1024 * 1024;
/** The test helpers that load chDB and hold the exporter's DDL (TypeScript, loaded through tsx). */
export const chdbSession = () => tsRequire('../test/unit/logstores/chdb.ts', import.meta.url).chdbSession();
export const OTEL_LOGS_DDL = (table) => tsRequire('../test/unit/logstores/chdbTable.ts', import.meta.url).OTEL_LOGS_DDL(table);
export const TABLE = 'otel_logs';

/** The folder of a parameter set: its name says the parameters, the hash the generator's version. */
export function corpusDir({ size, nodes, seed }) {
  const h = createHash('sha256');
  for (const f of [
    ...readdirSync(join(here, 'generate'))
      .sort()
      .map((f) => join(here, 'generate', f)),
    fileURLToPath(import.meta.url),
    join(here, '..', 'test', 'unit', 'logstores', 'chdbTable.ts'),
  ])
    h.update(readFileSync(f));
  h.update(JSON.stringify({ size, nodes, seed }));
  return join(here, 'data', 'fleet', `${size}m-${nodes}n-s${seed}-${h.digest('hex').slice(0, 10)}`);
}

/** A built corpus's meta, or undefined when it is missing or incomplete. */
export function builtMeta(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** ClickHouse's TSV escaping of one field. */
const tsv = (s) => s.replace(/[\\\t\n]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : '\\n'));
/** A Map(String, String) value in TSV (keys and values are names without quotes or backslashes). */
const map = (o) =>
  `{${Object.entries(o)
    .filter(([, v]) => v)
    .map(([k, v]) => `'${k}':'${v}'`)
    .join(',')}}`;
const pad = (n, w) => String(n).padStart(w, '0');
/** DateTime64(9) text of a time in microseconds. */
function stamp(us) {
  const d = new Date(Math.floor(us / 1000));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(us % 1_000_000, 6)}000`;
}

/** Build the corpus into `dir` (removed first). Resolves to the meta written. */
export async function buildCorpus({ size, nodes, seed, dir, quiet = false }) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const targetBytes = Math.floor(size * MiB);
  const fleet = createFleet({ seed, nodes, targetBytes });
  const t0 = process.hrtime.bigint();
  let bodyBytes = 0;
  let first, last;
  let lastReport = 0;
  async function* pieces() {
    while (bodyBytes < targetBytes) {
      const lines = [];
      let n = 0;
      while (n < MiB && bodyBytes < targetBytes) {
        const r = fleet.next();
        first ??= r.us;
        last = r.us;
        bodyBytes += r.body.length + 1; // ASCII only
        fleet.progress(bodyBytes);
        const line = `${stamp(r.us)}\t${r.service}\t${tsv(r.body)}\t${map({ 'host.name': r.host, 'k8s.node.name': r.node, 'k8s.pod.name': r.pod, 'k8s.namespace.name': r.service === 'jenkins' ? 'ci' : '' })}\n`;
        lines.push(line);
        n += line.length;
      }
      if (!quiet && bodyBytes - lastReport > 64 * MiB) {
        lastReport = bodyBytes;
        process.stderr.write(`\rfleet corpus: ${Math.floor((bodyBytes / targetBytes) * 100)}%`);
      }
      yield lines.join('');
    }
  }
  const session = new (chdbSession())(join(dir, 'chdb'));
  try {
    session.query(OTEL_LOGS_DDL(TABLE));
    const ins = await session.insert({
      table: TABLE,
      values: pieces(),
      format: 'TSV',
      columns: ['Timestamp', 'ServiceName', 'Body', 'ResourceAttributes'],
      maxChunkBytes: 64 * MiB,
    });
    const parts = JSON.parse(
      session.query(
        `SELECT toString(sum(rows)) AS rows, toString(sum(data_compressed_bytes)) AS compressed, toString(sum(data_uncompressed_bytes)) AS uncompressed, toString(count()) AS parts FROM system.parts WHERE table = '${TABLE}' AND active`,
        'JSONEachRow',
      ),
    );
    const meta = {
      size,
      nodes,
      seed,
      table: TABLE,
      bodyBytes,
      rows: fleet.stats.rows,
      inserted: ins.rowsWritten,
      tableRows: Number(parts.rows),
      compressedBytes: Number(parts.compressed),
      uncompressedBytes: Number(parts.uncompressed),
      parts: Number(parts.parts),
      firstUs: first,
      lastUs: last,
      ...fleet.stats,
      seconds: Number(process.hrtime.bigint() - t0) / 1e9,
    };
    if (meta.tableRows !== meta.rows) throw new Error(`the table holds ${meta.tableRows} rows, ${meta.rows} were generated`);
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
    if (!quiet)
      process.stderr.write(
        `\rfleet corpus: ${(bodyBytes / MiB).toFixed(0)} MiB of bodies, ${meta.rows.toLocaleString('en-US')} rows, ${(meta.compressedBytes / MiB).toFixed(0)} MiB in chDB, ${meta.seconds.toFixed(0)} s\n`,
      );
    return meta;
  } finally {
    session.close();
  }
}

/** `--size MiB --nodes N --seed N` as numbers. */
export function parseCorpusArgs(argv, o = { size: 2048, nodes: 300, seed: 42 }, extra = () => false) {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    if (a === '--size') o.size = Number(v());
    else if (a === '--nodes') o.nodes = Number(v());
    else if (a === '--seed') o.seed = Number(v());
    else if (a === '-h' || a === '--help') o.help = true;
    else if (!extra(a, v)) throw new Error(`unknown argument ${a}`);
  }
  if (!(o.size > 0)) throw new Error('--size must be a positive number of MiB');
  if (!Number.isInteger(o.nodes) || o.nodes < 1) throw new Error('--nodes must be a positive integer');
  if (!Number.isInteger(o.seed)) throw new Error('--seed must be an integer');
  return o;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let o;
  try {
    o = parseCorpusArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`fleetCorpus.mjs: ${e.message}`);
    process.exit(2);
  }
  if (o.help) {
    console.log('usage: node bench/fleetCorpus.mjs [--size MiB] [--nodes N] [--seed N]');
    process.exit(0);
  }
  const dir = corpusDir(o);
  if (!builtMeta(dir) || !existsSync(join(dir, 'chdb'))) await buildCorpus({ ...o, dir });
  console.log(dir);
}
