/**
 * Compiles a parsed rule into what the matcher runs: per step, a {@link StepPattern} (linear in the
 * line's length, see stepPattern.ts), the set of literals of which at least one must occur in a
 * matching line (the prefilter's input, ruleLiterals.ts), and a predicate for the WHERE condition
 * (ruleConditions.ts).
 */
import type { LogEvent } from '../../model';
import type { CaptureType, Rule, RuleError, StepLink } from './ruleAst';
import { compileCondition } from './ruleConditions';
import { necessaryOfAlternatives } from './ruleLiterals';
import { parseRule } from './ruleParser';
import { StepCompiler, type StepPattern } from './stepPattern';

export type { RuleError } from './ruleAst';

/** A step ready to run. */
export interface CompiledStep {
  /** The step's pattern over an event's message (then its raw text). */
  pattern: StepPattern;
  /** Capture types by name. */
  captureTypes: Record<string, CaptureType>;
  /** Lower-case literals, one of which occurs in every matching text; null when none could be derived. */
  literals: string[] | null;
  /** WHERE predicate. */
  where?: (event: LogEvent, captures: Record<string, string>) => boolean;
}

/** A compiled rule. */
export interface CompiledRule {
  /** Rule text as written. */
  source: string;
  /** Steps. */
  steps: CompiledStep[];
  /** Links between consecutive steps. */
  links: StepLink[];
}

/** Fields ON SAME may name besides a capture. */
const SAME_FIELDS = ['node', 'pod', 'namespace', 'host', 'input', 'container', 'image', 'stage'];

/**
 * Compile rule text. Returns the rule or the errors (never throws). `trusted` skips the backtracking
 * analysis of raw regexes (for the shipped catalogue, which `validate` checks in CI).
 */
export function compileRule(text: string, trusted = false): { value?: CompiledRule; errors: RuleError[] } {
  const parsed = parseRule(text);
  if (!parsed.value) return { errors: parsed.errors };
  return compileParsed(parsed.value, text, trusted);
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
    const compiled: CompiledStep = { pattern, captureTypes: sc.captureTypes, literals: necessaryOfAlternatives(step.alternatives) };
    if (step.where) compiled.where = compileCondition(step.where, names, errors, text, trusted);
    steps.push(compiled);
  }
  for (const link of rule.links) for (const s of link.same) {
    if (!SAME_FIELDS.includes(s) && !steps.some((st) => s in st.captureTypes)) errors.push({ message: `ON SAME ${s}: not a field (${SAME_FIELDS.join(', ')}) or capture name`, column: text.lastIndexOf(s) });
  }
  return errors.length ? { errors } : { value: { source: text, steps, links: rule.links }, errors };
}

/** Run a step on a text; returns the captures or null. */
export function execStep(step: CompiledStep, text: string): Record<string, string> | null {
  return step.pattern.exec(text);
}
