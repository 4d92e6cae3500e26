/**
 * `postmortem-lens fleet --clickhouse URL`: which signatures fire where, as candidate-line counts per
 * signature and group (node, pod, namespace, service) computed by the store (`GROUP BY`), no line
 * pulled; ranked by severity, then spread. Each row says how to drill into one group with `diagnose`.
 */
import { Option, type Command } from 'commander';
import { CLICKHOUSE_GROUP_KEYS, clickhouseGroupWhere, FLEET_GROUPS, signaturePatterns, visibleControls, type Catalogue, type FleetGroup, type FleetTable, type TimeWindow } from '../core';
import { loadLogstores } from '../node/loadLogstores';
import { parseSince } from './clusterInputs';
import { InputError } from './inputs';
import { PROGRESS } from './processIo';
import { DEFAULT_STORE_SINCE, DEFAULT_STORE_TIMEOUT, parseUntil, positiveInt } from './storeInputs';

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
  since?: number;
  until?: Date;
  by: FleetGroup;
  format: 'text' | 'json';
  catalogue: string[];
  storeTimeout?: number;
}

/** Groups shown per signature in text (JSON has them all); the text says how many more there are. */
const TEXT_GROUPS = 8;

const NOTE = 'counts are of candidate lines (a line holding a literal of the signature), counted by the store; they are not verified occurrences: diagnose a group to verify them';

