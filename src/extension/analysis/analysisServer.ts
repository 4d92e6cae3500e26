/**
 * The analysis worker's side: one IncrementalDocument per open log, kept in step with the editor by
 * the host's messages, analysed on request in slices (so edits arriving meanwhile are seen and
 * supersede the run), the result handed out in pieces the host pulls. Never imports `vscode`: it runs
 * in a worker thread (analysisWorker.ts), and the unit tests drive it in-process.
 *
 * Why a worker (measured on the 20 MB log of bench/typing.mjs, see bench/README.md): on the extension
 * host, analysis slices could not all stay under a frame; a piece of a dense block, the grammars'
 * first construction and the garbage collection of the caches each took 100-300 ms at times. In a
 * worker none of that touches the host; the host's share is receiving the result, in pieces of at
 * most {@link PIECE_OCCURRENCES} occurrences (about 1 MB, 2 ms to deserialise each), and its listeners.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Diagnosis, Finding } from '../../model';
import { IncrementalDocument, occurrenceProblems, planYears, redactText, YEAR_HEAD_CHARS, type Catalogue, type OccurrenceProblem } from '../../core';
import { catalogueFromSources } from '../../node/compiledCatalogue';
import { Superseded, withoutOccurrences, type FromWorker, type OccurrencesPart, type ToWorker } from './protocol';

/** Occurrences sent in one piece of a result. */
export const PIECE_OCCURRENCES = 4_000;
/** Work between two turns of the worker's event loop (where edits are received), ms. */
const SLICE_MS = 20;
/** Problems rows' words kept between analyses (about 100 bytes and a key of up to 4 KB each). */
const MAX_WORDS = 100_000;

interface WorkerDoc {
  doc: IncrementalDocument;
  name: string;
  /** The version its text is at; undefined while its text is still arriving. */
  version: number | undefined;
  /** Lines received so far while the text arrives. */
  incoming?: string[];
  head?: string;
  year: number;
}

interface Run {
  id: number;
  key: string;
  cancelled: boolean;
}

/**
 * A finished result being handed out. `same[i]`: the index of the finding of the document's last sent
 * result whose occurrences and rows finding i has unchanged (not sent again).
 */
interface Outgoing {
  id: number;
  key: string;
  diagnosis: Diagnosis;
  problems: OccurrenceProblem[][];
  same: (number | undefined)[];
  finding: number;
  at: number;
}

/** A document's last result sent whole to the host: its id, and per signature its finding's index, occurrences and rows. */
interface Sent {
  id: number;
  findings: Map<string, { index: number; finding: Finding; problems: OccurrenceProblem[] }>;
}

