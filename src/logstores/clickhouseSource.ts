/**
 * ClickHouse as a log source, through the official `@clickhouse/client` over HTTP(S): the table of the
 * OpenTelemetry collector's ClickHouse exporter (`otel_logs`: Timestamp DateTime64(9), ServiceName,
 * Body, ResourceAttributes Map ...). The catalogue's filter runs in ClickHouse
 * (RE2 `match`, see core/logstore/pushdown.ts); only candidate rows come back, with the lines around
 * them the engine reads, one input per service and host.
 *
 * `--where` is the user's own SQL condition, put in the query as given (in parentheses, on lines of its
 * own so a `--` comment cannot swallow the rest): it runs with the user's credentials on the user's
 * server, as it would in clickhouse-client.
 */
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import {
  CLICKHOUSE_GROUP_KEYS,
  MAX_CANDIDATE_CHARS,
  textBoundHint,
  clickhouseConditions,
  fleetQueries,
  fleetTable,
  groupLinesQuery,
  truncationNotice,
  type FleetAnswer,
  type FleetGroup,
  type FleetPatterns,
  type FleetTable,
  type ClickHouseConditions,
  mergeAnswers,
  sqlString,
  type CandidateFetch,
  type ContextAsk,
  type ContextFetch,
  type InputNotice,
  type LogStoreSource,
  type PushdownFilter,
  type StoreLine,
  type TimeWindow,
  grouped,
} from '../core';
import { networkFailure, StoreError, storeMessage, type StoreFailure } from './storeErrors';
import { storeUrl } from './storeUrl';

/** How to reach and read the table. */
export interface ClickHouseSpec {
  /** `http(s)://host:8123`; credentials in it (`user:pass@`) are taken out and used as the login. */
  url: string;
  /** `[database.]table` in the exporter's shape (default `otel_logs`). */
  table: string;
  /** The user's SQL condition, ANDed with the time window and the filter. */
  where?: string;
  /** Most rows fetched. */
  limit: number;
  /** Most characters of line text fetched (default {@link MAX_CANDIDATE_CHARS}). */
  maxChars?: number;
  /** Login (default: from the URL, else the server's default user). */
  username?: string;
  password?: string;
  /** Abort a request after this long. */
  timeoutMs: number;
  /** Most bytes (UTF-8) of one query for a user who may not raise `max_query_size` (the server's default is 262,144 bytes). */
  maxQueryChars?: number;
}

/**
 * The bound of one query when the server does not let the user raise `max_query_size` (readonly = 1):
 * under ClickHouse's default (262,144 bytes) with room for the user's `--where`. The candidate query of
 * the shipped catalogue (216 signatures) is about 250,000 bytes once the literals a shorter one implies
 * are dropped: one query. A longer one is sent whole with `max_query_size` raised ({@link querySettings}),
 * packed under this bound only for a user who may not raise it, and a cut read then says "more".
 */
const DEFAULT_MAX_QUERY_CHARS = 255_000;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `db.table` as quoted identifiers; anything else is refused (a name, not SQL). */
export function tableIdentifier(table: string): string {
  const parts = table.split('.');
  if (parts.length > 2 || !parts.every((p) => IDENTIFIER.test(p)))
    throw new StoreError('query', `--table needs a table name such as otel_logs or logs.otel_logs, got "${table}"`);
  return parts.map((p) => `\`${p}\``).join('.');
}

/** The WHERE clause of a fetch: the window (as query parameters) and the user's condition. */
export function whereClause(where: string | undefined): string {
  const parts = ['Timestamp >= fromUnixTimestamp64Nano({since:Int64})', 'Timestamp < fromUnixTimestamp64Nano({until:Int64})'];
  if (where?.trim()) parts.push(`(\n${where}\n)`);
  return parts.join('\n  AND ');
}

const SOURCE_COLUMNS = "ServiceName, ResourceAttributes['host.name']";

