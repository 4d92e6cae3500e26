#!/usr/bin/env node
/**
 * The fleet benchmark's baseline, first half: pull every line of the window from ClickHouse and keep
 * it as files, the way one would without pushdown. Same client (`@clickhouse/client`, response
 * compression on), same format (JSONEachRow) and same columns as `diagnose --clickhouse` fetches with,
 * in the same order (time); only the catalogue's filter is left out. Lines go to one file per source
 * (service and host), as `diagnose --clickhouse` makes one input per source, named so that the files
 * sort as its inputs do. Streamed: a few MiB per source buffered at most.
 *
 *   node bench/fleetPull.mjs --url http://127.0.0.1:PORT --since-ns N --until-ns N --out DIR [--where SQL]
 *
 * Prints a JSON line: rows, bytes of bodies, files.
 */
import { appendFileSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';

function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    if (a === '--url') o.url = v();
    else if (a === '--since-ns') o.since = v();
    else if (a === '--until-ns') o.until = v();
    else if (a === '--out') o.out = v();
    else if (a === '--where') o.where = v();
    else if (a === '--table') o.table = v();
    else throw new Error(`unknown argument ${a}`);
  }
  for (const k of ['url', 'since', 'until', 'out']) if (!o[k]) throw new Error(`--${k === 'since' || k === 'until' ? `${k}-ns` : k} is required`);
  return o;
}

/** A file name for a source that sorts as the source's name does (`service=S host=H`), and is a safe name. */
const fileOf = (source, i) => `${String(i).padStart(6, '0')}-${source.replace(/[^\w.=-]+/g, '_').slice(0, 120)}.log`;

async function main() {
  const o = parseArgs(process.argv.slice(2));
  rmSync(o.out, { recursive: true, force: true });
  mkdirSync(o.out, { recursive: true });
  const client = createClient({
    url: o.url,
    username: 'default',
    password: '',
    request_timeout: 3_600_000,
    compression: { response: true, request: false },
    application: 'postmortem-lens-bench',
    log: { level: ClickHouseLogLevel.OFF },
  });
  const where = [
    'Timestamp >= fromUnixTimestamp64Nano({since:Int64})',
    'Timestamp < fromUnixTimestamp64Nano({until:Int64})',
    ...(o.where ? [`(\n${o.where}\n)`] : []),
  ].join('\n  AND ');
  const query = `SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS t, ServiceName AS s, ResourceAttributes['host.name'] AS h, Body AS b\nFROM \`${o.table ?? 'otel_logs'}\`\nWHERE ${where}\nORDER BY Timestamp`;
  const rs = await client.query({ query, format: 'JSONEachRow', query_params: { since: o.since, until: o.until } });
  // Lines are buffered per source and appended when a buffer passes 64 KiB (a fleet has thousands of sources: one open file each would exceed the descriptor limit).
  const buffers = new Map();
  let rows = 0,
    bytes = 0;
  const flush = (b) => {
    if (b.parts.length) {
      appendFileSync(join(o.out, b.file), b.parts.join(''));
      b.parts = [];
      b.size = 0;
    }
  };
  const tmpNames = new Map();
  for await (const batch of rs.stream()) {
    for (const r of batch) {
      const { s, h, b: body } = r.json();
      const source = `service=${s || '(none)'}${h ? ` host=${h}` : ''}`;
      let buf = buffers.get(source);
      if (!buf) {
        buf = { file: `tmp-${buffers.size}.part`, parts: [], size: 0 };
        buffers.set(source, buf);
        tmpNames.set(source, buf.file);
      }
      const line = `${body.replace(/\r?\n$/, '')}\n`;
      buf.parts.push(line);
      buf.size += line.length;
      rows++;
      bytes += Buffer.byteLength(line);
      if (buf.size > 65536) flush(buf);
    }
  }
  for (const b of buffers.values()) flush(b);
  await client.close();
  // Name the files in the order of their sources' names, as diagnose --clickhouse orders its inputs.
  const sources = [...buffers.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  sources.forEach((src, i) => renameSync(join(o.out, tmpNames.get(src)), join(o.out, fileOf(src, i))));
  process.stdout.write(JSON.stringify({ rows, bytes, files: readdirSync(o.out).length }) + '\n');
}

// The error's message only: the client's errors carry the server's text, their stack says nothing more.
main().catch((e) => {
  console.error(`fleetPull.mjs: ${String(e.message).trim()}`);
  process.exit(1);
});
