/** Dev-time check of catalogue files before the CLI exists: `npx tsx scripts/validate-dev.ts patterns [LINE RULE]`. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalogue } from '../src/core/catalogue/catalogue';
import { compileRule, execStep } from '../src/core/rules/ruleCompiler';

const dir = process.argv[2] ?? 'patterns';
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => ({ file: join(dir, f), text: readFileSync(join(dir, f), 'utf8'), builtin: true }));
const cat = new Catalogue(files);
for (const p of cat.problems) console.log(`${p.file}:${p.line}${p.column ? ':' + p.column : ''}: ${p.level}: ${p.message}`);
// Example lines checked against the rules directly (the full check, with grammars, runs in the CLI's validate).
let bad = 0;
for (const s of cat.signatures) {
  const hit = (text: string): boolean => s.match.some((r) => r.steps.length === 1 && text.split('\n').some((l) => execStep(r.steps[0], l) !== null)) && !s.exclude.some((r) => text.split('\n').some((l) => execStep(r.steps[0], l) !== null));
  for (const ex of s.signature.examples.match) if (s.match.every((r) => r.steps.length === 1) && !hit(ex.text)) { bad++; console.log(`${s.origin.file}: example does not match: ${ex.text.slice(0, 120)}`); }
  for (const ex of s.signature.examples.noMatch ?? []) if (hit(ex.text)) { bad++; console.log(`${s.origin.file}: noMatch example matches: ${ex.text.slice(0, 120)}`); }
}
console.log(`${cat.signatures.length} signatures loaded, ${cat.problems.filter((p) => p.level === 'error').length} errors, ${bad} example failures`);
if (process.argv[3]) { const c = compileRule(process.argv[4] ?? ''); console.log(c.value ? execStep(c.value.steps[0], process.argv[3]) : c.errors); }
