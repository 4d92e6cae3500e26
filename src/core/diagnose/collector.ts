/**
 * Collects what the input analyzers report: per signature an exact count, its occurrences (all of
 * them, or, when the run sets {@link CollectorOptions.maxOccurrences}, the first ones and the last
 * one, and the finding then says so), distinct capture values; per step of multi-step rules a
 * bounded list for chaining; unknown errors judged (errorEvidence) and kept as templates.
 */
import type { LogEvent, Occurrence, UnknownSetAsideReason } from '../../model';
import type { Catalogue } from '../catalogue/catalogue';
import type { MatchSink } from '../engine/sink';
import { OCCURRENCE_TEXT_CAP } from '../match/verify';
import { cutOutsideSecrets } from '../redact/redact';
import { judgeUnmatched, type Verdict } from './errorEvidence';
import { MAX_TABLE_ROWS, type TableRow } from './crossChecks';
import { MAX_LINE_FACTS } from './lineFacts';
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

/**
 * Most time a burst spans, from its first line: a kubelet GC cycle or eviction logs its lines within
 * milliseconds. Measured from the first line, not the previous one, so a line repeated every second
 * for an hour stays one occurrence per line, not one long burst.
 */
export const BURST_GAP_MS = 1_000; // exclusive: with second-resolution stamps, the same second only

const OBJECT_REFS = ['namespace', 'pod', 'container', 'node'] as const;

/**
 * Is `next` the next line of the event `prev` is (stamped with its first line's time)? Yes when it
 * is on the line right after, in the same input and kind, from the same writer (source, host, where
 * both name one), stamped within {@link BURST_GAP_MS} of the burst's first line, and about the same things: no capture or object
 * reference with another value (two pods evicted in one second stay two occurrences). Lines without a
 * time are never a burst.
 */
export function continuesBurst(prev: Occurrence, next: Occurrence): boolean {
  if (next.input !== prev.input || next.line !== prev.endLine + 1 || next.kind !== prev.kind) return false;
  // A klog file names its writer only on some lines (`kubelet.go` is the kubelet, `remote_image.go` is nobody): unknown is no conflict.
  if (differ(next.source, prev.source) || differ(next.host, prev.host)) return false;
  if (prev.timestamp === null || next.timestamp === null || Math.abs(next.timestamp - prev.timestamp) >= BURST_GAP_MS) return false;
  for (const [k, v] of Object.entries(next.captures)) if (prev.captures[k] !== undefined && prev.captures[k] !== v) return false;
  for (const k of OBJECT_REFS) if (prev.refs[k] !== undefined && next.refs[k] !== undefined && prev.refs[k] !== next.refs[k]) return false;
  return true;
}

/**
 * A chain occurrence (`occ`, on the line that completes a multi-step rule) whose step before it is
 * inside `prev`, on the line right after `prev`: the decision line and the line naming the evicted
 * pod are one eviction, however many seconds the kubelet took between them.
 */
function completesOnNextLine(prev: Occurrence, occ: Occurrence, stepBefore: Occurrence | undefined): boolean {
  return (
    stepBefore !== undefined &&
    occ.input === prev.input &&
    occ.line === prev.endLine + 1 &&
    stepBefore.input === prev.input &&
    stepBefore.line >= prev.line &&
    stepBefore.line <= prev.endLine
  );
}

const differ = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a !== b;

function capText(text: string): string {
  return text.length > OCCURRENCE_TEXT_CAP ? cutOutsideSecrets(text, OCCURRENCE_TEXT_CAP) + ' …' : text;
}

/** Running totals of one signature. */
export interface SignatureTally {
  count: number;
  occurrences: Occurrence[];
  last?: Occurrence;
  /** Input and line of the event recorded last (the same event reported twice is once). */
  lastInput: number;
  lastLine: number;
  /** True once the latest occurrence is this tally's own copy (it is copied when first changed). */
  latestOwned: boolean;
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
  /** The bound on kept occurrences per signature (Infinity: all kept). */
  readonly maxOccurrences: number;

