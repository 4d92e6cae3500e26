/**
 * An online log template miner in the family of Drain (He et al., ICWS 2017): lines are routed through
 * a fixed-depth tree by their token count and first tokens, and join the most similar template in the
 * leaf when enough of their tokens agree; positions where they differ become `<*>`.
 *
 * One configuration for every input (no per-format regexes). Before mining, a token's alphanumeric
 * runs that hold a digit (`10`, `0x1f`, `blk_-3962`, `e3a1b2c4`) are values and become `<*>`, and so
 * does a Kubernetes pod-name suffix: these masks are right in every log we know, and they make the
 * tree route lines of one event to one leaf. Whole-line masks such as IPs, durations and timestamps
 * fall out of this rule (each is runs of digits between punctuation); a UUID is masked whole, as one
 * of its groups may have no digit. A value followed by a unit (`512 bytes`, `<1 sec`, `1,024 bytes
 * (1.0 KB)`) is one token, so a quantity written with or without a restatement in other units leaves
 * the line's token count alone; and two value tokens of different shapes (`<*>:<*>` and `<*>`, an IP
 * and a bare number) agree when they compare with a template, as all values would after Drain's
 * per-format masks, unless their units differ.
 *
 * Hand-written, not a dependency: no maintained JavaScript Drain exists on the package registry, and
 * the miner must read 500,000 lines a second, which a per-line regex pipeline does not. It is a
 * single char-code pass per line plus a few map lookups (and a regex on a token shaped like a UUID).
 *
 * Deterministic: the same lines in the same order give the same templates and the same ids. Bounded:
 * at most `maxTemplates` templates; past that the rarest tenth is evicted, and the miner counts the
 * templates and lines it dropped ({@link TemplateMiner.evicted}). Text is mined as given: callers
 * redact secrets first (a `[REDACTED:kind]` mark has no digit and stays whole).
 */

/** The mask a variable token or token part becomes. */
export const WILDCARD = '<*>';

/** Options of a {@link TemplateMiner}. */
export interface MinerOptions {
  /** Most templates kept (default 10,000); past it the rarest tenth is evicted. */
  maxTemplates?: number;
  /** Called with each evicted template's id and line count, so callers drop what they keep for it. */
  onEvict?: (id: number, count: number) => void;
}

/** One mined template. */
export interface MinedCluster {
  /** Stable id, in order of creation (from 0). */
  readonly id: number;
  /** Its tokens; `<*>` where lines differ or a value was masked. */
  tokens: string[];
  /** Lines it holds. */
  count: number;
}

/**
 * Share of a leaf template's tokens that must agree with a line's (masked) tokens for the line to join
 * it (a quantity weighs two). One value for every log: 0.7 is the best single value on Loghub-2k's 16
 * datasets together (0.5 averages 0.855, 0.6 0.891, 0.65 0.912, 0.7 0.916, 0.75 0.892, 0.8 0.904;
 * bench/README.md); a lower one merges templates that differ in one word of few.
 */
const SIMILARITY = 0.7;
/**
 * Share of a template's tokens that must be fixed (not `<*>`) for it to take in the templates it
 * covers at the end ({@link TemplateMiner.groups}): an all-`<*>` template would cover everything.
 */
const COVER_FIXED = 0.5;
/** Leading tokens the tree routes on (Drain's depth minus two). */
const ROUTE_TOKENS = 2;
/** Children per tree node before new tokens share the `<*>` child (Drain's max children). */
const MAX_CHILDREN = 100;
/** Tokens of a line read; the rest is one last token, so a huge line costs no more than this. */
const MAX_TOKENS = 200;
const DEFAULT_MAX_TEMPLATES = 10_000;

/**
 * A Kubernetes generated pod name: `name-<replicaset hash>-<5 chars>` or `name-<5 chars>`, both from
 * the generator's alphabet (no vowels, no 0 or 1), so `kube-proxy` and `readiness-probe` stay words.
 */
const POD_SUFFIX = /^([a-z][a-z0-9]*(?:-[a-z0-9]+)*?)-(?:[bcdfghjklmnpqrstvwxz2-9]{8,10}-)?[bcdfghjklmnpqrstvwxz2-9]{5}$/;

