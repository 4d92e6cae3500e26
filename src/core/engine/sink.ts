/** What the input analyzer reports to, so that collection (and its memory bounds) lives in one place. */
import type { LogEvent, Occurrence } from '../../model';
import type { TableRow } from '../diagnose/crossChecks';
import { judgeUnmatched, type Verdict } from '../diagnose/errorEvidence';
import { templateOf } from '../diagnose/templates';

/** Receives matches and unmatched error events, in input order. */
export interface MatchSink {
  /** A step of a rule of signature `sig` matched. `rule`/`step` matter for multi-step rules. */
  onStepMatch(sig: number, rule: number, step: number, occurrence: Occurrence): void;
  /** An event no signature matched that has an error word or an error level (the collector judges it). */
  onUnknownError(event: LogEvent): void;
  /** The same, judged already (and templated when kept): what {@link onUnknownError} would do with it. */
  addJudged?(event: LogEvent, verdict: Verdict, template?: string): void;
  /** A row of a `kubectl get` table, for the catalogue's cross-line checks (only when it has some). */
  onTableRow?(row: TableRow): void;
}

/** One call to a {@link MatchSink}, as data (it crosses to another thread as it is). */
export type SinkRecord =
  { sig: number; rule: number; step: number; occurrence: Occurrence } | { event: LogEvent; verdict: Verdict; template?: string } | { row: TableRow };

/**
 * A sink that keeps its calls, to be replayed in input order into the run's own sink. Unmatched
 * events are judged and templated here, so a block read on another thread does that work there.
 */
export class RecordingSink implements MatchSink {
  readonly records: SinkRecord[] = [];
  onStepMatch(sig: number, rule: number, step: number, occurrence: Occurrence): void {
    this.records.push({ sig, rule, step, occurrence });
  }
  onUnknownError(event: LogEvent): void {
    const verdict = judgeUnmatched(event);
    this.records.push(verdict.keep ? { event, verdict, template: templateOf(event.message) } : { event, verdict });
  }
  onTableRow(row: TableRow): void {
    this.records.push({ row });
  }
}

/** Make the calls `records` kept, in their order. */
export function replay(records: readonly SinkRecord[], sink: MatchSink): void {
  for (const r of records) {
    if ('row' in r) sink.onTableRow?.(r.row);
    else if (!('event' in r)) sink.onStepMatch(r.sig, r.rule, r.step, r.occurrence);
    else if (sink.addJudged) sink.addJudged(r.event, r.verdict, r.template);
    else sink.onUnknownError(r.event);
  }
}