/** A word for the shell: single-quoted unless plain. */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The `diagnose` command line that reads one group's lines of the same window. */
export function drillDown(url: string, o: Pick<FleetOptions, 'table' | 'where' | 'by'>, group: string, since: number, until: Date): string {
  const where = clickhouseGroupWhere(o.where, o.by, group);
  return ['postmortem-lens', 'diagnose', '--clickhouse', url, ...(o.table ? ['--table', o.table] : []), '--where', where, '--since', `${since}s`, '--until', until.toISOString()].map(shellWord).join(' ');
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** The table as text. */
function fleetText(t: FleetTable, by: FleetGroup, label: string, from: Date, until: Date, drill: (group: string) => string): string {
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
  out.push(`${plural(t.groups.length, by)} with lines (${t.groups.reduce((n, g) => n + g.lines, 0).toLocaleString('en-US')} lines); ${plural(t.rows.length, 'signature')} with candidate lines on ${plural(hit.size, by)}.`, '');
  const name = (g: string): string => (g === '' ? `(no ${by})` : g);
  for (const r of t.rows) {
    out.push(`${r.severity.padEnd(8)} ${r.id}  ${r.title}`);
    out.push(`         ${r.spread} of ${plural(t.groups.length, by)}, ${plural(r.total, 'line')}: ${r.groups.slice(0, TEXT_GROUPS).map((g) => `${name(g.group)} ${g.lines.toLocaleString('en-US')}`).join(', ')}${r.groups.length > TEXT_GROUPS ? `, and ${r.groups.length - TEXT_GROUPS} more (--format json lists all)` : ''}`);
  }
  if (t.rows.length === 0) out.push('No signature has a candidate line in the window.');
  const quiet = t.groups.filter((g) => !hit.has(g.group));
  if (quiet.length > 0 && t.rows.length > 0) out.push('', `No candidate line on ${plural(quiet.length, by)}: ${quiet.slice(0, 20).map((g) => name(g.group)).join(', ')}${quiet.length > 20 ? `, and ${quiet.length - 20} more` : ''}.`);
  if (t.uncounted.length) {
    out.push('', `Not counted (${t.uncounted.length}; diagnose finds them):`);
    for (const u of t.uncounted) out.push(`  ${u.id}: ${u.reason}`);
  }
  if (t.rows.length > 0) out.push('', `Drill into one ${by} (verified findings, root causes, the postmortem draft):`, `  ${drill(t.rows[0].groups[0].group)}`);
  return out.join('\n') + '\n';
}

/** Adds `fleet` to the program; `catalogue` loads the shipped catalogue and `--catalogue` directories. */
export function fleetCommand(program: Command, io: FleetIo, catalogue: (dirs: string[]) => Catalogue): Command {
  return program
    .command('fleet')
    .description('which signatures fire where: candidate lines per signature and node (pod, namespace, service), counted by the log store itself (GROUP BY) without fetching the lines; ranked by severity, then by how many groups have them')
    .addOption(new Option('--clickhouse <url>', 'the ClickHouse to count in, over HTTP(S), e.g. http://ch:8123 (login: user:password@ in the URL, or $CLICKHOUSE_USER and $CLICKHOUSE_PASSWORD)'))
    .option('--table <name>', 'the table, in the OpenTelemetry exporter\'s otel_logs shape (default otel_logs)')
    .option('--where <sql>', 'your own SQL condition on the table\'s columns, e.g. "ServiceName = \'kubelet\'" (run as given, with your login)')
    .addOption(new Option('--by <group>', `what to count per: node (ResourceAttributes k8s.node.name, else host.name), pod (k8s.pod.name), namespace (k8s.namespace.name), service (ServiceName)`).choices([...FLEET_GROUPS]).default('node'))
    .addOption(new Option('--since <duration>', 'the window before --until, e.g. 30m, 6h (default 1h)').argParser(parseSince))
    .addOption(new Option('--until <time>', 'end of the window, a time with its zone (2026-03-01T14:30:00Z) or a duration ago (30m) (default: now)').argParser(parseUntil(io.now)))
    .addOption(new Option('-f, --format <format>', 'output format (json: every group of every signature, the groups\' line counts, and the drill-down command)').choices(['text', 'json']).default('text'))
    .addOption(new Option('--catalogue <dir>', 'also count the signatures of this directory (repeatable)').argParser((v: string, prev: string[]) => [...prev, v]).default([]))
    .addOption(new Option('--store-timeout <seconds>', `seconds one request may take (default ${DEFAULT_STORE_TIMEOUT})`).argParser(positiveInt))
    .addHelpText('after', [
      '',
      'The counts are of candidate lines: lines holding a literal of the signature\'s rules, counted by the store. They',
      'are not verified occurrences (conditions, exclusions, sequences and log kinds are checked by diagnose only).',
      'Drill into one group with the diagnose command the output ends with, e.g.',
      '  postmortem-lens fleet --clickhouse http://ch:8123 --where "ServiceName = \'kubelet\'" --since 6h',
      '  postmortem-lens diagnose --clickhouse http://ch:8123 --where "ServiceName = \'kubelet\' AND ResourceAttributes[\'host.name\'] = \'node-7\'" --since 6h',
      'Unreachable stores, refused logins and timeouts are errors on stderr and exit 2.',
    ].join('\n'))
    .action(async (o: FleetOptions) => {
      if (!o.clickhouse) throw new InputError('fleet needs a log store: --clickhouse URL (e.g. http://ch:8123)');
      const { ClickHouseSource, StoreError } = loadLogstores();
      const c = catalogue(o.catalogue);
      const fp = signaturePatterns(c);
      const until = o.until ?? io.now();
      const since = o.since ?? DEFAULT_STORE_SINCE;
      const from = new Date(until.getTime() - since * 1000);
      const window: TimeWindow = { sinceNs: BigInt(from.getTime()) * 1_000_000n, untilNs: BigInt(until.getTime()) * 1_000_000n };
      const env = io.env ?? {};
      let source: InstanceType<typeof ClickHouseSource>;
      try {
        source = new ClickHouseSource({ url: o.clickhouse, table: o.table ?? 'otel_logs', where: o.where, limit: 1, timeoutMs: (o.storeTimeout ?? DEFAULT_STORE_TIMEOUT) * 1000, username: env.CLICKHOUSE_USER || undefined, password: env.CLICKHOUSE_PASSWORD || undefined });
      } catch (err) {
        if (err instanceof StoreError) throw new InputError(err.message);
        throw err;
      }
      let table: Awaited<ReturnType<typeof source.fleetCounts>>;
      try {
        if (io.stderrIsTTY) io.stderr(`${PROGRESS}${source.label}: counting candidate lines per ${o.by}`);
        table = await source.fleetCounts(fp, o.by, window);
      } catch (err) {
        if (err instanceof StoreError) throw new InputError(err.message);
        throw err;
      } finally {
        if (io.stderrIsTTY) io.stderr(PROGRESS);
        await source.close();
      }
      const drill = (group: string): string => drillDown(source.shownUrl, o, group, since, until);
      if (o.format === 'json') {
        io.stdout(JSON.stringify({
          store: source.label, by: o.by, groupKey: CLICKHOUSE_GROUP_KEYS[o.by], window: { since: from.toISOString(), until: until.toISOString() }, note: NOTE,
          groups: table.groups, signatures: table.rows.map((r) => ({ ...r, drillDown: drill(r.groups[0].group) })), quiet: table.quiet, uncounted: table.uncounted, queries: table.queries,
        }, null, 2) + '\n');
      } else io.stdout(visibleControls(fleetText(table, o.by, source.label, from, until, drill)));
    });
}