  constructor(
    private readonly catalogue: Catalogue,
    options: CollectorOptions = {},
  ) {
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

  /**
   * Add an occurrence to a signature's tally. The same event twice is once (captures merged); the next
   * line of a burst of the one before ({@link continuesBurst}) widens that occurrence's range instead
   * of counting again, so one failed GC cycle logged over seven lines is one occurrence.
   */
  record(sig: number, occ: Occurrence, stepBefore?: Occurrence): void {
    let t = this.tallies.get(sig);
    if (!t)
      this.tallies.set(
        sig,
        (t = { count: 0, occurrences: [], firstSeen: null, lastSeen: null, captureValues: new Map(), lastInput: -1, lastLine: -1, latestOwned: false }),
      );
    const prev = t.last ?? t.occurrences[t.occurrences.length - 1];
    if (prev && t.lastInput === occ.input && t.lastLine === occ.line) {
      const own = this.latest(t);
      own.captures = { ...occ.captures, ...own.captures };
      own.refs = { ...occ.refs, ...own.refs };
      this.addCaptureValues(t, occ);
      return;
    }
    t.lastInput = occ.input;
    t.lastLine = occ.line;
    if (prev && (continuesBurst(prev, occ) || completesOnNextLine(prev, occ, stepBefore))) {
      const own = this.latest(t);
      own.endLine = occ.endLine;
      own.text = capText(own.text + '\n' + occ.text);
      own.captures = { ...own.captures, ...occ.captures };
      own.refs = { ...own.refs, ...occ.refs };
      this.addCaptureValues(t, occ);
      return;
    }
    t.count++;
    // Kept as handed in (no copy per occurrence): it is copied only if a burst or a second reading
    // changes it, because the caller's object may be a cached one that the next analysis of an
    // edited document hands in again.
    t.latestOwned = false;
    // With a bound, the last slot holds the latest occurrence, so "last seen" stays reachable.
    if (t.occurrences.length < this.maxOccurrences - 1) t.occurrences.push(occ);
    else t.last = occ;
    if (occ.timestamp !== null) {
      if (t.firstSeen === null || occ.timestamp < t.firstSeen) t.firstSeen = occ.timestamp;
      if (t.lastSeen === null || occ.timestamp > t.lastSeen) t.lastSeen = occ.timestamp;
    }
    this.addCaptureValues(t, occ);
  }

  /** The tally's latest occurrence as its own copy, made on the first change. */
  private latest(t: SignatureTally): Occurrence {
    const cur = t.last ?? t.occurrences[t.occurrences.length - 1];
    if (t.latestOwned) return cur;
    const own = { ...cur };
    if (t.last) t.last = own;
    else t.occurrences[t.occurrences.length - 1] = own;
    t.latestOwned = true;
    return own;
  }

  private addCaptureValues(t: SignatureTally, occ: Occurrence): void {
    for (const [k, v] of Object.entries(occ.captures)) {
      let set = t.captureValues.get(k);
      if (!set) t.captureValues.set(k, (set = new Set()));
      if (set.size < MAX_CAPTURE_VALUES) set.add(v);
    }
  }

  onUnknownError(event: LogEvent): void {
    this.addJudged(event, judgeUnmatched(event));
  }

  /**
   * Rows of `kubectl get` tables for the cross-line checks, up to {@link MAX_TABLE_ROWS}, and line
   * facts (rows whose `fields.fact` names them), up to {@link MAX_LINE_FACTS}: each bound on its own, so
   * a journal full of facts cannot crowd out the tables.
   */
  readonly tableRows: TableRow[] = [];
  /** Rows past the bound, not checked. */
  droppedTableRows = 0;
  private keptLineFacts = 0;
  /** Line facts past the bound, not checked. */
  droppedLineFacts = 0;

  onTableRow(row: TableRow): void {
    if (row.fields.fact !== undefined) {
      if (this.keptLineFacts < MAX_LINE_FACTS) {
        this.keptLineFacts++;
        this.tableRows.push(row);
      } else this.droppedLineFacts++;
    } else if (this.tableRows.length - this.keptLineFacts < MAX_TABLE_ROWS) this.tableRows.push(row);
    else this.droppedTableRows++;
  }

  /** An unmatched event with its verdict (and template, when known already: an incremental re-merge). */
  addJudged(event: LogEvent, verdict: Verdict, template?: string): void {
    if (verdict.keep) this.unknown.add(event, verdict.level, template);
    else this.setAside[verdict.why]++;
  }
}
