/**
 * Verification: the events located around prefilter hits, checked against the steps of the rules
 * whose literals the hits found, and reported to a {@link MatchSink} in input order.
 */
import type { LogEvent } from '../../model';
import type { Catalogue, StepRef } from '../catalogue/catalogue';
import { excluded, matchStep, toOccurrence } from '../match/verify';
import type { MatchSink } from './sink';

/** Candidate literal ids per event index, and the events worth clustering when nothing matches them. */
export interface Candidates {
  byEvent: Map<number, Set<number>>;
  errorEvents: Set<number>;
}

export function newCandidates(): Candidates {
  return { byEvent: new Map(), errorEvents: new Set() };
}

/** Record that event `ev` holds the literals `ids` (an error word marks it for clustering). */
export function addCandidates(cat: Catalogue, c: Candidates, ev: number, ids: Iterable<number>): void {
  let set = c.byEvent.get(ev);
  for (const id of ids) {
    if (cat.errorLiteralIds.has(id)) c.errorEvents.add(ev);
    const steps = cat.literalSteps[id];
    if (steps.length === 0) continue;
    if (!set) c.byEvent.set(ev, (set = new Set()));
    set.add(id);
  }
}

/**
 * Can one of the rules these literals start match this raw line? Their regexes run on the line with
 * JSON/logrus escapes undone; a rule whose match would only appear across continuation lines is
 * not seen here (tables, where wrapped messages live, are read in full instead).
 */
export function mayMatch(cat: Catalogue, ids: Iterable<number>, raw: string): boolean {
  const text = raw.indexOf('\\') >= 0 ? raw.replace(/\\(["\\/])/g, '$1').replace(/\\[nrt]/g, ' ') : raw;
  for (const id of ids) {
    for (const ref of cat.literalSteps[id]) {
      const step = cat.signatures[ref.sig].match[ref.rule].steps[ref.step];
      if (step.pattern.test(text)) return true;
    }
  }
  return false;
}

/** Is one of these literals an error word (a line worth clustering when no rule matches it)? */
export function hasErrorWord(cat: Catalogue, ids: Iterable<number>): boolean {
  for (const id of ids) if (cat.errorLiteralIds.has(id)) return true;
  return false;
}

/**
 * Match the candidate events (or, with `allEvents`, every event: a catalogue with literal-free rules)
 * and report step matches and unmatched error events to `sink`, in event order.
 */
export function verifyEvents(cat: Catalogue, events: LogEvent[], c: Candidates, allEvents: boolean, sink: MatchSink): void {
  const order = allEvents ? events.map((_, i) => i) : [...new Set([...c.byEvent.keys(), ...c.errorEvents])].sort((a, b) => a - b);
  const matchedLines = new Set<number>();
  const unmatched = new Map<number, LogEvent>();
  for (const idx of order) {
    const event = events[idx];
    // A step reached through several literals is one object (the catalogue shares its StepRef).
    const tried = new Set<StepRef>();
    const matchedSigs = new Set<number>();
    const vetoed = new Map<number, boolean>();
    const refs = [...(c.byEvent.get(idx) ?? [])].flatMap((id) => cat.literalSteps[id]).concat(cat.unfiltered);
    for (const ref of refs) {
      if (tried.has(ref)) continue;
      tried.add(ref);
      const cs = cat.signatures[ref.sig];
      const step = cs.match[ref.rule].steps[ref.step];
      const caps = matchStep(cs, step, event);
      if (!caps) continue;
      let veto = vetoed.get(ref.sig);
      if (veto === undefined) vetoed.set(ref.sig, (veto = excluded(cs, event)));
      if (veto) continue;
      matchedSigs.add(ref.sig);
      sink.onStepMatch(ref.sig, ref.rule, ref.step, toOccurrence(event, caps));
    }
    if (matchedSigs.size > 0) matchedLines.add(event.line);
    else if (c.errorEvents.has(idx) && !unmatched.has(event.line)) unmatched.set(event.line, event);
  }
  // One line can be read into two events (a hit inside a stack trace re-reads its head): it is
  // unmatched only when no reading of it matched, and reported once.
  for (const [line, event] of unmatched) if (!matchedLines.has(line)) sink.onUnknownError(event);
}
