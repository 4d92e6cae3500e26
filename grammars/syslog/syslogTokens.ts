/**
 * syslog tokens. RFC 3164 (BSD) lines lex in `head` mode; an RFC 5424 `<PRI>VERSION ` walks one
 * mode per header field (so each field has its own token), then structured data, then the message.
 *   <34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8
 *   <165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3"] message
 * Spec: RFC 3164 section 4.1 and RFC 5424 section 6 (https://www.rfc-editor.org/rfc/rfc5424#section-6).
 */
import { createToken, Lexer } from 'chevrotain';

/** Mode names of the syslog lexer. */
export const SyslogMode = {
  head: 'head', stamp: 'rfc5424Stamp', host: 'rfc5424Host', app: 'rfc5424App', procId: 'rfc5424ProcId',
  msgId: 'rfc5424MsgId', sd: 'rfc5424Sd', sdElement: 'rfc5424SdElement', message: 'message',
} as const;

const field = (name: string, next: string) =>
  createToken({ name, pattern: /[!-~\u00a0-\uffff][^\s]*/, push_mode: next });

/** Blanks between fields. */
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t]+/, group: Lexer.SKIPPED });
/** RFC 5424 `<PRI>VERSION `: `<165>1 `. */
export const Pri5424 = createToken({ name: 'Pri5424', pattern: /<\d{1,3}>\d{1,2} /, push_mode: SyslogMode.stamp });
/** RFC 3164 `<PRI>`: `<34>`. */
export const Pri = createToken({ name: 'Pri', pattern: /<\d{1,3}>/ });
/** A host or tag word of an RFC 3164 header (no brackets or colons). */
export const Word = createToken({ name: 'Word', pattern: /[!-9;-Z\\^-~\u00a0-\uffff][^\s[\]:]*/ });
/** RFC 3339 stamp some 3164 senders (rsyslog) use: `2021-04-13T10:15:02.123456+00:00`. */
export const IsoStamp = createToken({
  name: 'IsoStamp',
  pattern: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?/,
});
/** Wall clock: `22:14:15`. */
export const Time = createToken({ name: 'Time', pattern: /\d\d:\d\d:\d\d(?:\.\d+)?/ });
/** English month abbreviation. */
export const Month = createToken({
  name: 'Month', pattern: /(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/, longer_alt: Word,
});
/** Day of month or pid. */
export const NumberTok = createToken({ name: 'NumberTok', pattern: /\d+/, longer_alt: Word });
/** `[` before the pid. */
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/ });
/** `]` after the pid. */
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/ });
/** `: ` ending the tag: the message follows. */
export const Colon = createToken({ name: 'Colon', pattern: /: ?/, push_mode: SyslogMode.message });

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
/** The message: the rest of the line. */
export const Message = createToken({ name: 'Message', pattern: /[\u0000-\uffff]+/, line_breaks: true });

/** Anything else: takes the rest of the line so a foreign line fails in one step (the parser never accepts it). */
export const Junk = createToken({ name: 'Junk', pattern: /[\u0000-\uffff]+/, line_breaks: true });

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
  WhiteSpace, Pri5424, Pri, IsoStamp, Time, Month, NumberTok, Word, LBracket, RBracket, Colon,
  Stamp5424, Hostname, AppName, ProcId, MsgId, SdOpen, SdNil, SdGap, SdName, Equals, SdValue, SdClose, Message, Junk,
];
