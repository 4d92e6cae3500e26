#!/usr/bin/env node
/**
 * The engine's side of typing in a large log, without an editor: IncrementalDocument on the 20 MB
 * log of bench/typing.mjs (bench/incidentLog.mjs). Measures the first analysis, then per edit (a
 * character typed, a line end typed, alternately, at lines spread over the document): the time to
 * apply the edit to the blocks, the time to diagnose again, how many blocks were read again, and the
 * longest slice of work between two pauses (the pause yields after 8 ms, as the extension does).
 *
 *   npm run build && node bench/incremental.mjs [--mb 20] [--edits 10]
 *
 * Uses dist/core.js (build first). Occurrences are kept as the engine keeps them (dist as built).
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { incidentLog } from './incidentLog.mjs';
import { loadCatalogue } from './patterns.mjs';

const require = createRequire(import.meta.url);
const core = require('../dist/core.js');
const { values: v } = parseArgs({ options: { mb: { type: 'string', default: '20' }, edits: { type: 'string', default: '10' } } });
const { catalogue } = loadCatalogue();
const lines = incidentLog(Math.round(Number(v.mb) * 1e6))
  .toString('utf8')
  .split('\n');

const cpuMs = (since) => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1000;
};
/**
 * Diagnose in slices as the extension does. A slice's work is at most its wall time and at most the
 * process's CPU time meanwhile (wall time also counts waiting for a CPU on a loaded machine; CPU time
 * also counts V8's helper threads): the smaller of the two is reported, an upper bound of the work.
 */
async function sliced(doc) {
  let longest = 0;
  let wallStart = performance.now();
  let cpuStart = process.cpuUsage();
  const t0 = performance.now();
  const d = await doc.diagnoseSliced(2024, () => {
    if (performance.now() - wallStart < 8) return undefined;
    longest = Math.max(longest, Math.min(performance.now() - wallStart, cpuMs(cpuStart)));
    return new Promise((r) =>
      setImmediate(() => {
        wallStart = performance.now();
        cpuStart = process.cpuUsage();
        r();
      }),
    );
  });
  longest = Math.max(longest, Math.min(performance.now() - wallStart, cpuMs(cpuStart)));
  return { d, ms: performance.now() - t0, longestCpu: longest };
}

const doc = new core.IncrementalDocument(catalogue, 'incident.log');
doc.setLines(lines);
const first = await sliced(doc);
const occ = first.d.findings.reduce((n, f) => n + f.count, 0);
console.log(`${lines.length} lines, ${doc.lastStats.blocks} blocks; ${first.d.findings.length} findings, ${occ} occurrences`);
console.log(`first analysis: ${first.ms.toFixed(0)} ms wall, longest slice ${first.longestCpu.toFixed(1)} ms busy`);
const rows = [];
for (let i = 0; i < Number(v.edits); i++) {
  const line = Math.floor(lines.length * (0.1 + 0.8 * (i / Math.max(1, Number(v.edits) - 1))));
  const t = performance.now();
  doc.applyEdit({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: i % 2 ? '\n' : 'x' });
  const applyMs = performance.now() - t;
  const r = await sliced(doc);
  rows.push({ applyMs, ms: r.ms, longestCpu: r.longestCpu, reread: doc.lastStats.blocks - doc.lastStats.reused });
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs) => Math.max(...xs);
console.log(
  `per edit (${rows.length}): apply median ${med(rows.map((r) => r.applyMs)).toFixed(1)} ms (max ${max(rows.map((r) => r.applyMs)).toFixed(1)}), ` +
    `diagnose median ${med(rows.map((r) => r.ms)).toFixed(0)} ms wall (max ${max(rows.map((r) => r.ms)).toFixed(0)}), ` +
    `longest slice ${max(rows.map((r) => r.longestCpu)).toFixed(1)} ms busy, blocks re-read median ${med(rows.map((r) => r.reread))} (max ${max(rows.map((r) => r.reread))})`,
);
