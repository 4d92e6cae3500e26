/**
 * Analysis of open log documents: debounced after edits, skipped when the document version did not
 * change, incremental and time-sliced, so typing in a large log stays instant:
 * - each content change is applied to the core's IncrementalDocument as it happens (the edited block
 *   only, no `getText()` of the whole document), and only the blocks an edit touched are read again;
 * - the work runs in slices of about {@link SLICE_MS} ms with the event loop free in between, and a
 *   newer edit cancels a run at its next slice (the blocks it read stay cached).
 * Why slices on the extension host rather than a worker thread (measured on the 20 MB log of
 * bench/typing.mjs, see bench/README.md): a re-analysis after an edit re-reads one block and merges the
 * cached results of the others, ~50-100 ms in slices of mostly under 25 ms (bench/incremental.mjs);
 * a worker would have to send the whole diagnosis back, and deserialising its 24 000 occurrences
 * (11 MB) on the extension host alone blocks it for ~75 ms, longer than any slice.
 * Results are published per document for the editor features (decorations, Problems, hovers ...).
 */
import * as vscode from 'vscode';
import { IncrementalDocument, sniffYears, type Catalogue, type Diagnosis } from '../core';
import type { EngineService } from './engineService';
import { isLogDocument } from './logDocuments';
import { HostTrace } from './hostTrace';

/** The latest analysis of one document. */
export interface DocumentAnalysis {
  /** The document's URI. */
  uri: vscode.Uri;
  /** Document version analysed. */
  version: number;
  /** The diagnosis of the whole document (input 0). */
  diagnosis: Diagnosis;
  /** How long the analysis took, in ms (wall time, slices and pauses included). */
  elapsedMs: number;
  /** Blocks of the document re-read by this analysis, out of all its blocks. */
  blocksRead: number;
  /** Blocks in the document. */
  blocks: number;
  /** The 1-based line reading stopped at when the analysis reached its time limit (the rest is not analysed). */
  stoppedAtLine?: number;
}

/** Longest stretch of analysis work before the event loop gets a turn. */
const SLICE_MS = 8;
/** Lines of the document read into the mirror between two looks at the clock, on open. */
const READ_LINES = 2_000;
/** Characters of the document's head its year is read from. */
const HEAD_CHARS = 256 * 1024;

/** The `postmortemLens.analysisTimeLimit` setting in seconds (0: none). */
export function analysisTimeLimitSeconds(): number {
  const seconds = vscode.workspace.getConfiguration('postmortemLens').get<number>('analysisTimeLimit', 60);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
}

/** Thrown at a slice boundary when a newer edit made the run pointless. */
class Superseded extends Error {}

/** Per document: the incremental reader and the document version its text mirrors. */
interface Mirror {
  catalogue: Catalogue;
  doc: IncrementalDocument;
  /** Version of the document the mirrored text is at; undefined until it was read. */
  version: number | undefined;
  /** The year read from its head, with that head. */
  head: string | undefined;
  year: number;
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
  /** Fires when a document's analysis changed (or was cleared when it closed). */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private readonly trace = HostTrace.fromEnvironment();

