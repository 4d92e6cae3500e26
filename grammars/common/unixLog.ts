/**
 * Helpers shared by the Unix-style grammars (klog, journald, journald-json, dmesg, syslog): the syslog
 * priority scale (RFC 5424 section 6.2.1, also journald's PRIORITY and the kernel's `<N>` prefix),
 * and year inference for headers that carry no year (`Apr 13 10:15:02`, `I0413 ...`).
 */
import type { ParseContext, Severity } from '../../src/model';

// emerg, alert, crit -> critical; err; warning; notice; info; debug
const PRIORITY_SEVERITY: readonly Severity[] = ['critical', 'critical', 'critical', 'error', 'warning', 'notice', 'info', 'debug'];

/** Severity of a syslog priority: a bare level 0-7, or a full PRI (facility * 8 + level). */
export function severityFromPriority(priority: number): Severity | undefined {
  if (!Number.isInteger(priority) || priority < 0 || priority > 191) return undefined;
  return PRIORITY_SEVERITY[priority % 8];
}

const LEVEL_NAMES: Record<string, number> = {
  emerg: 0,
  panic: 0,
  alert: 1,
  crit: 2,
  err: 3,
  error: 3,
  warn: 4,
  warning: 4,
  notice: 5,
  info: 6,
  debug: 7,
};

/** Severity of a syslog level name (`err`, `warning`, `crit` ...), as printed by `dmesg -x`. */
export function severityFromLevelName(name: string): Severity | undefined {
  const level = LEVEL_NAMES[name.toLowerCase()];
  return level === undefined ? undefined : PRIORITY_SEVERITY[level];
}

interface YearClock {
  year: number;
  lastMonth: number;
}

/**
 * The year of a yearless header in month `month` (0-11). Starts at `ctx.defaultYear`; when months
 * jump backwards by half a year or more between lines (Dec -> Jan), the year moves on by one.
 * Small backwards steps (lines slightly out of order) keep the year. State lives in `ctx.state[key]`.
 */
export function inferYear(ctx: ParseContext, month: number, key = 'yearClock'): number {
  const clock = ctx.state[key] as YearClock | undefined;
  if (!Number.isInteger(month) || month < 0 || month > 11) return clock ? clock.year : ctx.defaultYear;
  if (!clock) {
    ctx.state[key] = { year: ctx.defaultYear, lastMonth: month } satisfies YearClock;
    return ctx.defaultYear;
  }
  if (clock.lastMonth - month >= 6) clock.year += 1;
  clock.lastMonth = month;
  return clock.year;
}
