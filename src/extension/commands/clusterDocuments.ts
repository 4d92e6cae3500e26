/**
 * The read-only documents of "Diagnose Cluster Resource...": every input fetched from a cluster is
 * served under {@link CLUSTER_SCHEME} (`postmortem-lens:/cluster/<context>/<ns>/<pod>/<container>.log`),
 * so the editor features analyse it like a file. A run's texts replace the previous run's; texts an
 * editor still shows are kept.
 */
import * as vscode from 'vscode';

/** URI scheme of fetched inputs (also read as logs by `isLogDocument`). */
export const CLUSTER_SCHEME = 'postmortem-lens';

/** The texts of fetched inputs, served read-only under CLUSTER_SCHEME. */
export class ClusterDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
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
