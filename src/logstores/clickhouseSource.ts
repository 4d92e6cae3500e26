/**
 * ClickHouse as a log source, through the official `@clickhouse/client` over HTTP(S): the table of the
 * OpenTelemetry collector's ClickHouse exporter (`otel_logs`: Timestamp DateTime64(9), ServiceName,
 * Body, ResourceAttributes Map ...). The catalogue's filter runs in ClickHouse
 * (`multiSearchAnyCaseInsensitive`, see core/logstore/pushdown.ts); only candidate rows come back, one
 * input per service and host.
 *
 * `--where` is the user's own SQL condition, put in the query as given (in parentheses, on lines of its
 * own so a `--` comment cannot swallow the rest): it runs with the user's credentials on the user's
 * server, as it would in clickhouse-client.
 */
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { clickhouseConditions, truncationNotice, mergeAnswers, type CandidateFetch, type InputNotice, type LogStoreSource, type PushdownFilter, type StoreLine, type TimeWindow } from '../core';
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
  /** Login (default: from the URL, else the server's default user). */
  username?: string;
  password?: string;
  /** Abort a request after this long. */
  timeoutMs: number;
  /** Most characters of one query (ClickHouse's default `max_query_size` is 262,144 bytes). */
  maxQueryChars?: number;
}

const DEFAULT_MAX_QUERY_CHARS = 200_000;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `db.table` as quoted identifiers; anything else is refused (a name, not SQL). */
export function tableIdentifier(table: string): string {
  const parts = table.split('.');
  if (parts.length > 2 || !parts.every((p) => IDENTIFIER.test(p))) throw new StoreError('query', `--table needs a table name such as otel_logs or logs.otel_logs, got "${table}"`);
  return parts.map((p) => `\`${p}\``).join('.');
}

/** The WHERE clause of a fetch: window (as query parameters), the user's condition, one filter condition. */
export function whereClause(where: string | undefined, condition: string | undefined): string {
  const parts = ['Timestamp >= fromUnixTimestamp64Nano({since:Int64})', 'Timestamp < fromUnixTimestamp64Nano({until:Int64})'];
  if (where?.trim()) parts.push(`(\n${where}\n)`);
  if (condition) parts.push(`(${condition})`);
  return parts.join('\n  AND ');
}

/** The candidate query. */
export function candidateQuery(table: string, where: string | undefined, condition: string | undefined): string {
  return `SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS t, ServiceName AS s, ResourceAttributes['host.name'] AS h, Body AS b
FROM ${tableIdentifier(table)}
WHERE ${whereClause(where, condition)}
ORDER BY Timestamp
LIMIT {limit:UInt64}`;
}

/** ClickHouse error codes, by what the user must do. */
const CODE_FAILURE: Record<string, StoreFailure> = {
  '516': 'unauthorized', '192': 'unauthorized', '193': 'unauthorized', '194': 'unauthorized', // AUTHENTICATION_FAILED, UNKNOWN_USER, WRONG_PASSWORD, REQUIRED_PASSWORD
  '497': 'forbidden', '164': 'forbidden', // ACCESS_DENIED, READONLY
  '202': 'rate-limited', '201': 'rate-limited', // TOO_MANY_SIMULTANEOUS_QUERIES, QUOTA_EXCEEDED
  '159': 'timeout', '209': 'timeout', '394': 'cancelled', // TIMEOUT_EXCEEDED, SOCKET_TIMEOUT, QUERY_WAS_CANCELLED
};

/** A failure of the client: the server's error by its code, a proxy's text, or the network. */
export function clickhouseFailure(err: unknown, label: string, where: string | undefined): StoreError {
  if (err instanceof StoreError) return err;
  const e = err as { code?: string; type?: string; message?: string };
  const message = String(e?.message ?? err);
  if (typeof e?.type === 'string' && /^\d+$/.test(String(e.code))) {
    const failure = CODE_FAILURE[String(e.code)] ?? 'query';
    const hint = failure === 'query' && where ? ' (is --where valid SQL for this table?)' : '';
    return new StoreError(failure, storeMessage(failure, label, `${e.type}: ${message}${hint}`));
  }
  if (/^Timeout error/.test(message)) return new StoreError('timeout', storeMessage('timeout', label, 'no answer in time'));
  // A proxy in front of ClickHouse answers in its own words: the status only shows in its text.
  if (/\b429\b|too many requests|rate limit/i.test(message)) return new StoreError('rate-limited', storeMessage('rate-limited', label, message));
  if (/\b401\b|unauthori[sz]ed/i.test(message)) return new StoreError('unauthorized', storeMessage('unauthorized', label, message));
  if (/\b403\b|forbidden/i.test(message)) return new StoreError('forbidden', storeMessage('forbidden', label, message));
  if (typeof (e as NodeJS.ErrnoException)?.code === 'string' || /aborted/i.test(message)) return networkFailure(err, label);
  return new StoreError('http', storeMessage('http', label, message));
}

