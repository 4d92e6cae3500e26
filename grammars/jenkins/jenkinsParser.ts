/**
 * Parser of one Jenkins console line: `stamp* (continuation | marker)? Message*`.
 * Sample: `10:15:02  [Pipeline] }`. Format notes in jenkinsTokens.ts.
 */
import { EmbeddedActionsParser, type ILexingError, type IRecognitionException, type IToken } from 'chevrotain';
import { jenkinsLexer } from './jenkinsLexer';
import {
  BareTime, BracketTime, CausedBy, Finished, IsoBare, IsoStamp, jenkinsTokens, Level, Message, MoreFrames,
  PipelineTag, StackAt, Suppressed,
} from './jenkinsTokens';
import { lazy } from '../common/lazy';

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
        { ALT: () => this.CONSUME(IsoStamp) }, { ALT: () => this.CONSUME(IsoBare) },
        { ALT: () => this.CONSUME(BracketTime) }, { ALT: () => this.CONSUME(BareTime) },
      ]);
      out.stamp ??= t;
    });
    this.OPTION(() => {
      this.OR2([
        { ALT: () => { this.SUBRULE(this.continuation); out.continuation = true; } },
        { ALT: () => { out.marker = this.CONSUME(PipelineTag); } },
        { ALT: () => { out.marker = this.CONSUME(Level); } },
        { ALT: () => { out.marker = this.CONSUME(Finished); } },
      ]);
    });
    this.MANY2(() => { out.body += this.CONSUME(Message).image; });
    return out;
  });

  continuation = this.RULE('continuation', (): void => {
    this.OR([
      { ALT: () => this.CONSUME(StackAt) }, { ALT: () => this.CONSUME(CausedBy) },
      { ALT: () => this.CONSUME(Suppressed) }, { ALT: () => this.CONSUME(MoreFrames) },
    ]);
  });
}

const parser = lazy(() => new JenkinsParser());

/** Parse result, errors returned rather than thrown. */
export interface JenkinsParse {
  value: JenkinsLine | undefined;
  tokens: IToken[];
  lexErrors: ILexingError[];
  parseErrors: IRecognitionException[];
}

/** Lex and parse one line (no line terminator). */
export function parseJenkinsLine(text: string): JenkinsParse {
  const lexed = jenkinsLexer().tokenize(text);
  const p = parser();
  p.input = lexed.tokens;
  const value = p.line();
  return { value, tokens: lexed.tokens, lexErrors: lexed.errors, parseErrors: p.errors };
}
