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

const LOUD_HEADS = ['E0', 'E1', 'F0', 'F1'].map((h) => Buffer.from(h, 'latin1'));
const DIGIT = (b: number): boolean => b >= 0x30 && b <= 0x39;

/**
 * True when `b[p..]` is the rest of a klog header after its level letter: `MMDD hh:mm:ss.f`, and the
 * letter starts a line or follows a space, a tab or a quote (`kubelet[1234]: E0413`, `stderr F E0413`,
 * `{"log":"E0413`).
 */
function klogHeadAt(b: Buffer, p: number, from: number): boolean {
  const before = p > from ? b[p - 1] : 0x0a;
  if (before !== 0x0a && before !== 0x20 && before !== 0x09 && before !== 0x22) return false;
  if (p + 16 > b.length) return false;
  return (
    DIGIT(b[p + 2]) &&
    DIGIT(b[p + 3]) &&
    DIGIT(b[p + 4]) &&
    b[p + 5] === 0x20 &&
    DIGIT(b[p + 6]) &&
    DIGIT(b[p + 7]) &&
    b[p + 8] === 0x3a &&
    DIGIT(b[p + 9]) &&
    DIGIT(b[p + 10]) &&
    b[p + 11] === 0x3a &&
    DIGIT(b[p + 12]) &&
    DIGIT(b[p + 13]) &&
    b[p + 14] === 0x2e &&
    DIGIT(b[p + 15])
  );
}

/**
 * Byte offsets in `block[from, to)` of klog headers that say error or fatal (`E0413 10:15:02.123456`).
 * The grammar gives such lines an error level even when no error word is in them (`E0413 ...
 * "Housekeeping took longer than expected"`), so the fast path reads them too, although the literal
 * prefilter does not see them. Searched on the raw bytes, without decoding or copying.
 */
export function loudOffsets(block: Buffer, from: number, to: number): number[] {
  const out: number[] = [];
  for (const head of LOUD_HEADS) {
    for (let p = block.indexOf(head, from); p >= 0 && p < to; p = block.indexOf(head, p + 2)) {
      if (klogHeadAt(block, p, from)) out.push(p);
    }
  }
  return out;
}
