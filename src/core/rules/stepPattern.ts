/**
 * Turns one rule step into what runs on a line, in time linear in the line's length for every rule
 * the language can express. A log line is attacker-controlled, so a step is never one backtracking
 * regex: `"/healthz" * (6443 | 8443) * (connection refused | i/o timeout)` as one regex took 48 s on a
 * 25 KB line (every `.*?` retried for every placement of the others). Instead:
 *
 * - `*` splits a step into parts, each a regex with no unbounded wildcard. The parts are searched one
 *   after another, each from where the previous ended: a part that is not found after the first
 *   place the previous part matched is not found after any later one, so nothing is retried. `*` is
 *   "any text on the line", as before: a part must start on the line where the previous one ended.
 * - A group holding a `*` is spread into alternatives of the step, so `*` only ever sits between parts.
 * - Each capture takes its value atomically (a lookahead captures, a back-reference consumes it), so
 *   captures and separators never backtrack into each other, and every type but `{rest}` has a longest
 *   value. `{rest}` must end the step. A capture that starts a part begins at the start of a token.
 * - A raw `re"..."` (user catalogues) is taken atomically too, and must pass the backtracking check
 *   as if text that never matches followed it; one that cannot be proven linear is refused.
 *
 * JS has no regex step budget and RE2-style engines in JS were not used: V8's irregexp runs these
 * bounded parts far faster, and the bounds above are what make its backtracking linear.
 */
import { CAPTURE_CONTINUES, CAPTURE_REGEX, captureIsWordy } from './captureTypes';
import type { CaptureType, PatternElement, RuleError } from './ruleAst';
import { checkRegex } from './regexSafety';
import { isWordChar } from './ruleLiterals';

/** One searched part: a regex without `*`, and the capture name of each of its groups. */
interface Part {
  re: RegExp;
  names: (string | undefined)[];
}

/** A part as data (JSON): its regex source (flags are the step's, plus `g`) and group names (null: not a capture). */
export interface PartData {
  source: string;
  names: (string | null)[];
}

/** Most alternatives a step may spread into when groups hold `*`. */
const MAX_CHAINS = 64;

const LINE_BREAK = /[\n\r\u2028\u2029]/g;

/** A compiled step pattern: find it in a text, with its captures. */
export class StepPattern {
  /**
   * @param chains One chain of parts per alternative, in the rule's order.
   * @param grepSource The step as one plain backtracking regex (`*` as `.*?`), for exporting to
   *   grep-like tools in the benchmarks; the engine never runs it.
   * @param flags Flags of `grepSource` (`i` unless the step has case-sensitive parts).
   */
  private built: Part[][] | undefined;

  constructor(
    private readonly data: PartData[][],
    readonly grepSource: string,
    readonly flags: string,
  ) {}

  /**
   * The parts' regexes, built on first use: a run meets few of the catalogue's 1,500 steps, and
   * building them all was a quarter of loading the shipped catalogue. Every source was built once when
   * its rule was compiled (a part that cannot be built is a compile error), so this only fails on a
   * compiled catalogue the running engine cannot read, and then says which step.
   */
  private get chains(): Part[][] {
    if (this.built) return this.built;
    const flags = `${this.flags}g`;
    return (this.built = this.data.map((chain) =>
      chain.map((p) => {
        let re: RegExp;
        try {
          re = new RegExp(p.source, flags);
        } catch (err) {
          throw new Error(`cannot build the rule step ${JSON.stringify(this.grepSource)}: ${(err as Error).message}`, { cause: err });
        }
        return { re, names: p.names.map((n) => n ?? undefined) };
      }),
    ));
  }

  /** The chains of parts as data (the compiled catalogue stores them; the constructor takes them back). */
  get parts(): PartData[][] {
    return this.data;
  }

