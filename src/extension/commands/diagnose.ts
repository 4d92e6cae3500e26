/**
 * `postmortemLens.diagnose`: diagnose the active document (or selection), the clipboard or files of
 * one incident, show the Diagnosis view and return the Diagnosis. Findings in files too large for
 * VS Code to open for extensions also go to the Problems panel.
 */
import * as vscode from 'vscode';
import { occurrenceHeadline, type Diagnosis } from '../../core';
import { DiagnosisPanel } from '../panels/diagnosisPanel';
import type { Services } from '../services';
import { diagnoseIncident, failureMessage } from './incidentInputs';
import type { IncidentRun } from './incidentSource';
import { DIAGNOSTIC_SEVERITY, signatureLink } from '../features/diagnostics';
import { outgoingText } from '../redaction';
import { COMMAND, TEST_COMMAND } from '../commandIds';
import { registerTestHook } from '../testHooks';

/** Register the command (and the test hook that reports what the Diagnosis view rendered). */
export function registerDiagnoseCommand(services: Services): vscode.Disposable[] {
  const problems = vscode.languages.createDiagnosticCollection('postmortemLens.files');
  const diagnose = async (...args: unknown[]): Promise<Diagnosis | undefined> => {
    try {
      const run = await diagnoseIncident(services, args, 'Postmortem Lens: Diagnose');
      if (!run) return undefined;
      publishLargeFileProblems(problems, run, services);
      DiagnosisPanel.show(services.context.extensionUri, { ...run, catalogue: services.catalogues.catalogue });
      return run.diagnosis;
    } catch (err) {
      services.log.appendLine((err as Error).stack ?? String(err));
      void vscode.window.showErrorMessage(`Postmortem Lens: ${failureMessage(err)}`);
      return undefined;
    }
  };
  return [
    problems,
    vscode.commands.registerCommand(COMMAND.diagnose, diagnose),
    // Not contributed (no palette entry): lets the VS Code suites read what the page rendered.
    ...registerTestHook(TEST_COMMAND.diagnosisView, async (opts?: { waitMs?: number }) => {
      const panel = DiagnosisPanel.instance;
      if (!panel) return undefined;
      const rendered = opts?.waitMs ? await panel.whenRendered(opts.waitMs).catch(() => undefined) : panel.lastRendered;
      return { message: panel.lastMessage, rendered };
    }),
  ];
}

/** One Problems entry per kept occurrence in a streamed (large) file; other files keep theirs from the editor features. */
function publishLargeFileProblems(problems: vscode.DiagnosticCollection, run: IncidentRun, { catalogues }: Services): void {
  problems.clear();
  const clean = outgoingText();
  const perFile = new Map<number, vscode.Diagnostic[]>();
  for (const f of run.diagnosis.findings) {
    for (const o of f.occurrences) {
      // A compressed file's lines are not the file's own: the Diagnosis view lists them instead.
      if (!run.sources[o.input]?.large || run.sources[o.input].compressed) continue;
      const lines = o.text.split(/\r?\n/);
      const range = new vscode.Range(o.line - 1, 0, Math.max(o.line, o.endLine) - 1, lines[lines.length - 1].length);
      const d = new vscode.Diagnostic(
        range,
        clean(occurrenceHeadline(catalogues.catalogue.get(f.signatureId)?.signature.headline, f.title, o)),
        DIAGNOSTIC_SEVERITY[f.severity],
      );
      d.source = 'Postmortem Lens';
      d.code = { value: f.signatureId, target: signatureLink(f.signatureId) };
      const list = perFile.get(o.input) ?? [];
      list.push(d);
      perFile.set(o.input, list);
    }
  }
  for (const [input, list] of perFile) problems.set(run.sources[input].uri as vscode.Uri, list);
}
