/**
 * Collects what the input analyzers report: per signature an exact count, its occurrences (all of
 * them, or, when the run sets {@link CollectorOptions.maxOccurrences}, the first ones and the last
 * one, and the finding then says so), distinct capture values; per step of multi-step rules a
 * bounded list for chaining; unknown errors as templates.
 */
import type { LogEvent, Occurrence } from '../../model';
import type { Catalogue } from '../catalogue/catalogue';
import type { MatchSink } from '../engine/sink';
import { TemplateClusterer } from './templates';

/** Options of a {@link RunCollector}. */
export interface CollectorOptions {
  /**
   * Most occurrences kept per signature (the first ones and the last one; the count stays exact).
   * Unset keeps every occurrence: right for documents already in memory (editor buffers). A CLI
   * streaming a multi-GiB file sets a bound, and its output says how many it shows.
   */
  maxOccurrences?: number;
}
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
  private readonly lastKey = new Map<number, string>();
  /** The bound on kept occurrences per signature (Infinity: all kept). */
  readonly maxOccurrences: number;

  constructor(private readonly catalogue: Catalogue, options: CollectorOptions = {}) {
    const max = options.maxOccurrences;
    this.maxOccurrences = max === undefined || max <= 0 || !Number.isFinite(max) ? Infinity : Math.max(2, Math.floor(max));
  }

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
    // With a bound, the last slot holds the latest occurrence, so "last seen" stays reachable.
    if (t.occurrences.length < this.maxOccurrences - 1) t.occurrences.push(occ);
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
    this.unknown.add(event);
  }
}
