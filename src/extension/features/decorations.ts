/**
 * Highlights matched lines by severity: a tinted line, a gutter icon, a mark in the overview ruler,
 * and a short label after the line (the signature's title), in every visible editor of a log.
 */
import * as vscode from 'vscode';
import type { FindingSeverity } from '../../core';
import type { Services } from '../services';
import { placedOccurrences } from './occurrenceRanges';

const LOOK: Record<FindingSeverity, { bg: string; ruler: string; icon: string; label: string }> = {
  critical: { bg: 'rgba(229, 20, 0, 0.22)', ruler: 'editorOverviewRuler.errorForeground', icon: 'critical', label: 'editorError.foreground' },
  error: { bg: 'rgba(229, 20, 0, 0.14)', ruler: 'editorOverviewRuler.errorForeground', icon: 'error', label: 'editorError.foreground' },
  warning: { bg: 'rgba(255, 180, 0, 0.14)', ruler: 'editorOverviewRuler.warningForeground', icon: 'warning', label: 'editorWarning.foreground' },
  info: { bg: 'rgba(0, 122, 204, 0.10)', ruler: 'editorOverviewRuler.infoForeground', icon: 'info', label: 'editorInfo.foreground' },
};

/** Register the decorations. */
export function registerDecorations({ context, analyses }: Services): vscode.Disposable[] {
  const types = new Map<FindingSeverity, vscode.TextEditorDecorationType>();
  for (const [sev, look] of Object.entries(LOOK) as [FindingSeverity, (typeof LOOK)[FindingSeverity]][]) {
    types.set(sev, vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      backgroundColor: look.bg,
      overviewRulerColor: new vscode.ThemeColor(look.ruler),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
      gutterIconPath: vscode.Uri.joinPath(context.extensionUri, 'media', `severity-${look.icon}.svg`),
      gutterIconSize: '80%',
      after: { margin: '0 0 0 2em', color: new vscode.ThemeColor(look.label), fontStyle: 'italic' },
    }));
  }

  const paint = (editor: vscode.TextEditor): void => {
    const analysis = analyses.get(editor.document.uri);
    const labels = vscode.workspace.getConfiguration('postmortemLens').get<boolean>('afterLineLabels', true);
    const bySeverity = new Map<FindingSeverity, vscode.DecorationOptions[]>();
    const labelled = new Set<number>();
    for (const p of placedOccurrences(editor.document, analysis)) {
      const list = bySeverity.get(p.finding.severity) ?? [];
      const line = p.range.start.line;
      const option: vscode.DecorationOptions = { range: p.range };
      if (labels && !labelled.has(line)) {
        labelled.add(line);
        option.renderOptions = { after: { contentText: `◀ ${p.finding.title}` } };
      }
      list.push(option);
      bySeverity.set(p.finding.severity, list);
    }
    for (const [sev, type] of types) editor.setDecorations(type, bySeverity.get(sev) ?? []);
  };

  const paintFor = (uri: vscode.Uri): void => {
    for (const e of vscode.window.visibleTextEditors) if (e.document.uri.toString() === uri.toString()) paint(e);
  };

  return [
    ...types.values(),
    analyses.onDidChange((a) => paintFor(a.uri)),
    vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach(paint)),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('postmortemLens.afterLineLabels')) vscode.window.visibleTextEditors.forEach(paint); }),
  ];
}
