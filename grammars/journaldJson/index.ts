/**
 * journald JSON export, one entry per line (`journalctl -o json`).
 *   {"__REALTIME_TIMESTAMP":"1618308902123456","_HOSTNAME":"node-1","SYSLOG_IDENTIFIER":"kubelet","_SYSTEMD_UNIT":"kubelet.service","_PID":"1234","PRIORITY":"3","MESSAGE":"..."}
 * Spec: https://systemd.io/JOURNAL_EXPORT_FORMATS/#journal-json-format.
 *
 * Why no chevrotain here: each line is exactly one JSON object, so `JSON.parse` *is* the grammar -
 * native, linear (a 20 MB line parses in well under a second), and stricter than a hand-written one.
 * The 64 KiB head cap does not apply: a cut JSON object cannot be parsed at all. A line that is not
 * valid JSON (truncated, foreign) becomes its own event with the raw line as message and no time.
 */
import type { LogGrammar, ParseContext, ParsedHead } from '../../src/model';
import { defineGrammar } from '../common/faults';
import { parseJsonLine } from '../jsonLines/jsonLinesParser';
import { journalEntryToHead } from './journaldJsonToEvents';

export { fieldText } from './journaldJsonToEvents';

const STRONG = /"(?:__REALTIME_TIMESTAMP|__CURSOR|__MONOTONIC_TIMESTAMP|_BOOT_ID)"\s*:/;
const WEAK = /"(?:_SYSTEMD_UNIT|SYSLOG_IDENTIFIER|_HOSTNAME|PRIORITY|_TRANSPORT)"\s*:/;

/** The journald JSON grammar. */
export const journaldJsonGrammar: LogGrammar = defineGrammar({
  kind: 'journald-json',
  // journalctl writes a MESSAGE holding control characters or invalid UTF-8 as an array of byte values.
  opaqueMarkers: ['"MESSAGE":['],
  detect(line: string): number {
    let i = 0;
    while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
    if (line.charCodeAt(i) !== 123) return 0; // '{'
    const head = line.slice(i, i + 600);
    if (STRONG.test(head)) return 3;
    return WEAK.test(head) && head.includes('"MESSAGE"') ? 2 : 0;
  },
  parseHead(line: string, ctx: ParseContext): ParsedHead | null {
    if (line.trim() === '') return null;
    const { value: entry, error } = parseJsonLine(line);
    if (!entry || error) return { timestamp: null, message: line };
    return journalEntryToHead(entry, ctx);
  },
});
