/**
 * Drill-down from a fleet row to one ClickHouse group: the condition that reads that group's lines of the
 * same window, so `diagnose` verifies what `fleet` counted. Used by the CLI's drill-down command line and
 * the editor's Fleet view alike (Loki's is `lokiDrillQuery`, in lokiFleet.ts).
 */
import { CLICKHOUSE_GROUP_KEYS, type FleetGroup } from './fleet';
import { sqlString } from './pushdown';

/**
 * The ClickHouse condition of one group: the user's condition (on lines of its own when it may hold a
 * comment, so a `--` cannot swallow the group's) ANDed with `<group key> = '<group>'`.
 */
export function clickhouseGroupWhere(where: string | undefined, by: FleetGroup, group: string): string {
  const cond = `${CLICKHOUSE_GROUP_KEYS[by]} = ${sqlString(group)}`;
  const user = where?.trim() ? (/--|#|\/\*/.test(where) ? `(\n${where}\n)` : `(${where})`) : undefined;
  return user ? `${user} AND ${cond}` : cond;
}
