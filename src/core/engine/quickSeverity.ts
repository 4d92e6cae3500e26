/**
 * A cheap look at raw lines' own severity markers (klog letter, `level=`, JSON `"level"`, a bracketed
 * or leading level word), used by the fast path to skip lines that only an error word hit but that
 * call themselves info or debug (`I0413 ... retrying in 5s after timeout`), and to read lines whose
 * klog letter says error although no error word is in them. No grammar is run.
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

/**
 * A klog header saying error or fatal (`E0413 10:15:02.123456`), at a line start or after a journal
 * or syslog prefix (`kubelet[1234]: `), a CRI stream tag (`stderr F `) or a JSON string's quote.
 */
const LOUD_KLOG = /(?:^|[\s"])[EF](?:0[1-9]|1[0-2])[0-3]\d [0-2]\d:[0-5]\d:[0-5]\d\.\d/gm;

/**
 * Byte offsets in `block` of klog headers that say error or fatal. The grammar gives such lines an
 * error level even when no error word is in them (`E0413 ... "Server rejected event (will not
 * retry!)"`), so the fast path reads them too, although the literal prefilter does not see them.
 * The block is read as latin1, whose offsets are byte offsets.
 */
export function loudOffsets(block: Buffer): number[] {
  const text = block.toString('latin1');
  const out: number[] = [];
  for (const m of text.matchAll(LOUD_KLOG)) out.push(m.index! + (m[0][0] === 'E' || m[0][0] === 'F' ? 0 : 1));
  return out;
}
