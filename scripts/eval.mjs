#!/usr/bin/env node
// Measures the engine against a directory of real log excerpts with a manifest.json
// ([{file, expected: [ids], format?}]): recall per signature id, false positives on the negatives
// (expected: []), and findings beyond what the manifest expects. Usage:
//   npm run eval -- DIR [--json] [--verbose]
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const core = require('../dist/core.js');
const { loadCatalogue } = require('./evalCatalogue.cjs');

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
if (!dir) {
  console.error('usage: npm run eval -- DIR [--json] [--verbose]   (DIR holds manifest.json)');
  process.exit(2);
}
let manifest;
try {
  manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
} catch (err) {
  console.error(`cannot read ${join(dir, 'manifest.json')}: ${err.message}`);
  process.exit(2);
}
const catalogue = loadCatalogue(core, resolve(new URL('..', import.meta.url).pathname, 'patterns'));
const perId = new Map();
const tally = (id) => perId.get(id) ?? perId.set(id, { expected: 0, found: 0, missedIn: [] }).get(id);
let negatives = 0, falsePositives = 0, extra = 0;
const rows = [];
for (const c of manifest) {
  const path = join(dir, c.file);
  const text = readFileSync(path, 'utf8');
  const year = statSync(path).mtime.getUTCFullYear();
  const d = core.diagnoseTexts(catalogue, [{ name: c.file, text }], { defaultYear: year });
  const found = new Set(d.findings.map((f) => f.signatureId));
  const expected = new Set(c.expected);
  for (const id of expected) {
    const t = tally(id);
    t.expected++;
    if (found.has(id)) t.found++; else t.missedIn.push(c.file);
  }
  const unexpected = [...found].filter((id) => !expected.has(id));
  if (expected.size === 0) { negatives++; if (found.size) falsePositives++; }
  else extra += unexpected.length;
  rows.push({ file: c.file, expected: [...expected], found: [...found], missing: [...expected].filter((id) => !found.has(id)), unexpected, top: d.rootCauses[0]?.signatureId ?? null });
}
const totalExpected = [...perId.values()].reduce((n, t) => n + t.expected, 0);
const totalFound = [...perId.values()].reduce((n, t) => n + t.found, 0);
const result = {
  cases: manifest.length,
  recall: totalExpected ? totalFound / totalExpected : 1,
  perId: Object.fromEntries([...perId.entries()].sort().map(([id, t]) => [id, { ...t, recall: t.found / t.expected }])),
  negatives, falsePositives, extraFindingsOnPositives: extra, rows,
};
if (args.includes('--json')) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(`cases: ${result.cases}   recall: ${(result.recall * 100).toFixed(1)}% (${totalFound}/${totalExpected})   false positives on negatives: ${falsePositives}/${negatives}   extra findings on positives: ${extra}`);
  console.log('\n| signature | recall | found/expected |\n|---|---|---|');
  for (const [id, t] of Object.entries(result.perId)) console.log(`| ${id} | ${(t.recall * 100).toFixed(0)}% | ${t.found}/${t.expected} |`);
  if (args.includes('--verbose')) {
    console.log('');
    for (const r of rows) if (r.missing.length || r.unexpected.length) console.log(`${r.file}: missing [${r.missing.join(', ')}] unexpected [${r.unexpected.join(', ')}]`);
  }
}
