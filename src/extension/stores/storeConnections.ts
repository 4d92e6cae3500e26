/**
 * Log-store connections as the `postmortemLens.logStores` setting holds them, read and checked in one
 * place; the window choices of "Diagnose from Log Store..." and the Fleet view; and a connection turned
 * into the adapter's spec. No `vscode` import (unit tests read it), no credentials here: a connection
 * names how it authenticates, and the secret comes from VS Code's SecretStorage (storeSecrets.ts).
 */
import type { ClickHouseSpec } from '../../logstores/clickhouseSource';
import type { LokiSpec } from '../../logstores/lokiSource';
import type { ElasticSpec } from '../../logstores/elasticSource';
import type { TimeWindow } from '../../core';

/** Kinds of store. */
export const STORE_KINDS = ['loki', 'clickhouse', 'elasticsearch'] as const;
/**
 * How a connection authenticates: the secret kept in SecretStorage is a password (with `user`), a bearer
 * token (Loki, Elasticsearch) or an API key (Elasticsearch: `Authorization: ApiKey <key>`).
 */
export const STORE_AUTHS = ['none', 'password', 'token', 'apiKey'] as const;

/** One connection of the setting, checked. */
export interface StoreConnection {
  /** Unique name: the pick's label and the SecretStorage key. */
  name: string;
  kind: (typeof STORE_KINDS)[number];
  /** `http(s)://host:port`, without credentials. */
  url: string;
  /** Loki: the default LogQL log query (a stream selector and any pipeline); Elasticsearch: the default query_string. */
  query?: string;
  /** Elasticsearch: the index, alias, data stream or pattern (default `logs-*`). */
  index?: string;
  /** Elasticsearch: the field holding the log line (default `message`). */
  field?: string;
  /** Loki: the tenant, sent as `X-Scope-OrgID`. */
  tenant?: string;
  /** ClickHouse: the table (default `otel_logs`). */
  table?: string;
  /** ClickHouse: the default SQL condition. */
  where?: string;
  /** Login name (ClickHouse user; Loki basic auth). */
  user?: string;
  auth: (typeof STORE_AUTHS)[number];
  /** Candidate lines fetched at most. */
  limit: number;
  /** Seconds one request may take. */
  timeoutSeconds: number;
}

/** Defaults of a connection's bounds (as the CLI's). */
export const STORE_DEFAULTS = { limit: 50_000, timeoutSeconds: 60, table: 'otel_logs', index: 'logs-*' } as const;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const posInt = (v: unknown, d: number): number | undefined => (v === undefined ? d : typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : undefined);

/**
 * The setting's connections. An entry that cannot be used is a problem naming it (and why), never
 * dropped silently; the others are kept. A later entry with a name already taken is a problem too.
 */
