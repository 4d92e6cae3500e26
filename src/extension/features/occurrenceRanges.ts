/** Occurrences of a document's analysis as editor ranges, sorted by line (shared by the editor features). */
import * as vscode from 'vscode';
import type { Finding, Occurrence } from '../../core';
import type { DocumentAnalysis } from '../documentAnalyses';

/** One occurrence placed in the document. */
export interface PlacedOccurrence {
  finding: Finding;
  occurrence: Occurrence;
  range: vscode.Range;
  /** Indices of the finding in the diagnosis and of the occurrence in the finding. */
  at: [number, number];
}

/** The whole-line range of an occurrence, clamped to the document. */
export function rangeOf(doc: vscode.TextDocument, occurrence: Occurrence): vscode.Range {
  const last = doc.lineCount - 1;
  const start = Math.min(occurrence.line - 1, last);
  const end = Math.min(occurrence.endLine - 1, last);
  return new vscode.Range(start, 0, end, doc.lineAt(end).text.length);
}

const cache = new WeakMap<DocumentAnalysis, { version: number; placed: PlacedOccurrence[] }>();
/** Per placed list: the most lines one occurrence spans, so a line lookup knows how far back to look. */
const spans = new WeakMap<readonly PlacedOccurrence[], number>();

/**
 * Every occurrence of the analysis (all of them: a document's analysis keeps every occurrence), as
 * whole-line ranges in line order. Cached per analysis and document version: decorations, Problems,
 * navigation and hovers all ask for the same list.
 */
export function placedOccurrences(doc: vscode.TextDocument, analysis: DocumentAnalysis | undefined): PlacedOccurrence[] {
  if (!analysis) return [];
  const hit = cache.get(analysis);
  if (hit && hit.version === doc.version) return hit.placed;
  const out: PlacedOccurrence[] = [];
  analysis.diagnosis.findings.forEach((finding, i) => {
    finding.occurrences.forEach((occurrence, k) => out.push({ finding, occurrence, range: rangeOf(doc, occurrence), at: [i, k] }));
  });
  out.sort((a, b) => a.range.start.line - b.range.start.line);
  spans.set(out, out.reduce((m, p) => Math.max(m, p.range.end.line - p.range.start.line), 0));
  cache.set(analysis, { version: doc.version, placed: out });
  return out;
}

/** The placed occurrences whose range contains `line` (0-based), found by binary search. */
export function occurrencesAtLine(placed: readonly PlacedOccurrence[], line: number): PlacedOccurrence[] {
  // Ranges may span lines (a multi-line event): look back as far as the longest one reaches.
  const reach = line - (spans.get(placed) ?? Infinity);
  let hi = placed.length;
  let lo = 0;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (placed[mid].range.start.line <= line) lo = mid + 1; else hi = mid; }
  const out: PlacedOccurrence[] = [];
  for (let i = lo - 1; i >= 0 && placed[i].range.start.line >= reach; i--) if (placed[i].range.end.line >= line) out.push(placed[i]);
  return out.reverse();
}
