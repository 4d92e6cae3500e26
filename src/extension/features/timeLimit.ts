/**
 * The analysis time limit, as the user meets it: when an analysis stops at
 * `postmortemLens.analysisTimeLimit`, a warning says where (once per document), and **Read the Rest**
 * analyses the whole document without the limit. The status bar says so too (statusBar.ts).
 */
import * as vscode from 'vscode';
import { analysisTimeLimitSeconds } from '../documentAnalyses';
import type { Services } from '../services';
import { COMMAND } from '../commandIds';
import { grouped } from '../../core';

/** Register the notice and the Read the Rest command. */
export function registerTimeLimit({ analyses }: Services): vscode.Disposable[] {
  const warned = new Set<string>();
  const readRest = async (uri?: vscode.Uri): Promise<void> => {
    const doc = uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : vscode.window.activeTextEditor?.document;
    if (!doc) return;
    const name = vscode.workspace.asRelativePath(doc.uri);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Postmortem Lens: reading all of ${name}` }, () =>
      analyses.analyzeNow(doc, true),
    );
  };
  return [
    analyses.onDidChange((a) => {
      if ('cleared' in a) {
        warned.delete(a.uri.toString());
        return;
      }
      if (a.stoppedAtLine === undefined || a.firstPass || warned.has(a.uri.toString())) return;
      warned.add(a.uri.toString());
      const limit = analysisTimeLimitSeconds();
      const message = `Postmortem Lens stopped reading ${vscode.workspace.asRelativePath(a.uri)} at line ${grouped(a.stoppedAtLine)} after its ${limit} s limit: the lines from there on are not analysed yet (each edit reads on from there).`;
      void vscode.window.showWarningMessage(message, 'Read the Rest', 'Change the Limit').then((choice) => {
        if (choice === 'Read the Rest') void readRest(a.uri);
        else if (choice === 'Change the Limit') void vscode.commands.executeCommand('workbench.action.openSettings', 'postmortemLens.analysisTimeLimit');
      });
    }),
    vscode.commands.registerCommand(COMMAND.readRest, (uri?: vscode.Uri) => readRest(uri instanceof vscode.Uri ? uri : undefined)),
  ];
}
