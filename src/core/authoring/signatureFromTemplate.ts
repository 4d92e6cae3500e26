/**
 * A signature file drafted from a cluster of unmatched error lines ("Create signature from this
 * pattern"): its template becomes a rule, its lines the examples that must match, lines of other
 * clusters the near-misses that must not, and the parts only a person can write are TODO prompts.
 *
 * The rule reads like the template: each fixed word is a case-sensitive literal (`"..."`, so no word
 * of a log line can be taken for rule syntax), each `<*>` a typed capture chosen from the values it
 * took (number, duration, ip, path, quoted, pod, word: the first type that takes every value whole),
 * else `*`; a redacted secret is `*` (its value is never written). The draft is checked with the real
 * validator before it is returned, and loosened step by step until its examples pass: typed captures
 * first, then `*` for every varying part, then its words with `*` between all of them, then without
 * the last words (a template cut at its length limit ends in a piece of a word). What it could not
 * make pass is said in `problems`.
 */
import type { UnknownErrorCluster } from '../../model';
import { CAPTURE_CONTINUES, CAPTURE_REGEX } from '../rules/captureTypes';
import type { CaptureType } from '../rules/ruleAst';
import { redactText } from '../redact/redact';
import { WILDCARD } from '../diagnose/templateMiner';
import { diagnoseTexts } from '../engine/session';
import { Catalogue } from '../catalogue/catalogue';
import { checkExamples } from './exampleCheck';

/** What the draft is made from: a cluster as a diagnosis lists it. */
export type DraftCluster = Pick<UnknownErrorCluster, 'template' | 'examples' | 'level'> & Partial<Pick<UnknownErrorCluster, 'variables'>>;

/** Options of {@link signatureFromTemplate}. */
export interface SignatureDraftOptions {
  /** True for an id already in use (the catalogue in force): the draft's id gets a `-2`, `-3` ... */
  taken?: (id: string) => boolean;
  /** Year for example lines without one (as `validate` reads them). */
  defaultYear?: number;
  /** Most near-miss lines written (default 3). */
  maxNoMatch?: number;
}

/** A drafted signature file. */
export interface SignatureDraft {
  /** Its id (kebab-case, unique against `taken`); the file is `<id>.yaml`. */
  id: string;
  /** The whole file. */
  yaml: string;
  /** The match rule. */
  rule: string;
  /** Lines of other clusters the rule matches too (so they are not near-misses), redacted. */
  alsoMatches: string[];
  /** What the validator still reports for the draft (empty when its examples pass both ways). */
  problems: string[];
}

/** A part of a template: fixed text, a varying part (index into its `<*>`s), or a redacted secret. */
type Atom = ({ kind: 'lit'; text: string } | { kind: 'var'; index: number; quoted?: boolean; prefix: string; suffix: string } | { kind: 'secret' }) & {
  space: boolean;
};

const MARK = /\[REDACTED:[a-z-]+\]/;
/** Capture types tried for a varying part, most specific first. `pod` only for generated pod names. */
const TYPES: CaptureType[] = ['number', 'duration', 'ip', 'path', 'pod', 'word'];
const GENERATED_POD = /^(?:[a-z0-9][-a-z0-9]*\/)?[a-z0-9]+(?:-[a-z0-9]+)*-[a-z0-9]{5}$/;
const whole = new Map<CaptureType, RegExp>(TYPES.map((t) => [t, new RegExp(`^(?:${CAPTURE_REGEX[t]})$`)]));
const MAX_MATCH_EXAMPLES = 8;
const TITLE_CHARS = 90;

