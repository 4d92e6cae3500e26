/**
 * `fleet`: which signatures fire where, counted by the log store's own aggregation, without pulling
 * the lines. Per signature an RE2 pattern a line must match to be a candidate of it; per group (node,
 * pod, namespace, service) the number of such lines, `countIf(match(Body, '<re>'))` with `GROUP BY`.
 *
 * The pattern is the alternation of the literals of every step of the signature's match rules (the
 * prefilter's literals, see pushdown.ts): a line a step matches holds one of that step's literals, so
 * the pattern never rejects a line the local matcher matches. It is not the step patterns translated
 * to RE2: the engine runs them on an event's message (a JSON line's unescaped `msg`, a klog line less
 * its header, a multi-line event's joined text), which a pattern over the raw line can miss, while a
 * literal is what the local prefilter itself finds in the raw bytes. So a count is of candidate lines
 * (a superset: WHERE conditions, `exclude` rules, the later steps of a sequence and log kinds are not
 * checked), never of verified occurrences: `diagnose` of a group verifies them.
 *
 * A signature with a step no literal selects (or only a cross-line check) has no pattern: every line
 * would be its candidate, so it is reported as not counted rather than counted on every line.
 */
import { FINDING_SEVERITIES, type FindingSeverity } from '../../model';
import type { Catalogue } from '../catalogue/catalogue';
import { prefilterForm, re2Literal, sqlString } from './pushdown';

/** What the rows are grouped by. */
export const FLEET_GROUPS = ['node', 'pod', 'namespace', 'service'] as const;
/** One of {@link FLEET_GROUPS}. */
export type FleetGroup = (typeof FLEET_GROUPS)[number];

/**
 * The group key as a ClickHouse expression over the OpenTelemetry exporter's columns (semantic
 * conventions: `k8s.node.name`, `k8s.pod.name`, `k8s.namespace.name`; a host's journal has `host.name`).
 * The same expression is what `diagnose --where "<key> = 'x'"` drills into.
 */
export const CLICKHOUSE_GROUP_KEYS: Record<FleetGroup, string> = {
  node: "if(ResourceAttributes['k8s.node.name'] != '', ResourceAttributes['k8s.node.name'], ResourceAttributes['host.name'])",
  pod: "ResourceAttributes['k8s.pod.name']",
  namespace: "ResourceAttributes['k8s.namespace.name']",
  service: 'ServiceName',
};

/** A signature's candidate pattern. */
export interface SignaturePattern {
  id: string;
  title: string;
  severity: FindingSeverity;
  /** RE2 (`(?i)` and an alternation of its literals): a line the local matcher matches matches it. */
  re2: string;
  /** Its literals: lower case, a space standing for a run of whitespace; sorted, unique (`re2` is their alternation). */
  literals: string[];
}

/** The catalogue's signatures as candidate patterns, and those that cannot have one. */
export interface FleetPatterns {
  patterns: SignaturePattern[];
  /** Signatures not counted, with why. */
  uncounted: { id: string; reason: string }[];
}

/** Per signature, the RE2 pattern of its candidate lines. */
export function signaturePatterns(catalogue: Catalogue): FleetPatterns {
  const patterns: SignaturePattern[] = [];
  const uncounted: FleetPatterns['uncounted'] = [];
  for (const s of catalogue.signatures) {
    const { id, title, severity } = s.signature;
    const steps = s.match.flatMap((r) => r.steps);
    if (steps.length === 0) {
      uncounted.push({ id, reason: 'it is found by a check across lines, not by line rules' });
      continue;
    }
    if (steps.some((st) => !st.literals || st.literals.length === 0)) {
      uncounted.push({ id, reason: 'a rule step has no literal text to search the store for' });
      continue;
    }
    const literals = [...new Set(steps.flatMap((st) => st.literals!.map((l) => l.toLowerCase().replace(/\s+/g, ' '))))]
      .filter((l) => prefilterForm(l) !== '')
      .sort();
    if (literals.length === 0) {
      uncounted.push({ id, reason: 'a rule step has no literal text to search the store for' });
      continue;
    }
    patterns.push({ id, title, severity, re2: `(?i)${literals.map(re2Literal).join('|')}`, literals });
  }
  return { patterns, uncounted };
}

/** One aggregation query and the signatures whose counts it returns (column `n`, in this order). */
export interface FleetQuery {
  sql: string;
  ids: string[];
}

/** How to build the queries. */
export interface FleetQuerySpec {
  /** The group key expression (see {@link CLICKHOUSE_GROUP_KEYS}). */
  key: string;
  /** `FROM` target, a quoted identifier. */
  table: string;
  /** The WHERE clause: time window and the user's condition. */
  where: string;
  /** Most characters of one query. */
  maxQueryChars: number;
  /** Most characters of one RE2 alternation in the row filter (as the pushdown's groups, default 16 KiB). */
  maxFilterChars?: number;
}

/**
 * The queries: each `SELECT toString(key) AS g, [countIf(match(Body, re)), ...] AS n ... GROUP BY g`
 * over the rows that hold one of its signatures' literals (a row filter of a few large alternations,
 * so the per-signature matches run on the candidates only). Signatures are packed in catalogue order
 * into as few queries as `maxQueryChars` allows; a signature whose count alone exceeds it still gets
 * a query of its own (the store then refuses it with its own message, rather than it being dropped).
 */
