/** Next/previous finding in the active log (Alt+F8 / Shift+Alt+F8), wrapping around. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { placedOccurrences } from './occurrenceRanges';
import { COMMAND, TEST_COMMAND } from '../commandIds';
import { registerTestHook } from '../testHooks';

/** Register the two commands. They return the 1-based line they moved to (for tests), or undefined. */
export function registerNavigation({ analyses }: Services): vscode.Disposable[] {
  const go = async (direction: 1 | -1): Promise<number | undefined> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    const analysis = await analyses.analyzeNow(editor.document);
    const lines = [...new Set(placedOccurrences(editor.document, analysis).map((p) => p.line))].sort((a, b) => a - b);
    if (lines.length === 0) {
      void vscode.window.setStatusBarMessage('Postmortem Lens: no findings in this log', 3000);
      return undefined;
    }
    const here = editor.selection.active.line;
    const target = direction === 1 ? (lines.find((l) => l > here) ?? lines[0]) : ([...lines].reverse().find((l) => l < here) ?? lines[lines.length - 1]);
    const range = editor.document.lineAt(target).range;
    editor.selection = new vscode.Selection(range.start, range.start);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return target + 1;
  };
  return [
    vscode.commands.registerCommand(COMMAND.nextFinding, () => go(1)),
    vscode.commands.registerCommand(COMMAND.previousFinding, () => go(-1)),
    // Test hook: every occurrence of an open document's latest analysis as "line:signature" (0-based
    // lines, in line order): what the marks and Alt+F8 go by, past the Problems panel's limit too.
    ...registerTestHook(TEST_COMMAND.occurrences, (uri: string) => {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
      return doc && placedOccurrences(doc, analyses.get(doc.uri)).map((p) => `${p.line}:${p.finding.signatureId}`);
    }),
  ];
}
