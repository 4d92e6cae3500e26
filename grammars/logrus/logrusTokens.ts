/**
 * Tokens of logrus' TextFormatter output as dockerd, containerd, the docker CLI and many Go
 * daemons write it (logfmt-style `key=value` pairs, values quoted when they contain spaces).
 *
 * Sample: `time="2021-04-13T10:15:02.123456789Z" level=error msg="Handler for POST /v1.40/containers/create returned error: No such image: app:1.2" module=grpc`
 * Specified by: github.com/sirupsen/logrus text_formatter.go (`appendKeyValue`, quoting with
 * strconv-style escapes via `%q`).
 *
 * Logrus has no free-form tail: the message is the `msg` value. The lexer still has two modes:
 * `Key` (ending in `=`) pushes `value` mode, where one quoted or bare value pops back. A quote
 * that never closes (a line cut short) becomes `Unterminated`, which takes the rest of the line.
 */
import { createToken, Lexer } from 'chevrotain';
import { startCharsExcept } from '../common/lexing';

/** Spaces between pairs. */
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r]+/, group: Lexer.SKIPPED });
/** A key with its `=`: `level=`. */
export const Key = createToken({ name: 'Key', pattern: /[A-Za-z_][\w.\-/]*=/, push_mode: 'value' });
/** A quoted value: `"a \"b\" c"`. */
export const Quoted = createToken({ name: 'Quoted', pattern: /"(?:[^"\\\n]|\\.)*"/, pop_mode: true });
/** A quote that never closes: the rest of the line. */
export const Unterminated = createToken({ name: 'Unterminated', pattern: /"[^\n]*/, pop_mode: true });
/** A bare value: `error`, `grpc`, `1.5s`. */
export const Bare = createToken({
  name: 'Bare',
  pattern: /[^\s"]+/,
  start_chars_hint: startCharsExcept(' ', '\t', '\n', '\r', '\f', '\v', '"'),
  pop_mode: true,
});
/** Space right after `key=`: an empty value. */
export const EmptyValue = createToken({ name: 'EmptyValue', pattern: /[ \t\r]+/, pop_mode: true });
/** Text that is not a pair: a word without `=`. */
export const Word = createToken({
  name: 'Word',
  pattern: /[^\s"=]+/,
  start_chars_hint: startCharsExcept(' ', '\t', '\n', '\r', '\f', '\v', '"', '='),
});
/** A quoted string that is not a value, closed or not. */
export const StrayQuote = createToken({ name: 'StrayQuote', pattern: /"(?:[^"\\\n]|\\.)*"|"[^\n]*/ });
/** A stray `=`. */
export const Equals = createToken({ name: 'Equals', pattern: /=/ });

/** Lexer modes: `pairs` (keys, stray words) and `value` (one value after `key=`). */
export const logrusModes = {
  modes: {
    pairs: [WhiteSpace, Key, Word, StrayQuote, Equals],
    value: [Quoted, Unterminated, Bare, EmptyValue],
  },
  defaultMode: 'pairs',
};

/** Every token type, for the parser. */
export const logrusTokens = [WhiteSpace, Key, Quoted, Unterminated, Bare, EmptyValue, Word, StrayQuote, Equals];