export function fleetQueries(patterns: readonly SignaturePattern[], spec: FleetQuerySpec): FleetQuery[] {
  const count = (p: SignaturePattern): string => `countIf(match(Body, ${sqlString(p.re2)}))`;
  const literalsOf = (p: SignaturePattern): string[] => p.literals.map(re2Literal);
  const filterMax = (spec.maxFilterChars ?? 16 * 1024) - 'match(Body, )'.length;
  const build = (ps: readonly SignaturePattern[]): string => {
    // An alternative of the row filter is one literal already in RE2 syntax (re2Groups escapes plain text,
    // so the alternatives are joined here instead).
    const alts = [...new Set(ps.flatMap(literalsOf))].sort();
    const rowFilter = groupAlternatives(alts, filterMax)
      .map((re) => `match(Body, ${sqlString(re)})`)
      .join('\n     OR ');
    return `SELECT toString(${spec.key}) AS g,\n  [${ps.map(count).join(',\n   ')}] AS n\nFROM ${spec.table}\nWHERE ${spec.where}\n  AND (${rowFilter})\nGROUP BY g`;
  };
  const out: FleetQuery[] = [];
  let cur: SignaturePattern[] = [];
  for (const p of patterns) {
    if (cur.length > 0 && build([...cur, p]).length > spec.maxQueryChars) {
      out.push({ sql: build(cur), ids: cur.map((c) => c.id) });
      cur = [];
    }
    cur.push(p);
  }
  if (cur.length > 0) out.push({ sql: build(cur), ids: cur.map((c) => c.id) });
  return out;
}

/** RE2 alternatives (already escaped) as `(?i)a|b` groups of at most `max` characters once SQL-quoted. */
function groupAlternatives(alts: readonly string[], max: number): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  let used = sqlString('(?i)').length;
  for (const a of alts) {
    const n = sqlString(a).length - 2 + 1;
    if (cur.length > 0 && used + n > max) {
      out.push(`(?i)${cur.join('|')}`);
      cur = [];
      used = sqlString('(?i)').length;
    }
    cur.push(a);
    used += n;
  }
  if (cur.length > 0) out.push(`(?i)${cur.join('|')}`);
  return out;
}

/** Lines per group, all of them (not only candidates): which groups the window holds at all. */
export function groupLinesQuery(spec: Pick<FleetQuerySpec, 'key' | 'table' | 'where'>): string {
  return `SELECT toString(${spec.key}) AS g, toString(count()) AS lines\nFROM ${spec.table}\nWHERE ${spec.where}\nGROUP BY g`;
}

/** One signature's row of the fleet table. */
export interface FleetRow {
  id: string;
  title: string;
  severity: FindingSeverity;
  /** Candidate lines per group, groups with none left out, most first (then by name). */
  groups: { group: string; lines: number }[];
  /** Number of groups with a candidate line. */
  spread: number;
  /** Candidate lines in all groups. */
  total: number;
}

/** The fleet table. */
export interface FleetTable {
  /** Signatures with candidate lines, by severity (highest first), then spread, then total, then id. */
  rows: FleetRow[];
  /** Every group the window holds lines of, with its line count, most first. */
  groups: { group: string; lines: number }[];
  /** Signatures counted with no candidate line anywhere. */
  quiet: string[];
  /** Signatures not counted, with why. */
  uncounted: FleetPatterns['uncounted'];
}

/** What one aggregation query gave: its signature ids, and per group the counts in their order. */
export interface FleetAnswer {
  ids: readonly string[];
  rows: readonly { g: string; n: readonly (number | string)[] }[];
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The answers as a ranked table. An answer row whose counts do not fit its ids is an error naming the query. */
export function fleetTable(fp: FleetPatterns, answers: readonly FleetAnswer[], groupLines: readonly { g: string; lines: number | string }[]): FleetTable {
  const counts = new Map<string, Map<string, number>>();
  answers.forEach((a, q) => {
    for (const r of a.rows) {
      if (!Array.isArray(r.n) || r.n.length !== a.ids.length)
        throw new Error(`fleet query ${q + 1}: a row of group "${r.g}" has ${Array.isArray(r.n) ? r.n.length : 'no'} counts for ${a.ids.length} signatures`);
      r.n.forEach((v, i) => {
        const n = Number(v);
        if (!Number.isSafeInteger(n) || n < 0) throw new Error(`fleet query ${q + 1}: count "${String(v)}" of ${a.ids[i]} in group "${r.g}" is not a count`);
        if (n === 0) return;
        let m = counts.get(a.ids[i]);
        if (!m) counts.set(a.ids[i], (m = new Map()));
        m.set(r.g, (m.get(r.g) ?? 0) + n);
      });
    }
  });
  const rank = (s: FindingSeverity): number => FINDING_SEVERITIES.indexOf(s);
  const rows: FleetRow[] = [];
  const quiet: string[] = [];
  for (const p of fp.patterns) {
    const m = counts.get(p.id);
    if (!m) {
      quiet.push(p.id);
      continue;
    }
    const groups = [...m.entries()].map(([group, lines]) => ({ group, lines })).sort((a, b) => b.lines - a.lines || byName(a.group, b.group));
    rows.push({ id: p.id, title: p.title, severity: p.severity, groups, spread: groups.length, total: groups.reduce((n, g) => n + g.lines, 0) });
  }
  rows.sort((a, b) => rank(b.severity) - rank(a.severity) || b.spread - a.spread || b.total - a.total || byName(a.id, b.id));
  const groups = groupLines.map((r) => ({ group: r.g, lines: Number(r.lines) })).sort((a, b) => b.lines - a.lines || byName(a.group, b.group));
  return { rows, groups, quiet: quiet.sort(), uncounted: fp.uncounted };
}