/** The columns of a row a read returns (time in ns as text, source, body). */
const ROW_COLUMNS = `toString(toUnixTimestamp64Nano(Timestamp)) AS t, Timestamp AS ts, ServiceName AS s, ResourceAttributes['host.name'] AS h, Body AS b`;
/** A row's position in its source, free beside a window: it orders rows of one time read by different queries. */
const POSITION = `row_number() OVER (PARTITION BY ${SOURCE_COLUMNS} ORDER BY Timestamp)`;

/** What one query selects: rows matching `literals` with their context, rows matching `errorWords` alone; every row when neither. */
export interface QueryPart {
  literals?: string;
  errorWords?: string;
}

/**
 * The rows of a part: the candidates of `literals` and, in the same source (service and host), the
 * `context` rows before and after each (a window function: a row is kept when a candidate lies within
 * `after` rows before it or `before` rows after it), and the rows of `errorWords`.
 */
function selected(table: string, where: string | undefined, part: QueryPart, context: PushdownFilter['context']): string {
  const from = `FROM ${tableIdentifier(table)}\nWHERE ${whereClause(where)}`;
  if (!part.literals && !part.errorWords) return `SELECT ${ROW_COLUMNS}, 0 AS n\n${from}`;
  const before = Math.max(0, Math.floor(context.before));
  const after = Math.max(0, Math.floor(context.after));
  // The literals are evaluated inside a window even without context (0 rows either side): measured on
  // chDB (bench/fleet.mjs, one node of 64 MiB), a plain condition was moved before the user's --where
  // (PREWHERE) and ran the regexes on every row of the table, 10x the CPU.
  const near = part.literals
    ? `max(${part.literals}) OVER (PARTITION BY ${SOURCE_COLUMNS} ORDER BY Timestamp ROWS BETWEEN ${after} PRECEDING AND ${before} FOLLOWING)`
    : '0';
  const position = part.literals ? POSITION : '0';
  return `SELECT * FROM (
SELECT ${ROW_COLUMNS},
  ${near} AS near,
  ${position} AS n,
  ${part.errorWords ?? '0'} AS alone
${from}
) WHERE near OR alone`;
}

/**
 * The rows around some candidates (storeContext.ts): in the asked sources, each row within `after` rows
 * after an asked row or `before` rows before it (the asked rows are those of the source at the asked
 * time), earliest first, at most `{limit}` rows.
 */
export function contextQuery(
  table: string,
  where: string | undefined,
  asks: readonly { s: string; h: string; t: bigint }[],
  context: PushdownFilter['context'],
): string {
  const sources = [...new Set(asks.map((a) => `(${sqlString(a.s)}, ${sqlString(a.h)})`))].join(', ');
  const at = asks.map((a) => `(${sqlString(a.s)}, ${sqlString(a.h)}, ${a.t})`).join(', ');
  const before = Math.max(0, Math.floor(context.before));
  const after = Math.max(0, Math.floor(context.after));
  return `SELECT t, s, h, b, n FROM (
SELECT ${ROW_COLUMNS},
  max((${SOURCE_COLUMNS}, toUnixTimestamp64Nano(Timestamp)) IN (${at})) OVER (PARTITION BY ${SOURCE_COLUMNS} ORDER BY Timestamp ROWS BETWEEN ${after} PRECEDING AND ${before} FOLLOWING) AS near,
  ${POSITION} AS n
FROM ${tableIdentifier(table)}
WHERE ${whereClause(where)}
  AND (${SOURCE_COLUMNS}) IN (${sources})
) WHERE near
ORDER BY ts
LIMIT {limit:UInt64}`;
}

/** Most bytes of the asked rows in one context query: with the rest, under the server's default `max_query_size`. */
const CONTEXT_ASK_BYTES = 200_000;

/** The candidate query: candidates and their context, earliest first, at most `{limit}` rows. */
export function candidateQuery(table: string, where: string | undefined, part: QueryPart, context: PushdownFilter['context']): string {
  return `SELECT t, s, h, b, n FROM (\n${selected(table, where, part, context)}\n)\nORDER BY ts\nLIMIT {limit:UInt64}`;
}

