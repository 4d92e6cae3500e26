/**
 * Go's quoted strings, as klog's structured values, logrus's `msg="..."` and the `%q` of many Go
 * daemons write them: `"a \"b\"\n"`. Spec: the Go language's interpreted string literals
 * (https://go.dev/ref/spec#String_literals), as `strconv.Quote` writes them.
 *
 * Hand-written because the one library function that reads them, JSON.parse, rejects Go's `\x41`,
 * `\a`, `\v`, `\U0001F600` and octal escapes, and a log line is often cut inside a quoted value: here an
 * unterminated string keeps its text, and an escape Go does not know stays as written.
 */

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' };
const ESCAPE = /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|[\s\S])/g;

/** True when `raw` (starting with `"`) ends with a closing quote, not with an escaped `\"`. */
function isTerminated(raw: string): boolean {
  if (raw.length < 2 || raw.charCodeAt(raw.length - 1) !== 0x22 /* " */) return false;
  let backslashes = 0;
  for (let i = raw.length - 2; i > 0 && raw.charCodeAt(i) === 0x5c /* \ */; i--) backslashes++;
  return backslashes % 2 === 0;
}

/**
 * The value of a Go-quoted string (`"a \"b\""` -> `a "b"`). Text that does not start with `"` comes
 * back as is; an unterminated string loses only its opening quote.
 */
export function unquoteGo(raw: string): string {
  if (raw.charCodeAt(0) !== 0x22 /* " */) return raw;
  const body = isTerminated(raw) ? raw.slice(1, -1) : raw.slice(1);
  if (!body.includes('\\')) return body;
  return body.replace(ESCAPE, (all, e: string) => {
    if (e.length === 1) return SIMPLE_ESCAPES[e] ?? all;
    const code = e.charCodeAt(0) <= 0x37 ? parseInt(e, 8) : parseInt(e.slice(1), 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}
