/**
 * `fleet --loki`: the fleet table (fleet.ts) counted by Loki's own aggregation, one LogQL metric query
 * per group of signatures, evaluated as an instant query at the end of the window:
 *
 *   sum by (<group labels>, pml_signatures) (count_over_time(<--query>
 *     |~ "(?i)<the group's literals>"
 *     | label_format pml_signatures="<per line: the ids of the signatures whose literal it holds>"
 *     [<window>s]))
 *
 * The line filter keeps the lines holding a literal of one of the query's signatures (Loki runs it on
 * the chunks, a case-insensitive literal alternation). The template then names, per kept line, every
 * signature of the query with a literal in it, space-separated, so a line counts once for each of its
 * signatures: a result series is a group and a set of signatures, and a signature's count in a group is
 * the sum over the series whose set holds it. One scan of the window per query, however many signatures
 * it counts; one query per signature would read the window once per signature.
 *
 * The template tests literals with sprig's `contains` on the line lower-cased with its whitespace runs
 * made one space, the local prefilter's rule. It does not call `count "<regex>"`: Loki compiles that
 * regex again for every line (pkg/logql/log/fmt.go), hundreds of compilations per line here.
 *
 * The group is the first of several labels that is set (`--by node`: `node_name`, then `node`, ...),
 * because collectors name the node differently; {@link LOKI_GROUP_LABELS} says which and why.
 */
import { FLEET_GROUPS, type FleetAnswer, type FleetGroup, type SignaturePattern } from './fleet';
import { logqlString, prefilterForm, re2Literal } from './pushdown';

/**
 * The Loki labels of each group, first set wins (all of them: a label not on a stream adds nothing):
 * - node: `node_name` (Grafana's promtail chart, from the pod's node; also common journal configs from
 *   `__journal__hostname`), `node`, `k8s_node_name` (OpenTelemetry `k8s.node.name` as Loki stores it),
 *   `nodename`, `hostname` and `host` (promtail journal examples), `instance` (the k8s-monitoring chart's
 *   journal: the collector's `$HOSTNAME`, its node's name);
 * - pod: `pod` (promtail, Alloy), `k8s_pod_name` (OpenTelemetry), `pod_name`;
 * - namespace: `namespace`, `k8s_namespace_name`;
 * - service: `service_name` (set by Loki 3 on every stream, or by the collector), `service`, `app`, `job`.
 */
export const LOKI_GROUP_LABELS: Record<FleetGroup, readonly string[]> = {
  node: ['node_name', 'node', 'k8s_node_name', 'nodename', 'hostname', 'host', 'instance'],
  pod: ['pod', 'k8s_pod_name', 'pod_name'],
  namespace: ['namespace', 'k8s_namespace_name'],
  service: ['service_name', 'service', 'app', 'job'],
};

/** The label the template writes the signature ids into. */
export const SIGNATURES_LABEL = 'pml_signatures';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The labels of `--by`: a group's list, or one label name as given. A bad name is an error saying why. */
export function lokiGroupLabels(by: string): readonly string[] {
  if ((FLEET_GROUPS as readonly string[]).includes(by)) return LOKI_GROUP_LABELS[by as FleetGroup];
  if (!LABEL_NAME.test(by)) throw new Error(`--by needs ${FLEET_GROUPS.join(', ')} or a Loki label name (letters, digits, _), got "${by}"`);
  if (by === SIGNATURES_LABEL || by.startsWith('__'))
    throw new Error(
      `--by ${by}: that label is not a group (${by === SIGNATURES_LABEL ? 'fleet writes its counts into it' : "a name starting with __ is Loki's own"})`,
    );
  return [by];
}

/** How to build the queries. */
export interface LokiFleetSpec {
  /** The user's LogQL log query (a stream selector and any pipeline). */
  query: string;
  /** The group labels, first set wins. */
  labels: readonly string[];
  /** The window's length in whole seconds (the range of `count_over_time`). */
  rangeSeconds: number;
  /** Most characters of one query (default 64 KiB). */
  maxQueryChars?: number;
  /** Most characters of one query's line filter regex, quoted (default 16 KiB, as the pushdown's). */
  maxFilterChars?: number;
}

/** One metric query and the signatures it counts. */
export interface LokiFleetQuery {
  logql: string;
  ids: string[];
}

const DEFAULT_MAX_QUERY = 64 * 1024;
const DEFAULT_MAX_FILTER = 16 * 1024;

/**
 * A run of what the prefilter reads as one separator (prefilter.ts): whitespace, quotes, backslashes and
 * whitespace escapes, an escape first (Go's regexp takes the first alternative that matches: `\\to` is
 * a tab and `o`, as the prefilter reads it, not a backslash and `to`).
 */
