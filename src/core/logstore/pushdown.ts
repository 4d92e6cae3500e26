/**
 * The catalogue's prefilter as a log store's filter, so a store returns only the lines the local
 * engine would look at (the candidates) and the engine verifies them as it verifies a file's.
 *
 * The local prefilter ({@link LiteralPrefilter}) hands a line on when it holds one of the literals,
 * ASCII case folded, a space in a literal standing for a run of whitespace (space, tab, LF, CR, VT,
 * FF). A store filter must accept every such line (it may accept more: the engine verifies again).
 * Both stores compile to one RE2 alternation of the literals per group (`match(Body, '(?i)...')` in
 * ClickHouse, `|~ "(?i)..."` in Loki, both RE2): `(?i)` folds more than ASCII (Unicode simple folding),
 * a superset, so never a missed line; a space becomes {@link re2Literal}'s separator, the prefilter's.
 *
 * A store asks for more than the prefilter where a rule step needs more: when every step a literal
 * keys needs another literal set too (`alsoNeeds`, ruleLiterals.ts), a line holding the literal is a
 * candidate only when it also holds one of the rarest such set of one of those steps, in either order
 * ({@link PushdownFilter.pairs}). So `pullimage` alone (containerd's routine `PullImage "..." returns`)
 * no longer selects a line; `PullImage ... failed` does. This assumes what the prefilter assumes of a
 * phrase: that a step's match lies on one line of the store (one record); a record is one line, or a
 * whole event (JSON, klog's quoted values), or an event's lines are fetched as the context of a
 * candidate line that holds both.
 *
 * Measured on chDB (2 MiB, 22,110 lines, the shipped catalogue's 991 literals): RE2 groups of 256
 * literals took 0.2-0.5 s; `multiSearchAnyCaseInsensitive` 9 s for the 103 literals without a space
 * and over 70 s for the 888 phrases (with the body's whitespace runs made one space first): its
 * multi-needle search slows down with many long needles.
 *
 * A step without literals cannot be pushed down: then the filter is every line (never silence), and
 * {@link PushdownFilter.unfiltered} says which signatures forced it.
 *
 * Escaping is hand-written: it is a few characters per language, and no maintained library escapes
 * for ClickHouse SQL literals or LogQL strings.
 */
import { ERROR_WORDS, FACT_ONLY, type Catalogue } from '../catalogue/catalogue';
import { HIT_CONTEXT_LINES } from '../engine/inputAnalyzer';
import { literalScore } from '../rules/ruleLiterals';

/** What a store is asked for: lines holding at least one literal. */
export interface PushdownFilter {
  /**
   * Lower-case literals, each a necessary condition of some rule step; a space stands for a run of
   * whitespace. Sorted, unique. A line holding one is a candidate, fetched with its {@link context}.
   */
  literals: string[];
  /**
   * Literals that select a line only with another literal: a line holding `literal` and one of `with`
   * (in either order) is a candidate, fetched with its {@link context}. Sorted, unique.
   */
  pairs: LiteralPair[];
  /**
   * The error words ({@link ERROR_WORDS}) that are not literals already: a line holding one is fetched
   * alone (no context), so the unknown errors are read from the same error lines as in a local run.
   */
  errorWords: string[];
  /** Ids of signatures with a step no literal selects; non-empty means every line is a candidate. */
  unfiltered: string[];
  /**
   * Lines of the same source before and after each candidate that the engine reads around it (an
   * event's header and continuation lines, the window its kind is detected in). A store that returns
   * them gives the engine, around every candidate, what it would read in the whole log.
   */
  context: { before: number; after: number };
}

/** A literal that selects a line only together with one of a set of others. */
export interface LiteralPair {
  /** Lower case, a space standing for a run of whitespace. */
  literal: string;
  /** The same, sorted, unique. */
  with: string[];
}

/** Bounds of the generated queries. */
export interface PushdownLimits {
  /** Most characters of one generated condition or line filter (default 16 KiB). */
  maxFilterChars?: number;
}

const DEFAULT_MAX_FILTER_CHARS = 16 * 1024;

