/**
 * `postmortemLens.diagnoseCluster` ("Diagnose Cluster Resource..."): read a pod, a workload's pods,
 * a node or a namespace's events from a live cluster (src/cluster, through the kubeconfig) and
 * diagnose them like files: the Diagnosis view opens, and every fetched input is a read-only
 * document (`postmortem-lens:/cluster/<context>/<ns>/<pod>/<container>.log`) that the editor
 * features analyse, so findings open with highlights and Problems entries.
 *
 * From the palette it asks context -> namespace -> kind -> object; with an argument object
 * `{ kubeconfig?, context?, namespace?, pod? | selector? | node? | events? }` it asks nothing and
 * returns `{ diagnosis, problems, documents }`. This file is the command (arguments, reading under
 * progress, problems, the view); the wizard is pickClusterTarget.ts, the documents clusterDocuments.ts.
 *
 * Credentials: the cluster source redacts the connection's own from inputs and problems, and the
 * documents are redacted like every output (the `redactSecrets` setting); nothing here reads or logs
 * the kubeconfig itself (only its path).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClusterInput, ClusterProblem, ClusterSpec, ClusterTarget } from '../../cluster/clusterSource';
import type { Diagnosis } from '../../core';
import { DiagnosisPanel } from '../panels/diagnosisPanel';
import { outgoingDocument } from '../redaction';
import type { Services } from '../services';
import { clusterDocumentPaths, clusterRequestFromArgs, limitsFromSettings, problemLine, problemSummary, specLabel } from './clusterPicks';
import { CLUSTER_SCHEME, type ClusterDocuments } from './clusterDocuments';
import type { IncidentSource } from './incidentSource';
import { runDiagnosis } from './runDiagnosis';
import { EDITOR_HINTS, pickClusterTarget } from './pickClusterTarget';
import { COMMAND } from '../commandIds';
import { loadCluster } from '../../node/loadCluster';

/** What the command returns. */
export interface ClusterRunResult {
  /** The engine's answer; undefined when nothing could be read. */
  diagnosis?: Diagnosis;
  /** What could not be read (redacted). */
  problems: ClusterProblem[];
  /** One read-only document per input, in the diagnosis's input order. */
  documents: vscode.Uri[];
}

// The cluster modules pull in @kubernetes/client-node: loaded on first use (their own bundle), not at activation.
const clusterSource = loadCluster;
const clusterCatalog = loadCluster;

/** Register the command (its documents are served by `services.fetched`). */
export function registerDiagnoseClusterCommand(services: Services): vscode.Disposable[] {
  const documents = services.fetched;
  const run = async (arg?: unknown): Promise<ClusterRunResult | undefined> => {
    try {
      const given = clusterRequestFromArgs(arg);
      if (given && 'error' in given) {
        void vscode.window.showErrorMessage(`Postmortem Lens: Diagnose Cluster Resource: ${given.error}.`);
        return undefined;
      }
      const cfg = vscode.workspace.getConfiguration('postmortemLens.cluster');
      const target: ClusterTarget = { ...given?.target };
      target.kubeconfig = expandHome(target.kubeconfig ?? (cfg.get<string>('kubeconfig', '') || undefined));
      target.hints = EDITOR_HINTS;
      const timeoutMs = limitsFromSettings((k) => cfg.get(k)).timeoutMs;
      const request = given?.spec ? { target, spec: given.spec } : await pickClusterTarget(target, { timeoutMs });
      if (!request) return undefined;
      return await readAndDiagnose(services, documents, request.target, request.spec);
    } catch (err) {
      // Cluster errors are problems, never thrown: this is a bug or the engine; the stack has no credentials.
      services.log.appendLine((err as Error).stack ?? String(err));
      void vscode.window.showErrorMessage(`Postmortem Lens: cluster diagnosis failed: ${(err as Error).message}`);
      return undefined;
    }
  };
  return [vscode.commands.registerCommand(COMMAND.diagnoseCluster, run)];
}

