/**
 * Tokens the Unix-style grammars share (one definition each, so the grammars cannot drift apart).
 * journald's `journalctl` output and an RFC 3164 syslog line have the same header:
 *   Apr 13 10:15:02 node-1 kubelet[1234]: E0413 10:15:02.123456    1234 pod_workers.go:191] Error syncing pod
 * so both lex it with {@link Month}, {@link NumberTok}, {@link Time}, {@link IsoStamp}, {@link Word},
 * the pid's brackets and the {@link Colon} that pushes {@link UNIX_MESSAGE_MODE}. The blanks, the
 * message and the junk token are shared with dmesg and klog too.
 * Spec: RFC 3164 section 4.1 (https://www.rfc-editor.org/rfc/rfc3164#section-4.1), journalctl(1).
 */
import { createToken, Lexer } from 'chevrotain';
import { LOCAL_MONTHS } from './time';

/** The lexer mode after a header: {@link Message} takes the rest of the line. */
export const UNIX_MESSAGE_MODE = 'message';

/** Blanks between header fields. */
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t]+/, group: Lexer.SKIPPED });
/** The message: the rest of the line. */
export const Message = createToken({ name: 'Message', pattern: /[\u0000-\uffff]+/, line_breaks: true });
/** Anything else: takes the rest of the line so a foreign line fails in one step (the parser never accepts it). */
export const Junk = createToken({ name: 'Junk', pattern: /[\u0000-\uffff]+/, line_breaks: true });
/** `[` before a pid (or a dmesg stamp). */
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/ });

/** A host, identifier or other blank-free word (no brackets or colons). */
export const Word = createToken({ name: 'Word', pattern: /[!-9;-Z\\^-~\u00a0-\uffff][^\s[\]:]*/ });
/** RFC 3339 stamp (journalctl short-iso, rsyslog): `2021-04-13T10:15:02+0000`, `2021-04-13T10:15:02.123456+00:00`. */
export const IsoStamp = createToken({
  name: 'IsoStamp',
  pattern: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?/,
});
/** Wall clock, with a fraction in journalctl's short-precise: `10:15:02`, `10:15:02.123456`. */
export const Time = createToken({ name: 'Time', pattern: /\d\d:\d\d:\d\d(?:\.\d+)?/ });
/**
 * A month abbreviation as `%b` writes it (not the start of a longer word): English, or one of the
 * locales' that `journalctl` prints under a non-English LC_TIME ({@link LOCAL_MONTHS}), lower case or
 * capitalised, longest first (`mars` is not read as `mar`); or a month's number with 月/월.
 */
export const Month = createToken({
  name: 'Month',
  pattern: new RegExp(
    [
      ...['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec', ...LOCAL_MONTHS.flat()]
        .sort((a, b) => b.length - a.length)
        .map((m) => `[${m[0]}${m[0].toUpperCase()}]${m.slice(1).replace('.', '\\.')}`),
      '(?:1[0-2]|[1-9])[月월]',
    ].join('|'),
  ),
  longer_alt: Word,
});
/** Day of month or pid. */
export const NumberTok = createToken({ name: 'NumberTok', pattern: /\d+/, longer_alt: Word });
/** `]` after the pid. */
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/ });
/** `: ` after the identifier or tag: the message follows. */
export const Colon = createToken({ name: 'Colon', pattern: /: ?/, push_mode: UNIX_MESSAGE_MODE });