/** The template cut into atoms, with quotes around a `<*>` folded into a `quoted` part. */
function atomsOf(template: string): Atom[] {
  const atoms: Atom[] = [];
  let index = 0;
  let space = false;
  for (const piece of template.split(/(<\*>|\[REDACTED:[a-z-]+\]| +)/)) {
    if (piece === '') continue;
    if (/^ +$/.test(piece)) {
      space = true;
      continue;
    }
    if (piece === WILDCARD) atoms.push({ kind: 'var', index: index++, space, prefix: '', suffix: '' });
    else if (MARK.test(piece)) atoms.push({ kind: 'secret', space });
    else atoms.push({ kind: 'lit', text: piece, space });
    space = false;
  }
  // `"<*>"`: a quoted string is one capture, whatever it holds.
  for (let i = 1; i + 1 < atoms.length; i++) {
    const [a, v, b] = [atoms[i - 1], atoms[i], atoms[i + 1]];
    if (v.kind !== 'var' || v.space || b.space || a.kind !== 'lit' || b.kind !== 'lit' || !a.text.endsWith('"') || !b.text.startsWith('"')) continue;
    v.quoted = true;
    a.text = a.text.slice(0, -1);
    b.text = b.text.slice(1);
  }
  // A literal ends on a word boundary where it ends in a word character, so `"node"{number}` cannot
  // match `node1`: the word characters glued to a varying part or a secret join it (`node<*>` is one
  // value, `node1`).
  for (let i = 0; i < atoms.length; i++) {
    const v = atoms[i];
    if (v.kind === 'lit' || (v.kind === 'var' && v.quoted)) continue;
    const before = atoms[i - 1];
    const after = atoms[i + 1];
    if (before?.kind === 'lit' && !v.space) {
      const run = /\w+$/.exec(before.text)?.[0] ?? '';
      if (run) {
        before.text = before.text.slice(0, -run.length);
        if (v.kind === 'var') v.prefix = run;
        if (before.text === '') v.space = before.space;
      }
    }
    if (after?.kind === 'lit' && !after.space) {
      const run = /^\w+/.exec(after.text)?.[0] ?? '';
      if (run) {
        after.text = after.text.slice(run.length);
        if (v.kind === 'var') v.suffix = run;
      }
    }
  }
  return atoms.filter((a, i) => {
    if (a.kind !== 'lit' || a.text !== '') return true;
    // A literal emptied passes its space on.
    if (atoms[i + 1] && a.space) atoms[i + 1].space = true;
    return false;
  });
}

/** The capture type that takes every value of a varying part whole, or undefined. */
function typeFor(values: readonly string[]): CaptureType | undefined {
  if (values.length === 0) return undefined;
  return TYPES.find((t) => values.every((v) => whole.get(t)!.test(v) && (t !== 'pod' || GENERATED_POD.test(v))));
}

/** Would a value of `type` go on into `c`? */
const continues = (type: CaptureType, c: string): boolean => {
  const cont = CAPTURE_CONTINUES[type];
  return cont !== undefined && new RegExp(cont).test(c);
};

/** `"..."` literal of the rule language (backslash escapes a quote and itself). */
const ruleLiteral = (text: string): string => `"${text.replace(/[\\"]/g, (c) => '\\' + c)}"`;

/** The rule for `atoms`: typed captures where `typed`, else `*`; leading and trailing `*` dropped. */
function ruleOf(atoms: Atom[], cluster: DraftCluster, typed: boolean): string {
  const names = new Map<string, number>();
  const parts: { text: string; space: boolean; star: boolean }[] = [];
  for (const [i, a] of atoms.entries()) {
    let text: string;
    if (a.kind === 'lit') text = ruleLiteral(a.text);
    else if (a.kind === 'secret') text = '*';
    else {
      const values = cluster.variables?.[a.index]?.values.map((v) => a.prefix + v.value + a.suffix) ?? [];
      let type: CaptureType | undefined = a.quoted ? (values.every((v) => !v.includes('"')) ? 'quoted' : undefined) : typeFor(values);
      // A capture takes the longest value and never gives back: `{word}` before `.app` would take it.
      const next = atoms[i + 1];
      if (type && next && !next.space && (next.kind !== 'lit' || continues(type, next.text[0]))) type = undefined;
      if (!typed || !type) text = a.quoted ? `${ruleLiteral('"')}*${ruleLiteral('"')}` : '*';
      else {
        const n = (names.get(type) ?? 0) + 1;
        names.set(type, n);
        text = n === 1 ? `{${type}}` : `{${type}:${type}${n}}`;
      }
    }
    const star = text === '*';
    if (star && (parts.length === 0 || parts[parts.length - 1].star)) continue;
    parts.push({ text, space: a.space, star });
  }
  while (parts.length && parts[parts.length - 1].star) parts.pop();
  return parts.map((p, i) => (i > 0 && (p.space || p.star || parts[i - 1].star) ? ' ' : '') + p.text).join('');
}

