/**
 * Compiles a parsed rule into what the matcher runs: one JS RegExp per step (built from escaped
 * literals and bounded capture fragments, so only `re"..."` parts need a backtracking check), the
 * set of literals of which at least one must occur in a matching line (the prefilter's input), and a
 * predicate for the WHERE condition.
 */
import type { LogEvent } from '../../model';
import { SEVERITIES, severityRank, type Severity } from '../../model';
import { CAPTURE_REGEX, captureIsWordy, durationMs } from './captureTypes';
import type { CaptureType, Condition, PatternElement, Rule, StepLink } from './ruleAst';
import { parseRule } from './ruleParser';
import { checkRegex } from './regexSafety';

/** A step ready to run. */
export interface CompiledStep {
  /** Unanchored regex over an event's message (then its raw text). */
  regex: RegExp;
  /** Capture name of regex group i+1 (undefined for groups that are not captures). */
  groupNames: (string | undefined)[];
  /** Capture types by name. */
  captureTypes: Record<string, CaptureType>;
  /** Lower-case literals, one of which occurs in every matching text; null when none could be derived. */
  literals: string[] | null;
  /** WHERE predicate. */
  where?: (event: LogEvent, captures: Record<string, string>) => boolean;
}

/** A compiled rule. */
export interface CompiledRule {
  /** Rule text as written. */
  source: string;
  /** Steps. */
  steps: CompiledStep[];
  /** Links between consecutive steps. */
  links: StepLink[];
}

/** A compile error with the 0-based column in the rule text. */
export interface RuleError {
  message: string;
  column: number;
}

const KNOWN_FIELDS = ['source', 'severity', 'kind', 'host', 'unit', 'node', 'pod', 'namespace', 'container', 'image', 'stage', 'object', 'message', 'pid'];

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const isWordChar = (c: string | undefined): boolean => c !== undefined && /\w/.test(c);

/** Expand letters into [aA] classes so a case-insensitive part can live in a case-sensitive regex. */
function caseFold(escaped: string): string {
  return escaped.replace(/\\.|[A-Za-z]/g, (c) => (c.length === 1 ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c));
}

interface Edge { first: string | undefined; last: string | undefined; star: boolean }

function edgeOf(el: PatternElement): Edge {
  switch (el.type) {
    case 'word': return { first: el.text[0], last: el.text[el.text.length - 1], star: false };
    case 'quoted': return { first: el.text[0], last: el.text[el.text.length - 1], star: false };
    case 'capture': { const w = captureIsWordy(el.captureType) ? 'a' : '"'; return { first: w, last: el.captureType === 'rest' ? undefined : w, star: false }; }
    case 'star': return { first: undefined, last: undefined, star: true };
    default: return { first: undefined, last: undefined, star: false };
  }
}

class StepBuilder {
  groupNames: (string | undefined)[] = [];
  captureTypes: Record<string, CaptureType> = {};
  errors: RuleError[] = [];
  constructor(private readonly caseSensitive: boolean, private readonly ruleText: string, private readonly trusted: boolean) {}

  alternatives(alts: PatternElement[][]): string {
    return alts.map((seq) => this.sequence(seq)).join('|');
  }

  sequence(seq: PatternElement[]): string {
    let out = '';
    let prev: Edge | undefined;
    for (const el of seq) {
      const edge = edgeOf(el);
      let sep = '';
      if (prev && el.spaceBefore && !prev.star && !edge.star) {
        sep = isWordChar(prev.last) && isWordChar(edge.first) ? '\\s+' : '\\s*';
      }
      const body = this.element(el);
      out += el.type === 'group' && el.optional ? `(?:${sep}${body})?` : sep + body;
      prev = edge;
    }
    return out;
  }

