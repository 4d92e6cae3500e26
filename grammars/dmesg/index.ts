/**
 * dmesg: the kernel ring buffer as `dmesg` prints it - seconds since boot (default), `-T` ctime,
 * `--time-format iso`, with an optional `-r` priority or `-x` facility/level prefix.
 *   [Tue Apr 13 10:15:02 2021] Memory cgroup out of memory: Killed process 1234 (java) total-vm:4194304kB
 * Spec: dmesg(1) (util-linux, https://man7.org/linux/man-pages/man1/dmesg.1.html).
 * Lines without a stamp are continuation lines.
 */
import type { LogGrammar, ParseContext, ParsedHead } from '../../src/model';
import { defineGrammar } from '../common/faults';
import { splitHead } from '../common/lexing';
import { parseDmesgLine } from './dmesgParser';
import { dmesgToHead } from './dmesgToEvents';

export { DMESG_BOOT_TIME_KEY } from './dmesgToEvents';

const UPTIME = /^\[ *\d+\.\d{6}\] /;
const CTIME = /^\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d \d{4}\]/;
const ISO = /^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[,.]\d+(?:Z|[+-]\d\d:?\d\d)\]/;
const PREFIX = /^(?:<\d{1,3}>|[a-z]+ *:[a-z]+ *: )/;

/** Offset of the `[` after an optional priority/decoded prefix, or -1. */
function stampStart(line: string): number {
  if (line.charCodeAt(0) === 91) return 0; // '['
  const m = PREFIX.exec(line.slice(0, 40));
  return m && line.charCodeAt(m[0].length) === 91 ? m[0].length : -1;
}

/** The dmesg grammar. */
export const dmesgGrammar: LogGrammar = defineGrammar({
  kind: 'dmesg',
  detect(line: string): number {
    const at = stampStart(line);
    if (at < 0) return 0;
    const stamp = line.slice(at, at + 48);
    if (UPTIME.test(stamp) || CTIME.test(stamp)) return 3;
    // dmesg --time-format iso writes `,usec+00:00`; a `.mmmZ` stamp in brackets is more likely Jenkins' timestamper.
    if (ISO.test(stamp)) return stamp.charCodeAt(20) === 0x2c /* , */ ? 3 : 1;
    return 0;
  },
  parseHead(line: string, ctx: ParseContext): ParsedHead | null {
    if (stampStart(line) < 0) return null;
    const { value: cst, lexErrors, parseErrors } = parseDmesgLine(splitHead(line).head);
    return !cst || lexErrors.length > 0 || parseErrors.length > 0 ? null : dmesgToHead(cst, line, ctx);
  },
});
