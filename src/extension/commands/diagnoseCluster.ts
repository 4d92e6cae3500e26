/**
 * `postmortemLens.diagnoseCluster` ("Diagnose Cluster Resource..."): read a pod, a workload's pods,
 * a node or a namespace's events from a live cluster (src/cluster, through the kubeconfig) and
 * diagnose them like files: the Diagnosis view opens, and every fetched input is a read-only
 * document (`postmortem-lens:/cluster/<context>/<ns>/<pod>/<container>.log`) that the editor
 * features analyse, so findings open with highlights and Problems entries.
 *
 * From the palette it asks context -> namespace -> kind -> object; with an argument object
 * `{ kubeconfig?, context?, namespace?, pod? | selector? | node? | events? }` it asks nothing and
 * returns `{ diagnosis, problems, documents }`.
 *
 * Credentials: the cluster source redacts the connection's own from inputs and problems, and the
 * documents are redacted like every output (the `redactSecrets` setting); nothing here reads or logs
 * the kubeconfig itself (only its path).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Listing, ListOptions } from '../../cluster/clusterCatalog';
import type { ClusterInput, ClusterProblem, ClusterSpec, ClusterTarget } from '../../cluster/clusterSource';
import type { Diagnosis } from '../../core';
import { DiagnosisPanel } from '../panels/diagnosisPanel';
import { outgoingDocument } from '../redaction';
import type { Services } from '../services';
import {
  clusterDocumentPaths, clusterRequestFromArgs, contextPickItems, KIND_ITEMS, limitsFromSettings, namespacePickItems, objectPickItems,
  problemLine, problemSummary, specLabel, typedPickItem, type ClusterKind, type PickItem,
} from './clusterPicks';
import { runDiagnosis, type IncidentSource } from './incidentInputs';
import { COMMAND } from '../commandIds';
import { loadCluster } from '../../node/loadCluster';

/** URI scheme of fetched inputs (also read as logs by `isLogDocument`). */
export const CLUSTER_SCHEME = 'postmortem-lens';

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

/** What a kubeconfig problem tells the user to do here (the CLI's messages name its flags instead). */
const EDITOR_HINTS = { kubeconfig: 'set postmortemLens.cluster.kubeconfig', context: 'pick another context' };

/** The texts of fetched inputs, served read-only under CLUSTER_SCHEME. */
class ClusterDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  /** Keep a run's texts: replaces earlier texts at the same paths; drops earlier runs' texts no editor holds. */
  publish(entries: { uri: vscode.Uri; text: string }[]): void {
    const keep = new Set(entries.map((e) => e.uri.toString()));
    for (const d of vscode.workspace.textDocuments) if (d.uri.scheme === CLUSTER_SCHEME) keep.add(d.uri.toString());
    for (const k of [...this.texts.keys()]) if (!keep.has(k)) this.texts.delete(k);
    for (const e of entries) {
      const key = e.uri.toString();
      const changed = this.texts.has(key) && this.texts.get(key) !== e.text;
      this.texts.set(key, e.text);
      if (changed) this.emitter.fire(e.uri);
    }
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString())
      ?? `This input was read from a cluster in an earlier session and is no longer held.\nRun "Postmortem Lens: Diagnose Cluster Resource..." again to read ${uri.path}.\n`;
  }

  dispose(): void {
    this.emitter.dispose();
    this.texts.clear();
  }
}

/** Register the command and the document provider. */
export function registerDiagnoseClusterCommand(services: Services): vscode.Disposable[] {
  const documents = new ClusterDocuments();
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
      const request = given?.spec ? { target, spec: given.spec } : await pickTarget(target, { timeoutMs });
      if (!request) return undefined;
      return await readAndDiagnose(services, documents, request.target, request.spec);
    } catch (err) {
      // Cluster errors are problems, never thrown: this is a bug or the engine; the stack has no credentials.
      services.log.appendLine((err as Error).stack ?? String(err));
      void vscode.window.showErrorMessage(`Postmortem Lens: cluster diagnosis failed: ${(err as Error).message}`);
      return undefined;
    }
  };
  return [
    documents,
    vscode.workspace.registerTextDocumentContentProvider(CLUSTER_SCHEME, documents),
    vscode.commands.registerCommand(COMMAND.diagnoseCluster, run),
  ];
}

