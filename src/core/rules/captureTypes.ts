/** What each typed capture `{type}` matches, as a regex fragment with one capturing group. */
import type { CaptureType } from './ruleAst';

/** A Kubernetes object or host name (DNS subdomain: at most 253 characters). */
const NAME = '[A-Za-z0-9](?:[-A-Za-z0-9._]{0,251}[A-Za-z0-9])?';

/**
 * Regex fragment per capture type; exactly one capturing group holds the value. Every type but
 * `rest` has a longest value (a name's 253 characters, a path's PATH_MAX, ...): together with the
 * step matcher taking each capture atomically, that bounds the work one match attempt can do.
 */
export const CAPTURE_REGEX: Record<CaptureType, string> = {
  word: '(\\w(?:[\\w.-]{0,510}\\w)?)',
  number: '(-?\\d{1,40}(?:\\.\\d{1,40})?)',
  duration: '((?:\\d{1,20}(?:\\.\\d{1,20})?(?:ns|us|µs|ms|s|m|h|d)){1,8})',
  ip: '(\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9a-fA-F:]{2,39}\\])',
  pod: `"?((?:[a-z0-9][-a-z0-9]{0,252}/)?[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?)"?`,
  node: `"?(${NAME})"?`,
  namespace: '"?([a-z0-9](?:[-a-z0-9]{0,251}[a-z0-9])?)"?',
  container: '"?([a-z0-9](?:[-a-z0-9]{0,251}[a-z0-9])?)"?',
  host: `"?(${NAME})"?`,
  image: '"?([a-z0-9][\\w.\\-/:@]{0,1022}\\w)"?',
  path: '(/(?:[^\\s"\'`,;()]{0,4094}[^\\s"\'`,;():.])?)',
  quoted: '"((?:[^"\\\\]|\\\\.){0,8192})"',
  rest: '([^\\n]*)',
};

/**
 * Characters that continue a value of the type (for `quoted`, the backslash that escapes a quote): a
 * capture that starts a searched part of a step (after `*` or at the start) begins only where the
 * text before is none of them, at the start of a token. Without that, a search would try the capture
 * again at every character of a long token, each try reading up to the type's longest value.
 */
export const CAPTURE_CONTINUES: Partial<Record<CaptureType, string>> = {
  word: '[\\w.-]',
  number: '[\\d.]',
  duration: '[\\d.]',
  ip: '[\\d.]',
  pod: '[\\w.-]',
  node: '[\\w.-]',
  namespace: '[\\w.-]',
  container: '[\\w.-]',
  host: '[\\w.-]',
  image: '[\\w.\\-/:@]',
  path: '[^\\s"\'`,;()]',
  quoted: '\\\\',
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