const SEPARATOR_RUN = '(?:\\\\[ntrfb]|[\\t-\\r "\\\\])+';

/** A Go template string (inside a template action): Go's interpreted string syntax, which JSON's is. */
const goString = (s: string): string => JSON.stringify(s);

/**
 * The template of the signatures label: the line lower-cased (sprig `lower`, Unicode: it folds every
 * ASCII letter as the local prefilter does, and more), its separator runs made one space, then per
 * signature `{{ if or (contains "lit" $l) ... }}id {{ end }}`, each literal in {@link prefilterForm}.
 */
export function signaturesTemplate(ps: readonly SignaturePattern[]): string {
  const head = `{{ $l := regexReplaceAll ${goString(SEPARATOR_RUN)} (__line__ | lower) ${goString(' ')} }}`;
  return head + ps.map((p) => `{{ if or ${p.literals.map((l) => `(contains ${goString(prefilterForm(l))} $l)`).join(' ')} }}${p.id} {{ end }}`).join('');
}

/** `sum by (labels) (count_over_time(<inner> [Ns]))`. */
function countBy(labels: readonly string[], inner: string, rangeSeconds: number): string {
  return `sum by (${labels.join(', ')}) (count_over_time(${inner} [${Math.max(1, Math.round(rangeSeconds))}s]))`;
}

/**
 * The line filter of a query, quoted: the alternation of the longest word of each of its signatures'
 * literals. The template counts ({@link signaturesTemplate}); this filter only spares it the lines it
 * would not count, so a superset is enough: a line whose normalised text holds a literal holds each of
 * its words as they are. Words, not whole literals with the separators the prefilter reads: half the
 * size, so the catalogue takes half the queries.
 */
function unionFilter(ps: readonly SignaturePattern[]): string {
  const longest = (l: string): string =>
    prefilterForm(l)
      .split(' ')
      .reduce((a, b) => (b.length > a.length ? b : a), '');
  const alts = [...new Set(ps.flatMap((p) => p.literals.map(longest)))].sort().map(re2Literal);
  return logqlString(`(?i)${alts.join('|')}`);
}

/** One query's text. */
export function lokiFleetQuery(ps: readonly SignaturePattern[], spec: LokiFleetSpec): string {
  // The line filter is a superset: a line it keeps that no signature holds gets an empty label, dropped here (no series of its own).
  const inner = `${spec.query} |~ ${unionFilter(ps)} | label_format ${SIGNATURES_LABEL}=${logqlString(signaturesTemplate(ps))} | ${SIGNATURES_LABEL} != ""`;
  return countBy([...spec.labels, SIGNATURES_LABEL], inner, spec.rangeSeconds);
}

/**
 * The queries: signatures packed in catalogue order into as few as the bounds allow (the line filter
 * within `maxFilterChars`, the query within `maxQueryChars`); a signature too large alone still gets a
 * query of its own (Loki then refuses it with its own message, rather than it being dropped).
 */
export function lokiFleetQueries(patterns: readonly SignaturePattern[], spec: LokiFleetSpec): LokiFleetQuery[] {
  const maxQuery = spec.maxQueryChars ?? DEFAULT_MAX_QUERY;
  const maxFilter = spec.maxFilterChars ?? DEFAULT_MAX_FILTER;
  const fits = (ps: readonly SignaturePattern[]): boolean => unionFilter(ps).length <= maxFilter && lokiFleetQuery(ps, spec).length <= maxQuery;
  const out: LokiFleetQuery[] = [];
  let cur: SignaturePattern[] = [];
  for (const p of patterns) {
    if (cur.length > 0 && !fits([...cur, p])) {
      out.push({ logql: lokiFleetQuery(cur, spec), ids: cur.map((c) => c.id) });
      cur = [];
    }
    cur.push(p);
  }
  if (cur.length > 0) out.push({ logql: lokiFleetQuery(cur, spec), ids: cur.map((c) => c.id) });
  return out;
}

/** Lines per group, all of them: which groups the window holds at all. */
export function lokiGroupLinesQuery(spec: Pick<LokiFleetSpec, 'query' | 'labels' | 'rangeSeconds'>): string {
  return countBy(spec.labels, spec.query, spec.rangeSeconds);
}

/** One series of an instant query's answer: its labels and its value (Loki sends the number as a string). */
export interface LokiSample {
  metric: Record<string, string>;
  value: string;
}

/** Where each group's name came from: the index in the labels of the first set one (-1: none set). */
export type GroupOrigins = Map<string, Set<number>>;

