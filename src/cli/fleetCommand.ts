/**
 * `postmortem-lens fleet --clickhouse URL` / `--loki URL` / `--elasticsearch URL`: which signatures fire where, as candidate-line
 * counts per signature and group (node, pod, namespace, service; with Loki any label) computed by the
 * store (ClickHouse `GROUP BY`, LogQL `sum by (...) (count_over_time(...))`), no line pulled; ranked by
 * severity, then spread, the same table for both. Each row says how to drill into one group with `diagnose`.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  CLICKHOUSE_GROUP_KEYS,
  clickhouseGroupWhere,
  FLEET_GROUPS,
  LOKI_GROUP_LABELS,
  lokiDrillQuery,
  lokiGroupLabels,
  elasticDrillQuery,
  ES_GROUP_FIELDS,
  signaturePatterns,
  visibleControls,
  type Catalogue,
  type FleetGroup,
  type FleetPatterns,
  type FleetTable,
  type TimeWindow,
  grouped,
} from '../core';
import { loadLogstores } from '../node/loadLogstores';
import { parseSince } from './clusterInputs';
import { InputError } from './inputs';
import { PROGRESS } from './processIo';
import { DEFAULT_ES_INDEX, DEFAULT_STORE_SINCE, DEFAULT_STORE_TIMEOUT, elasticAuth, parseUntil, positiveInt } from './storeInputs';

/** Where `fleet` writes. */
export interface FleetIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stderrIsTTY?: boolean;
  now: () => Date;
  env?: Record<string, string | undefined>;
}

interface FleetOptions {
  clickhouse?: string;
  table?: string;
  where?: string;
  loki?: string;
  elasticsearch?: string;
  index?: string;
  esField?: string;
  query?: string;
  orgId?: string;
  since?: number;
  until?: Date;
  /** A {@link FleetGroup}, or (with --loki) a label name. */
  by: string;
  format: 'text' | 'json';
  catalogue: string[];
  storeTimeout?: number;
  storeConcurrency?: number;
}

/** Groups shown per signature in text (JSON has them all); the text says how many more there are. */
const TEXT_GROUPS = 8;

const NOTE =
  'counts are of candidate lines (a line holding a literal of the signature), counted by the store; they are not verified occurrences: diagnose a group to verify them';

/** A word for the shell: single-quoted unless plain. */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `postmortem-lens diagnose` with a store's arguments over the window, as a shell line (every drill-down). */
function diagnoseCommand(storeArgs: string[], since: number, until: Date): string {
  return ['postmortem-lens', 'diagnose', ...storeArgs, '--since', `${since}s`, '--until', until.toISOString()].map(shellWord).join(' ');
}

/** The `diagnose` command line that reads one group's lines of the same window. */
export function drillDown(url: string, o: Pick<FleetOptions, 'table' | 'where'> & { by: FleetGroup }, group: string, since: number, until: Date): string {
  const where = clickhouseGroupWhere(o.where, o.by, group);
  return diagnoseCommand(['--clickhouse', url, ...(o.table ? ['--table', o.table] : []), '--where', where], since, until);
}

/** The `diagnose --loki` command line that reads one group's lines of the same window. */
export function lokiDrillDown(
  url: string,
  o: Pick<FleetOptions, 'query' | 'orgId'>,
  labels: readonly string[],
  group: string,
  origins: ReadonlySet<number>,
  since: number,
  until: Date,
): string {
  const query = lokiDrillQuery(o.query ?? '', labels, group, origins);
  return diagnoseCommand(['--loki', url, '--query', query, ...(o.orgId ? ['--org-id', o.orgId] : [])], since, until);
}

/** `--by`: a group, a Loki label name or an Elasticsearch field name (checked again against the store chosen). */
function parseBy(v: string): string {
  if (/^[A-Za-z_@][A-Za-z0-9_@.-]*$/.test(v) && /[.@-]/.test(v)) return v;
  try {
    lokiGroupLabels(v);
  } catch (err) {
    throw new InvalidArgumentError(`${(err as Error).message.replace(/^--by /, '')} (with --elasticsearch: a field name)`);
  }
  return v;
}

