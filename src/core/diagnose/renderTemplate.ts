/**
 * Fills `{name}` placeholders of headlines and next-check commands. A part in `[brackets]` that
 * holds a placeholder is optional: it is dropped when any of its placeholders has no value (brackets
 * without a placeholder, such as `[0]` in a JSONPath or `[ ,]` in a grep pattern, are kept as they
 * are). A required placeholder with no value becomes a visible `<name>` and is reported as missing,
 * so no raw `{name}` ever reaches the user.
 */
import type { Diagnosis, Finding, Occurrence } from '../../model';
import { cutOutsideSecrets } from '../redact/redact';

/** A filled template. */
export interface FilledTemplate {
  /** The text, with `<name>` where a required value is missing. */
  text: string;
  /** Names of the required placeholders that had no value, in order of first appearance. */
  missing: string[];
}

/** Values for placeholders, by name. */
export type TemplateValues = Readonly<Record<string, string | undefined>>;

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const OPTIONAL = /\[([^[\]]*)\]/g;

/** A template cut into literal text, required placeholders and optional parts (a name list and their pieces). */
type Piece = string | { name: string } | { optional: (string | { name: string })[] };

/** Parsed templates by text: the catalogue has a few hundred, and a log can have 100k occurrences of one. */
const parsed = new Map<string, Piece[]>();

function placeholders(text: string): (string | { name: string })[] {
  const out: (string | { name: string })[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index! > last) out.push(text.slice(last, m.index));
    out.push({ name: m[1] });
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function parse(template: string): Piece[] {
  let pieces = parsed.get(template);
  if (pieces) return pieces;
  pieces = [];
  let last = 0;
  for (const m of template.matchAll(OPTIONAL)) {
    const inner = placeholders(m[1]);
    if (!inner.some((p) => typeof p !== 'string')) continue;
    pieces.push(...placeholders(template.slice(last, m.index)), { optional: inner });
    last = m.index! + m[0].length;
  }
  pieces.push(...placeholders(template.slice(last)));
  if (parsed.size > 10_000) parsed.clear();
  parsed.set(template, pieces);
  return pieces;
}

const nameSets = new Map<string, ReadonlySet<string>>();

/** The names of the placeholders of a template (required and optional). */
export function templateNames(template: string): ReadonlySet<string> {
  let set = nameSets.get(template);
  if (!set) {
    set = new Set(
      parse(template).flatMap((p) =>
        typeof p === 'string' ? [] : 'name' in p ? [p.name] : p.optional.flatMap((q) => (typeof q === 'string' ? [] : [q.name])),
      ),
    );
    if (nameSets.size > 10_000) nameSets.clear();
    nameSets.set(template, set);
  }
  return set;
}

/** Fill `template` from `values`: optional parts dropped, missing values shown as `<name>`. */
export function fillCommand(template: string, values: TemplateValues): FilledTemplate {
  const missing: string[] = [];
  const value = (name: string): string | undefined => {
    const v = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    return v === undefined || v === '' ? undefined : v;
  };
  let text = '';
  for (const p of parse(template)) {
    if (typeof p === 'string') text += p;
    else if ('name' in p) {
      const v = value(p.name);
      if (v !== undefined) text += v;
      else {
        if (!missing.includes(p.name)) missing.push(p.name);
        text += `<${p.name}>`;
      }
    } else if (p.optional.every((q) => typeof q === 'string' || value(q.name) !== undefined)) {
      for (const q of p.optional) text += typeof q === 'string' ? q : value(q.name)!;
    }
  }
  return { text, missing };
}

/** Render a headline/command template (the text of {@link fillCommand}). */
export function renderTemplate(template: string, values: TemplateValues): string {
  return fillCommand(template, values).text;
}

/** A sentence naming the missing values, e.g. "<node> and <namespace> were not found in this incident's logs: fill them in". */
export function missingNote(missing: readonly string[]): string | undefined {
  if (missing.length === 0) return undefined;
  const names = missing.map((m) => `<${m}>`);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${list} ${names.length === 1 ? 'was' : 'were'} not found in this incident's logs: fill ${names.length === 1 ? 'it' : 'them'} in`;
}

/** The values one occurrence names: its object refs and host, then its captures (which win). */
export function occurrenceValues(o: Occurrence): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.refs)) if (v !== undefined && v !== '') values[k] = v;
  if (o.host && !values.host) values.host = o.host;
  if (!values.node && o.host) values.node = o.host;
  for (const [k, v] of Object.entries(o.captures)) if (v !== '') values[k] = v;
  return values;
}

