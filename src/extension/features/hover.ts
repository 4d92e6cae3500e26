/**
 * Hovering a matched line explains it, this line first: the headline filled with the values found on
 * this line, those values, and the next checks filled in from this line and, where it lacks a value,
 * from the rest of the incident (a visible `<node>` with a note when nothing names it), each a
 * copyable command. The general part comes after, short: the signature's summary, its usual cause,
 * references, and links to the catalogue page, the Diagnosis view and the postmortem draft.
 *
 * A line matched by several signatures shows one section each, the most specific first (see the
 * core's `orderForLine`: a subsumed-by edge, then severity, then captured values, then rarity).
 */
import * as vscode from 'vscode';
import { fillCommand, incidentValues, mdWebLink, missingNote, occurrenceHeadline, orderForLine, type Diagnosis, type Signature } from '../../core';
import { isLogDocument } from '../logDocuments';
import { outgoing } from '../redaction';
import type { Services } from '../services';
import { occurrencesAtLine, placedOccurrences, type PlacedOccurrence } from './occurrenceRanges';
import { COMMAND } from '../commandIds';

const TRUSTED = [COMMAND.openSignature, COMMAND.diagnose, COMMAND.generatePostmortem, COMMAND.copyCommand];
const cmd = (id: string, args: unknown[]): string => `command:${id}?${encodeURIComponent(JSON.stringify(args))}`;

/**
 * Append `text` as plain text. MarkdownString.appendText escapes Markdown (and theme icons) but also
 * turns every space into `&nbsp;`, so a long summary cannot wrap in the hover (it broke only at
 * hyphens: "image-" / "filesystem space ..."). Same escaping, ordinary spaces.
 */
function appendPlain(md: vscode.MarkdownString, text: string): void {
  const start = md.value.length;
  md.appendText(text.replace(/\s+/g, ' ').trim());
  // appendText escapes `>` but not `<`: a placeholder such as `<node>` must not read as an HTML tag.
  md.value =
    md.value.slice(0, start) +
    md.value
      .slice(start)
      .replace(/&nbsp;/g, ' ')
      .replace(/</g, '\\<');
}

/**
 * `value` as an inline code span, shown literally. Code spans take no backslash escapes, so text
 * escaped by appendText showed its backslashes there (`/script\>`, `aks\-node\-1`). Backticks become
 * quotes (they would end the span); `$(` gets a zero-width space so it is not read as a theme icon.
 */
function codeSpan(value: string): string {
  const v = value.replace(/\r?\n/g, ' ').replace(/`/g, "'").replace(/\$\(/g, '$\u200b(');
  return v.trim() ? `\`${v}\`` : '""';
}

/** Next checks shown with their command in the hover (the rest are on the catalogue page). */
const CHECKS_SHOWN = 3;

const icon = (sev: string): string => (sev === 'info' ? 'info' : sev === 'warning' ? 'warning' : 'error');

/** The hover content for one occurrence (exported for tests). */
export function hoverMarkdown(
  p: PlacedOccurrence,
  s: Signature | undefined,
  docUri: vscode.Uri,
  diagnosis?: Pick<Diagnosis, 'findings' | 'rootCauses'>,
): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: TRUSTED };
  const { finding, occurrence } = p;
  // This line's facts first.
  md.appendMarkdown(`**$(${icon(finding.severity)}) `);
  appendPlain(md, occurrenceHeadline(s?.headline, finding.title, occurrence));
  md.appendMarkdown('**\n\n');
  const lines = occurrence.endLine > occurrence.line ? `lines ${occurrence.line}–${occurrence.endLine}` : `line ${occurrence.line}`;
  const index = finding.occurrences.indexOf(occurrence);
  md.appendMarkdown(
    `\`${finding.signatureId}\` · ${finding.severity} · ${lines}${finding.count > 1 && index >= 0 ? ` · ${index + 1} of ${finding.count}` : ''}\n\n`,
  );
  const caps = Object.entries(occurrence.captures);
  if (caps.length) {
    md.appendMarkdown('**Captured:** ');
    caps.forEach(([k, v], i) => {
      md.appendMarkdown(`${i ? ', ' : ''}`);
      appendPlain(md, k);
      md.appendMarkdown(` ${codeSpan(v)}`);
    });
    md.appendMarkdown('\n\n');
  }
  if (s?.checks.length) {
    md.appendMarkdown('**Check next:**\n\n');
    const values = diagnosis ? incidentValues(diagnosis, finding, occurrence) : incidentValues({ findings: [finding], rootCauses: [] }, finding, occurrence);
    for (const c of s.checks.slice(0, CHECKS_SHOWN)) {
      // Shown and copied as the Diagnosis page has it: redacted when the setting is on.
      const filled = fillCommand(c.command, values);
      const text = outgoing(filled.text);
      const missing = filled.missing;
      appendPlain(md, c.title);
      md.appendMarkdown(` — [$(copy) Copy](${cmd(COMMAND.copyCommand, [text])} "Copy to clipboard")\n`);
      md.appendCodeblock(text, 'sh');
      const note = missingNote(missing);
      if (note) {
        md.appendMarkdown('_');
        appendPlain(md, note);
        md.appendMarkdown('_\n\n');
      }
    }
    if (s.checks.length > CHECKS_SHOWN)
      md.appendMarkdown(`${s.checks.length - CHECKS_SHOWN} more check${s.checks.length - CHECKS_SHOWN === 1 ? '' : 's'} on the catalogue page.\n\n`);
  }
  // The general explanation after, short.
  md.appendMarkdown('---\n\n');
  md.appendMarkdown('**');
  appendPlain(md, finding.title);
  md.appendMarkdown(`** · ${finding.category}`);
  if (s) {
    md.appendMarkdown(': ');
    appendPlain(md, s.summary);
  }
  md.appendMarkdown('\n\n');
  if (s?.causes.length) {
    md.appendMarkdown('**Usually:** ');
    appendPlain(md, s.causes[0]);
    md.appendMarkdown('\n\n');
  }
  if (s?.references.length) {
    md.appendMarkdown('**References:** ');
    // A signature file may be the workspace's own: its titles and addresses cannot add links of their own.
    md.appendMarkdown(s.references.map((r) => mdWebLink(r.title, r.url)).join(' · '));
    md.appendMarkdown('\n\n');
  }
  md.appendMarkdown(
    [
      `[$(book) Open in catalogue](${cmd(COMMAND.openSignature, [finding.signatureId])})`,
      `[$(pulse) Diagnose](${cmd(COMMAND.diagnose, [docUri.toString()])})`,
      `[$(notebook) Generate postmortem](${cmd(COMMAND.generatePostmortem, [docUri.toString()])})`,
    ].join(' · '),
  );
  return md;
}

/** Register the hover provider. */
export function registerHover({ analyses, catalogues }: Services): vscode.Disposable[] {
  const provider: vscode.HoverProvider = {
    async provideHover(doc, position) {
      if (!isLogDocument(doc)) return undefined;
      const analysis = analyses.get(doc.uri) ?? (await analyses.analyzeNow(doc));
      const here = orderForLine(catalogues.catalogue, occurrencesAtLine(placedOccurrences(doc, analysis), position.line));
      if (here.length === 0) return undefined;
      return new vscode.Hover(
        here.map((p) => hoverMarkdown(p, catalogues.catalogue.get(p.finding.signatureId)?.signature, doc.uri, analysis.diagnosis)),
        here[0].range,
      );
    },
  };
  return [vscode.languages.registerHoverProvider([{ scheme: 'file' }, { scheme: 'untitled' }], provider)];
}
