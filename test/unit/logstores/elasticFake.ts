/**
 * A loopback server that answers the Elasticsearch / OpenSearch REST API as documented, for what the
 * adapter uses. Nothing here was checked against a real engine (none can run on these machines): it
 * follows the documented request and answer shapes.
 * - `GET /`: `{name, version: {number, distribution?}, tagline}` (OpenSearch says `distribution: "opensearch"`);
 * - point in time: Elasticsearch `POST /<index>/_pit?keep_alive=` -> `{id}`, `DELETE /_pit {id}`;
 *   OpenSearch `POST /<index>/_search/point_in_time?keep_alive=` -> `{pit_id}`, `DELETE
 *   /_search/point_in_time {pit_id: [...]}`. The other product's path is a 405. A PIT is a snapshot:
 *   documents added after it opened are not seen through it;
 * - `POST /_search` with `pit` (or `/<index>/_search`): `query` (bool filter/must/should with
 *   minimum_should_match, range on `@timestamp` with strict_date_optional_time_nanos, match_phrase,
 *   query_string), `sort` on `@timestamp` (a `date_nanos` field: its sort value is a long of
 *   nanoseconds, past 2^53, written as a bare JSON integer as the server writes it) and the tiebreaker
 *   `_shard_doc` (Elasticsearch) or `_id`, `search_after`, `size` (over `index.max_result_window`,
 *   10,000, is the documented 400), `fields` (with the `@timestamp` format), `track_total_hits`; a
 *   search without paging may sort on `@timestamp` alone, `asc` or `desc` (a document's surroundings);
 *   aggregations: `composite` (terms sources, `missing_bucket`, `size`, `after`, `after_key`) with a
 *   `filters` sub-aggregation;
 * - `GET /<index>/_field_caps?fields=`: per field, per type, `aggregatable`;
 * - a bool with more than `maxClauses` clauses is the documented 400 `too_many_clauses`; an unknown
 *   index is 404 `index_not_found_exception`.
 * `match_phrase` runs the standard analyzer as Lucene's StandardTokenizer does: UAX #29 word segments
 * (Node's ICU `Intl.Segmenter`, the same Unicode rules), lower-cased, the phrase's tokens in sequence.
 * query_string understands `field:value`, `field:"phrase"`, `_exists_:field`, AND, OR, NOT and
 * parentheses (default operator OR), enough for the drill-down queries and the tests'.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PushdownFilter } from '../../../src/core';
import { startLoopbackServer, type LoopbackServer } from './loopbackServer';

/** One document: its index, id, time (ns), flat dotted fields (the message among them). */
export interface FakeDoc {
  index: string;
  timeNs: bigint;
  fields: Record<string, string>;
}

export interface EsRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
  headers: Record<string, string | undefined>;
}

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

/** The standard analyzer's tokens of `s`: UAX #29 word segments, lower-cased. */
export function standardTokens(s: string): string[] {
  return [...segmenter.segment(s)].filter((x) => x.isWordLike).map((x) => x.segment.toLowerCase());
}

/** Analysed texts, as an index holds them (each document's message is analysed once, not per query). */
const analysed = new Map<string, { tokens: string[]; set: Set<string> }>();
function analyse(s: string): { tokens: string[]; set: Set<string> } {
  let a = analysed.get(s);
  if (!a) {
    const tokens = standardTokens(s);
    a = { tokens, set: new Set(tokens) };
    if (analysed.size > 200_000) analysed.clear();
    analysed.set(s, a);
  }
  return a;
}

/** Does `text` hold `phrase`'s tokens in sequence (match_phrase with slop 0)? An empty phrase matches nothing. */
/**
 * Does the pushdown `filter` select `text` as the Elasticsearch source asks for it: a literal's or an
 * error word's phrase, or a short literal's phrase with one of its pair's (a pair with a punctuation-only
 * other is asked as its literal alone: the analyzer keeps no token of punctuation).
 */
export function esSelects(text: string, filter: PushdownFilter): boolean {
  return (
    filter.literals.some((l) => phraseMatches(text, l)) ||
    filter.errorWords.some((l) => phraseMatches(text, l)) ||
    filter.pairs.some((p) => phraseMatches(text, p.literal) && (p.with.some((w) => !/[\p{L}\p{N}]/u.test(w)) || p.with.some((w) => phraseMatches(text, w))))
  );
}

