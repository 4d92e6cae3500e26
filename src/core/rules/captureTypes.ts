/** What each typed capture `{type}` matches, as a regex fragment with one capturing group. */
import type { CaptureType } from './ruleAst';

const NAME = '[A-Za-z0-9](?:[-A-Za-z0-9._]*[A-Za-z0-9])?';

/** Regex fragment per capture type; exactly one capturing group holds the value. */
export const CAPTURE_REGEX: Record<CaptureType, string> = {
  word: '(\\w(?:[\\w.-]*\\w)?)',
  number: '(-?\\d+(?:\\.\\d+)?)',
  duration: '((?:\\d+(?:\\.\\d+)?(?:ns|us|µs|ms|s|m|h|d))+)',
  ip: '(\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9a-fA-F:]{2,39}\\])',
  pod: `"?((?:[a-z0-9][-a-z0-9]*/)?[a-z0-9](?:[-a-z0-9._]*[a-z0-9])?)"?`,
  node: `"?(${NAME})"?`,
  namespace: '"?([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)"?',
  container: '"?([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)"?',
  host: `"?(${NAME})"?`,
  image: '"?([a-z0-9][\\w.\\-/:@]*\\w)"?',
  path: '(/(?:[^\\s"\'`,;()]*[^\\s"\'`,;():.])?)',
  quoted: '"((?:[^"\\\\]|\\\\.)*)"',
  rest: '([^\\n]*)',
};

/** Does a value of this type begin and end with a word character (for whitespace rules)? */
export function captureIsWordy(t: CaptureType): boolean {
  return t !== 'quoted' && t !== 'path' && t !== 'rest';
}

/** Parse a Go-style duration (`3m0.1s`, `500ms`, `1h30m`) to ms, or NaN. */
export function durationMs(text: string): number {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/g;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  let total = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m.index !== consumed) return NaN;
    consumed += m[0].length;
    total += Number(m[1]) * unit[m[2]];
  }
  return consumed === text.length && consumed > 0 ? total : NaN;
}
