#!/usr/bin/env node
/**
 * Benchmark: `diagnose --cluster --events` against a server that ignores `limit` and sends N events
 * in one page (issue 8: 100,000 events were all kept). Measures the CLI as users run it (through its
 * shebang, so with its heap flags): wall time, peak RSS, exit code, and the events table's rows.
 *
 *   npm run build && node bench/clusterEvents.mjs                 # 100,000 events, 3 runs
 *   node bench/clusterEvents.mjs --events 20000 --runs 1 --cli /other/dist/cli.js
 *
 * The server is plain HTTP on 127.0.0.1 (kubeconfig with insecure-skip-tls-verify); each event is
 * an events.k8s.io/v1 Event of realistic size (~450 bytes of JSON). Peak RSS is
 * `/usr/bin/time -v`'s "Maximum resident set size".
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const o = { events: 100_000, runs: 3, cli: resolve(here, '..', 'dist', 'cli.js') };
for (let i = 2; i < process.argv.length; i += 2) {
  const [k, v] = [process.argv[i], process.argv[i + 1]];
  if (k === '--events') o.events = Number(v);
  else if (k === '--runs') o.runs = Number(v);
  else if (k === '--cli') o.cli = resolve(v);
  else throw new Error(`unknown option ${k}`);
}

const start = Date.parse('2024-11-14T09:00:00Z');
const items = Array.from({ length: o.events }, (_, i) => {
  const at = new Date(start + (o.events - i) * 1000).toISOString();
  return {
    metadata: {
      name: `payments-api-6d8f7b9c5d-t5wzx.${(0x17f000000 + i).toString(16)}`,
      namespace: 'ci',
      uid: `0b1c2d3e-${String(i).padStart(4, '0')}-4a5b-8c9d-0e1f2a3b4c5d`,
      resourceVersion: String(100000 + i),
      creationTimestamp: at,
    },
    regarding: {
      kind: 'Pod',
      namespace: 'ci',
      name: 'payments-api-6d8f7b9c5d-t5wzx',
      uid: '7c1e7a52-3b0f-4c7e-9d61-2b8f0c6a1e11',
      apiVersion: 'v1',
      fieldPath: 'spec.containers{api}',
    },
    reason: 'BackOff',
    note: `Back-off restarting failed container api in pod payments-api-6d8f7b9c5d-t5wzx_ci (attempt ${i})`,
    type: 'Warning',
    reportingController: 'kubelet',
    reportingInstance: 'aks-nodepool1-2',
    deprecatedSource: { component: 'kubelet', host: 'aks-nodepool1-2' },
    deprecatedFirstTimestamp: at,
    deprecatedLastTimestamp: at,
    deprecatedCount: 1,
  };
});
const body = JSON.stringify({ kind: 'EventList', apiVersion: 'events.k8s.io/v1', metadata: { resourceVersion: '1' }, items });
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(req.url.includes('/events') ? body : '{"items":[]}');
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const dir = mkdtempSync(join(tmpdir(), 'pml-bench-'));
const kubeconfig = join(dir, 'kubeconfig');
writeFileSync(
  kubeconfig,
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'c',
    clusters: [{ name: 'c', cluster: { server: `http://127.0.0.1:${server.address().port}`, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'u', user: { token: 'bench-token-0123456789' } }],
    contexts: [{ name: 'c', context: { cluster: 'c', user: 'u', namespace: 'ci' } }],
  }),
);

console.log(`${o.events} events in one page: ${(body.length / 1024 / 1024).toFixed(1)} MiB of JSON; CLI ${o.cli}`);
for (let run = 1; run <= o.runs; run++) {
  const out = join(dir, `out-${run}.json`);
  const t0 = process.hrtime.bigint();
  const child = spawn('/usr/bin/time', ['-v', o.cli, 'diagnose', '--cluster', '--kubeconfig', kubeconfig, '--events', '--format', 'json', '-o', out], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => {
    err += d;
  });
  const [code] = await once(child, 'close');
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(err)?.[1] ?? NaN) / 1024;
  const exit = Number(/Exit status: (\d+)/.exec(err)?.[1] ?? code);
  let rows = 'n/a';
  try {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    rows = String(report.inputs?.[0]?.lines ?? report.inputs?.length);
  } catch {
    /* no report: the run failed */
  }
  const notice =
    err.split('\n').find((l) => /cluster: (warning: )?events in ci: /.test(l)) ?? err.split('\n').find((l) => /FATAL|heap|internal error/i.test(l)) ?? '';
  console.log(
    `run ${run}: exit ${exit}, ${(ms / 1000).toFixed(2)} s, peak RSS ${rss.toFixed(0)} MiB, table lines ${rows}${notice ? `\n  ${notice.trim().slice(0, 240)}` : ''}`,
  );
}
server.close();
