/**
 * Control characters from logs made visible, as `cat -v` shows them, so that what a log says can
 * never drive the terminal that prints it: an ESC (`^[`) cannot start a clear-screen, a cursor move,
 * an OSC 8 hyperlink or an OSC 0 window title, a bare CR (`^M`) cannot overwrite the line it is on,
 * and bidirectional overrides (`<U+202E>`) cannot reorder what the reader sees. Tab and newline stay.
 */

/** C0 controls but tab and newline, DEL, C1 controls, and the invisible bidi controls. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One control character as text: `^[` (ESC), `^M` (CR), `^?` (DEL), `M-^[` (C1), `<U+202E>`. */
function shown(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 0x20) return `^${String.fromCharCode(c + 64)}`;
  if (c === 0x7f) return '^?';
  if (c <= 0x9f) return `M-^${String.fromCharCode(c - 0x80 + 64)}`;
  return `<U+${c.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * `text` with every control character made visible. `keep` lists exact escape sequences the caller
 * itself wrote (a renderer's own colours) that stay as they are; any other ESC is shown as `^[`.
 */
export function visibleControls(text: string, keep: readonly string[] = []): string {
  if (keep.length === 0) return text.replace(CONTROL, shown);
  const allowed = new RegExp(`(${keep.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})|${CONTROL.source}`, 'g');
  return text.replace(allowed, (m, own: string | undefined) => (own !== undefined ? own : shown(m)));
}
