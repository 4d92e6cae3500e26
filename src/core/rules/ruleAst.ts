/** The abstract syntax of the signature rule language (see docs/signature-language.md). */

/** Capture types and what they match. */
export const CAPTURE_TYPES = ['word', 'number', 'duration', 'ip', 'pod', 'node', 'namespace', 'container', 'image', 'host', 'path', 'quoted', 'rest'] as const;
/** One of {@link CAPTURE_TYPES}. */
export type CaptureType = (typeof CAPTURE_TYPES)[number];

/** Fields common to pattern elements. */
interface ElementBase {
  /** Whitespace stood before the element in the rule: the text must have it too (or may, next to punctuation). */
  spaceBefore: boolean;
  /** Where the element starts in the rule text (0-based), and where it ends (exclusive): for messages. */
  offset: number;
  end: number;
}

/** A pattern element. */
export type PatternElement =
  | (ElementBase & { type: 'word'; text: string })
  | (ElementBase & { type: 'quoted'; text: string; caseInsensitive: boolean })
  | (ElementBase & { type: 'regex'; source: string })
  | (ElementBase & { type: 'star' })
  | (ElementBase & { type: 'capture'; captureType: CaptureType; name: string })
  | (ElementBase & { type: 'group'; alternatives: PatternElement[][]; optional: boolean });

/** A condition on event fields after `WHERE`. */
export type Condition =
  | { type: 'and'; items: Condition[] }
  | { type: 'or'; items: Condition[] }
  | { type: 'not'; item: Condition }
  | { type: 'compare'; field: string; op: '=' | '!=' | '>=' | '<=' | '>' | '<' | '~' | 'in'; values: string[] };

/** One step: a pattern over one event, and an optional condition on its fields. */
export interface RuleStep {
  /** Top-level alternatives; an event matches when one alternative matches. */
  alternatives: PatternElement[][];
  /** Optional condition. */
  where?: Condition;
}

/** How step i+1 must follow step i. */
export interface StepLink {
  /** Longest gap in ms between the two events. */
  withinMs: number;
  /** Fields both events must share (`node`, `pod`, `namespace`, `host`, `input`, or a capture name). */
  same: string[];
}

/** A whole rule: steps joined by THEN ... WITHIN ... [ON SAME ...]. */
export interface Rule {
  /** Steps, in order. */
  steps: RuleStep[];
  /** links[i] joins steps[i] and steps[i+1]. */
  links: StepLink[];
}

/** A compile error with the 0-based column in the rule text. */
export interface RuleError {
  message: string;
  column: number;
}