  element(el: PatternElement): string {
    switch (el.type) {
      case 'word': {
        const body = this.caseSensitive ? caseFold(esc(el.text)) : esc(el.text);
        return (isWordChar(el.text[0]) ? '\\b' : '') + body + (isWordChar(el.text[el.text.length - 1]) ? '\\b' : '');
      }
      case 'quoted': {
        const body = el.caseInsensitive && this.caseSensitive ? caseFold(esc(el.text)) : esc(el.text);
        return (isWordChar(el.text[0]) ? '\\b' : '') + body + (isWordChar(el.text[el.text.length - 1]) ? '\\b' : '');
      }
      case 'star': return '.*?';
      case 'capture': {
        if (this.captureTypes[el.name] !== undefined && this.captureTypes[el.name] !== el.captureType) {
          this.errors.push({ message: `capture "${el.name}" is used with two types`, column: this.ruleText.indexOf(`:${el.name}}`) });
        }
        this.captureTypes[el.name] = el.captureType;
        this.groupNames.push(el.name);
        return CAPTURE_REGEX[el.captureType];
      }
      case 'regex': {
        const verdict = checkRegex(el.source, this.caseSensitive ? '' : 'i', this.trusted);
        if (!verdict.ok) {
          this.errors.push({ message: `re"${el.source}": ${verdict.reason}`, column: Math.max(0, this.ruleText.indexOf(el.source) - 3) });
          return '(?!)';
        }
        // Capturing groups inside a raw regex are not captures: keep the numbering straight.
        const groups = new RegExp(`${el.source}|`).exec('')!.length - 1;
        for (let i = 0; i < groups; i++) this.groupNames.push(undefined);
        return `(?:${el.source})`;
      }
      case 'group': return `(?:${this.alternatives(el.alternatives)})`;
    }
  }
}

/**
 * Words so frequent in Kubernetes and CI logs that a prefilter keyed on them would hand most lines
 * to verification; a rarer literal of the same rule is preferred.
 */
const COMMON_LOG_WORDS = new Set([
  'kubelet', 'error', 'errors', 'failed', 'failure', 'fail', 'pod', 'pods', 'node', 'nodes', 'container', 'containers', 'status', 'the', 'to', 'for',
  'with', 'from', 'and', 'true', 'false', 'level', 'info', 'warning', 'warn', 'msg', 'time', 'image', 'images', 'docker', 'containerd', 'kube',
  'system', 'kube-system', 'default', 'sync', 'syncing', 'started', 'starting', 'update', 'updated', 'network', 'ready', 'volume', 'namespace',
  'service', 'request', 'get', 'api', 'http', 'https', 'server', 'client', 'unable', 'could', 'not', 'cannot', 'is', 'was', 'on', 'in', 'of',
  'for:', 'error:', 'failed:', 'err', 'err:', 'warning:', 'reason:', 'message:', 'type', 'normal', 'jenkins', 'controller', 'manager', 'event',
  'user', 'resource', 'exit', 'code', 'status', 'timeout', 'found', 'available', 'unavailable', 'connection', 'refused', 'desc', 'rpc',
  'response', 'http/', ' http/', 'reason', 'message', 'process', 'killed', 'memory', 'disk', 'cpu', 'file', 'path', 'key', 'value', 'name',
]);

function literalScore(lit: string): number {
  const words = lit.split(' ').filter(Boolean);
  return lit.length - (words.every((w) => COMMON_LOG_WORDS.has(w)) ? 8 : 0);
}

/** A set is as selective as its most common member. */
function setScore(set: string[]): number {
  return Math.min(...set.map(literalScore)) - set.length * 0.01;
}

/**
 * Phrases: runs of literal elements that the text must hold separated by whitespace (the compiled
 * separator is `\s+`), joined with single spaces. The prefilter reads any whitespace run as one space.
 */
