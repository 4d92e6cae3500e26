/**
 * A cheap look at a raw line's own severity marker (klog letter, `level=`, JSON `"level"`, a bracketed
 * or leading level word), used by the fast path to skip lines that only an error word hit but that
 * call themselves info or debug (`I0413 ... retrying in 5s after timeout`). No grammar is run.
 */

const KLOG = /(?:^|\]: |: )([IWEF])\d{4} \d\d:\d\d:\d\d\.\d/;
const KEYED = /\b(?:level|lvl|severity)["']?\s*[=:]\s*["']?(trace|debug|info|notice|warn|warning|error|err|fatal|panic|critical)\b/i;
const WORD = /^(?:\S+\s+){0,3}?\[?(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL)\]?[\s:|]/;

/** True when the line's own marker says it is below warning. */
export function saysQuiet(line: string): boolean {
  const head = line.length > 300 ? line.slice(0, 300) : line;
  const k = KLOG.exec(head);
  if (k) return k[1] === 'I';
  const m = KEYED.exec(head) ?? WORD.exec(head);
  if (!m) return false;
  const level = m[1].toLowerCase();
  return level === 'trace' || level === 'debug' || level === 'info' || level === 'notice';
}
