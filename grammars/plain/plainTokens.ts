/**
 * Tokens of the `plain` fallback: any text, with the few heads worth reading anyway - a leading
 * timestamp (RFC 3339, Go `log`, syslog-style) - and the line starts of multi-line events
 * (Java stack frames, Go panics and goroutine dumps, Python tracebacks, indented continuations).
 *
 * Sample: `2021/04/13 10:15:02 http: TLS handshake error from 10.244.1.1:51234: EOF`
 * Specified by: no single spec. Java: `Throwable.printStackTrace`; Go: `runtime/traceback.go`
 * (`goroutine N [status]:`, `\t/path/file.go:123 +0x1a`); Python: `traceback.print_exc`; Go `log`
 * package (`2006/01/02 15:04:05`).
 */
import { createToken } from 'chevrotain';
import { startCharsExcept } from '../common/lexing';

const ANY = startCharsExcept('\n');

/** RFC 3339 / ISO 8601 at the line start, optionally bracketed: `2021-04-13 10:15:02,123 `. */
export const IsoStamp = createToken({
  name: 'IsoStamp',
  pattern: /\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?: ?(?:Z|z|[+-]\d{2}:?\d{2}|UTC))?\]?/,
  push_mode: 'stamped',
});
/** Go `log` package: `2021/04/13 10:15:02.123456`. */
export const GoStamp = createToken({ name: 'GoStamp', pattern: /\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?/, push_mode: 'stamped' });
/** Syslog-style, no year: `Apr 13 10:15:02`. */
export const ShortStamp = createToken({
  name: 'ShortStamp',
  pattern: /(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2}(?:\.\d+)?/,
  push_mode: 'stamped',
});

/** Java stack frame `\tat a.B.c(B.java:1)`, `Caused by: `, `\tSuppressed: `, `\t... 12 more`. */
export const JavaFrame = createToken({
  name: 'JavaFrame',
  pattern: /[ \t]+at [\w$./<>-]+\(|[ \t]*Caused by: |[ \t]+Suppressed: |[ \t]+\.\.\. \d+ (?:more|common frames omitted)/,
  push_mode: 'message',
});
/** Go goroutine header: `goroutine 12 [running]:`. */
export const Goroutine = createToken({ name: 'Goroutine', pattern: /goroutine \d+ \[[^\]\n]*\]:/, push_mode: 'message' });
/** Go panic: `panic: runtime error: ...`. */
export const Panic = createToken({ name: 'Panic', pattern: /panic: /, push_mode: 'message' });
/** Python traceback header. */
export const Traceback = createToken({ name: 'Traceback', pattern: /Traceback \(most recent call last\):/, push_mode: 'message' });
/** Separator after a timestamp (stays in the head so a marker may follow). */
export const Gap = createToken({ name: 'Gap', pattern: /[ \t]*[|:]?[ \t]+/ });
/** Leading whitespace of an indented line. */
export const Indent = createToken({ name: 'Indent', pattern: /[ \t]+/, push_mode: 'message' });
/** The rest of the line. */
export const Message = createToken({ name: 'Message', pattern: /[^\n]+/, start_chars_hint: ANY, line_breaks: false });
/** Free text that starts the line's message part. */
export const HeadText = createToken({
  name: 'HeadText',
  pattern: /[^\n]+/,
  start_chars_hint: ANY,
  line_breaks: false,
  categories: [Message],
  push_mode: 'message',
});
/** End of line (only when a caller lexes several lines at once). */
export const NewLine = createToken({ name: 'NewLine', pattern: /\r?\n/, line_breaks: true, pop_mode: true });

/** Lexer modes: `head` (timestamp or marker), `stamped` (after a timestamp) and `message`. */
export const plainModes = {
  modes: {
    head: [IsoStamp, GoStamp, ShortStamp, JavaFrame, Goroutine, Panic, Traceback, Indent, HeadText],
    stamped: [Gap, JavaFrame, Goroutine, Panic, Traceback, HeadText],
    message: [Message, NewLine],
  },
  defaultMode: 'head',
};

/** Every token type, for the parser. */
export const plainTokens = [IsoStamp, GoStamp, ShortStamp, JavaFrame, Goroutine, Panic, Traceback, Gap, Indent, Message, HeadText, NewLine];
