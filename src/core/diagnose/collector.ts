/**
 * Collects what the input analyzers report, with fixed memory bounds: per signature a count, the
 * first occurrences and the last one, distinct capture values; per step of multi-step rules a bounded
 * list for chaining; unknown errors judged (errorEvidence) and kept as templates.
 */
import type { LogEvent, Occurrence, UnknownSetAsideReason } from '../../model';
import type { Catalogue } from '../catalogue/catalogue';
import type { MatchSink } from '../engine/sink';
import { judgeUnmatched } from './errorEvidence';
import { TemplateClusterer } from './templates';

/** Occurrences kept per finding (the count stays exact). */
export const MAX_OCCURRENCES = 50;
/** Step matches kept per step of a multi-step rule. */
export const MAX_STEP_MATCHES = 5_000;
const MAX_CAPTURE_VALUES = 20;

/** Running totals of one signature. */
export interface SignatureTally {
  count: number;
  occurrences: Occurrence[];
  last?: Occurrence;
  firstSeen: number | null;
  lastSeen: number | null;
  captureValues: Map<string, Set<string>>;
}

/** The sink every input of a run reports to. */
export class RunCollector implements MatchSink {
  /** Tallies by signature index (single-step rules, and chains once combined). */
  readonly tallies = new Map<number, SignatureTally>();
  /** Multi-step rule matches: key `sig.rule` -> per step list. */
  readonly stepMatches = new Map<string, Occurrence[][]>();
  /** Unknown error templates. */
  readonly unknown = new TemplateClusterer();
  /** Unmatched lines with an error word that were judged not to be errors, by reason. */
  readonly setAside: Record<UnknownSetAsideReason, number> = { quiet: 0, echo: 0, setting: 0, counter: 0, status: 0, outcome: 0 };
  private readonly lastKey = new Map<number, string>();

  constructor(private readonly catalogue: Catalogue) {}

  onStepMatch(sig: number, rule: number, step: number, occ: Occurrence): void {
    const r = this.catalogue.signatures[sig].match[rule];
    if (r.steps.length > 1) {
      const key = `${sig}.${rule}`;
      let lists = this.stepMatches.get(key);
      if (!lists) this.stepMatches.set(key, (lists = r.steps.map(() => [])));
      if (lists[step].length < MAX_STEP_MATCHES) lists[step].push(occ);
      return;
    }
    this.record(sig, occ);
  }

  /** Add an occurrence to a signature's tally (same event twice = once, captures merged). */
  record(sig: number, occ: Occurrence): void {
    let t = this.tallies.get(sig);
    if (!t) this.tallies.set(sig, (t = { count: 0, occurrences: [], firstSeen: null, lastSeen: null, captureValues: new Map() }));
    const key = `${occ.input}:${occ.line}`;
    if (this.lastKey.get(sig) === key) {
      const prev = t.last ?? t.occurrences[t.occurrences.length - 1];
      if (prev) {
        prev.captures = { ...occ.captures, ...prev.captures };
        prev.refs = { ...occ.refs, ...prev.refs };
      }
      this.addCaptureValues(t, occ);
      return;
    }
    this.lastKey.set(sig, key);
    t.count++;
    if (t.occurrences.length < MAX_OCCURRENCES) t.occurrences.push(occ);
    else t.last = occ;
    if (occ.timestamp !== null) {
      if (t.firstSeen === null || occ.timestamp < t.firstSeen) t.firstSeen = occ.timestamp;
      if (t.lastSeen === null || occ.timestamp > t.lastSeen) t.lastSeen = occ.timestamp;
    }
    this.addCaptureValues(t, occ);
  }

  private addCaptureValues(t: SignatureTally, occ: Occurrence): void {
    for (const [k, v] of Object.entries(occ.captures)) {
      let set = t.captureValues.get(k);
      if (!set) t.captureValues.set(k, (set = new Set()));
      if (set.size < MAX_CAPTURE_VALUES) set.add(v);
    }
  }

  onUnknownError(event: LogEvent): void {
    const verdict = judgeUnmatched(event);
    if (verdict.keep) this.unknown.add(event, verdict.level);
    else this.setAside[verdict.why]++;
  }
}
