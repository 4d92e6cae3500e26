/**
 * The dmesg parser: optional priority, `[stamp]`, message.
 *   <3>[2021-04-13T10:15:02,123456+00:00] Out of memory: Killed process 1234 (java) total-vm:123kB
 * Spec: dmesg(1) (util-linux) `--raw`, `--decode`, `--ctime`, `--time-format`.
 */
import { CstParser, type CstNode } from 'chevrotain';
import { DayName, Decoded, dmesgTokens, IsoStamp, LBracket, Message, Month, NumberTok, Priority, RBracket, Time, Uptime } from './dmesgTokens';
import { lazy } from '../common/lazy';
import { parseLine, type LineParse } from '../common/parseLine';
import { dmesgLexer } from './dmesgLexer';

/** dmesg grammar as a CST parser; use the one {@link dmesgParser} instance. */
export class DmesgParser extends CstParser {
  constructor() {
    super(dmesgTokens, { recoveryEnabled: false });
    this.performSelfAnalysis();
  }

  /** One line with a stamp. */
  public readonly dmesgLine = this.RULE('dmesgLine', () => {
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME(Priority) }, { ALT: () => this.CONSUME(Decoded) }]);
    });
    this.CONSUME(LBracket);
    this.OR2([{ ALT: () => this.CONSUME(Uptime) }, { ALT: () => this.CONSUME(IsoStamp) }, { ALT: () => this.SUBRULE(this.ctimeStamp) }]);
    this.CONSUME(RBracket);
    this.OPTION2(() => this.CONSUME(Message));
  });

  /** `Tue Apr 13 10:15:02 2021`, as `dmesg -T` prints it. */
  public readonly ctimeStamp = this.RULE('ctimeStamp', () => {
    this.CONSUME(DayName);
    this.CONSUME(Month);
    this.CONSUME(NumberTok, { LABEL: 'day' });
    this.CONSUME(Time);
    this.CONSUME2(NumberTok, { LABEL: 'year' });
  });
}

/** The one dmesg parser instance, reset per line with `parser.input = tokens`. */
export const dmesgParser = lazy(() => new DmesgParser());

/** Lex and parse one line (no line terminator) into its CST; errors are returned, never thrown. */
export function parseDmesgLine(text: string): LineParse<CstNode> {
  return parseLine(dmesgLexer(), dmesgParser(), (p) => p.dmesgLine(), text);
}
