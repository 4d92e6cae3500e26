/**
 * Elasticsearch and OpenSearch as a log source, through the `_search` API both speak: the user's
 * query_string (`--query`) and the window on `@timestamp`, ANDed with the catalogue's literals as
 * `match_phrase` groups (core/logstore/elasticQuery.ts); paged with `search_after` over a point in time
 * (PIT), sorted on `@timestamp` and a tiebreaker, so a page boundary inside equal timestamps neither
 * loses nor doubles a line, and every group reads the same snapshot. One input per source (host, pod,
 * container, service, file: the ECS / Filebeat / Fluent Bit fields that are set).
 *
 * Plain `fetch` (Node's own), not the official `@elastic/elasticsearch` client: since 7.14 that client
 * refuses any server that does not send `X-Elastic-Product: Elasticsearch` (ProductNotSupportedError),
 * so it cannot read OpenSearch, and the two differ in the PIT endpoints (`/<index>/_pit` and `DELETE
 * /_pit` against `/<index>/_search/point_in_time`); what is needed is five JSON requests.
 *
 * `_search` returns hits, not a hit's neighbours: candidates come alone, and the lines around those the
 * engine cannot read alone are read after, as Kibana's "surrounding documents" reads them
 * ({@link ElasticSource.fetchContext}).
 */
import {
  ES_PHRASE_NOTICE,
  ES_SOURCE_FIELDS,
  ES_GROUP_FIELDS,
  FLEET_GROUPS,
  MAX_CANDIDATE_CHARS,
  elasticBaseFilter,
  elasticFleetAnswer,
  elasticFleetRequests,
  elasticGroupLines,
  elasticGroupLinesRequest,
  elasticPhraseGroups,
  esTime,
  esTimeNs,
  queryStringPhrase,
  fleetTable,
  mergeAnswers,
  readAround,
  textBoundHint,
  truncationNotice,
  type CandidateFetch,
  type ContextAsk,
  type ContextFetch,
  type ElasticFleetSpec,
  type EsCompositeBucket,
  type EsGroupOrigins,
  type EsQuery,
  type FleetAnswer,
  type FleetGroup,
  type FleetPatterns,
  type FleetTable,
  type InputNotice,
  type LogStoreSource,
  type PushdownFilter,
  type StoreLine,
  type TimeWindow,
  grouped,
} from '../core';
import { fetchText, httpFailure, StoreError, storeMessage, type StoreFailure } from './storeErrors';
import { elasticErrorText, elasticQueryAdvice, keepSortIntegers } from './elasticAnswers';
import { storeUrl } from './storeUrl';

/** How to reach the cluster and what to read. */
export interface ElasticSpec {
  /** `http(s)://host:9200` (a path prefix behind a proxy is kept); credentials in it are used as basic auth. */
  url: string;
  /** Index, alias, data stream or pattern (`logs-*`, `a,b`). */
  index: string;
  /** The user's query_string (Lucene syntax), ANDed with the window and the filter. */
  query?: string;
  /** The message field the literals are searched in (default `message`; ECS raw line: `log.original`). */
  field?: string;
  /** Most lines fetched (all groups together). */
  limit: number;
  /** Most characters of line text fetched (default {@link MAX_CANDIDATE_CHARS}). */
  maxChars?: number;
  /** Hits per page (at most `index.max_result_window`, 10,000 by default). */
  pageSize?: number;
  /** Groups per composite aggregation page (fleet). */
  bucketPageSize?: number;
  /** Most clauses of one bool query (default ES_MAX_CLAUSES). */
  maxClauses?: number;
  /** `Authorization: ApiKey <key>` (the base64 `id:api_key` Elasticsearch gives); else bearer; else basic. */
  apiKey?: string;
  bearerToken?: string;
  username?: string;
  password?: string;
  /** Abort one request after this long. */
  timeoutMs: number;
}

const DEFAULT_PAGE = 5000;
const MAX_PAGE = 10_000;
const DEFAULT_BUCKET_PAGE = 1000;
const KEEP_ALIVE = '5m';
const FIELD = /^[A-Za-z0-9_@][A-Za-z0-9_@.-]*$/;

/** The distribution behind the URL: they differ in the PIT endpoints and the tiebreaker. */
type Product = 'elasticsearch' | 'opensearch';

