/**
 * The varying parts of a template: which text each `<*>` stood for in the lines of its cluster, like
 * a log pattern inspector shows them. A template and a line are aligned left to right: the fixed text
 * before the first `<*>` starts the line, the one after the last ends it, and each `<*>` takes the
 * text up to the first place the next fixed piece is found (the shortest value, as `(.+?)` would,
 * but with `indexOf` and no backtracking, so it costs one pass over the line however hostile it is).
 * A line that does not align (a template the miner widened in a way the pieces cannot follow) gives
 * no values and is not counted.
 */
import type { Finding, TemplateVariable } from '../../model';
import { WILDCARD } from './templateMiner';
import { templateLine } from './templates';

/** Values listed per varying part (the rest are counted in `other`). */
export const MAX_VALUES_LISTED = 10;
/** Characters of a value kept. */
const MAX_VALUE_CHARS = 120;

/** A template cut at its `<*>`s: `fixed.length` is one more than the number of `<*>`s. */
export function templatePieces(template: string): string[] {
  return template.split(WILDCARD);
}

/**
 * The text each `<*>` of `template` stands for in `line` (a {@link templateLine}), or null when the
 * line does not align with it. Every value is at least one character long.
 */
export function alignTemplate(template: string, line: string): string[] | null {
  const fixed = templatePieces(template);
  const k = fixed.length - 1;
  if (!line.startsWith(fixed[0])) return null;
  if (k === 0) return line === fixed[0] ? [] : null;
  const last = fixed[k];
  const end = line.length - last.length;
  if (!line.endsWith(last) || end <= fixed[0].length) return null;
  const values: string[] = [];
  let pos = fixed[0].length;
  for (let i = 1; i < k; i++) {
    // Two `<*>` side by side cannot be told apart: no values rather than made-up ones.
    if (fixed[i] === '') return null;
    const at = line.indexOf(fixed[i], pos + 1);
    if (at < 0 || at + fixed[i].length > end) return null;
    values.push(line.slice(pos, at));
    pos = at + fixed[i].length;
  }
  if (end <= pos) return null;
  values.push(line.slice(pos, end));
  return values;
}

/**
 * The values of each `<*>` of `template` over sampled lines (text -> how many lines had it): per
 * part the most frequent first, at most {@link MAX_VALUES_LISTED}, and `lines`, the lines that
 * aligned (those the values were read from).
 */
export function templateVariables(template: string, samples: ReadonlyMap<string, number>): { variables: TemplateVariable[]; lines: number } {
  const k = templatePieces(template).length - 1;
  const counts: Map<string, number>[] = Array.from({ length: k }, () => new Map());
  let lines = 0;
  for (const [line, n] of samples) {
    const values = alignTemplate(template, line);
    if (!values) continue;
    lines += n;
    values.forEach((v, i) => {
      const value = v.length > MAX_VALUE_CHARS ? v.slice(0, MAX_VALUE_CHARS - 1) + '…' : v;
      counts[i].set(value, (counts[i].get(value) ?? 0) + n);
    });
  }
  if (lines === 0) return { variables: [], lines: 0 };
  // A stable sort keeps ties in the order first seen.
  const variables = counts.map((m): TemplateVariable => {
    const all = [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
    const values = all.slice(0, MAX_VALUES_LISTED);
    return { values, other: all.slice(MAX_VALUES_LISTED).reduce((s, v) => s + v.count, 0) };
  });
  return { variables, lines };
}

/**
 * The values of one part in a few words for text output: `10.0.0.7 ×3, 10.0.0.9 ×1 (+2 more)`.
 * Values are shown as JSON strings when they hold a space, a quote or a control character.
 */
export function variableSummary(v: TemplateVariable, max = 3): string {
  const show = (s: string): string => (/[\s"\\\u0000-\u001f\u007f-\u009f]/.test(s) || s === '' ? JSON.stringify(s) : s);
  const listed = v.values.slice(0, max).map((x) => `${show(x.value)} ×${x.count}`);
  const more = v.values.length - listed.length;
  const rest =
    more > 0 || v.other > 0
      ? ` (+${more > 0 ? `${more} more` : ''}${more > 0 && v.other > 0 ? ', ' : ''}${v.other > 0 ? `${v.other} other line${v.other === 1 ? '' : 's'}` : ''})`
      : '';
  return listed.join(', ') + rest;
}

/** Characters of a line in which a message may begin (after its header). */
const MAX_HEADER_CHARS = 300;

/**
 * The signature id of a finding with an occurrence on line `line` (1-based) of input `input`, if any:
 * such a line is not an unmatched one, whatever template its text fits.
 */
export function findingOnLine(findings: readonly Finding[], input: number, line: number): string | undefined {
  for (const f of findings) for (const o of f.occurrences) if (o.input === input && o.line <= line && line <= o.endLine) return f.signatureId;
  return undefined;
}

/**
 * The cluster of `clusters` that holds line `line` (1-based) of input `input` with text `text`: one
 * whose examples name the line, else the first whose template aligns with the line from one of its
 * first tokens on (a line's header, such as a klog or syslog prefix, is not in its template). Costs
 * one alignment per cluster and token start, over at most the line's first few hundred characters.
 * A line whose message is longer than a template's 300 characters is found by its examples only.
 */
export function clusterHolding<C extends { template: string; examples: { input: number; line: number }[] }>(
  clusters: readonly C[],
  input: number,
  line: number,
  text: string,
): C | undefined {
  const byExample = clusters.find((c) => c.examples.some((e) => e.input === input && e.line === line));
  if (byExample) return byExample;
  const normal = templateLine(text);
  const starts = [0];
  for (let i = 1; i < Math.min(normal.length, MAX_HEADER_CHARS); i++) if (normal.charCodeAt(i - 1) === 32) starts.push(i);
  for (const c of clusters) {
    for (const s of starts) {
      if (alignTemplate(c.template, normal.slice(s)) !== null) return c;
    }
  }
  return undefined;
}
