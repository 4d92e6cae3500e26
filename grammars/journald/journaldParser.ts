/**
 * The journald parser: a stamp (short or short-iso), host, identifier, optional `[pid]`, message.
 *   2021-04-13T10:15:02+0000 node-1 containerd[812]: time="2021-04-13T10:15:02.123456789Z" level=error msg="..."
 * Spec: journalctl(1) output modes short, short-precise, short-iso.
 */
import { CstParser, type CstNode } from 'chevrotain';
import { Colon, IsoStamp, journaldTokens, LBracket, Message, Month, NumberTok, RBracket, Time, Word } from './journaldTokens';
import { lazy } from '../common/lazy';
import { parseLine, type LineParse } from '../common/parseLine';
import { journaldLexer } from './journaldLexer';

/** journald short-format grammar as a CST parser; use the one {@link journaldParser} instance. */
export class JournaldParser extends CstParser {
  constructor() {
    super(journaldTokens, { recoveryEnabled: false });
    this.performSelfAnalysis();
  }

  /** One header line. */
  public readonly journaldLine = this.RULE('journaldLine', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.shortStamp) }, { ALT: () => this.CONSUME(IsoStamp) }]);
    this.OR2([{ ALT: () => this.CONSUME(Word, { LABEL: 'host' }) }, { ALT: () => this.CONSUME(NumberTok, { LABEL: 'host' }) }]);
    this.CONSUME2(Word, { LABEL: 'identifier' });
    this.OPTION(() => {
      this.CONSUME(LBracket);
      this.CONSUME2(NumberTok, { LABEL: 'pid' });
      this.CONSUME(RBracket);
    });
    this.CONSUME(Colon);
    this.OPTION2(() => this.CONSUME(Message));
  });

  /** `Apr 13 10:15:02` or `Apr 13 10:15:02.123456`. */
  public readonly shortStamp = this.RULE('shortStamp', () => {
    this.CONSUME(Month);
    this.CONSUME(NumberTok, { LABEL: 'day' });
    this.CONSUME(Time);
  });
}

/** The one journald parser instance, reset per line with `parser.input = tokens`. */
export const journaldParser = lazy(() => new JournaldParser());

/** Lex and parse one line (no line terminator) into its CST; errors are returned, never thrown. */
export function parseJournaldLine(text: string): LineParse<CstNode> {
  return parseLine(journaldLexer(), journaldParser(), (p) => p.journaldLine(), text);
}