/** The `diagnose --elasticsearch` command line that reads one group's lines of the same window. */
export function elasticDrillDown(
  url: string,
  o: Pick<FleetOptions, 'index' | 'query' | 'esField'>,
  fields: readonly string[],
  group: string,
  origins: ReadonlySet<number>,
  since: number,
  until: Date,
): string {
  return diagnoseCommand(
    [
      '--elasticsearch',
      url,
      ...(o.index ? ['--index', o.index] : []),
      ...(o.esField ? ['--es-field', o.esField] : []),
      '--query',
      elasticDrillQuery(o.query, fields, group, origins),
    ],
    since,
    until,
  );
}

function plural(n: number, word: string): string {
  return `${grouped(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** The table as text. */
function fleetText(t: FleetTable, by: string, label: string, from: Date, until: Date, drill: (group: string) => string): string {
  const out: string[] = [
    `Candidate lines per signature and ${by}, counted by ${label} between ${from.toISOString()} and ${until.toISOString()}`,
    `${NOTE[0].toUpperCase()}${NOTE.slice(1)}.`,
    '',
  ];
  if (t.groups.length === 0) {
    out.push('No line in the window: nothing to count.');
    return out.join('\n') + '\n';
  }
  const hit = new Set(t.rows.flatMap((r) => r.groups.map((g) => g.group)));
  out.push(
    `${plural(t.groups.length, by)} with lines (${grouped(t.groups.reduce((n, g) => n + g.lines, 0))} lines); ${plural(t.rows.length, 'signature')} with candidate lines on ${plural(hit.size, by)}.`,
    '',
  );
  const name = (g: string): string => (g === '' ? `(no ${by})` : g);
  for (const r of t.rows) {
    out.push(`${r.severity.padEnd(8)} ${r.id}  ${r.title}`);
    out.push(
      `         ${r.spread} of ${plural(t.groups.length, by)}, ${plural(r.total, 'line')}: ${r.groups
        .slice(0, TEXT_GROUPS)
        .map((g) => `${name(g.group)} ${grouped(g.lines)}`)
        .join(', ')}${r.groups.length > TEXT_GROUPS ? `, and ${r.groups.length - TEXT_GROUPS} more (--format json lists all)` : ''}`,
    );
  }
  if (t.rows.length === 0) out.push('No signature has a candidate line in the window.');
  const quiet = t.groups.filter((g) => !hit.has(g.group));
  if (quiet.length > 0 && t.rows.length > 0)
    out.push(
      '',
      `No candidate line on ${plural(quiet.length, by)}: ${quiet
        .slice(0, 20)
        .map((g) => name(g.group))
        .join(', ')}${quiet.length > 20 ? `, and ${quiet.length - 20} more` : ''}.`,
    );
  if (t.uncounted.length) {
    out.push('', `Not counted (${t.uncounted.length}; diagnose finds them):`);
    for (const u of t.uncounted) out.push(`  ${u.id}: ${u.reason}`);
  }
  if (t.rows.length > 0) out.push('', `Drill into one ${by} (verified findings, root causes, the postmortem draft):`, `  ${drill(t.rows[0].groups[0].group)}`);
  return out.join('\n') + '\n';
}

/** What one store counted, and how to drill into a group. */
interface Counted {
  table: FleetTable & { queries: number };
  label: string;
  /** What the groups are keyed by: a ClickHouse expression, or the Loki labels (first set wins). */
  groupKey: string | readonly string[];
  drill: (group: string) => string;
}

/** Adds `fleet` to the program; `catalogue` loads the shipped catalogue and `--catalogue` directories. */
export function fleetCommand(program: Command, io: FleetIo, catalogue: (dirs: string[]) => Catalogue): Command {
  const lokiLabels = FLEET_GROUPS.map((g) => `${g}: ${LOKI_GROUP_LABELS[g].join(', ')}`).join('; ');
  const esFields = FLEET_GROUPS.map((g) => `${g}: ${ES_GROUP_FIELDS[g].join(', ')}`).join('; ');
  return program
    .command('fleet')
    .description(
      'which signatures fire where: candidate lines per signature and node (pod, namespace, service), counted by the log store itself (ClickHouse GROUP BY, LogQL sum by count_over_time) without fetching the lines; ranked by severity, then by how many groups have them',
    )
    .addOption(
      new Option(
        '--clickhouse <url>',
        'the ClickHouse to count in, over HTTP(S), e.g. http://ch:8123 (login: user:password@ in the URL, or $CLICKHOUSE_USER and $CLICKHOUSE_PASSWORD)',
      ).conflicts(['loki', 'elasticsearch']),
    )
    .option('--table <name>', "with --clickhouse: the table, in the OpenTelemetry exporter's otel_logs shape (default otel_logs)")
    .option(
      '--where <sql>',
      "with --clickhouse: your own SQL condition on the table's columns, e.g. \"ServiceName = 'kubelet'\" (run as given, with your login)",
    )
    .option(
      '--loki <url>',
      'the Grafana Loki to count in, e.g. http://loki:3100 (auth: $LOKI_BEARER_TOKEN, or $LOKI_USERNAME and $LOKI_PASSWORD, or user:password@ in the URL)',
    )
    .addOption(
      new Option(
        '--elasticsearch <url>',
        'the Elasticsearch or OpenSearch to count in, e.g. https://es:9200 (auth: $ELASTICSEARCH_API_KEY, or $ELASTICSEARCH_BEARER_TOKEN, or $ELASTICSEARCH_USERNAME and $ELASTICSEARCH_PASSWORD, or user:password@ in the URL)',
      ).conflicts('loki'),
    )
    .option('--index <pattern>', `with --elasticsearch: the index, alias, data stream or pattern (default ${DEFAULT_ES_INDEX})`)
    .option('--es-field <field>', 'with --elasticsearch: the field holding the log line (default message; ECS raw line: log.original)')
    .option(
      '--query <query>',
      'with --loki: the LogQL log query whose lines are counted, a stream selector and any pipeline, e.g. \'{job="systemd-journal"}\'; with --elasticsearch: a query_string (Lucene syntax)',
    )
    .option('--org-id <tenant>', 'with --loki: the tenant (X-Scope-OrgID) of a multi-tenant Loki (default: $LOKI_ORG_ID)')
    .addOption(
      new Option(
        '--by <group>',
        `what to count per: node, pod, namespace or service; with --loki also any label name, with --elasticsearch any keyword field. ClickHouse: node is ResourceAttributes k8s.node.name, else host.name; pod k8s.pod.name; namespace k8s.namespace.name; service ServiceName. Loki, the first label set of ${lokiLabels}. Elasticsearch, the first field set of ${esFields} (a text field's .keyword)`,
      )
        .argParser(parseBy)
        .default('node'),
    )
    .addOption(new Option('--since <duration>', 'the window before --until, e.g. 30m, 6h (default 1h)').argParser(parseSince))
    .addOption(
      new Option('--until <time>', 'end of the window, a time with its zone (2026-03-01T14:30:00Z) or a duration ago (30m) (default: now)').argParser(
        parseUntil(io.now),
      ),
    )
    .addOption(
      new Option('-f, --format <format>', "output format (json: every group of every signature, the groups' line counts, and the drill-down command)")
        .choices(['text', 'json'])
        .default('text'),
    )
    .addOption(
      new Option('--catalogue <dir>', 'also count the signatures of this directory (repeatable)')
        .argParser((v: string, prev: string[]) => [...prev, v])
        .default([]),
    )
    .addOption(new Option('--store-timeout <seconds>', `seconds one request may take (default ${DEFAULT_STORE_TIMEOUT})`).argParser(positiveInt))
    .addOption(new Option('--store-concurrency <n>', `with --loki: queries in flight at once (default ${DEFAULT_LOKI_CONCURRENCY})`).argParser(positiveInt))
    .addHelpText(
      'after',
      [
        '',
        "The counts are of candidate lines: lines holding a literal of the signature's rules, counted by the store. They",
        'are not verified occurrences (conditions, exclusions, sequences and log kinds are checked by diagnose only).',
        'Drill into one group with the diagnose command the output ends with, e.g.',
        '  postmortem-lens fleet --clickhouse http://ch:8123 --where "ServiceName = \'kubelet\'" --since 6h',
        "  postmortem-lens diagnose --clickhouse http://ch:8123 --where \"ServiceName = 'kubelet' AND ResourceAttributes['host.name'] = 'node-7'\" --since 6h",
        '  postmortem-lens fleet --loki http://loki:3100 --query \'{job="systemd-journal"}\' --by node --since 6h',
        '  postmortem-lens diagnose --loki http://loki:3100 --query \'{job="systemd-journal", node_name="node-7"}\' --since 6h',
        "  postmortem-lens fleet --elasticsearch https://es:9200 --index 'logs-*' --by pod --since 6h",
        'Elasticsearch/OpenSearch count with a composite aggregation over the groups and a filters aggregation per signature',
        '(match_phrase of its literals: whole words, see diagnose --help).',
        'Loki counts with one instant metric query per group of signatures (sum by (<labels>) (count_over_time(... [<window>]))),',
        'a few queries in flight; a query over max_query_series is cut in two and asked again. Ctrl-C stops it.',
        'Unreachable stores, refused logins, limits and timeouts are errors on stderr and exit 2.',
      ].join('\n'),
    )
    .action(async (o: FleetOptions) => {
      if (!o.clickhouse && !o.loki && !o.elasticsearch)
        throw new InputError(
          "fleet needs a log store: --clickhouse URL (e.g. http://ch:8123), --loki URL --query '{job=\"systemd-journal\"}' or --elasticsearch URL --index 'logs-*'",
        );
      for (const [opt, key, store] of [
        ['--table', 'table', 'clickhouse'],
        ['--where', 'where', 'clickhouse'],
        ['--org-id', 'orgId', 'loki'],
        ['--index', 'index', 'elasticsearch'],
        ['--es-field', 'esField', 'elasticsearch'],
        ['--store-concurrency', 'storeConcurrency', 'loki'],
      ] as const) {
        if (o[key] !== undefined && !o[store]) throw new InputError(`${opt} needs --${store}`);
      }
      if (o.query !== undefined && !o.loki && !o.elasticsearch) throw new InputError('--query needs --loki or --elasticsearch');
      if (o.loki && !o.query) throw new InputError('--loki needs --query with a LogQL stream selector, such as \'{job="systemd-journal"}\'');
      if (o.clickhouse && !(FLEET_GROUPS as readonly string[]).includes(o.by))
        throw new InputError(`--by ${o.by}: with --clickhouse, --by is one of ${FLEET_GROUPS.join(', ')} (a label name is for --loki)`);
      if (o.loki) {
        try {
          lokiGroupLabels(o.by);
        } catch (err) {
          throw new InputError((err as Error).message);
        }
      }
      const { StoreError } = loadLogstores();
      const c = catalogue(o.catalogue);
      const fp = signaturePatterns(c);
      const until = o.until ?? io.now();
      const since = o.since ?? DEFAULT_STORE_SINCE;
      const from = new Date(until.getTime() - since * 1000);
      const window: TimeWindow = { sinceNs: BigInt(from.getTime()) * 1_000_000n, untilNs: BigInt(until.getTime()) * 1_000_000n };
      let counted: Counted;
      try {
        counted = o.loki
          ? await countLoki(io, o, fp, window, since, until)
          : o.elasticsearch
            ? await countElastic(io, o, fp, window, since, until)
            : await countClickhouse(io, o, fp, window, since, until);
      } catch (err) {
        if (io.stderrIsTTY) io.stderr(PROGRESS);
        if (err instanceof StoreError) throw new InputError(err.message);
        throw err;
      }
      const { table, label, drill, groupKey } = counted;
      if (o.format === 'json') {
        io.stdout(
          JSON.stringify(
            {
              store: label,
              by: o.by,
              groupKey,
              window: { since: from.toISOString(), until: until.toISOString() },
              note: NOTE,
              groups: table.groups,
              signatures: table.rows.map((r) => ({ ...r, drillDown: drill(r.groups[0].group) })),
              quiet: table.quiet,
              uncounted: table.uncounted,
              queries: table.queries,
            },
            null,
            2,
          ) + '\n',
        );
      } else io.stdout(visibleControls(fleetText(table, o.by, label, from, until, drill)));
    });
}

