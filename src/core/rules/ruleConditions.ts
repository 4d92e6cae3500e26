/**
 * WHERE conditions of a rule step: checked when the rule is compiled, turned into predicates over an
 * event and the step's captures when it is loaded:
 * fields of the event, `field.<name>` of structured logs, or capture names; `~` takes a regex that
 * must pass the backtracking check.
 */
import type { LogEvent } from '../../model';
import { SEVERITIES, severityRank, type Severity } from '../../model';
import { durationMs } from './captureTypes';
import type { Condition, RuleError } from './ruleAst';
import { checkRegex } from './regexSafety';

/** Event fields a condition may name. */
export const KNOWN_FIELDS = [
  'source',
  'severity',
  'kind',
  'host',
  'unit',
  'node',
  'pod',
  'namespace',
  'container',
  'image',
  'stage',
  'object',
  'message',
  'pid',
];

function fieldValue(event: LogEvent, captures: Record<string, string>, field: string): string | undefined {
  if (field in captures) return captures[field];
  if (field.startsWith('field.')) {
    const key = field.slice(6).toLowerCase();
    const f = event.fields;
    if (!f) return undefined;
    for (const k of Object.keys(f)) if (k.toLowerCase() === key) return f[k];
    return undefined;
  }
  switch (field) {
    case 'source':
      return event.source;
    case 'severity':
      return event.severity;
    case 'kind':
      return event.kind;
    case 'host':
      return event.host;
    case 'unit':
      return event.unit;
    case 'message':
      return event.message;
    case 'pid':
      return event.pid === undefined ? undefined : String(event.pid);
    case 'node':
      return event.refs.node ?? event.host;
    default:
      return (event.refs as Record<string, string | undefined>)[field];
  }
}

function compareOrdered(field: string, a: string, b: string): number {
  if (field === 'severity') {
    const ra = (SEVERITIES as readonly string[]).indexOf(a),
      rb = (SEVERITIES as readonly string[]).indexOf(b);
    return ra < 0 || rb < 0 ? NaN : severityRank(a as Severity) - severityRank(b as Severity);
  }
  const da = durationMs(a),
    db = durationMs(b);
  if (!Number.isNaN(da) && !Number.isNaN(db)) return da - db;
  const na = Number(a),
    nb = Number(b);
  return Number.isNaN(na) || Number.isNaN(nb) ? NaN : na - nb;
}

/**
 * Check a condition: unknown fields and severities, and `~` regexes (the backtracking check unless
 * `trusted`). Errors go to `errors`; the condition itself stays data (the compiled catalogue keeps it).
 */
export function checkCondition(c: Condition, names: Set<string>, errors: RuleError[], text: string, trusted: boolean): void {
  switch (c.type) {
    case 'and':
    case 'or':
      for (const i of c.items) checkCondition(i, names, errors, text, trusted);
      return;
    case 'not':
      checkCondition(c.item, names, errors, text, trusted);
      return;
    case 'compare': {
      const { field, op, values } = c;
      if (!names.has(field) && !KNOWN_FIELDS.includes(field) && !field.startsWith('field.')) {
        errors.push({
          message: `unknown field "${field}" in WHERE (fields: ${KNOWN_FIELDS.join(', ')}, field.<name>, or a capture name)`,
          column: text.indexOf(field),
        });
      }
      if (field === 'severity')
        for (const v of values)
          if (!(SEVERITIES as readonly string[]).includes(v))
            errors.push({ message: `unknown severity "${v}" (${SEVERITIES.join(', ')})`, column: text.indexOf(v) });
      if (op === '~') {
        const verdict = checkRegex(values[0], 'i', trusted);
        if (!verdict.ok) errors.push({ message: `~ "${values[0]}": ${verdict.reason}`, column: text.indexOf(values[0]) });
      }
    }
  }
}

/**
 * The predicate of a condition that passed {@link checkCondition} (at build time for the shipped
 * catalogue): cheap, so the compiled catalogue stores conditions as data and builds these at load.
 */
export function conditionPredicate(c: Condition): (e: LogEvent, caps: Record<string, string>) => boolean {
  switch (c.type) {
    case 'and': {
      const fs = c.items.map(conditionPredicate);
      return (e, k) => fs.every((f) => f(e, k));
    }
    case 'or': {
      const fs = c.items.map(conditionPredicate);
      return (e, k) => fs.some((f) => f(e, k));
    }
    case 'not': {
      const f = conditionPredicate(c.item);
      return (e, k) => !f(e, k);
    }
    case 'compare': {
      const { field, op, values } = c;
      const lower = values.map((v) => v.toLowerCase());
      switch (op) {
        case '=':
          return (e, k) => fieldValue(e, k, field)?.toLowerCase() === lower[0];
        case '!=':
          return (e, k) => fieldValue(e, k, field)?.toLowerCase() !== lower[0];
        case 'in':
          return (e, k) => {
            const v = fieldValue(e, k, field)?.toLowerCase();
            return v !== undefined && lower.includes(v);
          };
        case '~': {
          const re = new RegExp(values[0], 'i');
          return (e, k) => {
            const v = fieldValue(e, k, field);
            return v !== undefined && re.test(v.length > 16_384 ? v.slice(0, 16_384) : v);
          };
        }
        default: {
          const want = values[0];
          const test = { '>=': (d: number) => d >= 0, '<=': (d: number) => d <= 0, '>': (d: number) => d > 0, '<': (d: number) => d < 0 }[op];
          return (e, k) => {
            const v = fieldValue(e, k, field);
            if (v === undefined) return false;
            const d = compareOrdered(field, v.toLowerCase(), want.toLowerCase());
            return !Number.isNaN(d) && test(d);
          };
        }
      }
    }
  }
}
