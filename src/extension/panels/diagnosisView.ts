/**
 * Builds what the Diagnosis page shows from a Diagnosis: plain JSON for the webview's `show`
 * message, with secrets redacted from every piece of log text when asked. Pure (no `vscode`), so
 * the unit suite covers it.
 */
import {
  fillCommand,
  incidentValues,
  missingNote,
  notShownSentence,
  redactText,
  setAsideSentence,
  type Catalogue,
  type Diagnosis,
  type Finding,
  grouped,
} from '../../core';
import type { DiagnosisViewModel, ViewFinding } from '../../../webview/diagnosis/protocol';

/** Options for {@link toViewModel}. */
export interface ViewModelOptions {
  /** Redact secrets from log text (the `postmortemLens.redactSecrets` setting). */
  redact: boolean;
  /**
   * Occurrences listed per finding (default {@link OCCURRENCES_LISTED}): the page lists them in pages,
   * and says "N of M listed" when a finding has more (all of them stay marked in the editor).
   */
  occurrencesPerFinding?: number;
  /** The catalogue, for each finding's next check (filled from the incident's values). */
  catalogue?: Catalogue;
}

/** Occurrences listed per finding in the page by default. */
export const OCCURRENCES_LISTED = 5_000;
/** Characters of an occurrence's first line sent to the page. */
const LINE_CHARS = 300;

/** The page's model of `d`. */
export function toViewModel(d: Diagnosis, opts: ViewModelOptions): DiagnosisViewModel {
  const clean = opts.redact ? redactText : (s: string): string => s;
  const cap = Math.max(2, opts.occurrencesPerFinding ?? OCCURRENCES_LISTED);
  const inputName = (i: number): string => d.inputs[i]?.name ?? `input ${i + 1}`;
  return {
    inputs: d.inputs.map((i, index) => ({
      index,
      name: i.name,
      lines: i.lines,
      bytes: i.bytes,
      kinds: [...i.kinds],
      segments: i.segments.map((s) => ({ kind: s.kind, startLine: s.startLine, endLine: s.endLine, ...(s.stages?.length ? { stages: [...s.stages] } : {}) })),
      notices: i.notices.map((n) => ({ level: n.level, message: clean(n.message), ...(n.line !== undefined ? { line: n.line } : {}) })),
    })),
    rootCauses: d.rootCauses.map((r) => ({
      signatureId: r.signatureId,
      title: r.title,
      confidence: r.confidence,
      chain: r.chain.map((c) => ({ signatureId: c.signatureId, title: c.title, firstSeen: c.firstSeen, ...(c.because ? { because: clean(c.because) } : {}) })),
      reasons: r.reasons.map(clean),
    })),
    findings: d.findings.map((f) => viewFinding(d, f, clean, cap, opts.catalogue)),
    unknownErrors: d.unknownErrors.map((u) => ({
      template: clean(u.template),
      count: u.count,
      firstSeen: u.firstSeen,
      level: u.level,
      score: u.score,
      reasons: u.reasons.map(clean),
      examples: u.examples.map((e) => ({ input: e.input, line: e.line, text: clean(e.text) })),
      variables: u.variables.map((v) => ({ values: v.values.map((x) => ({ value: clean(x.value), count: x.count })), other: v.other })),
      sampledLines: u.sampledLines,
    })),
    unknownNotes: [notShownSentence(d, d.unknownErrors.length), setAsideSentence(d)].filter((n): n is string => n !== null),
    timeline: d.timeline.map((t) => ({
      input: t.input,
      line: t.line,
      timestamp: t.timestamp,
      signatureId: t.signatureId,
      severity: t.severity,
      text: clean(t.text),
      source: t.source || inputName(t.input),
    })),
    signaturesUsed: d.signaturesUsed,
    redacted: opts.redact,
  };
}

function viewFinding(d: Diagnosis, f: Finding, clean: (s: string) => string, cap: number, catalogue: Catalogue | undefined): ViewFinding {
  // Keep the first ones and the last one, as the engine does, so "last seen" stays reachable.
  const kept = f.occurrences.length <= cap ? f.occurrences : [...f.occurrences.slice(0, cap - 1), f.occurrences[f.occurrences.length - 1]];
  const firstLine = (text: string): string => {
    const line = text.split('\n', 1)[0];
    return line.length > LINE_CHARS ? line.slice(0, LINE_CHARS - 1) + '…' : line;
  };
  const v: ViewFinding = {
    signatureId: f.signatureId,
    title: f.title,
    severity: f.severity,
    category: f.category,
    headline: clean(f.headline),
    count: f.count,
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
    // The first occurrence keeps its whole text (the page shows and copies it); the list shows first lines,
    // cut after redaction (a secret cut first would no longer be recognised).
    occurrences: kept.map((o, i) => ({ input: o.input, line: o.line, text: i === 0 ? clean(o.text) : firstLine(clean(o.text)), timestamp: o.timestamp })),
  };
  if (kept.length < f.count) {
    const n = grouped(kept.length);
    const m = grouped(f.count);
    v.occurrencesNote =
      f.occurrenceLimit !== undefined && f.occurrences.length < f.count
        ? `${n} of ${m} listed: the run kept the first ${grouped(f.occurrenceLimit - 1)} and the last one`
        : `${n} of ${m} listed (the first and the last); every one is marked in its log in the editor`;
  }
  const check = catalogue?.get(f.signatureId)?.signature.checks[0];
  if (check) {
    const { text, missing } = fillCommand(check.command, incidentValues(d, f, f.occurrences[0]));
    v.check = { title: check.title, command: clean(text), ...(missing.length ? { missing: missingNote(missing)! } : {}) };
  }
  return v;
}
