/**
 * A compiled rule, and the same as data (JSON) for the compiled catalogue: what the matcher runs
 * needs neither the rule parser nor the checks, so the shipped catalogue is compiled at build time
 * and loaded from its data (regexes built from their sources, WHERE predicates from their condition).
 */
import type { LogEvent } from '../../model';
import type { CaptureType, Condition, StepLink } from './ruleAst';
import { conditionPredicate } from './ruleConditions';
import { StepPattern, type PartData } from './stepPattern';

/** A step ready to run. */
export interface CompiledStep {
  /** The step's pattern over an event's message (then its raw text). */
  pattern: StepPattern;
  /** Capture types by name. */
  captureTypes: Record<string, CaptureType>;
  /** Lower-case literals, one of which occurs in every matching text; null when none could be derived. */
  literals: string[] | null;
  /**
   * Lower-case literal sets besides {@link literals}, rarest first: every matching text holds one
   * literal of each too (ruleLiterals.ts, `otherSetsOf`); absent for a step of alternatives or of one
   * set. The engine keys on {@link literals} alone; a log store also asks for the first of these.
   */
  alsoNeeds?: string[][];
  /** The WHERE condition (checked), as data. */
  condition?: Condition;
  /** WHERE predicate, built from {@link condition}. */
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

/** A {@link CompiledStep} as data. */
export interface StepData {
  /** One chain of parts per alternative (see stepPattern.ts). */
  chains: PartData[][];
  grepSource: string;
  flags: string;
  captureTypes: Record<string, CaptureType>;
  literals: string[] | null;
  alsoNeeds?: string[][];
  where?: Condition;
}

/** A {@link CompiledRule} as data. */
export interface RuleData {
  source: string;
  steps: StepData[];
  links: StepLink[];
}

/** A step from its parts (and its condition, when it has one). */
export function compiledStep(
  pattern: StepPattern,
  captureTypes: Record<string, CaptureType>,
  literals: string[] | null,
  condition: Condition | undefined,
  alsoNeeds?: string[][] | null,
): CompiledStep {
  const step: CompiledStep = { pattern, captureTypes, literals };
  if (alsoNeeds) step.alsoNeeds = alsoNeeds;
  if (condition) {
    step.condition = condition;
    step.where = conditionPredicate(condition);
  }
  return step;
}

/** The rule as data. */
export function ruleToData(rule: CompiledRule): RuleData {
  return {
    source: rule.source,
    links: rule.links,
    steps: rule.steps.map((s) => {
      const d: StepData = {
        chains: s.pattern.parts,
        grepSource: s.pattern.grepSource,
        flags: s.pattern.flags,
        captureTypes: s.captureTypes,
        literals: s.literals,
      };
      if (s.alsoNeeds) d.alsoNeeds = s.alsoNeeds;
      if (s.condition) d.where = s.condition;
      return d;
    }),
  };
}

/** The rule back from its data (no parsing, no checks: the data was checked when it was made). */
export function ruleFromData(data: RuleData): CompiledRule {
  return {
    source: data.source,
    links: data.links,
    steps: data.steps.map((s) => compiledStep(new StepPattern(s.chains, s.grepSource, s.flags), s.captureTypes, s.literals, s.where, s.alsoNeeds)),
  };
}

/** Run a step on a text; returns the captures or null. */
export function execStep(step: CompiledStep, text: string): Record<string, string> | null {
  return step.pattern.exec(text);
}