/** Queries to Loki in flight at once, by default (a fleet query scans the whole window). */
const DEFAULT_LOKI_CONCURRENCY = 2;

async function countClickhouse(io: FleetIo, o: FleetOptions, fp: FleetPatterns, window: TimeWindow, since: number, until: Date): Promise<Counted> {
  const { ClickHouseSource } = loadLogstores();
  const env = io.env ?? {};
  const by = o.by as FleetGroup;
  const source = new ClickHouseSource({
    url: o.clickhouse!,
    table: o.table ?? 'otel_logs',
    where: o.where,
    limit: 1,
    timeoutMs: (o.storeTimeout ?? DEFAULT_STORE_TIMEOUT) * 1000,
    username: env.CLICKHOUSE_USER || undefined,
    password: env.CLICKHOUSE_PASSWORD || undefined,
  });
  try {
    if (io.stderrIsTTY) io.stderr(`${PROGRESS}${source.label}: counting candidate lines per ${by}`);
    const table = await source.fleetCounts(fp, by, window);
    if (io.stderrIsTTY) io.stderr(PROGRESS);
    return { table, label: source.label, groupKey: CLICKHOUSE_GROUP_KEYS[by], drill: (group) => drillDown(source.shownUrl, { ...o, by }, group, since, until) };
  } finally {
    await source.close();
  }
}

