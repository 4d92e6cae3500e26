/**
 * Parser of one plain line: `stamp? Gap? marker? Message*`, where a marker is a stack-trace or
 * traceback line start, or the leading whitespace of an indented line.
 * Sample: `2021-04-13T10:15:02Z panic: assignment to entry in nil map`. Format notes in plainTokens.ts.
 */
import { EmbeddedActionsParser, type IToken } from 'chevrotain';
import { plainLexer } from './plainLexer';
import { Gap, GoStamp, Goroutine, Indent, IsoStamp, JavaFrame, Message, Panic, plainTokens, ShortStamp, Traceback } from './plainTokens';
import { lazy } from '../common/lazy';
import { parseLine, type LineParse } from '../common/parseLine';

/** The parts of one line. */
export interface PlainLine {
  /** The leading timestamp, if any. */
  stamp?: IToken;
  /** The marker that opens the message: JavaFrame, Goroutine, Panic, Traceback or Indent. */
  marker?: IToken;
  /** The text after the timestamp and separator (marker included, except Indent). */
  body: string;
}

class PlainParser extends EmbeddedActionsParser {
  constructor() {
    super(plainTokens);
    this.performSelfAnalysis();
  }

  line = this.RULE('line', (): PlainLine => {
    const out: PlainLine = { body: '' };
    this.OPTION(() => {
      out.stamp = this.OR([{ ALT: () => this.CONSUME(IsoStamp) }, { ALT: () => this.CONSUME(GoStamp) }, { ALT: () => this.CONSUME(ShortStamp) }]);
    });
    this.OPTION2(() => this.CONSUME(Gap));
    this.OPTION3(() => {
      out.marker = this.OR2([
        { ALT: () => this.CONSUME(JavaFrame) },
        { ALT: () => this.CONSUME(Goroutine) },
        { ALT: () => this.CONSUME(Panic) },
        { ALT: () => this.CONSUME(Traceback) },
        { ALT: () => this.CONSUME(Indent) },
      ]);
    });
    this.MANY(() => {
      out.body += this.CONSUME(Message).image;
    });
    return out;
  });
}

const parser = lazy(() => new PlainParser());

/** Lex and parse one line (no line terminator); a marker other than an indent is kept at the body's start. */
export function parsePlainLine(text: string): LineParse<PlainLine> {
  const parsed = parseLine(plainLexer(), parser(), (p) => p.line(), text);
  const value = parsed.value;
  if (value && value.marker && value.marker.tokenType !== Indent) value.body = value.marker.image + value.body;
  return parsed;
}
