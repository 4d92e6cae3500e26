/**
 * "Create signature from this pattern": drafts `.postmortem-lens/patterns/<id>.yaml` from a cluster of
 * unmatched error lines (core's signatureFromTemplate), in the workspace folder of the log, opens it,
 * and reloads the catalogue, so the live checks of user signatures show what is left to write and the
 * open logs are diagnosed again with it (and again on every save). Run from the lightbulb on an
 * unmatched error line, the button on a cluster of the Diagnosis view, or the palette (cursor line).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { clusterHolding, findingOnLine, signatureFromTemplate, type Diagnosis, type UnknownErrorCluster } from '../../core';
import type { Services } from '../services';
import { COMMAND } from '../commandIds';
import { isLogDocument } from '../logDocuments';

/** What the command is run with: a log line (code action, palette) or a cluster of a diagnosis (the Diagnosis view). */
export interface CreateSignatureArgs {
  /** The log (a URI or its string). */
  uri?: vscode.Uri | string;
  /** 1-based line in it. */
  line?: number;
  /** A diagnosis and the index of one of its unmatched clusters. */
  diagnosis?: Diagnosis;
  cluster?: number;
}

/** What the command did, for the VS Code suites. */
export interface CreateSignatureResult {
  /** The id drafted. */
  id: string;
  /** The file written, or the untitled document opened when there is no workspace folder. */
  uri: string;
  /** The rule drafted. */
  rule: string;
}

const toUri = (u: vscode.Uri | string | undefined): vscode.Uri | undefined => (typeof u === 'string' ? vscode.Uri.parse(u) : u);

/** The cluster the arguments point at, with the others of its diagnosis (near-misses come from them). */
function pickCluster(
  services: Services,
  args: CreateSignatureArgs,
): { cluster: UnknownErrorCluster; others: UnknownErrorCluster[]; log?: vscode.Uri } | string {
  if (args.diagnosis && args.cluster !== undefined) {
    const cluster = args.diagnosis.unknownErrors[args.cluster];
    if (!cluster) return 'that cluster is no longer in the diagnosis; run Diagnose again.';
    return { cluster, others: args.diagnosis.unknownErrors.filter((c) => c !== cluster), log: toUri(args.uri) };
  }
  const editor = vscode.window.activeTextEditor;
  const uri = toUri(args.uri) ?? editor?.document.uri;
  const doc = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!doc || !isLogDocument(doc)) return 'open a log and put the cursor on an unmatched error line.';
  const line = args.line ?? (editor && editor.document === doc ? editor.selection.active.line + 1 : undefined);
  const analysis = services.analyses.get(doc.uri);
  if (!analysis || line === undefined || line < 1 || line > doc.lineCount) return 'this log has not been analysed yet; try again in a moment.';
  const matched = findingOnLine(analysis.diagnosis.findings, 0, line);
  if (matched !== undefined) return `line ${line} is a finding of the signature "${matched}" already.`;
  const clusters = analysis.diagnosis.unknownErrors;
  const cluster = clusterHolding(clusters, 0, line, doc.lineAt(line - 1).text);
  if (!cluster) return `line ${line} is not in a listed cluster of unmatched error lines (a signature may match it already).`;
  return { cluster, others: clusters.filter((c) => c !== cluster), log: doc.uri };
}

/** The workspace folder for the file: the log's, else the only one, else the one picked; undefined when none or cancelled. */
async function folderFor(log: vscode.Uri | undefined): Promise<vscode.WorkspaceFolder | 'none' | undefined> {
  const own = log && vscode.workspace.getWorkspaceFolder(log);
  if (own) return own;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return 'none';
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({
    placeHolder: 'Postmortem Lens: the workspace folder whose .postmortem-lens/patterns/ gets the new signature',
  });
}

/** Register the command. */
export function registerCreateSignatureCommand(services: Services): vscode.Disposable[] {
  const { catalogues } = services;
  const run = async (raw?: unknown): Promise<CreateSignatureResult | undefined> => {
    const args = (raw && typeof raw === 'object' ? raw : {}) as CreateSignatureArgs;
    const picked = pickCluster(services, args);
    if (typeof picked === 'string') {
      void vscode.window.showWarningMessage(`Postmortem Lens: cannot create a signature: ${picked}`);
      return undefined;
    }
    const folder = await folderFor(picked.log);
    if (folder === undefined) return undefined;
    const dir = folder === 'none' ? undefined : path.join(folder.uri.fsPath, '.postmortem-lens', 'patterns');
    const taken = (id: string): boolean => catalogues.catalogue.get(id) !== undefined || (dir !== undefined && fs.existsSync(path.join(dir, `${id}.yaml`)));
    const draft = signatureFromTemplate(picked.cluster, picked.others, { taken });
    if (draft.problems.length) {
      void vscode.window.showWarningMessage(
        `Postmortem Lens: the drafted rule does not yet pass its own examples (${draft.problems[0]}); the Problems panel shows what to change.`,
      );
    }
    if (draft.alsoMatches.length) {
      const n = draft.alsoMatches.length;
      void vscode.window.showInformationMessage(
        `Postmortem Lens: the drafted rule also matches ${n} example line${n === 1 ? '' : 's'} of other unmatched clusters; narrow it if they are another error.`,
      );
    }
    if (!dir) {
      const choice = await vscode.window.showWarningMessage(
        'Postmortem Lens: no workspace folder is open, so there is no .postmortem-lens/patterns/ to write the signature to. Open a folder, or look at the draft in an untitled document.',
        'Open Draft as Untitled',
      );
      if (choice !== 'Open Draft as Untitled') return undefined;
      const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: draft.yaml });
      await vscode.window.showTextDocument(doc);
      return { id: draft.id, uri: doc.uri.toString(), rule: draft.rule };
    }
    const file = vscode.Uri.file(path.join(dir, `${draft.id}.yaml`));
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(dir));
    await vscode.workspace.fs.writeFile(file, Buffer.from(draft.yaml, 'utf8'));
    // Now, not when a file watcher notices (it can miss a folder created just now): the new file's
    // checks appear and the open logs are diagnosed again with it.
    catalogues.reload();
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc, { preview: false });
    return { id: draft.id, uri: file.toString(), rule: draft.rule };
  };
  return [vscode.commands.registerCommand(COMMAND.createSignatureFromPattern, run)];
}
