/** From collected matches to the {@link Diagnosis}: findings, root causes, unknown errors, timeline. */
import type { Diagnosis, Finding, InputSummary, TimelineEntry } from '../../model';
import { FINDING_SEVERITIES } from '../../model';
import type { Catalogue } from '../catalogue/catalogue';
import { cutOutsideSecrets } from '../redact/redact';
import { combineChains } from './chains';
import { applyCrossChecks } from './crossChecks';
import type { RunCollector } from './collector';
import { rankRootCauses } from './correlate';
import { rankContext, rankUnknownErrors } from './rankUnknown';
import { applySubsumption } from './subsume';
import { occurrenceValues, renderTemplate } from './renderTemplate';

/** Most timeline entries in a diagnosis. */
export const MAX_TIMELINE = 2_000;

/** Values for templates from a finding's first occurrence (`incidentValues` gives the incident's). */
export function templateValues(f: Pick<Finding, 'occurrences'>): Record<string, string> {
  const o = f.occurrences[0];
  return o ? occurrenceValues(o) : {};
}

/** Build the diagnosis once every input has been read. */
export function buildDiagnosis(catalogue: Catalogue, collector: RunCollector, inputs: InputSummary[]): Diagnosis {
  const steps = buildDiagnosisSliced(catalogue, collector, inputs);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * {@link buildDiagnosis} as a generator that yields between its stages (findings, timeline, root
 * causes, unknown errors), so an editor can let its event loop run in between: on a 20 MB log each
 * stage is tens of ms, the whole more than 80.
 */
export function* buildDiagnosisSliced(catalogue: Catalogue, collector: RunCollector, inputs: InputSummary[]): Generator<void, Diagnosis> {
  combineChains(catalogue, collector);
  applyCrossChecks(catalogue, collector, inputs);
  applySubsumption(catalogue, collector);
  const findings: Finding[] = [];
  for (const [sig, t] of collector.tallies) {
    const s = catalogue.signatures[sig].signature;
    const occurrences = t.last ? [...t.occurrences, t.last] : t.occurrences;
    const captureValues: Record<string, string[]> = {};
    for (const [k, v] of t.captureValues) captureValues[k] = [...v];
    const f: Finding = {
      signatureId: s.id,
      title: s.title,
      severity: s.severity,
      category: s.category,
      headline: s.title,
      count: t.count,
      firstSeen: t.firstSeen,
      lastSeen: t.lastSeen,
      occurrences,
      captureValues,
    };
    if (t.count > occurrences.length) f.occurrenceLimit = collector.maxOccurrences;
    f.headline = s.headline ? renderTemplate(s.headline, templateValues(f)) : s.title;
    findings.push(f);
  }
  const rank = (f: Finding): number => FINDING_SEVERITIES.indexOf(f.severity);
  findings.sort((a, b) => rank(b) - rank(a) || (a.firstSeen ?? Infinity) - (b.firstSeen ?? Infinity) || b.count - a.count);
  yield;
  const timeline = timelineOf(findings);
  yield;
  const rootCauses = rankRootCauses(catalogue, findings);
  yield;
  const clusters = collector.unknown.mergedRecords();
  return {
    inputs,
    findings,
    rootCauses,
    unknownErrors: rankUnknownErrors(clusters, rankContext(findings, rootCauses[0]?.signatureId, clusters)),
    unknownErrorTotals: {
      clusters: clusters.length,
      lines: clusters.reduce((n, c) => n + c.count, 0),
      overflow: collector.unknown.overflow,
      setAside: { ...collector.setAside },
    },
    timeline,
    signaturesUsed: catalogue.signatures.length,
  };
}

/**
 * The first {@link MAX_TIMELINE} timed occurrences in time order. Entries (with their first line of
 * text) are built for those only: a 20 MB log has tens of thousands of occurrences.
 */
function timelineOf(findings: Finding[]): TimelineEntry[] {
  const timed: { f: Finding; o: Finding['occurrences'][number] }[] = [];
  for (const f of findings) for (const o of f.occurrences) if (o.timestamp !== null) timed.push({ f, o });
  timed.sort((a, b) => a.o.timestamp! - b.o.timestamp! || a.o.input - b.o.input || a.o.line - b.o.line);
  return timed.slice(0, MAX_TIMELINE).map(({ f, o }) => {
    const entry: TimelineEntry = {
      timestamp: o.timestamp!,
      signatureId: f.signatureId,
      severity: f.severity,
      text: cutOutsideSecrets(o.text.split('\n', 1)[0], 300),
      input: o.input,
      line: o.line,
    };
    if (o.source !== undefined) entry.source = o.source;
    return entry;
  });
}
