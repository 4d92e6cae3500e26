/**
 * Analysis of open log documents: debounced after edits, skipped when the document version did not
 * change, and incremental: the core's IncrementalDocument re-reads only the blocks an edit touched.
 * Results are published per document for the editor features (decorations, Problems, hovers ...).
 */
import * as vscode from 'vscode';
import { IncrementalDocument, sniffYears, type Catalogue, type Diagnosis } from '../core';
import type { EngineService } from './engineService';
import { isLogDocument } from './logDocuments';

/** The latest analysis of one document. */
export interface DocumentAnalysis {
  /** The document's URI. */
  uri: vscode.Uri;
  /** Document version analysed. */
  version: number;
  /** The diagnosis of the whole document (input 0). */
  diagnosis: Diagnosis;
  /** How long the analysis took, in ms. */
  elapsedMs: number;
  /** Blocks of the document re-read by this analysis, out of all its blocks. */
  blocksRead: number;
  /** Blocks in the document. */
  blocks: number;
}

/** Keeps one analysis per open log document. */
export class DocumentAnalyses implements vscode.Disposable {
  private readonly results = new Map<string, DocumentAnalysis>();
  /** Per document: its incremental reader, and the year read from its head (with that head). */
  private readonly incremental = new Map<string, { catalogue: Catalogue; doc: IncrementalDocument; head: string | undefined; year: number }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly emitter = new vscode.EventEmitter<DocumentAnalysis | { uri: vscode.Uri; cleared: true }>();
  /** Fires when a document's analysis changed (or was cleared when it closed). */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];

  constructor(private readonly engine: EngineService) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d.uri)),
      engine.onDidChangeCatalogue(() => { for (const d of vscode.workspace.textDocuments) this.schedule(d, 0); }),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** The latest analysis of a document, if any. */
  get(uri: vscode.Uri): DocumentAnalysis | undefined {
    return this.results.get(uri.toString());
  }

  /** Analyse now (commands call this so they never act on a stale result). */
  analyzeNow(doc: vscode.TextDocument): DocumentAnalysis {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    const prev = this.results.get(key);
    if (prev && prev.version === doc.version) return prev;
    const started = Date.now();
    const text = doc.getText();
    let inc = this.incremental.get(key);
    if (!inc || inc.catalogue !== this.engine.catalogue) {
      inc = { catalogue: this.engine.catalogue, doc: new IncrementalDocument(this.engine.catalogue, vscode.workspace.asRelativePath(doc.uri)), head: undefined, year: 0 };
      this.incremental.set(key, inc);
    }
    // The year comes from the document's head; an edit elsewhere must not make us parse it again.
    const head = text.slice(0, 256 * 1024);
    if (head !== inc.head) {
      inc.head = head;
      inc.year = sniffYears([head])[0] ?? new Date().getUTCFullYear();
    }
    const diagnosis = inc.doc.analyze(text, inc.year);
    const { reused, blocks } = inc.doc.lastStats;
    const result: DocumentAnalysis = { uri: doc.uri, version: doc.version, diagnosis, elapsedMs: Date.now() - started, blocksRead: blocks - reused, blocks };
    // A provider may ask for a document that has just closed: its URI (untitled:Untitled-1) may
    // already name a new document, which must not inherit these findings.
    if (doc.isClosed) return result;
    this.results.set(key, result);
    this.emitter.fire(result);
    return result;
  }

  /**
   * Read a document again, or drop its analysis (and with it its decorations and Problems) when it
   * is no longer read as a log: the user's choice, the settings or its head changed.
   */
  reevaluate(doc: vscode.TextDocument): void {
    if (isLogDocument(doc)) this.schedule(doc, 0);
    else this.clear(doc.uri);
  }

  private schedule(doc: vscode.TextDocument, delay?: number): void {
    if (!isLogDocument(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    const ms = delay ?? vscode.workspace.getConfiguration('postmortemLens').get<number>('debounceMs', 400);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      if (!doc.isClosed) this.analyzeNow(doc);
    }, ms));
  }

  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.incremental.delete(key);
    if (this.results.delete(key)) this.emitter.fire({ uri, cleared: true });
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