/** A `_search` answer, the parts read. */
interface SearchAnswer {
  pit_id?: string;
  timed_out?: boolean;
  _shards?: { total?: number; failed?: number; failures?: { reason?: { type?: string; reason?: string } }[] };
  hits?: { total?: { value: number; relation: string }; hits: Hit[] };
  aggregations?: { g?: { after_key?: Record<string, unknown>; buckets: EsCompositeBucket[] } };
}

interface Hit {
  _id?: string;
  _index?: string;
  sort?: unknown[];
  fields?: Record<string, unknown[]>;
}

/** Elasticsearch or OpenSearch as a {@link LogStoreSource}. */
export class ElasticSource implements LogStoreSource {
  readonly label: string;
  /** The URL as messages may show it (no credentials). */
  readonly shownUrl: string;
  readonly field: string;
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private product?: Product;
  /** Each source a read returned, as a query_string that selects its documents only ({@link sourceQuery}). */
  private readonly sources = new Map<string, string>();

  constructor(private readonly spec: ElasticSpec) {
    const u = storeUrl(spec.url, 'elasticsearch');
    if (!spec.index.trim() || /[\s"\\/?#<>|]/.test(spec.index))
      throw new StoreError('query', `--index needs an index, alias, data stream or pattern such as logs-* or filebeat-*,logs-*, got "${spec.index}"`);
    this.field = spec.field ?? 'message';
    if (!FIELD.test(this.field)) throw new StoreError('query', `--es-field needs a field name such as message or log.original, got "${this.field}"`);
    this.base = u.url;
    this.shownUrl = u.shown;
    this.label = `elasticsearch ${u.shown} ${spec.index}`;
    this.headers = { accept: 'application/json', 'content-type': 'application/json' };
    const user = spec.username ?? u.username;
    const password = spec.password ?? u.password;
    if (spec.apiKey) this.headers.authorization = `ApiKey ${spec.apiKey}`;
    else if (spec.bearerToken) this.headers.authorization = `Bearer ${spec.bearerToken}`;
    else if (user !== undefined || password !== undefined)
      this.headers.authorization = `Basic ${Buffer.from(`${user ?? ''}:${password ?? ''}`).toString('base64')}`;
  }

  /** The filter groups a fetch runs (one search each); `[undefined]` when every line is a candidate. */
  groups(filter: PushdownFilter): (EsQuery | undefined)[] {
    if (filter.unfiltered.length > 0) return [undefined];
    return elasticPhraseGroups([...filter.literals, ...filter.errorWords], this.field, this.spec.maxClauses, filter.pairs);
  }

  async fetchCandidates(filter: PushdownFilter, window: TimeWindow, signal?: AbortSignal): Promise<CandidateFetch> {
    const notices: InputNotice[] = [];
    if (filter.unfiltered.length) {
      notices.push({
        level: 'warning',
        message: `${this.label}: every line of the query was fetched: ${filter.unfiltered.join(', ')} ${filter.unfiltered.length === 1 ? 'has a rule step' : 'have rule steps'} without a literal to search the store for`,
      });
    } else notices.push({ level: 'info', message: `${this.label}: ${ES_PHRASE_NOTICE}` });
    const groups = this.groups(filter);
    const base = elasticBaseFilter(window.sinceNs, window.untilNs, this.spec.query);
    const room = { chars: this.spec.maxChars ?? MAX_CANDIDATE_CHARS };
    const answers: StoreLine[][] = [];
    let truncated = false;
    let matched: number | undefined;
    let lines: StoreLine[];
    const skipped = { n: 0 };
    const pit = await this.openPit(signal);
    try {
      for (const g of groups) {
        const got = await this.search(pit, g ? [...base, g] : base, room, skipped, notices, signal);
        answers.push(got.lines);
        truncated ||= got.truncated;
        if (groups.length === 1) matched = got.total;
        if (room.chars < 0) break;
      }
      lines = answers.length === 1 ? answers[0] : mergeAnswers(answers);
      if (lines.length > this.spec.limit) {
        truncated = true;
        lines = lines.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0)).slice(0, this.spec.limit);
      }
      if (truncated && groups.length > 1) matched = await this.countUnion(pit, base, groups as EsQuery[], signal);
    } finally {
      await this.closePit(pit);
    }
    if (skipped.n > 0) notices.push({ level: 'warning', message: `${this.label}: ${grouped(skipped.n)} documents without a ${this.field} field were skipped` });
    const hint =
      room.chars < 0
        ? textBoundHint(this.spec.maxChars ?? MAX_CANDIDATE_CHARS, 'narrow --since/--until or --query')
        : 'raise --store-limit or narrow --since/--until or --query';
    const cut = truncationNotice({ lines, truncated, matched: truncated ? matched : undefined }, this.label, hint);
    if (cut) notices.push(cut);
    return { lines, truncated, matched: truncated ? matched : undefined, notices };
  }

