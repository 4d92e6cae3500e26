/**
 * journald as `journalctl` prints it: short (the default), short-precise and short-iso, plus the
 * `-- Logs begin at ... --` / `-- Reboot --` marker lines (own events, no time).
 *   Apr 13 10:15:02 node-1 kubelet[1234]: E0413 10:15:02.123456    1234 pod_workers.go:191] Error syncing pod ...
 * Spec: journalctl(1) (https://www.freedesktop.org/software/systemd/man/journalctl.html).
 * Wrapped message lines (indented) are continuation lines.
 */
import type { LogGrammar, ParseContext, ParsedHead } from '../../src/model';
import { defineGrammar } from '../common/faults';
import { splitHead, tokenSource } from '../common/lexing';
import { parseJournaldLine } from './journaldParser';
import { journaldToHead } from './journaldToEvents';
import { IsoStamp, Month } from './journaldTokens';

export { readPayload, type Payload } from './journaldPayload';

const MARKER = /^-- (?:Logs begin at|Journal begins at|Reboot|Boot [0-9a-f]+|No entries|Journal (?:ends|rotated)|Subject)\b.*--$|^-- (?:Reboot|No entries) --$/;
/** A short or short-precise header; its month as the lexer reads it, English or another locale's (`5月`, `Mär`). */
const SHORT = new RegExp(`^(?:${tokenSource(Month)}) [ \\d]\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})? \\S+ [^\\s[\\]:]+(\\[\\d+\\])?: `);
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?([+-]\d{4}) \S+ [^\s[\]:]+(\[\d+\])?: /;

/**
 * What a header's first token must be for the parser to accept it (the grammar's `journaldLine` starts
 * with a Month token, not a longer word, or an IsoStamp). Lines that fail it are not headers; testing
 * it first spares the lexer and the parser's exception on every continuation line an event's head is
 * looked for in (7.6% of the CLI's CPU on the dense bench corpus went to that exception). Built from
 * the tokens' own patterns; `[^\s[\]:]` is what continues a Word (a Month followed by it lexes as one).
 */
const FIRST_TOKEN = new RegExp(`^(?:(?:${tokenSource(Month)})(?![^\\s[\\]:])|${tokenSource(IsoStamp)})`);

/**
 * A header that states a year: short-iso's stamp. Short and short-precise headers have none, other
 * lines no time at all (the `-- Logs begin at ...` marker's year is read by the year sniffer itself).
 */
const YEAR_STATED = new RegExp(`^(?:${tokenSource(IsoStamp)})`);

/** True for journalctl's marker lines (`-- Reboot --`). */
function isMarker(line: string): boolean {
  return line.charCodeAt(0) === 45 && line.charCodeAt(1) === 45 && line.charCodeAt(2) === 32 && MARKER.test(line.slice(0, 300));
}

/** The journald (journalctl text output) grammar. */
export const journaldGrammar: LogGrammar = defineGrammar({
  kind: 'journald',
  mayStateYear: (line) => YEAR_STATED.test(line),
  detect(line: string): number {
    if (isMarker(line)) return 3;
    const head = line.slice(0, 300);
    const short = SHORT.exec(head);
    // short-precise is journalctl's own; plain short is what syslog files look like too.
    if (short) return short[1] ? 3 : 2;
    return ISO.test(head) ? 2 : 0;
  },
  parseHead(line: string, ctx: ParseContext): ParsedHead | null {
    if (isMarker(line)) return { timestamp: null, message: line };
    if (!FIRST_TOKEN.test(line)) return null;
    const { value: cst, lexErrors, parseErrors } = parseJournaldLine(splitHead(line).head);
    return !cst || lexErrors.length > 0 || parseErrors.length > 0 ? null : journaldToHead(cst, line, ctx);
  },
});