/**
 * A template with, per token, its unit when it is a value ({@link valueUnit}), kept as tokens change,
 * and the positions of its quantities (a value with a unit): each weighs two tokens in the similarity,
 * the value and the unit it was before they were joined, so joining leaves Drain's arithmetic alone
 * (`Downloading <*> (<*> kB)`: one word of four differs, not one of three).
 */
interface Cluster extends MinedCluster {
  units: (string | null)[];
  quantities: number[];
}

/** Positions of the quantities among `units`. */
const quantityPositions = (units: readonly (string | null)[]): number[] => units.flatMap((u, i) => (u ? [i] : []));
interface Leaf {
  clusters: Cluster[];
}
type Node = Map<string, Node | Leaf>;

/** Character classes of the tokenizer, by char code below 128. */
const SPACE = 1,
  DIGIT = 2,
  ALNUM = 4;
const CLASS = new Uint8Array(128);
for (const c of ' \t\r\n\f\v') CLASS[c.charCodeAt(0)] = SPACE;
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT | ALNUM;
for (let c = 65; c <= 90; c++) CLASS[c] = ALNUM;
for (let c = 97; c <= 122; c++) CLASS[c] = ALNUM;
const classOf = (c: number): number => (c < 128 ? CLASS[c] : ALNUM);

/**
 * The masked tokens of a line: split on whitespace; in each token, an alphanumeric run holding a digit
 * is `<*>`, and a generated pod-name suffix is masked.
 */
export function maskedTokens(line: string): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  // Whether the last token held a digit, and whether a unit follows such a token somewhere (then, and
  // only then, the line's quantities are joined: most lines have none and cost no second pass).
  let prevDigit = false;
  let quantities = false;
  while (i < n) {
    while (i < n && classOf(line.charCodeAt(i)) === SPACE) i++;
    if (i >= n) break;
    const start = i;
    if (out.length === MAX_TOKENS - 1) {
      out.push(maskToken(line.slice(start).trimEnd(), true));
      break;
    }
    let digit = false;
    while (i < n) {
      const k = classOf(line.charCodeAt(i));
      if (k === SPACE) break;
      if (k & DIGIT) digit = true;
      i++;
    }
    const tok = line.slice(start, i);
    out.push(digit || tok.length > 6 ? maskToken(tok, digit) : tok);
    if (!digit && prevDigit && !quantities && tok.length <= MAX_UNIT + 2 && unitTail(tok) !== undefined) quantities = true;
    prevDigit = digit;
  }
  if (quantities) joinQuantities(out);
  return out;
}

/**
 * Units a value can be followed by: sizes, durations and percentages. After a value they are part of
 * it: `512 bytes` and `1,024 bytes (1.0 KB)`, `<1 sec` and `00:01` are each one value. A general list,
 * not one per log format: a word in it after a number is that number's unit in every log we know.
 */
const UNIT_WORDS = [
  'b',
  'byte',
  'bytes',
  'kb',
  'mb',
  'gb',
  'tb',
  'kib',
  'mib',
  'gib',
  'tib',
  'ns',
  'us',
  'µs',
  'ms',
  's',
  'sec',
  'secs',
  'second',
  'seconds',
  'min',
  'mins',
  'minute',
  'minutes',
  'h',
  'hour',
  'hours',
  'day',
  'days',
  '%',
];
/** The unit words as written: lower case, upper case (`KB`), capitalised (`Bytes`), and `kB`, `KiB`... */
const UNITS = new Set(UNIT_WORDS.flatMap((u) => [u, u.toUpperCase(), u[0].toUpperCase() + u.slice(1)]).concat(['kB', 'KiB', 'MiB', 'GiB', 'TiB']));
/** Longest unit word. */
const MAX_UNIT = Math.max(...UNIT_WORDS.map((u) => u.length));
/** First characters of the unit words (ASCII): most words after a number are ruled out by this table. */
const UNIT_FIRST = new Uint8Array(128);
for (const u of UNITS) if (u.charCodeAt(0) < 128) UNIT_FIRST[u.charCodeAt(0)] = 1;
/** True for punctuation that may close a unit (`KB)`, `ms,`) without being part of it: `) , . : ;`. */
const isUnitEnd = (c: number): boolean => c === 41 || c === 44 || c === 46 || c === 58 || c === 59;