  /**
   * The lines around `asks` (storeContext.ts), as Kibana's "view surrounding documents" reads them: per
   * ask, the user's query and the window kept to the ask's source (its fields as phrases, the fields it
   * lacks absent), sorted on `@timestamp` backward from the ask's time for `before` + 1 documents and
   * forward for `after` + 1 ({@link readAround}: asks of one source in time order, close ones sharing
   * reads). At most {@link MAX_CONTEXT_SEARCHES} searches; the rest of the candidates are read alone, and said.
   */
  async fetchContext(asks: readonly ContextAsk[], window: TimeWindow, signal?: AbortSignal): Promise<ContextFetch> {
    const answers: StoreLine[][] = [];
    const notices: InputNotice[] = [];
    const read = async (a: ContextAsk, from: bigint, size: number, order: 'asc' | 'desc'): Promise<StoreLine[]> => {
      const sourceQuery = this.sources.get(a.source)!;
      const range = order === 'desc' ? { gte: esTime(window.sinceNs), lte: esTime(from) } : { gte: esTime(from), lt: esTime(window.untilNs) };
      const filter: EsQuery[] = [
        { range: { '@timestamp': { ...range, format: 'strict_date_optional_time_nanos' } } },
        { query_string: { query: this.spec.query?.trim() ? `(${this.spec.query}) AND (${sourceQuery})` : sourceQuery } },
      ];
      const body: EsQuery = {
        size,
        query: { bool: { filter } },
        sort: [{ '@timestamp': { order } }],
        _source: false,
        fields: [this.field, { field: '@timestamp', format: 'strict_date_optional_time_nanos' }, ...ES_SOURCE_FIELDS],
        track_total_hits: false,
      };
      const answer = await this.request<SearchAnswer>('POST', `/${this.indexPath}/_search`, body, signal);
      if (!answer.hits || !Array.isArray(answer.hits.hits)) throw this.malformed('not a _search answer with hits');
      this.partial(answer, notices);
      const got: StoreLine[] = [];
      for (const h of answer.hits.hits) {
        const raw = h.fields?.[this.field];
        const timeNs = esTimeNs(h.fields?.['@timestamp']?.[0]);
        if (!Array.isArray(raw) || raw.length === 0 || timeNs === undefined || sourceOf(h) !== a.source) continue;
        got.push({ source: a.source, timeNs, line: raw.map(String).join(' ') });
      }
      answers.push(got);
      return got;
    };
    notices.push(
      ...(await readAround(
        this.label,
        asks.filter((a) => this.sources.has(a.source)),
        MAX_CONTEXT_SEARCHES,
        'searches',
        (a) => read(a, a.timeNs, a.before + 1, 'desc'),
        (a, from, limit) => read(a, from, Math.min(limit, MAX_PAGE), 'asc'),
      )),
    );
    return { lines: mergeAnswers(answers), notices };
  }