/** The group a series belongs to: the first of `labels` that is set (`''` when none), and which one. */
function groupOf(metric: Record<string, string>, labels: readonly string[]): { group: string; origin: number } {
  const i = labels.findIndex((l) => (metric[l] ?? '') !== '');
  return { group: i < 0 ? '' : metric[labels[i]], origin: i };
}

function note(origins: GroupOrigins, group: string, origin: number): void {
  const s = origins.get(group);
  if (s) s.add(origin);
  else origins.set(group, new Set([origin]));
}

/** A count as Loki writes it: a whole number, else an error naming the series. */
function countOf(s: LokiSample, what: string): number {
  const n = Number(s.value);
  if (!/^\d+$/.test(s.value) || !Number.isSafeInteger(n))
    throw new Error(`${what}: value "${String(s.value).slice(0, 40)}" of ${JSON.stringify(s.metric).slice(0, 200)} is not a count`);
  return n;
}

/**
 * One metric query's answer as a {@link FleetAnswer}: per series, its group and, for each of the
 * query's signatures its label names, the series' count. A name the query did not ask for is an error.
 */
export function lokiFleetAnswer(
  q: Pick<LokiFleetQuery, 'ids'>,
  samples: readonly LokiSample[],
  labels: readonly string[],
  origins: GroupOrigins,
  what = 'fleet query',
): FleetAnswer {
  const index = new Map(q.ids.map((id, i) => [id, i]));
  const rows = samples.map((s) => {
    const n = countOf(s, what);
    const { group, origin } = groupOf(s.metric, labels);
    const counts = q.ids.map(() => 0);
    for (const id of (s.metric[SIGNATURES_LABEL] ?? '').split(' ').filter(Boolean)) {
      const i = index.get(id);
      if (i === undefined) throw new Error(`${what}: a series names signature "${id.slice(0, 80)}", which the query does not count`);
      counts[i] = n;
    }
    if (counts.some((c) => c > 0)) note(origins, group, origin);
    return { g: group, n: counts };
  });
  return { ids: q.ids, rows };
}

/** The group-lines answer as the rows {@link fleetTable} takes (series of one group summed). */
export function lokiGroupLines(samples: readonly LokiSample[], labels: readonly string[], origins: GroupOrigins): { g: string; lines: number }[] {
  const lines = new Map<string, number>();
  for (const s of samples) {
    const { group, origin } = groupOf(s.metric, labels);
    note(origins, group, origin);
    lines.set(group, (lines.get(group) ?? 0) + countOf(s, 'lines per group'));
  }
  return [...lines.entries()].map(([g, n]) => ({ g, lines: n }));
}

/** The end of the selector `{...}` that starts `query` (quoted strings skipped), or -1. */
function selectorEnd(query: string): number {
  const start = query.indexOf('{');
  if (start < 0 || query.slice(0, start).trim() !== '') return -1;
  for (let i = start + 1; i < query.length; i++) {
    const c = query[i];
    if (c === '}') return i;
    if (c === '"') {
      for (i++; i < query.length && query[i] !== '"'; i++) if (query[i] === '\\') i++;
    } else if (c === '`') {
      i = query.indexOf('`', i + 1);
      if (i < 0) return -1;
    }
  }
  return -1;
}

/**
 * The user's query narrowed to one group, as `diagnose --loki --query` takes it. The group is "the
 * first of the labels set is `group`": when its name came from one label (the usual case), matchers in
 * the selector (`{job="x", node_name="", hostname="n1"}`: Loki selects the streams by its index); when
 * from several (a node named by `node_name` on pod logs and `hostname` on its journal), a label filter
 * stage after the user's pipeline, which a selector cannot express (one `or` across labels).
 */
export function lokiDrillQuery(query: string, labels: readonly string[], group: string, origins: ReadonlySet<number>): string {
  const eq = (l: string, v: string): string => `${l}=${logqlString(v)}`;
  const exact = (i: number): string[] => (i < 0 ? labels.map((l) => eq(l, '')) : [...labels.slice(0, i).map((l) => eq(l, '')), eq(labels[i], group)]);
  const list = [...origins].sort((a, b) => a - b);
  const end = selectorEnd(query);
  if (list.length === 1 && end >= 0) {
    const inside = query.slice(query.indexOf('{') + 1, end).trim();
    return `{${[inside, ...exact(list[0])].filter(Boolean).join(', ')}}${query.slice(end + 1)}`;
  }
  const alts = (list.length ? list : [-1]).map((i) => exact(i)).map((m) => (m.length === 1 ? m[0] : `(${m.join(' and ')})`));
  return `${query.trimEnd()} | ${alts.length === 1 ? alts[0] : `(${alts.join(' or ')})`}`;
}