/**
 * The unit of a value token, or null when `t` is not a value. A value is only `<*>`s and punctuation
 * (`<*>`, `<*>.<*>.<*>.<*>:<*>`, `(<*>.<*>`: unit '') or a quantity ({@link joinQuantities}: `<*> ms,`
 * has unit `ms`). Two values agree in a comparison when their units are equal.
 */
function valueUnit(t: string): string | null {
  const n = t.length;
  let i = 0;
  let wild = false;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c === 60 && t.startsWith(WILDCARD, i)) {
      wild = true;
      i += 3;
      continue;
    }
    if (c === 32) break;
    if (classOf(c) & ALNUM) return null;
    i++;
  }
  if (!wild) return null;
  if (i === n) return '';
  // A quantity joined by joinQuantities: the unit is the word after the first space.
  let e = ++i;
  while (e < n && t.charCodeAt(e) !== 32 && !isUnitEnd(t.charCodeAt(e))) e++;
  return t.slice(i, e).toLowerCase();
}

/** The trailing punctuation of `t` when the rest is a unit (`KB)` -> `)`), else undefined. */
function unitTail(t: string): string | undefined {
  let e = t.length;
  if (e > MAX_UNIT + 2) return undefined;
  const c0 = t.charCodeAt(0);
  if (c0 < 128 && UNIT_FIRST[c0] === 0) return undefined;
  while (e > 0 && isUnitEnd(t.charCodeAt(e - 1))) e--;
  if (e === 0 || e > MAX_UNIT) return undefined;
  return UNITS.has(e === t.length ? t : t.slice(0, e)) ? t.slice(e) : undefined;
}

/**
 * Joins each value and the unit after it into one token (`<*> bytes`), and a parenthesised
 * restatement right after (`(<*>.<*> KB)`) into the same token: a quantity is one value however it
 * is written. Tokens are at most MAX_TOKENS, so the splices cost little.
 */
function joinQuantities(toks: string[]): void {
  for (let i = 0; i + 1 < toks.length; i++) {
    if (!toks[i].includes(WILDCARD)) continue;
    const tail = unitTail(toks[i + 1]);
    if (tail === undefined || valueUnit(toks[i]) === null) continue;
    let n = 2;
    if (tail === '' && i + 3 < toks.length && toks[i + 2].charCodeAt(0) === 40 && valueUnit(toks[i + 2]) === '' && unitTail(toks[i + 3])?.startsWith(')'))
      n = 4;
    toks.splice(i, n, toks.slice(i, i + n).join(' '));
  }
}

/**
 * A UUID: its groups are values even when one has no digit (`5c1b2a3e-9d4f-4e2a-bdcc-0a6b3c1e2f47`),
 * which the digit rule alone would keep as a word.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const UUID_MIN = 36;

/** True when `t` has hyphens 5, 10 and 15 characters after another (a UUID's): the regex runs only then. */
function hasUuidHyphens(t: string): boolean {
  for (let p = t.indexOf('-', 8); p >= 0 && p + 28 <= t.length; p = t.indexOf('-', p + 1)) {
    if (t.charCodeAt(p + 5) === 45 && t.charCodeAt(p + 10) === 45 && t.charCodeAt(p + 15) === 45) return true;
  }
  return false;
}

