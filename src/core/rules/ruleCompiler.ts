/**
 * Compiles a parsed rule into what the matcher runs: per step, a {@link StepPattern} (linear in the
 * line's length, see stepPattern.ts), the set of literals of which at least one must occur in a
 * matching line (the prefilter's input, ruleLiterals.ts), and a predicate for the WHERE condition
 * (ruleConditions.ts).
 */
import type { Rule, RuleError } from './ruleAst';
import { compiledStep, type CompiledRule, type CompiledStep } from './compiledRule';
import { checkCondition } from './ruleConditions';
import { otherSetsOf, necessaryOfAlternatives } from './ruleLiterals';
import { parseRule } from './ruleParser';
import { lintRule } from './ruleLint';
import { StepCompiler } from './stepPattern';

export type { RuleError } from './ruleAst';
export { execStep, type CompiledRule, type CompiledStep } from './compiledRule';

/** Fields ON SAME may name besides a capture. */
const SAME_FIELDS = ['node', 'pod', 'namespace', 'host', 'input', 'container', 'image', 'stage'];

/**
 * Compile rule text. Returns the rule or the errors (never throws), and warnings about parts that
 * cannot mean what they say (ruleLint.ts). `trusted` skips the backtracking analysis of raw regexes
 * (for the shipped catalogue, which `validate` checks in CI).
 */
export function compileRule(text: string, trusted = false): { value?: CompiledRule; errors: RuleError[]; warnings: RuleError[] } {
  const parsed = parseRule(text);
  if (!parsed.value) return { errors: parsed.errors, warnings: [] };
  return { ...compileParsed(parsed.value, text, trusted), warnings: lintRule(parsed.value, text) };
}

function compileParsed(rule: Rule, text: string, trusted: boolean): { value?: CompiledRule; errors: RuleError[] } {
  const errors: RuleError[] = [];
  const steps: CompiledStep[] = [];
  for (const step of rule.steps) {
    const sc = new StepCompiler(text, step.alternatives, trusted);
    const pattern = sc.compile();
    errors.push(...sc.errors);
    if (!pattern) continue;
    const names = new Set(Object.keys(sc.captureTypes));
    if (step.where) checkCondition(step.where, names, errors, text, trusted);
    steps.push(compiledStep(pattern, sc.captureTypes, necessaryOfAlternatives(step.alternatives), step.where, otherSetsOf(step.alternatives)));
  }
  for (const link of rule.links)
    for (const s of link.same) {
      if (!SAME_FIELDS.includes(s) && !steps.some((st) => s in st.captureTypes))
        errors.push({ message: `ON SAME ${s}: not a field (${SAME_FIELDS.join(', ')}) or capture name`, column: text.lastIndexOf(s) });
    }
  return errors.length ? { errors } : { value: { source: text, steps, links: rule.links }, errors };
}
