/** The sentences every rendering of the unmatched error list adds, so none drops lines silently. */
import type { Diagnosis, UnknownSetAsideReason } from '../../model';

const REASON_WORDS: Record<UnknownSetAsideReason, [string, string]> = {
  echo: ['echoed command', 'echoed commands'],
  setting: ['flag or setting', 'flags or settings'],
  counter: ['counter or retry progress line', 'counters or retry progress lines'],
  status: ['describe/get state', 'describe/get states'],
  outcome: ['bare job outcome', 'bare job outcomes'],
  quiet: ['quiet line (info level or no error word)', 'quiet lines (info level or no error word)'],
};

/** `Set aside as not errors: 12 echoed commands, 3 counters ...`, or null when none was. */
export function setAsideSentence(d: Pick<Diagnosis, 'unknownErrorTotals'>): string | null {
  const parts = (Object.keys(REASON_WORDS) as UnknownSetAsideReason[])
    .filter((r) => d.unknownErrorTotals.setAside[r] > 0)
    .map((r) => {
      const n = d.unknownErrorTotals.setAside[r];
      return `${n} ${REASON_WORDS[r][n === 1 ? 0 : 1]}`;
    });
  return parts.length ? `Set aside as not errors: ${parts.join(', ')}.` : null;
}

/** `3 more clusters (5 lines) not shown.` for a list cut at `shown`, or null when all are shown. */
export function notShownSentence(d: Pick<Diagnosis, 'unknownErrors' | 'unknownErrorTotals'>, shown: number): string | null {
  const t = d.unknownErrorTotals;
  const listed = d.unknownErrors.slice(0, shown);
  const clusters = t.clusters - listed.length;
  const lines = t.lines - listed.reduce((n, u) => n + u.count, 0) + t.overflow;
  if (clusters <= 0 && t.overflow === 0) return null;
  const more =
    clusters > 0
      ? `${clusters} more cluster${clusters === 1 ? '' : 's'} (${lines} line${lines === 1 ? '' : 's'}) not shown`
      : `${t.overflow} more line${t.overflow === 1 ? '' : 's'} past the template limit not clustered`;
  return `${more}${clusters > 0 && t.overflow > 0 ? `, ${t.overflow} of them past the template limit and not clustered` : ''}.`;
}
