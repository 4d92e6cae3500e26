/**
 * Parser of one CRI log line: `Timestamp Space Stream Space Tag Message?`.
 * Sample: `2021-04-13T10:15:02.123456789+00:00 stdout F Listening on :8080`. Format notes in criTokens.ts.
 */
import { EmbeddedActionsParser } from 'chevrotain';
import { criLexer } from './criLexer';
import { criTokens, Message, Space, Stream, Tag, Timestamp } from './criTokens';
import { lazy } from '../common/lazy';
import { parseLine, type LineParse } from '../common/parseLine';

/** The parts of one line. */
export interface CriLine {
  /** RFC 3339 timestamp text. */
  time: string;
  /** `stdout` or `stderr`. */
  stream: string;
  /** Tags, e.g. `['F']` or `['P']`. */
  tags: string[];
  /** The payload (may be empty). */
  message: string;
}

class CriParser extends EmbeddedActionsParser {
  constructor() {
    super(criTokens);
    this.performSelfAnalysis();
  }

  line = this.RULE('line', (): CriLine => {
    const time = this.CONSUME(Timestamp).image;
    this.CONSUME(Space);
    const stream = this.CONSUME(Stream).image;
    this.CONSUME2(Space);
    const tag = this.CONSUME(Tag).image;
    let message = '';
    this.OPTION(() => {
      message = this.CONSUME(Message).image;
    });
    return { time, stream, tags: tag.trim().split(':'), message };
  });
}

const parser = lazy(() => new CriParser());

/** Lex and parse one line (no line terminator). */
export function parseCriLine(text: string): LineParse<CriLine> {
  return parseLine(criLexer(), parser(), (p) => p.line(), text);
}
