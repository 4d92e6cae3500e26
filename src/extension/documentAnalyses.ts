/**
 * Analysis of open log documents: debounced after edits, skipped when the document version did not
 * change, incremental, and off the extension host's thread:
 * - each document's text goes once to the analysis worker (a Node worker thread, analysis/), read in
 *   slices of {@link READ_LINES} lines; then each content change is sent as it happens, and the worker
 *   re-reads only the blocks an edit touched (the core's IncrementalDocument);
 * - the host's share is reading the text once, forwarding edits, receiving the result in pieces with
 *   turns of the event loop between them (analysis/analysisClient.ts), and the listeners.
 * Why a worker: see analysis/analysisServer.ts and bench/README.md (typing in a 20 MB log).
 * Results are published per document for the editor features (decorations, Problems, hovers ...).
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { Diagnosis, OccurrenceProblem } from '../core';
import { AnalysisClient } from './analysis/analysisClient';
import { Superseded } from './analysis/protocol';
import type { CatalogueService } from './catalogueService';
import { isLogDocument } from './logDocuments';
import { redactionOn } from './redaction';
import { HostTrace } from './hostTrace';
import { TEST_COMMAND, TEST_HOOKS_ENV } from './commandIds';
import { registerTestHook } from './testHooks';

/** The latest analysis of one document. */
export interface DocumentAnalysis {
  /** The document's URI. */
  uri: vscode.Uri;
  /** Document version analysed. */
  version: number;
  /** The diagnosis of the whole document (input 0). */
  diagnosis: Diagnosis;
  /** Per finding, per occurrence (parallel to the findings' occurrences): its Problems row, made in the worker. */
  problems: OccurrenceProblem[][];
  /** How long the analysis took, in ms (wall time, slices and pauses included). */
  elapsedMs: number;
  /** Blocks of the document re-read by this analysis, out of all its blocks. */
  blocksRead: number;
  /** Blocks in the document. */
  blocks: number;
  /** The 1-based line reading stopped at when the analysis reached its time limit (the rest is not analysed). */
  stoppedAtLine?: number;
  /**
   * An early result of a document's first analysis: what {@link FIRST_PASS_MS} of reading found, from
   * the top (where the editor opens), to `stoppedAtLine`; the analysis of the rest follows at once.
   */
  firstPass?: true;
}

/**
 * A document's first analysis shows what it read in this long, then reads on: a 20 MB log is marked
 * from its top within a fraction of a second of reaching the extension, not after the 1.5-3 s the whole
 * takes (measured by bench/typing.mjs).
 */
const FIRST_PASS_MS = 250;

/** Lines of the document sent to the worker between two turns of the event loop, on open. */
const READ_LINES = 2_000;

/** The `postmortemLens.analysisTimeLimit` setting in seconds (0: none). */
export function analysisTimeLimitSeconds(): number {
  const seconds = vscode.workspace.getConfiguration('postmortemLens').get<number>('analysisTimeLimit', 60);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
}

/** Per document: what the worker holds of it. */
interface Mirror {
  /** The catalogue it was sent under (a new catalogue: the worker forgets its documents). */
  catalogue: unknown;
  /** Version of the document the worker's text is at; undefined until it was sent. */
  version: number | undefined;
}

/** A run in progress for one version of a document. */
interface Run {
  version: number;
  cancelled: boolean;
  /** Read the whole document whatever the time limit (the user asked for the rest). */
  unlimited: boolean;
  promise: Promise<DocumentAnalysis>;
}

