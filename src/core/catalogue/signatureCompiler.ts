/**
 * One signature file compiled to data: parsed (YAML), validated (ajv), its rules parsed (chevrotain)
 * and compiled, raw regexes checked (recheck). This is the only module that needs those libraries:
 * the catalogue loads it on first use (a user's file, `validate`), and the build runs it over the
 * shipped files once (dist/catalogue.json), so a run with the shipped catalogue alone never loads it.
 */
import { compileRule } from '../rules/ruleCompiler';
import { ruleToData, type RuleData } from '../rules/compiledRule';
import { parseSignatureFile } from './parseSignatureFile';
import { internalProblem, type CatalogueFile, type CompiledFile, type SignatureData } from './catalogueData';

// What the core's API offers of the compiler (see compiler.ts, which loads this module on first use).
export { parseSignatureFile } from './parseSignatureFile';
export { compileRule } from '../rules/ruleCompiler';
export { parseRule } from '../rules/ruleParser';
export { parse as parseYaml } from 'yaml';

/**
 * Compile one file. `trusted` skips the backtracking analysis of raw regexes (the shipped files,
 * checked by `validate` in CI). Never throws: a bug is an internal problem at the file.
 */
export function compileSignatureFile(f: CatalogueFile, trusted: boolean): CompiledFile {
  const out: CompiledFile = { file: f.file, builtin: Boolean(f.builtin), problems: [] };
  let parsed: ReturnType<typeof parseSignatureFile>;
  try {
    parsed = parseSignatureFile(f.file, f.text);
  } catch (err) {
    out.problems.push(internalProblem(f.file, err));
    return out;
  }
  out.problems.push(...parsed.problems);
  const sig = parsed.signature;
  if (!sig) return out;
  try {
    const { origin } = parsed;
    let ok = true;
    const compileList = (key: 'match' | 'exclude', rules: string[] | undefined): RuleData[] =>
      (rules ?? []).flatMap((text, i) => {
        const line = origin.lines[`${key}.${i}`] ?? origin.lines[key] ?? 1;
        const c = compileRule(text, trusted);
        for (const w of c.warnings) out.problems.push({ file: origin.file, line, column: w.column + 1, level: 'warning', message: `${key}[${i}]: ${w.message}` });
        if (c.value) {
          if (key === 'match' && c.value.steps.some((s) => !s.literals)) {
            out.problems.push({ file: origin.file, line, level: 'warning', message: `${key}[${i}] has no literal text, so it is checked on every event (slow on large logs)` });
          }
          return [ruleToData(c.value)];
        }
        ok = false;
        for (const e of c.errors) out.problems.push({ file: origin.file, line, column: e.column + 1, level: 'error', message: `${key}[${i}]: ${e.message} in ${JSON.stringify(text)}` });
        return [];
      });
    const match = compileList('match', sig.match);
    const exclude = compileList('exclude', sig.exclude);
    if (sig.match.length === 0 && !sig.crossCheck) {
      ok = false;
      out.problems.push({ file: origin.file, line: origin.lines.match ?? 1, level: 'error', message: 'match is empty: give at least one rule, or a crossCheck that finds the evidence' });
    }
    if (ok) out.signature = { signature: sig, origin, match, exclude } satisfies SignatureData;
  } catch (err) {
    out.problems.push(internalProblem(f.file, err));
  }
  return out;
}
