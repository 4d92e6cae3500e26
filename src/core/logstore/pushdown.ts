/**
 * The catalogue's prefilter as a log store's filter, so a store returns only the lines the local
 * engine would look at (the candidates) and the engine verifies them as it verifies a file's.
 *
 * The local prefilter ({@link LiteralPrefilter}) hands a line on when it holds one of the literals,
 * ASCII case folded, a space in a literal standing for a run of whitespace (space, tab, LF, CR, VT,
 * FF). A store filter must accept every such line (it may accept more: the engine verifies again);
 * the compilers here keep exactly those semantics:
 *
 * - ClickHouse: `multiSearchAnyCaseInsensitive` folds ASCII case only, as the prefilter does. Literals
 *   with a space are searched in the body with its whitespace runs made one space
 *   (`replaceRegexpAll`), which is what the prefilter's automaton does while it reads.
 * - LogQL: `|~ "(?i)..."` (RE2 in Loki). `(?i)` folds more than ASCII (Unicode simple folding): a
 *   superset, so still never a missed line. A space becomes the class of the six whitespace bytes
 *   (RE2's `\s` has no VT).
 *
 * A step without literals cannot be pushed down: then the filter is every line (never silence), and
 * {@link PushdownFilter.unfiltered} says which signatures forced it.
 *
 * Escaping is hand-written: it is a few characters per language, and no maintained library escapes
 * for ClickHouse SQL literals or LogQL strings.
 */
import type { Catalogue } from '../catalogue/catalogue';

/** What a store is asked for: lines holding at least one literal. */
export interface PushdownFilter {
  /**
   * Lower-case literals, each a necessary condition of some rule step (or an error word, so the
   * unknown errors are those of a local run); a space stands for a run of whitespace. Sorted, unique.
   */
  literals: string[];
  /** Ids of signatures with a step no literal selects; non-empty means every line is a candidate. */
  unfiltered: string[];
}

/** Bounds of the generated queries. */
export interface PushdownLimits {
  /** Most characters of one generated condition or line filter (default 16 KiB). */
  maxFilterChars?: number;
  /** Most needles of one `multiSearchAny` call (ClickHouse allows 255 in older releases; default 255). */
  maxNeedles?: number;
}

const DEFAULT_MAX_FILTER_CHARS = 16 * 1024;
const DEFAULT_MAX_NEEDLES = 255;

/** The catalogue's prefilter as a store filter. */
export function pushdownFilter(catalogue: Catalogue): PushdownFilter {
  const unfiltered = [...new Set(catalogue.unfiltered.map((r) => catalogue.signatures[r.sig].signature.id))].sort();
  const literals = [...new Set(catalogue.prefilter.literals.filter((l) => l.length > 0))].sort();
  return { literals, unfiltered };
}

/** The six bytes the prefilter reads as whitespace. */
const WHITESPACE = /[ \t\n\r\v\f]+/;

/** A ClickHouse string literal: quotes and backslashes escaped with a backslash, control characters as `\xHH`. */
export function sqlString(s: string): string {
  return `'${s.replace(/[\\']/g, (c) => `\\${c}`).replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}

/** RE2 syntax for a literal: metacharacters escaped, a space as a run of the prefilter's whitespace. */
export function re2Literal(lit: string): string {
  return lit.split(' ').map((part) => part.replace(/[\\.+*?()|[\]{}^$]/g, (c) => `\\${c}`)
    .replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)).join('[\\t\\n\\v\\f\\r ]+');
}

/**
 * Cut items into groups whose joined size (each item's size plus `sep`) stays within `max` and
 * whose count within `maxCount`. An item larger than `max` alone is a group of its own (a store
 * will refuse it with a clear message rather than the literal being dropped).
 */
function groups<T>(items: readonly T[], size: (t: T) => number, max: number, maxCount = Infinity): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let used = 0;
  for (const it of items) {
    const n = size(it);
    if (cur.length > 0 && (used + n > max || cur.length >= maxCount)) { out.push(cur); cur = []; used = 0; }
    cur.push(it);
    used += n;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/**
 * ClickHouse conditions on `column` (a String column, `Body` in the OpenTelemetry exporter's table):
 * a row is a candidate when it satisfies at least one. Each stays within `maxFilterChars`, so a caller
 * ORs them into one query when they fit its query size, else runs one query each. Empty when the
 * filter is every line.
 */
export function clickhouseConditions(filter: PushdownFilter, column = 'Body', limits: PushdownLimits = {}): string[] {
  if (filter.unfiltered.length > 0) return [];
  const maxChars = limits.maxFilterChars ?? DEFAULT_MAX_FILTER_CHARS;
  const maxNeedles = limits.maxNeedles ?? DEFAULT_MAX_NEEDLES;
  const col = column;
  const spaced = `replaceRegexpAll(${col}, ${sqlString(WHITESPACE.source)}, ' ')`;
  const conds: string[] = [];
  for (const [haystack, lits] of [[col, filter.literals.filter((l) => !l.includes(' '))], [spaced, filter.literals.filter((l) => l.includes(' '))]] as const) {
    const head = `multiSearchAnyCaseInsensitive(${haystack}, [`.length + 2;
    for (const g of groups(lits, (l) => sqlString(l).length + 2, maxChars - head, maxNeedles)) {
      conds.push(`multiSearchAnyCaseInsensitive(${haystack}, [${g.map(sqlString).join(', ')}])`);
    }
  }
  return conds;
}

/** A LogQL string (Go syntax, double-quoted): backslash and quote escaped, control characters as `\xHH`. */
export function logqlString(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}"`;
}

/**
 * LogQL line filters: a line is a candidate when it passes at least one (each is one `|~` stage, so
 * they are alternatives: one query each). Each stays within `maxFilterChars`. Empty when the filter is
 * every line.
 */
export function logqlLineFilters(filter: PushdownFilter, limits: PushdownLimits = {}): string[] {
  if (filter.unfiltered.length > 0) return [];
  const maxChars = limits.maxFilterChars ?? DEFAULT_MAX_FILTER_CHARS;
  const head = '|~ "(?i)"'.length;
  // The escaped size: each backslash of the regex is doubled in the LogQL string.
  const size = (l: string): number => logqlString(re2Literal(l)).length - 2 + 1;
  return groups(filter.literals, size, maxChars - head).map((g) => `|~ ${logqlString(`(?i)${g.map(re2Literal).join('|')}`)}`);
}
