/**
 * The postmortem draft, in the shape of the Google SRE book's template: title, date and status,
 * summary, impact, root cause and trigger, contributing factors, detection, timeline, resolution,
 * action items (typed mitigate / prevent / detect), lessons learned, and appendices with the raw
 * evidence. It is pasted into GitHub, Confluence or Google Docs, so it is GitHub-flavoured Markdown
 * that renders as written: every piece of log text is escaped or in code, every table row has its
 * header's cells, secrets are redacted unless the caller turns that off. The clock is the caller's
 * (`generatedAt`); the date in the draft is the incident's, from its evidence.
 */
import type { Diagnosis, Finding } from '../../model';
import type { Catalogue } from '../catalogue/catalogue';
import { renderTemplate } from '../diagnose/renderTemplate';
import { templateValues } from '../diagnose/diagnose';
import { planFollowUp } from './actionItems';
import { DRAFT_MARKER, incidentDay } from './draftFile';
import { mdCode, mdCodeSpan, mdInline, mdTable } from './markdown';
import { redact } from './redact';
import { timelineFacts } from './timelineFacts';
import { shortTime } from './time';
import { notShownSentence, setAsideSentence } from './unmatchedNote';

/** Options for the draft. */
export interface PostmortemOptions {
  /** Title; derived from the top root cause when absent. */
  title?: string;
  /** Redact secrets in excerpts (default true). */
  redact?: boolean;
  /** When the draft was made, e.g. `2026-11-22 10:00Z` (the adapter's clock). */
  generatedAt?: string;
  /** Occurrences shown per finding in the appendix. */
  excerptsPerFinding?: number;
  /** Rows of the timeline before the rest is left to the appendix (default 30). */
  timelineRows?: number;
}

/** A marker for a human, always saying what is needed. */
const TODO = (what: string): string => `_TODO: ${what}_`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * A check's command filled with the finding's values (the incident's other findings fill what the
 * finding itself lacks). A value still missing stays visible as `<name>` and is named in `missing`.
 * This is the one place the draft renders commands.
 */
export function draftCommand(command: string, f: Finding, incident: readonly Finding[]): { text: string; missing: string[] } {
  const values: Record<string, string> = {};
  for (const other of [...incident].reverse()) Object.assign(values, templateValues(other));
  Object.assign(values, templateValues(f));
  const filled = renderTemplate(command, values);
  const missing = [...new Set([...filled.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]))];
  return { text: filled.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, '<$1>'), missing };
}

/** Input names without the folder they all share: `examples/x/kubelet.log` -> `kubelet.log`. */
function shortNames(names: readonly string[]): string[] {
  const dirs = names.map((n) => n.split('/').slice(0, -1));
  let common = dirs[0]?.length ?? 0;
  for (const d of dirs) {
    let i = 0;
    while (i < common && i < d.length && d[i] === dirs[0][i]) i++;
    common = i;
  }
  return names.map((n) => n.split('/').slice(common).join('/'));
}

