/**
 * The catalogue page: one webview panel (`postmortemLens.catalogue.page`) with a search box, the
 * result list and the page of the chosen signature. The extension side searches (core's fuse.js
 * index) and shapes plain data; the webview program (`webview/catalogue`) renders it and talks back
 * only through the messages of `webview/catalogue/protocol.ts`.
 */
import * as vscode from 'vscode';
import type { Catalogue, CompiledSignature } from '../../core';
import type { CatalogueService } from '../catalogueService';
import { parseFromWebview, type FromWebview, type RenderReport, type ToWebview } from '../../../webview/catalogue/protocol';
import { didYouMean, searchResults, toSignatureView, toSummary } from './catalogueView';
import { webviewHtml, webviewOptions } from './webviewHtml';
import { COMMAND } from '../commandIds';

/** The singleton catalogue panel. */
export class CataloguePanel implements vscode.Disposable {
  /** Webview panel type. */
  static readonly viewType = 'postmortemLens.catalogue.page';
  private static current: CataloguePanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private query = '';
  private seq = 0;
  private shown: string | undefined;
  private lastCount = 0;
  private readonly reports: { results?: RenderReport; page?: RenderReport } = {};
  private renderWaiters: (() => void)[] = [];

  /** The open panel, if any. */
  static get instance(): CataloguePanel | undefined {
    return CataloguePanel.current;
  }

  /** Open (or reveal) the panel; with an id, show that signature's page. Returns the panel. */
  static open(catalogues: CatalogueService, extensionUri: vscode.Uri, options: { id?: string; preserveFocus?: boolean } = {}): CataloguePanel {
    let panel = CataloguePanel.current;
    if (panel) {
      panel.panel.reveal(undefined, options.preserveFocus);
    } else {
      const webviewPanel = vscode.window.createWebviewPanel(
        CataloguePanel.viewType,
        'Postmortem Lens: Catalogue',
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: options.preserveFocus },
        webviewOptions(extensionUri),
      );
      panel = CataloguePanel.current = new CataloguePanel(webviewPanel, catalogues, extensionUri);
    }
    if (options.id) panel.show(options.id);
    else panel.post({ type: 'focusSearch' });
    return panel;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly catalogues: CatalogueService,
    extensionUri: vscode.Uri,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'catalogue', 'Postmortem Lens: Catalogue');
    this.lastCount = catalogues.catalogue.signatures.length;
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m) => this.receive(m)),
      catalogues.onDidChangeCatalogue(() => this.sendState()),
    );
  }

  /** Id of the signature whose page is shown. */
  get shownId(): string | undefined {
    return this.shown;
  }

  /** How many results the list shows for the current query (all signatures for an empty one). */
  get resultCount(): number {
    return this.lastCount;
  }

  /** The query in the search box, as last received. */
  get currentQuery(): string {
    return this.query;
  }

  /** What the page last reported drawing: its result list and its signature page (or "missing"). */
  get rendered(): { results?: RenderReport; page?: RenderReport } {
    return { ...this.reports };
  }

  /** Resolves once the page reports a drawing that satisfies `done` (or at once if it already does). */
  whenRendered(
    done: (r: { results?: RenderReport; page?: RenderReport }) => boolean,
    timeoutMs = 15000,
  ): Promise<{ results?: RenderReport; page?: RenderReport }> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (!done(this.rendered)) return false;
        clearTimeout(timer);
        resolve(this.rendered);
        return true;
      };
      const timer = setTimeout(() => {
        this.renderWaiters = this.renderWaiters.filter((w) => w !== waiter);
        reject(new Error('the catalogue page did not render in time'));
      }, timeoutMs);
      const waiter = (): void => {
        if (check()) this.renderWaiters = this.renderWaiters.filter((w) => w !== waiter);
      };
      if (!check()) this.renderWaiters.push(waiter);
    });
  }

  /** Show a signature's page; returns its id, or undefined when the catalogue has no such id. */
  show(id: string): string | undefined {
    const catalogue = this.catalogues.catalogue;
    const cs = catalogue.get(id);
    if (!cs) {
      const suggestions = didYouMean(catalogue, id)
        .map((s) => catalogue.get(s))
        .filter((c): c is CompiledSignature => Boolean(c));
      this.post({ type: 'missing', id, suggestions: suggestions.map((c) => toSummary(c, this.isUser(c))) });
      return undefined;
    }
    this.shown = id;
    this.post({ type: 'show', signature: toSignatureView(cs, catalogue, this.isUser(cs)) });
    return id;
  }

  private isUser(cs: CompiledSignature): boolean {
    return this.catalogues.isUserSignatureFile(vscode.Uri.file(cs.origin.file));
  }

  private results(catalogue: Catalogue): ToWebview {
    const hits = searchResults(catalogue, this.query, (cs) => this.isUser(cs));
    this.lastCount = hits.length;
    return { type: 'results', seq: this.seq, query: this.query, total: catalogue.signatures.length, hits };
  }

  /** Everything the page shows, sent again after a (re)load of the webview or of the catalogue. */
  private sendState(): void {
    this.post(this.results(this.catalogues.catalogue));
    if (this.shown) this.show(this.shown);
  }

  private post(message: ToWebview): void {
    // Before `ready` the page is not listening yet; `ready` triggers sendState.
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const msg: FromWebview | undefined = parseFromWebview(raw);
    if (!msg) return;
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.sendState();
        break;
      case 'search':
        this.query = msg.query;
        this.seq = msg.seq;
        this.post(this.results(this.catalogues.catalogue));
        break;
      case 'select':
        this.show(msg.id);
        break;
      case 'copy':
        void vscode.commands.executeCommand(COMMAND.copyCommand, msg.text);
        break;
      case 'openExternal':
        void vscode.env.openExternal(vscode.Uri.parse(msg.url, true));
        break;
      case 'rendered':
        if (msg.report.what === 'results') this.reports.results = msg.report;
        else this.reports.page = msg.report;
        for (const w of [...this.renderWaiters]) w();
        break;
      case 'openFile': {
        const cs = this.catalogues.catalogue.get(msg.id);
        if (cs && this.isUser(cs)) void vscode.window.showTextDocument(vscode.Uri.file(cs.origin.file), { preview: false });
        break;
      }
    }
  }

  dispose(): void {
    if (CataloguePanel.current === this) CataloguePanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
