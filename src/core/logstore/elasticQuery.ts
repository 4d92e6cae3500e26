/**
 * The catalogue's prefilter and the fleet table as Elasticsearch / OpenSearch query DSL (the `_search`
 * API both speak): pure builders of request bodies and readers of their answers; the HTTP side is
 * src/logstores/elasticSource.ts.
 *
 * A literal becomes a `match_phrase` on the message field: the store analyses it as it analysed the
 * lines (the standard analyzer: lower-cased UAX #29 word tokens, punctuation dropped) and selects the
 * lines holding its words in sequence; the engine verifies every candidate locally, exactly. Literals
 * are OR-ed in a bool `should`, grouped so no query has more clauses than {@link ES_MAX_CLAUSES}.
 *
 * A phrase is word-level where the local prefilter is substring-level: a line where a literal is only
 * part of a word (`resource` in `Resources`) or glued to other letters by the tokenizer's joining rules
 * (`Init:CrashLoopBackOff` is one token, `init:crashloopbackoff`) is not selected; a line whose words
 * match but whose punctuation differs is (the engine verifies it away). Missing lines is the price of
 * an index-backed search (a substring search is a leading-wildcard scan of every term, and
 * `match_phrase_prefix` expands to a bounded number of terms, silently); the adapter says so on every
 * read ({@link ES_PHRASE_NOTICE}), and the unit tests measure the gap (8 of 1,384 catalogue examples;
 * 13% of the candidate lines of the fleet fixture, few of them verified occurrences).
 */
import type { FleetAnswer, FleetGroup, SignaturePattern } from './fleet';
import type { LiteralPair } from './pushdown';

/**
 * Most clauses of one bool query: under `indices.query.bool.max_clause_count`, 1024 in OpenSearch and
 * Elasticsearch before 8 (8.x sizes it from the heap, never below 1024).
 */
export const ES_MAX_CLAUSES = 1000;

/** What every Elasticsearch read says about the word-level search. */
export const ES_PHRASE_NOTICE =
  'the store selects lines holding a literal as whole words (match_phrase); a line where a literal is only part of a word (resource in Resources) or glued into a longer token (Init:CrashLoopBackOff) is not fetched';

/**
 * The fields a group is read from, first set wins (all of them: a field absent from the index adds
 * nothing): ECS and Filebeat (`host.name`, `kubernetes.node.name`, `kubernetes.pod.name`,
 * `kubernetes.namespace`), Fluent Bit's kubernetes filter (`kubernetes.host`, `kubernetes.pod_name`,
 * `kubernetes.namespace_name`), OpenTelemetry's `service.name`.
 */
export const ES_GROUP_FIELDS: Record<FleetGroup, readonly string[]> = {
  node: ['kubernetes.node.name', 'kubernetes.host', 'host.name'],
  pod: ['kubernetes.pod.name', 'kubernetes.pod_name'],
  namespace: ['kubernetes.namespace', 'kubernetes.namespace_name'],
  service: ['service.name'],
};

/** The fields whose values name a line's source (one input each), in this order. */
export const ES_SOURCE_FIELDS = [
  'host.name',
  'kubernetes.host',
  'kubernetes.namespace',
  'kubernetes.namespace_name',
  'kubernetes.pod.name',
  'kubernetes.pod_name',
  'kubernetes.container.name',
  'kubernetes.container_name',
  'service.name',
  'log.file.path',
] as const;

/** A query DSL object. */
export type EsQuery = Record<string, unknown>;

/**
 * The literals, and the pairs of a short literal with the others its rule step needs ({@link LiteralPair}:
 * a line holding the literal and one of `with`), as bool `should` groups of `match_phrase` on `field`,
 * each group within `maxClauses` clauses (a pair counts its literal, its `with` phrases and its two bools).
 */
export function elasticPhraseGroups(literals: readonly string[], field: string, maxClauses = ES_MAX_CLAUSES, pairs: readonly LiteralPair[] = []): EsQuery[] {
  const entries: { q: EsQuery; clauses: number }[] = [
    ...literals.map((l) => ({ q: phrase(l, field), clauses: 1 })),
    // A pair one of whose others has no word in it (`tests` with `:`) is asked as its literal alone: the
    // analyzer drops punctuation, so no phrase can say "and a colon", and the pair's lines must come back.
    ...pairs.map((p) =>
      p.with.every((w) => WORDY.test(w))
        ? { q: { bool: { must: [phrase(p.literal, field), anyPhrase(p.with, field)] } }, clauses: 3 + p.with.length }
        : { q: phrase(p.literal, field), clauses: 1 },
    ),
  ];
  const out: EsQuery[] = [];
  let group: EsQuery[] = [];
  let used = 1;
  for (const e of entries) {
    if (group.length > 0 && used + e.clauses > maxClauses) {
      out.push(anyOf(group));
      group = [];
      used = 1;
    }
    group.push(e.q);
    used += e.clauses;
  }
  if (group.length > 0) out.push(anyOf(group));
  return out;
}

