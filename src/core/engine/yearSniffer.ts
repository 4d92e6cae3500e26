/**
 * Years for formats that omit them (klog, journal short, syslog 3164), taken from the incident
 * itself: an input's own dated lines (journal `-- Logs begin at Fri 2018-11-23 ...`, ISO stamps,
 * `kubectl describe` Start Time), or else the other inputs of the same run. Adapters pass the head
 * of each input and use the answer as its default year (the file time or today come last).
 */
import { grammarFor } from '../../../grammars';
import { assembleEvents } from '../../../grammars/common/assemble';
import { segmentLines } from '../segment/segmenter';

/** A year no log carries: a timestamp in it had its year filled in, not read. */
const SENTINEL_YEAR = 1800;
const JOURNAL_HEADER = /^-- (?:Logs begin at|Journal begins at) \w{3} (\d{4})-\d\d-\d\d/;

/** Years read (not inferred) from one text, with how many lines said each. */
export function explicitYears(text: string): Map<number, number> {
  const votes = new Map<number, number>();
  const lines = text.split(/\r?\n/);
  for (const l of lines) {
    const m = JOURNAL_HEADER.exec(l);
    if (m) votes.set(Number(m[1]), (votes.get(Number(m[1])) ?? 0) + 1000);
  }
  for (const seg of segmentLines(lines)) {
    const format = grammarFor(seg.kind);
    const own = lines.slice(seg.startLine - 1, seg.endLine);
    // Parsing a segment none of whose lines can state a year would only find the sentinel year: on
    // 40 journals of 700 KB, that parse was 46% of the run's CPU.
    const may = format.mayStateYear;
    if (may !== undefined && !own.some((l) => may(l))) continue;
    const ctx = { defaultYear: SENTINEL_YEAR, defaultZoneOffsetMinutes: 0, state: {} };
    const events = assembleEvents(own, format, ctx);
    for (const e of events) {
      if (e.timestamp === null) continue;
      const y = new Date(e.timestamp).getUTCFullYear();
      if (y >= 1970 && y < 2200) votes.set(y, (votes.get(y) ?? 0) + 1);
    }
  }
  return votes;
}

function best(votes: Map<number, number>): number | undefined {
  let year: number | undefined;
  let n = 0;
  for (const [y, c] of votes)
    if (c > n || (c === n && year !== undefined && y > year)) {
      year = y;
      n = c;
    }
  return year;
}

/**
 * The year to assume for each input: its own explicit year when it has one, else the run's most
 * common explicit year, else undefined (the adapter's fallback: file time or today).
 * @param heads the first part (a few hundred KiB) of each input, decoded.
 */
export function sniffYears(heads: readonly string[]): (number | undefined)[] {
  const per = heads.map((h) => explicitYears(h));
  const all = new Map<number, number>();
  for (const v of per) for (const [y, c] of v) all.set(y, (all.get(y) ?? 0) + c);
  const run = best(all);
  return per.map((v) => best(v) ?? run);
}

/** Characters of an input's head its year is read from: every adapter reads this much. */
export const YEAR_HEAD_CHARS = 256 * 1024;

/**
 * The year each input's timestamps that omit one take, decided here for every adapter alike (the CLI's
 * files and stdin, cluster and log-store inputs, the editor's documents and incidents): the input's own
 * explicit year, else the run's most common one ({@link sniffYears}; an input whose head cannot be read
 * ahead, such as stdin or a pipe, passes `undefined` and takes the run's), else `fallbacks[i]` (the
 * file's modification year, a store window's end), else `thisYear`.
 * @param heads each input's first {@link YEAR_HEAD_CHARS} characters, decoded, or undefined.
 */
export function planYears(heads: readonly (string | undefined)[], fallbacks: readonly (number | undefined)[], thisYear: number): number[] {
  return sniffYears(heads.map((h) => h ?? '')).map((y, i) => y ?? fallbacks[i] ?? thisYear);
}