export function phraseMatches(text: string, phrase: string): boolean {
  const q = analyse(phrase).tokens;
  if (q.length === 0) return false;
  const { tokens: t, set } = analyse(text);
  if (!q.every((w) => set.has(w))) return false;
  for (let i = 0; i + q.length <= t.length; i++) if (q.every((w, j) => t[i + j] === w)) return true;
  return false;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    reason: string,
  ) {
    super(reason);
  }
}

const isoNanos = (ns: bigint): string =>
  `${new Date(Number(ns / 1_000_000n)).toISOString().slice(0, 19)}.${(ns % 1_000_000_000n).toString().padStart(9, '0')}Z`;

function parseNanos(v: unknown): bigint {
  const m = typeof v === 'string' ? /^(.{19})(?:\.(\d{1,9}))?Z$/.exec(v) : null;
  if (!m) throw new ApiError(400, 'parse_exception', `failed to parse date field [${String(v)}] with format [strict_date_optional_time_nanos]`);
  return BigInt(Date.parse(`${m[1]}Z`)) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

export class ElasticFake {
  readonly requests: EsRequest[] = [];
  failure: { status: number; body: string } | 'stall' | 'garbage' | undefined;
  /** Headers every request must carry, else 401. */
  require: Record<string, string> = {};
  /** `indices.query.bool.max_clause_count`. */
  maxClauses = 1024;
  /** Fields mapped as `text` with a `.keyword` sub-field (dynamic mapping); the others present are `keyword` (the message is `text`). */
  textFields = new Set<string>(['message', 'log.original']);
  /** Fields present in the mapping but not aggregatable at all (text without .keyword). */
  plainText = new Set<string>();
  private readonly pits = new Map<string, FakeDoc[]>();
  private pitSeq = 0;
  private server: LoopbackServer | undefined;
  url = '';

  constructor(
    readonly docs: FakeDoc[],
    readonly product: 'elasticsearch' | 'opensearch' = 'elasticsearch',
  ) {}

  async start(): Promise<this> {
    this.server = await startLoopbackServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          this.handle(req, res, Buffer.concat(chunks).toString('utf8'));
        } catch (err) {
          if (err instanceof ApiError) return this.error(res, err);
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`fake Elasticsearch fault: ${(err as Error).stack ?? String(err)}`);
        }
      });
    });
    this.url = this.server.url;
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }

  /** Open PITs (a read must close its own). */
  openPits(): number {
    return this.pits.size;
  }

  private error(res: ServerResponse, e: ApiError): void {
    this.send(res, e.status, { error: { root_cause: [{ type: e.type, reason: e.message }], type: e.type, reason: e.message }, status: e.status });
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.product === 'elasticsearch') headers['x-elastic-product'] = 'Elasticsearch';
    res.writeHead(status, headers);
    // Longs past 2^53 are bare integers on the wire, as the server writes them.
    res.end(JSON.stringify(body, (_, v: unknown) => (typeof v === 'bigint' ? `@@${v}@@` : v)).replace(/"@@(-?\d+)@@"/g, '$1'));
  }

  private handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const u = new URL(req.url ?? '/', 'http://x');
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    this.requests.push({ method: req.method ?? '', path: u.pathname + u.search, body, headers: { ...req.headers } as Record<string, string | undefined> });
    if (this.failure === 'stall') return;
    if (this.failure === 'garbage') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>a login page</html>');
      return;
    }
    if (this.failure) {
      res.writeHead(this.failure.status, { 'content-type': 'application/json' });
      res.end(this.failure.body);
      return;
    }
    for (const [k, v] of Object.entries(this.require))
      if (req.headers[k.toLowerCase()] !== v) throw new ApiError(401, 'security_exception', 'missing authentication credentials for REST request [/_search]');
    const path = u.pathname;
    const method = req.method;
    if (method === 'GET' && path === '/')
      return this.send(res, 200, {
        name: 'fake-1',
        version: this.product === 'opensearch' ? { distribution: 'opensearch', number: '2.17.0' } : { number: '8.15.0', build_flavor: 'default' },
        tagline: this.product === 'opensearch' ? 'The OpenSearch Project: https://opensearch.org/' : 'You Know, for Search',
      });
    const pitEs = /^\/([^/]+)\/_pit$/.exec(path);
    const pitOs = /^\/([^/]+)\/_search\/point_in_time$/.exec(path);
    if (method === 'POST' && (pitEs || pitOs)) {
      if ((pitEs && this.product !== 'elasticsearch') || (pitOs && this.product !== 'opensearch'))
        throw new ApiError(405, 'illegal_argument_exception', `Incorrect HTTP method for uri [${path}] and method [POST]`);
      if (!u.searchParams.get('keep_alive')) throw new ApiError(400, 'action_request_validation_exception', 'keep_alive is required');
      const docs = this.indexDocs(decodeURIComponent((pitEs ?? pitOs)![1]));
      const id = `pit-${++this.pitSeq}`;
      this.pits.set(id, docs);
      return this.send(res, 200, this.product === 'opensearch' ? { pit_id: id, creation_time: Date.now() } : { id });
    }
    if (method === 'DELETE' && (path === '/_pit' || path === '/_search/point_in_time')) {
      const ids = path === '/_pit' ? [body?.id] : ((body?.pit_id as unknown[]) ?? []);
      for (const id of ids) this.pits.delete(String(id));
      return this.send(res, 200, { succeeded: true, num_freed: ids.length });
    }
    const caps = /^\/([^/]+)\/_field_caps$/.exec(path);
    if (method === 'GET' && caps) return this.send(res, 200, this.fieldCaps(decodeURIComponent(caps[1]), (u.searchParams.get('fields') ?? '').split(',')));
    const search = /^(?:\/([^/]+))?\/_search$/.exec(path);
    if (method === 'POST' && search) {
      const pit = body?.pit as { id?: string } | undefined;
      if (pit && search[1]) throw new ApiError(400, 'action_request_validation_exception', '[indices] cannot be used with point in time');
      let docs: FakeDoc[];
      if (pit) {
        const d = this.pits.get(String(pit.id));
        if (!d) throw new ApiError(404, 'search_context_missing_exception', `No search context found for id [${pit.id}]`);
        docs = d;
      } else docs = this.indexDocs(decodeURIComponent(search[1] ?? '*'));
      return this.send(res, 200, { ...(this.search(docs, body ?? {}) as object), ...(pit ? { pit_id: pit.id } : {}) });
    }
    throw new ApiError(400, 'illegal_argument_exception', `no handler found for uri [${path}] and method [${method}]`);
  }

  private readonly byPattern = new Map<string, FakeDoc[]>();

  private indexDocs(pattern: string): FakeDoc[] {
    const known = this.byPattern.get(pattern);
    if (known) return known;
    const res = pattern.split(',').map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
    const out = this.docs.filter((d) => res.some((r) => r.test(d.index)));
    if (out.length === 0 && !pattern.includes('*')) throw new ApiError(404, 'index_not_found_exception', `no such index [${pattern}]`);
    this.byPattern.set(pattern, out);
    return out;
  }

  private fieldCaps(pattern: string, names: string[]): unknown {
    const docs = this.indexDocs(pattern);
    const present = new Set(docs.flatMap((d) => Object.keys(d.fields)));
    const fields: Record<string, unknown> = {};
    for (const n of names) {
      const baseName = n.endsWith('.keyword') ? n.slice(0, -8) : n;
      if (!present.has(baseName)) continue;
      const text = this.textFields.has(baseName) || this.plainText.has(baseName);
      if (n.endsWith('.keyword')) {
        if (this.textFields.has(baseName) && !this.plainText.has(baseName)) fields[n] = { keyword: { type: 'keyword', searchable: true, aggregatable: true } };
      } else
        fields[n] = text
          ? { text: { type: 'text', searchable: true, aggregatable: false } }
          : { keyword: { type: 'keyword', searchable: true, aggregatable: true } };
    }
    return { indices: [...new Set(docs.map((d) => d.index))], fields };
  }

  /** A field's value as an aggregation or `fields` reads it (`x.keyword` is `x`'s value). */
  private value(d: FakeDoc, f: string): string | undefined {
    if (f.endsWith('.keyword') && this.textFields.has(f.slice(0, -8))) return d.fields[f.slice(0, -8)];
    return d.fields[f];
  }

  private search(docs: FakeDoc[], body: Record<string, unknown>): unknown {
    const size = (body.size as number | undefined) ?? 10;
    if (size > 10_000)
      throw new ApiError(400, 'illegal_argument_exception', `Result window is too large, from + size must be less than or equal to: [10000] but was [${size}]`);
    const ordinal = this.ordinals(docs);
    const q = (body.query as Record<string, unknown> | undefined) ?? { match_all: {} };
    this.validate(q);
    for (const a of Object.values((body.aggs as Record<string, { aggs?: { s?: { filters?: { filters: Record<string, Record<string, unknown>> } } } }>) ?? {}))
      for (const f of Object.values(a.aggs?.s?.filters?.filters ?? {})) this.validate(f);
    // An index answers a query without reading every document again: the matches of one query over one
    // snapshot are kept (documents are never changed here).
    const cacheKey = JSON.stringify(q);
    let perDocs = this.hitCache.get(docs);
    if (!perDocs) this.hitCache.set(docs, (perDocs = new Map()));
    let hits = perDocs.get(cacheKey)?.slice();
    if (!hits) {
      hits = docs.filter((d) => this.matches(d, q));
      perDocs.set(cacheKey, hits.slice());
    }
    const out: Record<string, unknown> = { took: 1, timed_out: false, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 } };
    if (body.aggs) {
      out.aggregations = this.aggs(hits, body.aggs as Record<string, unknown>);
      out.hits = { hits: [] };
      return out;
    }
    // A count (size 0) returns no hits: no order to page on.
    if (size === 0) {
      out.hits = { ...(body.track_total_hits === false ? {} : { total: { value: hits.length, relation: 'eq' } }), hits: [] };
      return out;
    }
    const sort = (body.sort as Record<string, unknown>[] | undefined) ?? [];
    const tiebreak = Object.keys(sort[1] ?? {})[0];
    // One sort on @timestamp, either way, without paging: a search for a document's surroundings (Kibana's).
    const timeOnly = sort.length === 1 && Object.keys(sort[0])[0] === '@timestamp' && body.search_after === undefined && body.pit === undefined;
    const order = (sort[0]?.['@timestamp'] as { order?: string } | undefined)?.order ?? 'asc';
    if (order !== 'asc' && order !== 'desc') throw new ApiError(400, 'parsing_exception', `unknown sort order [${order}]`);
    if (!timeOnly && (this.product === 'opensearch' ? tiebreak !== '_id' : tiebreak !== '_shard_doc'))
      throw new ApiError(
        400,
        'illegal_argument_exception',
        `the fake pages on [@timestamp, ${this.product === 'opensearch' ? '_id' : '_shard_doc'}], got ${JSON.stringify(sort)}`,
      );
    const key = (d: FakeDoc): [bigint, bigint] => [d.timeNs, BigInt(ordinal.get(d)!)];
    const idOf = (d: FakeDoc): string => `doc${String(ordinal.get(d)!).padStart(8, '0')}`;
    hits.sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      return (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0) * (order === 'desc' ? -1 : 1);
    });
    let from = 0;
    const after = body.search_after as unknown[] | undefined;
    if (after) {
      // The API parses a numeric sort value from a number or a string; a rounded double would skip or repeat hits.
      if (typeof after[0] === 'number' && !Number.isSafeInteger(after[0]))
        throw new ApiError(400, 'illegal_argument_exception', `search_after value [${after[0]}] lost precision`);
      const t = BigInt(String(after[0]));
      const tb = this.product === 'opensearch' ? BigInt(String(after[1]).replace(/^doc/, '')) : BigInt(String(after[1]));
      from = hits.findIndex((d) => d.timeNs > t || (d.timeNs === t && BigInt(ordinal.get(d)!) > tb));
      if (from < 0) from = hits.length;
    }
    const page = hits.slice(from, from + size);
    const wanted = ((body.fields as (string | { field: string })[] | undefined) ?? []).map((f) => (typeof f === 'string' ? f : f.field));
    out.hits = {
      ...(body.track_total_hits === false ? {} : { total: { value: hits.length, relation: 'eq' } }),
      hits: page.map((d) => {
        const fields: Record<string, unknown[]> = {};
        for (const f of wanted) {
          if (f === '@timestamp') fields[f] = [isoNanos(d.timeNs)];
          else if (this.value(d, f) !== undefined) fields[f] = [this.value(d, f)];
        }
        return {
          _index: d.index,
          _id: idOf(d),
          _score: null,
          fields,
          sort: [d.timeNs, this.product === 'opensearch' ? idOf(d) : BigInt(ordinal.get(d)!)],
        };
      }),
    };
    return out;
  }

  private readonly hitCache = new WeakMap<FakeDoc[], Map<string, FakeDoc[]>>();
  private readonly ordinalCache = new WeakMap<FakeDoc[], Map<FakeDoc, number>>();

  private ordinals(docs: FakeDoc[]): Map<FakeDoc, number> {
    let m = this.ordinalCache.get(docs);
    if (!m) this.ordinalCache.set(docs, (m = new Map(docs.map((d, i) => [d, i]))));
    return m;
  }

  /** Parse-time checks, as the server refuses a bad query before reading a document. */
  private validate(q: Record<string, unknown>): void {
    const [kind, arg] = Object.entries(q)[0] as [string, Record<string, unknown>];
    if (kind === 'bool') {
      let n = 0;
      for (const k of ['filter', 'must', 'should', 'must_not'])
        for (const c of arg[k] === undefined ? [] : Array.isArray(arg[k]) ? (arg[k] as Record<string, unknown>[]) : [arg[k] as Record<string, unknown>]) {
          n++;
          this.validate(c);
        }
      if (n > this.maxClauses) throw new ApiError(400, 'too_many_clauses', `too_many_clauses: maxClauseCount is set to ${this.maxClauses}`);
    }
    if (kind === 'query_string') queryString(String(arg.query), () => false);
  }

  private aggs(hits: FakeDoc[], aggs: Record<string, unknown>): unknown {
    const out: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(aggs) as [string, Record<string, unknown>][]) {
      if (spec.composite) {
        const c = spec.composite as {
          size?: number;
          sources: Record<string, { terms: { field: string; missing_bucket?: boolean } }>[];
          after?: Record<string, unknown>;
        };
        const srcs = c.sources.map((s) => Object.entries(s)[0]);
        const buckets = new Map<string, { key: Record<string, unknown>; docs: FakeDoc[] }>();
        for (const d of hits) {
          const key: Record<string, unknown> = {};
          let skip = false;
          for (const [k, s] of srcs) {
            const v = this.value(d, s.terms.field);
            if (v === undefined && !s.terms.missing_bucket) skip = true;
            key[k] = v ?? null;
          }
          if (skip) continue;
          const id = JSON.stringify(key);
          const b = buckets.get(id);
          if (b) b.docs.push(d);
          else buckets.set(id, { key, docs: [d] });
        }
        // Composite order: each source ascending, missing first (documented for missing_bucket).
        const cmp = (a: Record<string, unknown>, b: Record<string, unknown>): number => {
          for (const [k] of srcs) {
            const x = a[k] as string | null;
            const y = b[k] as string | null;
            if (x === y) continue;
            if (x === null) return -1;
            if (y === null) return 1;
            return x < y ? -1 : 1;
          }
          return 0;
        };
        let list = [...buckets.values()].sort((a, b) => cmp(a.key, b.key));
        if (c.after) list = list.filter((b) => cmp(b.key, c.after!) > 0);
        const page = list.slice(0, c.size ?? 10);
        out[name] = {
          ...(page.length ? { after_key: page[page.length - 1].key } : {}),
          buckets: page.map((b) => ({
            key: b.key,
            doc_count: b.docs.length,
            ...(spec.aggs ? (this.aggs(b.docs, spec.aggs as Record<string, unknown>) as object) : {}),
          })),
        };
      } else if (spec.filters) {
        const f = (spec.filters as { filters: Record<string, Record<string, unknown>> }).filters;
        out[name] = { buckets: Object.fromEntries(Object.entries(f).map(([k, q]) => [k, { doc_count: hits.filter((d) => this.matches(d, q)).length }])) };
      } else throw new ApiError(400, 'parsing_exception', `the fake has no aggregation ${Object.keys(spec).join(',')}`);
    }
    return out;
  }

  private matches(d: FakeDoc, q: Record<string, unknown>): boolean {
    const [kind, arg] = Object.entries(q)[0] as [string, Record<string, unknown>];
    switch (kind) {
      case 'match_all':
        return true;
      case 'bool': {
        const list = (k: string): Record<string, unknown>[] =>
          arg[k] === undefined ? [] : Array.isArray(arg[k]) ? (arg[k] as []) : [arg[k] as Record<string, unknown>];
        if (![...list('filter'), ...list('must')].every((c) => this.matches(d, c))) return false;
        if (list('must_not').some((c) => this.matches(d, c))) return false;
        const should = list('should');
        const min = (arg.minimum_should_match as number | undefined) ?? (list('filter').length + list('must').length > 0 ? 0 : 1);
        return should.length === 0 || should.filter((c) => this.matches(d, c)).length >= min;
      }
      case 'range': {
        const [field, r] = Object.entries(arg)[0] as [string, { gte?: string; lt?: string; lte?: string; format?: string }];
        if (field !== '@timestamp') throw new ApiError(400, 'query_shard_exception', `the fake ranges on @timestamp only, got ${field}`);
        if (r.format !== 'strict_date_optional_time_nanos')
          throw new ApiError(400, 'parse_exception', `the fake reads strict_date_optional_time_nanos, got ${r.format}`);
        return (
          (r.gte === undefined || d.timeNs >= parseNanos(r.gte)) &&
          (r.lt === undefined || d.timeNs < parseNanos(r.lt)) &&
          (r.lte === undefined || d.timeNs <= parseNanos(r.lte))
        );
      }
      case 'match_phrase': {
        const [field, v] = Object.entries(arg)[0] as [string, string];
        const text = d.fields[field];
        return text !== undefined && phraseMatches(text, v);
      }
      case 'query_string':
        return queryString(String(arg.query), (f, v, phrase) => {
          if (f === '_exists_') return d.fields[v] !== undefined;
          if (f === '_index') return d.index === v;
          const text = this.value(d, f);
          if (text === undefined) return false;
          return this.textFields.has(f) || this.plainText.has(f)
            ? phraseMatches(text, v)
            : phrase || !v.includes('*')
              ? text === v
              : new RegExp(`^${v.replace(/\*/g, '.*')}$`).test(text);
        });
      default:
        throw new ApiError(400, 'parsing_exception', `unknown query [${kind}]`);
    }
  }
}