/** How many rows the candidate query selects, without its limit. */
export function countQuery(table: string, where: string | undefined, part: QueryPart, context: PushdownFilter['context']): string {
  return `SELECT toString(count()) AS n FROM (\n${selected(table, where, part, context)}\n)`;
}

/**
 * The parts to run: the conditions packed in order into as few queries as `maxBytes` allows (each
 * query reads the whole window once, so fewer is cheaper); a condition too large alone still gets a
 * query of its own (the server then refuses it with its own message, rather than it being dropped).
 */
export function queryParts(conds: ClickHouseConditions, fixedBytes: number, maxBytes: number): QueryPart[] {
  const or = (c: string[]): string | undefined => (c.length ? c.map((x) => `(${x})`).join(' OR ') : undefined);
  const items = [...conds.literals.map((c) => ({ c, alone: false })), ...conds.errorWords.map((c) => ({ c, alone: true }))];
  if (items.length === 0) return [{}];
  const parts: { literals: string[]; errorWords: string[] }[] = [];
  let cur = { literals: [] as string[], errorWords: [] as string[] };
  let used = fixedBytes;
  for (const it of items) {
    const n = Buffer.byteLength(it.c) + ' OR ()'.length;
    if (cur.literals.length + cur.errorWords.length > 0 && used + n > maxBytes) {
      parts.push(cur);
      cur = { literals: [], errorWords: [] };
      used = fixedBytes;
    }
    (it.alone ? cur.errorWords : cur.literals).push(it.c);
    used += n;
  }
  parts.push(cur);
  return parts.map((p) => ({ literals: or(p.literals), errorWords: or(p.errorWords) }));
}

/** ClickHouse error codes, by what the user must do. */
const CODE_FAILURE: Record<string, StoreFailure> = {
  '516': 'unauthorized',
  '192': 'unauthorized',
  '193': 'unauthorized',
  '194': 'unauthorized', // AUTHENTICATION_FAILED, UNKNOWN_USER, WRONG_PASSWORD, REQUIRED_PASSWORD
  '497': 'forbidden',
  '164': 'forbidden', // ACCESS_DENIED, READONLY
  '202': 'rate-limited',
  '201': 'rate-limited', // TOO_MANY_SIMULTANEOUS_QUERIES, QUOTA_EXCEEDED
  '159': 'timeout',
  '209': 'timeout',
  '394': 'cancelled', // TIMEOUT_EXCEEDED, SOCKET_TIMEOUT, QUERY_WAS_CANCELLED
};

/** A failure of the client: the server's error by its code, a proxy's text, or the network. */
export function clickhouseFailure(err: unknown, label: string, where: string | undefined): StoreError {
  if (err instanceof StoreError) return err;
  const e = err as { code?: string; type?: string; message?: string };
  const message = String(e?.message ?? err);
  if (typeof e?.type === 'string' && /^\d+$/.test(String(e.code))) {
    const failure = CODE_FAILURE[String(e.code)] ?? 'query';
    // The server quotes the whole query after "in scope": the catalogue's filter, not worth showing.
    const text = `${e.type}: ${message.replace(/ in scope [\s\S]*$/, '')}`;
    return new StoreError(failure, storeMessage(failure, label, text, failure === 'query' && where ? 'is --where valid SQL for this table?' : undefined));
  }
  if (/^Timeout error/.test(message)) return new StoreError('timeout', storeMessage('timeout', label, 'no answer in time'));
  // A proxy in front of ClickHouse answers in its own words: the status only shows in its text.
  if (/\b429\b|too many requests|rate limit/i.test(message)) return new StoreError('rate-limited', storeMessage('rate-limited', label, message));
  if (/\b401\b|unauthori[sz]ed/i.test(message)) return new StoreError('unauthorized', storeMessage('unauthorized', label, message));
  if (/\b403\b|forbidden/i.test(message)) return new StoreError('forbidden', storeMessage('forbidden', label, message));
  if (typeof (e as NodeJS.ErrnoException)?.code === 'string' || /aborted/i.test(message)) return networkFailure(err, label);
  return new StoreError('http', storeMessage('http', label, message));
}