  /**
   * One group over the PIT, paged with `search_after`: at most the limit's lines and `room`'s characters.
   * `total` is the store's count of the group's hits, when it is exact.
   */
  private async search(
    pit: { id: string },
    filter: EsQuery[],
    room: { chars: number },
    skipped: { n: number },
    notices: InputNotice[],
    signal?: AbortSignal,
  ): Promise<{ lines: StoreLine[]; truncated: boolean; total?: number }> {
    const page = Math.max(1, Math.min(this.spec.pageSize ?? DEFAULT_PAGE, MAX_PAGE));
    const product = await this.distribution(signal);
    const sort = [{ '@timestamp': { order: 'asc' } }, product === 'opensearch' ? { _id: 'asc' } : { _shard_doc: 'asc' }];
    const lines: StoreLine[] = [];
    let after: unknown[] | undefined;
    let total: number | undefined;
    for (let first = true; ; first = false) {
      const body: EsQuery = {
        size: page,
        query: { bool: { filter } },
        sort,
        pit: { id: pit.id, keep_alive: KEEP_ALIVE },
        _source: false,
        fields: [this.field, { field: '@timestamp', format: 'strict_date_optional_time_nanos' }, ...ES_SOURCE_FIELDS],
        track_total_hits: first,
        ...(after ? { search_after: after } : {}),
      };
      const a = await this.request<SearchAnswer>('POST', '/_search', body, signal);
      if (!a.hits || !Array.isArray(a.hits.hits)) throw this.malformed(`not a _search answer with hits`);
      if (a.pit_id) pit.id = a.pit_id;
      if (first && a.hits.total?.relation === 'eq') total = a.hits.total.value;
      this.partial(a, notices);
      for (const h of a.hits.hits) {
        const raw = h.fields?.[this.field];
        if (!Array.isArray(raw) || raw.length === 0) {
          skipped.n++;
          continue;
        }
        const timeNs = esTimeNs(h.fields?.['@timestamp']?.[0]);
        if (timeNs === undefined) throw this.malformed(`document ${String(h._id)} of ${String(h._index)} has no @timestamp`);
        const line = raw.map(String).join(' ');
        if (lines.length >= this.spec.limit || (room.chars -= line.length) < 0) return { lines, truncated: true, total };
        const source = sourceOf(h);
        if (!this.sources.has(source)) this.sources.set(source, sourceQuery(h));
        lines.push({ source, timeNs, line });
      }
      const last = a.hits.hits[a.hits.hits.length - 1];
      if (a.hits.hits.length < page) return { lines, truncated: false, total };
      if (!Array.isArray(last.sort)) throw this.malformed('a hit without its sort values (search_after needs them)');
      after = last.sort;
    }
  }

  /**
   * The hits of the union of several groups, counted by the store in one search over the same PIT (no hit
   * fetched): the groups as the `should` of one bool, each still its own bool within the clause bound. A
   * `undefined` when the store cannot count it exactly (a clause limit over the whole query, as
   * Elasticsearch 8 has it; a total given as a lower bound): the notice then says "more", never a wrong number.
   */
  private async countUnion(pit: { id: string }, base: EsQuery[], groups: EsQuery[], signal?: AbortSignal): Promise<number | undefined> {
    const body: EsQuery = {
      size: 0,
      query: { bool: { filter: base, should: groups, minimum_should_match: 1 } },
      pit: { id: pit.id, keep_alive: KEEP_ALIVE },
      track_total_hits: true,
    };
    let a: SearchAnswer;
    try {
      a = await this.request<SearchAnswer>('POST', '/_search', body, signal);
    } catch (err) {
      if (err instanceof StoreError && err.status === 400) return undefined;
      throw err;
    }
    if (a.pit_id) pit.id = a.pit_id;
    if ((a._shards?.failed ?? 0) > 0 || a.timed_out) return undefined;
    return a.hits?.total?.relation === 'eq' ? a.hits.total.value : undefined;
  }

  /** Shards that failed or a search that timed out: the answer is partial, and the user is told. */
  private partial(a: SearchAnswer, notices: InputNotice[]): void {
    const failed = a._shards?.failed ?? 0;
    const say = (message: string): void => {
      if (!notices.some((n) => n.message === message)) notices.push({ level: 'warning', message });
    };
    if (failed > 0) {
      const why = a._shards?.failures?.[0]?.reason;
      say(
        `${this.label}: ${failed} of ${a._shards?.total ?? '?'} shards failed, their lines are missing${why?.reason ? ` (${why.type}: ${why.reason.slice(0, 200)})` : ''}`,
      );
    }
    if (a.timed_out) say(`${this.label}: the store's search timed out and returned part of its hits`);
  }

  /** Elasticsearch or OpenSearch, from the root endpoint's `version.distribution` (asked once). */
  private async distribution(signal?: AbortSignal): Promise<Product> {
    if (!this.product) {
      const info = await this.request<{ version?: { distribution?: string } }>('GET', '/', undefined, signal);
      this.product = info?.version?.distribution === 'opensearch' ? 'opensearch' : 'elasticsearch';
    }
    return this.product;
  }

