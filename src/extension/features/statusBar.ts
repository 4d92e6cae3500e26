/**
 * A status-bar count of the active log's findings by severity; click to open the Diagnosis view. It
 * counts occurrences, the same ones that are decorated, listed in Problems and reached by Alt+F8.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { PROBLEMS_PER_FILE } from './diagnostics';
import { COMMAND, TEST_COMMAND } from '../commandIds';
import { registerTestHook } from '../testHooks';
import { grouped } from '../../core';

/** Register the status bar item. */
export function registerStatusBar({ analyses }: Services): vscode.Disposable[] {
  const item = vscode.window.createStatusBarItem('postmortemLens.findings', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Postmortem Lens findings';
  item.command = COMMAND.diagnose;
  const update = (): void => {
    const editor = vscode.window.activeTextEditor;
    const analysis = editor && analyses.get(editor.document.uri);
    if (!analysis) {
      item.hide();
      return;
    }
    const count = { critical: 0, error: 0, warning: 0, info: 0 };
    for (const f of analysis.diagnosis.findings) count[f.severity] += f.count;
    const parts = [`$(error) ${count.critical + count.error}`, `$(warning) ${count.warning}`, `$(info) ${count.info}`];
    const stopped = analysis.stoppedAtLine;
    const where =
      stopped === undefined ? '' : analysis.firstPass ? ` $(sync~spin) reading, at line ${grouped(stopped)}` : ` $(clock) to line ${grouped(stopped)}`;
    item.text = `$(pulse) ${parts.join(' ')}${where}`;
    const top = analysis.diagnosis.rootCauses[0];
    const total = count.critical + count.error + count.warning + count.info;
    const limit =
      total > PROBLEMS_PER_FILE
        ? `\n\nAll ${grouped(total)} are marked in the editor and reached with Alt+F8; the Problems panel lists VS Code's limit of ${grouped(PROBLEMS_PER_FILE)} per file, then a row saying how many more there are.`
        : '';
    const partial =
      stopped === undefined
        ? ''
        : analysis.firstPass
          ? `\n\n**Read to line ${grouped(stopped)} so far**: the rest of the log is being read.`
          : `\n\n**Stopped reading at line ${grouped(stopped)}** at the time limit (\`postmortemLens.analysisTimeLimit\`): the lines from there on are not analysed yet. Run **Postmortem Lens: Read the Rest of This Log** to read them all.`;
    item.tooltip = new vscode.MarkdownString(
      `**Postmortem Lens** — ${grouped(total)} occurrence${total === 1 ? '' : 's'} of ${analysis.diagnosis.findings.length} signature${analysis.diagnosis.findings.length === 1 ? '' : 's'}${top ? `; likely root cause: ${top.title} (${Math.round(top.confidence * 100)}%)` : ''}.${limit}${partial}\n\nAnalysed in ${analysis.elapsedMs} ms (re-read ${analysis.blocksRead} of ${analysis.blocks} blocks). Click to open the Diagnosis view.`,
    );
    item.backgroundColor =
      count.critical + count.error > 0
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : count.warning > 0
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    item.show();
  };
  return [
    item,
    analyses.onDidChange(update),
    vscode.window.onDidChangeActiveTextEditor(update),
    // Test hook: what the item shows.
    ...registerTestHook(TEST_COMMAND.statusBar, () => ({ text: item.text, tooltip: (item.tooltip as vscode.MarkdownString | undefined)?.value })),
  ];
}
