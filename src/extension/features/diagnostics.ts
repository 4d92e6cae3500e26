/**
 * Findings of open logs in the Problems panel: one diagnostic per occurrence (every occurrence: the
 * analysis of a document keeps them all), set in one call. The message is the signature's headline
 * filled with this occurrence's values (secrets redacted, as in every output, unless
 * `postmortemLens.redactSecrets` is off), the code is the signature id linking to its catalogue page,
 * and the related information points at the cause and effect lines of the root causes' chains.
 *
 * VS Code's Problems panel shows at most 1,000 diagnostics per file (errors first) and itself adds a
 * row "Not showing N further errors and warnings."; every diagnostic stays in the collection
 * (`vscode.languages.getDiagnostics`), the decorations and Alt+F8 navigation.
 */
import * as vscode from 'vscode';
import { occurrenceHeadline, relatedOccurrences, type FindingSeverity } from '../../core';
import { openSignatureCommandUri } from '../commands/postmortemFile';
import type { Services } from '../services';
import { outgoingText } from '../redaction';
import { placedOccurrences, rangeOf, type PlacedOccurrence } from './occurrenceRanges';
import { TEST_COMMAND } from '../commandIds';
import { registerTestHook } from '../testHooks';

/** Diagnostics built between two yields to the event loop. */
const SLICE = 500;

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
export function registerDiagnostics({ analyses, engine }: Services): vscode.Disposable[] {
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
    const related = relatedOccurrences(analysis.diagnosis);
    const placed = placedOccurrences(doc, analysis);
    // Problems rows can be copied: their log values are redacted like every output (setting read once).
    const clean = outgoingText();
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
      diagnostics.push(toDiagnostic(doc, placed[i], related, clean));
    }
    const built = performance.now();
    longest = Math.max(longest, built - sliceStart);
    collection.set(uri, diagnostics);
    const round = (ms: number): number => Math.round(ms * 10) / 10;
    stats.set(key, { count: diagnostics.length, buildMs: round(built - started), longestSliceMs: round(longest), setMs: round(performance.now() - built) });
  };
  const toDiagnostic = (doc: vscode.TextDocument, p: PlacedOccurrence, related: ReturnType<typeof relatedOccurrences>, clean: (s: string) => string): vscode.Diagnostic => {
    const s = engine.catalogue.get(p.finding.signatureId)?.signature;
    // With its time: two GC cycles that wanted the same bytes are still two rows one can tell apart.
    const d = new vscode.Diagnostic(p.range, clean(occurrenceHeadline(s?.headline, p.finding.title, p.occurrence, { time: true })), DIAGNOSTIC_SEVERITY[p.finding.severity]);
    d.source = 'Postmortem Lens';
    d.code = { value: p.finding.signatureId, target: signatureLink(p.finding.signatureId) };
    const links = related(p.finding, p.occurrence);
    if (links.length) {
      d.relatedInformation = links.map((r) => {
        const rs = engine.catalogue.get(r.finding.signatureId)?.signature;
        const what = clean(occurrenceHeadline(rs?.headline, r.finding.title, r.occurrence));
        return new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, rangeOf(doc, r.occurrence)),
          `${r.role === 'cause' ? 'caused by' : 'leads to'}: ${what} [${r.finding.signatureId}]`);
      });
    }
    return d;
  };
  return [
    collection, analyses.onDidChange((a) => { void update(a.uri); }),
    ...registerTestHook(TEST_COMMAND.problems, (uri: string) => stats.get(uri)),
  ];
}
