/**
 * syslog: RFC 3164 (`<PRI>` optional, as in /var/log/syslog and /var/log/messages) and RFC 5424.
 *   <34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8
 * Spec: RFC 3164 section 4.1 (https://www.rfc-editor.org/rfc/rfc3164#section-4.1), RFC 5424 section 6.
 * Without a `<PRI>` a 3164 line looks like journalctl's short output, so detection scores it below
 * journald there. Lines that are no header (indented, foreign) are continuation lines.
 */
import type { LogGrammar, ParseContext, ParsedHead } from '../../src/model';
import { defineGrammar } from '../common/faults';
import { splitHead, tokenSource, tokenStartClass } from '../common/lexing';
import { parseSyslogLine } from './syslogParser';
import { syslogToHead } from './syslogToEvents';
import { IsoStamp, Month, Pri, Pri5424, Word } from './syslogTokens';

const PRI = /^<\d{1,3}>/;
const V5424 = /^<\d{1,3}>\d{1,2} (?:\d{4}-\d\d-\d\dT|- )/;
const STAMP3164 = /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d /;
const SHORT = /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d \S+ [^\s[\]:]+(?:\[\d+\])?: /;
// rsyslog's RSYSLOG_FileFormat: RFC 3339 with a `+00:00` zone (journalctl short-iso writes `+0000`).
const RSYSLOG = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d) \S+ [^\s[\]:]+(?:\[\d+\])?: /;

/**
 * What a header must start with for the parser to accept it: RFC 5424's `<PRI>VERSION `, or RFC 3164's
 * optional `<PRI>` then a Month token (not a longer word) or an ISO stamp and the start of a host or tag
 * word (CoreDNS's `2024-...Z [INFO] ...` is not a syslog header). Lines that fail it are not
 * headers; testing it first spares the lexer and the parser's exception on every other line (the
 * exception was 6.6% of the CLI's CPU on the dense bench corpus). Built from the tokens' own patterns;
 * `[^\s[\]:]` is what continues a Word (a Month followed by it lexes as one).
 */
const FIRST_TOKENS = new RegExp(
  `^(?:${tokenSource(Pri5424)}|(?:${tokenSource(Pri)})?[ \\t]*(?:(?:${tokenSource(Month)})(?![^\\s[\\]:])|${tokenSource(IsoStamp)}[ \\t]+${tokenStartClass(Word)}))`,
);

/** A header that states a year: RFC 5424's (its stamp or `-`) or an ISO stamp's; RFC 3164's month and day have none. */
const YEAR_STATED = new RegExp(`^(?:${tokenSource(Pri5424)}|(?:${tokenSource(Pri)})?[ \\t]*(?:${tokenSource(IsoStamp)}))`);

/** The syslog grammar. */

export const syslogGrammar: LogGrammar = defineGrammar({
  kind: 'syslog',
  mayStateYear: (line) => YEAR_STATED.test(line),
  detect(line: string): number {
    const head = line.slice(0, 300);
    if (line.charCodeAt(0) === 60) {
      // '<'
      if (V5424.test(head)) return 3;
      const pri = PRI.exec(head);
      return pri && STAMP3164.test(head.slice(pri[0].length)) ? 3 : 0;
    }
    if (SHORT.test(head)) return 1;
    // Only a line parseHead takes as a header (CoreDNS's `...Z [ERROR] plugin/errors: ` fits RSYSLOG's
    // shape, but a syslog segment of them would be one event of continuation lines).
    return RSYSLOG.test(head) && FIRST_TOKENS.test(head) ? 2 : 0;
  },
  parseHead(line: string, ctx: ParseContext): ParsedHead | null {
    if (!FIRST_TOKENS.test(line)) return null;
    const { value: cst, lexErrors, parseErrors } = parseSyslogLine(splitHead(line).head);
    return !cst || lexErrors.length > 0 || parseErrors.length > 0 ? null : syslogToHead(cst, line, ctx);
  },
});