  constructor(private readonly engine: EngineService) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d.uri)),
      engine.onDidChangeCatalogue(() => { for (const d of vscode.workspace.textDocuments) this.schedule(d, 0); }),
    );
    if (this.trace) this.disposables.push(this.trace);
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
        return await run.promise;
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
    run.promise = this.analyse(doc, run).finally(() => { if (this.runs.get(key) === run) this.runs.delete(key); });
    // A cancelled run's rejection is handled by whoever awaits it; nobody may be waiting.
    run.promise.catch(() => undefined);
    this.runs.set(key, run);
    return run;
  }

  private async analyse(doc: vscode.TextDocument, run: Run): Promise<DocumentAnalysis> {
    const key = doc.uri.toString();
    const started = Date.now();
    let sliceStart = performance.now();
    // For the trace: the longest slice in wall time, and its work at most: the smaller of wall and
    // process CPU time (wall counts waiting for a CPU on a loaded machine, CPU counts V8's helper threads).
    let longestSlice = 0;
    let longestSliceCpu = 0;
    let sliceCpu = this.trace ? process.cpuUsage() : undefined;
    const endSlice = (): void => {
      const wall = performance.now() - sliceStart;
      longestSlice = Math.max(longestSlice, wall);
      if (sliceCpu) { const c = process.cpuUsage(sliceCpu); longestSliceCpu = Math.max(longestSliceCpu, Math.min(wall, (c.user + c.system) / 1000)); }
    };
    const nextSlice = (): Promise<void> => new Promise<void>((resolve) => setImmediate(() => {
      sliceStart = performance.now();
      if (sliceCpu) sliceCpu = process.cpuUsage();
      resolve();
    }));
    const pause = (): Promise<void> | undefined => {
      if (run.cancelled || doc.isClosed) throw new Superseded();
      if (performance.now() - sliceStart < SLICE_MS) return undefined;
      endSlice();
      return nextSlice();
    };
    const mirror = this.mirrorOf(doc);
    if (mirror.version !== doc.version) await this.read(doc, mirror, pause);
    // The year comes from the document's head; an edit elsewhere must not make us parse it again.
    const head = mirror.doc.head(HEAD_CHARS);
    if (head !== mirror.head) {
      mirror.head = head;
      mirror.year = sniffYears([head])[0] ?? new Date().getUTCFullYear();
    }
    const version = doc.version;
    // A time limit per run: the blocks read stay cached, so the next run (after an edit, or the user's
    // Read the Rest) goes on from where this one stopped.
    const limitMs = run.unlimited ? 0 : analysisTimeLimitSeconds() * 1000;
    const expired = limitMs > 0 ? (): boolean => Date.now() - started > limitMs : undefined;
    const diagnosis = await mirror.doc.diagnoseSliced(mirror.year, pause, expired);
    const { reused, blocks, stoppedAtLine } = mirror.doc.lastStats;
    const result: DocumentAnalysis = { uri: doc.uri, version, diagnosis, elapsedMs: Date.now() - started, blocksRead: blocks - reused, blocks };
    if (stoppedAtLine !== undefined) result.stoppedAtLine = stoppedAtLine;
    // A provider may ask for a document that has just closed: its URI (untitled:Untitled-1) may
    // already name a new document, which must not inherit these findings.
    if (doc.isClosed) return result;
    this.results.set(key, result);
    // The listeners (decorations, Problems, status bar ...) get a slice of their own.
    endSlice();
    await nextSlice();
    const fired = performance.now();
    this.emitter.fire(result);
    if (this.trace) {
      const listenersMs = performance.now() - fired;
      endSlice();
      this.trace.event('analysis', {
        file: doc.uri.path.split('/').pop(), version, elapsedMs: result.elapsedMs, blocksRead: result.blocksRead, blocks,
        longestSliceMs: Math.round(longestSlice), longestSliceCpuMs: Math.round(longestSliceCpu), listenersMs: Math.round(listenersMs),
      });
    }
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
    return prev.version === doc.version && this.mirrors.get(doc.uri.toString())?.catalogue === this.engine.catalogue;
  }

  /** The document's mirror; a new one (to be read in full) when there is none or the catalogue changed. */
  private mirrorOf(doc: vscode.TextDocument): Mirror {
    const key = doc.uri.toString();
    let m = this.mirrors.get(key);
    if (!m || m.catalogue !== this.engine.catalogue) {
      m = { catalogue: this.engine.catalogue, doc: new IncrementalDocument(this.engine.catalogue, vscode.workspace.asRelativePath(doc.uri)), version: undefined, head: undefined, year: 0 };
      this.mirrors.set(key, m);
    }
    return m;
  }

  /**
   * Read the whole document into the mirror, in slices. Lines come from `lineAt`, which hands out the
   * extension host's own line strings: the mirror shares them instead of holding a second copy of a
   * 20 MB text (and one `getText()` of it blocks for ~50 ms). Edits meanwhile: start over.
   */
  private async read(doc: vscode.TextDocument, mirror: Mirror, pause: () => Promise<void> | undefined): Promise<void> {
    for (;;) {
      const version = doc.version;
      const lines: string[] = new Array(doc.lineCount);
      for (let i = 0; i < lines.length && doc.version === version; i++) {
        lines[i] = doc.lineAt(i).text;
        if (i % READ_LINES === READ_LINES - 1) {
          const p = pause();
          if (p) await p;
        }
      }
      if (doc.version !== version) continue;
      mirror.doc.setLines(lines);
      mirror.version = version;
      return;
    }
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const key = e.document.uri.toString();
    const mirror = this.mirrors.get(key);
    if (mirror && mirror.version !== undefined && e.contentChanges.length > 0) {
      if (e.document.version > mirror.version) {
        // Each change is applied in order, each to the text the one before left (VS Code's contract).
        // CRLF documents: the mirror holds lines without their ends.
        for (const c of e.contentChanges) mirror.doc.applyEdit({ range: c.range, text: c.text.replace(/\r\n/g, '\n') });
        mirror.version = e.document.version;
      }
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
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      if (doc.isClosed) return;
      // One try: an edit that supersedes this run has scheduled the next one (after its own pause).
      const prev = this.results.get(key);
      if (prev && this.isCurrent(prev, doc)) return;
      const run = this.runs.get(key);
      (run && run.version === doc.version && !run.cancelled ? run : this.start(doc)).promise
        .catch((err) => { if (!(err instanceof Superseded)) console.error('Postmortem Lens: analysis failed', err); });
    }, ms));
  }

  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const run = this.runs.get(key);
    if (run) run.cancelled = true;
    this.mirrors.delete(key);
    if (this.results.delete(key)) this.emitter.fire({ uri, cleared: true });
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const r of this.runs.values()) r.cancelled = true;
    for (const d of this.disposables) d.dispose();
  }
}