/** `~/x` -> the home directory's x. */
function expandHome(p: string | undefined): string | undefined {
  if (!p) return undefined;
  return p === '~' || p.startsWith('~/') || p.startsWith('~\\') ? path.join(os.homedir(), p.slice(1)) : p;
}

/** Fetch under a cancellable progress notification, report problems, diagnose, show. */
async function readAndDiagnose(services: Services, documents: ClusterDocuments, target: ClusterTarget, spec: ClusterSpec): Promise<ClusterRunResult | undefined> {
  const cfg = vscode.workspace.getConfiguration('postmortemLens.cluster');
  const limits = limitsFromSettings((k) => cfg.get(k));
  const abort = new AbortController();
  const names = resolveNames(target);
  const what = specLabel(spec, names.namespace);
  let got: { inputs: ClusterInput[]; problems: ClusterProblem[] };
  try {
    got = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Postmortem Lens: reading ${what}${target.context ? ` (${target.context})` : ''}`, cancellable: true },
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

  const paths = clusterDocumentPaths(names.context, inputs.map((i) => i.name));
  const uris = paths.map((p) => vscode.Uri.from({ scheme: CLUSTER_SCHEME, path: p }));
  // The documents are shown and shared like any output: redacted (line count kept) before the editor
  // and the diagnosis see them, so both agree on every line.
  const texts = inputs.map((i) => outgoingDocument(i.text));
  documents.publish(inputs.map((i, n) => ({ uri: uris[n], text: texts[n] })));
  const sources: IncidentSource[] = inputs.map((i, n) => ({ name: i.name, uri: uris[n], text: texts[n], kind: i.kind, lineOffset: 0, large: false }));
  const diagnosis = await runDiagnosis(services, sources);
  if (!diagnosis) return { problems, documents: uris };
  DiagnosisPanel.show(services.context.extensionUri, { diagnosis, sources, catalogue: services.engine.catalogue });
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
  void shown.then((choice) => { if (choice) services.log.show(true); });
}

/** Walk context -> namespace -> kind -> object. Undefined when the user backs out. */
async function pickTarget(preset: ClusterTarget, o: ListOptions): Promise<{ target: ClusterTarget; spec: ClusterSpec } | undefined> {
  const title = 'Postmortem Lens: Diagnose Cluster Resource';
  const catalog = clusterCatalog();
  const target: ClusterTarget = { ...preset };
  const total = 4;

  if (!target.context) {
    const { contexts, problem } = catalog.listContexts(target.kubeconfig, EDITOR_HINTS);
    if (problem || contexts.length === 0) {
      void vscode.window.showErrorMessage(`Postmortem Lens: ${problem ?? `no contexts in ${target.kubeconfig ?? 'the kubeconfig'}`}`);
      return undefined;
    }
    if (contexts.length > 1) {
      const pick = await vscode.window.showQuickPick(contextPickItems(contexts), { title: `${title} (1/${total})`, placeHolder: 'Context (from the kubeconfig)', matchOnDescription: true });
      if (!pick) return undefined;
      target.context = pick.value;
    } else {
      target.context = contexts[0].name;
    }
  }

  if (!target.namespace) {
    const ns = await pickListed({
      title: `${title} (2/${total})`, placeholder: 'Namespace (type one that is not listed)', what: 'namespace',
      load: async (signal) => {
        const l = await catalog.listNamespaces(target, { ...o, signal });
        return { items: namespacePickItems(l.items, l.namespace), listing: l };
      },
    });
    if (!ns) return undefined;
    target.namespace = ns;
  }

  const kind = await vscode.window.showQuickPick(KIND_ITEMS.map((k) => ({ ...k })), { title: `${title} (3/${total})`, placeHolder: `What to read in ${target.namespace} (${target.context})` });
  if (!kind) return undefined;
  const spec = await pickObject(kind.value, target, o, `${title} (4/${total})`);
  return spec ? { target, spec } : undefined;
}

async function pickObject(kind: ClusterKind, target: ClusterTarget, o: ListOptions, title: string): Promise<ClusterSpec | undefined> {
  const catalog = clusterCatalog();
  const listed = (list: (t: ClusterTarget, x: ListOptions) => Promise<Listing>) => async (signal: AbortSignal) => {
    const l = await list(target, { ...o, signal });
    return { items: objectPickItems(l.items), listing: l };
  };
  switch (kind) {
    case 'events':
      return { events: true };
    case 'pod': {
      const pod = await pickListed({ title, placeholder: `Pod in ${target.namespace} (a deleted pod's name still finds its events)`, what: 'pod', load: listed(catalog.listPods) });
      return pod ? { pod } : undefined;
    }
    case 'node': {
      const node = await pickListed({ title, placeholder: 'Node', what: 'node', load: listed(catalog.listNodes) });
      return node ? { node } : undefined;
    }
    case 'workload': {
      const SELECTOR = '\u0000selector';
      const picked = await pickListed({
        title, placeholder: `Workload in ${target.namespace}, or a label selector (app=web)`, what: 'workload or selector',
        load: async (signal) => {
          const got = await listed(catalog.listWorkloads)(signal);
          const selector: PickItem<string> = { label: '$(filter) Label selector...', detail: 'The pods matching a selector such as app=web,tier!=cache', alwaysShow: true, value: SELECTOR };
          return { items: [selector, ...got.items], listing: got.listing };
        },
      });
      if (picked !== SELECTOR) return picked ? { selector: picked } : undefined;
      const selector = await vscode.window.showInputBox({
        title, prompt: `Label selector of the pods in ${target.namespace}`, placeHolder: 'app=web,tier in (api,worker)',
        validateInput: (v) => (v.trim() ? undefined : 'Enter a label selector'),
      });
      return selector?.trim() ? { selector: selector.trim() } : undefined;
    }
  }
}