  /** Captures of the leftmost match (the first alternative's on a tie), or null. */
  exec(text: string): Record<string, string> | null {
    let best: Record<string, string> | null = null;
    let bestStart = Infinity;
    for (const chain of this.chains) {
      const start = runChain(chain, text, found);
      if (start >= 0 && start < bestStart) {
        // The captures become an object only for a match: most steps tried on a line fail, and an
        // object per try was a fifth of what verification allocated on the dense corpus.
        best = {};
        for (let k = 0; k < found.length; k += 2) if (best[found[k]] === undefined) best[found[k]] = found[k + 1];
        bestStart = start;
      }
    }
    return best;
  }

  /** Does the step match somewhere in `text`? */
  test(text: string): boolean {
    for (const chain of this.chains) if (runChain(chain, text, undefined) >= 0) return true;
    return false;
  }
}

/** Captures of the last {@link runChain} with a list: name, value, name, value... (reused; the first of a name wins). */
const found: string[] = [];

/** Start of the chain's first match in `text` (captures into `caps` as name, value pairs), or -1. */
function runChain(chain: Part[], text: string, caps: string[] | undefined): number {
  if (caps) caps.length = 0;
  if (chain.length === 0) return 0;
  let from = 0;
  // First line break at or after the last checked position (text.length: none); a local, not a
  // closure over it: a closure per call was most of what matching allocated.
  let lineEnd = -1;
  restart: for (;;) {
    let pos = from;
    let start = -1;
    if (caps) caps.length = 0;
    for (let i = 0; i < chain.length; i++) {
      const part = chain[i];
      part.re.lastIndex = pos;
      const m = part.re.exec(text);
      if (!m) return -1;
      if (i > 0 && m.index > pos && lineEnd < pos) {
        LINE_BREAK.lastIndex = pos;
        const b = LINE_BREAK.exec(text);
        lineEnd = b ? b.index : text.length;
      }
      if (i > 0 && m.index > pos && m.index > lineEnd) {
        // The `*` before this part would cross a line break: look again from the line this part is on.
        let lineStart = m.index;
        while (lineStart > 0 && !isBreak(text.charCodeAt(lineStart - 1))) lineStart--;
        from = lineStart;
        continue restart;
      }
      if (start < 0) start = m.index;
      if (caps) {
        for (let g = 0; g < part.names.length; g++) {
          const name = part.names[g];
          const v = m[g + 1];
          if (name !== undefined && v !== undefined) caps.push(name, v);
        }
      }
      pos = m.index + m[0].length;
    }
    return start;
  }
}

function isBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Expand letters into [aA] classes so a case-insensitive part can live in a case-sensitive regex. */
function caseFold(escaped: string): string {
  return escaped.replace(/\\.|[A-Za-z]/g, (c) => (c.length === 1 ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c));
}

interface Edge {
  first: string | undefined;
  last: string | undefined;
  star: boolean;
}

function edgeOf(el: PatternElement): Edge {
  switch (el.type) {
    case 'word':
      return { first: el.text[0], last: el.text[el.text.length - 1], star: false };
    case 'quoted':
      return { first: el.text[0], last: el.text[el.text.length - 1], star: false };
    case 'capture': {
      const w = captureIsWordy(el.captureType) ? 'a' : '"';
      return { first: w, last: el.captureType === 'rest' ? undefined : w, star: false };
    }
    case 'star':
      return { first: undefined, last: undefined, star: true };
    default:
      return { first: undefined, last: undefined, star: false };
  }
}

function holdsStar(el: PatternElement): boolean {
  return el.type === 'star' || (el.type === 'group' && el.alternatives.some((seq) => seq.some(holdsStar)));
}

/**
 * The step's alternatives with every group that holds a `*` spread out (`a (b * c | d) e` becomes
 * `a b * c e | a d e`), or null when that makes more than {@link MAX_CHAINS} alternatives.
 */
