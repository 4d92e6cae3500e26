/**
 * An evaluator of the LogQL the log-store code sends, over Grafana's own parse tree
 * (@grafana/lezer-logql): what the fake Loki (lokiFake.ts) answers with. It evaluates, as Loki
 * documents them:
 * - a stream selector (`=`, `!=`, `=~`, `!~`, regexes anchored; a missing label is ""), refusing one
 *   without a matcher that rejects "" as Loki does;
 * - line filters `|=`, `!=`, `|~`, `!~` (RE2 syntax and semantics: re2js), label filters (string matchers with `and`, `or`,
 *   parentheses), `label_format` with Go text templates (the subset below);
 * - `count_over_time(<log query> [d])` at time t over (t - d, t] (the lower bound excluded, as
 *   Loki's range vector iterator does), and `sum [by (...)]` of it.
 * Anything else throws {@link Unsupported}: a query the fake cannot evaluate fails the test instead of
 * being half-answered.
 *
 * The template subset: text, `{{ $v := pipeline }}`, `{{ if pipeline }}...{{ end }}`, `{{ pipeline }}`;
 * a pipeline is commands joined by `|` (the value passed as the last argument); a command is a function
 * and its arguments, an argument a double-quoted string, `$v`, `(pipeline)` or a niladic function.
 * Functions as Loki defines them (pkg/logql/log/fmt.go and sprig): `__line__`, `lower`
 * (strings.ToLower), `contains substr s`, `regexReplaceAll regex s repl`, `or`; Go's truthiness.
 */
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@grafana/lezer-logql';
import { RE2JS } from 're2js';

/**
 * A regex as Loki's Go regexp reads it. re2js (RE2/J's port: RE2 syntax, linear time), not re2-wasm: a
 * fake server evaluates whole fleet queries, whose line filters are alternations of a catalogue's words
 * (8-16 KiB with `(?i)`), and re2-wasm's one fixed 16 MiB heap, shared by every test of a run, ran out
 * on them ("Cannot enlarge memory arrays"). re2-wasm stays the engine of the pushdown property tests
 * (re2Cache.ts), which compile one signature's filter at a time. Same speed here (5,000 dense lines
 * against the catalogue's first fleet filter: 609 ms re2js, 701 ms re2-wasm).
 */
function compile(source: string): { test(s: string): boolean } {
  const p = RE2JS.compile(source);
  return { test: (s) => p.matcher(s).find() };
}

/** What the evaluator does not implement (the fake answers 400 with it, so the test fails). */
export class Unsupported extends Error {}

/** A stream: its labels and entries (ns, line). */
export interface EvalStream {
  labels: Record<string, string>;
  entries: [bigint, string][];
}

/** A Go (LogQL) double-quoted or backquoted string's value. */
export function unquote(s: string): string {
  if (s.startsWith('`')) return s.slice(1, -1);
  return s.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e[0] === 'x' || e[0] === 'u') return String.fromCharCode(parseInt(e.slice(1), 16));
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', f: '\f', a: '\x07', b: '\b', '\\': '\\', '"': '"', "'": "'" };
    if (!(e in simple)) throw new Unsupported(`escape \\${e}`);
    return simple[e];
  });
}

const kids = (n: SyntaxNode): SyntaxNode[] => {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
};

/** The nodes named `name` under `n`, not looking inside a found one. */
function findAll(n: SyntaxNode, name: string): SyntaxNode[] {
  return kids(n).flatMap((c) => (c.name === name ? [c] : findAll(c, name)));
}

type Labels = Record<string, string>;
type Stage = (line: string, labels: Labels, ts: bigint) => boolean;

function matcher(q: string, m: SyntaxNode): (labels: Labels) => boolean {
  const [id, op, str] = kids(m);
  if (!id || id.name !== 'Identifier' || !str || str.name !== 'String') throw new Unsupported(`matcher ${q.slice(m.from, m.to)}`);
  const name = q.slice(id.from, id.to);
  const value = unquote(q.slice(str.from, str.to));
  const full = op.name === 'Re' || op.name === 'Nre' ? compile(`^(?:${value})$`) : undefined;
  return (labels) => {
    const v = labels[name] ?? '';
    switch (op.name) {
      case 'Eq':
        return v === value;
      case 'Neq':
        return v !== value;
      case 'Re':
        return full!.test(v);
      case 'Nre':
        return !full!.test(v);
      default:
        throw new Unsupported(`matcher operator ${op.name}`);
    }
  };
}

