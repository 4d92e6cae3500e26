/**
 * The lightbulb on an unmatched error line of a log: "Create signature from this pattern", which runs
 * the command of the same name on that line (commands/createSignature.ts).
 */
import * as vscode from 'vscode';
import { clusterHolding, findingOnLine } from '../../core';
import type { Services } from '../services';
import { COMMAND } from '../commandIds';
import { isLogDocument } from '../logDocuments';

/** The action's title. */
export const CREATE_SIGNATURE_TITLE = 'Create signature from this pattern';

/** Register the code action provider. */
export function registerCreateSignatureAction(services: Services): vscode.Disposable[] {
  const provider: vscode.CodeActionProvider = {
    provideCodeActions(doc, range) {
      if (!isLogDocument(doc)) return undefined;
      const analysis = services.analyses.get(doc.uri);
      if (!analysis || analysis.version !== doc.version) return undefined;
      const line = range.start.line + 1;
      if (findingOnLine(analysis.diagnosis.findings, 0, line) !== undefined) return undefined;
      const cluster = clusterHolding(analysis.diagnosis.unknownErrors, 0, line, doc.lineAt(range.start.line).text);
      if (!cluster) return undefined;
      const action = new vscode.CodeAction(CREATE_SIGNATURE_TITLE, vscode.CodeActionKind.QuickFix);
      action.command = { command: COMMAND.createSignatureFromPattern, title: CREATE_SIGNATURE_TITLE, arguments: [{ uri: doc.uri.toString(), line }] };
      return [action];
    },
  };
  return [
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }], provider, {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
  ];
}