/** Characters a YAML scalar may not hold raw (control characters, line separators, BOM, non-characters, lone surrogates). */
const YAML_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A YAML scalar on one line: single-quoted when every character may stand raw (a rule's `"` stay as
 * they are, `'` is doubled), else double-quoted with JSON's escapes plus those YAML needs.
 */
export function yamlString(s: string): string {
  if (!YAML_UNSAFE.test(s)) return `'${s.replace(/'/g, "''")}'`;
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A kebab-case id from the template's fixed words, unique against `taken`. */
export function draftId(template: string, taken: (id: string) => boolean = () => false): string {
  const words = template
    .replace(/<\*>|\[REDACTED:[a-z-]+\]/g, ' ')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !/^\d+$/.test(w));
  let base = '';
  for (const w of words) {
    if (base.split('-').length >= 6 || base.length + w.length + 1 > 60) break;
    base = base ? `${base}-${w}` : w;
  }
  base ||= 'unmatched-error';
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  return id;
}

/** The first line of a text, redacted (an example written into a file never holds a secret). */
const exampleLine = (text: string): string => redactText(text.split('\n', 1)[0].replace(/\r$/, ''));

function titleOf(template: string): string {
  const t = template.replace(/<\*>/g, '…').replace(/\s+/g, ' ').trim();
  const cut = t.length > TITLE_CHARS ? t.slice(0, TITLE_CHARS - 1) + '…' : t;
  return cut.length >= 5 ? cut : `Unmatched error: ${cut}`;
}

const SEVERITY: Record<UnknownErrorCluster['level'], string> = { critical: 'critical', error: 'error', warning: 'warning', word: 'error' };

function fileText(id: string, cluster: DraftCluster, rule: string, match: string[], noMatch: string[]): string {
  const out = [
    `# Drafted by Postmortem Lens from the unmatched error template`,
    `#   ${yamlString(cluster.template)}`,
    `# Write every TODO, check the rule, then save: the open logs are diagnosed again with this file.`,
    `# The rule language: docs/signature-language.md (typed captures, "*", WHERE conditions).`,
    `id: ${id}`,
    `title: ${yamlString(titleOf(cluster.template))}`,
    `summary: "TODO: one sentence: what this error is, in the words of whoever meets it."`,
    `status: experimental`,
    `severity: ${SEVERITY[cluster.level]}`,
    `category: workload # TODO: one of control-plane, node, network, storage, runtime, ci, workload, security, cloud`,
    `appliesTo: [any]`,
    `match:`,
    `  - ${yamlString(rule)}`,
    `explanation: |`,
    `  TODO: what this error means, why it happens and what it breaks (Markdown, a few sentences).`,
    `causes:`,
    `  - "TODO: a likely cause"`,
    `checks:`,
    `  - title: "TODO: what to look at"`,
    `    command: "TODO: a command that shows it"`,
    `remediation:`,
    `  - "TODO: how to fix it"`,
    `references: []`,
    `examples:`,
    `  match:`,
    ...match.map((m) => `    - ${yamlString(m)}`),
  ];
  if (noMatch.length) out.push(`  noMatch:`, ...noMatch.map((m) => `    - ${yamlString(m)}`));
  return out.join('\n') + '\n';
}