function spreadStars(alts: PatternElement[][]): PatternElement[][] | null {
  const out: PatternElement[][] = [];
  for (const seq of alts) {
    let seqs: PatternElement[][] = [[]];
    for (const el of seq) {
      if (el.type !== 'group' || !holdsStar(el)) {
        seqs = seqs.map((s) => [...s, el]);
        continue;
      }
      const inner = spreadStars(el.alternatives);
      if (!inner) return null;
      const options = el.optional ? [...inner, []] : inner;
      const inlined = options.map((o) => o.map((x, i) => (i === 0 ? { ...x, spaceBefore: el.spaceBefore } : x)));
      seqs = seqs.flatMap((s) => inlined.map((o) => [...s, ...o]));
      if (seqs.length > MAX_CHAINS) return null;
    }
    out.push(...seqs);
    if (out.length > MAX_CHAINS) return null;
  }
  return out;
}

/** Is a `{rest}` followed by anything (it takes the rest of the line, so nothing after it can match)? */
function restNotLast(seq: PatternElement[], followed: boolean): boolean {
  return seq.some((el, i) => {
    const after = followed || i < seq.length - 1;
    if (el.type === 'capture') return el.captureType === 'rest' && after;
    return el.type === 'group' && el.alternatives.some((alt) => restNotLast(alt, after));
  });
}

/**
 * A capture fragment with its long bounds opened (`{0,510}` -> `*`): the same lines match, and
 * automaton-based tools (grep, ripgrep), which expand bounded repeats, can compile it.
 */
function unbounded(fragment: string): string {
  return fragment.replace(/\{(\d+),(\d+)\}/g, (q, min: string, max: string) => (Number(max) < 16 ? q : min === '0' ? '*' : min === '1' ? '+' : `{${min},}`));
}

/** Builds the regex source of one part (or, `plain`, of the whole step as one backtracking regex). */
class PartBuilder {
  readonly names: (string | undefined)[] = [];
  constructor(
    private readonly step: StepCompiler,
    private readonly plain: boolean,
  ) {}

  alternatives(alts: PatternElement[][], leading: boolean): string {
    return alts.map((seq) => this.sequence(seq, leading)).join('|');
  }

  sequence(seq: PatternElement[], leading: boolean): string {
    let out = '';
    let prev: Edge | undefined;
    for (const el of seq) {
      const edge = edgeOf(el);
      let sep = '';
      if (prev && el.spaceBefore && !prev.star && !edge.star) {
        sep = isWordChar(prev.last) && isWordChar(edge.first) ? '\\s+' : '\\s*';
      }
      const body = this.element(el, leading && prev === undefined);
      // An optional group's separator stands outside it, so the whitespace is still allowed when the
      // group is absent (`by ("-")?{number}` matches `by 5`); it may be empty there, and literals'
      // word boundaries still keep two words apart.
      out += el.type === 'group' && el.optional ? `${sep && '\\s*'}(?:${body})?` : sep + body;
      prev = edge;
    }
    return out;
  }

  private element(el: PatternElement, leading: boolean): string {
    switch (el.type) {
      case 'word':
      case 'quoted': {
        // Bare words are case-insensitive; in a step that must be case-sensitive (it has a quoted part),
        // they and i"..." spell both cases out.
        const folded = this.step.caseSensitive && (el.type === 'word' || el.caseInsensitive);
        const body = folded ? caseFold(esc(el.text)) : esc(el.text);
        return (isWordChar(el.text[0]) ? '\\b' : '') + body + (isWordChar(el.text[el.text.length - 1]) ? '\\b' : '');
      }
      case 'star':
        return '.*?';
      case 'capture': {
        this.step.captureType(el.name, el.captureType);
        if (this.plain) {
          this.names.push(el.name);
          return unbounded(CAPTURE_REGEX[el.captureType]);
        }
        const cont = leading ? CAPTURE_CONTINUES[el.captureType] : undefined;
        return (cont ? `(?<!${cont})` : '') + this.atomic(CAPTURE_REGEX[el.captureType], [el.name]);
      }
      case 'regex': {
        // Checked as if text that never matches followed it: the part around it may fail right after it,
        // and `re"\d+ms"` or `re"[a-z]+"` then rescans a long run from every start (quadratic).
        const verdict = checkRegex(`(?:${el.source})\\x00\\x01`, this.step.caseSensitive ? '' : 'i', this.step.trusted);
        if (!verdict.ok) {
          this.step.error(`re"${el.source}": ${verdict.reason}`, Math.max(0, this.step.text.indexOf(el.source) - 3));
          return '(?!)';
        }
        // Capturing groups inside a raw regex are not captures: keep the numbering straight.
        const groups = new RegExp(`${el.source}|`).exec('')!.length - 1;
        const inner: undefined[] = new Array<undefined>(groups).fill(undefined);
        if (this.plain) {
          this.names.push(...inner);
          return `(?:${el.source})`;
        }
        return this.atomic(`(?:${el.source})`, inner);
      }
      case 'group':
        return `(?:${this.alternatives(el.alternatives, leading)})`;
    }
  }

