/**
 * journald tokens for `journalctl` text output (short, short-precise, short-iso).
 *   Apr 13 10:15:02.123456 node-1 kubelet[1234]: E0413 10:15:02.123456    1234 pod_workers.go:191] Error syncing pod
 * Spec: journalctl(1), `--output=` (https://www.freedesktop.org/software/systemd/man/journalctl.html).
 */
import { Colon, IsoStamp, Junk, LBracket, Message, Month, NumberTok, RBracket, Time, UNIX_MESSAGE_MODE, WhiteSpace, Word } from '../common/unixTokens';

export { Colon, IsoStamp, Junk, LBracket, Message, Month, NumberTok, RBracket, Time, WhiteSpace, Word };

/** Mode names of the journald lexer. */
export const JournaldMode = { head: 'head', message: UNIX_MESSAGE_MODE } as const;

/** Tokens of each mode, in match order. */
export const journaldModes = {
  [JournaldMode.head]: [WhiteSpace, IsoStamp, Time, Month, NumberTok, Word, LBracket, RBracket, Colon, Junk],
  [JournaldMode.message]: [Message],
};

/** Every token type, for the parser. */
export const journaldTokens = [WhiteSpace, IsoStamp, Time, Month, NumberTok, Word, LBracket, RBracket, Colon, Message, Junk];
