/**
 * Verification of prefilter candidates: runs a signature's compiled step on one event (kind filter,
 * regex on the message then the raw text, WHERE condition, exclude rules) and turns a match into an
 * occurrence with captures and object references.
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
  if (!caps) return null;
  if (step.where && !step.where(event, caps)) return null;
  return caps;
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