  private async openPit(signal?: AbortSignal): Promise<{ id: string }> {
    const product = await this.distribution(signal);
    const index = this.indexPath;
    const path = product === 'opensearch' ? `/${index}/_search/point_in_time?keep_alive=${KEEP_ALIVE}` : `/${index}/_pit?keep_alive=${KEEP_ALIVE}`;
    let a: { id?: unknown; pit_id?: unknown };
    try {
      a = await this.request('POST', path, undefined, signal);
    } catch (err) {
      if (err instanceof StoreError && (err.status === 404 || err.status === 405) && !/index_not_found/.test(err.message))
        throw new StoreError(
          'query',
          storeMessage('query', this.label, 'no point-in-time API', 'reading pages needs Elasticsearch 7.10 or later, or OpenSearch 2.4 or later'),
        );
      throw err;
    }
    const id = product === 'opensearch' ? a?.pit_id : a?.id;
    if (typeof id !== 'string' || !id) throw this.malformed('the point in time was opened without an id');
    return { id };
  }

  /** Free the PIT (it would expire after its keep-alive anyway): a failure here loses nothing. */
  private async closePit(pit: { id: string }): Promise<void> {
    const opensearch = this.product === 'opensearch';
    try {
      await this.request('DELETE', opensearch ? '/_search/point_in_time' : '/_pit', opensearch ? { pit_id: [pit.id] } : { id: pit.id });
    } catch {
      /* expires by itself */
    }
  }

  /** The group fields of `by` as the index can aggregate them (a text field's `.keyword`), from `_field_caps`. */
  async groupFields(by: string, signal?: AbortSignal): Promise<string[]> {
    const wanted = (FLEET_GROUPS as readonly string[]).includes(by) ? ES_GROUP_FIELDS[by as FleetGroup] : [by];
    if (!wanted.every((f) => FIELD.test(f))) throw new StoreError('query', `--by needs ${FLEET_GROUPS.join(', ')} or a field name, got "${by}"`);
    const index = this.indexPath;
    const names = wanted.flatMap((f) => [f, `${f}.keyword`]);
    const caps = await this.request<{ fields?: Record<string, Record<string, { aggregatable?: boolean }>> }>(
      'GET',
      `/${index}/_field_caps?fields=${names.map(encodeURIComponent).join(',')}`,
      undefined,
      signal,
    );
    const agg = (f: string): boolean => Object.values(caps?.fields?.[f] ?? {}).some((t) => t?.aggregatable === true);
    const out: string[] = [];
    const unusable: string[] = [];
    for (const f of wanted) {
      if (agg(f)) out.push(f);
      else if (agg(`${f}.keyword`)) out.push(`${f}.keyword`);
      else if (caps?.fields?.[f]) unusable.push(f);
    }
    if (out.length === 0)
      throw new StoreError(
        'query',
        storeMessage(
          'query',
          this.label,
          unusable.length
            ? `${unusable.join(', ')} cannot be aggregated (a text field without a .keyword sub-field)`
            : `no document has ${wanted.length === 1 ? wanted[0] : `any of ${wanted.join(', ')}`}`,
          `choose another --by${(FLEET_GROUPS as readonly string[]).includes(by) ? '' : ' (a keyword field)'}`,
        ),
      );
    return out;
  }

