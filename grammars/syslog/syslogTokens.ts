/**
 * syslog tokens. RFC 3164 (BSD) lines lex in `head` mode; an RFC 5424 `<PRI>VERSION ` walks one
 * mode per header field (so each field has its own token), then structured data, then the message.
 *   <34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8
 *   <165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3"] message
 * Spec: RFC 3164 section 4.1 and RFC 5424 section 6 (https://www.rfc-editor.org/rfc/rfc5424#section-6).
 */
import { createToken } from 'chevrotain';
import { Colon, IsoStamp, Junk, LBracket, Message, Month, NumberTok, RBracket, Time, UNIX_MESSAGE_MODE, WhiteSpace, Word } from '../common/unixTokens';

export { Colon, IsoStamp, Junk, LBracket, Message, Month, NumberTok, RBracket, Time, WhiteSpace, Word };

/** Mode names of the syslog lexer. */
export const SyslogMode = {
  head: 'head',
  stamp: 'rfc5424Stamp',
  host: 'rfc5424Host',
  app: 'rfc5424App',
  procId: 'rfc5424ProcId',
  msgId: 'rfc5424MsgId',
  sd: 'rfc5424Sd',
  sdElement: 'rfc5424SdElement',
  message: UNIX_MESSAGE_MODE,
} as const;

const field = (name: string, next: string) => createToken({ name, pattern: /[!-~\u00a0-\uffff][^\s]*/, push_mode: next });

/** RFC 5424 `<PRI>VERSION `: `<165>1 `. */
export const Pri5424 = createToken({ name: 'Pri5424', pattern: /<\d{1,3}>\d{1,2} /, push_mode: SyslogMode.stamp });
/** RFC 3164 `<PRI>`: `<34>`. */
export const Pri = createToken({ name: 'Pri', pattern: /<\d{1,3}>/ });

/** RFC 5424 TIMESTAMP (or `-`). */
export const Stamp5424 = field('Stamp5424', SyslogMode.host);
/** RFC 5424 HOSTNAME (or `-`). */
export const Hostname = field('Hostname', SyslogMode.app);
/** RFC 5424 APP-NAME (or `-`). */
export const AppName = field('AppName', SyslogMode.procId);
/** RFC 5424 PROCID (or `-`). */
export const ProcId = field('ProcId', SyslogMode.msgId);
/** RFC 5424 MSGID (or `-`). */
export const MsgId = field('MsgId', SyslogMode.sd);
/** `[` opening an SD-ELEMENT. */
export const SdOpen = createToken({ name: 'SdOpen', pattern: / ?\[/, push_mode: SyslogMode.sdElement });
/** `-`: no structured data. */
export const SdNil = createToken({ name: 'SdNil', pattern: / ?-/, push_mode: SyslogMode.message });
/** The space between structured data and the message. */
export const SdGap = createToken({ name: 'SdGap', pattern: / /, push_mode: SyslogMode.message });
/** SD-ID or PARAM-NAME. */
export const SdName = createToken({ name: 'SdName', pattern: /[!#-<>-\\^-~]+/ });
/** `=` between PARAM-NAME and PARAM-VALUE. */
export const Equals = createToken({ name: 'Equals', pattern: /=/ });
/** Quoted PARAM-VALUE, with `\"`, `\\`, `\]` escapes. */
export const SdValue = createToken({ name: 'SdValue', pattern: /"(?:[^"\\]|\\[\s\S])*"/ });
/** `]` closing an SD-ELEMENT. */
export const SdClose = createToken({ name: 'SdClose', pattern: /\]/, pop_mode: true });

/** Tokens of each mode, in match order. */
export const syslogModes = {
  [SyslogMode.head]: [WhiteSpace, Pri5424, Pri, IsoStamp, Time, Month, NumberTok, Word, LBracket, RBracket, Colon, Junk],
  [SyslogMode.stamp]: [WhiteSpace, Stamp5424, Junk],
  [SyslogMode.host]: [WhiteSpace, Hostname, Junk],
  [SyslogMode.app]: [WhiteSpace, AppName, Junk],
  [SyslogMode.procId]: [WhiteSpace, ProcId, Junk],
  [SyslogMode.msgId]: [WhiteSpace, MsgId, Junk],
  [SyslogMode.sd]: [SdOpen, SdNil, SdGap, Junk],
  [SyslogMode.sdElement]: [WhiteSpace, SdName, Equals, SdValue, SdClose, Junk],
  [SyslogMode.message]: [Message],
};

/** Every token type, for the parser. */
export const syslogTokens = [
  WhiteSpace,
  Pri5424,
  Pri,
  IsoStamp,
  Time,
  Month,
  NumberTok,
  Word,
  LBracket,
  RBracket,
  Colon,
  Stamp5424,
  Hostname,
  AppName,
  ProcId,
  MsgId,
  SdOpen,
  SdNil,
  SdGap,
  SdName,
  Equals,
  SdValue,
  SdClose,
  Message,
  Junk,
];
