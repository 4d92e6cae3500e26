/**
 * Severity from the level words free-form application lines start with, for `plain` and for the
 * message of container formats (`docker-json`, `cri`) whose payload is some program's own log.
 *
 * Samples: `2021/04/13 10:15:02 [error] upstream timed out`, `ERROR [main] Connection refused`,
 * `panic: runtime error: index out of range`, `E0413 10:15:02.123456 1 reflector.go:138] ...`,
 * `{"level":"error","msg":"..."}`, `level=warn msg="..."`.
 * Specified by: convention only (log4j/logback, nginx, Go `log`, klog, logfmt, JSON loggers).
 */
import type { Severity } from '../../src/model';

const WORDS: Record<string, Severity> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  notice: 'notice',
  warn: 'warning',
  warning: 'warning',
  error: 'error',
  err: 'error',
  severe: 'error',
  fatal: 'critical',
  critical: 'critical',
  crit: 'critical',
  panic: 'critical',
};

// A level word first on the line, optionally bracketed and after one `[component]` / `component:` tag.
const AT_START = /^(?:\[[^\]\s]{1,40}\]\s+)?[[(<]?(trace|debug|info|notice|warn|warning|error|err|severe|fatal|critical|crit|panic)[\])>]?(?=[\s:|,\]]|$)/i;
const KLOG = /^([IWEF])\d{4} \d{2}:\d{2}:\d{2}/;
const KEYED = /(?:\blevel=|"(?:level|severity|lvl)"\s*:\s*")([a-zA-Z]+)/;
const KLOG_LEVEL: Record<string, Severity> = { I: 'info', W: 'warning', E: 'error', F: 'critical' };

/**
 * The severity a line's leading level word implies, or undefined. `text` should already be
 * without its timestamp. Looks only at the first 200 characters.
 */
export function severityFromWords(text: string): Severity | undefined {
  const start = text.slice(0, 200).trimStart();
  const k = KLOG.exec(start);
  if (k) return KLOG_LEVEL[k[1]];
  const m = AT_START.exec(start);
  if (m) return WORDS[m[1].toLowerCase()];
  const kv = KEYED.exec(start);
  return kv ? WORDS[kv[1].toLowerCase()] : undefined;
}
