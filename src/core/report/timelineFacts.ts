/**
 * The draft's timeline: one row per fact, in words. A fact is one signature on one object (the same
 * node, pod, container ...): its occurrences collapse into one row at the first one, with how often
 * and until when it repeated. Facts read from the same line (two signatures on one line) share a
 * row. The raw lines stay in the evidence appendix.
 */
import type { Diagnosis, Finding, Occurrence } from '../../model';
import type { Catalogue } from '../catalogue/catalogue';
import { renderTemplate } from '../diagnose/renderTemplate';
import { templateValues } from '../diagnose/diagnose';

/** One row of the timeline. */
export interface TimelineFact {
  /** First time (epoch ms), or null when the line carries none. */
  timestamp: number | null;
  /** Last time the fact was seen, when it repeated. */
  lastSeen: number | null;
  /** Input index and 1-based line of the first occurrence. */
  input: number;
  line: number;
  /** What happened, in words (the signature's headline with this occurrence's values); several when one line holds several facts. */
  events: string[];
  /** Occurrences the row stands for. */
  count: number;
  /** Signatures of the row. */
  signatureIds: string[];
}

/** Rows of one signature before the rest are summed up in one row. */
const ROWS_PER_SIGNATURE = 4;

/** The headline of one occurrence: the signature's headline template with that occurrence's values. */
export function occurrenceHeadline(catalogue: Catalogue, f: Finding, o: Occurrence): string {
  const template = catalogue.get(f.signatureId)?.signature.headline;
  return template ? renderTemplate(template, templateValues({ occurrences: [o] })) : f.title;
}

/** The facts of a diagnosis, in time order (undated ones last), at most `max` rows; `omitted` counts the rows left out. */
export function timelineFacts(d: Diagnosis, catalogue: Catalogue, max: number): { facts: TimelineFact[]; omitted: number } {
  const rows: TimelineFact[] = [];
  for (const f of d.findings) {
    // The object a fact is about: the pod, else the node. Occurrences naming none join the one
    // object the signature names elsewhere (a follow-up line without the pod's name).
    const groups = new Map<string, { first: Occurrence; last: Occurrence; n: number }>();
    const keyOf = (o: Occurrence): string => o.refs.pod ?? o.refs.node ?? '';
    const named = new Set(f.occurrences.map(keyOf).filter((k) => k !== ''));
    const sole = named.size === 1 ? [...named][0] : '';
    const byTime = [...f.occurrences].sort((a, b) => (a.timestamp ?? Infinity) - (b.timestamp ?? Infinity));
    for (const o of byTime) {
      const key = keyOf(o) || sole;
      const g = groups.get(key);
      if (!g) groups.set(key, { first: o, last: o, n: 1 });
      else { g.last = o; g.n++; }
    }
    const list = [...groups.values()];
    // Occurrences are capped per finding: with one object, the finding's own count and times are exact.
    if (list.length === 1) list[0].n = f.count;
    list.slice(0, ROWS_PER_SIGNATURE).forEach((g) => rows.push({
      timestamp: g.first.timestamp, lastSeen: list.length === 1 ? f.lastSeen : g.last.timestamp, input: g.first.input, line: g.first.line,
      events: [occurrenceHeadline(catalogue, f, g.first)], count: g.n, signatureIds: [f.signatureId],
    }));
    const rest = list.slice(ROWS_PER_SIGNATURE);
    if (rest.length) {
      const n = f.count - list.slice(0, ROWS_PER_SIGNATURE).reduce((s, g) => s + g.n, 0);
      const names = rest.map((g) => keyOf(g.first)).filter((k) => k !== '');
      const objects = names.length ? `: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}` : '';
      rows.push({
        timestamp: rest[0].first.timestamp, lastSeen: null, input: rest[0].first.input, line: rest[0].first.line,
        events: [`${f.title}: ${n} more occurrence${n === 1 ? '' : 's'}${objects}`], count: 1, signatureIds: [f.signatureId],
      });
    }
  }
  // One line, one row.
  const byLine = new Map<string, TimelineFact>();
  const merged: TimelineFact[] = [];
  for (const r of rows) {
    const at = `${r.input}:${r.line}`;
    const same = byLine.get(at);
    if (same) {
      same.events.push(...r.events.filter((e) => !same.events.includes(e)));
      same.signatureIds.push(...r.signatureIds);
      same.count = Math.max(same.count, r.count);
      continue;
    }
    byLine.set(at, r);
    merged.push(r);
  }
  merged.sort((a, b) => (a.timestamp ?? Infinity) - (b.timestamp ?? Infinity) || a.input - b.input || a.line - b.line);
  return { facts: merged.slice(0, max), omitted: Math.max(0, merged.length - max) };
}
