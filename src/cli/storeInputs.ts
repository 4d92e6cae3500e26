/**
 * `diagnose --clickhouse URL`, `diagnose --loki URL` and `diagnose --elasticsearch URL`: the options that say which log store to read and which window, and the
 * reading itself (through src/logstores, loaded on use), turned into streamed inputs beside the files.
 * The store returns only the candidate lines of the catalogue's prefilter; the engine verifies them.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  HIT_CONTEXT_LINES,
  pushdownFilter,
  planYears,
  readCandidates,
  YEAR_HEAD_CHARS,
  storeInputs,
  type Catalogue,
  type LogKind,
  type LogStoreSource,
  type StoreContextMode,
  type StreamInput,
  type TimeWindow,
} from '../core';
import { loadLogstores } from '../node/loadLogstores';
import { InputError } from './inputs';
import { PROGRESS } from './processIo';

/** The store options as commander parses them. */
export interface StoreOptions {
  clickhouse?: string;
  loki?: string;
  elasticsearch?: string;
  index?: string;
  esField?: string;
  query?: string;
  orgId?: string;
  table?: string;
  where?: string;
  until?: Date;
  storeLimit?: number;
  storeTimeout?: number;
  storeContext?: StoreContextMode;
  /** Seconds (shared with --cluster). */
  since?: number;
}

/** Lines fetched from one store at most, by default. */
export const DEFAULT_STORE_LIMIT = 50_000;
/** Seconds one store request may take, by default. */
export const DEFAULT_STORE_TIMEOUT = 60;
/** The window, when --since is not given. */
export const DEFAULT_STORE_SINCE = 3600;

/** `--until`: an ISO 8601 time (zone required), or a duration ago (`30m`). */
export function parseUntil(now: () => Date): (v: string) => Date {
  return (v: string) => {
    const ago = /^(?:\d+[smhd])+$/.test(v)
      ? [...v.matchAll(/(\d+)([smhd])/g)].reduce((s, m) => s + Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's']!, 0)
      : undefined;
    if (ago !== undefined) return new Date(now().getTime() - ago * 1000);
    const d = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) ? new Date(v) : new Date(NaN);
    if (Number.isNaN(d.getTime()))
      throw new InvalidArgumentError(`needs a time with its zone such as 2026-03-01T14:30:00Z, or a duration ago such as 30m, got "${v}"`);
    return d;
  };
}

/** `--store-context`: `auto`, or a whole number of lines. */
function contextMode(v: string): StoreContextMode {
  if (v === 'auto') return 'auto';
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('needs auto or a whole number of lines (0 or more)');
  return { before: Number(v), after: Number(v) };
}

/** A positive whole number option. */
export function positiveInt(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1) throw new InvalidArgumentError('needs a positive whole number');
  return n;
}

