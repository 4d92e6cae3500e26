/**
 * Findings of open logs in the Problems panel: one diagnostic per occurrence (every occurrence: the
 * analysis of a document keeps them all), set in one call. The message is the signature's headline
 * filled with this occurrence's values (secrets redacted, as in every output, unless
 * `postmortemLens.redactSecrets` is off), the code is the signature id linking to its catalogue page,
 * and the related information points at the cause and effect lines of the root causes' chains. The
 * words of each row are made with the analysis in its worker (core/report/problems.ts); here they only
 * become diagnostics, in slices.
 *
 * VS Code's Problems panel shows at most 1,000 diagnostics per file (errors first) and itself adds a
 * row "Not showing N further errors and warnings."; every diagnostic stays in the collection
 * (`vscode.languages.getDiagnostics`), the decorations and Alt+F8 navigation.
 */
import * as vscode from 'vscode';
import type { FindingSeverity } from '../../core';
import type { DocumentAnalysis } from '../documentAnalyses';
import { openSignatureCommandUri } from '../commands/postmortemFile';
import type { Services } from '../services';
import { placedOccurrences, rangeOf, type PlacedOccurrence } from './occurrenceRanges';
import { TEST_COMMAND } from '../commandIds';
import { registerTestHook } from '../testHooks';

/** Diagnostics built between two yields to the event loop. */
const SLICE = 1_000;

/** The Problems severity of a finding's severity (also for the streamed large files' entries). */
export const DIAGNOSTIC_SEVERITY: Record<FindingSeverity, vscode.DiagnosticSeverity> = {
  critical: vscode.DiagnosticSeverity.Error,
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The most diagnostics VS Code's Problems panel shows per file (extHostDiagnostics' `_maxDiagnosticsPerFile`). */
export const PROBLEMS_PER_FILE = 1000;

/** A `command:` URI that opens a signature's catalogue page. */
export function signatureLink(id: string): vscode.Uri {
  return vscode.Uri.parse(openSignatureCommandUri(id));
}

/** Register the diagnostics. */
export function registerDiagnostics({ analyses }: Services): vscode.Disposable[] {
  const collection = vscode.languages.createDiagnosticCollection('postmortemLens');
  /** Per document: diagnostics set and the time to build and set them (read by the in-editor measurements). */
  const stats = new Map<string, { count: number; buildMs: number; longestSliceMs: number; setMs: number }>();
  /** Per document: the latest update, so a slower earlier one gives up. */
  const generation = new Map<string, number>();
  const update = async (uri: vscode.Uri): Promise<void> => {
    const key = uri.toString();
    const gen = (generation.get(key) ?? 0) + 1;
    generation.set(key, gen);
    // A task of its own: the analysis's other listeners (decorations, status bar) run first, so no
    // one task of the extension host holds all of them.
    await new Promise((r) => setImmediate(r));
    if (generation.get(key) !== gen) return;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    const analysis = analyses.get(uri);
    if (!doc || !analysis) { collection.delete(uri); stats.delete(key); return; }
    const started = performance.now();
    let sliceStart = started;
    let longest = 0;
    const placed = placedOccurrences(doc, analysis);
    const prepared = performance.now();
    const diagnostics: vscode.Diagnostic[] = [];
    for (let i = 0; i < placed.length; i++) {
      // 100k entries take a few hundred ms to build: yield between slices so the extension host
      // keeps answering, and give up when a newer analysis of the document arrived.
      if (i > 0 && i % SLICE === 0) {
        longest = Math.max(longest, performance.now() - sliceStart);
        await new Promise((r) => setImmediate(r));
        if (generation.get(key) !== gen || doc.isClosed) return;
        sliceStart = performance.now();
      }
      diagnostics.push(toDiagnostic(doc, placed[i], analysis));
    }
    const built = performance.now();
    longest = Math.max(longest, built - sliceStart);
    collection.set(uri, diagnostics);
    const round = (ms: number): number => Math.round(ms * 10) / 10;
    stats.set(key, { count: diagnostics.length, buildMs: round(built - started), longestSliceMs: round(longest), setMs: round(performance.now() - built) });
    analyses.trace?.event('problems', { ...stats.get(key), prepareMs: round(prepared - started) });
  };
  /** The row the worker made for this occurrence (its message and related lines), as a diagnostic. */
  const toDiagnostic = (doc: vscode.TextDocument, p: PlacedOccurrence, analysis: DocumentAnalysis): vscode.Diagnostic => {
    const row = analysis.problems[p.at[0]][p.at[1]];
    const d = new vscode.Diagnostic(p.range, row.message, DIAGNOSTIC_SEVERITY[p.finding.severity]);
    d.source = 'Postmortem Lens';
    d.code = { value: p.finding.signatureId, target: signatureLink(p.finding.signatureId) };
    if (row.related.length) {
      d.relatedInformation = row.related.map((r) => new vscode.DiagnosticRelatedInformation(
        new vscode.Location(doc.uri, rangeOf(doc, analysis.diagnosis.findings[r.finding].occurrences[r.occurrence])), r.message));
    }
    return d;
  };
  return [
    collection, analyses.onDidChange((a) => { void update(a.uri); }),
    ...registerTestHook(TEST_COMMAND.problems, (uri: string) => stats.get(uri)),
  ];
}
