/**
 * Findings of open logs in the Problems panel: one diagnostic per occurrence (every occurrence: the
 * analysis of a document keeps them all), set in one call. The message is the signature's headline
 * filled with this occurrence's values, the code is the signature id linking to its catalogue page,
 * and the related information points at the cause and effect lines of the root causes' chains.
 *
 * VS Code's Problems panel shows at most 1,000 diagnostics per file (errors first) and itself adds a
 * row "Not showing N further errors and warnings."; every diagnostic stays in the collection
 * (`vscode.languages.getDiagnostics`), the decorations and Alt+F8 navigation.
 */
import * as vscode from 'vscode';
import { occurrenceHeadline, relatedOccurrences, type FindingSeverity } from '../../core';
import type { Services } from '../services';
import { placedOccurrences, rangeOf } from './occurrenceRanges';

const SEVERITY: Record<FindingSeverity, vscode.DiagnosticSeverity> = {
  critical: vscode.DiagnosticSeverity.Error,
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The most diagnostics VS Code's Problems panel shows per file (extHostDiagnostics' `_maxDiagnosticsPerFile`). */
export const PROBLEMS_PER_FILE = 1000;

/** A `command:` URI that opens a signature's catalogue page. */
export function signatureLink(id: string): vscode.Uri {
  return vscode.Uri.parse(`command:postmortemLens.openSignature?${encodeURIComponent(JSON.stringify([id]))}`);
}

/** Register the diagnostics. */
export function registerDiagnostics({ analyses, engine }: Services): vscode.Disposable[] {
  const collection = vscode.languages.createDiagnosticCollection('postmortemLens');
  const update = (uri: vscode.Uri): void => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const analysis = analyses.get(uri);
    if (!doc || !analysis) { collection.delete(uri); return; }
    const related = relatedOccurrences(analysis.diagnosis);
    collection.set(uri, placedOccurrences(doc, analysis).map((p) => {
      const s = engine.catalogue.get(p.finding.signatureId)?.signature;
      const d = new vscode.Diagnostic(p.range, occurrenceHeadline(s?.headline, p.finding.title, p.occurrence), SEVERITY[p.finding.severity]);
      d.source = 'Postmortem Lens';
      d.code = { value: p.finding.signatureId, target: signatureLink(p.finding.signatureId) };
      const links = related(p.finding, p.occurrence);
      if (links.length) {
        d.relatedInformation = links.map((r) => {
          const rs = engine.catalogue.get(r.finding.signatureId)?.signature;
          const what = occurrenceHeadline(rs?.headline, r.finding.title, r.occurrence);
          return new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, rangeOf(doc, r.occurrence)),
            `${r.role === 'cause' ? 'caused by' : 'leads to'}: ${what} [${r.finding.signatureId}]`);
        });
      }
      return d;
    }));
  };
  return [collection, analyses.onDidChange((a) => update(a.uri))];
}
