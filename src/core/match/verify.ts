/**
 * Verification of prefilter candidates: runs a signature's compiled step on one event (kind filter,
 * regex on the message, then the raw text, then the message read through one or two levels of
 * escaping; WHERE condition, exclude rules) and turns a match into an occurrence with captures and
 * object references.
 */
import type { LogEvent, ObjectRefs, Occurrence } from '../../model';
import type { CompiledSignature } from '../catalogue/catalogue';
import { execStep, type CompiledStep } from '../rules/compiledRule';
import { cutOutsideSecrets } from '../redact/redact';

/** Captures of the step on the event, or null when it does not match. */
export function matchStep(cs: CompiledSignature, step: CompiledStep, event: LogEvent): Record<string, string> | null {
  if (cs.kinds && !cs.kinds.has(event.kind)) return null;
  let caps = execStep(step, event.message);
  if (!caps && event.text !== event.message) caps = execStep(step, event.text);
  if (!caps) for (const u of readingsOf(event.message)) if ((caps = execStep(step, u))) break;
  if (!caps) return null;
  if (step.where && !step.where(event, caps)) return null;
  return caps;
}

/** The message and its readings of {@link readingsOf} last asked for (one event's steps are tried in a row). */
let lastMessage: string | undefined;
let lastReadings: string[] = [];

/**
 * A message read through one and then two levels of escaping ({@link unescaped}), as far as there is
 * something to read through. The steps of one event are tried one after another on the same message,
 * so the last answer is kept: each step had unescaped the message afresh.
 */
function readingsOf(message: string): string[] {
  if (message === lastMessage) return lastReadings;
  const out: string[] = [];
  for (let m = message, level = 0; level < 2; level++) {
    const u = unescaped(m);
    if (u === undefined) break;
    out.push((m = u));
  }
  lastMessage = message;
  lastReadings = out;
  return out;
}

/**
 * The text with one level of string escaping read through: `\"` → `"`, `\\` → `\`, `\u003e` → `>`,
 * `\n` and `\t` → a space. That is how a message looks inside klog's `err="..."`, a JSON string, an
 * API error body or `kubectl -o json`, so a rule written for the words as a person reads them matches
 * there too, for every signature at once. Undefined when there is nothing to read through.
 */
export function unescaped(text: string): string | undefined {
  if (text.indexOf('\\') < 0) return undefined;
  // Quotes and backslashes alone (most escaped text) by a replacement string: a callback per escape
  // costs 6x more on a line of them (a 1 MB line: 33 ms against 218 ms).
  const u = !/\\[ntu]/.test(text)
    ? text.replace(/\\(["'\\/])/g, '$1')
    : text.replace(/\\(?:u([0-9a-fA-F]{4})|([nt])|(["'\\/]))/g, (all, hex: string | undefined, space: string | undefined, char: string | undefined) =>
        hex ? String.fromCharCode(parseInt(hex, 16)) : space ? ' ' : (char ?? all),
      );
  return u === text ? undefined : u;
}

/** True when one of the signature's exclude rules matches the event. */
export function excluded(cs: CompiledSignature, event: LogEvent): boolean {
  for (const rule of cs.exclude) {
    if (rule.steps.length === 1 && matchStep(cs, rule.steps[0], event)) return true;
  }
  return false;
}

const REF_CAPTURES = ['pod', 'node', 'namespace', 'container', 'image'] as const;

/** Object refs of an event with the captures of object types laid over them. */
export function refsWith(event: LogEvent, captures: Record<string, string>): ObjectRefs {
  const refs: ObjectRefs = { ...event.refs };
  for (const k of REF_CAPTURES) {
    const v = captures[k];
    if (v === undefined) continue;
    if (k === 'pod' && v.includes('/')) {
      const [ns, name] = v.split('/', 2);
      refs.namespace = ns;
      refs.pod = name;
    } else refs[k] = v;
  }
  return refs;
}

/** Longest text kept in an occurrence. */
export const OCCURRENCE_TEXT_CAP = 2_000;

/** Build an occurrence. */
export function toOccurrence(event: LogEvent, captures: Record<string, string>): Occurrence {
  const o: Occurrence = {
    input: event.input,
    line: event.line,
    endLine: event.endLine,
    text: event.text.length > OCCURRENCE_TEXT_CAP ? cutOutsideSecrets(event.text, OCCURRENCE_TEXT_CAP) + ' …' : event.text,
    timestamp: event.timestamp,
    captures,
    refs: refsWith(event, captures),
    kind: event.kind,
  };
  if (event.source !== undefined) o.source = event.source;
  if (event.host !== undefined) o.host = event.host;
  return o;
}
