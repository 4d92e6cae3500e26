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
import type { CatalogueProblem } from './catalogueProblem';
import type { RuleError } from '../rules/ruleAst';
import type { SignatureOrigin } from '../../model';

// What the core's API offers of the compiler (see compiler.ts, which loads this module on first use).
export { parseSignatureFile } from './parseSignatureFile';
export { compileRule } from '../rules/ruleCompiler';
export { parseRule } from '../rules/ruleParser';
export { parse as parseYaml } from 'yaml';

/** A problem about rule `i` of `key` (`match[2]: ...`), as the rule compiler's errors are reported. */
const RULE_PROBLEM = /^(?:match|exclude)\[\d+\]/;

/** The problems of rule `i` of `key`, at the rule's line, the column inside the rule text. */
function ruleErrors(origin: SignatureOrigin, key: 'match' | 'exclude', i: number, text: string, errors: readonly RuleError[]): CatalogueProblem[] {
  const line = origin.lines[`${key}.${i}`] ?? origin.lines[key] ?? 1;
  return errors.map((e) => ({
    file: origin.file,
    line,
    column: e.column + 1,
    level: 'error',
    message: `${key}[${i}]: ${e.message} in ${JSON.stringify(text)}`,
  }));
}

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
  if (!sig) {
    // The rules of a file the schema (or its id) failed are checked too, so one pass shows every mistake.
    const rules = parsed.unvalidatedRules;
    if (rules && !out.problems.some((p) => RULE_PROBLEM.test(p.message))) {
      for (const key of ['match', 'exclude'] as const) {
        const list = rules[key];
        if (!Array.isArray(list)) continue;
        list.forEach((text: unknown, i) => {
          if (typeof text !== 'string') return;
          const c = compileRule(text, trusted);
          const line = parsed.origin.lines[`${key}.${i}`] ?? parsed.origin.lines[key] ?? 1;
          for (const w of c.warnings)
            out.problems.push({ file: parsed.origin.file, line, column: w.column + 1, level: 'warning', message: `${key}[${i}]: ${w.message}` });
          out.problems.push(...ruleErrors(parsed.origin, key, i, text, c.errors));
        });
      }
    }
    return out;
  }
  try {
    const { origin } = parsed;
    let ok = true;
    const compileList = (key: 'match' | 'exclude', rules: string[] | undefined): RuleData[] =>
      (rules ?? []).flatMap((text, i) => {
        const line = origin.lines[`${key}.${i}`] ?? origin.lines[key] ?? 1;
        const c = compileRule(text, trusted);
        for (const w of c.warnings)
          out.problems.push({ file: origin.file, line, column: w.column + 1, level: 'warning', message: `${key}[${i}]: ${w.message}` });
        if (c.value) {
          if (key === 'match' && c.value.steps.some((s) => !s.literals)) {
            out.problems.push({
              file: origin.file,
              line,
              level: 'warning',
              message: `${key}[${i}] has no literal text, so it is checked on every event (slow on large logs)`,
            });
          }
          return [ruleToData(c.value)];
        }
        ok = false;
        out.problems.push(...ruleErrors(origin, key, i, text, c.errors));
        return [];
      });
    const match = compileList('match', sig.match);
    const exclude = compileList('exclude', sig.exclude);
    if (sig.match.length === 0 && !sig.crossCheck) {
      ok = false;
      out.problems.push({
        file: origin.file,
        line: origin.lines.match ?? 1,
        level: 'error',
        message: 'match is empty: give at least one rule, or a crossCheck that finds the evidence',
      });
    }
    if (ok) out.signature = { signature: sig, origin, match, exclude } satisfies SignatureData;
  } catch (err) {
    out.problems.push(internalProblem(f.file, err));
  }
  return out;
}
