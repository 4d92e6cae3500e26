/**
 * Warnings about rules that parse but cannot mean what their author wrote, with what to write instead
 * (`validate` reports them at the rule's line):
 * - a bare word holding `?` (`manifests?`): the language has no regex quantifiers outside `re"..."`,
 *   so it is the literal word with a question mark, and a line with `manifests` does not match;
 * - a literal glued to a neighbour at a word character (`BIRDv(4 | 6)`, `v{number}`, `manifest(s)?`):
 *   a literal matches only on word boundaries, so it never meets its neighbour inside one word, and
 *   that alternative can never match.
 */
import { captureIsWordy } from './captureTypes';
import type { PatternElement, Rule, RuleError } from './ruleAst';
import { isWordChar } from './ruleLiterals';

/** One edge of an element: the character it may begin (or end) with, and whether a word boundary sits there. */
interface Edge {
  char: string | undefined;
  bounded: boolean;
}

/** Is it a literal (word or quoted) with a word boundary at that edge? */
const literalEdge = (c: string | undefined): Edge => ({ char: c, bounded: isWordChar(c) });

function edges(el: PatternElement, side: 'first' | 'last'): Edge[] {
  switch (el.type) {
    case 'word':
    case 'quoted':
      return [literalEdge(side === 'first' ? el.text[0] : el.text[el.text.length - 1])];
    // A capture has no boundary of its own; a word-like one may begin or end with a word character.
    case 'capture':
      return [{ char: captureIsWordy(el.captureType) || (side === 'first' && el.captureType === 'rest') ? 'a' : undefined, bounded: false }];
    case 'group':
      return el.alternatives.flatMap((seq) => edges(side === 'first' ? seq[0] : seq[seq.length - 1], side));
    // A raw regex's edges are its author's business; `*` takes any text.
    default:
      return [];
  }
}

/** The element as written in the rule. */
const src = (text: string, el: PatternElement): string => text.slice(el.offset, el.end);

/** A group whose alternatives are each one literal word: their texts, else null. */
function singleWords(el: PatternElement): string[] | null {
  if (el.type !== 'group' || !el.alternatives.every((seq) => seq.length === 1 && (seq[0].type === 'word' || seq[0].type === 'quoted'))) return null;
  const words = el.alternatives.map((seq) => (seq[0] as { text: string }).text);
  return el.optional ? [...words, ''] : words;
}

/** The whole words a glued pair stands for, when both sides are plain words or groups of them. */
function suggestGlued(a: PatternElement, b: PatternElement): string | undefined {
  const left = a.type === 'word' ? [a.text] : singleWords(a);
  const right = b.type === 'word' ? [b.text] : singleWords(b);
  if (!left || !right || (a.type !== 'word' && b.type !== 'word')) return undefined;
  const words = [...new Set(left.flatMap((l) => right.map((r) => l + r)))].filter(Boolean);
  return words.length === 1 ? words[0] : `(${words.join(' | ')})`;
}

function gluedWarning(text: string, a: PatternElement, b: PatternElement): RuleError {
  const written = text.slice(a.offset, b.end);
  const suggestion = suggestGlued(a, b);
  const instead = suggestion
    ? `write the whole words, ${suggestion}`
    : 'write whole words in each alternative (`(BIRDv4 | BIRDv6)`, not `BIRDv(4 | 6)`), capture the whole word (`{word}`), or use `re"..."` for text inside a word';
  return {
    message: `\`${written}\` glues \`${src(text, a)}\` to \`${src(text, b)}\`, but a literal matches only whole words, so the two never meet inside one word: ${instead}`,
    column: a.offset,
  };
}

function questionWarning(text: string, el: PatternElement & { type: 'word' }): RuleError {
  const w = el.text;
  const q = w.indexOf('?');
  const single = q > 0 && q === w.lastIndexOf('?') && isWordChar(w[q - 1]);
  const optional = single
    ? ` for an optional "${w[q - 1]}" write (${w.slice(0, q - 1) + w.slice(q + 1)} | ${w.slice(0, q) + w.slice(q + 1)});`
    : ' for optional text write a group `( ... )?` with no space before the `?`;';
  return {
    message: `\`${w}\` is read as the literal word with a question mark, not as a regex:${optional} if the log has the question mark, quote it, "${w}"`,
    column: el.offset,
  };
}

/** Warnings for a parsed rule (see the header); `text` is its source, for the columns and the quotes. */
export function lintRule(rule: Rule, text: string): RuleError[] {
  const out: RuleError[] = [];
  const visit = (alts: PatternElement[][]): void => {
    for (const seq of alts) {
      seq.forEach((el, i) => {
        if (el.type === 'word' && el.text.includes('?')) out.push(questionWarning(text, el));
        if (el.type === 'group') visit(el.alternatives);
        const prev = seq[i - 1];
        if (!prev || el.spaceBefore) return;
        const dead = edges(prev, 'last').some((l) => edges(el, 'first').some((f) => isWordChar(l.char) && isWordChar(f.char) && (l.bounded || f.bounded)));
        if (dead) out.push(gluedWarning(text, prev, el));
      });
    }
  };
  for (const step of rule.steps) visit(step.alternatives);
  return out;
}
