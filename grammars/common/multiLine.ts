/**
 * Multi-line messages written one entry per line. journald and syslog record each line a process
 * writes as an entry of its own, with its own header, so a kubelet error with a multi-line value or a
 * Go panic arrives as:
 *   Nov 23 08:01:41 node-1 kubelet[3121]: E1123 08:01:41.831293 3121 kubelet.go:1347] "Image garbage collection failed" err=<
 *   Nov 23 08:01:41 node-1 kubelet[3121]:         failed to garbage collect required amount of images.
 *   Nov 23 08:01:41 node-1 kubelet[3121]:  >
 * The grammar marks a line whose message has the shape of such a next line ({@link continuationShape});
 * event assembly joins it to the event before when the same process wrote both in the same moment
 * ({@link joinsEntry}). Spec: systemd-journald.service(8) ("stdout ... each line is a log entry"),
 * klog's multi-line values (KEP-3077 text format: `key=<` ... ` >`).
 */
import type { LogEvent, ParsedHead } from '../../src/model';

/** A Go stack frame, goroutine dump line or panic trailer (`main.main()`, `\t/src/x.go:12 +0x1d`, `created by ...`). */
export const GO_FRAME =
  /^(?:[\w.\-/]+\.)?[\w$*().[\]{}-]+\(.*\)(?: \+0x[0-9a-f]+)?$|^created by |^\[signal |^\S+\.go:\d+(?: \+0x[0-9a-f]+)?$|^exit status \d+$/;
const GOROUTINE = /^goroutine \d+ \[[^\]]*\]:$/;
/** The first line of a Go trace (a panic, a fatal error, a goroutine dump). */
const GO_TRACE_START = /(?:^|\n)(?:panic: |fatal error: |goroutine \d+ \[)/;
/** A Java exception that `Caused by:` lines continue. */
const JAVA_EXCEPTION = /\b[\w$]+(?:\.[\w$]+)+(?:Exception|Error|Throwable)\b/;

/** How far apart (ms) two entries of one multi-line message may be stamped: second-precision stamps round down. */
export const SAME_MOMENT_MS = 1_000;

/**
 * The shape of `message` (an entry's text after its header, not read as klog/logrus) when it looks
 * like the next line of a multi-line message: `indent` (indented text, the close ` >` of a klog value,
 * Java `\tat` frames), `frame` (a Go frame or goroutine header, Java `Caused by:`), `blank`.
 */
export function continuationShape(message: string): ParsedHead['continuation'] {
  if (message.trim() === '') return 'blank';
  const c0 = message.charCodeAt(0);
  if (c0 === 32 || c0 === 9) return 'indent';
  if (GOROUTINE.test(message) || GO_FRAME.test(message) || message.startsWith('Caused by: ')) return 'frame';
  return undefined;
}

/**
 * Does `head` continue `current` (whose last line was stamped `lastStamp`)? Only for an entry marked
 * by {@link continuationShape}, written by the same process (source, host, pid) in the same moment;
 * a frame line also needs a trace to continue.
 */
export function joinsEntry(current: LogEvent, lastStamp: number | null, head: ParsedHead): boolean {
  if (!head.continuation) return false;
  if (head.source !== current.source || head.host !== current.host || head.pid !== current.pid) return false;
  if (lastStamp === null || head.timestamp === null || Math.abs(head.timestamp - lastStamp) > SAME_MOMENT_MS) return false;
  if (head.continuation !== 'frame') return true;
  return head.message.startsWith('Caused by: ') ? JAVA_EXCEPTION.test(current.message) : GO_TRACE_START.test(current.message);
}
