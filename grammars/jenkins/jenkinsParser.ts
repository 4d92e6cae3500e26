/**
 * Parser of one Jenkins console line: `stamp* (continuation | marker)? Message*`.
 * Sample: `10:15:02  [Pipeline] }`. Format notes in jenkinsTokens.ts.
 */
import { EmbeddedActionsParser, type IToken } from 'chevrotain';
import { jenkinsLexer } from './jenkinsLexer';
import {
  BareTime,
  BracketTime,
  CausedBy,
  Finished,
  IsoBare,
  IsoStamp,
  jenkinsTokens,
  Level,
  Message,
  MoreFrames,
  PipelineTag,
  StackAt,
  Suppressed,
} from './jenkinsTokens';
import { lazy } from '../common/lazy';
import { parseLine, type LineParse } from '../common/parseLine';

/** The parts of one line. */
export interface JenkinsLine {
  /** First timestamp prefix, if any. */
  stamp?: IToken;
  /** `[Pipeline] `, a level prefix or `Finished: `. */
  marker?: IToken;
  /** True for Java stack-trace lines (frames, `Caused by:`, `... N more`). */
  continuation: boolean;
  /** The free text after the head, escapes removed. */
  body: string;
}

class JenkinsParser extends EmbeddedActionsParser {
  constructor() {
    super(jenkinsTokens);
    this.performSelfAnalysis();
  }

  line = this.RULE('line', (): JenkinsLine => {
    const out: JenkinsLine = { continuation: false, body: '' };
    this.MANY(() => {
      const t = this.OR([
        { ALT: () => this.CONSUME(IsoStamp) },
        { ALT: () => this.CONSUME(IsoBare) },
        { ALT: () => this.CONSUME(BracketTime) },
        { ALT: () => this.CONSUME(BareTime) },
      ]);
      out.stamp ??= t;
    });
    this.OPTION(() => {
      this.OR2([
        {
          ALT: () => {
            this.SUBRULE(this.continuation);
            out.continuation = true;
          },
        },
        {
          ALT: () => {
            out.marker = this.CONSUME(PipelineTag);
          },
        },
        {
          ALT: () => {
            out.marker = this.CONSUME(Level);
          },
        },
        {
          ALT: () => {
            out.marker = this.CONSUME(Finished);
          },
        },
      ]);
    });
    this.MANY2(() => {
      out.body += this.CONSUME(Message).image;
    });
    return out;
  });

  continuation = this.RULE('continuation', (): void => {
    this.OR([
      { ALT: () => this.CONSUME(StackAt) },
      { ALT: () => this.CONSUME(CausedBy) },
      { ALT: () => this.CONSUME(Suppressed) },
      { ALT: () => this.CONSUME(MoreFrames) },
    ]);
  });
}

const parser = lazy(() => new JenkinsParser());

/** Lex and parse one line (no line terminator). */
export function parseJenkinsLine(text: string): LineParse<JenkinsLine> {
  return parseLine(jenkinsLexer(), parser(), (p) => p.line(), text);
}