  /** `fragment` matched atomically: a lookahead group captures it, a back-reference consumes it. */
  private atomic(fragment: string, inner: (string | undefined)[]): string {
    const n = this.names.length + 1;
    this.names.push(undefined, ...inner);
    return `(?=(${fragment}))\\${n}`;
  }
}

/** Compiles one step's alternatives into a {@link StepPattern}, collecting errors. */
export class StepCompiler {
  readonly captureTypes: Record<string, CaptureType> = {};
  readonly errors: RuleError[] = [];
  readonly caseSensitive: boolean;

  /**
   * @param text The whole rule text (for error columns).
   * @param trusted The shipped catalogue: its raw regexes were checked by `validate` in CI.
   */
  constructor(
    readonly text: string,
    private readonly alts: PatternElement[][],
    readonly trusted: boolean,
  ) {
    this.caseSensitive = hasCaseSensitive(alts);
  }

  /** Record an error once (the same element is built for the grep source and for its part). */
  error(message: string, column: number): void {
    if (!this.errors.some((e) => e.message === message && e.column === column)) this.errors.push({ message, column });
  }

  captureType(name: string, type: CaptureType): void {
    if (this.captureTypes[name] !== undefined && this.captureTypes[name] !== type)
      this.error(`capture "${name}" is used with two types`, this.text.indexOf(`:${name}}`));
    this.captureTypes[name] = type;
  }

  /** The pattern, or undefined when the step has errors (in {@link errors}). */
  compile(): StepPattern | undefined {
    const flags = this.caseSensitive ? '' : 'i';
    if (this.alts.some((seq) => restNotLast(seq, false))) {
      this.error('{rest} takes the rest of the line, so nothing can follow it: put it last', Math.max(0, this.text.indexOf('{rest')));
    }
    const grep = new PartBuilder(this, true);
    const grepSource = grep.alternatives(this.alts, true);
    const spread = spreadStars(this.alts);
    if (!spread) {
      this.error(`groups holding * spread into more than ${MAX_CHAINS} alternatives: use fewer alternatives around *`, 0);
      return undefined;
    }
    const chains: PartData[][] = [];
    for (const seq of spread) {
      const chain: PartData[] = [];
      let run: PatternElement[] = [];
      const flush = (): void => {
        if (run.length) chain.push(this.part(run, flags));
        run = [];
      };
      for (const el of seq) {
        if (el.type === 'star') flush();
        else run.push(el);
      }
      flush();
      chains.push(chain);
    }
    if (this.errors.length) return undefined;
    try {
      new RegExp(grepSource, flags);
    } catch (err) {
      this.error(`cannot build the pattern: ${(err as Error).message}`, 0);
      return undefined;
    }
    return new StepPattern(chains, grepSource, flags);
  }

  private part(seq: PatternElement[], flags: string): PartData {
    const b = new PartBuilder(this, false);
    const source = b.sequence(seq, true);
    try {
      new RegExp(source, `${flags}g`);
    } catch (err) {
      this.error(`cannot build the pattern: ${(err as Error).message}`, 0);
      return { source: '(?!)', names: [] };
    }
    return { source, names: b.names.map((n) => n ?? null) };
  }
}

function hasCaseSensitive(alts: PatternElement[][]): boolean {
  return alts.some((seq) => seq.some((el) => (el.type === 'quoted' && !el.caseInsensitive) || (el.type === 'group' && hasCaseSensitive(el.alternatives))));
}