/**
 * A literal scored at most this ({@link literalScore}: its length, less 8 for common words only) is
 * asked for with its step's other literals ({@link PushdownFilter.pairs}); a longer one alone. Pairs
 * double a literal's regex and add the other set's: pairing only the short literals keeps the filter
 * within one ClickHouse query's size. Measured on the fleet corpus (bench/fleetLiterals.mjs, 256 MiB):
 * the literals that select most rows are short (`kubelet.go:` 6.8% of the rows, `configmap` 3.5%,
 * `pullimage` 2.0%, `137`, `504`, `tests`, `sh:`, `volumes`, `not found`, `resource`).
 */
const PAIR_SCORE = 14;
/** Most characters of one group of pairs' regexes (see {@link pairGroups}). */
const PAIR_GROUP_CHARS = 4 * 1024;

/** The catalogue's prefilter as a store filter. */
export function pushdownFilter(catalogue: Catalogue): PushdownFilter {
  const unfiltered = [...new Set(catalogue.unfiltered.map((r) => catalogue.signatures[r.sig].signature.id))].sort();
  const norm = (l: string): string => l.toLowerCase().replace(/\s+/g, ' ');
  const literals = new Set<string>();
  const pairs = new Map<string, LiteralPair>();
  catalogue.prefilter.literals.forEach((l, id) => {
    const refs = catalogue.literalSteps[id];
    if (prefilterForm(l).length === 0) return;
    // A line fact's marker word (`net.d`, `podcidr`) keys no step, yet the engine reads the lines holding it.
    if (catalogue.factLiterals[id] === FACT_ONLY) literals.add(l);
    if (refs.length === 0) return;
    // The rarest other set of each step this literal keys; a step without one makes the literal alone a candidate.
    const others = refs.map((r) => catalogue.signatures[r.sig].match[r.rule].steps[r.step].alsoNeeds?.[0]?.map(norm));
    if (literalScore(prefilterForm(l)) > PAIR_SCORE || others.some((o) => !o || o.length === 0 || o.some((x) => prefilterForm(x).length === 0))) {
      literals.add(l);
      return;
    }
    for (const o of others) {
      const pair = { literal: l, with: [...new Set(o!)].sort() };
      pairs.set(JSON.stringify(pair), pair);
    }
  });
  const errorWords = [...new Set(ERROR_WORDS.map(norm))].filter((w) => !literals.has(w)).sort();
  return {
    literals: [...literals].sort(),
    pairs: [...pairs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p),
    errorWords,
    unfiltered,
    context: { ...HIT_CONTEXT_LINES },
  };
}