/**
 * A quick pick filled by a listing (busy meanwhile), which also takes a typed value that is not
 * listed. A listing problem (403 on namespaces is common) shows in the placeholder.
 */
function pickListed(o: {
  title: string;
  placeholder: string;
  what: string;
  load: (signal: AbortSignal) => Promise<{ items: PickItem<string>[]; listing: Listing }>;
}): Promise<string | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<PickItem<string>>();
    const abort = new AbortController();
    let listed: PickItem<string>[] = [];
    let settled = false;
    const finish = (v: string | undefined): void => {
      if (settled) return;
      settled = true;
      abort.abort();
      qp.dispose();
      resolve(v);
    };
    const refresh = (): void => {
      const v = qp.value.trim();
      const known = listed.some((i) => i.value === v);
      qp.items = v && !known ? [typedPickItem(v, o.what), ...listed] : listed;
    };
    qp.title = o.title;
    qp.placeholder = o.placeholder;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.ignoreFocusOut = true;
    qp.busy = true;
    qp.onDidChangeValue(refresh);
    qp.onDidAccept(() => {
      const value = qp.selectedItems[0]?.value ?? (qp.value.trim() || undefined);
      if (value !== undefined) finish(value); // Enter on an empty, still-loading list: keep waiting
    });
    qp.onDidHide(() => finish(undefined));
    qp.show();
    o.load(abort.signal).then(({ items, listing }) => {
      if (settled) return;
      listed = items;
      qp.busy = false;
      const p = listing.problems[0];
      if (p) qp.placeholder = `${o.placeholder}. Not all could be listed: ${problemLine(p)}`;
      else if (listing.truncated) qp.placeholder = `${o.placeholder} (first 500 listed)`;
      refresh();
    }, (err: unknown) => {
      if (settled) return;
      qp.busy = false;
      qp.placeholder = `${o.placeholder}. Listing failed: ${(err as Error).message}`;
    });
  });
}
