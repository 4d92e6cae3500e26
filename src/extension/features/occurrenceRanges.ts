/** Occurrences of a document's analysis as editor ranges, sorted by line (shared by the editor features). */
import * as vscode from 'vscode';
import type { Finding, Occurrence } from '../../core';
import type { DocumentAnalysis } from '../documentAnalyses';

/** One occurrence placed in the document. */
export interface PlacedOccurrence {
  finding: Finding;
  occurrence: Occurrence;
  /** 0-based first and last line, clamped to the document. */
  line: number;
  endLine: number;
  /** The whole-line range (made when first asked for: most of a large log's occurrences never are). */
  readonly range: vscode.Range;
  /** Indices of the finding in the diagnosis and of the occurrence in the finding. */
  at: [number, number];
}

/** A placed occurrence whose range is made on first use: a line's length costs a `lineAt`. */
class Placed implements PlacedOccurrence {
  private made?: vscode.Range;
  constructor(
    private readonly doc: vscode.TextDocument,
    readonly finding: Finding,
    readonly occurrence: Occurrence,
    readonly at: [number, number],
    readonly line: number,
    readonly endLine: number,
  ) {}
  get range(): vscode.Range {
    // The document may have been edited since (the range is asked for later): stay inside it.
    const end = Math.min(this.endLine, this.doc.lineCount - 1);
    return (this.made ??= new vscode.Range(Math.min(this.line, end), 0, end, this.doc.lineAt(end).text.length));
  }
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
  const last = doc.lineCount - 1;
  analysis.diagnosis.findings.forEach((finding, i) => {
    finding.occurrences.forEach((occurrence, k) => {
      out.push(new Placed(doc, finding, occurrence, [i, k], Math.min(occurrence.line - 1, last), Math.min(occurrence.endLine - 1, last)));
    });
  });
  // Each finding's occurrences are in line order: a merge of sorted runs, which the sort finds.
  out.sort((a, b) => a.line - b.line);
  spans.set(
    out,
    out.reduce((m, p) => Math.max(m, p.endLine - p.line), 0),
  );
  cache.set(analysis, { version: doc.version, placed: out });
  return out;
}

/** The placed occurrences whose range contains `line` (0-based), found by binary search. */
export function occurrencesAtLine(placed: readonly PlacedOccurrence[], line: number): PlacedOccurrence[] {
  // Ranges may span lines (a multi-line event): look back as far as the longest one reaches.
  const reach = line - (spans.get(placed) ?? Infinity);
  let hi = placed.length;
  let lo = 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (placed[mid].line <= line) lo = mid + 1;
    else hi = mid;
  }
  const out: PlacedOccurrence[] = [];
  for (let i = lo - 1; i >= 0 && placed[i].line >= reach; i--) if (placed[i].endLine >= line) out.push(placed[i]);
  return out.reverse();
}
