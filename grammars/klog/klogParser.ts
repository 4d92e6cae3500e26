/**
 * The klog parser: `klogLine` reads the header and the message, plain or structured.
 *   I0413 10:15:02.123456 1234 eviction_manager.go:339] "Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"
 * Spec: klog `formatHeader` and KEP-1602 structured logging (https://github.com/kubernetes/klog).
 */
import { CstParser, type CstNode } from 'chevrotain';
import { BareValue, Caller, HeadEnd, HeadEndStructured, Key, klogTokens, LevelDate, Message, QuotedString, ThreadId, Time, Unterminated } from './klogTokens';
import { lazy } from '../common/lazy';
import { parseLine, type LineParse } from '../common/parseLine';
import { klogLexer } from './klogLexer';

/** klog grammar as a CST parser; use the one {@link klogParser} instance. */
export class KlogParser extends CstParser {
  constructor() {
    super(klogTokens, { recoveryEnabled: false });
    this.performSelfAnalysis();
  }

  /** One header line. */
  public readonly klogLine = this.RULE('klogLine', () => {
    this.CONSUME(LevelDate);
    this.CONSUME(Time);
    this.OPTION(() => this.CONSUME(ThreadId));
    this.CONSUME(Caller);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(HeadEndStructured);
          this.SUBRULE(this.structuredMessage);
        },
      },
      {
        ALT: () => {
          this.CONSUME(HeadEnd);
          this.OPTION2(() => this.CONSUME(Message));
        },
      },
    ]);
  });

  /** `"msg" key="value" key2=value2 ...`; stray values are tolerated. */
  public readonly structuredMessage = this.RULE('structuredMessage', () => {
    this.OR([{ ALT: () => this.CONSUME(QuotedString) }, { ALT: () => this.CONSUME(Unterminated) }]);
    this.MANY(() => {
      this.OR2([
        { ALT: () => this.SUBRULE(this.keyValue) },
        { ALT: () => this.CONSUME(BareValue) },
        { ALT: () => this.CONSUME2(QuotedString) },
        { ALT: () => this.CONSUME2(Unterminated) },
      ]);
    });
  });

  /** `key="value"`, `key=value` or a bare `key=`. */
  public readonly keyValue = this.RULE('keyValue', () => {
    this.CONSUME(Key);
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME3(QuotedString) }, { ALT: () => this.CONSUME2(BareValue) }, { ALT: () => this.CONSUME3(Unterminated) }]);
    });
  });
}

/** The one klog parser instance, reset per line with `parser.input = tokens`. */
export const klogParser = lazy(() => new KlogParser());

/** Lex and parse one line (no line terminator) into its CST; errors are returned, never thrown. */
export function parseKlogLine(text: string): LineParse<CstNode> {
  return parseLine(klogLexer(), klogParser(), (p) => p.klogLine(), text);
}