async function countElastic(io: FleetIo, o: FleetOptions, fp: FleetPatterns, window: TimeWindow, since: number, until: Date): Promise<Counted> {
  const { ElasticSource } = loadLogstores();
  const source = new ElasticSource({
    url: o.elasticsearch!,
    index: o.index ?? DEFAULT_ES_INDEX,
    query: o.query,
    field: o.esField,
    limit: 1,
    timeoutMs: (o.storeTimeout ?? DEFAULT_STORE_TIMEOUT) * 1000,
    ...elasticAuth(io.env ?? {}),
  });
  if (io.stderrIsTTY) io.stderr(`${PROGRESS}${source.label}: counting candidate lines per ${o.by}`);
  const table = await source.fleetCounts(fp, o.by, window);
  if (io.stderrIsTTY) io.stderr(PROGRESS);
  return {
    table,
    label: source.label,
    groupKey: table.groupFields,
    drill: (group) => elasticDrillDown(source.shownUrl, o, table.groupFields, group, table.origins.get(group) ?? new Set([-1]), since, until),
  };
}

async function countLoki(io: FleetIo, o: FleetOptions, fp: FleetPatterns, window: TimeWindow, since: number, until: Date): Promise<Counted> {
  const { LokiSource, lokiFleetCounts } = loadLogstores();
  const env = io.env ?? {};
  const orgId = o.orgId ?? (env.LOKI_ORG_ID || undefined);
  const source = new LokiSource({
    url: o.loki!,
    query: o.query!,
    limit: 1,
    timeoutMs: (o.storeTimeout ?? DEFAULT_STORE_TIMEOUT) * 1000,
    orgId,
    bearerToken: env.LOKI_BEARER_TOKEN || undefined,
    username: env.LOKI_USERNAME || undefined,
    password: env.LOKI_PASSWORD || undefined,
  });
  const labels = lokiGroupLabels(o.by);
  if (io.stderrIsTTY) io.stderr(`${PROGRESS}${source.label}: counting candidate lines per ${o.by}`);
  const table = await lokiFleetCounts(source, o.query!, fp, labels, window, {
    concurrency: o.storeConcurrency ?? DEFAULT_LOKI_CONCURRENCY,
    progress: io.stderrIsTTY
      ? (done, total) => io.stderr(`${PROGRESS}${source.label}: counting candidate lines per ${o.by} (${done} of ${total} queries)`)
      : undefined,
  });
  if (io.stderrIsTTY) io.stderr(PROGRESS);
  return {
    table,
    label: source.label,
    groupKey: labels,
    drill: (group) =>
      lokiDrillDown(source.shownUrl, { query: o.query, orgId: o.orgId }, labels, group, table.origins.get(group) ?? new Set([-1]), since, until),
  };
}