/** Text with a letter or a digit: something the standard analyzer keeps a token of. */
const WORDY = /[\p{L}\p{N}]/u;

function phrase(literal: string, field: string): EsQuery {
  return { match_phrase: { [field]: literal } };
}

function anyOf(queries: EsQuery[]): EsQuery {
  return { bool: { should: queries, minimum_should_match: 1 } };
}

/** One bool query: a line holding one of `literals` as a phrase. */
function anyPhrase(literals: readonly string[], field: string): EsQuery {
  return anyOf(literals.map((l) => phrase(l, field)));
}

/** A time as Elasticsearch's `strict_date_optional_time_nanos` reads it: `2026-11-22T08:00:00.123456789Z`. */
export function esTime(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const frac = (((ns % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n).toString().padStart(9, '0');
  return `${new Date(Number(ms)).toISOString().slice(0, 19)}.${frac}Z`;
}

/** An ISO 8601 time with up to nine fraction digits (or epoch milliseconds) as nanoseconds; undefined when not one. */
export function esTimeNs(v: unknown): bigint | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v)) * 1_000_000n;
  if (typeof v !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/.exec(v);
  if (!m) return /^\d+$/.test(v) ? BigInt(v) * 1_000_000n : undefined;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return undefined;
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** The bool `filter` of every read: the window on `@timestamp` and the user's query_string, when given. */
export function elasticBaseFilter(sinceNs: bigint, untilNs: bigint, query: string | undefined): EsQuery[] {
  const range = { range: { '@timestamp': { gte: esTime(sinceNs), lt: esTime(untilNs), format: 'strict_date_optional_time_nanos' } } };
  return query?.trim() ? [range, { query_string: { query } }] : [range];
}

/** A phrase in query_string syntax: double-quoted, quote and backslash escaped. */
export function queryStringPhrase(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * The user's query narrowed to one group, as `diagnose --elasticsearch --query` takes it: the group is
 * "the first of the fields set is `group`", so each field before the one that named it must be absent.
 * `origins` are the indexes (in `fields`) of the fields the group's name came from.
 */
export function elasticDrillQuery(query: string | undefined, fields: readonly string[], group: string, origins: ReadonlySet<number>): string {
  const exact = (i: number): string =>
    i < 0
      ? fields.map((f) => `NOT _exists_:${f}`).join(' AND ')
      : [...fields.slice(0, i).map((f) => `NOT _exists_:${f}`), `${fields[i]}:${queryStringPhrase(group)}`].join(' AND ');
  const list = [...origins].sort((a, b) => a - b);
  const alts = (list.length ? list : [-1]).map(exact);
  const cond = alts.length === 1 ? alts[0] : alts.map((a) => `(${a})`).join(' OR ');
  return query?.trim() ? `(${query}) AND (${cond})` : cond;
}

/** How to build the fleet requests. */
export interface ElasticFleetSpec {
  /** The message field the literals are searched in. */
  field: string;
  /** The group fields as aggregated (a text field's `.keyword`), first set wins. */
  groupFields: readonly string[];
  /** The window and user query filter ({@link elasticBaseFilter}). */
  filter: readonly EsQuery[];
  /** Groups per composite page. */
  pageSize: number;
  /** Most clauses of one bool query (default {@link ES_MAX_CLAUSES}). */
  maxClauses?: number;
}

/** One fleet request (without its composite `after`): the signatures it counts, in its `filters` keys. */
export interface ElasticFleetRequest {
  ids: string[];
  body: EsQuery;
}

/** The composite aggregation over the group fields; `inner` its sub-aggregations. */
function composite(spec: ElasticFleetSpec, inner?: EsQuery): EsQuery {
  const sources = spec.groupFields.map((f, i) => ({ [`k${i}`]: { terms: { field: f, missing_bucket: true } } }));
  return { g: { composite: { size: spec.pageSize, sources }, ...(inner ? { aggs: inner } : {}) } };
}

/**
 * The requests: per request a composite aggregation over the groups (exact counts, paged with `after`;
 * a `terms` aggregation's counts are approximate across shards) with, under it, a `filters`
 * aggregation of one filter per signature (its literals' phrases). The query keeps only lines holding a
 * literal of one of the request's signatures, so the filters run on candidates only. Signatures are
 * packed in catalogue order while the union of their literals stays within the clause bound; a
 * signature over it alone still gets a request (the store refuses it with its own message).
 */
export function elasticFleetRequests(patterns: readonly SignaturePattern[], spec: ElasticFleetSpec): ElasticFleetRequest[] {
  const max = spec.maxClauses ?? ES_MAX_CLAUSES;
  const build = (ps: readonly SignaturePattern[]): ElasticFleetRequest => {
    const union = [...new Set(ps.flatMap((p) => p.literals))].sort();
    const filters = Object.fromEntries(ps.map((p) => [p.id, anyPhrase(p.literals, spec.field)]));
    return {
      ids: ps.map((p) => p.id),
      body: {
        size: 0,
        track_total_hits: false,
        query: { bool: { filter: [...spec.filter, anyPhrase(union, spec.field)] } },
        aggs: composite(spec, { s: { filters: { filters } } }),
      },
    };
  };
  const out: ElasticFleetRequest[] = [];
  let cur: SignaturePattern[] = [];
  let lits = new Set<string>();
  for (const p of patterns) {
    const next = new Set([...lits, ...p.literals]);
    if (cur.length > 0 && next.size > max) {
      out.push(build(cur));
      cur = [];
      lits = new Set(p.literals);
    } else lits = next;
    cur.push(p);
  }
  if (cur.length > 0) out.push(build(cur));
  return out;
}

/** The request of every line's count per group. */
export function elasticGroupLinesRequest(spec: ElasticFleetSpec): EsQuery {
  return { size: 0, track_total_hits: false, query: { bool: { filter: [...spec.filter] } }, aggs: composite(spec) };
}

/** A composite bucket as the API answers it. */
export interface EsCompositeBucket {
  key: Record<string, unknown>;
  doc_count: number;
  s?: { buckets: Record<string, { doc_count: number }> };
}

/** Where each group's name came from: the indexes of the fields that named it (-1: none set). */
export type EsGroupOrigins = Map<string, Set<number>>;

/** The group of a bucket: the first key set, and its index (-1 and '' when none is). */
export function bucketGroup(b: EsCompositeBucket, n: number): { group: string; origin: number } {
  for (let i = 0; i < n; i++) {
    const v = b.key[`k${i}`];
    if (v !== null && v !== undefined && v !== '') return { group: String(v), origin: i };
  }
  return { group: '', origin: -1 };
}

function note(origins: EsGroupOrigins, group: string, origin: number): void {
  const s = origins.get(group);
  if (s) s.add(origin);
  else origins.set(group, new Set([origin]));
}

/** A count as the API writes it: a whole number, else an error naming where. */
function countOf(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new Error(`${what}: doc_count ${JSON.stringify(v)?.slice(0, 40)} is not a count`);
  return v;
}

/** One request's buckets (all its composite pages) as a {@link FleetAnswer}. */
export function elasticFleetAnswer(ids: readonly string[], buckets: readonly EsCompositeBucket[], nFields: number, origins: EsGroupOrigins): FleetAnswer {
  const rows = buckets.map((b) => {
    const { group, origin } = bucketGroup(b, nFields);
    const sub = b.s?.buckets;
    if (!sub || typeof sub !== 'object') throw new Error(`fleet answer: the bucket of group "${group}" has no per-signature counts`);
    const n = ids.map((id) => countOf(sub[id]?.doc_count, `fleet answer: ${id} in group "${group}"`));
    if (n.some((c) => c > 0)) note(origins, group, origin);
    return { g: group, n };
  });
  return { ids, rows };
}

/** The group-lines buckets as the rows fleetTable takes (buckets of one group summed). */
export function elasticGroupLines(buckets: readonly EsCompositeBucket[], nFields: number, origins: EsGroupOrigins): { g: string; lines: number }[] {
  const lines = new Map<string, number>();
  for (const b of buckets) {
    const { group, origin } = bucketGroup(b, nFields);
    note(origins, group, origin);
    lines.set(group, (lines.get(group) ?? 0) + countOf(b.doc_count, `lines of group "${group}"`));
  }
  return [...lines.entries()].map(([g, n]) => ({ g, lines: n }));
}
