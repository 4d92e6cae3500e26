/**
 * Postmortem Lens for VS Code: wiring only. Each feature is a `register*` factory in its own file
 * that takes the shared services and returns its disposables.
 */
import * as vscode from 'vscode';
import { DocumentAnalyses } from './documentAnalyses';
import { CatalogueService } from './catalogueService';
import { rememberChoicesIn } from './logDocuments';
import { CLUSTER_SCHEME, ClusterDocuments } from './commands/clusterDocuments';
import type { Services } from './services';
import { registerDecorations } from './features/decorations';
import { registerDiagnostics } from './features/diagnostics';
import { registerHover } from './features/hover';
import { registerNavigation } from './features/navigation';
import { registerStatusBar } from './features/statusBar';
import { registerOutline } from './features/outline';
import { registerFolding } from './features/folding';
import { registerTreatAsLog } from './features/treatAsLog';
import { registerTimeLimit } from './features/timeLimit';
import { registerUserSignatureDiagnostics } from './features/userSignatureDiagnostics';
import { registerDiagnoseCommand } from './commands/diagnose';
import { registerDiagnoseClusterCommand } from './commands/diagnoseCluster';
import { registerDiagnoseTogetherCommand } from './commands/diagnoseTogether';
import { registerPostmortemCommand } from './commands/generatePostmortem';
import { registerCatalogueCommands } from './commands/catalogueCommands';
import { registerCatalogueTree } from './views/catalogueTree';
import { registerCreateSignatureCommand } from './commands/createSignature';
import { registerCreateSignatureAction } from './features/createSignatureAction';
import { registerLogStores } from './stores/registerLogStores';

/** Activate: build the services, register every feature. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Postmortem Lens');
  try {
    const catalogues = new CatalogueService(context.extensionPath, log);
    rememberChoicesIn(context.workspaceState); // before the first documents are judged
    const analyses = new DocumentAnalyses(catalogues);
    const fetched = new ClusterDocuments();
    const services: Services = { context, catalogues, analyses, log, fetched };
    context.subscriptions.push(log, catalogues, analyses, fetched, vscode.workspace.registerTextDocumentContentProvider(CLUSTER_SCHEME, fetched));
    for (const register of [
      registerDecorations,
      registerDiagnostics,
      registerHover,
      registerNavigation,
      registerStatusBar,
      registerOutline,
      registerFolding,
      registerTreatAsLog,
      registerTimeLimit,
      registerUserSignatureDiagnostics,
      registerDiagnoseCommand,
      registerDiagnoseTogetherCommand,
      registerDiagnoseClusterCommand,
      registerPostmortemCommand,
      registerCatalogueCommands,
      registerCatalogueTree,
      registerCreateSignatureCommand,
      registerCreateSignatureAction,
      registerLogStores,
    ]) {
      context.subscriptions.push(...register(services));
    }
  } catch (err) {
    const message = `Postmortem Lens failed to start: ${(err as Error).message}`;
    log.appendLine((err as Error).stack ?? message);
    void vscode.window.showErrorMessage(message, 'Show Log').then((choice) => {
      if (choice) log.show();
    });
  }
}

/** Nothing to do: every resource is in `context.subscriptions`. */
export function deactivate(): void {}