function phrasesOf(seq: PatternElement[]): string[][] {
  const out: string[][] = [];
  let run: string[] = []; // alternatives of the phrase so far
  let words = 0;
  let prevLast: string | undefined;
  const flush = (): void => { if (words > 1) out.push([...new Set(run.map((r) => r.toLowerCase()))]); run = []; words = 0; };
  for (const el of seq) {
    const alts = phraseAlternatives(el);
    if (!alts) { flush(); prevLast = undefined; continue; }
    const firsts = alts.map((a) => a[0]);
    const joins = words > 0 && el.spaceBefore && isWordChar(prevLast) && firsts.every((c) => isWordChar(c));
    if (!joins || run.length * alts.length > MAX_PHRASE_ALTERNATIVES) flush();
    run = run.length === 0 ? alts : run.flatMap((r) => alts.map((a) => `${r} ${a}`));
    words++;
    const lasts = alts.map((a) => a[a.length - 1]);
    prevLast = lasts.every((c) => isWordChar(c)) ? 'a' : undefined;
  }
  flush();
  return out;
}

/** Most spellings one phrase may expand to through alternative groups. */
const MAX_PHRASE_ALTERNATIVES = 16;

/** The texts an element stands for in a phrase: a literal, or a group of single literals; else null. */
function phraseAlternatives(el: PatternElement): string[] | null {
  if (el.type === 'word') return [el.text];
  if (el.type === 'quoted') return el.text === '' ? null : [el.text];
  if (el.type === 'group' && !el.optional && el.alternatives.every((a) => a.length === 1 && (a[0].type === 'word' || (a[0].type === 'quoted' && a[0].text !== '')))) {
    return el.alternatives.map((a) => (a[0] as { text: string }).text);
  }
  return null;
}

/** The literal set that a match of `els` must contain one of, or null. */
function necessaryOfSequence(seq: PatternElement[]): string[] | null {
  let best: string[] | null = null;
  let bestScore = -Infinity;
  for (const set of phrasesOf(seq)) {
    const score = setScore(set);
    if (score > bestScore) { best = set; bestScore = score; }
  }
  for (const el of seq) {
    const set = necessaryOf(el);
    if (!set || set.length === 0) continue;
    const score = setScore(set);
    if (score > bestScore) { best = set; bestScore = score; }
  }
  return best;
}

function necessaryOfAlternatives(alts: PatternElement[][]): string[] | null {
  const all: string[] = [];
  for (const seq of alts) {
    const s = necessaryOfSequence(seq);
    if (!s) return null;
    all.push(...s);
  }
  return [...new Set(all)];
}

function necessaryOf(el: PatternElement): string[] | null {
  switch (el.type) {
    case 'word': return [el.text.toLowerCase()];
    case 'quoted': return el.text ? [el.text.toLowerCase()] : null;
    case 'regex': return regexLiterals(el.source);
    case 'group': return el.optional ? null : necessaryOfAlternatives(el.alternatives);
    default: return null;
  }
}

/**
 * Literals a raw regex needs: per top-level branch, the longest run of plain characters outside
 * groups and classes that no quantifier makes optional. Null when a branch has none of 3+ chars.
 */