interface Row {
  t: string;
  s: string;
  h: string;
  b: string;
  /** Position in its source (from 1), '0' or absent when the query does not know it. */
  n?: string;
}

/** A row as a store line. */
function storeLine(source: string, r: Row): StoreLine {
  const pos = Number(r.n ?? 0);
  return pos > 0 ? { source, timeNs: BigInt(r.t), line: r.b, pos } : { source, timeNs: BigInt(r.t), line: r.b };
}

/** ClickHouse as a {@link LogStoreSource}. */
export class ClickHouseSource implements LogStoreSource {
  readonly label: string;
  readonly contextInQuery = true;
  /** The URL as messages may show it (no credentials). */
  readonly shownUrl: string;
  private readonly client: ClickHouseClient;
  /** The service and host of each source a read returned, for {@link fetchContext}. */
  private readonly sourceKeys = new Map<string, { s: string; h: string }>();

  constructor(private readonly spec: ClickHouseSpec) {
    tableIdentifier(spec.table);
    const u = storeUrl(spec.url, 'clickhouse');
    this.shownUrl = u.shown;
    this.label = `clickhouse ${u.shown} ${spec.table}`;
    this.client = createClient({
      url: u.url,
      username: spec.username ?? u.username ?? 'default',
      password: spec.password ?? u.password ?? '',
      request_timeout: spec.timeoutMs,
      compression: { response: true, request: false },
      application: 'postmortem-lens',
      // The client logs failures with their stack to the console; they reach the user as our own message instead.
      log: { level: ClickHouseLogLevel.OFF },
    });
  }

  async fetchCandidates(filter: PushdownFilter, window: TimeWindow, signal?: AbortSignal): Promise<CandidateFetch> {
    const notices: InputNotice[] = [];
    if (filter.unfiltered.length) {
      notices.push({
        level: 'warning',
        message: `${this.label}: every line of the window was fetched: ${filter.unfiltered.join(', ')} ${filter.unfiltered.length === 1 ? 'has a rule step' : 'have rule steps'} without a literal to search the store for`,
      });
    }
    const conds = clickhouseConditions(filter, 'Body');
    const params = { since: window.sinceNs.toString(), until: window.untilNs.toString(), limit: this.spec.limit };
    const room = { chars: this.spec.maxChars ?? MAX_CANDIDATE_CHARS };
    try {
      // The whole filter in one query: one scan of the window, and an exact count when the limit cuts it.
      const whole = queryParts(conds, 0, Infinity)[0];
      try {
        return await this.fetchParts([whole], filter, params, room, notices, signal);
      } catch (err) {
        if (!refusesQuerySize(err)) throw err;
      }
      // This user may not raise max_query_size (readonly = 1, or a constraint): queries under the server's default.
      const max = this.spec.maxQueryChars ?? DEFAULT_MAX_QUERY_CHARS;
      const parts = queryParts(
        conds,
        Buffer.byteLength(candidateQuery(this.spec.table, this.spec.where, { literals: 'x', errorWords: 'x' }, filter.context)),
        max,
      );
      if (parts.length > 1)
        notices.push({
          level: 'info',
          message: `${this.label}: the catalogue's filter was sent as ${parts.length} queries (each under ${grouped(max)} bytes): the server does not let this user raise max_query_size (readonly = 1 or a settings constraint; readonly = 2 allows it)`,
        });
      return await this.fetchParts(parts, filter, params, { chars: this.spec.maxChars ?? MAX_CANDIDATE_CHARS }, notices, signal);
    } catch (err) {
      throw clickhouseFailure(err, this.label, this.spec.where);
    }
  }

