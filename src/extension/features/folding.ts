/**
 * Folding over long runs of routine lines (no finding, no unmatched error), so the failures stand
 * out when the runs are folded.
 */
import * as vscode from 'vscode';
import { isLogDocument } from '../logDocuments';
import type { Services } from '../services';
import type { DocumentAnalysis } from '../documentAnalyses';

/** Runs of at least `min` lines between the given interesting 0-based lines, as [start, end] pairs. */
export function routineRuns(lineCount: number, interesting: ReadonlySet<number>, min: number): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let l = 0; l <= lineCount; l++) {
    const routine = l < lineCount && !interesting.has(l);
    if (routine && start < 0) start = l;
    if (!routine && start >= 0) {
      if (l - start >= min) runs.push([start, l - 1]);
      start = -1;
    }
  }
  return runs;
}

/** Register the folding range provider. */
export function registerFolding({ analyses }: Services): vscode.Disposable[] {
  // VS Code asks again after every edit; the answer changes with the analysis, the line count or the setting only.
  const memo = new WeakMap<DocumentAnalysis, { lineCount: number; min: number; ranges: vscode.FoldingRange[] }>();
  const provider: vscode.FoldingRangeProvider = {
    async provideFoldingRanges(doc) {
      const min = vscode.workspace.getConfiguration('postmortemLens').get<number>('foldRoutineRuns', 30);
      if (!isLogDocument(doc) || min <= 0) return [];
      const analysis = analyses.get(doc.uri) ?? (await analyses.analyzeNow(doc));
      const hit = memo.get(analysis);
      if (hit && hit.lineCount === doc.lineCount && hit.min === min) return hit.ranges;
      const ranges = foldsOf(doc, analysis, min);
      memo.set(analysis, { lineCount: doc.lineCount, min, ranges });
      return ranges;
    },
  };
  return [vscode.languages.registerFoldingRangeProvider([{ scheme: 'file' }, { scheme: 'untitled' }], provider)];
}

/** Runs of at least `min` lines with no finding, unmatched error or segment start, as folds. */
function foldsOf(doc: vscode.TextDocument, analysis: DocumentAnalysis, min: number): vscode.FoldingRange[] {
  const interesting = new Set<number>();
  for (const f of analysis.diagnosis.findings) for (const o of f.occurrences) for (let l = o.line - 1; l <= o.endLine - 1; l++) interesting.add(l);
  for (const u of analysis.diagnosis.unknownErrors) for (const e of u.examples) interesting.add(e.line - 1);
  for (const s of analysis.diagnosis.inputs[0]?.segments ?? []) interesting.add(s.startLine - 1);
  // Keep the first line of a run visible as the fold's header.
  return routineRuns(doc.lineCount, interesting, min).map(([a, b]) => new vscode.FoldingRange(a, b, vscode.FoldingRangeKind.Region));
}
