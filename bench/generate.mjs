#!/usr/bin/env node
/**
 * Deterministic generator of a large mixed incident corpus for the benchmark.
 *
 *   node bench/generate.mjs --size 1024 --out bench/data/mixed-1g.log [--seed 42] [--failure-rate 0.001]
 *
 * The corpus is what a real incident bundle looks like once its files are concatenated: blocks of
 * kubelet/apiserver klog files, `journalctl` excerpts (kubelet, dockerd and containerd logrus lines,
 * kernel, systemd), `dmesg -T`, Jenkins consoles (timestamper prefix, [Pipeline] steps, build tool
 * output), docker json-file and CRI container logs (application lines inside), `kubectl describe` /
 * `kubectl get` outputs, helm/tiller output and syslog. About 0.1% of the lines (--failure-rate) are
 * failure lines with real-world wordings (eviction, PLEG, conntrack, DNS, dial timeouts, OOMKilled,
 * image pulls, x509, ...); the rest is routine noise with varied words, ids, IPs and timestamps,
 * including the benign "error"/"timeout"/"failed=0" words real logs are full of.
 *
 * Same seed + size => byte-identical file. Only ASCII is written. Memory is bounded (1 MiB chunks,
 * back-pressure honoured). The file is written to OUT.partial and renamed when complete; a sidecar
 * OUT.meta.json records the seed, size, line counts per block kind and the injected failure lines.
 *
 * The writers live in bench/generate/: the seeded PRNG (rng.mjs), the vocabulary, names and clock
 * every writer draws from (world.mjs), one module per kind of log (app, klog, units, jenkins, kubectl,
 * helm, syslog) and the blocks and their mix (blocks.mjs).
 */
import { createWriteStream, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createGenerator } from './generate/blocks.mjs';

export { createGenerator };

/** Generate `sizeMiB` of corpus into `out`. Resolves to the stats written to OUT.meta.json. */
export async function generate({ sizeMiB, out, seed = 42, failureRate = 0.001, quiet = false }) {
  const target = Math.floor(sizeMiB * 1024 * 1024);
  mkdirSync(dirname(resolve(out)), { recursive: true });
  const partial = `${out}.partial`;
  const ws = createWriteStream(partial, { highWaterMark: 4 * 1024 * 1024 });
  const nextBlock = createGenerator(seed, failureRate);
  const stats = { seed, sizeMiB, failureRate, bytes: 0, lines: 0, failureLines: 0, blocks: 0, kinds: {} };
  let buf = [];
  let bufLen = 0;
  let written = 0;
  const t0 = process.hrtime.bigint();
  let lastReport = 0;
  const flush = async () => {
    if (!buf.length) return;
    const chunk = buf.join('\n') + '\n';
    buf = [];
    bufLen = 0;
    if (!ws.write(chunk)) await once(ws, 'drain');
  };
  outer: while (true) {
    const b = nextBlock();
    stats.blocks++;
    const k = (stats.kinds[b.kind] ??= { blocks: 0, lines: 0, failureLines: 0 });
    k.blocks++;
    k.failureLines += b.failures;
    stats.failureLines += b.failures;
    for (const line of b.lines) {
      buf.push(line);
      bufLen += line.length + 1; // ASCII only: length == bytes
      written += line.length + 1;
      k.lines++;
      stats.lines++;
      if (written >= target) break outer;
      if (bufLen >= 1 << 20) await flush();
    }
    if (!quiet && written - lastReport > 64 << 20) {
      lastReport = written;
      process.stderr.write(`\rgenerating ${out}: ${Math.floor((written / target) * 100)}%`);
    }
  }
  await flush();
  ws.end();
  await once(ws, 'close');
  renameSync(partial, out);
  stats.bytes = written;
  stats.seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  writeFileSync(`${out}.meta.json`, JSON.stringify(stats, null, 2) + '\n');
  if (!quiet)
    process.stderr.write(
      `\rgenerated ${out}: ${(written / 1048576).toFixed(1)} MiB, ${stats.lines} lines, ${stats.failureLines} failure lines (${((stats.failureLines / stats.lines) * 100).toFixed(3)}%), ${stats.seconds.toFixed(1)} s\n`,
    );
  return stats;
}

function parseArgs(argv) {
  const o = { size: 1024, out: undefined, seed: 42, failureRate: 0.001 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    if (a === '--size') o.size = Number(v());
    else if (a === '--out' || a === '-o') o.out = v();
    else if (a === '--seed') o.seed = Number(v());
    else if (a === '--failure-rate') o.failureRate = Number(v());
    else if (a === '--help' || a === '-h') {
      o.help = true;
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!(o.size > 0)) throw new Error('--size must be a positive number of MiB');
  o.out ??= `bench/data/mixed-${o.size >= 1024 && o.size % 1024 === 0 ? `${o.size / 1024}g` : `${o.size}m`}.log`;
  return o;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`generate.mjs: ${e.message}`);
    process.exit(2);
  }
  if (o.help) {
    console.log('usage: node bench/generate.mjs --size MiB [--out FILE] [--seed N] [--failure-rate 0.001]');
    process.exit(0);
  }
  await generate({ sizeMiB: o.size, out: o.out, seed: o.seed, failureRate: o.failureRate });
}
