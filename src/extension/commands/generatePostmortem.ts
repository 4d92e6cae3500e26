/**
 * `postmortemLens.generatePostmortem`: draft the postmortem of an incident (same inputs as
 * diagnose, or `{ diagnosis, sources? }` from the Diagnosis view) into an untitled Markdown
 * document, and offer to save it as `<postmortemFolder>/<incident date>-<title>.md`, never inside a
 * folder that holds the incident's logs (see `draftFolder`).
 */
import * as vscode from 'vscode';
import { incidentDay, postmortemFileName, renderPostmortem, type Diagnosis } from '../../core';
import type { Services } from '../services';
import { diagnoseIncident, failureMessage } from './incidentInputs';
import type { IncidentSource } from './incidentSource';
import { draftFolder, draftTitle, generatedAtLabel } from './postmortemFile';
import { redactionOn } from '../redaction';
import { COMMAND } from '../commandIds';

/** Register the command. */
export function registerPostmortemCommand(services: Services): vscode.Disposable[] {
  const generate = async (...args: unknown[]): Promise<vscode.TextDocument | undefined> => {
    try {
      const given = givenDiagnosis(args[0]);
      const run = given ?? (await diagnoseIncident(services, args, 'Postmortem Lens: Generate Postmortem'));
      if (!run) return undefined;
      const cfg = vscode.workspace.getConfiguration('postmortemLens');
      const content = renderPostmortem(run.diagnosis, services.catalogues.catalogue, { redact: redactionOn(), generatedAt: generatedAtLabel(new Date()) });
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
      await vscode.window.showTextDocument(doc, { preview: false });
      void offerSave(doc, run.diagnosis, run.sources ?? [], cfg.get<string>('postmortemFolder', 'postmortems'), services);
      return doc;
    } catch (err) {
      services.log.appendLine((err as Error).stack ?? String(err));
      void vscode.window.showErrorMessage(`Postmortem Lens: could not draft the postmortem: ${failureMessage(err)}`);
      return undefined;
    }
  };
  return [vscode.commands.registerCommand(COMMAND.generatePostmortem, generate)];
}

/** A diagnosis passed by the Diagnosis view (`{ diagnosis, sources? }`). */
function givenDiagnosis(arg: unknown): { diagnosis: Diagnosis; sources?: IncidentSource[] } | undefined {
  const a = arg as { diagnosis?: Diagnosis; sources?: IncidentSource[] } | undefined;
  const d = a?.diagnosis;
  return d && Array.isArray(d.findings) && Array.isArray(d.inputs) ? { diagnosis: d, sources: Array.isArray(a.sources) ? a.sources : undefined } : undefined;
}

/** Offer to write the draft into the postmortem folder (or a folder the user picks); opens the saved file. */
async function offerSave(
  doc: vscode.TextDocument,
  diagnosis: Diagnosis,
  sources: readonly IncidentSource[],
  folderSetting: string,
  services: Services,
): Promise<void> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  const files = sources.flatMap((s) => (s.uri && s.uri.scheme !== 'untitled' ? [s.uri] : []));
  const base = root ?? files[0];
  const place = draftFolder(
    folderSetting.replace(/\\/g, '/'),
    root?.path,
    files.filter((u) => !base || u.scheme === base.scheme).map((u) => u.path),
  );
  const folder = place && base ? base.with({ path: place.folder, query: '', fragment: '' }) : undefined;
  const label = folder ? vscode.workspace.asRelativePath(folder, false) : undefined;
  const save = label ? `Save to ${label}` : undefined;
  const why = place?.movedFrom ? ` (not ${vscode.workspace.asRelativePath(base!.with({ path: place.movedFrom }), false)}: it holds the incident's logs)` : '';
  const choice = await vscode.window.showInformationMessage(
    `Postmortem draft ready. Review every TODO before sharing.${why}`,
    ...(save ? [save] : []),
    'Save As...',
  );
  if (!choice) return;
  // The user may have edited the untitled draft meanwhile: save what they see, named by its title.
  const name = postmortemFileName(draftTitle(doc.getText()), incidentDay(diagnosis));
  try {
    let target: vscode.Uri | undefined;
    if (choice === save && folder) {
      await vscode.workspace.fs.createDirectory(folder);
      target = await freeName(folder, name);
    } else {
      target = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.joinPath(folder ?? base ?? vscode.Uri.file('/'), name),
        filters: { Markdown: ['md'] },
        title: 'Save the postmortem draft',
      });
      if (!target) return;
    }
    await vscode.workspace.fs.writeFile(target, Buffer.from(doc.getText(), 'utf8'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target), { preview: false });
  } catch (err) {
    services.log.appendLine((err as Error).stack ?? String(err));
    void vscode.window.showErrorMessage(`Postmortem Lens: could not save the draft: ${(err as Error).message}`);
  }
}

/** `name`, or `name-2.md`, `name-3.md` ... when taken: never overwrite an earlier draft. */
async function freeName(folder: vscode.Uri, name: string): Promise<vscode.Uri> {
  const stem = name.replace(/\.md$/, '');
  for (let i = 1; ; i++) {
    const candidate = vscode.Uri.joinPath(folder, i === 1 ? name : `${stem}-${i}.md`);
    try {
      await vscode.workspace.fs.stat(candidate);
    } catch {
      return candidate;
    }
  }
}
