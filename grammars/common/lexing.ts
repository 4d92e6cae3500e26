/**
 * Lexing helpers shared by the chevrotain grammars.
 *
 * - Catch-all tokens such as `Message = /[^\n]+/` use complement sets, which chevrotain cannot
 *   analyse for its first-char fast path; {@link startCharsExcept} builds the `start_chars_hint`
 *   that keeps such a lexer optimised (tests build lexers with `ensureOptimizations: true`).
 * - A log line can be megabytes long (a minified JSON dump, a base64 blob): {@link splitHead} keeps
 *   the lexer on the first {@link MAX_HEAD_CHARS} characters and hands the rest back as message text.
 */
import type { TokenType } from 'chevrotain';

/** Longest prefix of a line a grammar lexes; the remainder is appended to the message verbatim. */
export const MAX_HEAD_CHARS = 65_536;

/**
 * A `start_chars_hint` for a token that may start with any character except `excluded`.
 * Chevrotain buckets char codes above 255 by their high byte, so one code per bucket covers them.
 */
export function startCharsExcept(...excluded: string[]): number[] {
  const skip = new Set(excluded.map((c) => c.charCodeAt(0)));
  const codes: number[] = [];
  for (let c = 0; c < 256; c++) if (!skip.has(c)) codes.push(c);
  for (let hi = 1; hi < 256; hi++) codes.push(hi * 256);
  return codes;
}

/** A line cut for lexing: `head` is what the lexer sees, `rest` (often empty) is appended to the message. */
export interface HeadSplit {
  head: string;
  rest: string;
}

/** Split `line` at {@link MAX_HEAD_CHARS}; short lines come back whole with an empty `rest`. */
export function splitHead(line: string): HeadSplit {
  if (line.length <= MAX_HEAD_CHARS) return { head: line, rest: '' };
  return { head: line.slice(0, MAX_HEAD_CHARS), rest: line.slice(MAX_HEAD_CHARS) };
}

/**
 * A token's pattern as regex source, to build a grammar's cheap pre-check (which first tokens a header
 * can start with) from the tokens themselves, so the two cannot drift apart.
 */
export function tokenSource(token: TokenType): string {
  return (token.PATTERN as RegExp).source;
}

/** The character class a token's pattern starts with (`[...]`), e.g. the first character of a word. */
export function tokenStartClass(token: TokenType): string {
  const m = /^\[(?:\\.|[^\]\\])*\]/.exec(tokenSource(token));
  if (!m) throw new Error(`token ${token.name} does not start with a character class`);
  return m[0];
}
