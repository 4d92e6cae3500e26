#!/usr/bin/env node
/**
 * Which of the catalogue's pushed-down literals select the most rows of a fleet corpus (bench/fleet.mjs
 * builds it): a sample of the table's bodies (one row in `--every`, by a hash of the body), scanned with
 * the engine's own prefilter (the store filters select the same lines: test/unit/logstores/pushdown.test.ts).
 * Per literal: rows holding it, and the signatures whose steps it selects for.
 *
 *   node bench/fleetLiterals.mjs --size 256 [--nodes 300] [--seed 42] [--every 8] [--top 30]
 */
import { join } from 'node:path';
import { require as tsRequire } from 'tsx/cjs/api';
import { builtMeta, chdbSession, corpusDir, parseCorpusArgs, TABLE } from './fleetCorpus.mjs';

const extra = { every: 8, top: 30 };
const o = parseCorpusArgs(process.argv.slice(2), undefined, (k, v) => (k === '--every' || k === '--top' ? ((extra[k.slice(2)] = Number(v())), true) : false));
const dir = corpusDir(o);
if (!builtMeta(dir)) throw new Error(`no corpus in ${dir}: run bench/fleet.mjs with the same --size/--nodes/--seed first`);
const { shippedCatalogue } = tsRequire('../test/unit/shippedCatalogue.ts', import.meta.url);
const { pushdownFilter } = tsRequire('../src/core/index.ts', import.meta.url);
const catalogue = shippedCatalogue();
const filter = pushdownFilter(catalogue);
const session = new (chdbSession())(join(dir, 'chdb'));
const bodies = session
  .query(`SELECT Body FROM ${TABLE} WHERE cityHash64(Body, Timestamp) % ${extra.every} = 0`, 'JSONEachRow')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l).Body);
session.close?.();
const hits = new Map();
let candidates = 0;
let errorOnly = 0;
for (const b of bodies) {
  const found = catalogue.prefilter.find(b);
  if (found.size === 0) continue;
  candidates++;
  if ([...found].every((id) => catalogue.literalSteps[id].length === 0)) errorOnly++;
  for (const id of found) hits.set(id, (hits.get(id) ?? 0) + 1);
}
const pct = (n) => `${((100 * n) / bodies.length).toFixed(2)}%`;
console.log(
  `${bodies.length.toLocaleString('en-US')} sampled rows (one in ${extra.every}); ${candidates.toLocaleString('en-US')} (${pct(candidates)}) hold a literal or an error word, ${errorOnly} (${pct(errorOnly)}) only error words`,
);
console.log(`${filter.literals.length} literals, ${filter.errorWords.length} error words that are not literals\n`);
console.log('| rows | share | literal | signatures (steps) |\n|---:|---:|---|---|');
for (const [id, n] of [...hits].sort((a, b) => b[1] - a[1]).slice(0, extra.top)) {
  const sigs = [...new Set(catalogue.literalSteps[id].map((r) => catalogue.signatures[r.sig].signature.id))];
  const shown = sigs.length > 4 ? `${sigs.slice(0, 4).join(', ')} +${sigs.length - 4}` : sigs.join(', ') || '(error word)';
  console.log(`| ${n.toLocaleString('en-US')} | ${pct(n)} | \`${catalogue.prefilter.literals[id]}\` | ${shown} |`);
}