  /**
   * Candidate lines per signature and group (`by`: a fleet group or a field name) in `window`, counted by
   * the store's aggregations: one composite aggregation of line counts per group, then the signatures
   * packed into as few requests as the clause bound allows, each paged over its groups. No line is fetched.
   */
  async fleetCounts(
    fp: FleetPatterns,
    by: string,
    window: TimeWindow,
    signal?: AbortSignal,
  ): Promise<FleetTable & { queries: number; origins: EsGroupOrigins; groupFields: string[] }> {
    const groupFields = await this.groupFields(by, signal);
    const spec: ElasticFleetSpec = {
      field: this.field,
      groupFields,
      filter: elasticBaseFilter(window.sinceNs, window.untilNs, this.spec.query),
      pageSize: this.spec.bucketPageSize ?? DEFAULT_BUCKET_PAGE,
      maxClauses: this.spec.maxClauses,
    };
    const origins: EsGroupOrigins = new Map();
    let queries = 0;
    const pages = async (body: EsQuery): Promise<EsCompositeBucket[]> => {
      const out: EsCompositeBucket[] = [];
      for (let after: Record<string, unknown> | undefined; ;) {
        const req = structuredClone(body) as { aggs: { g: { composite: Record<string, unknown> } } };
        if (after) req.aggs.g.composite.after = after;
        queries++;
        const a = await this.request<SearchAnswer>('POST', `/${this.indexPath}/_search`, req, signal);
        const g = a?.aggregations?.g;
        if (!g || !Array.isArray(g.buckets)) throw this.malformed('not a composite aggregation answer');
        if ((a._shards?.failed ?? 0) > 0 || a.timed_out) {
          const why = a._shards?.failures?.[0]?.reason;
          throw new StoreError(
            'http',
            storeMessage(
              'http',
              this.label,
              `${a.timed_out ? 'the search timed out' : `${a._shards?.failed} shards failed`}${why?.reason ? `: ${why.type}: ${why.reason}` : ''}`,
              'the counts would be short: try again, or narrow --since/--until',
            ),
          );
        }
        out.push(...g.buckets);
        if (g.buckets.length < spec.pageSize || !g.after_key) return out;
        after = g.after_key;
      }
    };
    const groups = elasticGroupLines(await pages(elasticGroupLinesRequest(spec)), groupFields.length, origins);
    const answers: FleetAnswer[] = [];
    try {
      if (groups.length > 0)
        for (const r of elasticFleetRequests(fp.patterns, spec)) answers.push(elasticFleetAnswer(r.ids, await pages(r.body), groupFields.length, origins));
      return { ...fleetTable(fp, answers, groups), queries, origins, groupFields };
    } catch (err) {
      if (err instanceof StoreError) throw err;
      throw this.malformed((err as Error).message);
    }
  }

  /** The index pattern as a path segment (its commas and stars kept). */
  private get indexPath(): string {
    return encodeURIComponent(this.spec.index).replace(/%2C/g, ',').replace(/%2A/g, '*');
  }

  private malformed(what: string): StoreError {
    return new StoreError('malformed', storeMessage('malformed', this.label, what));
  }

  /** One JSON request; the answer parsed, or a {@link StoreError} of its class. */
  private async request<T>(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const { res, text } = await fetchText(
      `${this.base}${path}`,
      { method, headers: this.headers, body: body === undefined ? undefined : JSON.stringify(body) },
      this.spec.timeoutMs,
      this.label,
      signal,
    );
    if (!res.ok) {
      const detail = elasticErrorText(text).slice(0, 300);
      const advice = elasticQueryAdvice(detail);
      const e = httpFailure(res.status, detail, this.label);
      const failure: StoreFailure = advice && (e.failure === 'query' || e.failure === 'http') ? 'query' : e.failure;
      if (failure === 'query') throw new StoreError('query', storeMessage('query', this.label, `HTTP ${res.status}: ${detail}`, advice), res.status);
      throw new StoreError(e.failure, e.message, res.status);
    }
    try {
      return JSON.parse(keepSortIntegers(text)) as T;
    } catch {
      throw this.malformed(`not JSON: ${text.slice(0, 120)}`);
    }
  }
}

/** Searches one context read sends at most (two per candidate line, fewer where they are close). */
export const MAX_CONTEXT_SEARCHES = 400;

/** The documents of a hit's source: its source fields as phrases, the others absent, its index when it has none. */
function sourceQuery(h: Hit): string {
  const parts = ES_SOURCE_FIELDS.map((f) => {
    const v = h.fields?.[f]?.[0];
    return v === undefined || v === null || v === '' ? `NOT _exists_:${f}` : `${f}:${queryStringPhrase(String(v))}`;
  });
  if (parts.every((p) => p.startsWith('NOT '))) parts.push(`_index:${queryStringPhrase(String(h._index ?? ''))}`);
  return parts.join(' AND ');
}

/** A hit's source: the ECS / Filebeat / Fluent Bit fields set on it, `index=<name>` when none is. */
function sourceOf(h: Hit): string {
  const parts = ES_SOURCE_FIELDS.flatMap((f) => {
    const v = h.fields?.[f]?.[0];
    return v === undefined || v === null || v === '' ? [] : [`${f}=${String(v)}`];
  });
  return parts.length ? parts.join(' ') : `index=${h._index ?? '?'}`;
}
