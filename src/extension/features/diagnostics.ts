/**
 * Findings of open logs in the Problems panel: one diagnostic per occurrence, up to VS Code's own
 * limit per file. The message is the signature's headline filled with this occurrence's values
 * (secrets redacted, as in every output, unless `postmortemLens.redactSecrets` is off), the code is the
 * signature id linking to its catalogue page, and the related information points at the cause and
 * effect lines of the root causes' chains. The words of each row are made with the analysis in its
 * worker (core/report/problems.ts); here they only become diagnostics.
 *
 * Why several collections: `DiagnosticCollection.set` converts and sends a file's entries to the
 * window in the call (about 10 µs an entry with related lines). Measured in code-server 1.96: one set
 * of 1,000 entries held the extension host 9-35 ms, of 250 entries about 3 ms. So the rows go out in
 * {@link SHARD}-entry collections, each set in a task of its own, and no set holds the host for more
 * than a frame.
 *
 * The limit: VS Code's Problems panel takes at most 1,000 entries per collection and file (errors
 * first, then warnings ..., each in order) and adds "Not showing N further errors and warnings.".
 * Split over collections that limit would no longer apply, and every entry of a 100,000-occurrence log
 * would go to the window at each edit; so the split keeps it: the same first 1,000 VS Code would list,
 * then one row of ours saying how many more there are and where every one is (the editor's marks,
 * Alt+F8, the Diagnosis view and the status bar count all of them).
 */
import * as vscode from 'vscode';
import type { FindingSeverity } from '../../core';
import type { DocumentAnalysis } from '../documentAnalyses';
import { openSignatureCommandUri } from '../commands/postmortemFile';
import type { Services } from '../services';
import { placedOccurrences, rangeOf, type PlacedOccurrence } from './occurrenceRanges';
import { TEST_COMMAND } from '../commandIds';
import { registerTestHook } from '../testHooks';
import { grouped } from '../../core';

/** Entries per collection: one `set` of this many takes about 3 ms (see the header). */
const SHARD = 250;

/** The Problems severity of a finding's severity (also for the streamed large files' entries). */
export const DIAGNOSTIC_SEVERITY: Record<FindingSeverity, vscode.DiagnosticSeverity> = {
  critical: vscode.DiagnosticSeverity.Error,
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The most entries VS Code's Problems panel takes per collection and file (extHostDiagnostics' `_maxDiagnosticsPerFile`). */
export const PROBLEMS_PER_FILE = 1000;

/** The order in which VS Code keeps entries up to its limit: errors first, then warnings, information, hints. */
const SEVERITY_ORDER = [
  vscode.DiagnosticSeverity.Error,
  vscode.DiagnosticSeverity.Warning,
  vscode.DiagnosticSeverity.Information,
  vscode.DiagnosticSeverity.Hint,
];

/** The occurrences the Problems panel lists: all of them, or past VS Code's limit the ones VS Code itself would keep. */
export function listedOccurrences(placed: readonly PlacedOccurrence[]): readonly PlacedOccurrence[] {
  if (placed.length <= PROBLEMS_PER_FILE) return placed;
  const out: PlacedOccurrence[] = [];
  for (const severity of SEVERITY_ORDER) {
    for (const p of placed) {
      if (DIAGNOSTIC_SEVERITY[p.finding.severity] !== severity) continue;
      out.push(p);
      if (out.length === PROBLEMS_PER_FILE) return out;
    }
  }
  return out;
}

/** A `command:` URI that opens a signature's catalogue page. */
export function signatureLink(id: string): vscode.Uri {
  return vscode.Uri.parse(openSignatureCommandUri(id));
}

/** What one update of a document's Problems did (read by the in-editor measurements and tests). */
export interface ProblemsStats {
  /** Occurrences in the analysis. */
  occurrences: number;
  /** Entries set, the row about the ones not listed included. */
  entries: number;
  /** Collections they were split over. */
  collections: number;
  /** Placing the occurrences and choosing the listed ones. */
  prepareMs: number;
  /** The longest task: building one collection's entries and setting them. */
  longestTaskMs: number;
  /** Its CPU time on the extension host's main thread (only while the host trace is on: the typing benchmark). */
  longestTaskCpuMs?: number;
  /** From the first task to the last, yields included. */
  totalMs: number;
}

