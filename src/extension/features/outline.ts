/**
 * The outline of a log: one symbol per segment (the kind detected and its lines), CI stages inside
 * them (Jenkins stages, GitHub Actions steps, GitLab CI sections, as each grammar's `stageStart` reads
 * them), and the findings with their first line.
 */
import * as vscode from 'vscode';
import { grammarFor } from '../../core';
import { isLogDocument } from '../logDocuments';
import type { Services } from '../services';
import type { DocumentAnalysis } from '../documentAnalyses';

/** Register the document symbol provider. */
export function registerOutline({ analyses }: Services): vscode.Disposable[] {
  // VS Code asks again after every edit; the answer changes with the analysis or the line count only
  // (reading a CI segment's every line for its stages is too much to do per key in a large log).
  const memo = new WeakMap<DocumentAnalysis, { lineCount: number; symbols: vscode.DocumentSymbol[] }>();
  const provider: vscode.DocumentSymbolProvider = {
    async provideDocumentSymbols(doc) {
      if (!isLogDocument(doc)) return [];
      const analysis = analyses.get(doc.uri) ?? (await analyses.analyzeNow(doc));
      const hit = memo.get(analysis);
      if (hit && hit.lineCount === doc.lineCount) return hit.symbols;
      const symbols = symbolsOf(doc, analysis);
      memo.set(analysis, { lineCount: doc.lineCount, symbols });
      return symbols;
    },
  };
  return [vscode.languages.registerDocumentSymbolProvider([{ scheme: 'file' }, { scheme: 'untitled' }], provider, { label: 'Postmortem Lens' })];
}

/** The segments, their stages and the findings of an analysis, as document symbols. */
function symbolsOf(doc: vscode.TextDocument, analysis: DocumentAnalysis): vscode.DocumentSymbol[] {
  const input = analysis.diagnosis.inputs[0];
  if (!input) return [];
  const last = doc.lineCount - 1;
  const lineRange = (a: number, b: number): vscode.Range =>
    new vscode.Range(Math.min(a, last), 0, Math.min(b, last), doc.lineAt(Math.min(b, last)).text.length);
  const symbols = input.segments.map((s) => {
    const sym = new vscode.DocumentSymbol(
      s.kind,
      `lines ${s.startLine}-${s.endLine}`,
      vscode.SymbolKind.Namespace,
      lineRange(s.startLine - 1, s.endLine - 1),
      lineRange(s.startLine - 1, s.startLine - 1),
    );
    const stageStart = grammarFor(s.kind).stageStart;
    if (stageStart) {
      const stages: { name: string; line: number }[] = [];
      for (let l = s.startLine - 1; l <= Math.min(s.endLine - 1, last); l++) {
        const name = stageStart(doc.lineAt(l).text);
        if (name !== undefined && name !== stages[stages.length - 1]?.name) stages.push({ name, line: l });
      }
      stages.forEach((st, i) => {
        const end = (stages[i + 1]?.line ?? s.endLine) - 1;
        sym.children.push(
          new vscode.DocumentSymbol(st.name, 'stage', vscode.SymbolKind.Event, lineRange(st.line, Math.max(st.line, end)), lineRange(st.line, st.line)),
        );
      });
    }
    return sym;
  });
  for (const f of analysis.diagnosis.findings) {
    const o = f.occurrences[0];
    if (!o) continue;
    const sym = new vscode.DocumentSymbol(
      f.title,
      `${f.severity} ×${f.count}`,
      f.severity === 'info' ? vscode.SymbolKind.Constant : vscode.SymbolKind.Key,
      lineRange(o.line - 1, o.endLine - 1),
      lineRange(o.line - 1, o.line - 1),
    );
    const home = symbols.find((s) => s.range.contains(sym.range));
    (home ? home.children : symbols).push(sym);
  }
  return symbols;
}