/** Keeps one analysis per open log document. */
export class DocumentAnalyses implements vscode.Disposable {
  private readonly results = new Map<string, DocumentAnalysis>();
  private readonly mirrors = new Map<string, Mirror>();
  private readonly runs = new Map<string, Run>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly emitter = new vscode.EventEmitter<DocumentAnalysis | { uri: vscode.Uri; cleared: true }>();
  /**
   * Fires when a document's analysis changed (or was cleared when it closed). Each listener runs in a
   * task of its own (in the order they subscribed), so the features that follow an analysis
   * (decorations, status bar, Problems ...) never hold the extension host together for longer than one of them.
   */
  readonly onDidChange: vscode.Event<DocumentAnalysis | { uri: vscode.Uri; cleared: true }> = (listener, thisArgs, disposables) => {
    // Traced (the typing benchmark): each listener's time, named by the function that subscribed it.
    const trace = this.trace;
    const name = trace ? (/at (?:\S+\.)?(\w+) \(/.exec(new Error().stack?.split('\n')[2] ?? '')?.[1] ?? 'listener') : '';
    let live = true;
    const run = (e: DocumentAnalysis | { uri: vscode.Uri; cleared: true }): void => {
      if (!live) return;
      if (!trace) {
        listener.call(thisArgs, e);
        return;
      }
      const t = performance.now();
      const cpu = trace.cpuMs();
      listener.call(thisArgs, e);
      const ms = performance.now() - t;
      if (ms >= 1) trace.event('listener', { name, ms: Math.round(ms), cpuMs: Math.round(trace.cpuMs() - cpu) });
    };
    const subscription = this.emitter.event((e) => {
      setImmediate(run, e);
    });
    const disposable = {
      dispose: () => {
        live = false;
        subscription.dispose();
      },
    };
    disposables?.push(disposable);
    return disposable;
  };
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  /** The host trace of the typing benchmark, when it is on (features add their own events). */
  readonly trace = HostTrace.fromEnvironment();

  private readonly client: AnalysisClient;
  private firstPassMs = FIRST_PASS_MS;
  /** The last analyses of each document, for the extension-host tests only (undefined otherwise). */
  private readonly history =
    process.env[TEST_HOOKS_ENV] === '1' ? new Map<string, { version: number; firstPass: boolean; stoppedAtLine?: number }[]>() : undefined;

  constructor(private readonly catalogues: CatalogueService) {
    // dist/analysisWorker.js sits beside this bundle (dist/extension.js).
    this.client = new AnalysisClient(() => new Worker(path.join(__dirname, 'analysisWorker.js'), { name: 'Postmortem Lens analysis' }));
    this.client.setCatalogue(catalogues.sources);
    // A worker that died took its documents with it: send them again to the next.
    this.client.onRestart = () => {
      this.mirrors.clear();
      this.scheduleAll();
    };
    this.client.onError = (message) => console.error(`Postmortem Lens: analysis worker: ${message}`);
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d.uri)),
      catalogues.onDidChangeCatalogue(() => {
        this.client.setCatalogue(catalogues.sources);
        this.scheduleAll();
      }),
      // The Problems rows are made with the analysis, redacted or not: make them again (the worker's
      // cached blocks make it quick).
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('postmortemLens.redactSecrets')) return;
        this.results.clear();
        this.scheduleAll();
      }),
      { dispose: () => this.client.dispose() },
    );
    if (this.trace) this.disposables.push(this.trace);
    // Test hook: the analyses of a document so far, in order (first pass or not, where reading stopped).
    // `firstPassMs` overrides the first pass's limit (a test's log is read too fast for the real one).
    this.disposables.push(
      ...registerTestHook(TEST_COMMAND.analyses, (uri?: string, opts?: { firstPassMs?: number }) => {
        if (opts?.firstPassMs !== undefined) this.firstPassMs = opts.firstPassMs;
        return uri ? this.history?.get(uri) : undefined;
      }),
    );
    this.scheduleAll();
  }

  private scheduleAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** The latest analysis of a document, if any. */
  get(uri: vscode.Uri): DocumentAnalysis | undefined {
    return this.results.get(uri.toString());
  }

  /**
   * Analyse now, or wait for the run under way (commands call this so they never act on a stale
   * result). `whole`: read past the time limit too (a result that stopped at it is not enough).
   */
  async analyzeNow(doc: vscode.TextDocument, whole = false): Promise<DocumentAnalysis> {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    for (;;) {
      const prev = this.results.get(key);
      if (prev && this.isCurrent(prev, doc) && !(whole && prev.stoppedAtLine !== undefined)) return prev;
      let run = this.runs.get(key);
      if (!run || run.version !== doc.version || run.cancelled || (whole && !run.unlimited)) run = this.start(doc, whole);
      try {
        const result = await run.promise;
        // A first pass's early result is not the answer: wait for the rest.
        if (!result.firstPass) return result;
      } catch (err) {
        // Superseded by an edit: go again for the version now current.
        if (!(err instanceof Superseded) || doc.isClosed) throw err;
      }
    }
  }

  private start(doc: vscode.TextDocument, unlimited = false): Run {
    const key = doc.uri.toString();
    const old = this.runs.get(key);
    if (old) old.cancelled = true;
    const run = { version: doc.version, cancelled: false, unlimited } as Run;
    run.promise = this.analyse(doc, run).finally(() => {
      if (this.runs.get(key) === run) this.runs.delete(key);
    });
    // A cancelled run's rejection is handled by whoever awaits it; nobody may be waiting.
    run.promise.catch(() => undefined);
    this.runs.set(key, run);
    return run;
  }

  private async analyse(doc: vscode.TextDocument, run: Run): Promise<DocumentAnalysis> {
    const key = doc.uri.toString();
    const started = Date.now();
    const mirror = this.mirrorOf(doc);
    if (mirror.version !== doc.version) await this.send(doc, mirror, run);
    if (run.cancelled || doc.isClosed) throw new Superseded();
    // A time limit per run: the blocks read stay cached in the worker, so the next run (after an
    // edit, or the user's Read the Rest) goes on from where this one stopped.
    const configured = analysisTimeLimitSeconds() * 1000;
    const firstPass = !run.unlimited && !this.results.has(key);
    const limitMs = run.unlimited ? 0 : firstPass ? Math.min(this.firstPassMs, configured || this.firstPassMs) : configured;
    const { version, diagnosis, problems, stats } = await this.client.analyze(key, mirror.version!, limitMs, redactionOn());
    const result: DocumentAnalysis = {
      uri: doc.uri,
      version,
      diagnosis,
      problems,
      elapsedMs: Date.now() - started,
      blocksRead: stats.blocksRead,
      blocks: stats.blocks,
    };
    if (stats.stoppedAtLine !== undefined) result.stoppedAtLine = stats.stoppedAtLine;
    // Stopped by the first pass's own short limit, not the user's: the rest is read next, at once.
    if (firstPass && stats.stoppedAtLine !== undefined && limitMs < configured) result.firstPass = true;
    // A provider may ask for a document that has just closed: its URI (untitled:Untitled-1) may
    // already name a new document, which must not inherit these findings.
    if (doc.isClosed) return result;
    this.results.set(key, result);
    if (this.history)
      this.history.set(
        key,
        [...(this.history.get(key) ?? []), { version, firstPass: result.firstPass === true, stoppedAtLine: result.stoppedAtLine }].slice(-20),
      );
    this.emitter.fire(result);
    if (result.firstPass) this.schedule(doc, 0);
    this.trace?.event('analysis', {
      file: doc.uri.path.split('/').pop(),
      version,
      elapsedMs: result.elapsedMs,
      workerMs: stats.workerMs,
      blocksRead: result.blocksRead,
      blocks: stats.blocks,
    });
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

  /**
   * Is `prev` the analysis of the document as it is, with the catalogue in force? A reloaded catalogue
   * (a user signature saved) makes every result stale though no document changed.
   */
  private isCurrent(prev: DocumentAnalysis, doc: vscode.TextDocument): boolean {
    return !prev.firstPass && prev.version === doc.version && this.mirrors.get(doc.uri.toString())?.catalogue === this.catalogues.catalogue;
  }

  /** What the worker holds of the document; a new mirror (to be sent in full) when there is none or the catalogue changed. */
  private mirrorOf(doc: vscode.TextDocument): Mirror {
    const key = doc.uri.toString();
    let m = this.mirrors.get(key);
    if (!m || m.catalogue !== this.catalogues.catalogue) {
      m = { catalogue: this.catalogues.catalogue, version: undefined };
      this.mirrors.set(key, m);
    }
    return m;
  }

  /**
   * Send the whole document to the worker, {@link READ_LINES} lines at a time with a turn of the event
   * loop between (one `getText()` of a 20 MB text blocks for ~50 ms). Edits meanwhile: start over.
   */
  private async send(doc: vscode.TextDocument, mirror: Mirror, run: Run): Promise<void> {
    const key = doc.uri.toString();
    const name = vscode.workspace.asRelativePath(doc.uri);
    for (;;) {
      const version = doc.version;
      mirror.version = undefined;
      const count = doc.lineCount;
      for (let at = 0; at < count && doc.version === version; at += READ_LINES) {
        if (run.cancelled || doc.isClosed) throw new Superseded();
        const lines: string[] = [];
        for (let i = at; i < Math.min(count, at + READ_LINES); i++) lines.push(doc.lineAt(i).text);
        const last = at + READ_LINES >= count;
        this.client.sendText(key, name, version, lines, at === 0, last && doc.version === version);
        if (!last) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (doc.version !== version) continue;
      mirror.version = version;
      return;
    }
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const key = e.document.uri.toString();
    const mirror = this.mirrors.get(key);
    if (mirror && mirror.version !== undefined && e.contentChanges.length > 0 && e.document.version > mirror.version) {
      // Each change applies to the text the one before left (VS Code's contract); the worker applies them in order.
      // Plain data: a vscode.Range keeps its positions in private fields, which a structured clone would lose.
      this.client.edit(
        key,
        e.document.version,
        e.contentChanges.map(({ range: { start, end }, text }) => ({
          range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } },
          text,
        })),
      );
      mirror.version = e.document.version;
    }
    const run = this.runs.get(key);
    if (run && run.version !== e.document.version) run.cancelled = true;
    this.schedule(e.document);
  }

  private schedule(doc: vscode.TextDocument, delay?: number): void {
    if (!isLogDocument(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    const ms = delay ?? vscode.workspace.getConfiguration('postmortemLens').get<number>('debounceMs', 400);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (doc.isClosed) return;
        // One try: an edit that supersedes this run has scheduled the next one (after its own pause).
        const prev = this.results.get(key);
        if (prev && this.isCurrent(prev, doc)) return;
        const run = this.runs.get(key);
        (run && run.version === doc.version && !run.cancelled ? run : this.start(doc)).promise.catch((err) => {
          if (!(err instanceof Superseded)) console.error('Postmortem Lens: analysis failed', err);
        });
      }, ms),
    );
  }

  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const run = this.runs.get(key);
    if (run) run.cancelled = true;
    if (this.mirrors.delete(key)) this.client.close(key);
    if (this.results.delete(key)) this.emitter.fire({ uri, cleared: true });
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const r of this.runs.values()) r.cancelled = true;
    for (const d of this.disposables) d.dispose();
  }
}
