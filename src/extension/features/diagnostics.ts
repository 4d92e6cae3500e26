/**
 * Findings of open logs in the Problems panel: one diagnostic per occurrence, source "Postmortem
 * Lens", code = signature id linking to its catalogue page.
 */
import * as vscode from 'vscode';
import type { FindingSeverity } from '../../core';
import type { Services } from '../services';
import { placedOccurrences } from './occurrenceRanges';

const SEVERITY: Record<FindingSeverity, vscode.DiagnosticSeverity> = {
  critical: vscode.DiagnosticSeverity.Error,
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** A `command:` URI that opens a signature's catalogue page. */
export function signatureLink(id: string): vscode.Uri {
  return vscode.Uri.parse(`command:postmortemLens.openSignature?${encodeURIComponent(JSON.stringify([id]))}`);
}

/** Register the diagnostics. */
export function registerDiagnostics({ analyses }: Services): vscode.Disposable[] {
  const collection = vscode.languages.createDiagnosticCollection('postmortemLens');
  const update = (uri: vscode.Uri): void => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const analysis = analyses.get(uri);
    if (!doc || !analysis) { collection.delete(uri); return; }
    collection.set(uri, placedOccurrences(doc, analysis).map((p) => {
      const first = p.occurrence.text.split('\n', 1)[0];
      const d = new vscode.Diagnostic(p.range, `${p.finding.title}: ${first.length > 200 ? first.slice(0, 199) + '…' : first}`, SEVERITY[p.finding.severity]);
      d.source = 'Postmortem Lens';
      d.code = { value: p.finding.signatureId, target: signatureLink(p.finding.signatureId) };
      return d;
    }));
  };
  return [collection, analyses.onDidChange((a) => update(a.uri))];
}