/** Adds the store options to `diagnose`. */
export function storeOptions(cmd: Command, now: () => Date): Command {
  return cmd
    .option(
      '--clickhouse <url>',
      'also read from ClickHouse over HTTP(S), e.g. http://ch:8123 (login: user:password@ in the URL, or $CLICKHOUSE_USER and $CLICKHOUSE_PASSWORD)',
    )
    .option(
      '--loki <url>',
      'also read from Grafana Loki, e.g. http://loki:3100 (auth: $LOKI_BEARER_TOKEN, or $LOKI_USERNAME and $LOKI_PASSWORD, or user:password@ in the URL)',
    )
    .option(
      '--elasticsearch <url>',
      'also read from Elasticsearch or OpenSearch, e.g. https://es:9200 (auth: $ELASTICSEARCH_API_KEY, or $ELASTICSEARCH_BEARER_TOKEN, or $ELASTICSEARCH_USERNAME and $ELASTICSEARCH_PASSWORD, or user:password@ in the URL)',
    )
    .option('--index <pattern>', "with --elasticsearch: the index, alias, data stream or pattern, e.g. 'logs-*' (default logs-*)")
    .option('--es-field <field>', 'with --elasticsearch: the field holding the log line (default message; ECS raw line: log.original)')
    .option(
      '--query <query>',
      "with --loki: the LogQL log query, a stream selector and any pipeline, e.g. '{namespace=\"ci\", app=\"jenkins\"}'; with --elasticsearch: a query_string (Lucene syntax, e.g. 'kubernetes.namespace:ci AND host.name:node-7'; KQL is Kibana's, not the _search API's)",
    )
    .option('--org-id <tenant>', 'with --loki: the tenant (X-Scope-OrgID) of a multi-tenant Loki (default: $LOKI_ORG_ID)')
    .option('--table <name>', "with --clickhouse: the table, in the OpenTelemetry exporter's otel_logs shape (default otel_logs)")
    .option(
      '--where <sql>',
      "with --clickhouse: your own SQL condition on the table's columns, e.g. \"ServiceName = 'kubelet'\" (run as given, with your login)",
    )
    .addOption(
      new Option(
        '--until <time>',
        'with a store: end of the window, a time with its zone (2026-03-01T14:30:00Z) or a duration ago (30m) (default: now)',
      ).argParser(parseUntil(now)),
    )
    .addOption(
      new Option(
        '--store-limit <n>',
        `with a store: candidate lines fetched at most (and 48 MiB of their text; the lines read around them have a bound of the same size); the output says when the store had more (default ${DEFAULT_STORE_LIMIT})`,
      ).argParser(positiveInt),
    )
    .addOption(new Option('--store-timeout <seconds>', `with a store: seconds one request may take (default ${DEFAULT_STORE_TIMEOUT})`).argParser(positiveInt))
    .addOption(
      new Option(
        '--store-context <auto|lines>',
        `with a store: the lines of the same source (service and host, stream) fetched around candidate lines. auto (default): the candidates first, then ${HIT_CONTEXT_LINES.before} lines before and ${HIT_CONTEXT_LINES.after} after (all the engine reads around a line) only of those that cannot be read alone (console, kubectl and helm output, stack traces, lines with no head of their own); N: N lines around every candidate (ClickHouse in the same query, Loki and Elasticsearch in reads after it); 0: candidates only`,
      ).argParser(contextMode),
    )
    .addHelpText(
      'after',
      [
        '',
        'Log stores (only the lines holding a catalogue literal are fetched; the window is --since, default 1h, up to --until):',
        '  postmortem-lens diagnose --clickhouse http://ch:8123 --table otel_logs --where "ServiceName = \'kubelet\'" --since 2h',
        '  postmortem-lens diagnose --loki http://loki:3100 --query \'{namespace="ci", app="jenkins"}\' --since 2h',
        "  postmortem-lens diagnose --elasticsearch https://es:9200 --index 'logs-*' --query 'host.name:node-7' --since 2h",
        'Elasticsearch/OpenSearch match the literals as whole words (match_phrase): a literal that is part of a longer word',
        '(resource in Resources, crashloopbackoff in Init:CrashLoopBackOff) is not found there; the output says so.',
        'One input per service and host (ClickHouse), per stream (Loki) or per host, pod and container (Elasticsearch). Unreachable stores, refused logins and timeouts are',
        'errors on stderr and exit 2; the other inputs are still read and reported.',
      ].join('\n'),
    );
}

/** Is any store asked for? Throws on a store option without its store. */
export function storeGiven(o: StoreOptions): boolean {
  if (!o.clickhouse) {
    const stray = (['table', 'where'] as const).find((k) => o[k] !== undefined);
    if (stray) throw new InputError(`--${stray} needs --clickhouse`);
  }
  if (!o.elasticsearch) {
    const stray = (['index', 'esField'] as const).find((k) => o[k] !== undefined);
    if (stray) throw new InputError(`--${stray === 'esField' ? 'es-field' : stray} needs --elasticsearch`);
  }
  if (o.loki && o.elasticsearch)
    throw new InputError('--query is a LogQL query with --loki and a query_string with --elasticsearch: read the two stores in two runs');
  if (!o.loki) {
    if (o.orgId !== undefined) throw new InputError('--org-id needs --loki');
    if (o.query !== undefined && !o.elasticsearch) throw new InputError('--query needs --loki or --elasticsearch');
  } else if (!o.query) throw new InputError('--loki needs --query with a LogQL stream selector, such as \'{namespace="ci", app="jenkins"}\'');
  if (!o.clickhouse && !o.loki && !o.elasticsearch) {
    const strayAny = (['until', 'storeLimit', 'storeTimeout', 'storeContext'] as const).find((k) => o[k] !== undefined);
    if (strayAny)
      throw new InputError(`--${strayAny.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs a log store (--clickhouse, --loki or --elasticsearch)`);
    return false;
  }
  return true;
}

/** Where messages go. */
export interface StoreIo {
  stderr: (s: string) => void;
  stderrIsTTY?: boolean;
  now: () => Date;
  env: Record<string, string | undefined>;
}