/** Does the signature of `catalogue` (its only one) match `text` read as a log? */
function matches(catalogue: Catalogue, text: string, defaultYear: number): boolean {
  return diagnoseTexts(catalogue, [{ name: 'example', text }], { defaultYear }).findings.length > 0;
}

/** Words two lines share (a near-miss shares many). */
function shared(a: string, b: string): number {
  const words = new Set(
    a
      .toLowerCase()
      .split(/\W+/)
      .filter((w) => w.length > 2),
  );
  return new Set(
    b
      .toLowerCase()
      .split(/\W+/)
      .filter((w) => words.has(w)),
  ).size;
}

/**
 * Draft the signature file of `cluster`; near-misses come from the lines of `others` (other clusters
 * of the same diagnosis). Pure: text in, text out; the caller writes the file.
 */
export function signatureFromTemplate(cluster: DraftCluster, others: readonly DraftCluster[], options: SignatureDraftOptions = {}): SignatureDraft {
  const defaultYear = options.defaultYear ?? 2021;
  const id = draftId(cluster.template, options.taken);
  const match = [...new Set(cluster.examples.map((e) => exampleLine(e.text)))].filter((l) => l.trim() !== '').slice(0, MAX_MATCH_EXAMPLES);
  if (match.length === 0) match.push(cluster.template);
  const atoms = atomsOf(cluster.template);
  const lits = (): number => atoms.filter((a) => a.kind === 'lit').length;
  // Most specific first; each next one matches more.
  const candidates: string[] = [ruleOf(atoms, cluster, true), ruleOf(atoms, cluster, false)];
  // The words in order with anything between them: for a message the grammar rebuilt from the line
  // (a klog structured message is unquoted), where a run of words is not a run of the raw text.
  candidates.push(
    atoms
      .filter((a) => a.kind === 'lit')
      .map((a) => ruleLiteral((a as { text: string }).text))
      .join(' * '),
  );
  for (let cut = 1; cut <= 2 && lits() > 1; cut++) {
    atoms.pop();
    while (atoms.length && atoms[atoms.length - 1].kind !== 'lit') atoms.pop();
    candidates.push(ruleOf(atoms, cluster, false));
  }
  let best: { rule: string; catalogue?: Catalogue; problems: string[] } | undefined;
  for (const rule of new Set(candidates.filter((r) => r !== ''))) {
    const catalogue = new Catalogue([{ file: `${id}.yaml`, text: fileText(id, cluster, rule, match, []) }]);
    const problems = [
      ...catalogue.problems.filter((p) => p.level === 'error'),
      ...(catalogue.signatures.length ? checkExamples(catalogue, defaultYear) : []),
    ].map((p) => p.message);
    if (!best || problems.length < best.problems.length) best = { rule, catalogue: catalogue.signatures.length ? catalogue : undefined, problems };
    if (problems.length === 0) break;
  }
  if (!best) best = { rule: ruleLiteral(match[0]), problems: ['the template has no text to match'] };
  const noMatch: string[] = [];
  const alsoMatches: string[] = [];
  const mine = new Set(match);
  const lines = [...new Set(others.flatMap((c) => c.examples.map((e) => exampleLine(e.text))))]
    .filter((l) => l.trim() !== '' && !mine.has(l))
    .map((l, i) => ({ l, i, s: shared(cluster.template, l) }))
    .sort((a, b) => b.s - a.s || a.i - b.i);
  const maxNoMatch = options.maxNoMatch ?? 3;
  for (const { l } of lines) {
    if (noMatch.length >= maxNoMatch || !best.catalogue) break;
    if (matches(best.catalogue, l, defaultYear)) alsoMatches.push(l);
    else noMatch.push(l);
  }
  return { id, yaml: fileText(id, cluster, best.rule, match, noMatch), rule: best.rule, alsoMatches, problems: best.problems };
}
