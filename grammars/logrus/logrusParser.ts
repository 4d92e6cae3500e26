/**
 * Parser of one logrus text line: `(pair | stray)*`, `pair = Key value?`.
 * Sample: `time="2021-04-13T10:15:02.1Z" level=info msg="shim disconnected" id=4f1c namespace=moby`.
 * Format notes in logrusTokens.ts.
 */
import { EmbeddedActionsParser } from 'chevrotain';
import { logrusLexer } from './logrusLexer';
import { Bare, EmptyValue, Equals, Key, logrusTokens, Quoted, StrayQuote, Unterminated, Word } from './logrusTokens';
import { lazy } from '../common/lazy';
import { parseLine, type LineParse } from '../common/parseLine';

/** One `key=value` pair; `raw` is the value as written (with quotes, escapes undone later). */
export interface LogrusPair {
  key: string;
  raw: string;
}

/** The parts of one line. */
export interface LogrusLine {
  /** Pairs in line order. */
  pairs: LogrusPair[];
  /** Text that is not part of a pair, in order. */
  stray: string[];
}

class LogrusParser extends EmbeddedActionsParser {
  constructor() {
    super(logrusTokens);
    this.performSelfAnalysis();
  }

  line = this.RULE('line', (): LogrusLine => {
    const out: LogrusLine = { pairs: [], stray: [] };
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            out.pairs.push(this.SUBRULE(this.pair));
          },
        },
        {
          ALT: () => {
            out.stray.push(this.CONSUME(Word).image);
          },
        },
        {
          ALT: () => {
            out.stray.push(this.CONSUME(StrayQuote).image);
          },
        },
        {
          ALT: () => {
            out.stray.push(this.CONSUME(Equals).image);
          },
        },
      ]);
    });
    return out;
  });

  pair = this.RULE('pair', (): LogrusPair => {
    const key = this.CONSUME(Key).image;
    let raw = '';
    this.OPTION(() => {
      raw = this.OR([
        { ALT: () => this.CONSUME(Quoted).image },
        { ALT: () => this.CONSUME(Unterminated).image },
        { ALT: () => this.CONSUME(Bare).image },
        { ALT: () => (this.CONSUME(EmptyValue), '') },
      ]);
    });
    return { key: key.slice(0, -1), raw };
  });
}

const parser = lazy(() => new LogrusParser());

/** Lex and parse one line (no line terminator). */
export function parseLogrusLine(text: string): LineParse<LogrusLine> {
  return parseLine(logrusLexer(), parser(), (p) => p.line(), text);
}