/** Render the postmortem draft as Markdown. */
export function renderPostmortem(d: Diagnosis, catalogue: Catalogue, opts: PostmortemOptions = {}): string {
  const doRedact = opts.redact !== false;
  let redactions = 0;
  const clean = (s: string): string => {
    if (!doRedact) return s;
    const r = redact(s);
    redactions += r.count;
    return r.text;
  };
  const short = shortNames(d.inputs.map((i) => i.name));
  const at = (input: number, line: number): string => `${short[input] ?? `input ${input + 1}`}:${line}`;
  const byId = new Map(d.findings.map((f) => [f.signatureId, f]));
  const top = d.rootCauses[0];
  const topFinding = top ? byId.get(top.signatureId) : undefined;
  const topSig = top ? catalogue.get(top.signatureId)?.signature : undefined;
  const title = opts.title ?? (topFinding ? clean(topFinding.headline) : d.findings.length ? 'Incident (cause not identified)' : 'Incident (no known failure signature found)');
  const times = d.findings.flatMap((f) => [f.firstSeen, f.lastSeen]).filter((t): t is number => t !== null);
  const start = times.length ? Math.min(...times) : null;
  const end = times.length ? Math.max(...times) : null;
  const day = incidentDay(d);
  const oneDay = start !== null && end !== null && shortTime(start).slice(0, 10) === shortTime(end).slice(0, 10);
  const clock = (ts: number | null): string => (ts === null ? '—' : oneDay ? shortTime(ts).slice(11, 19) : shortTime(ts).replace(/Z$/, ''));
  const out: string[] = [];
  const line = (s = ''): void => { out.push(s); };

  line(DRAFT_MARKER);
  line(`# Postmortem: ${mdInline(title)}`);
  line();
  line(`- **Date:** ${day ? `${day} (from the logs: ${shortTime(start)} to ${shortTime(end)})` : 'unknown: the logs carry no timestamps'}`);
  line(`- **Status:** draft, generated by Postmortem Lens${opts.generatedAt ? ` on ${mdInline(opts.generatedAt)}` : ''} from ${plural(d.inputs.length, 'input')} (listed in the appendix). Every _TODO_ needs a human; every claim points at log lines.`);
  line(`- **Authors:** ${TODO('who owns this postmortem')}`);
  line();

  line('## Summary');
  line();
  if (top && topFinding) {
    line(`${day ? `On ${day}, between ${clock(start)} and ${clock(end)}${oneDay ? ' UTC' : ''}, ` : ''}the logs show **${mdInline(clean(topFinding.headline))}** (\`${top.signatureId}\`, ${Math.round(top.confidence * 100)}% confidence as root cause)` +
      (top.chain.length > 1 ? `, which led to ${top.chain.slice(1).map((c) => mdInline(c.title)).join(' → ')}.` : '.'));
    line();
    line(`${plural(d.findings.length, 'failure signature')} matched in total. ${TODO('one sentence on what users saw')}`);
  } else {
    line(`No known failure signature matched. ${plural(d.unknownErrors.length, 'cluster')} of unmatched error lines are listed in the appendix. ${TODO('what happened, in two sentences')}`);
  }
  line();

  line('## Impact');
  line();
  line(`- User impact: ${TODO('who was affected, how, for how long')}`);
  line(`- Duration in the logs: ${start !== null && end !== null ? `${shortTime(start)} → ${shortTime(end)} (${Math.round((end - start) / 60000)} min)` : 'unknown (no timestamps)'}`);
  for (const f of d.findings.slice(0, 8)) {
    const objs = ['pod', 'node', 'image'].flatMap((k) => (f.captureValues[k] ?? []).map((v) => `${k} ${mdCodeSpan(clean(v))}`));
    line(`- ${mdInline(f.title)}: ${plural(f.count, 'occurrence')}${objs.length ? ` (${objs.slice(0, 6).join(', ')}${objs.length > 6 ? `, ${objs.length - 6} more` : ''})` : ''}`);
  }
  if (d.findings.length > 8) line(`- ${plural(d.findings.length - 8, 'more finding')} in the evidence appendix`);
  line();

  line('## Root cause and trigger');
  line();
  if (top && topSig && topFinding) {
    line(`**${mdInline(topSig.title)}**: ${mdInline(topSig.summary)}`);
    line();
    line(topSig.explanation.trim());
    line();
    if (top.chain.length > 1) {
      line('Evidence chain (cause first):');
      line();
      top.chain.forEach((c, i) => line(`${i + 1}. **${mdInline(c.title)}** (\`${c.signatureId}\`), first seen ${shortTime(c.firstSeen)}${c.because ? `: ${mdInline(c.because)}` : ''}`));
      line();
    }
    line(`Why this ranks first: ${top.reasons.map(mdInline).join('; ')}.`);
    line();
    const checks = top.chain.flatMap((c) => {
      const f = byId.get(c.signatureId);
      const check = catalogue.get(c.signatureId)?.signature.checks[0];
      return f && check ? [{ c, check, cmd: draftCommand(check.command, f, d.findings) }] : [];
    }).filter((x, i, all) => all.findIndex((y) => y.cmd.text === x.cmd.text) === i);
    if (checks.length) {
      line('To confirm it on the systems (the catalogue\'s first check of each link):');
      line();
      for (const { check, cmd } of checks) {
        line(`- ${mdInline(check.title)}: ${mdCodeSpan(clean(cmd.text))}${cmd.missing.length ? ` (fill in ${cmd.missing.map((m) => `\`<${m}>\``).join(', ')}: not found in the logs)` : ''}`);
      }
      line();
    }
    line(`- Trigger: ${TODO('what changed (deploy, upgrade, load, config)?')}`);
    if (d.rootCauses.length > 1) line(`- Other candidates: ${d.rootCauses.slice(1).map((c) => `\`${c.signatureId}\` (${Math.round(c.confidence * 100)}%)`).join(', ')}`);
  } else {
    line(TODO('root cause: no signature explains the incident'));
  }
  line();

  line('## Contributing factors');
  line();
  const inChain = new Set(top?.chain.map((c) => c.signatureId) ?? []);
  for (const c of topSig?.causes ?? []) line(`- ${mdInline(c)}: ${TODO('confirm or rule out')}`);
  const others = d.findings.filter((x) => !inChain.has(x.signatureId));
  for (const f of others.slice(0, 10)) line(`- Also seen: ${mdInline(clean(f.headline))} (\`${f.signatureId}\`, ${f.count}×)`);
  if (others.length > 10) line(`- ${plural(others.length - 10, 'more finding')} outside the chain, in the evidence appendix`);
  if (!topSig && others.length === 0) line(`- ${TODO('conditions that made the incident possible or worse')}`);
  line();

  line('## Detection');
  line();
  line(`- How the incident was noticed: ${TODO('alert, user report, failed pipeline ...')}`);
  const earliest = [...d.findings].filter((f) => f.firstSeen !== null).sort((a, b) => a.firstSeen! - b.firstSeen!)[0];
  if (earliest) line(`- First signal in the logs: ${shortTime(earliest.firstSeen)}, ${mdInline(clean(earliest.headline))} (\`${earliest.signatureId}\`). ${TODO('would an alert on this have caught it earlier?')}`);
  line();

  line('## Timeline');
  line();
  const { facts, omitted } = timelineFacts(d, catalogue, opts.timelineRows ?? 30, new Set(top?.chain.map((c) => c.signatureId) ?? []));
  line(`All times UTC${oneDay && day ? ` on ${day}` : ''}, as read from the logs (times without a year or zone were inferred). One row per fact; the raw lines are in the evidence appendix.`);
  line();
  const rows = facts.map((t) => {
    const again = t.count > 1 ? ` (${t.count}×${t.lastSeen !== null && t.lastSeen !== t.timestamp ? `, until ${clock(t.lastSeen)}` : ''})` : '';
    const root = top && t.signatureIds.includes(top.signatureId) && t === facts.find((x) => x.signatureIds.includes(top.signatureId)) ? ' — first sign of the root cause' : '';
    return [clock(t.timestamp), mdInline(at(t.input, t.line)), mdInline(clean(t.events.join('; '))) + again + root];
  });
  rows.push([TODO('time'), '', TODO('incident declared, mitigations, recovery')]);
  for (const r of mdTable(['Time', 'Source', 'Event'], rows)) line(r);
  if (omitted) { line(); line(`${plural(omitted, 'more fact')} not shown here: see the evidence appendix.`); }
  line();

  const { actions, steps } = planFollowUp(d, catalogue, top);
  line('## Resolution and recovery');
  line();
  line(`- What was done: ${TODO('steps taken, in order, with times')}`);
  if (steps.length) {
    line('- One-off steps the catalogue suggests for this chain (keep the ones that were done, in order):');
    for (const s of steps) line(`  - ${mdInline(s.text)} (\`${s.signatureId}\`)`);
  }
  line();

  line('## Action items');
  line();
  line('What would stop a recurrence (prevent), limit its damage (mitigate) or catch it earlier (detect), from the catalogue\'s remediation of the root cause and its chain.');
  line();
  const actionRows = actions.map((a) => [mdInline(a.text), a.type, TODO('owner'), a.priority, '']);
  for (const r of mdTable(['Action', 'Type', 'Owner', 'Priority', 'Tracking'], actionRows.length ? actionRows : [[TODO('follow-up work'), '', TODO('owner'), '', '']])) line(r);
  line();

  line('## Lessons learned');
  line();
  line(`- What went well: ${TODO('what helped (alerts, runbooks, people)')}`);
  line(`- What went wrong: ${TODO('what made it worse or slower')}`);
  line(`- Where we got lucky: ${TODO('near misses')}`);
  line();

  line('## Appendix: evidence');
  line();
  for (const f of d.findings) appendEvidence(f, line, clean, at, opts.excerptsPerFinding ?? 3);
  if (d.unknownErrors.length) {
    line('## Appendix: unmatched error lines');
    line();
    line('Error lines no signature recognised, grouped by template, most likely to matter first (by level, closeness to the root cause and rarity; candidates for new signatures):');
    line();
    const shown = d.unknownErrors.slice(0, 15);
    for (const r of mdTable(['Count', 'Template', 'First example'], shown.map((u) => [String(u.count), mdCodeSpan(clean(u.template.slice(0, 200)), true), u.examples[0] ? mdInline(at(u.examples[0].input, u.examples[0].line)) : '']))) line(r);
    if (d.unknownErrors.length > shown.length) { line(); line(`${plural(d.unknownErrors.length - shown.length, 'more template')} not shown.`); }
    line();
    const notes = [notShownSentence(d, 15), setAsideSentence(d)].filter((n): n is string => n !== null);
    if (notes.length) {
      line(`_${notes.join(' ')}_`);
      line();
    }
  }
  line('## Appendix: inputs');
  line();
  for (const i of d.inputs) {
    const segs = i.segments.map((s) => `${s.kind} (lines ${s.startLine}-${s.endLine})`).join(', ');
    line(`- ${mdCodeSpan(i.name)}: ${i.lines} lines, ${segs || 'empty'}${i.notices.length ? `; ${i.notices.map((n) => mdInline(n.message)).join('; ')}` : ''}`);
  }
  line();
  line(doRedact ? `_${plural(redactions, 'secret')} redacted from excerpts._` : '_Redaction was turned off: check excerpts for secrets before sharing._');
  return out.join('\n') + '\n';
}

function appendEvidence(f: Finding, line: (s?: string) => void, clean: (s: string) => string, at: (input: number, line: number) => string, n: number): void {
  line(`### ${mdInline(f.title)} (\`${f.signatureId}\`, ${f.severity}, ${f.count}×)`);
  line();
  for (const o of f.occurrences.slice(0, n)) {
    line(`${mdInline(at(o.input, o.line))}${o.endLine !== o.line ? `-${o.endLine}` : ''}${o.timestamp !== null ? `, ${shortTime(o.timestamp)}` : ''}:`);
    line();
    line(mdCode(clean(o.text)));
    line();
  }
  if (f.count > n) { line(`…and ${f.count - n} more.`); line(); }
}
