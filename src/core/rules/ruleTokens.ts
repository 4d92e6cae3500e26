/**
 * Tokens of the signature rule language, e.g.
 *   `The node was low on resource: {word:resource} WHERE kind IN (kubectl-describe, kubectl-get)`
 *   `ImageGCFailed THEN low on resource: nodefs WITHIN 30m ON SAME node`
 * Two lexer modes: `pattern` (log text to look for) and `cond` (field conditions, entered by WHERE
 * or WITHIN, left by THEN). Keywords are upper case only, so lower-case log words stay literals.
 * Specified in docs/signature-language.md.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';
import { startCharsExcept } from '../../../grammars/common/lexing';

/** Whitespace, skipped (adjacency is read from token offsets). */
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });

/** Bare literal text (case-insensitive). */
export const Word = createToken({
  name: 'Word',
  pattern: /[^\s(){}|"*]+/,
  start_chars_hint: startCharsExcept(' ', '\t', '\n', '\r', '(', ')', '{', '}', '|', '"', '*'),
});
/** Category tokens the parser consumes; the concrete tokens differ per mode. */
export const Then = createToken({ name: 'Then', pattern: Lexer.NA });
/** `THEN` in pattern mode. */
export const ThenWord = createToken({ name: 'ThenWord', pattern: /THEN(?![^\s(){}|"*])/, longer_alt: Word, categories: [Then] });
/** `WHERE` enters condition mode. */
export const Where = createToken({ name: 'Where', pattern: /WHERE(?![^\s(){}|"*])/, longer_alt: Word, push_mode: 'cond' });
/** `WITHIN` in pattern mode enters condition mode (for its duration and ON SAME list). */
export const Within = createToken({ name: 'Within', pattern: Lexer.NA });
/** `WITHIN` in pattern mode. */
export const WithinPattern = createToken({
  name: 'WithinPattern',
  pattern: /WITHIN(?![^\s(){}|"*])/,
  longer_alt: Word,
  categories: [Within],
  push_mode: 'cond',
});
/** `WITHIN` in condition mode. */
export const WithinCond = createToken({ name: 'WithinCond', pattern: /WITHIN\b/, categories: [Within] });
/** `THEN` in condition mode: back to pattern mode. */
export const ThenPop = createToken({ name: 'ThenPop', pattern: /THEN\b/, categories: [Then], pop_mode: true });

/** `(`. */
export const LParen = createToken({ name: 'LParen', pattern: /\(/ });
/** `)?` closes an optional group. */
export const OptionalClose = createToken({ name: 'OptionalClose', pattern: /\)\?/ });
/** `)`. */
export const RParen = createToken({ name: 'RParen', pattern: /\)/ });
/** `|` between alternatives. */
export const Pipe = createToken({ name: 'Pipe', pattern: /\|/ });
/** `*`: any text on the line (lazy). */
export const Star = createToken({ name: 'Star', pattern: /\*/ });
/** `{type}` or `{type:name}`. */
export const Capture = createToken({ name: 'Capture', pattern: /\{[A-Za-z]+(?::[A-Za-z_][A-Za-z0-9_]*)?\}/ });
/** `re"..."`: a raw regular expression (checked for catastrophic backtracking). */
export const RegexLit = createToken({ name: 'RegexLit', pattern: /re"(?:[^"\\]|\\.)*"/ });
/** `i"..."`: exact text, case-insensitive. */
export const IQuoted = createToken({ name: 'IQuoted', pattern: /i"(?:[^"\\]|\\.)*"/ });
/** `"..."`: exact text, case-sensitive. */
export const Quoted = createToken({ name: 'Quoted', pattern: /"(?:[^"\\]|\\.)*"/ });

/** Condition-mode tokens. */
export const And = createToken({ name: 'And', pattern: /AND\b/ });
/** `OR`. */
export const Or = createToken({ name: 'Or', pattern: /OR\b/ });
/** `NOT`. */
export const Not = createToken({ name: 'Not', pattern: /NOT\b/ });
/** `IN`. */
export const In = createToken({ name: 'In', pattern: /IN\b/ });
/** `ON`. */
export const On = createToken({ name: 'On', pattern: /ON\b/ });
/** `SAME`. */
export const Same = createToken({ name: 'Same', pattern: /SAME\b/ });
/** Comparison operator. */
export const CompareOp = createToken({ name: 'CompareOp', pattern: /!=|>=|<=|=|>|<|~/ });
/** `,`. */
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
/** A field name, value, number or duration in conditions (`severity`, `field.reason`, `10m`, `kubelet`). */
export const Value = createToken({ name: 'Value', pattern: /[A-Za-z0-9_.\-/:@µ]+/ });

/** The two-mode lexer definition. */
export const RULE_LEXER_DEFINITION = {
  modes: {
    pattern: [WhiteSpace, ThenWord, Where, WithinPattern, OptionalClose, LParen, RParen, Pipe, Star, Capture, RegexLit, IQuoted, Quoted, Word],
    cond: [WhiteSpace, ThenPop, WithinCond, And, Or, Not, In, On, Same, CompareOp, Comma, LParen, RParen, RegexLit, IQuoted, Quoted, Value],
  },
  defaultMode: 'pattern',
};

/** Every token type, for the parser. */
export const ALL_RULE_TOKENS: TokenType[] = [
  WhiteSpace,
  Then,
  ThenWord,
  ThenPop,
  Where,
  Within,
  WithinPattern,
  WithinCond,
  OptionalClose,
  LParen,
  RParen,
  Pipe,
  Star,
  Capture,
  RegexLit,
  IQuoted,
  Quoted,
  Word,
  And,
  Or,
  Not,
  In,
  On,
  Same,
  CompareOp,
  Comma,
  Value,
];
