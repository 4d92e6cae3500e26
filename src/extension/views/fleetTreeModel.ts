/**
 * The Fleet view's nodes, built from the core's fleet result ({@link FleetTable}: rows ranked by
 * severity, then spread, then total), whatever store counted it: a signature per row, its groups under
 * it (most lines first), and notes for what the table says beside the rows (signatures not counted,
 * groups with no candidate line). A group's drill-down is the "Diagnose from Log Store..." request of
 * that group's lines in the same window: the connection's condition narrowed to the group (ClickHouse)
 * or its query narrowed to the label the group came from (Loki), built by the core's drill-down helpers
 * (the same as the CLI's drill-down line).
 * No `vscode` import: unit tests read it.
 */
import { clickhouseGroupWhere, elasticDrillQuery, lokiDrillQuery, type FleetGroup, type FleetRow, type FleetTable, type GroupOrigins } from '../../core';
import type { StoreRunArgs } from '../stores/diagnoseStore';
import type { StoreConnection, StoreNarrowing } from '../stores/storeConnections';

/** One count of the fleet: where, what window, grouped how, and the table. */
export interface FleetResult {
  connection: StoreConnection;
  /** What the rows are grouped by (`node`, `pod` ...; for Loki a label). */
  by: string;
  /** Loki: the labels a group is the value of (the first set wins), and which of them each group came from. */
  loki?: { labels: readonly string[]; origins: GroupOrigins };
  /** Elasticsearch: the fields a group is the value of (the first set wins), and which of them each group came from. */
  elastic?: { fields: readonly string[]; origins: GroupOrigins };
  since: Date;
  until: Date;
  narrowing: StoreNarrowing;
  table: FleetTable;
}

/** A node of the view. */
export type FleetNode =
  | { kind: 'row'; row: FleetRow; groupsInWindow: number }
  | { kind: 'group'; row: FleetRow; group: string; lines: number }
  | { kind: 'note'; text: string; detail?: string };

/** A group's shown name (the empty key is the lines without one). */
export function groupName(group: string, by: string): string {
  return group === '' ? `(no ${by})` : group;
}

/** The top-level nodes: the ranked rows, then notes. */
export function fleetRoots(r: FleetResult): FleetNode[] {
  const t = r.table;
  if (t.groups.length === 0) return [{ kind: 'note', text: 'No line in the window: nothing to count.' }];
  const out: FleetNode[] = t.rows.map((row) => ({ kind: 'row', row, groupsInWindow: t.groups.length }));
  if (t.rows.length === 0) out.push({ kind: 'note', text: 'No signature has a candidate line in the window.' });
  const hit = new Set(t.rows.flatMap((row) => row.groups.map((g) => g.group)));
  const quiet = t.groups.filter((g) => !hit.has(g.group));
  if (quiet.length > 0 && t.rows.length > 0) {
    out.push({
      kind: 'note',
      text: `No candidate line on ${quiet.length} ${r.by}${quiet.length === 1 ? '' : 's'}`,
      detail: quiet.map((g) => groupName(g.group, r.by)).join(', '),
    });
  }
  if (t.uncounted.length > 0) {
    out.push({
      kind: 'note',
      text: `${t.uncounted.length} signature${t.uncounted.length === 1 ? '' : 's'} not counted (diagnose finds them)`,
      detail: t.uncounted.map((u) => `${u.id}: ${u.reason}`).join('\n'),
    });
  }
  return out;
}

/** A row's children: every group with candidate lines (the view shows all; the CLI's text only the first few). */
export function fleetChildren(node: FleetNode): FleetNode[] {
  return node.kind === 'row' ? node.row.groups.map((g) => ({ kind: 'group', row: node.row, group: g.group, lines: g.lines })) : [];
}

/** The "Diagnose from Log Store..." argument that reads one group's lines of the counted window. */
export function drillArgs(r: FleetResult, group: string): StoreRunArgs {
  const base = { connection: r.connection.name, since: r.since.toISOString(), until: r.until.toISOString() };
  if (r.connection.kind === 'clickhouse') return { ...base, where: clickhouseGroupWhere(r.narrowing.where ?? r.connection.where, r.by as FleetGroup, group) };
  if (r.connection.kind === 'elasticsearch') {
    const es = r.elastic ?? { fields: [r.by], origins: new Map<string, Set<number>>([[group, new Set([0])]]) };
    return { ...base, query: elasticDrillQuery(r.narrowing.query ?? r.connection.query, es.fields, group, es.origins.get(group) ?? new Set()) };
  }
  const loki = r.loki ?? { labels: [r.by], origins: new Map<string, Set<number>>([[group, new Set([0])]]) };
  return { ...base, query: lokiDrillQuery(r.narrowing.query ?? r.connection.query ?? '{}', loki.labels, group, loki.origins.get(group) ?? new Set()) };
}
