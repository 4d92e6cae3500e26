/**
 * `postmortemLens.generatePostmortem`: draft the postmortem of an incident (same inputs as
 * diagnose, or `{ diagnosis }` from the Diagnosis view) into an untitled Markdown document, and offer
 * to save it as `<postmortemFolder>/YYYY-MM-DD-<title>.md`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderPostmortem, type Diagnosis } from '../../core';
import type { Services } from '../services';
import { diagnoseIncident } from './incidentInputs';
import { draftTitle, generatedAtLabel, postmortemFileName } from './postmortemFile';

/** Register the command. */
export function registerPostmortemCommand(services: Services): vscode.Disposable[] {
  const generate = async (...args: unknown[]): Promise<vscode.TextDocument | undefined> => {
    try {
      const diagnosis = givenDiagnosis(args[0]) ?? (await diagnoseIncident(services, args, 'Postmortem Lens: Generate Postmortem'))?.diagnosis;
      if (!diagnosis) return undefined;
      const cfg = vscode.workspace.getConfiguration('postmortemLens');
      const now = new Date();
      const content = renderPostmortem(diagnosis, services.engine.catalogue, { redact: cfg.get<boolean>('redactSecrets', true), generatedAt: generatedAtLabel(now) });
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
      await vscode.window.showTextDocument(doc, { preview: false });
      void offerSave(doc, cfg.get<string>('postmortemFolder', 'postmortems'), now, services);
      return doc;
    } catch (err) {
      services.log.appendLine((err as Error).stack ?? String(err));
      void vscode.window.showErrorMessage(`Postmortem Lens: could not draft the postmortem: ${(err as Error).message}`);
      return undefined;
    }
  };
  return [vscode.commands.registerCommand('postmortemLens.generatePostmortem', generate)];
}

/** A diagnosis passed by the Diagnosis view (`{ diagnosis }`). */
function givenDiagnosis(arg: unknown): Diagnosis | undefined {
  const d = (arg as { diagnosis?: Diagnosis } | undefined)?.diagnosis;
  return d && Array.isArray(d.findings) && Array.isArray(d.inputs) ? d : undefined;
}

/** Offer to write the draft into the postmortem folder; opens the saved file. */
async function offerSave(doc: vscode.TextDocument, folderSetting: string, now: Date, services: Services): Promise<void> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root && !path.isAbsolute(folderSetting)) return;
  const folder = path.isAbsolute(folderSetting) ? vscode.Uri.file(folderSetting) : vscode.Uri.joinPath(root as vscode.Uri, folderSetting);
  const label = path.isAbsolute(folderSetting) ? folderSetting : folderSetting.replace(/\\/g, '/');
  const choice = await vscode.window.showInformationMessage('Postmortem draft ready. Review every TODO before sharing.', `Save to ${label}`);
  if (!choice) return;
  try {
    await vscode.workspace.fs.createDirectory(folder);
    const target = await freeName(folder, postmortemFileName(draftTitle(doc.getText()), now));
    // The user may have edited the untitled draft meanwhile: save what they see.
    await vscode.workspace.fs.writeFile(target, Buffer.from(doc.getText(), 'utf8'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target), { preview: false });
  } catch (err) {
    services.log.appendLine((err as Error).stack ?? String(err));
    void vscode.window.showErrorMessage(`Postmortem Lens: could not save the draft: ${(err as Error).message}`);
  }
}

/** `name`, or `name-2.md`, `name-3.md` ... when taken: never overwrite an earlier draft. */
async function freeName(folder: vscode.Uri, name: string): Promise<vscode.Uri> {
  const base = name.replace(/\.md$/, '');
  for (let i = 1; ; i++) {
    const candidate = vscode.Uri.joinPath(folder, i === 1 ? name : `${base}-${i}.md`);
    try {
      await vscode.workspace.fs.stat(candidate);
    } catch {
      return candidate;
    }
  }
}