export function parseConnections(raw: unknown): { connections: StoreConnection[]; problems: string[] } {
  const connections: StoreConnection[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { connections, problems };
  if (!Array.isArray(raw)) return { connections, problems: ['postmortemLens.logStores must be a list of connections'] };
  raw.forEach((e: Record<string, unknown>, i) => {
    const name = str(e?.name);
    const what = name ? `connection "${name}"` : `connection ${i + 1}`;
    const bad = (why: string): void => {
      problems.push(`postmortemLens.logStores: ${what}: ${why}`);
    };
    if (typeof e !== 'object' || e === null || Array.isArray(e)) return bad('is not an object');
    if (!name) return bad('needs a "name"');
    if (connections.some((c) => c.name === name)) return bad('has the name of an earlier connection');
    const kind = e.kind;
    if (!STORE_KINDS.includes(kind as StoreConnection['kind'])) return bad('"kind" must be "loki", "clickhouse" or "elasticsearch"');
    const url = str(e.url);
    if (!url || !/^https?:\/\/[^/\s]/i.test(url)) return bad('"url" must be an http:// or https:// URL');
    if (/^https?:\/\/[^/@\s]*@/i.test(url))
      return bad('"url" must not hold credentials: remove "user:password@" (the password is asked and kept in VS Code\'s secret storage)');
    const user = str(e.user);
    const auth = e.auth === undefined ? (user ? 'password' : 'none') : e.auth;
    if (!STORE_AUTHS.includes(auth as StoreConnection['auth'])) return bad('"auth" must be "none", "password", "token" or "apiKey"');
    if ((auth === 'token' || auth === 'apiKey') && kind === 'clickhouse')
      return bad('ClickHouse logs in with a user and password: "auth" must be "none" or "password"');
    if (auth === 'apiKey' && kind !== 'elasticsearch') return bad('"apiKey" is for Elasticsearch: Loki takes "none", "password" or "token"');
    const limit = posInt(e.limit, STORE_DEFAULTS.limit);
    const timeoutSeconds = posInt(e.timeoutSeconds, STORE_DEFAULTS.timeoutSeconds);
    if (limit === undefined) return bad('"limit" must be a positive whole number');
    if (timeoutSeconds === undefined) return bad('"timeoutSeconds" must be a positive whole number');
    const c: StoreConnection = {
      name,
      kind: kind as StoreConnection['kind'],
      url: url.replace(/\/+$/, ''),
      auth: auth as StoreConnection['auth'],
      limit,
      timeoutSeconds,
    };
    if (user) c.user = user;
    if (kind === 'loki') {
      if (str(e.query)) c.query = str(e.query);
      if (str(e.tenant)) c.tenant = str(e.tenant);
    } else if (kind === 'elasticsearch') {
      c.index = str(e.index) ?? STORE_DEFAULTS.index;
      if (str(e.query)) c.query = str(e.query);
      if (str(e.field)) c.field = str(e.field);
    } else {
      c.table = str(e.table) ?? STORE_DEFAULTS.table;
      if (str(e.where)) c.where = str(e.where);
    }
    connections.push(c);
  });
  return { connections, problems };
}

/** What the user narrows a connection's read with (prefilled from the connection). */
export interface StoreNarrowing {
  /** Loki: the LogQL log query; Elasticsearch: the query_string ('' for none). */
  query?: string;
  /** ClickHouse: the SQL condition ('' for none). */
  where?: string;
}

/** The adapter's spec of a connection, its secret and the narrowing. */
export type SourceSpec = { kind: 'clickhouse'; spec: ClickHouseSpec } | { kind: 'loki'; spec: LokiSpec } | { kind: 'elasticsearch'; spec: ElasticSpec };

/** The spec to build a source from. Loki without a query is an error (the adapter's words). */
export function sourceSpec(c: StoreConnection, secret: string | undefined, n: StoreNarrowing = {}): SourceSpec {
  const timeoutMs = c.timeoutSeconds * 1000;
  if (c.kind === 'clickhouse') {
    const where = n.where ?? c.where;
    return {
      kind: 'clickhouse',
      spec: {
        url: c.url,
        table: c.table ?? STORE_DEFAULTS.table,
        where: where?.trim() ? where : undefined,
        limit: c.limit,
        timeoutMs,
        username: c.user,
        password: c.auth === 'password' ? (secret ?? '') : undefined,
      },
    };
  }
  if (c.kind === 'elasticsearch') {
    const query = n.query ?? c.query;
    const spec: ElasticSpec = {
      url: c.url,
      index: c.index ?? STORE_DEFAULTS.index,
      query: query?.trim() ? query : undefined,
      field: c.field,
      limit: c.limit,
      timeoutMs,
    };
    if (c.auth === 'apiKey') spec.apiKey = secret;
    else if (c.auth === 'token') spec.bearerToken = secret;
    else if (c.auth === 'password') {
      spec.username = c.user ?? '';
      spec.password = secret ?? '';
    }
    return { kind: 'elasticsearch', spec };
  }
  const spec: LokiSpec = { url: c.url, query: n.query ?? c.query ?? '', limit: c.limit, timeoutMs, orgId: c.tenant };
  if (c.auth === 'token') spec.bearerToken = secret;
  else if (c.auth === 'password') {
    spec.username = c.user ?? '';
    spec.password = secret ?? '';
  }
  return { kind: 'loki', spec };
}

/** The window choices, most used first. */
export const WINDOW_CHOICES: readonly { label: string; seconds: number }[] = [
  { label: 'Last 15 minutes', seconds: 15 * 60 },
  { label: 'Last hour', seconds: 3600 },
  { label: 'Last 6 hours', seconds: 6 * 3600 },
  { label: 'Last 24 hours', seconds: 24 * 3600 },
];

/**
 * A time the user typed: an ISO 8601 time with its zone (`2026-03-01T14:30:00Z`), or a duration ago
 * (`30m`, `2h`, `1d12h`). Returns a message when it is neither.
 */
export function parseWhen(text: string, now: Date): Date | { error: string } {
  const v = text.trim();
  if (/^(?:\d+[smhd])+$/.test(v)) {
    const s = [...v.matchAll(/(\d+)([smhd])/g)].reduce((n, m) => n + Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's'], 0);
    return new Date(now.getTime() - s * 1000);
  }
  const d = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) ? new Date(v) : new Date(NaN);
  if (Number.isNaN(d.getTime())) return { error: 'Enter a time with its zone (2026-03-01T14:30:00Z) or a duration ago (30m, 2h, 1d)' };
  return d;
}

/** A window from two dates (nanoseconds, `since` included, `until` excluded). */
export function windowOf(since: Date, until: Date): TimeWindow {
  return { sinceNs: BigInt(since.getTime()) * 1_000_000n, untilNs: BigInt(until.getTime()) * 1_000_000n };
}

/** `2026-03-01 14:30 – 15:30 UTC` style label of a window, for titles and messages. */
export function windowLabel(since: Date, until: Date): string {
  const f = (d: Date): string =>
    d
      .toISOString()
      .replace('T', ' ')
      .replace(/:\d{2}\.\d{3}Z$/, '');
  return `${f(since)} to ${f(until)} UTC`;
}

/** A path segment for a document URI: the name made safe (no slash, no control), kept readable. */
export function pathSegment(s: string): string {
  const safe = s
    .replace(/[\\/\x00-\x1f\x7f]+/g, '_')
    .replace(/^\.+$/, '_')
    .trim();
  return (safe || '_').slice(0, 120);
}