function labelFilter(q: string, n: SyntaxNode): (labels: Labels) => boolean {
  const c = kids(n);
  if (c.length === 1 && c[0].name === 'Matcher') return matcher(q, c[0]);
  if (c.length === 1 && c[0].name === 'LabelFilter') return labelFilter(q, c[0]);
  if (c.length === 3 && (c[1].name === 'And' || c[1].name === 'Or')) {
    const a = labelFilter(q, c[0]);
    const b = labelFilter(q, c[2]);
    return c[1].name === 'And' ? (l) => a(l) && b(l) : (l) => a(l) || b(l);
  }
  throw new Unsupported(`label filter ${q.slice(n.from, n.to)}`);
}

function lineFilter(q: string, f: SyntaxNode): Stage {
  const [filter, str, more] = kids(f);
  if (!filter || filter.name !== 'Filter' || !str || str.name !== 'String' || more) throw new Unsupported(`line filter ${q.slice(f.from, f.to)}`);
  const op = filter.firstChild!.name;
  const value = unquote(q.slice(str.from, str.to));
  const re = op === 'PipeMatch' || op === 'Nre' ? compile(value) : undefined;
  const hit = (l: string): boolean => (re ? re.test(l) : l.includes(value));
  if (op === 'PipeExact' || op === 'PipeMatch') return (l) => hit(l);
  if (op === 'Neq' || op === 'Nre') return (l) => !hit(l);
  throw new Unsupported(`line filter operator ${op}`);
}

// ---- Go text/template, the subset -------------------------------------------------------------

type Value = string | boolean | number;
type Scope = { vars: Map<string, Value>; line: string };

const truthy = (v: Value): boolean => (typeof v === 'string' ? v !== '' : typeof v === 'number' ? v !== 0 : v);

const FUNCS: Record<string, (args: Value[], s: Scope) => Value> = {
  __line__: (a, s) => {
    if (a.length) throw new Unsupported('__line__ takes no argument');
    return s.line;
  },
  lower: (a) => {
    if (a.length !== 1) throw new Unsupported('lower takes 1 argument');
    return String(a[0]).toLowerCase();
  },
  contains: (a) => {
    if (a.length !== 2) throw new Unsupported('contains takes 2 arguments');
    return String(a[1]).includes(String(a[0]));
  },
  regexReplaceAll: (a) => {
    if (a.length !== 3) throw new Unsupported('regexReplaceAll takes 3 arguments');
    return replaceAll(String(a[0]), String(a[1]), String(a[2]));
  },
  or: (a) => {
    if (a.length === 0) throw new Unsupported('or takes arguments');
    return a.find(truthy) ?? a[a.length - 1];
  },
};

function replaceAll(regex: string, s: string, repl: string): string {
  if (/[$\\]/.test(repl)) throw new Unsupported('a replacement with $ or \\');
  // Go's ReplaceAllString replaces every match. Kept for the run: the templates use one small regex
  // (Loki compiles it per line; the result is the same).
  let g = globals.get(regex);
  if (!g) globals.set(regex, (g = RE2JS.compile(regex)));
  return g.matcher(s).replaceAll(repl);
}

const globals = new Map<string, RE2JS>();

type Tok = { t: 'str' | 'var' | 'id' | '(' | ')' | '|' | ':='; v: string };

function tokens(src: string): Tok[] {
  const out: Tok[] = [];
  const re = /\s*(?:("(?:[^"\\]|\\.)*")|(\$[A-Za-z_]\w*)|([A-Za-z_]\w*)|(:=)|([()|]))/y;
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) throw new Unsupported(`template action "${src}" at ${i}`);
    i = re.lastIndex;
    if (m[1]) out.push({ t: 'str', v: JSON.parse(m[1]) as string });
    else if (m[2]) out.push({ t: 'var', v: m[2] });
    else if (m[3]) out.push({ t: 'id', v: m[3] });
    else if (m[4]) out.push({ t: ':=', v: m[4] });
    else out.push({ t: m[5] as '(' | ')' | '|', v: m[5] });
  }
  return out;
}

/** Evaluate a pipeline from `toks` at `pos`; returns the value and where it stopped. */
function pipeline(toks: Tok[], pos: number, s: Scope): [Value, number] {
  let value: Value | undefined;
  for (;;) {
    const args: Value[] = [];
    let fn: string | undefined;
    while (pos < toks.length && toks[pos].t !== '|' && toks[pos].t !== ')') {
      const k = toks[pos];
      if (k.t === 'id') {
        if (!(k.v in FUNCS)) throw new Unsupported(`template function ${k.v}`);
        if (fn === undefined && args.length === 0) fn = k.v;
        else args.push(FUNCS[k.v]([], s));
        pos++;
      } else if (k.t === 'str') {
        args.push(k.v);
        pos++;
      } else if (k.t === 'var') {
        if (!s.vars.has(k.v)) throw new Unsupported(`undefined variable ${k.v}`);
        args.push(s.vars.get(k.v)!);
        pos++;
      } else if (k.t === '(') {
        const [v, end] = pipeline(toks, pos + 1, s);
        if (toks[end]?.t !== ')') throw new Unsupported('unclosed (');
        args.push(v);
        pos = end + 1;
      } else throw new Unsupported(`template token ${k.v}`);
    }
    if (value !== undefined) args.push(value);
    if (fn !== undefined) value = FUNCS[fn](args, s);
    else if (args.length === 1) value = args[0];
    else throw new Unsupported('a template command without a function');
    if (toks[pos]?.t !== '|') return [value, pos];
    pos++;
  }
}

