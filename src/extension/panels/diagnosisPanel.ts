/**
 * The Diagnosis view: one webview panel (`postmortemLens.diagnosis`) showing the latest run. The
 * page is its own program (`webview/diagnosis/main.ts`); this side only posts the view model and
 * carries out what the page asks (reveal a line, open a signature, draft the postmortem, copy).
 */
import * as vscode from 'vscode';
import type { Catalogue, Diagnosis } from '../../core';
import { asPageMessage, type HostMessage, type RenderedCounts } from '../../../webview/diagnosis/protocol';
import type { IncidentSource } from '../commands/incidentSource';
import { toViewModel } from './diagnosisView';
import { webviewHtml, webviewOptions } from './webviewHtml';
import { outgoing, redactionOn } from '../redaction';
import { COMMAND } from '../commandIds';

/** What the panel shows: a diagnosis and where its inputs came from. */
export interface PanelContent {
  /** The run's answer. */
  diagnosis: Diagnosis;
  /** Input index -> source (document, file or clipboard text). */
  sources: IncidentSource[];
  /** The catalogue of the run, for each finding's next check. */
  catalogue?: Catalogue;
}

/** The singleton Diagnosis panel. */
export class DiagnosisPanel implements vscode.Disposable {
  /** View type of the panel. */
  static readonly viewType = 'postmortemLens.diagnosis';
  private static current: DiagnosisPanel | undefined;

  private content: PanelContent;
  private ready = false;
  private last: HostMessage | undefined;
  private rendered: RenderedCounts | undefined;
  private renderWaiters: ((c: RenderedCounts) => void)[] = [];
  /** Clipboard inputs opened as untitled documents, so their lines can be revealed. */
  private readonly scratch = new Map<number, vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [];

  /** Show `content` in the panel, creating or revealing it. */
  static show(extensionUri: vscode.Uri, content: PanelContent): DiagnosisPanel {
    if (DiagnosisPanel.current) {
      DiagnosisPanel.current.update(content);
      DiagnosisPanel.current.panel.reveal(undefined, true);
      return DiagnosisPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      DiagnosisPanel.viewType,
      'Postmortem Lens: Diagnosis',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(extensionUri),
    );
    DiagnosisPanel.current = new DiagnosisPanel(panel, extensionUri, content);
    return DiagnosisPanel.current;
  }

  /** The open panel, if any (for the test hook). */
  static get instance(): DiagnosisPanel | undefined {
    return DiagnosisPanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    content: PanelContent,
  ) {
    this.content = content;
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'diagnosis', 'Postmortem Lens: Diagnosis');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m) => this.onMessage(m)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('postmortemLens.redactSecrets')) this.post();
      }),
    );
  }

  /** The last `show` message posted (what the page was asked to render). */
  get lastMessage(): HostMessage | undefined {
    return this.last;
  }

  /** What the page reported after its last render. */
  get lastRendered(): RenderedCounts | undefined {
    return this.rendered;
  }

  /** Resolves with the counts of the next render (or the current one when it already rendered the latest content). */
  whenRendered(timeoutMs = 15000): Promise<RenderedCounts> {
    if (this.rendered) return Promise.resolve(this.rendered);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the Diagnosis page did not render in time')), timeoutMs);
      this.renderWaiters.push((c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
  }

  /** Replace what the panel shows. */
  update(content: PanelContent): void {
    this.content = content;
    this.scratch.clear();
    this.post();
  }

  private post(): void {
    this.rendered = undefined;
    const redact = redactionOn();
    this.last = { type: 'show', model: toViewModel(this.content.diagnosis, { redact, catalogue: this.content.catalogue }) };
    // Before the page said `ready` its listener may not exist yet; it asks again when it is.
    if (this.ready) void this.panel.webview.postMessage(this.last);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const m = asPageMessage(raw);
    if (!m) return;
    try {
      switch (m.type) {
        case 'ready':
          this.ready = true;
          this.post();
          break;
        case 'rendered':
          this.rendered = m.counts;
          for (const w of this.renderWaiters.splice(0)) w(m.counts);
          break;
        case 'reveal':
          await this.reveal(m.input, m.line);
          break;
        case 'openSignature':
          await vscode.commands.executeCommand(COMMAND.openSignature, m.id);
          break;
        case 'generatePostmortem':
          await vscode.commands.executeCommand(COMMAND.generatePostmortem, { diagnosis: this.content.diagnosis, sources: this.content.sources });
          break;
        case 'createSignature': {
          // The log of the cluster's first example: its workspace folder gets the file.
          const input = this.content.diagnosis.unknownErrors[m.cluster]?.examples[0]?.input;
          const uri = input === undefined ? undefined : this.content.sources[input]?.uri;
          await vscode.commands.executeCommand(COMMAND.createSignatureFromPattern, { diagnosis: this.content.diagnosis, cluster: m.cluster, uri });
          break;
        }
        case 'copy':
          // The page holds redacted text only; redacting again keeps the clipboard safe whatever it sends.
          await vscode.env.clipboard.writeText(outgoing(m.text));
          vscode.window.setStatusBarMessage('Postmortem Lens: copied', 2000);
          break;
      }
    } catch (err) {
      void vscode.window.showErrorMessage(`Postmortem Lens: ${(err as Error).message}`);
    }
  }

  /** Open input `input` and select its 1-based line `line`. */
  private async reveal(input: number, line: number): Promise<void> {
    const source = this.content.sources[input];
    if (!source) return;
    if (source.compressed) {
      void vscode.window.showInformationMessage(
        `Postmortem Lens: ${source.name} is gzip-compressed, so its line ${line} cannot be opened in an editor; decompress it (gunzip -k) to open it.`,
      );
      return;
    }
    let uri = source.uri ?? this.scratch.get(input);
    if (!uri) {
      const doc = await vscode.workspace.openTextDocument({ content: source.text ?? '', language: 'postmortem-log' });
      this.scratch.set(input, doc.uri);
      uri = doc.uri;
    }
    const target = Math.max(0, source.lineOffset + line - 1);
    const viewColumn = this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    if (source.large) {
      // Too large to be handed to extensions: let the workbench open it.
      await vscode.commands.executeCommand('vscode.open', uri, { selection: new vscode.Range(target, 0, target, 0), viewColumn });
      return;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const range = doc.lineAt(Math.min(target, doc.lineCount - 1)).range;
    const editor = await vscode.window.showTextDocument(doc, { viewColumn, selection: range, preview: true });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    if (DiagnosisPanel.current === this) DiagnosisPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
