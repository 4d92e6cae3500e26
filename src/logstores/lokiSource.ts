/**
 * Grafana Loki as a log source, through its HTTP API's `query_range` (/loki/api/v1/query_range):
 * the user's LogQL (`--query`, a stream selector and any pipeline) followed by the catalogue's line
 * filter (`|~ "(?i)..."`, see core/logstore/pushdown.ts), one query per filter group, paged forward in
 * time. One input per stream (its label set).
 *
 * Paging as the API defines it: `start` is inclusive and `end` exclusive, `limit` bounds the entries of
 * one answer (over all streams), `direction=forward` returns the oldest first. When an answer is full,
 * the next one starts at its newest timestamp; the entries at that timestamp already taken are skipped
 * (Loki returns them again), so lines sharing a nanosecond are neither lost nor doubled. When a whole
 * answer is one nanosecond, that nanosecond is read alone (`start`..`start`+1) in one larger answer.
 *
 * Loki has no way to return a line's neighbours in one query: candidates come alone, and the lines
 * around those the engine cannot read alone are read after, stream by stream ({@link LokiSource.fetchContext}).
 *
 * Hand-written over `fetch` (Node's own): the API is two parameters and one JSON shape, and Grafana
 * publishes no maintained Node client for it.
 */
import {
  logqlDisjointFilters,
  logqlLineFilters,
  MAX_CANDIDATE_CHARS,
  mergeAnswers,
  readAround,
  textBoundHint,
  type LokiSample,
  truncationNotice,
  type CandidateFetch,
  type ContextAsk,
  type ContextFetch,
  type InputNotice,
  type LogStoreSource,
  type PushdownFilter,
  type StoreLine,
  type TimeWindow,
} from '../core';
import { fetchText, httpFailure, StoreError, storeMessage } from './storeErrors';
import { storeUrl } from './storeUrl';

/** How to reach Loki and what to ask. */
export interface LokiSpec {
  /** `http(s)://loki:3100` (a path prefix is kept: `https://grafana/loki/...` behind a proxy). */
  url: string;
  /** The user's LogQL log query: a stream selector `{app="web"}` and any pipeline stages. */
  query: string;
  /** Most lines fetched (all queries together). */
  limit: number;
  /** Most characters of line text fetched (default {@link MAX_CANDIDATE_CHARS}). */
  maxChars?: number;
  /** Entries asked per request (Loki's default `max_entries_limit_per_query` is 5000). */
  pageSize?: number;
  /** Tenant (`X-Scope-OrgID`), for multi-tenant Loki. */
  orgId?: string;
  /** Bearer token; else basic auth from `username`/`password` (or the URL's credentials). */
  bearerToken?: string;
  username?: string;
  password?: string;
  /** Abort one request after this long. */
  timeoutMs: number;
}

const DEFAULT_PAGE = 5000;

/** A `query_range` answer for a log query, as documented. */
interface StreamsAnswer {
  status: string;
  data: { resultType: string; result: { stream: Record<string, string>; values: [string, string][] }[] };
}

/** An instant query's answer for a metric query, as documented. */
interface VectorAnswer {
  status: string;
  data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
}

/** Loki's success envelope with a `resultType` answer whose every item passes `item`. */
function isAnswer(x: unknown, resultType: string, item: (s: Record<string, unknown>) => boolean): boolean {
  const a = x as { status?: unknown; data?: { resultType?: unknown; result?: unknown } };
  return (
    typeof a === 'object' &&
    a !== null &&
    a.status === 'success' &&
    typeof a.data === 'object' &&
    a.data !== null &&
    a.data.resultType === resultType &&
    Array.isArray(a.data.result) &&
    a.data.result.every((s) => typeof s === 'object' && s !== null && item(s as Record<string, unknown>))
  );
}

function isVectorAnswer(x: unknown): x is VectorAnswer {
  return isAnswer(x, 'vector', (s) => {
    const metric = s.metric as Record<string, unknown> | null;
    const value = s.value as unknown[];
    return (
      typeof metric === 'object' &&
      metric !== null &&
      Array.isArray(value) &&
      typeof value[1] === 'string' &&
      Object.values(metric).every((v) => typeof v === 'string')
    );
  });
}

/** Loki's error text: the body, or its `error` field when Loki answers in JSON. */
export function lokiErrorText(body: string): string {
  try {
    const j = JSON.parse(body) as { error?: unknown; message?: unknown };
    if (typeof j?.error === 'string') return j.error;
    if (typeof j?.message === 'string') return j.message;
  } catch {
    /* a text answer */
  }
  return body.trim();
}

