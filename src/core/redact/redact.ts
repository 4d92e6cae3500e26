/**
 * The one place secrets are taken out of log text before it is shown or shared. Every renderer
 * (text, JSON, SARIF, the Markdown draft, the Diagnosis view and what it copies, the editor's
 * Problems, the cluster documents and problems) and the unknown-error templates pass their log
 * text through {@link redact}. Each secret becomes `[REDACTED:<kind>]`; the text around it stays.
 *
 * Two detectors feed one list of spans: shapes ({@link SECRET_RULES}: provider prefixes, URLs with
 * passwords, key blocks, command lines) and names ({@link findNamedValues}: `password=`,
 * `"clientSecret":`, `--token`, `Authorization:`, `Cookie:`). Overlapping spans are merged, so a
 * secret two rules see is one redaction. Already redacted text is left as it is (idempotent).
 *
 * Why not secretlint (measured, see bench/README.md "Redaction"): its API is async only, while every
 * renderer here is synchronous; called per excerpt it costs 70-100 µs a line (this: 3 µs) and its
 * profiler keeps performance marks per call (over a million after a few seconds of calls, in a
 * long-lived extension host); and its recommended preset found 23 of the 157 secrets of our corpus
 * (it is made for source files, not command lines and log lines). Its rule formats, and gitleaks',
 * are followed in {@link SECRET_RULES}.
 */
import { findNamedValues, NAMED_VALUE_HINTS, type SecretSpan } from './namedValues';
import { SECRET_RULES } from './secretRules';

export type { SecretSpan } from './namedValues';

const MARK = '[REDACTED:';

/** Every rule's hints in one pattern: a text matching none (most log lines) has no secret to look for. */
const ANY_HINT = new RegExp(
  [...SECRET_RULES.flatMap((r) => r.hints), ...NAMED_VALUE_HINTS].map((h) => h.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'),
  'i',
);

/** Every secret in `text`, sorted, overlaps merged (the earlier rule's kind wins). */
export function findSecrets(text: string): SecretSpan[] {
  if (!ANY_HINT.test(text)) return [];
  const found: SecretSpan[] = [];
  const lower = text.toLowerCase();
  const holds = (hints: readonly string[]): boolean => hints.some((h) => lower.includes(h));
  for (const rule of SECRET_RULES) {
    if (!holds(rule.hints)) continue;
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      const [start, end] = m.indices!.groups?.secret ?? m.indices![0];
      if (end <= start) continue;
      if (rule.accept && !rule.accept(text.slice(start, end))) continue;
      found.push({ start, end, kind: rule.kind });
    }
  }
  if (holds(NAMED_VALUE_HINTS)) findNamedValues(text, found);
  return merge(text, found);
}

function merge(text: string, spans: SecretSpan[]): SecretSpan[] {
  const sorted = spans.filter((s) => !text.startsWith(MARK, s.start)).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: SecretSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  // A span must not cut a redaction mark in two (`[REDACTED:url-password]` read as a value).
  // Searches stay inside the span (spans are disjoint), so this is linear too.
  for (const s of out) {
    const open = text.slice(s.start, s.end).lastIndexOf(MARK);
    if (open < 0) continue;
    const close = text.slice(s.start + open, s.start + open + 64).indexOf(']');
    if (close >= 0) s.end = Math.max(s.end, s.start + open + close + 1);
  }
  return out;
}

/** Options of {@link redact}. */
export interface RedactOptions {
  /**
   * Keep the line count: a secret spanning lines (a private key block) becomes its mark followed by
   * the line breaks it held, so line numbers into the text stay right (a document shown in the editor).
   */
  keepLines?: boolean;
}

/** Redact `text`. Returns the text and how many secrets were replaced. */
export function redact(text: string, opts: RedactOptions = {}): { text: string; count: number } {
  const spans = findSecrets(text);
  if (spans.length === 0) return { text, count: 0 };
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + `${MARK}${s.kind}]`;
    if (opts.keepLines) out += text.slice(s.start, s.end).replace(/[^\n]+/g, '');
    at = s.end;
  }
  return { text: out + text.slice(at), count: spans.length };
}

/** Redact and return just the text. */
export function redactText(text: string): string {
  return redact(text).text;
}

/** How far past a cut a secret that crosses it is looked for: the longest bounded rule (a key block). */
const CUT_REACH = 16_384 + 64;

/**
 * `text` cut to at most `max` characters without cutting a secret in two: a cut through a secret
 * moves to its start. A cut-off secret is one no rule recognises any more (`ghp_` and 20 of its 36
 * characters), so every place that shortens log text before it is redacted uses this.
 */
export function cutOutsideSecrets(text: string, max: number): string {
  if (text.length <= max) return text;
  // Only the text up to the cut and a secret's longest reach past it is read (a 1 MB line costs as much as 20 KB).
  const through = findSecrets(text.slice(0, max + CUT_REACH)).find((s) => s.start < max && s.end > max);
  return text.slice(0, through ? through.start : max);
}
