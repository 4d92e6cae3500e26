/** What the input analyzer reports to, so that collection (and its memory bounds) lives in one place. */
import type { LogEvent, Occurrence } from '../../model';

/** Receives matches and unmatched error events, in input order. */
export interface MatchSink {
  /** A step of a rule of signature `sig` matched. `rule`/`step` matter for multi-step rules. */
  onStepMatch(sig: number, rule: number, step: number, occurrence: Occurrence): void;
  /** An event no signature matched that has an error word or an error level (the collector judges it). */
  onUnknownError(event: LogEvent): void;
}