/** Register the diagnostics. */
export function registerDiagnostics({ analyses }: Services): vscode.Disposable[] {
  const collections: vscode.DiagnosticCollection[] = [];
  const collection = (i: number): vscode.DiagnosticCollection =>
    (collections[i] ??= vscode.languages.createDiagnosticCollection(i === 0 ? 'postmortemLens' : `postmortemLens.${i + 1}`));
  /** Per document: how many collections hold its entries. */
  const used = new Map<string, number>();
  const stats = new Map<string, ProblemsStats>();
  /** Per document: the latest update, so a slower earlier one gives up. */
  const generation = new Map<string, number>();
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  const trace = analyses.trace;
  const update = async (uri: vscode.Uri): Promise<void> => {
    const key = uri.toString();
    const gen = (generation.get(key) ?? 0) + 1;
    generation.set(key, gen);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    const analysis = analyses.get(uri);
    const before = used.get(key) ?? 0;
    if (!doc || !analysis) {
      for (let i = 0; i < before; i++) collections[i].delete(uri);
      used.delete(key);
      stats.delete(key);
      return;
    }
    const started = performance.now();
    const placed = placedOccurrences(doc, analysis);
    const listed = listedOccurrences(placed);
    const prepared = performance.now();
    let longest = prepared - started;
    let longestCpu = 0;
    const parts = Math.ceil(listed.length / SHARD);
    let entries = 0;
    for (let i = 0; i < parts; i++) {
      if (i > 0) {
        // Each collection in a task of its own; a newer analysis of the document takes over.
        await new Promise((r) => setImmediate(r));
        if (generation.get(key) !== gen || doc.isClosed) return;
      }
      const t = performance.now();
      const cpu = trace?.cpuMs() ?? 0;
      const part = listed.slice(i * SHARD, (i + 1) * SHARD).map((p) => toDiagnostic(doc, p, analysis));
      if (i === parts - 1 && placed.length > listed.length) part.push(notListed(placed.length, listed[listed.length - 1].range));
      collection(i).set(uri, part);
      entries += part.length;
      longest = Math.max(longest, performance.now() - t);
      if (trace) longestCpu = Math.max(longestCpu, trace.cpuMs() - cpu);
    }
    // Collections that held this document's entries before and hold none now.
    for (let i = parts; i < before; i++) collections[i].delete(uri);
    used.set(key, parts);
    stats.set(key, {
      occurrences: placed.length,
      entries,
      collections: parts,
      prepareMs: round(prepared - started),
      longestTaskMs: round(longest),
      totalMs: round(performance.now() - started),
      ...(trace ? { longestTaskCpuMs: round(longestCpu) } : {}),
    });
    trace?.event('problems', { ...stats.get(key) });
  };
  /** The row after the listed ones, worded as VS Code's own ("Not showing N further errors and warnings."), and where the rest are. */
  const notListed = (total: number, at: vscode.Range): vscode.Diagnostic => {
    const d = new vscode.Diagnostic(
      at,
      `Not showing ${grouped(total - PROBLEMS_PER_FILE)} further findings: the Problems panel lists at most ${grouped(PROBLEMS_PER_FILE)} per file. ` +
        `All ${grouped(total)} are marked in the editor, reached with Alt+F8 and counted in the status bar and the Diagnosis view.`,
      vscode.DiagnosticSeverity.Information,
    );
    d.source = 'Postmortem Lens';
    return d;
  };
  /** The row the worker made for this occurrence (its message and related lines), as a diagnostic. */
  const toDiagnostic = (doc: vscode.TextDocument, p: PlacedOccurrence, analysis: DocumentAnalysis): vscode.Diagnostic => {
    const row = analysis.problems[p.at[0]][p.at[1]];
    const d = new vscode.Diagnostic(p.range, row.message, DIAGNOSTIC_SEVERITY[p.finding.severity]);
    d.source = 'Postmortem Lens';
    d.code = { value: p.finding.signatureId, target: signatureLink(p.finding.signatureId) };
    if (row.related.length) {
      d.relatedInformation = row.related.map(
        (r) =>
          new vscode.DiagnosticRelatedInformation(
            new vscode.Location(doc.uri, rangeOf(doc, analysis.diagnosis.findings[r.finding].occurrences[r.occurrence])),
            r.message,
          ),
      );
    }
    return d;
  };
  return [
    {
      dispose: () => {
        for (const c of collections) c.dispose();
      },
    },
    analyses.onDidChange((a) => {
      void update(a.uri);
    }),
    ...registerTestHook(TEST_COMMAND.problems, (uri: string) => stats.get(uri)),
  ];
}
