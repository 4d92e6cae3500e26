/**
 * `postmortemLens.diagnoseTogether`: the Explorer's "Diagnose Together". The files and folders
 * selected in the Explorer (it passes the clicked one and the whole selection) are diagnosed as one
 * incident, folders read as their log files; from the palette, a pick of the workspace's log files.
 * Returns what `postmortemLens.diagnose` returns (the Diagnosis).
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickLogFiles } from './logFilePick';
import { COMMAND } from '../commandIds';

/** Register the command. */
export function registerDiagnoseTogetherCommand(_services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMAND.diagnoseTogether, async (clicked?: unknown, selected?: unknown) => {
      const isUris = (x: unknown): x is vscode.Uri[] => Array.isArray(x) && x.length > 0 && x.every((u) => u instanceof vscode.Uri);
      // A right-click outside the selection acts on the clicked item alone, as the Explorer's own commands do.
      const uris =
        isUris(selected) && (!(clicked instanceof vscode.Uri) || selected.some((u) => u.toString() === clicked.toString()))
          ? selected
          : clicked instanceof vscode.Uri
            ? [clicked]
            : isUris(clicked)
              ? clicked
              : await pickLogFiles('Postmortem Lens: Diagnose Together');
      if (!uris?.length) return undefined;
      return vscode.commands.executeCommand(COMMAND.diagnose, { uris });
    }),
  ];
}
