/**
 * journald tokens for `journalctl` text output (short, short-precise, short-iso).
 *   Apr 13 10:15:02.123456 node-1 kubelet[1234]: E0413 10:15:02.123456    1234 pod_workers.go:191] Error syncing pod
 * Spec: journalctl(1), `--output=` (https://www.freedesktop.org/software/systemd/man/journalctl.html).
 */
import { createToken, Lexer } from 'chevrotain';

/** Mode names of the journald lexer. */
export const JournaldMode = { head: 'head', message: 'message' } as const;

/** A host, identifier or other blank-free word (no brackets or colons). */
export const Word = createToken({ name: 'Word', pattern: /[!-9;-Z\\^-~\u00a0-\uffff][^\s[\]:]*/ });
/** short-iso stamp: `2021-04-13T10:15:02+0000`, `2021-04-13T10:15:02.123456+00:00`. */
export const IsoStamp = createToken({
  name: 'IsoStamp',
  pattern: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?/,
});
/** Wall clock, with microseconds in short-precise: `10:15:02.123456`. */
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
/** `: ` after the identifier: the message follows. */
export const Colon = createToken({ name: 'Colon', pattern: /: ?/, push_mode: JournaldMode.message });
/** Blanks between header fields. */
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t]+/, group: Lexer.SKIPPED });
/** The message: the rest of the line. */
export const Message = createToken({ name: 'Message', pattern: /[\u0000-\uffff]+/, line_breaks: true });

/** Anything else: takes the rest of the line so a foreign line fails in one step (the parser never accepts it). */
export const Junk = createToken({ name: 'Junk', pattern: /[\u0000-\uffff]+/, line_breaks: true });

/** Tokens of each mode, in match order. */
export const journaldModes = {
  [JournaldMode.head]: [WhiteSpace, IsoStamp, Time, Month, NumberTok, Word, LBracket, RBracket, Colon, Junk],
  [JournaldMode.message]: [Message],
};

/** Every token type, for the parser. */
export const journaldTokens = [WhiteSpace, IsoStamp, Time, Month, NumberTok, Word, LBracket, RBracket, Colon, Message, Junk];
