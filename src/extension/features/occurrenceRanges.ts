/** Occurrences of a document's analysis as editor ranges, sorted by line (shared by the editor features). */
import * as vscode from 'vscode';
import type { Finding, Occurrence } from '../../core';
import type { DocumentAnalysis } from '../documentAnalyses';

/** One occurrence placed in the document. */
export interface PlacedOccurrence {
  finding: Finding;
  occurrence: Occurrence;
  range: vscode.Range;
}

/** Every occurrence kept in the analysis, as whole-line ranges, in line order. */
export function placedOccurrences(doc: vscode.TextDocument, analysis: DocumentAnalysis | undefined): PlacedOccurrence[] {
  if (!analysis) return [];
  const out: PlacedOccurrence[] = [];
  const last = doc.lineCount - 1;
  for (const finding of analysis.diagnosis.findings) {
    for (const occurrence of finding.occurrences) {
      const start = Math.min(occurrence.line - 1, last);
      const end = Math.min(occurrence.endLine - 1, last);
      out.push({ finding, occurrence, range: new vscode.Range(start, 0, end, doc.lineAt(end).text.length) });
    }
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line);
}

/** Severity rank of a finding (critical = 3 ... info = 0). */
export function severityRank(f: Finding): number {
  return ['info', 'warning', 'error', 'critical'].indexOf(f.severity);
}
