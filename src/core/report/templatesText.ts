/**
 * `postmortem-lens templates` as text: per template its count, first and last time, the template and
 * its examples; then what was read, and what was left out (rare templates evicted by the bound).
 * Log text is made visible ({@link visibleControls}): a template or example cannot drive the terminal.
 */
import type { LogTemplatesResult } from '../diagnose/logTemplates';
import { visibleControls } from './visible';
import { grouped } from '../grouped';

const plural = (n: number, one: string, many = `${one}s`): string => `${grouped(n)} ${n === 1 ? one : many}`;

/** The templates as text, most frequent first. */
export function templatesToText(r: LogTemplatesResult, errorsOnly = false): string {
  const out: string[] = [];
  const width = Math.max(5, ...r.templates.map((t) => String(t.count).length));
  for (const t of r.templates) {
    const when = t.firstSeen === null ? 'no time' : t.firstSeen === t.lastSeen ? t.firstSeen : `${t.firstSeen} .. ${t.lastSeen}`;
    out.push(`${String(t.count).padStart(width)}  ${t.template}`);
    out.push(`${' '.repeat(width)}  lines ${t.lines.slice(0, 5).join(', ')}${t.lines.length > 5 ? ', …' : ''}; ${when}`);
    for (const e of t.examples) out.push(`${' '.repeat(width)}    e.g. ${e}`);
  }
  if (out.length) out.push('');
  out.push(
    `${plural(r.templates.length, 'template')} of ${plural(r.events, errorsOnly ? 'error event' : 'line')} (${plural(r.lines, 'line')} read${errorsOnly ? '' : '; blank lines are in no template'})`,
  );
  if (r.evicted.templates)
    out.push(
      `not shown: ${plural(r.evicted.events, errorsOnly ? 'error event' : 'line')} of ${plural(r.evicted.templates, 'rare template')}, dropped to stay within the template limit`,
    );
  return visibleControls(out.join('\n') + '\n');
}