/** What to do about a query Loki refused for one of its limits (documented messages), else undefined. */
export function lokiQueryAdvice(text: string): string | undefined {
  if (/maximum number of series/i.test(text))
    return "more series than Loki's max_query_series: narrow --query, --by a coarser group, or raise max_query_series";
  if (/query time range exceeds the limit|max_query_length/i.test(text)) return "the window is longer than Loki's max_query_length: narrow --since/--until";
  if (/too many bytes|too large to execute|max number of chunks|cardinality limit/i.test(text))
    return "the query reads more than Loki's limits allow: narrow --since/--until or --query";
  if (/pipeline error|__error__/i.test(text)) return 'a stage of --query failed on some lines: add | __error__="" to --query to skip them';
  return undefined;
}

function isStreamsAnswer(x: unknown): x is StreamsAnswer {
  return isAnswer(
    x,
    'streams',
    (s) =>
      typeof s.stream === 'object' &&
      Array.isArray(s.values) &&
      (s.values as unknown[]).every((v) => Array.isArray(v) && typeof v[0] === 'string' && /^\d+$/.test(v[0]) && typeof v[1] === 'string'),
  );
}

/** Requests one context read sends at most (two per candidate line, fewer where they are close). */
export const MAX_CONTEXT_REQUESTS = 400;

/** LogQL label filter stages that keep one stream's lines: `| app="web" | pod="web-1"`. */
export function streamFilter(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `| ${k}=${JSON.stringify(String(labels[k]))}`)
    .join(' ');
}