interface Row { t: string; s: string; h: string; b: string }

/** ClickHouse as a {@link LogStoreSource}. */
export class ClickHouseSource implements LogStoreSource {
  readonly label: string;
  private readonly client: ClickHouseClient;

  constructor(private readonly spec: ClickHouseSpec) {
    tableIdentifier(spec.table);
    const u = storeUrl(spec.url, 'clickhouse');
    this.label = `clickhouse ${u.shown} ${spec.table}`;
    this.client = createClient({
      url: u.url,
      username: spec.username ?? u.username ?? 'default',
      password: spec.password ?? u.password ?? '',
      request_timeout: spec.timeoutMs,
      compression: { response: true, request: false },
      application: 'postmortem-lens',
    });
  }

  async fetchCandidates(filter: PushdownFilter, window: TimeWindow, signal?: AbortSignal): Promise<CandidateFetch> {
    const notices: InputNotice[] = [];
    if (filter.unfiltered.length) {
      notices.push({ level: 'warning', message: `${this.label}: every line of the window was fetched: ${filter.unfiltered.join(', ')} ${filter.unfiltered.length === 1 ? 'has a rule step' : 'have rule steps'} without a literal to search the store for` });
    }
    const conds = clickhouseConditions(filter, 'Body');
    const max = this.spec.maxQueryChars ?? DEFAULT_MAX_QUERY_CHARS;
    const base = candidateQuery(this.spec.table, this.spec.where, undefined).length;
    const joined = conds.map((c) => `(${c})`).join(' OR ');
    // One query when the whole filter fits; else one per group, merged.
    const groups = conds.length === 0 ? [undefined] : base + joined.length + 4 <= max ? [joined] : conds;
    const params = { since: window.sinceNs.toString(), until: window.untilNs.toString(), limit: this.spec.limit };
    const answers: StoreLine[][] = [];
    let truncated = false;
    try {
      for (const cond of groups) {
        const rows = await this.rows(candidateQuery(this.spec.table, this.spec.where, cond), params, signal);
        if (rows.length >= this.spec.limit) truncated = true;
        answers.push(rows.map((r) => ({ source: sourceOf(r), timeNs: BigInt(r.t), line: r.b })));
      }
      let lines = answers.length === 1 ? answers[0] : mergeAnswers(answers);
      let matched: number | undefined;
      if (truncated) {
        // With several queries the union may exceed the limit; keep the earliest `limit`, and count the union.
        lines = lines.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0)).slice(0, this.spec.limit);
        // Counted in one query when the filter fits one; otherwise the notice says "more".
        if (groups.length === 1) {
          const counted = await this.rows<{ n: string }>(`SELECT toString(count()) AS n FROM ${tableIdentifier(this.spec.table)}\nWHERE ${whereClause(this.spec.where, groups[0])}`, params, signal);
          matched = Number(counted[0]?.n);
        }
      }
      const cut = truncationNotice({ lines, matched, truncated }, this.label, 'raise --store-limit or narrow --since/--until');
      if (cut) notices.push(cut);
      return { lines, matched, truncated, notices };
    } catch (err) {
      throw clickhouseFailure(err, this.label, this.spec.where);
    }
  }

  private async rows<T = Row>(query: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<T[]> {
    const rs = await this.client.query({ query, format: 'JSONEachRow', query_params: params, abort_signal: signal });
    return rs.json<T>();
  }

  /** Close the client's sockets. */
  async close(): Promise<void> {
    await this.client.close();
  }
}

function sourceOf(r: Row): string {
  return `service=${r.s || '(none)'}${r.h ? ` host=${r.h}` : ''}`;
}