function maskToken(tok: string, digit: boolean): string {
  // The regex only where a 5-character suffix follows a hyphen: most tokens are decided without it.
  const m = tok.length > 6 && tok.charCodeAt(tok.length - 6) === 45 ? POD_SUFFIX.exec(tok) : null;
  if (m) return `${m[1]}-${WILDCARD}`;
  if (!digit) return tok;
  // Each group of a UUID becomes one digit, so the loop below masks it whatever letters it held.
  if (tok.length >= UUID_MIN && hasUuidHyphens(tok)) tok = tok.replace(UUID, '0-0-0-0-0');
  // Slices, not per-character appends: this runs on every token with a digit.
  let out = '';
  let from = 0;
  let i = 0;
  const n = tok.length;
  while (i < n) {
    if (!(classOf(tok.charCodeAt(i)) & ALNUM)) {
      i++;
      continue;
    }
    const s = i;
    let d = false;
    while (i < n) {
      const k = classOf(tok.charCodeAt(i));
      if (!(k & ALNUM)) break;
      if (k & DIGIT) d = true;
      i++;
    }
    if (!d) continue;
    // A minus or plus sign right before a number, not between two alphanumerics, is the number's own:
    // `blk_-4028` and `blk_4028`, `offset=-3` and `offset=3` are one template; `10-20` stays two values.
    const signed = s > from && (tok.charCodeAt(s - 1) === 45 || tok.charCodeAt(s - 1) === 43) && (s - 1 === 0 || !(classOf(tok.charCodeAt(s - 2)) & ALNUM));
    out += tok.slice(from, signed ? s - 1 : s) + WILDCARD;
    from = i;
  }
  return from === 0 ? out + tok : out + tok.slice(from);
}

const hasWildcard = (t: string): boolean => t.includes(WILDCARD);

/**
 * True when `general` covers `specific`: equal wherever `general` is not `<*>`, and `general` keeps
 * enough fixed tokens that it still says something (an all-`<*>` template covers everything).
 */
function covers(general: readonly string[], specific: readonly string[]): boolean {
  let fixed = 0;
  for (let i = 0; i < general.length; i++) {
    if (general[i] === WILDCARD) continue;
    if (general[i] !== specific[i]) return false;
    fixed++;
  }
  return fixed >= general.length * COVER_FIXED;
}

/** A Drain-style online miner; see the module comment. */
export class TemplateMiner {
  private readonly root: Node = new Map();
  private readonly clusters = new Map<number, Cluster>();
  private readonly leafOf = new Map<number, Leaf>();
  private nextId = 0;
  private readonly maxTemplates: number;
  /** Templates and lines dropped to keep within `maxTemplates`. */
  readonly evicted = { templates: 0, lines: 0 };

  constructor(private readonly options: MinerOptions = {}) {
    this.maxTemplates = Math.max(10, options.maxTemplates ?? DEFAULT_MAX_TEMPLATES);
  }

  /** Mine one line (its first line only); returns its template, or undefined for a blank line. */
  add(text: string): MinedCluster | undefined {
    const nl = text.indexOf('\n');
    const tokens = maskedTokens(nl < 0 ? text : text.slice(0, nl));
    if (tokens.length === 0) return undefined;
    const leaf = this.leaf(tokens);
    let best: Cluster | undefined;
    // The line's value units, read once, when a template first needs them.
    let lineUnits: (string | null)[] | undefined;
    let bestSim = -1;
    let bestWild = 0;
    for (const c of leaf.clusters) {
      let same = 0;
      let wild = 0;
      const t = c.tokens;
      const units = c.units;
      for (let i = 0; i < t.length; i++) {
        if (t[i] === tokens[i]) {
          same++;
          continue;
        }
        if (t[i] === WILDCARD) wild++;
        // Values agree whatever their shape, unless their units differ (`<*> MB` and `<*> GB`).
        // The line's token is read only where the template holds a value and the tokens differ.
        const u = units[i];
        if (u === null) continue;
        lineUnits ??= tokens.map(valueUnit);
        if (u === lineUnits[i]) same++;
      }
      const qs = c.quantities;
      const weight = t.length + qs.length;
      for (let k = 0; k < qs.length; k++) {
        const q = qs[k];
        if (t[q] === tokens[q]) same++;
        else {
          lineUnits ??= tokens.map(valueUnit);
          if (units[q] === lineUnits[q]) same++;
        }
      }
      const sim = same / weight;
      // Ties go to the template with more wildcards, then the older one (Drain's rule): deterministic.
      if (sim > bestSim || (sim === bestSim && wild > bestWild)) {
        best = c;
        bestSim = sim;
        bestWild = wild;
      }
    }
    if (best && bestSim >= SIMILARITY) {
      const t = best.tokens;
      for (let i = 0; i < t.length; i++) {
        if (t[i] === tokens[i] || t[i] === WILDCARD) continue;
        // Quantities that differ in their number only keep their unit: `<*> MB,` rather than `<*>`.
        const sp = best.units[i] ? t[i].indexOf(' ') : -1;
        const lsp = sp > 0 ? tokens[i].indexOf(' ') : -1;
        if (lsp > 0 && tokens[i].length - lsp === t[i].length - sp && tokens[i].endsWith(t[i].slice(sp))) {
          t[i] = WILDCARD + t[i].slice(sp);
        } else {
          t[i] = WILDCARD;
          if (best.units[i]) best.quantities.splice(best.quantities.indexOf(i), 1);
          best.units[i] = '';
        }
      }
      best.count++;
      return best;
    }
    const units = lineUnits ?? tokens.map(valueUnit);
    const c: Cluster = { id: this.nextId++, tokens, count: 1, units, quantities: quantityPositions(units) };
    leaf.clusters.push(c);
    this.clusters.set(c.id, c);
    this.leafOf.set(c.id, leaf);
    if (this.clusters.size > this.maxTemplates) this.evict(c);
    return c;
  }