/** `~/x` -> the home directory's x. */
function expandHome(p: string | undefined): string | undefined {
  if (!p) return undefined;
  return p === '~' || p.startsWith('~/') || p.startsWith('~\\') ? path.join(os.homedir(), p.slice(1)) : p;
}

/** Fetch under a cancellable progress notification, report problems, diagnose, show. */
async function readAndDiagnose(
  services: Services,
  documents: ClusterDocuments,
  target: ClusterTarget,
  spec: ClusterSpec,
): Promise<ClusterRunResult | undefined> {
  const cfg = vscode.workspace.getConfiguration('postmortemLens.cluster');
  const limits = limitsFromSettings((k) => cfg.get(k));
  const abort = new AbortController();
  const names = resolveNames(target);
  const what = specLabel(spec, names.namespace);
  let got: { inputs: ClusterInput[]; problems: ClusterProblem[] };
  try {
    got = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Postmortem Lens: reading ${what}${target.context ? ` (${target.context})` : ''}`,
        cancellable: true,
      },
      async (progress, token) => {
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          return await clusterSource().collectClusterInputs(target, spec, limits, {
            signal: abort.signal,
            onProgress: (done, total, item) => progress.report({ message: `${done}/${total} ${item}` }),
          });
        } finally {
          sub.dispose();
        }
      },
    );
  } catch (err) {
    if (abort.signal.aborted) {
      void vscode.window.showInformationMessage('Postmortem Lens: reading the cluster was cancelled.');
      return undefined;
    }
    throw err;
  }
  const { inputs, problems } = got;
  reportProblems(services, problems, what, inputs.length === 0);
  if (inputs.length === 0) return { problems, documents: [] };

  const paths = clusterDocumentPaths(
    names.context,
    inputs.map((i) => i.name),
  );
  const uris = paths.map((p) => vscode.Uri.from({ scheme: CLUSTER_SCHEME, path: p }));
  // The documents are shown and shared like any output: redacted (line count kept) before the editor
  // and the diagnosis see them, so both agree on every line.
  const texts = inputs.map((i) => outgoingDocument(i.text));
  documents.publish(inputs.map((i, n) => ({ uri: uris[n], text: texts[n] })));
  const sources: IncidentSource[] = inputs.map((i, n) => ({ name: i.name, uri: uris[n], text: texts[n], kind: i.kind, lineOffset: 0, large: false }));
  const diagnosis = await runDiagnosis(services, sources);
  if (!diagnosis) return { problems, documents: uris };
  DiagnosisPanel.show(services.context.extensionUri, { diagnosis, sources, catalogue: services.catalogues.catalogue });
  return { diagnosis, problems, documents: uris };
}

/** The context and namespace a target comes to, as the cluster source resolves them (names only, from the kubeconfig). */
function resolveNames(target: ClusterTarget): { context: string; namespace: string } {
  const { contexts } = clusterCatalog().listContexts(target.kubeconfig, EDITOR_HINTS);
  const ctx = target.context ? contexts.find((c) => c.name === target.context) : contexts.find((c) => c.current);
  return { context: target.context ?? ctx?.name ?? 'default', namespace: target.namespace ?? ctx?.namespace ?? 'default' };
}

/** Problems to the output channel, and a notification: a warning (something was read) or an error (nothing was). */
function reportProblems(services: Services, problems: readonly ClusterProblem[], what: string, nothingRead: boolean): void {
  if (problems.length === 0 && !nothingRead) return;
  services.log.appendLine(`[cluster] ${what}: ${nothingRead ? 'nothing could be read' : `${problems.length} problem(s)`}`);
  for (const p of problems) services.log.appendLine(`  ${p.fatal ? 'error' : 'warning'}: ${problemLine(p)}`);
  const text = problemSummary(problems, what, nothingRead);
  const shown = nothingRead ? vscode.window.showErrorMessage(text, 'Show details') : vscode.window.showWarningMessage(text, 'Show details');
  void shown.then((choice) => {
    if (choice) services.log.show(true);
  });
}
