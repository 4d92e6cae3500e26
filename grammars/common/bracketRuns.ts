/**
 * Values printed over several lines inside one message: a Go struct or map dump, a pretty-printed
 * JSON body, a Python dict, that an error message carries and a person (or `%#v` of a wrapped value,
 * or a paste) broke into lines. No grammar claims those lines, so without this each would be an event
 * of its own and one fact would be two findings:
 *   Error: UPGRADE FAILED: cannot patch "web" with kind Deployment: Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{
 *       "app": "web",
 *   }, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable
 * A **bracket run** keeps them one event: a message that leaves a bracket open continues over the
 * lines after it, as long as each has the shape of a dump's inner line (indented, blank, or opening
 * with a closing bracket), until the line whose closing brackets balance it. The run must close within
 * {@link BRACKET_RUN_MAX_LINES} lines and {@link BRACKET_RUN_MAX_BYTES} bytes of the line that opened
 * it, or nothing is joined: a stray `{` never swallows the log after it.
 *
 * Brackets are counted without their kinds (`map[string]string{` mixes them) and without reading
 * quotes (a dump's strings hold no brackets; a lone quote would otherwise hide the rest of a line).
 */

/** Most lines from the line that opened a run to the line that closes it, both included. */
export const BRACKET_RUN_MAX_LINES = 100;
/** Most bytes of those lines. */
export const BRACKET_RUN_MAX_BYTES = 64 * 1024;

/** What a text does to the brackets around it: closes `close` opened before it, leaves `open` open. */
export interface BracketProfile {
  close: number;
  open: number;
}

/** The unmatched closing and opening brackets of `text` (`}])` before any opener, `{[(` never closed). */
export function bracketProfile(text: string): BracketProfile {
  let close = 0,
    open = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b || c === 0x28) open++;
    else if (c === 0x7d || c === 0x5d || c === 0x29) {
      if (open > 0) open--;
      else close++;
    }
  }
  return { close, open };
}

/** Brackets left open after `text`, when `depth` were open before it. */
export function openAfter(depth: number, p: BracketProfile): number {
  return depth - Math.min(depth, p.close) + p.open;
}

/**
 * Do the bytes `[from, to)` of `buf` (UTF-8, one line) leave a bracket open? The engine's fast path
 * asks it of the lines around a hit without decoding them; a line's message is part of its line, so
 * a message that opens a run is on a line that does.
 */
export function opensBracket(buf: Uint8Array, from: number, to: number): boolean {
  let open = 0;
  for (let i = from; i < to; i++) {
    const c = buf[i];
    if (c === 0x7b || c === 0x5b || c === 0x28) open++;
    else if ((c === 0x7d || c === 0x5d || c === 0x29) && open > 0) open--;
  }
  return open > 0;
}

/** An inner line of a dump: indented, blank, or starting with a closing bracket (`}, Match...`, `]`, `)`). */
export function dumpShaped(message: string): boolean {
  const c0 = message.charCodeAt(0);
  if (Number.isNaN(c0) || c0 === 0x20 || c0 === 0x09) return true;
  return c0 === 0x7d || c0 === 0x5d || c0 === 0x29;
}