/** The sources the options name. */
function sources(o: StoreOptions, env: Record<string, string | undefined>): LogStoreSource[] {
  const { ClickHouseSource, ElasticSource, LokiSource } = loadLogstores();
  const timeoutMs = (o.storeTimeout ?? DEFAULT_STORE_TIMEOUT) * 1000;
  const limit = o.storeLimit ?? DEFAULT_STORE_LIMIT;
  const out: LogStoreSource[] = [];
  if (o.clickhouse) {
    out.push(
      new ClickHouseSource({
        url: o.clickhouse,
        table: o.table ?? 'otel_logs',
        where: o.where,
        limit,
        timeoutMs,
        username: env.CLICKHOUSE_USER || undefined,
        password: env.CLICKHOUSE_PASSWORD || undefined,
      }),
    );
  }
  if (o.loki) {
    out.push(
      new LokiSource({
        url: o.loki,
        query: o.query ?? '',
        limit,
        timeoutMs,
        orgId: o.orgId ?? (env.LOKI_ORG_ID || undefined),
        bearerToken: env.LOKI_BEARER_TOKEN || undefined,
        username: env.LOKI_USERNAME || undefined,
        password: env.LOKI_PASSWORD || undefined,
      }),
    );
  }
  if (o.elasticsearch) {
    out.push(
      new ElasticSource({
        url: o.elasticsearch,
        index: o.index ?? DEFAULT_ES_INDEX,
        query: o.query,
        field: o.esField,
        limit,
        timeoutMs,
        ...elasticAuth(env),
      }),
    );
  }
  return out;
}

/** The index read when --index is not given. */
export const DEFAULT_ES_INDEX = 'logs-*';

/** Elasticsearch credentials from the environment: an API key, else a bearer token, else a login. */
export function elasticAuth(env: Record<string, string | undefined>): { apiKey?: string; bearerToken?: string; username?: string; password?: string } {
  return {
    apiKey: env.ELASTICSEARCH_API_KEY || undefined,
    bearerToken: env.ELASTICSEARCH_BEARER_TOKEN || undefined,
    username: env.ELASTICSEARCH_USERNAME || undefined,
    password: env.ELASTICSEARCH_PASSWORD || undefined,
  };
}

/**
 * Read the stores the options name: candidate lines of `catalogue`'s filter in the window, as inputs.
 * A store that fails is an error line on stderr and the others still load; `failures` counts them so
 * the caller can tell "nothing could be read" from "nothing was found".
 */
export async function readStores(
  io: StoreIo,
  o: StoreOptions,
  catalogue: Catalogue,
  kind: LogKind | undefined,
): Promise<{ inputs: StreamInput[]; failures: string[] }> {
  const { StoreError } = loadLogstores();
  const until = o.until ?? io.now();
  const window: TimeWindow = {
    untilNs: BigInt(until.getTime()) * 1_000_000n,
    sinceNs: BigInt(until.getTime() - (o.since ?? DEFAULT_STORE_SINCE) * 1000) * 1_000_000n,
  };
  const filter = pushdownFilter(catalogue);
  const inputs: StreamInput[] = [];
  const failures: string[] = [];
  let made: LogStoreSource[];
  try {
    made = sources(o, io.env);
  } catch (err) {
    if (err instanceof StoreError) throw new InputError(err.message);
    throw err;
  }
  for (const source of made) {
    if (io.stderrIsTTY) io.stderr(`${PROGRESS}${source.label}: fetching candidate lines`);
    try {
      const fetch = await readCandidates(catalogue, source, filter, window, o.storeContext ?? 'auto', undefined, (what) => {
        if (io.stderrIsTTY) io.stderr(`${PROGRESS}${source.label}: ${what}`);
      });
      if (io.stderrIsTTY) io.stderr(PROGRESS);
      for (const n of fetch.notices) io.stderr(`postmortem-lens: ${n.level === 'warning' ? 'warning: ' : ''}${n.message}\n`);
      if (fetch.lines.length === 0)
        io.stderr(
          `postmortem-lens: ${source.label}: no candidate lines between ${new Date(Number(window.sinceNs / 1_000_000n)).toISOString()} and ${until.toISOString()}\n`,
        );
      const got = storeInputs(source.label, fetch);
      const years = planYears(
        got.map((i) =>
          Buffer.concat([...(i.chunks as Uint8Array[])])
            .subarray(0, YEAR_HEAD_CHARS)
            .toString('utf8'),
        ),
        got.map(() => until.getUTCFullYear()),
        until.getUTCFullYear(),
      );
      got.forEach((i, n) => {
        i.kind = kind;
        i.defaultYear = years[n];
      });
      inputs.push(...got);
    } catch (err) {
      if (io.stderrIsTTY) io.stderr(PROGRESS);
      if (!(err instanceof StoreError)) throw err;
      failures.push(err.message);
    } finally {
      await (source as { close?: () => Promise<void> }).close?.();
    }
  }
  return { inputs, failures };
}