/** A small query_string evaluator: terms `field:value`, `field:"phrase"`, AND / OR / NOT, parentheses; default OR. */
function queryString(q: string, term: (field: string, value: string, phrase: boolean) => boolean): boolean {
  const toks = [...q.matchAll(/\(|\)|"(?:[^"\\]|\\.)*"|[^\s()"]+(?:"(?:[^"\\]|\\.)*")?/g)].map((m) => m[0]);
  let i = 0;
  const fail = (why: string): never => {
    throw new ApiError(400, 'query_shard_exception', `Failed to parse query [${q}]: ${why}`);
  };
  const or = (): boolean => {
    let v = and();
    while (i < toks.length && toks[i] !== ')') {
      if (toks[i] === 'OR') i++;
      const r = and();
      v = v || r;
    }
    return v;
  };
  const and = (): boolean => {
    let v = not();
    while (toks[i] === 'AND') {
      i++;
      const r = not();
      v = v && r;
    }
    return v;
  };
  const not = (): boolean => {
    if (toks[i] === 'NOT') {
      i++;
      return !not();
    }
    return atom();
  };
  const atom = (): boolean => {
    const t = toks[i++];
    if (t === undefined) return fail('unexpected end');
    if (t === '(') {
      const v = or();
      if (toks[i++] !== ')') fail('missing )');
      return v;
    }
    const m = /^([^:]+):(.+)$/.exec(t);
    if (!m) return fail(`the fake needs field:value, got ${t}`);
    const quoted = m[2].startsWith('"');
    const value = quoted ? m[2].slice(1, -1).replace(/\\(.)/g, '$1') : m[2];
    return term(m[1], value, quoted);
  };
  const v = or();
  if (i < toks.length) fail(`unexpected ${toks[i]}`);
  return v;
}
