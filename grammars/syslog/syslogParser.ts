/**
 * The syslog parser: `syslogLine` is an RFC 5424 line or an RFC 3164 line (PRI optional, host
 * optional, RFC 3339 stamps tolerated as rsyslog writes them).
 *   <34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8
 * Spec: RFC 3164 section 4.1, RFC 5424 section 6.
 */
import { CstParser, type CstNode } from 'chevrotain';
import {
  AppName,
  Colon,
  Equals,
  Hostname,
  IsoStamp,
  LBracket,
  Message,
  Month,
  MsgId,
  NumberTok,
  Pri,
  Pri5424,
  ProcId,
  RBracket,
  SdClose,
  SdGap,
  SdName,
  SdNil,
  SdOpen,
  SdValue,
  Stamp5424,
  syslogTokens,
  Time,
  Word,
} from './syslogTokens';
import { lazy } from '../common/lazy';
import { parseLine, type LineParse } from '../common/parseLine';
import { syslogLexer } from './syslogLexer';

/** syslog grammar as a CST parser; use the one {@link syslogParser} instance. */
export class SyslogParser extends CstParser {
  constructor() {
    super(syslogTokens, { recoveryEnabled: false, maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  /** One header line of either RFC. */
  public readonly syslogLine = this.RULE('syslogLine', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.rfc5424) }, { ALT: () => this.SUBRULE(this.rfc3164) }]);
  });

  /** `<PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG]`. */
  public readonly rfc5424 = this.RULE('rfc5424', () => {
    this.CONSUME(Pri5424);
    this.CONSUME(Stamp5424);
    this.CONSUME(Hostname);
    this.CONSUME(AppName);
    this.CONSUME(ProcId);
    this.CONSUME(MsgId);
    this.OR([{ ALT: () => this.CONSUME(SdNil) }, { ALT: () => this.AT_LEAST_ONE(() => this.SUBRULE(this.sdElement)) }]);
    this.OPTION(() => this.CONSUME(SdGap));
    this.OPTION2(() => this.CONSUME(Message));
  });

  /** `[id name="value" ...]`. */
  public readonly sdElement = this.RULE('sdElement', () => {
    this.CONSUME(SdOpen);
    this.CONSUME(SdName, { LABEL: 'sdId' });
    this.MANY(() => {
      this.CONSUME2(SdName, { LABEL: 'paramName' });
      this.CONSUME(Equals);
      this.CONSUME(SdValue);
    });
    this.CONSUME(SdClose);
  });

  /** `[<PRI>]Mmm dd hh:mm:ss [host] tag[pid]: message`. */
  public readonly rfc3164 = this.RULE('rfc3164', () => {
    this.OPTION(() => this.CONSUME(Pri));
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Month);
          this.CONSUME(NumberTok, { LABEL: 'day' });
          this.CONSUME(Time);
        },
      },
      { ALT: () => this.CONSUME(IsoStamp) },
    ]);
    // The host is optional in practice; two words mean host and tag, one word is the tag.
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(Word, { LABEL: 'host' });
          this.CONSUME2(Word, { LABEL: 'tag' });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(NumberTok, { LABEL: 'host' });
          this.CONSUME3(Word, { LABEL: 'tag' });
        },
      },
      { ALT: () => this.CONSUME4(Word, { LABEL: 'tag' }) },
    ]);
    this.OPTION3(() => {
      this.CONSUME(LBracket);
      this.CONSUME3(NumberTok, { LABEL: 'pid' });
      this.CONSUME(RBracket);
    });
    this.CONSUME(Colon);
    this.OPTION4(() => this.CONSUME2(Message));
  });
}

/** The one syslog parser instance, reset per line with `parser.input = tokens`. */
export const syslogParser = lazy(() => new SyslogParser());

/** Lex and parse one line (no line terminator) into its CST; errors are returned, never thrown. */
export function parseSyslogLine(text: string): LineParse<CstNode> {
  return parseLine(syslogLexer(), syslogParser(), (p) => p.syslogLine(), text);
}