/** Handles the host's messages; `post` sends to the host. */
export class AnalysisServer {
  private catalogue: Catalogue | undefined;
  private readonly docs = new Map<string, WorkerDoc>();
  private readonly runs = new Map<string, Run>();
  private readonly outgoing = new Map<number, Outgoing>();
  /** Per document: its last result the host received whole (see {@link OccurrencesPart}). */
  private readonly sent = new Map<string, Sent>();
  /** The Problems rows' words from earlier analyses, redacted and not (see occurrenceProblems). */
  private readonly words = { redacted: new Map<string, string>(), plain: new Map<string, string>() };
  /** Analyses wait for each other: one at a time keeps the worker's memory to one run's. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly post: (m: FromWorker) => void,
    private readonly thisYear = () => new Date().getUTCFullYear(),
    private readonly pieceOccurrences = PIECE_OCCURRENCES,
  ) {}

  handle(m: ToWorker): void {
    switch (m.type) {
      case 'catalogue':
        this.catalogue = catalogueFromSources(m.sources);
        this.words.redacted.clear();
        this.words.plain.clear();
        // Cached block results belong to the old catalogue: documents are read afresh, sent again by the host.
        for (const r of this.runs.values()) r.cancelled = true;
        this.docs.clear();
        this.sent.clear();
        return;
      case 'text': {
        let d = this.docs.get(m.key);
        if (m.first || !d) {
          this.cancel(m.key);
          this.sent.delete(m.key);
          d = { doc: new IncrementalDocument(this.requireCatalogue(), m.name), name: m.name, version: undefined, incoming: [], year: 0 };
          this.docs.set(m.key, d);
        }
        for (const l of m.lines) d.incoming!.push(l);
        if (m.last) {
          d.doc.setLines(d.incoming!);
          d.incoming = undefined;
          d.version = m.version;
        }
        return;
      }
      case 'edit': {
        const d = this.docs.get(m.key);
        this.cancel(m.key);
        if (!d || d.version === undefined) return;
        for (const c of m.changes) d.doc.applyEdit({ range: c.range, text: c.text.replace(/\r\n/g, '\n') });
        d.version = m.version;
        return;
      }
      case 'analyze':
        this.analyze(m.key, m.id, m.version, m.limitMs, m.redact);
        return;
      case 'more':
        this.sendMore(m.id);
        return;
      case 'close':
        this.cancel(m.key);
        this.docs.delete(m.key);
        this.sent.delete(m.key);
        return;
      case 'forget':
        this.sent.delete(m.key);
        for (const [id, o] of this.outgoing) if (o.key === m.key) this.outgoing.delete(id);
        return;
    }
  }

  private requireCatalogue(): Catalogue {
    if (!this.catalogue) throw new Error('analysis worker: no catalogue was sent before the first document');
    return this.catalogue;
  }

  private cancel(key: string): void {
    const r = this.runs.get(key);
    if (r) r.cancelled = true;
  }

  private analyze(key: string, id: number, version: number, limitMs: number, redact: boolean): void {
    this.cancel(key);
    const run: Run = { id, key, cancelled: false };
    this.runs.set(key, run);
    this.queue = this.queue
      .then(() => this.runAnalysis(run, version, limitMs, redact))
      .catch((err) => {
        if (err instanceof Superseded) this.post({ type: 'superseded', id });
        else this.post({ type: 'failed', id, message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      })
      .finally(() => {
        if (this.runs.get(key) === run) this.runs.delete(key);
      });
  }

  private async runAnalysis(run: Run, version: number, limitMs: number, redact: boolean): Promise<void> {
    const d = this.docs.get(run.key);
    if (run.cancelled || !d || d.version !== version) throw new Superseded();
    const started = Date.now();
    const head = d.doc.head(YEAR_HEAD_CHARS);
    if (head !== d.head) {
      d.head = head;
      d.year = planYears([head], [], this.thisYear())[0];
    }
    let sliceStart = performance.now();
    const pause = (): Promise<void> | undefined => {
      if (run.cancelled) throw new Superseded();
      if (performance.now() - sliceStart < SLICE_MS) return undefined;
      return new Promise<void>((resolve) =>
        setImmediate(() => {
          sliceStart = performance.now();
          resolve();
        }),
      );
    };
    const expired = limitMs > 0 ? (): boolean => Date.now() - started > limitMs : undefined;
    const diagnosis = await d.doc.diagnoseSliced(d.year, pause, expired);
    if (run.cancelled) throw new Superseded();
    const { reused, blocks, stoppedAtLine } = d.doc.lastStats;
    const catalogue = this.requireCatalogue();
    const words = redact ? this.words.redacted : this.words.plain;
    // Bounded: the words of a few analyses of the largest logs, then start afresh.
    if (words.size > MAX_WORDS) words.clear();
    const problems = occurrenceProblems(diagnosis, (sig) => catalogue.get(sig)?.signature.headline, redact ? redactText : (t) => t, words);
    const stats = { blocksRead: blocks - reused, blocks, workerMs: Date.now() - started, ...(stoppedAtLine !== undefined ? { stoppedAtLine } : {}) };
    const before = this.sent.get(run.key);
    const same = diagnosis.findings.map((f, i) => {
      const old = before?.findings.get(f.signatureId);
      return old && sameOccurrences(old.finding, f) && isDeepStrictEqual(old.problems, problems[i]) ? old.index : undefined;
    });
    this.outgoing.set(run.id, { id: run.id, key: run.key, diagnosis, problems, same, finding: 0, at: 0 });
    const base = before && same.some((x) => x !== undefined) ? { base: before.id } : {};
    this.post({ type: 'result', id: run.id, version, diagnosis: { ...diagnosis, findings: diagnosis.findings.map(withoutOccurrences) }, stats, ...base });
  }

  /**
   * The next piece of a result: up to `pieceOccurrences` occurrences, of as many findings as fit (a
   * round trip per finding would cost more than the bytes), then `done`.
   */
  private sendMore(id: number): void {
    const o = this.outgoing.get(id);
    if (!o) return;
    const findings = o.diagnosis.findings;
    const parts: OccurrencesPart[] = [];
    for (let room = this.pieceOccurrences; room > 0 && o.finding < findings.length;) {
      const same = o.same[o.finding];
      if (same !== undefined) {
        parts.push({ finding: o.finding++, same });
        continue;
      }
      const all = findings[o.finding].occurrences;
      if (o.at >= all.length) {
        o.finding++;
        o.at = 0;
        continue;
      }
      const occurrences = all.slice(o.at, o.at + room);
      parts.push({ finding: o.finding, occurrences, problems: o.problems[o.finding].slice(o.at, o.at + room) });
      o.at += occurrences.length;
      room -= occurrences.length;
    }
    if (parts.length === 0) {
      this.outgoing.delete(id);
      this.sent.set(o.key, {
        id,
        findings: new Map(o.diagnosis.findings.map((f, index) => [f.signatureId, { index, finding: f, problems: o.problems[index] }])),
      });
      this.post({ type: 'done', id });
      return;
    }
    this.post({ type: 'occurrences', id, parts });
  }
}

/** Has finding `b` the same occurrences as `a` (cheap checks first: most changed findings differ in count or in a line)? */
function sameOccurrences(a: Finding, b: Finding): boolean {
  const x = a.occurrences;
  const y = b.occurrences;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i].line !== y[i].line || x[i].endLine !== y[i].endLine) return false;
  return isDeepStrictEqual(x, y);
}