/** Text and `{{ actions }}`, in order; as Go's lexer, a `}}` inside a quoted string does not end an action. */
function actions(src: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      out.push(src.slice(i));
      break;
    }
    out.push(src.slice(i, open));
    let j = open + 2;
    for (; j < src.length && !src.startsWith('}}', j); j++) {
      if (src[j] === '"')
        for (j++; j < src.length && src[j] !== '"'; j++) {
          if (src[j] === '\\') j++;
        }
      else if (src[j] === '`') {
        j = src.indexOf('`', j + 1);
        if (j < 0) throw new Unsupported('unclosed raw string');
      }
    }
    if (j >= src.length) throw new Unsupported('unclosed action');
    out.push(src.slice(open, j + 2));
    i = j + 2;
  }
  return out;
}

/** A Go text template (the subset) as a function of the line. */
export function goTemplate(src: string): (line: string) => string {
  // Lexed once, as Go parses a template once and executes it per line.
  const parts = actions(src).map((p) => {
    if (!p.startsWith('{{')) return { text: p };
    const body = p.slice(2, -2);
    if (body.startsWith('-') || body.endsWith('-')) throw new Unsupported('trim markers');
    return { body, toks: tokens(body) };
  });
  return (line) => {
    const s: Scope = { vars: new Map(), line };
    const out: string[] = [];
    const open: boolean[] = [];
    const on = (): boolean => open.every(Boolean);
    for (const p of parts) {
      if (p.toks === undefined) {
        if (on()) out.push(p.text);
        continue;
      }
      const { body, toks } = p;
      if (toks[0]?.t === 'id' && toks[0].v === 'end' && toks.length === 1) {
        if (!open.length) throw new Unsupported('end without if');
        open.pop();
        continue;
      }
      if (toks[0]?.t === 'id' && toks[0].v === 'if') {
        const [v, end] = on() ? pipeline(toks, 1, s) : [false, toks.length];
        if (end !== toks.length) throw new Unsupported(`if ${body}`);
        open.push(truthy(v));
        continue;
      }
      if (!on()) continue;
      if (toks[0]?.t === 'var' && toks[1]?.t === ':=') {
        const [v, end] = pipeline(toks, 2, s);
        if (end !== toks.length) throw new Unsupported(`assignment ${body}`);
        s.vars.set(toks[0].v, v);
        continue;
      }
      const [v, end] = pipeline(toks, 0, s);
      if (end !== toks.length) throw new Unsupported(`action ${body}`);
      out.push(String(v));
    }
    if (open.length) throw new Unsupported('if without end');
    return out.join('');
  };
}

function labelFormat(q: string, n: SyntaxNode): Stage {
  const formats = findAll(n, 'LabelFormatMatcher').map((m) => {
    const [id, eq, value] = kids(m);
    if (eq?.name !== 'Eq') throw new Unsupported(`label_format ${q.slice(m.from, m.to)}`);
    const name = q.slice(id.from, id.to);
    if (value.name === 'Identifier') {
      const from = q.slice(value.from, value.to);
      return (l: string, labels: Labels) => {
        if (from in labels) {
          labels[name] = labels[from];
          delete labels[from];
        }
      };
    }
    const t = goTemplate(unquote(q.slice(value.from, value.to)));
    return (l: string, labels: Labels) => {
      labels[name] = t(l);
    };
  });
  return (l, labels) => {
    for (const f of formats) f(l, labels);
    return true;
  };
}

function stages(q: string, pipe: SyntaxNode | null): Stage[] {
  if (!pipe) return [];
  return findAll(pipe, 'PipelineStage').flatMap((st): Stage[] => {
    const c = kids(st).filter((k) => k.name !== 'Pipe');
    if (c.length !== 1) throw new Unsupported(`stage ${q.slice(st.from, st.to)}`);
    const k = c[0];
    if (k.name === 'LineFilters') return findAll(k, 'LineFilter').map((f) => lineFilter(q, f));
    if (k.name === 'LabelFilter') {
      const f = labelFilter(q, k);
      return [(_l, labels) => f(labels)];
    }
    if (k.name === 'LabelFormatExpr') return [labelFormat(q, k)];
    throw new Unsupported(`stage ${k.name}: ${q.slice(st.from, st.to)}`);
  });
}