  /** The leaf for a line: token count, then the first tokens (a token with a value goes to `<*>`). */
  private leaf(tokens: string[]): Leaf {
    let node = this.root;
    const key0 = String(tokens.length);
    const depth = Math.min(ROUTE_TOKENS, tokens.length);
    let next = node.get(key0);
    if (!next) {
      next = depth === 0 ? { clusters: [] } : new Map();
      node.set(key0, next);
    }
    for (let d = 0; d < depth; d++) {
      node = next as Node;
      const tok = tokens[d];
      let key = hasWildcard(tok) ? WILDCARD : tok;
      if (!node.has(key) && node.size >= MAX_CHILDREN) key = WILDCARD;
      next = node.get(key);
      if (!next) {
        next = d === depth - 1 ? { clusters: [] } : new Map();
        node.set(key, next);
      }
    }
    return next as Leaf;
  }

  /** Drop the rarest tenth of the templates (never `keep`, the one just made): counts ascending, newest first. */
  private evict(keep: MinedCluster): void {
    const order = [...this.clusters.values()].filter((c) => c !== keep).sort((a, b) => a.count - b.count || b.id - a.id);
    const drop = order.slice(0, Math.max(1, Math.floor(this.maxTemplates / 10)));
    for (const c of drop) {
      const leaf = this.leafOf.get(c.id)!;
      leaf.clusters.splice(leaf.clusters.indexOf(c), 1);
      this.clusters.delete(c.id);
      this.leafOf.delete(c.id);
      this.evicted.templates++;
      this.evicted.lines += c.count;
      this.options.onEvict?.(c.id, c.count);
    }
  }

  /** The template text of a cluster: its tokens joined by spaces. */
  static text(c: MinedCluster): string {
    return c.tokens.join(' ');
  }

  /**
   * The final groups: live templates, where one that another generalises (same length, equal
   * wherever the other is not `<*>`) joins it, as a line of it would have. Returns, per template id,
   * the id of the template it joined (itself when none).
   */
  groups(): Map<number, number> {
    const byLength = new Map<number, MinedCluster[]>();
    for (const c of this.clusters.values()) {
      const l = byLength.get(c.tokens.length);
      if (l) l.push(c);
      else byLength.set(c.tokens.length, [c]);
    }
    const to = new Map<number, number>();
    for (const list of byLength.values()) {
      // Most general first, so a template joins the most general one that covers it.
      const general = list
        .map((c) => ({ c, fixed: c.tokens.reduce((n, t) => n + (t === WILDCARD ? 0 : 1), 0) }))
        .sort((a, b) => a.fixed - b.fixed || a.c.id - b.c.id);
      const reps: MinedCluster[] = [];
      for (const { c } of general) {
        let into = c.id;
        for (const g of reps) {
          if (covers(g.tokens, c.tokens)) {
            into = g.id;
            break;
          }
        }
        if (into === c.id) reps.push(c);
        to.set(c.id, into);
      }
    }
    return to;
  }

  /** Every live template, in order of creation. */
  clustersInOrder(): MinedCluster[] {
    return [...this.clusters.values()];
  }
}
