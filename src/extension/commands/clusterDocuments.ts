/**
 * The read-only documents of fetched inputs: "Diagnose Cluster Resource..." serves every input read
 * from a cluster under {@link CLUSTER_SCHEME} (`postmortem-lens:/cluster/<context>/<ns>/<pod>/<container>.log`),
 * "Diagnose from Log Store..." every stream or source read from a store
 * (`postmortem-lens:/store/<connection>/<source>.log`), so the editor features analyse them like files.
 * One provider for the scheme (a `Services` member); a run's texts replace the previous run's under the
 * same root (`/cluster/`, `/store/`); texts an editor still shows are kept.
 */
import * as vscode from 'vscode';

/** URI scheme of fetched inputs (also read as logs by `isLogDocument`). */
export const CLUSTER_SCHEME = 'postmortem-lens';

/** The texts of fetched inputs, served read-only under CLUSTER_SCHEME. */
export class ClusterDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  /**
   * Keep a run's texts: replaces earlier texts at the same paths; drops earlier runs' texts under the
   * same root (`/cluster/`, `/store/`) that no editor holds.
   */
  publish(entries: { uri: vscode.Uri; text: string }[]): void {
    const keep = new Set(entries.map((e) => e.uri.toString()));
    const roots = new Set(entries.map((e) => rootOf(e.uri)));
    for (const d of vscode.workspace.textDocuments) if (d.uri.scheme === CLUSTER_SCHEME) keep.add(d.uri.toString());
    for (const k of [...this.texts.keys()]) if (!keep.has(k) && roots.has(rootOf(vscode.Uri.parse(k)))) this.texts.delete(k);
    for (const e of entries) {
      const key = e.uri.toString();
      const changed = this.texts.has(key) && this.texts.get(key) !== e.text;
      this.texts.set(key, e.text);
      if (changed) this.emitter.fire(e.uri);
    }
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const held = this.texts.get(uri.toString());
    if (held !== undefined) return held;
    const [where, command] = rootOf(uri) === 'store' ? ['a log store', 'Diagnose from Log Store...'] : ['a cluster', 'Diagnose Cluster Resource...'];
    return `This input was read from ${where} in an earlier session and is no longer held.\nRun "Postmortem Lens: ${command}" again to read ${uri.path}.\n`;
  }

  dispose(): void {
    this.emitter.dispose();
    this.texts.clear();
  }
}

/** The first path segment: `cluster` or `store`. */
function rootOf(uri: vscode.Uri): string {
  return uri.path.split('/')[1] ?? '';
}
