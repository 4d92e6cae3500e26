/**
 * Builds what the Diagnosis page shows from a Diagnosis: plain JSON for the webview's `show`
 * message, with secrets redacted from every piece of log text when asked. Pure (no `vscode`), so
 * the unit suite covers it.
 */
import { notShownSentence, redactText, setAsideSentence, type Diagnosis, type Finding } from '../../core';
import type { DiagnosisViewModel, ViewFinding } from '../../../webview/diagnosis/protocol';

/** Options for {@link toViewModel}. */
export interface ViewModelOptions {
  /** Redact secrets from log text (the `postmortemLens.redactSecrets` setting). */
  redact: boolean;
  /** Occurrences kept per finding (default 50). */
  occurrencesPerFinding?: number;
}

/** The page's model of `d`. */
export function toViewModel(d: Diagnosis, opts: ViewModelOptions): DiagnosisViewModel {
  const clean = opts.redact ? redactText : (s: string): string => s;
  const cap = opts.occurrencesPerFinding ?? 50;
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
    findings: d.findings.map((f) => viewFinding(f, clean, cap)),
    unknownErrors: d.unknownErrors.map((u) => ({
      template: clean(u.template),
      count: u.count,
      firstSeen: u.firstSeen,
      level: u.level,
      score: u.score,
      reasons: u.reasons.map(clean),
      examples: u.examples.map((e) => ({ input: e.input, line: e.line, text: clean(e.text) })),
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

function viewFinding(f: Finding, clean: (s: string) => string, cap: number): ViewFinding {
  // Keep the first ones and the last one, as the engine does, so "last seen" stays reachable.
  const kept = f.occurrences.length <= cap ? f.occurrences : [...f.occurrences.slice(0, cap - 1), f.occurrences[f.occurrences.length - 1]];
  return {
    signatureId: f.signatureId,
    title: f.title,
    severity: f.severity,
    category: f.category,
    headline: clean(f.headline),
    count: f.count,
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
    occurrences: kept.map((o) => ({ input: o.input, line: o.line, text: clean(o.text), timestamp: o.timestamp })),
  };
}