export function regexLiterals(source: string): string[] | null {
  const branches: string[] = [];
  let depth = 0, inClass = false, start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') { i++; continue; }
    if (inClass) { if (c === ']') inClass = false; continue; }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) { branches.push(source.slice(start, i)); start = i + 1; }
  }
  branches.push(source.slice(start));
  const out: string[] = [];
  for (const b of branches) {
    let best = '', run = '';
    depth = 0; inClass = false;
    // Punctuation is rarer in logs than letters and digits: `" 504 ` beats ` HTTP/`.
    const runScore = (r: string): number => r.length + (r.match(/[^a-z0-9 ]/gi)?.length ?? 0) * 0.5 - (COMMON_LOG_WORDS.has(r.trim().toLowerCase()) ? 8 : 0);
    const flush = (): void => { if (run.trim().length >= 3 && (best === '' || runScore(run) > runScore(best))) best = run; run = ''; };
    for (let i = 0; i < b.length; i++) {
      const c = b[i];
      const next = b[i + (c === '\\' ? 2 : 1)];
      const quantified = next === '*' || next === '?' || next === '{';
      if (inClass) { if (c === ']') inClass = false; continue; }
      if (c === '[') { inClass = true; flush(); continue; }
      if (c === '(') { depth++; flush(); continue; }
      if (c === ')') { depth--; flush(); continue; }
      if (depth > 0) continue;
      if (c === '\\') {
        const e = b[i + 1];
        i++;
        if (e !== undefined && /[^A-Za-z0-9]/.test(e) && !quantified) run += e;
        else flush();
        continue;
      }
      if (c === '{') {
        // A quantifier {n,m}: skip its body.
        flush();
        const close = b.indexOf('}', i);
        if (close > i) i = close;
        continue;
      }
      if ('.^$+*?}|'.includes(c)) { flush(); continue; }
      if (quantified) { flush(); continue; }
      run += c;
    }
    flush();
    if (best.length < 3) return null;
    out.push(best.toLowerCase());
  }
  return [...new Set(out)];
}

function fieldValue(event: LogEvent, captures: Record<string, string>, field: string): string | undefined {
  if (field in captures) return captures[field];
  if (field.startsWith('field.')) {
    const key = field.slice(6).toLowerCase();
    const f = event.fields;
    if (!f) return undefined;
    for (const k of Object.keys(f)) if (k.toLowerCase() === key) return f[k];
    return undefined;
  }
  switch (field) {
    case 'source': return event.source;
    case 'severity': return event.severity;
    case 'kind': return event.kind;
    case 'host': return event.host;
    case 'unit': return event.unit;
    case 'message': return event.message;
    case 'pid': return event.pid === undefined ? undefined : String(event.pid);
    case 'node': return event.refs.node ?? event.host;
    default: return (event.refs as Record<string, string | undefined>)[field];
  }
}

function compareOrdered(field: string, a: string, b: string): number {
  if (field === 'severity') {
    const ra = (SEVERITIES as readonly string[]).indexOf(a), rb = (SEVERITIES as readonly string[]).indexOf(b);
    return ra < 0 || rb < 0 ? NaN : severityRank(a as Severity) - severityRank(b as Severity);
  }
  const da = durationMs(a), db = durationMs(b);
  if (!Number.isNaN(da) && !Number.isNaN(db)) return da - db;
  const na = Number(a), nb = Number(b);
  return Number.isNaN(na) || Number.isNaN(nb) ? NaN : na - nb;
}

function compileCondition(c: Condition, names: Set<string>, errors: RuleError[], text: string, trusted: boolean): (e: LogEvent, caps: Record<string, string>) => boolean {
  switch (c.type) {
    case 'and': { const fs = c.items.map((i) => compileCondition(i, names, errors, text, trusted)); return (e, k) => fs.every((f) => f(e, k)); }
    case 'or': { const fs = c.items.map((i) => compileCondition(i, names, errors, text, trusted)); return (e, k) => fs.some((f) => f(e, k)); }
    case 'not': { const f = compileCondition(c.item, names, errors, text, trusted); return (e, k) => !f(e, k); }
    case 'compare': {
      const { field, op, values } = c;
      if (!names.has(field) && !KNOWN_FIELDS.includes(field) && !field.startsWith('field.')) {
        errors.push({ message: `unknown field "${field}" in WHERE (fields: ${KNOWN_FIELDS.join(', ')}, field.<name>, or a capture name)`, column: text.indexOf(field) });
      }
      if (field === 'severity') for (const v of values) if (!(SEVERITIES as readonly string[]).includes(v)) errors.push({ message: `unknown severity "${v}" (${SEVERITIES.join(', ')})`, column: text.indexOf(v) });
      const lower = values.map((v) => v.toLowerCase());
      switch (op) {
        case '=': return (e, k) => fieldValue(e, k, field)?.toLowerCase() === lower[0];
        case '!=': return (e, k) => fieldValue(e, k, field)?.toLowerCase() !== lower[0];
        case 'in': return (e, k) => { const v = fieldValue(e, k, field)?.toLowerCase(); return v !== undefined && lower.includes(v); };
        case '~': {
          const verdict = checkRegex(values[0], 'i', trusted);
          if (!verdict.ok) { errors.push({ message: `~ "${values[0]}": ${verdict.reason}`, column: text.indexOf(values[0]) }); return () => false; }
          const re = new RegExp(values[0], 'i');
          return (e, k) => { const v = fieldValue(e, k, field); return v !== undefined && re.test(v.length > 16_384 ? v.slice(0, 16_384) : v); };
        }
        default: {
          const want = values[0];
          const test = { '>=': (d: number) => d >= 0, '<=': (d: number) => d <= 0, '>': (d: number) => d > 0, '<': (d: number) => d < 0 }[op];
          return (e, k) => { const v = fieldValue(e, k, field); if (v === undefined) return false; const d = compareOrdered(field, v.toLowerCase(), want.toLowerCase()); return !Number.isNaN(d) && test(d); };
        }
      }
    }
  }
}