  /**
   * The candidates of `parts` (one query each, their answers merged), with the exact count when the
   * limit or the text bound cuts a single query's answer.
   */
  private async fetchParts(
    parts: QueryPart[],
    filter: PushdownFilter,
    params: Record<string, unknown>,
    room: { chars: number },
    notices: InputNotice[],
    signal?: AbortSignal,
  ): Promise<CandidateFetch> {
    const answers: StoreLine[][] = [];
    let truncated = false;
    for (const part of parts) {
      const { rows, cut } = await this.candidateRows(candidateQuery(this.spec.table, this.spec.where, part, filter.context), params, room, signal);
      if (rows.length >= this.spec.limit || cut) truncated = true;
      answers.push(rows.map((r) => storeLine(this.sourceKey(r), r)));
      if (cut) break;
    }
    let lines = answers.length === 1 ? answers[0] : mergeAnswers(answers);
    let matched: number | undefined;
    if (truncated) {
      // With several queries the union may exceed the limit: the earliest `limit` lines are kept.
      lines = lines.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0)).slice(0, this.spec.limit);
      // A union over queries is not counted (the rows several select would count twice): the notice says "more".
      if (parts.length === 1) {
        const counted = await this.rows<{ n: string }>(countQuery(this.spec.table, this.spec.where, parts[0], filter.context), params, signal);
        matched = Number(counted[0]?.n);
      }
    }
    const full = room.chars < 0;
    const out = [...notices];
    const cut = truncationNotice(
      { lines, matched, truncated },
      this.label,
      full ? textBoundHint(this.spec.maxChars ?? MAX_CANDIDATE_CHARS, 'narrow --since/--until or --where') : 'raise --store-limit or narrow --since/--until',
    );
    if (cut) out.push(cut);
    return { lines, matched, truncated, notices: out };
  }

  /**
   * The lines around `asks` (storeContext.ts): one query per batch of asks that fits under the server's
   * default query size, each a scan of the window in the asked sources only. Bounded like a candidate
   * read (`--store-limit` rows, {@link MAX_CANDIDATE_CHARS} of text), the earliest kept, and said.
   */
  async fetchContext(asks: readonly ContextAsk[], window: TimeWindow, signal?: AbortSignal): Promise<ContextFetch> {
    const params = { since: window.sinceNs.toString(), until: window.untilNs.toString(), limit: this.spec.limit };
    const room = { chars: this.spec.maxChars ?? MAX_CANDIDATE_CHARS };
    const answers: StoreLine[][] = [];
    const notices: InputNotice[] = [];
    // Batches of asks of one context size, each under the bytes one query may hold.
    const batches: { context: PushdownFilter['context']; asks: { s: string; h: string; t: bigint }[] }[] = [];
    const open = new Map<string, { context: PushdownFilter['context']; asks: { s: string; h: string; t: bigint }[]; bytes: number }>();
    for (const a of asks) {
      const key = this.sourceKeys.get(a.source);
      if (!key) continue;
      const size = `${a.before}/${a.after}`;
      const n = Buffer.byteLength(key.s) + Buffer.byteLength(key.h) + 32;
      let batch = open.get(size);
      if (!batch || batch.bytes + n > CONTEXT_ASK_BYTES) {
        batch = { context: { before: a.before, after: a.after }, asks: [], bytes: 0 };
        open.set(size, batch);
        batches.push(batch);
      }
      batch.asks.push({ ...key, t: a.timeNs });
      batch.bytes += n;
    }
    let rowsLeft = this.spec.limit;
    try {
      for (const batch of batches) {
        const { rows, cut } = await this.candidateRows(
          contextQuery(this.spec.table, this.spec.where, batch.asks, batch.context),
          { ...params, limit: rowsLeft },
          room,
          signal,
        );
        answers.push(rows.map((r) => storeLine(sourceOf(r), r)));
        const full = rows.length >= rowsLeft;
        rowsLeft -= rows.length;
        if (cut || full) {
          const bound = cut
            ? textBoundHint(this.spec.maxChars ?? MAX_CANDIDATE_CHARS, 'narrow --since/--until or --where')
            : `${grouped(this.spec.limit)} lines: raise --store-limit or narrow --since/--until`;
          notices.push({
            level: 'warning',
            message: `${this.label}: the lines around the candidate lines were cut at ${bound}; the later candidates are read without them`,
          });
          break;
        }
      }
    } catch (err) {
      throw clickhouseFailure(err, this.label, this.spec.where);
    }
    return { lines: mergeAnswers(answers), notices };
  }

  /**
   * Candidate lines per signature and group (`by`) in `window`, counted by ClickHouse: one query of
   * line counts per group, then the signatures packed into as few aggregation queries as the query
   * size allows. No line is fetched.
   */
  async fleetCounts(fp: FleetPatterns, by: FleetGroup, window: TimeWindow, signal?: AbortSignal): Promise<FleetTable & { queries: number }> {
    const spec = {
      key: CLICKHOUSE_GROUP_KEYS[by],
      table: tableIdentifier(this.spec.table),
      where: whereClause(this.spec.where),
      maxQueryChars: this.spec.maxQueryChars ?? DEFAULT_MAX_QUERY_CHARS,
    };
    const params = { since: window.sinceNs.toString(), until: window.untilNs.toString() };
    let groups: { g: string; lines: string }[];
    const answers: FleetAnswer[] = [];
    const queries = fleetQueries(fp.patterns, spec);
    try {
      groups = await this.rows<{ g: string; lines: string }>(groupLinesQuery(spec), params, signal);
      // A window without lines needs no signature counted.
      if (groups.length > 0) for (const q of queries) answers.push({ ids: q.ids, rows: await this.rows<{ g: string; n: string[] }>(q.sql, params, signal) });
    } catch (err) {
      throw clickhouseFailure(err, this.label, this.spec.where);
    }
    try {
      return { ...fleetTable(fp, answers, groups), queries: groups.length > 0 ? queries.length + 1 : 1 };
    } catch (err) {
      throw new StoreError('malformed', storeMessage('malformed', this.label, (err as Error).message));
    }
  }

  /** The candidate rows, read as a stream: stops (and says so) when `room` has no characters left. */
  private async candidateRows(
    query: string,
    params: Record<string, unknown>,
    room: { chars: number },
    signal?: AbortSignal,
  ): Promise<{ rows: Row[]; cut: boolean }> {
    const rs = await this.client.query({ query, format: 'JSONEachRow', query_params: params, abort_signal: signal, clickhouse_settings: querySettings(query) });
    const rows: Row[] = [];
    for await (const batch of rs.stream<Row>()) {
      for (const row of batch) {
        const r = row.json<Row>();
        room.chars -= r.b.length;
        if (room.chars < 0) {
          rs.close();
          return { rows, cut: true };
        }
        rows.push(r);
      }
    }
    return { rows, cut: false };
  }

  private async rows<T = Row>(query: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<T[]> {
    const rs = await this.client.query({ query, format: 'JSONEachRow', query_params: params, abort_signal: signal, clickhouse_settings: querySettings(query) });
    return rs.json<T>();
  }

  /** A row's source name, its service and host kept for {@link fetchContext}. */
  private sourceKey(r: Row): string {
    const name = sourceOf(r);
    if (!this.sourceKeys.has(name)) this.sourceKeys.set(name, { s: r.s, h: r.h });
    return name;
  }

  /** Close the client's sockets. */
  async close(): Promise<void> {
    await this.client.close();
  }
}

/** ClickHouse's default `max_query_size`: the bytes of a query's text the server parses. */
const SERVER_MAX_QUERY_SIZE = 262_144;

/**
 * The settings a query is sent with: `max_query_size` raised to its size when it is longer than the
 * server's default (a setting of the query, over HTTP as a URL parameter; the default user and users
 * with readonly = 2 may set it, as Grafana's ClickHouse plugin requires of its users too). A query within
 * the default sets nothing, so any user runs it.
 */
export function querySettings(query: string): { max_query_size?: string } {
  const bytes = Buffer.byteLength(query);
  return bytes < SERVER_MAX_QUERY_SIZE ? {} : { max_query_size: String(bytes + 1024) };
}

/** The server refused to raise `max_query_size` for this user: READONLY (164) or SETTING_CONSTRAINT_VIOLATION (452). */
function refusesQuerySize(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return (String(e?.code) === '164' || String(e?.code) === '452') && /max_query_size/.test(String(e.message));
}

function sourceOf(r: Row): string {
  return `service=${r.s || '(none)'}${r.h ? ` host=${r.h}` : ''}`;
}
