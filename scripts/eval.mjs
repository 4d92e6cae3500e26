#!/usr/bin/env node
// Measures the engine against a directory of real log excerpts with a manifest.json
// ([{file, expected: [ids], split?, unknown?, format?}]): recall per signature id, precision on the
// failure excerpts, false positives on the healthy excerpts (expected: [] and no `unknown`), findings
// beyond what the manifest expects, how many failure excerpts are named in full, and the failures no
// signature covers (`unknown`: a description, expected: []). With `split` in the manifest the numbers
// are printed for every split too; --split NAME measures that split alone. Usage:
//   npm run eval -- DIR [--split dev|holdout] [--json] [--verbose]
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const core = require('../dist/core.js');
const { loadCatalogue } = require('./evalCatalogue.cjs');

const USAGE = 'usage: npm run eval -- DIR [--split NAME] [--json] [--verbose]   (DIR holds manifest.json)';
const args = process.argv.slice(2);
const splitAt = args.indexOf('--split');
const onlySplit = splitAt >= 0 ? args[splitAt + 1] : undefined;
if (splitAt >= 0 && (!onlySplit || onlySplit.startsWith('--'))) {
  console.error(`--split needs a name (dev or holdout)\n${USAGE}`);
  process.exit(2);
}
const dir = args.find((a, i) => !a.startsWith('--') && (splitAt < 0 || i !== splitAt + 1));
if (!dir) {
  console.error(USAGE);
  process.exit(2);
}
let manifest;
try {
  manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
} catch (err) {
  console.error(`cannot read ${join(dir, 'manifest.json')}: ${err.message}`);
  process.exit(2);
}
if (onlySplit) {
  manifest = manifest.filter((c) => c.split === onlySplit);
  if (manifest.length === 0) {
    console.error(`no case in ${join(dir, 'manifest.json')} has split "${onlySplit}"`);
    process.exit(2);
  }
}
const catalogue = loadCatalogue(core, resolve(new URL('..', import.meta.url).pathname, 'patterns'));

/** One case diagnosed: what the manifest expects beside what the engine found. */
function runCase(c) {
  const path = join(dir, c.file);
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    console.error(`cannot read ${path} (listed in manifest.json): ${err.message}`);
    process.exit(2);
  }
  const year = statSync(path).mtime.getUTCFullYear();
  const d = core.diagnoseTexts(catalogue, [{ name: c.file, text }], { defaultYear: year });
  const found = new Set(d.findings.map((f) => f.signatureId));
  const expected = new Set(c.expected);
  return {
    file: c.file,
    split: c.split ?? null,
    unknown: c.unknown ?? null,
    expected: [...expected],
    found: [...found],
    missing: [...expected].filter((id) => !found.has(id)),
    unexpected: [...found].filter((id) => !expected.has(id)),
    top: d.rootCauses[0]?.signatureId ?? null,
  };
}

/** The numbers over a set of diagnosed cases. */
function measure(rows) {
  const perId = new Map();
  const tally = (id) => perId.get(id) ?? perId.set(id, { expected: 0, found: 0, missedIn: [] }).get(id);
  let negatives = 0,
    falsePositives = 0,
    extra = 0,
    positives = 0,
    named = 0,
    unknown = 0,
    unknownWithFinding = 0;
  for (const r of rows) {
    for (const id of r.expected) {
      const t = tally(id);
      t.expected++;
      if (r.found.includes(id)) t.found++;
      else t.missedIn.push(r.file);
    }
    if (r.unknown) {
      unknown++;
      if (r.found.length) unknownWithFinding++;
    } else if (r.expected.length === 0) {
      negatives++;
      if (r.found.length) falsePositives++;
    } else {
      positives++;
      extra += r.unexpected.length;
      if (r.missing.length === 0) named++;
    }
  }
  const totalExpected = [...perId.values()].reduce((n, t) => n + t.expected, 0);
  const totalFound = [...perId.values()].reduce((n, t) => n + t.found, 0);
  const failures = positives + unknown;
  return {
    cases: rows.length,
    recall: totalExpected ? totalFound / totalExpected : 1,
    foundExpected: totalFound,
    expected: totalExpected,
    // found-and-expected over everything found on the failure excerpts a signature covers
    precision: totalFound + extra ? totalFound / (totalFound + extra) : 1,
    perId: Object.fromEntries([...perId.entries()].sort().map(([id, t]) => [id, { ...t, recall: t.found / t.expected }])),
    negatives,
    falsePositives,
    extraFindingsOnPositives: extra,
    // a failure excerpt is named when every expected id is found; one no signature covers is not
    failures,
    failuresNamed: named,
    failuresNamedShare: failures ? named / failures : 1,
    signaturesNamed: [...perId.values()].filter((t) => t.found > 0).length,
    failuresWithNoSignature: unknown,
    unknownWithFinding,
  };
}

const pct = (x) => `${(x * 100).toFixed(1)}%`;
function lines(m, label) {
  const head = label ? `[${label}] ` : '';
  return [
    `${head}cases: ${m.cases}   recall: ${pct(m.recall)} (${m.foundExpected}/${m.expected})   false positives on negatives: ${m.falsePositives}/${m.negatives}   extra findings on positives: ${m.extraFindingsOnPositives}`,
    `${head}precision: ${pct(m.precision)} (${m.foundExpected}/${m.foundExpected + m.extraFindingsOnPositives})   failures named: ${m.failuresNamed}/${m.failures} (${pct(m.failuresNamedShare)}) across ${m.signaturesNamed} signatures   failures with no signature: ${m.failuresWithNoSignature} (${m.unknownWithFinding} raised a finding)`,
  ];
}

const rows = manifest.map(runCase);
const result = { ...measure(rows), rows };
const splits = [...new Set(rows.map((r) => r.split).filter((s) => s !== null))].sort();
if (!onlySplit && splits.length) result.splits = Object.fromEntries(splits.map((s) => [s, measure(rows.filter((r) => r.split === s))]));

if (args.includes('--json')) {
  console.log(JSON.stringify(result, null, 2));
} else {
  for (const l of lines(result, onlySplit)) console.log(l);
  for (const s of Object.keys(result.splits ?? {})) for (const l of lines(result.splits[s], s)) console.log(l);
  console.log('\n| signature | recall | found/expected |\n|---|---|---|');
  for (const [id, t] of Object.entries(result.perId)) console.log(`| ${id} | ${(t.recall * 100).toFixed(0)}% | ${t.found}/${t.expected} |`);
  if (args.includes('--verbose')) {
    console.log('');
    for (const r of rows) {
      const tag = r.split ? ` (${r.split})` : '';
      if (r.missing.length || r.unexpected.length) console.log(`${r.file}${tag}: missing [${r.missing.join(', ')}] unexpected [${r.unexpected.join(', ')}]`);
      if (r.unknown) console.log(`${r.file}${tag}: no signature (${r.unknown})${r.found.length ? `; found [${r.found.join(', ')}]` : ''}`);
    }
  }
}