/**
 * Values for a template shown with `occurrence` (or with `finding` as a whole): the occurrence's own
 * values first, then the finding's first occurrence and its distinct capture values, then the root
 * causes' findings (best first), then every other finding of the incident, most severe first. So
 * `kubectl describe node {node}` on an eviction line with no node gets the node the incident's
 * disk-pressure finding named.
 */
export function incidentValues(d: Pick<Diagnosis, 'findings' | 'rootCauses'>, finding?: Finding, occurrence?: Occurrence): Record<string, string> {
  const values: Record<string, string> = {};
  const add = (from: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(from)) if (v !== undefined && v !== '' && !Object.prototype.hasOwnProperty.call(values, k)) values[k] = v;
  };
  const addFinding = (f: Finding): void => {
    if (f.occurrences[0]) add(occurrenceValues(f.occurrences[0]));
    for (const [k, vs] of Object.entries(f.captureValues)) if (vs[0] !== undefined) add({ [k]: vs[0] });
    // Object refs of later occurrences (the first may name no node while a later one does).
    for (const o of f.occurrences.slice(1, 50)) add(occurrenceValues(o));
  };
  if (occurrence) add(occurrenceValues(occurrence));
  if (finding) addFinding(finding);
  const byId = new Map(d.findings.map((f) => [f.signatureId, f]));
  for (const r of d.rootCauses)
    for (const link of r.chain) {
      const f = byId.get(link.signatureId);
      if (f) addFinding(f);
    }
  for (const f of d.findings) addFinding(f);
  return values;
}

const SPACE = /\s/;
const short = (v: string, max = 60): string => {
  if (v.length <= max && !SPACE.test(v)) return v;
  const one = v.replace(/\s+/g, ' ').trim();
  return one.length > max ? cutOutsideSecrets(one, max - 1) + '…' : one;
};

/**
 * One occurrence in one line of words: the signature's headline filled with this occurrence's
 * values, followed by the captured values the headline does not show (`(reason memory, bytes 1.2Gi)`),
 * and by the time it was logged when it captured nothing or `options.time` asks for it (Problems rows:
 * two GC cycles that wanted the same bytes differ by their time). Problems rows and hovers lead with
 * it, so two occurrences of one signature read differently.
 */
export function occurrenceHeadline(headline: string | undefined, title: string, o: Occurrence, options: { time?: boolean } = {}): string {
  const template = headline ?? title;
  const values = occurrenceValues(o);
  for (const k in values) values[k] = short(values[k]);
  const text = fillCommand(template, values).text;
  const shown = templateNames(template);
  const extra: [string, string][] = [];
  for (const k in o.captures) {
    const v = o.captures[k];
    if (extra.length < 4 && !shown.has(k) && v !== '' && !text.includes(short(v, 40))) extra.push([k, v]);
  }
  const at =
    o.timestamp !== null && (options.time || Object.keys(o.captures).length === 0)
      ? ` at ${new Date(o.timestamp)
          .toISOString()
          .replace('T', ' ')
          .replace(/\.\d+Z$/, 'Z')}`
      : '';
  if (extra.length) return `${text} (${extra.map(([k, v]) => `${k} ${short(v, 40)}`).join(', ')})${at}`;
  return text + at;
}
