/**
 * Computes every shipped signature's `status` from facts (src/core/catalogue/lifecycle.ts) and checks
 * that the files say it: examples (validate's check), the eval set eval/realworld (found where a case
 * is labelled with it; any other finding there is a false alarm) and the example incidents in examples/
 * (found where expected.json lists it; found where it lists it under notExpected, a false alarm).
 * Takes a few seconds; the unit suite runs the same check (test/unit/core/statusLifecycle.test.ts).
 *   npm run catalogue:status              the counts, and every file whose status is not the computed one
 *   npm run catalogue:status -- --write   also sets those files' status
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Catalogue, checkExamples, diagnoseTexts } from '../src/core';
import { signatureStatuses, type Evidence, type StatusVerdict } from '../src/core/catalogue/lifecycle';
import { builtinCatalogueDir, catalogueFiles } from '../src/node/loadCatalogue';

const ROOT = resolve(__dirname, '..');

interface EvalCase {
  file: string;
  expected: string[];
}
interface Incident {
  rootCause: string;
  alsoExpected?: string[];
  notExpected?: string[];
}

/** Every real excerpt of the repository diagnosed with `catalogue`. */
export function readEvidence(catalogue: Catalogue, root = ROOT): Evidence[] {
  const out: Evidence[] = [];
  const evalDir = join(root, 'eval', 'realworld');
  const cases = JSON.parse(readFileSync(join(evalDir, 'manifest.json'), 'utf8')) as EvalCase[];
  for (const c of cases) {
    const path = join(evalDir, c.file);
    // A fixed year for lines without one (scripts/eval.mjs takes the file's, which a checkout sets), so
    // the verdicts do not change with the day they are computed; a leap year, so a 29 February reads.
    const d = diagnoseTexts(catalogue, [{ name: c.file, text: readFileSync(path, 'utf8') }], { defaultYear: 2024 });
    out.push({ source: `eval/realworld/${c.file}`, found: d.findings.map((f) => f.signatureId), expected: c.expected, falseIfFound: 'all-not-expected' });
  }
  const examples = join(root, 'examples');
  for (const name of readdirSync(examples).sort()) {
    const dir = join(examples, name);
    if (!existsSync(join(dir, 'expected.json'))) continue;
    const want = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Incident;
    const inputs = readdirSync(dir)
      .sort()
      .filter((n) => !/^(README\.md|expected\.json)$/.test(n) && statSync(join(dir, n)).isFile())
      .map((n) => ({ name: n, text: readFileSync(join(dir, n), 'utf8') }));
    // As test/unit/acceptance/examples.test.ts reads them.
    const d = diagnoseTexts(catalogue, inputs, { defaultYear: 2021 });
    out.push({
      source: `examples/${name}`,
      found: d.findings.map((f) => f.signatureId),
      expected: [want.rootCause, ...(want.alsoExpected ?? [])],
      falseIfFound: want.notExpected ?? [],
    });
  }
  return out;
}

/** The shipped catalogue's verdicts. */
export function shippedStatuses(catalogue = new Catalogue(catalogueFiles(builtinCatalogueDir(), true))): StatusVerdict[] {
  return signatureStatuses(catalogue, checkExamples(catalogue), readEvidence(catalogue));
}

function main(): void {
  const verdicts = shippedStatuses();
  const count = (key: 'declared' | 'computed'): string =>
    ['stable', 'test', 'experimental', 'deprecated'].map((s) => `${verdicts.filter((v) => v[key] === s).length} ${s}`).join(', ');
  console.log(`declared: ${count('declared')}\ncomputed: ${count('computed')}`);
  const wrong = verdicts.filter((v) => v.declared !== v.computed);
  for (const v of wrong) console.log(`${v.file}:${v.line}: status ${v.declared}, the facts say ${v.computed}: ${v.why}`);
  if (process.argv.includes('--write')) {
    for (const v of wrong) {
      const text = readFileSync(v.file, 'utf8');
      writeFileSync(v.file, text.replace(/^status: \S+$/m, `status: ${v.computed}`));
    }
    console.log(`${wrong.length} file(s) set`);
  } else if (wrong.length) {
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(__filename)) main();
