/**
 * Drill-down from a fleet row to one group: the store query that reads that group's lines of the same
 * window, so `diagnose` verifies what `fleet` counted. Used by the CLI's drill-down command line and the
 * editor's Fleet view alike (one place builds the narrowed query).
 */
import { CLICKHOUSE_GROUP_KEYS, type FleetGroup } from './fleet';
import { logqlString, sqlString } from './pushdown';

/**
 * The ClickHouse condition of one group: the user's condition (on lines of its own when it may hold a
 * comment, so a `--` cannot swallow the group's) ANDed with `<group key> = '<group>'`.
 */
export function clickhouseGroupWhere(where: string | undefined, by: FleetGroup, group: string): string {
  const cond = `${CLICKHOUSE_GROUP_KEYS[by]} = ${sqlString(group)}`;
  const user = where?.trim() ? (/--|#|\/\*/.test(where) ? `(\n${where}\n)` : `(${where})`) : undefined;
  return user ? `${user} AND ${cond}` : cond;
}

const LABEL = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The LogQL log query of one group: the user's query with `<label>="<group>"` added to its stream
 * selector (the first `{...}`, whose strings may hold braces). Throws on a label Loki would refuse or a
 * query without a selector.
 */
export function lokiGroupQuery(query: string, label: string, group: string): string {
  if (!LABEL.test(label)) throw new Error(`"${label}" is not a Loki label name`);
  const open = query.indexOf('{');
  if (open < 0 || query.slice(0, open).trim() !== '') throw new Error('the query has no stream selector');
  // Find the selector's closing brace outside its quoted strings ("..." with escapes, `...` raw).
  let quote: string | undefined;
  for (let i = open + 1; i < query.length; i++) {
    const c = query[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === '`') quote = c;
    else if (c === '}') {
      const inner = query.slice(open + 1, i).trim();
      const matcher = `${label}=${logqlString(group)}`;
      return `${query.slice(0, open)}{${inner ? `${inner}, ` : ''}${matcher}}${query.slice(i + 1)}`;
    }
  }
  throw new Error('the stream selector is not closed');
}
