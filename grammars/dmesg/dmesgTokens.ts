/**
 * dmesg tokens: an optional priority (`<3>`, `dmesg -r`) or decoded facility/level (`kern  :err   : `,
 * `dmesg -x`), then a bracketed stamp - seconds since boot, `dmesg -T` ctime, or
 * `--time-format iso` - and the message.
 *   [ 1234.567890] nf_conntrack: table full, dropping packet
 * Spec: dmesg(1) (util-linux, https://man7.org/linux/man-pages/man1/dmesg.1.html) and printk levels
 * (https://www.kernel.org/doc/html/latest/core-api/printk-basics.html).
 */
import { createToken } from 'chevrotain';
import { Junk, LBracket, Message, WhiteSpace } from '../common/unixTokens';

export { Junk, LBracket, Message, WhiteSpace };

/** Mode names of the dmesg lexer. */
export const DmesgMode = { head: 'head', message: 'message' } as const;

/** Raw priority prefix: `<3>` (level) or `<30>` (facility * 8 + level). */
export const Priority = createToken({ name: 'Priority', pattern: /<\d{1,3}>/ });
/** Decoded facility and level of `dmesg -x`: `kern  :err   : `. */
export const Decoded = createToken({ name: 'Decoded', pattern: /[a-z]+ *:[a-z]+ *: ?/ });
/** `--time-format iso`: `2021-04-13T10:15:02,123456+00:00`. */
export const IsoStamp = createToken({
  name: 'IsoStamp',
  pattern: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?/,
});
/** Wall clock of a ctime stamp: `10:15:02`. */
export const Time = createToken({ name: 'Time', pattern: /\d\d:\d\d:\d\d/ });
/** Seconds since boot: `1234.567890`. */
export const Uptime = createToken({ name: 'Uptime', pattern: /\d+\.\d+/ });
/** Day of month or year of a ctime stamp. */
export const NumberTok = createToken({ name: 'NumberTok', pattern: /\d+/ });
/** Weekday of a ctime stamp. */
export const DayName = createToken({ name: 'DayName', pattern: /(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)/ });
/** Month of a ctime stamp. */
export const Month = createToken({ name: 'Month', pattern: /(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/ });
/** `] ` closing the stamp: the message follows. */
export const RBracket = createToken({ name: 'RBracket', pattern: /\] ?/, push_mode: DmesgMode.message });

/** Tokens of each mode, in match order. */
export const dmesgModes = {
  [DmesgMode.head]: [WhiteSpace, Priority, Decoded, LBracket, IsoStamp, Time, Uptime, NumberTok, DayName, Month, RBracket, Junk],
  [DmesgMode.message]: [Message],
};

/** Every token type, for the parser. */
export const dmesgTokens = [WhiteSpace, Priority, Decoded, LBracket, IsoStamp, Time, Uptime, NumberTok, DayName, Month, RBracket, Message, Junk];
