/**
 * The draft's timeline: one row per fact, in words. A fact is one signature on one object (the same
 * node, pod, container ...): its occurrences collapse into one row at the first one, with how often
 * and until when it repeated. Facts read from the same line (two signatures on one line) share a
 * row. The raw lines stay in the evidence appendix.
 */
import type { Diagnosis, Finding, Occurrence } from '../../model';
import type { Catalogue } from '../catalogue/catalogue';
import { occurrenceValues, renderTemplate, templateNames } from '../diagnose/renderTemplate';

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

/** A measurement, not an object: `3739070464`, `3m0.083787s`, `85%`, `1.5Gi`. */
const MEASURE = /^[\d.,:]+(?:[a-zµ%]{0,2}[\d.,:]*)*$/i;

/** The object a fact key names, for a list: its pod, else its last value. */
function objectName(key: string): string {
  const pairs = key
    .split(' ')
    .filter(Boolean)
    .map((p) => p.split('='));
  return (pairs.find(([k]) => k === 'pod') ?? pairs[pairs.length - 1])?.slice(1).join('=') ?? '';
}

/** Earlier first; lines without a time after those with one. */
const byTimestamp = (a: number | null, b: number | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a - b);

/** Rows of a signature of the main chain before the rest are summed up in one row; other signatures get one row. */
const ROWS_PER_SIGNATURE = 4;

/**
 * A row's words: the signature's headline with that occurrence's values, and nothing else (unlike
 * the editor's `occurrenceHeadline`, no extra captures or time: the row has its own time and count).
 */
function factHeadline(catalogue: Catalogue, f: Finding, o: Occurrence): string {
  const template = catalogue.get(f.signatureId)?.signature.headline;
  return template ? renderTemplate(template, occurrenceValues(o)) : f.title;
}

/**
 * The facts of a diagnosis, in time order (undated ones last), at most `max` rows; `omitted` counts
 * the rows left out. Signatures in `focus` (the root cause's chain) get a row per object; the others
 * one row that names the rest.
 */
export function timelineFacts(
  d: Diagnosis,
  catalogue: Catalogue,
  max: number,
  focus: ReadonlySet<string> = new Set(),
): { facts: TimelineFact[]; omitted: number } {
  const rows: TimelineFact[] = [];
  for (const f of d.findings) {
    // What a fact is about: the values its headline names, except measurements (bytes, durations,
    // counts), which change from line to line of one fact. Occurrences naming none join the one
    // object the signature names elsewhere (a follow-up line without the pod's name).
    const names = [...templateNames(catalogue.get(f.signatureId)?.signature.headline ?? '')];
    const keyOf = (o: Occurrence): string => {
      const v = occurrenceValues(o);
      const named = names.filter((n) => v[n] && !MEASURE.test(v[n])).map((n) => `${n}=${v[n]}`);
      return named.join(' ');
    };
    const groups = new Map<string, { first: Occurrence; last: Occurrence; n: number }>();
    const named = new Set(f.occurrences.map(keyOf).filter((k) => k !== ''));
    const sole = named.size === 1 ? [...named][0] : '';
    const byTime = [...f.occurrences].sort((a, b) => byTimestamp(a.timestamp, b.timestamp));
    for (const o of byTime) {
      const key = keyOf(o) || sole;
      const g = groups.get(key);
      if (!g) groups.set(key, { first: o, last: o, n: 1 });
      else {
        g.last = o;
        g.n++;
      }
    }
    const list = [...groups.values()];
    // Occurrences are capped per finding: with one object, the finding's own count and times are exact.
    if (list.length === 1) list[0].n = f.count;
    const limit = focus.has(f.signatureId) ? ROWS_PER_SIGNATURE : 1;
    list.slice(0, limit).forEach((g) =>
      rows.push({
        timestamp: g.first.timestamp,
        lastSeen: list.length === 1 ? f.lastSeen : g.last.timestamp,
        input: g.first.input,
        line: g.first.line,
        events: [factHeadline(catalogue, f, g.first)],
        count: g.n,
        signatureIds: [f.signatureId],
      }),
    );
    const rest = list.slice(limit);
    if (rest.length) {
      const n = f.count - list.slice(0, limit).reduce((s, g) => s + g.n, 0);
      const shown = new Set(list.slice(0, limit).map((g) => objectName(keyOf(g.first))));
      const objs = [...new Set(rest.map((g) => objectName(keyOf(g.first))).filter((k) => k !== '' && !shown.has(k)))];
      const objects = objs.length ? `${objs.slice(0, 5).join(', ')}${objs.length > 5 ? ` and ${objs.length - 5} more` : ''}` : '';
      if (limit === 1) {
        const row = rows[rows.length - 1];
        row.count = f.count;
        row.lastSeen = f.lastSeen;
        row.events[0] += objects ? `; also ${objects}` : '';
      } else {
        rows.push({
          timestamp: rest[0].first.timestamp,
          lastSeen: null,
          input: rest[0].first.input,
          line: rest[0].first.line,
          events: [`${f.title}: ${n} more occurrence${n === 1 ? '' : 's'}${objects ? ` (${objects})` : ''}`],
          count: 1,
          signatureIds: [f.signatureId],
        });
      }
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
  merged.sort((a, b) => byTimestamp(a.timestamp, b.timestamp) || a.input - b.input || a.line - b.line);
  return { facts: merged.slice(0, max), omitted: Math.max(0, merged.length - max) };
}