/** The lines (and their labels after the pipeline) of a selector and pipeline, entries within `keepTime`. */
function logLines(
  q: string,
  sel: SyntaxNode,
  pipe: SyntaxNode | null,
  streams: readonly EvalStream[],
  keepTime: (ts: bigint) => boolean,
): { labels: Labels; ts: bigint; line: string }[] {
  const ms = findAll(sel, 'Matcher').map((m) => matcher(q, m));
  if (!ms.some((m) => !m({})))
    throw new Unsupported('parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value');
  const st = stages(q, pipe);
  const out: { labels: Labels; ts: bigint; line: string }[] = [];
  for (const s of streams) {
    if (!ms.every((m) => m(s.labels))) continue;
    for (const [ts, line] of s.entries) {
      if (!keepTime(ts)) continue;
      const labels = { ...s.labels };
      if (st.every((f) => f(line, labels, ts))) out.push({ labels, ts, line });
    }
  }
  return out;
}

/** The parse tree's expression, or an error when the query does not parse. */
function expr(q: string): SyntaxNode {
  const tree = parser.parse(q);
  let bad = false;
  tree.iterate({
    enter: (n) => {
      if (n.type.isError) bad = true;
    },
  });
  if (bad) throw new Unsupported(`parse error : syntax error in ${q.slice(0, 60)}`);
  const e = tree.topNode.firstChild;
  if (!e || e.name !== 'Expr' || !e.firstChild) throw new Unsupported('not an expression');
  return e.firstChild;
}

/** A log query's lines in [start, end) (query_range). */
export function evalLogQuery(q: string, streams: readonly EvalStream[], start: bigint, end: bigint): { labels: Labels; ts: bigint; line: string }[] {
  const e = expr(q);
  if (e.name !== 'LogExpr') throw new Unsupported('a metric query on query_range');
  const sel = e.getChild('Selector');
  if (!sel) throw new Unsupported('no selector');
  return logLines(q, sel, e.getChild('PipelineExpr'), streams, (ts) => ts >= start && ts < end);
}

function seconds(d: string): bigint {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(d);
  if (!m || d === '') throw new Unsupported(`duration ${d}`);
  return (BigInt(m[1] ?? 0) * 3600n + BigInt(m[2] ?? 0) * 60n + BigInt(m[3] ?? 0)) * 1_000_000_000n;
}

/** A metric query's vector at `time` (an instant query). */
export function evalInstant(q: string, streams: readonly EvalStream[], time: bigint): { metric: Labels; value: number }[] {
  let e = expr(q);
  if (e.name === 'LogExpr') throw new Unsupported('log queries are not supported as an instant query type, please change your query to a range query type');
  if (e.name !== 'MetricExpr') throw new Unsupported(`expression ${e.name}`);
  let by: string[] | undefined;
  const agg = e.getChild('VectorAggregationExpr');
  if (agg) {
    if (!agg.getChild('VectorOp')?.getChild('Sum')) throw new Unsupported('an aggregation other than sum');
    const g = agg.getChild('Grouping');
    if (g) {
      if (!g.getChild('By')) throw new Unsupported('without');
      by = findAll(g, 'Identifier').map((i) => q.slice(i.from, i.to));
    } else by = [];
    e =
      agg.getChild('MetricExpr') ??
      (() => {
        throw new Unsupported('sum of what');
      })();
  }
  const range = e.getChild('RangeAggregationExpr');
  if (!range || !range.getChild('RangeOp')?.getChild('CountOverTime')) throw new Unsupported('a range aggregation other than count_over_time');
  const lre = range.getChild('LogRangeExpr');
  const sel = lre?.getChild('Selector');
  const dur = lre?.getChild('Range')?.getChild('Duration');
  if (!lre || !sel || !dur || lre.getChild('OffsetExpr') || lre.getChild('UnwrapExpr')) throw new Unsupported(`range ${q.slice(range.from, range.to)}`);
  const from = time - seconds(q.slice(dur.from, dur.to));
  const lines = logLines(q, sel, lre.getChild('PipelineExpr'), streams, (ts) => ts > from && ts <= time);
  const out = new Map<string, { metric: Labels; value: number }>();
  for (const l of lines) {
    // Loki's vector aggregation drops empty labels; count_over_time alone keeps every label.
    const metric = by ? Object.fromEntries(by.filter((k) => (l.labels[k] ?? '') !== '').map((k) => [k, l.labels[k]])) : l.labels;
    const key = JSON.stringify(Object.entries(metric).sort());
    const cur = out.get(key);
    if (cur) cur.value++;
    else out.set(key, { metric, value: 1 });
  }
  return [...out.values()];
}
