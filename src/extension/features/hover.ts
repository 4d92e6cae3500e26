/**
 * Hovering a matched line explains it: what the signature is, what it usually means, the values
 * captured from this line, the next checks as copyable commands, references, and links to the
 * catalogue page, the Diagnosis view and the postmortem draft.
 */
import * as vscode from 'vscode';
import { renderTemplate, templateValues, type Signature } from '../../core';
import { isLogDocument } from '../logDocuments';
import type { Services } from '../services';
import { placedOccurrences, type PlacedOccurrence } from './occurrenceRanges';

const TRUSTED = ['postmortemLens.openSignature', 'postmortemLens.diagnose', 'postmortemLens.generatePostmortem', 'postmortemLens.copyCommand'];
const cmd = (id: string, args: unknown[]): string => `command:${id}?${encodeURIComponent(JSON.stringify(args))}`;

/**
 * Append `text` as plain text. MarkdownString.appendText escapes Markdown (and theme icons) but also
 * turns every space into `&nbsp;`, so a long summary cannot wrap in the hover (it broke only at
 * hyphens: "image-" / "filesystem space ..."). Same escaping, ordinary spaces.
 */
function appendPlain(md: vscode.MarkdownString, text: string): void {
  const start = md.value.length;
  md.appendText(text.replace(/\s+/g, ' ').trim());
  md.value = md.value.slice(0, start) + md.value.slice(start).replace(/&nbsp;/g, ' ');
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

/** The hover content for one occurrence (exported for tests). */
export function hoverMarkdown(p: PlacedOccurrence, s: Signature | undefined, docUri: vscode.Uri): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: TRUSTED };
  md.appendMarkdown(`**$(${p.finding.severity === 'info' ? 'info' : p.finding.severity === 'warning' ? 'warning' : 'error'}) `);
  appendPlain(md, p.finding.title);
  md.appendMarkdown(`** — \`${p.finding.signatureId}\` · ${p.finding.severity} · ${p.finding.category}\n\n`);
  if (s) {
    appendPlain(md, s.summary);
    md.appendMarkdown('\n\n');
    md.appendMarkdown(s.explanation.trim().split(/\n\s*\n/)[0]);
    md.appendMarkdown('\n\n');
  }
  const caps = Object.entries(p.occurrence.captures);
  if (caps.length) {
    md.appendMarkdown('**Captured:** ');
    caps.forEach(([k, v], i) => { md.appendMarkdown(`${i ? ', ' : ''}`); appendPlain(md, k); md.appendMarkdown(` ${codeSpan(v)}`); });
    md.appendMarkdown('\n\n');
  }
  if (s?.causes.length) {
    md.appendMarkdown('**Usually:** ');
    appendPlain(md, s.causes[0]);
    md.appendMarkdown('\n\n');
  }
  if (s?.checks.length) {
    md.appendMarkdown('**Check next:**\n\n');
    const values = templateValues({ occurrences: [p.occurrence] });
    for (const c of s.checks.slice(0, 4)) {
      const command = renderTemplate(c.command, values);
      appendPlain(md, c.title);
      md.appendMarkdown(` — [$(copy) Copy](${cmd('postmortemLens.copyCommand', [command])} "Copy to clipboard")\n`);
      md.appendCodeblock(command, 'sh');
    }
  }
  if (s?.references.length) {
    md.appendMarkdown('**References:** ');
    md.appendMarkdown(s.references.filter((r) => /^https?:\/\//.test(r.url)).map((r) => `[${r.title.replace(/[[\]]/g, '')}](${r.url})`).join(' · '));
    md.appendMarkdown('\n\n');
  }
  md.appendMarkdown([
    `[$(book) Open in catalogue](${cmd('postmortemLens.openSignature', [p.finding.signatureId])})`,
    `[$(pulse) Diagnose](${cmd('postmortemLens.diagnose', [docUri.toString()])})`,
    `[$(notebook) Generate postmortem](${cmd('postmortemLens.generatePostmortem', [docUri.toString()])})`,
  ].join(' · '));
  return md;
}

/** Register the hover provider. */
export function registerHover({ analyses, engine }: Services): vscode.Disposable[] {
  const provider: vscode.HoverProvider = {
    async provideHover(doc, position) {
      if (!isLogDocument(doc)) return undefined;
      const analysis = analyses.get(doc.uri) ?? await analyses.analyzeNow(doc);
      const here = placedOccurrences(doc, analysis).filter((p) => p.range.contains(position));
      if (here.length === 0) return undefined;
      return new vscode.Hover(here.map((p) => hoverMarkdown(p, engine.catalogue.get(p.finding.signatureId)?.signature, doc.uri)), here[0].range);
    },
  };
  return [vscode.languages.registerHoverProvider([{ scheme: 'file' }, { scheme: 'untitled' }], provider)];
}