/** A label set as LogQL writes it, keys sorted: `{app="web", pod="web-1"}`. */
export function labelsText(labels: Record<string, string>): string {
  return `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(String(labels[k]))}`)
    .join(', ')}}`;
}

/** Loki as a {@link LogStoreSource}. */
export class LokiSource implements LogStoreSource {
  readonly label: string;
  /** The URL as messages may show it (no credentials). */
  readonly shownUrl: string;
  private readonly base: string;
  private readonly headers: Record<string, string>;
  /** The label set of each stream a read returned, by its name ({@link labelsText}), for {@link fetchContext}. */
  private readonly streams = new Map<string, Record<string, string>>();

  constructor(private readonly spec: LokiSpec) {
    if (!/^\s*\{/.test(spec.query))
      throw new StoreError(
        'query',
        `--query needs a LogQL log query starting with a stream selector, such as '{namespace="ci", app="jenkins"}', got "${spec.query.slice(0, 80)}"`,
      );
    const u = storeUrl(spec.url, 'loki');
    this.base = u.url;
    this.shownUrl = u.shown;
    this.label = `loki ${u.shown}`;
    this.headers = { accept: 'application/json' };
    if (spec.orgId) this.headers['X-Scope-OrgID'] = spec.orgId;
    const user = spec.username ?? u.username;
    const password = spec.password ?? u.password;
    if (spec.bearerToken) this.headers.authorization = `Bearer ${spec.bearerToken}`;
    else if (user !== undefined || password !== undefined)
      this.headers.authorization = `Basic ${Buffer.from(`${user ?? ''}:${password ?? ''}`).toString('base64')}`;
  }

  /** The LogQL queries a fetch sends: the user's query followed by each filter group. */
  queries(filter: PushdownFilter): string[] {
    const stages = logqlLineFilters(filter);
    return stages.length === 0 ? [this.spec.query] : stages.map((s) => `${this.spec.query} ${s}`);
  }

  async fetchCandidates(filter: PushdownFilter, window: TimeWindow, signal?: AbortSignal): Promise<CandidateFetch> {
    const notices: InputNotice[] = [];
    if (filter.unfiltered.length) {
      notices.push({
        level: 'warning',
        message: `${this.label}: every line of the query was fetched: ${filter.unfiltered.join(', ')} ${filter.unfiltered.length === 1 ? 'has a rule step' : 'have rule steps'} without a literal to search the store for`,
      });
    }
    const answers: StoreLine[][] = [];
    let truncated = false;
    const room = { chars: this.spec.maxChars ?? MAX_CANDIDATE_CHARS };
    for (const q of this.queries(filter)) {
      const got = await this.range(q, window, this.spec.limit, room, notices, signal);
      answers.push(got.lines);
      truncated ||= got.truncated;
      if (room.chars < 0) break;
    }
    let lines = answers.length === 1 ? answers[0] : mergeAnswers(answers);
    if (lines.length > this.spec.limit) {
      truncated = true;
      lines = lines.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0)).slice(0, this.spec.limit);
    }
    const hint =
      room.chars < 0
        ? textBoundHint(this.spec.maxChars ?? MAX_CANDIDATE_CHARS, 'narrow --since/--until or --query')
        : 'raise --store-limit or narrow --since/--until or --query';
    const matched = truncated ? await this.countCandidates(filter, window, signal) : undefined;
    const cut = truncationNotice({ lines, truncated, matched }, this.label, hint);
    if (cut) notices.push(cut);
    return { lines, truncated, matched, notices };
  }

  /**
   * The lines around `asks` (storeContext.ts), as Grafana's "show context" reads them: the user's query
   * kept to the ask's stream by label filters (so parser stages and their labels work), backward from the
   * ask's time (`end` is exclusive: its nanosecond + 1) for `before` + 1 lines, forward from it for
   * `after` + 1 ({@link readAround}: asks of one stream in time order, close ones sharing reads). At most
   * {@link MAX_CONTEXT_REQUESTS} requests; the rest of the candidates are read alone, and said.
   */
  async fetchContext(asks: readonly ContextAsk[], window: TimeWindow, signal?: AbortSignal): Promise<ContextFetch> {
    const answers: StoreLine[][] = [];
    const read = async (a: ContextAsk, from: bigint, to: bigint, limit: number, direction: 'forward' | 'backward'): Promise<StoreLine[]> => {
      const answer = await this.get(`${this.spec.query} ${streamFilter(this.streams.get(a.source) ?? {})}`, from, to, limit, signal, direction);
      const got: StoreLine[] = [];
      for (const s of answer.data.result) {
        const source = labelsText(s.stream);
        if (source === a.source) for (const [ns, line] of s.values) got.push({ source, timeNs: BigInt(ns), line });
      }
      answers.push(got);
      return got;
    };
    const notices = await readAround(
      this.label,
      asks.filter((a) => this.streams.has(a.source)),
      MAX_CONTEXT_REQUESTS,
      'requests',
      (a) => read(a, window.sinceNs, a.timeNs + 1n, a.before + 1, 'backward'),
      (a, from, limit) => read(a, from, window.untilNs, limit, 'forward'),
    );
    return { lines: mergeAnswers(answers), notices };
  }

  /**
   * The candidate lines of the window, counted by Loki (no line fetched): per filter group, an instant
   * `sum(count_over_time(...))` over the window of the lines that group selects and no group before it
   * ({@link logqlDisjointFilters}), so the sum counts a line once. Evaluated at the window's last
   * nanosecond over its length (a range covers (t - range, t]: exactly [since, until)), as `fleet --loki`
   * does. Undefined when it cannot be exact: a window not a whole number of seconds (LogQL's range), or a
   * query Loki refuses (the notice then says "more", never a wrong number).
   */
  private async countCandidates(filter: PushdownFilter, window: TimeWindow, signal?: AbortSignal): Promise<number | undefined> {
    const span = window.untilNs - window.sinceNs;
    if (span <= 0n || span % 1_000_000_000n !== 0n) return undefined;
    const stages = logqlLineFilters(filter);
    const pipelines = stages.length === 0 ? [''] : logqlDisjointFilters(stages);
    let n = 0;
    for (const p of pipelines) {
      let samples: LokiSample[];
      try {
        samples = await this.instant(`sum(count_over_time(${this.spec.query}${p ? ` ${p}` : ''} [${span / 1_000_000_000n}s]))`, window.untilNs - 1n, signal);
      } catch (err) {
        if (err instanceof StoreError && (err.failure === 'query' || err.failure === 'malformed')) return undefined;
        throw err;
      }
      for (const x of samples) {
        const v = Number(x.value);
        if (!Number.isSafeInteger(v) || v < 0) return undefined;
        n += v;
      }
    }
    return n;
  }

  /** One query over the window, paged forward, at most `limit` lines and `room`'s characters of them. */
  private async range(
    query: string,
    window: TimeWindow,
    limit: number,
    room: { chars: number },
    notices: InputNotice[],
    signal?: AbortSignal,
  ): Promise<{ lines: StoreLine[]; truncated: boolean }> {
    const page = Math.max(1, this.spec.pageSize ?? DEFAULT_PAGE);
    const key = (e: StoreLine): string => `${e.source}\u0000${e.line}`;
    const lines: StoreLine[] = [];
    let start = window.sinceNs;
    // Lines at `start` already taken (by key, with their count): Loki returns them again.
    let taken = new Map<string, number>();
    for (;;) {
      const answer = await this.get(query, start, window.untilNs, page, signal);
      const entries: StoreLine[] = [];
      for (const s of answer.data.result) {
        const source = labelsText(s.stream);
        this.streams.set(source, s.stream);
        for (const [ns, line] of s.values) entries.push({ source, timeNs: BigInt(ns), line });
      }
      entries.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
      let fresh = 0;
      const skip = new Map(taken);
      for (const e of entries) {
        const n = e.timeNs === start ? (skip.get(key(e)) ?? 0) : 0;
        if (n > 0) {
          skip.set(key(e), n - 1);
          continue;
        }
        if (lines.length >= limit || (room.chars -= e.line.length) < 0) return { lines, truncated: true };
        lines.push(e);
        fresh++;
      }
      if (entries.length < page) return { lines, truncated: false };
      const last = entries[entries.length - 1].timeNs;
      if (fresh === 0) {
        // A whole answer at one nanosecond, all taken already: read that nanosecond alone ([last, last+1)),
        // in one answer as large as Loki's default cap allows, then go on after it.
        const cap = Math.max(page, DEFAULT_PAGE);
        const at = await this.get(query, last, last + 1n, cap, signal);
        let n = 0;
        for (const s of at.data.result) {
          const source = labelsText(s.stream);
          for (const [, line] of s.values) {
            n++;
            const e: StoreLine = { source, timeNs: last, line };
            const seen = taken.get(key(e)) ?? 0;
            if (seen > 0) {
              taken.set(key(e), seen - 1);
              continue;
            }
            if (lines.length >= limit || (room.chars -= e.line.length) < 0) return { lines, truncated: true };
            lines.push(e);
          }
        }
        if (n >= cap) notices.push({ level: 'warning', message: `${this.label}: more than ${cap} lines at ${last} ns; those beyond were skipped` });
        start = last + 1n;
        taken = new Map();
        continue;
      }
      // The next answer starts at the newest timestamp; every line taken at it is skipped once there.
      start = last;
      taken = new Map();
      for (const e of lines) if (e.timeNs === last) taken.set(key(e), (taken.get(key(e)) ?? 0) + 1);
    }
  }

  private async get(
    query: string,
    start: bigint,
    end: bigint,
    limit: number,
    signal?: AbortSignal,
    direction: 'forward' | 'backward' = 'forward',
  ): Promise<StreamsAnswer> {
    const params = new URLSearchParams({ query, start: start.toString(), end: end.toString(), limit: String(limit), direction });
    const { parsed, body } = await this.post('/loki/api/v1/query_range', params, 'is --query a valid LogQL log query?', signal);
    if (!isStreamsAnswer(parsed)) {
      const what = (parsed as StreamsAnswer | undefined)?.data?.resultType;
      throw new StoreError(
        'malformed',
        storeMessage(
          'malformed',
          this.label,
          what && what !== 'streams'
            ? `a ${what} answer, not log lines: is --query a log query (not a metric query)?`
            : `not a query_range answer of log streams: ${body.slice(0, 120)}`,
        ),
      );
    }
    return parsed;
  }

  /**
   * A metric query evaluated at one instant (`/loki/api/v1/query`, `time` in ns): the series of its
   * vector answer. Loki's refusals are classed with {@link lokiQueryAdvice}.
   */
  async instant(query: string, timeNs: bigint, signal?: AbortSignal): Promise<LokiSample[]> {
    const { parsed, body } = await this.post('/loki/api/v1/query', new URLSearchParams({ query, time: timeNs.toString() }), undefined, signal);
    if (!isVectorAnswer(parsed)) {
      const what = (parsed as VectorAnswer | undefined)?.data?.resultType;
      throw new StoreError(
        'malformed',
        storeMessage('malformed', this.label, what ? `a ${what} answer to an instant metric query, not a vector` : `not a query answer: ${body.slice(0, 120)}`),
      );
    }
    return parsed.data.result.map((r) => ({ metric: r.metric, value: r.value[1] }));
  }

  /**
   * POST a form to `path` (query_range and query take it as they take GET: the filter is kilobytes, more
   * than a URL may carry through servers and proxies); the answer parsed, or a {@link StoreError}.
   */
  private async post(path: string, params: URLSearchParams, queryAdvice: string | undefined, signal?: AbortSignal): Promise<{ parsed: unknown; body: string }> {
    const { res, text: body } = await fetchText(
      `${this.base}${path}`,
      { method: 'POST', body: params, headers: this.headers },
      this.spec.timeoutMs,
      this.label,
      signal,
    );
    if (!res.ok) {
      const e = httpFailure(res.status, body.slice(0, 400), this.label);
      if (e.failure === 'query') {
        const text = lokiErrorText(body);
        throw new StoreError(
          'query',
          storeMessage('query', this.label, `HTTP ${res.status}: ${text.slice(0, 300)}`, lokiQueryAdvice(text) ?? queryAdvice),
          res.status,
        );
      }
      throw e;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    return { parsed, body };
  }
}