/**
 * Compile rule text. Returns the rule or the errors (never throws). `trusted` skips the backtracking
 * analysis of raw regexes (for the shipped catalogue, which `validate` checks in CI).
 */
export function compileRule(text: string, trusted = false): { value?: CompiledRule; errors: RuleError[] } {
  const parsed = parseRule(text);
  if (!parsed.value) return { errors: parsed.errors };
  return compileParsed(parsed.value, text, trusted);
}

function hasCaseSensitive(alts: PatternElement[][]): boolean {
  return alts.some((seq) => seq.some((el) => (el.type === 'quoted' && !el.caseInsensitive) || (el.type === 'group' && hasCaseSensitive(el.alternatives))));
}

function compileParsed(rule: Rule, text: string, trusted: boolean): { value?: CompiledRule; errors: RuleError[] } {
  const errors: RuleError[] = [];
  const steps: CompiledStep[] = [];
  for (const step of rule.steps) {
    const caseSensitive = hasCaseSensitive(step.alternatives);
    const b = new StepBuilder(caseSensitive, text, trusted);
    const source = b.alternatives(step.alternatives);
    errors.push(...b.errors);
    let regex: RegExp;
    try {
      regex = new RegExp(source, caseSensitive ? '' : 'i');
    } catch (err) {
      errors.push({ message: `cannot build the pattern: ${(err as Error).message}`, column: 0 });
      continue;
    }
    const names = new Set(Object.keys(b.captureTypes));
    const compiled: CompiledStep = { regex, groupNames: b.groupNames, captureTypes: b.captureTypes, literals: necessaryOfAlternatives(step.alternatives) };
    if (step.where) compiled.where = compileCondition(step.where, names, errors, text, trusted);
    steps.push(compiled);
  }
  for (const link of rule.links) for (const s of link.same) {
    const known = ['node', 'pod', 'namespace', 'host', 'input', 'container', 'image', 'stage'];
    if (!known.includes(s) && !steps.some((st) => s in st.captureTypes)) errors.push({ message: `ON SAME ${s}: not a field (${known.join(', ')}) or capture name`, column: text.lastIndexOf(s) });
  }
  return errors.length ? { errors } : { value: { source: text, steps, links: rule.links }, errors };
}

/** Run a step's regex on a text; returns the captures or null. */
export function execStep(step: CompiledStep, text: string): Record<string, string> | null {
  const m = step.regex.exec(text);
  if (!m) return null;
  const caps: Record<string, string> = {};
  for (let i = 0; i < step.groupNames.length; i++) {
    const name = step.groupNames[i];
    const v = m[i + 1];
    if (name !== undefined && v !== undefined && caps[name] === undefined) caps[name] = v;
  }
  return caps;
}
