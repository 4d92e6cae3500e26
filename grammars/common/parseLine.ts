/**
 * The one shape every grammar's line parser returns, and the one function that produces it for the
 * chevrotain grammars: lex a line, hand the tokens to the grammar's single parser instance (reset
 * with `parser.input = tokens`, as in Chevrotain's own examples), run one rule. Errors are returned,
 * never thrown: `lexErrors` from the lexer, `parseErrors` from the parser (recognition exceptions
 * chevrotain catches itself). A grammar that throws past this is a bug, and {@link defineGrammar}
 * records it (see faults.ts).
 */
import type { ILexingError, IRecognitionException, IToken, Lexer } from 'chevrotain';

/** One line's parse: the rule's value (undefined when the rule produced none) and the errors met. */
export interface LineParse<T> {
  value: T | undefined;
  lexErrors: ILexingError[];
  parseErrors: IRecognitionException[];
}

/** What {@link parseLine} needs of a chevrotain parser (CstParser and EmbeddedActionsParser both are). */
export interface LineParser {
  input: IToken[];
  readonly errors: IRecognitionException[];
}

/**
 * Lex `text` (starting in lexer mode `mode`, else the default one) and parse it with `rule` of the
 * shared `parser`. Never throws for any text: lexing and recognition errors come back in the result.
 */
export function parseLine<P extends LineParser, T>(lexer: Lexer, parser: P, rule: (parser: P) => T, text: string, mode?: string): LineParse<T> {
  const lexed = lexer.tokenize(text, mode);
  parser.input = lexed.tokens;
  const value = rule(parser);
  return { value, lexErrors: lexed.errors, parseErrors: parser.errors };
}