/** A ClickHouse string literal: quotes and backslashes escaped with a backslash, control characters as `\xHH`. */
export function sqlString(s: string): string {
  return `'${s.replace(/[\\']/g, (c) => `\\${c}`).replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}

/**
 * A literal as the prefilter keys on it: a double quote or a backslash in it is a separator (the
 * automaton reads them as whitespace), a run of separators one space, none at either end. Empty when it
 * holds nothing else: such a literal selects no line, in the prefilter as in a store.
 */
export function prefilterForm(lit: string): string {
  return lit.toLowerCase().replace(/\s+/g, ' ').replace(/["\\]/g, ' ').replace(/ {2,}/g, ' ').trim();
}

/** The prefilter's separator bytes: the six whitespace bytes (TAB to CR, and space), the double quote and the backslash (RE2 class). */
const SEPARATOR_BYTE = '[\\t-\\r "\\\\]';
/** An escape a separator reads through: a backslash and a whitespace escape's letter (`(?i)` folds its case). */
const SEPARATOR_ESCAPE = '\\\\[ntrfb]';

/**
 * RE2 for the separator before `word`, the language the prefilter's automaton reads between two words
 * of a phrase (prefilter.ts): a run of whitespace bytes and quotes, and of backslashes, each optionally
 * followed by the letter of a whitespace escape (`\n`, `\t`, `\r`, `\f`, `\b`), which the run then
 * swallows. So when `word` starts with such a letter the run cannot end in a bare backslash: the
 * automaton would take the letter as the escape's (`failed\to` is not `failed to`, `failed\tto` is).
 */
function re2Separator(word: string): string {
  const piece = `(?:${SEPARATOR_BYTE}|${SEPARATOR_ESCAPE})`;
  return /^[ntrfb]/i.test(word) ? `${piece}*(?:[\\t-\\r "]|${SEPARATOR_ESCAPE})` : `${piece}+`;
}

/**
 * RE2 syntax (under `(?i)`) for a literal: a line holds it exactly when the prefilter finds it there
 * (up to `(?i)`'s Unicode folding, a superset of the prefilter's ASCII folding). Metacharacters are
 * escaped; between words stands {@link re2Separator}, so the store reads through the wrappings the
 * prefilter reads through (JSON's and Go's quoted strings, escaped quotes and whitespace).
 */
export function re2Literal(lit: string): string {
  const words = prefilterForm(lit).split(' ');
  return words
    .map(
      (part, i) =>
        (i > 0 ? re2Separator(part) : '') +
        part.replace(/[\\.+*?()|[\]{}^$]/g, (c) => `\\${c}`).replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`),
    )
    .join('');
}

/** RE2 for a pair: the literal and one of the others, in either order, anything (line breaks too) between. */
export function re2Pair(p: LiteralPair): string {
  const a = re2Literal(p.literal);
  const b = p.with.length === 1 ? re2Literal(p.with[0]) : `(?:${p.with.map(re2Literal).join('|')})`;
  return `(?:${a}(?s:.*)${b}|${b}(?s:.*)${a})`;
}

/**
 * Pairs per group (RE2 of at most `maxChars` once quoted), each with its guard: the alternation of the
 * group's literals, a necessary condition that a store checks first. Measured on chDB (a 109,000-row
 * sample of the fleet corpus): the pairs' regexes alone took 2.8 s of CPU, behind their guard 0.17-0.36 s
 * (the store runs them only on the lines holding a pair's literal); groups of 4 KiB were the fastest
 * (a pair's `.*` keeps RE2's automaton busy: larger groups thrash its cache). Loki takes them in
 * groups as large as a stage may be: there each group is one more query over the window.
 */
function pairGroups(pairs: readonly LiteralPair[], maxChars: number, quote: (s: string) => string): { guard: string; pairs: string }[] {
  const head = quote('(?i)').length;
  const max = maxChars - head;
  return groups(pairs, (p) => quote(re2Pair(p)).length - 2 + 1, max).map((g) => ({
    guard: `(?i)${[...new Set(g.map((p) => p.literal))].map(re2Literal).join('|')}`,
    pairs: `(?i)${g.map(re2Pair).join('|')}`,
  }));
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
    if (cur.length > 0 && (used + n > max || cur.length >= maxCount)) {
      out.push(cur);
      cur = [];
      used = 0;
    }
    cur.push(it);
    used += n;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** RE2 alternatives as alternations, each group's regex (with `(?i)`) within `maxChars` once quoted by `quote`. */
function re2Groups(alternatives: readonly string[], maxChars: number, quote: (s: string) => string): string[] {
  const head = quote('(?i)').length;
  return groups(alternatives, (a) => quote(a).length - 2 + 1, maxChars - head).map((g) => `(?i)${g.join('|')}`);
}

/**
 * The filter without what a substring search already implies, for the stores that search substrings
 * (ClickHouse, Loki; not Elasticsearch, whose phrases are whole words): a literal whose prefilter form
 * holds another literal's (`failed to pull image` holds `failed to pull`), a pair whose literal holds a
 * literal, an other of a pair holding another of its others, an error word holding a literal. A line the
 * longer one selects holds the shorter one, so the store selects the same lines with the same context:
 * the regex of the shorter matches inside the longer's ({@link re2Literal}: a word's separator depends on
 * the word after it only, the same word in both). Measured on the shipped catalogue (216 signatures):
 * 160 of 1,431 literals dropped, the ClickHouse candidate query 281,659 bytes before.
 */
export function substringMinimal(filter: PushdownFilter): PushdownFilter {
  const minimal = (items: readonly string[], by: readonly string[]): string[] => {
    const forms = [...new Set(by.map(prefilterForm))].filter((f) => f.length > 0);
    const own = items.map(prefilterForm);
    // Of literals with one form, the first is kept (each form computed once: 2,400 literals took 2.7 s with it in the loop).
    const first = new Map<string, number>();
    own.forEach((f, i) => {
      if (!first.has(f)) first.set(f, i);
    });
    return items.filter((_, i) => first.get(own[i]) === i && !forms.some((g) => g !== own[i] && own[i].includes(g)));
  };
  const literals = minimal(filter.literals, filter.literals);
  const forms = literals.map(prefilterForm);
  const implied = (l: string): boolean => forms.some((g) => prefilterForm(l).includes(g));
  const seen = new Set<string>();
  const pairs: LiteralPair[] = [];
  for (const p of filter.pairs) {
    if (implied(p.literal)) continue;
    const pair = { literal: p.literal, with: minimal(p.with, p.with) };
    const key = JSON.stringify(pair);
    if (!seen.has(key)) pairs.push(pair);
    seen.add(key);
  }
  return { ...filter, literals, pairs, errorWords: filter.errorWords.filter((w) => !implied(w)) };
}

/** ClickHouse conditions: a row is selected by the filter when it satisfies one. */
export interface ClickHouseConditions {
  /** Conditions of the literals: a row satisfying one is a candidate, fetched with its context. */
  literals: string[];
  /** Conditions of the error words: a row satisfying one is fetched alone. */
  errorWords: string[];
}

/**
 * ClickHouse conditions on `column` (a String column: `Body` in the OpenTelemetry exporter's table),
 * `match(column, '(?i)a|b')`, each within `maxFilterChars`, so a caller ORs them into one query when
 * they fit its query size, else runs one query each. Both lists are empty when the filter is every line.
 */
export function clickhouseConditions(filter: PushdownFilter, column = 'Body', limits: PushdownLimits = {}): ClickHouseConditions {
  if (filter.unfiltered.length > 0) return { literals: [], errorWords: [] };
  filter = substringMinimal(filter);
  const max = (limits.maxFilterChars ?? DEFAULT_MAX_FILTER_CHARS) - `match(${column}, )`.length;
  const match = (re: string): string => `match(${column}, ${sqlString(re)})`;
  const conds = (alts: readonly string[]): string[] => re2Groups(alts, max, sqlString).map(match);
  // ClickHouse evaluates the right of an AND only on the rows the left selected (short-circuit evaluation).
  const pairs = pairGroups(filter.pairs, Math.min(max, PAIR_GROUP_CHARS), sqlString).map((g) => `${match(g.guard)} AND ${match(g.pairs)}`);
  return { literals: [...conds(filter.literals.map(re2Literal)), ...pairs], errorWords: conds(filter.errorWords.map(re2Literal)) };
}

/** A LogQL string (Go syntax, double-quoted): backslash and quote escaped, control characters as `\xHH`. */
export function logqlString(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}"`;
}

/**
 * The LogQL pipelines whose line counts add up to the candidates of `filters` ({@link logqlLineFilters}),
 * a line counted once however many filters it passes: filter i followed by the negation of every filter
 * before it (`!~`), so each line counts for the first filter it passes only. A filter of two stages (a
 * pair group's guard, then its pairs) is negated by its last stage alone: a line the pairs match holds
 * a literal of the guard.
 */
export function logqlDisjointFilters(filters: readonly string[]): string[] {
  const negation = (f: string): string => {
    const last = /\|~ ("(?:[^"\\]|\\.)*")$/.exec(f);
    if (!last) throw new Error(`not a LogQL line filter of this module: ${f.slice(0, 80)}`);
    return `!~ ${last[1]}`;
  };
  return filters.map((f, i) => [f, ...filters.slice(0, i).map(negation)].join(' '));
}

/**
 * LogQL line filters: a line is a candidate when it passes at least one (each is one `|~` stage, or
 * two for a group of pairs: its guard, then the pairs; they are alternatives: one query each). Each
 * stage stays within `maxFilterChars`. Loki returns no context,
 * so literals and error words are one list. Empty when the filter is every line.
 */
export function logqlLineFilters(filter: PushdownFilter, limits: PushdownLimits = {}): string[] {
  if (filter.unfiltered.length > 0) return [];
  filter = substringMinimal(filter);
  const max = (limits.maxFilterChars ?? DEFAULT_MAX_FILTER_CHARS) - '|~ '.length;
  const stage = (re: string): string => `|~ ${logqlString(re)}`;
  // A pair group is two stages in one query: Loki runs the second on the lines the first kept. Groups as
  // large as a stage may be: each group is a query of its own, paged through the window.
  const pairs = pairGroups(filter.pairs, max, logqlString).map((g) => `${stage(g.guard)} ${stage(g.pairs)}`);
  return [...re2Groups([...filter.literals.map(re2Literal), ...filter.errorWords.map(re2Literal)], max, logqlString).map(stage), ...pairs];
}
