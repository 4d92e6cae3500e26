/**
 * Verification: the events located around prefilter hits, checked against the steps of the rules
 * whose literals the hits found, and reported to a {@link MatchSink} in input order.
 */
import type { LogEvent } from '../../model';
import { unquoteGo } from '../../../grammars/common/goQuote';
import type { Catalogue, StepRef } from '../catalogue/catalogue';
import { excluded, matchStep, toOccurrence, unescaped } from '../match/verify';
import type { CompiledStep } from '../rules/compiledRule';
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
 * Can one of the rules these literals start match this raw line? Their regexes run on the line, then
 * on the readings a grammar or the verifier may give it: its first quoted string read as Go reads it
 * (klog's structured message, `"conn write failure" err=...`, is the text `conn write failure
 * err=...`), and each with escapes undone, up to two levels, as the verifier reads them (JSON
 * strings, klog values). A line holding a JSON object is taken as it is when a rule's literals are
 * in it (its fields are read into the message in ways no reading of the raw text gives). A rule whose
 * match would only appear across continuation lines is not seen here (tables, where wrapped messages
 * live, are read in full instead). test/unit/core/fastPath.test.ts checks the fast path against
 * parsing every line.
 */
export function mayMatch(cat: Catalogue, ids: Iterable<number>, raw: string): boolean {
  // One array for every call (the fast path asks for each hit line): no allocation per line.
  const steps = stepsOfHit;
  steps.length = 0;
  for (const id of ids) for (const ref of cat.literalSteps[id]) steps.push(cat.signatures[ref.sig].match[ref.rule].steps[ref.step]);
  if (steps.length === 0) return false;
  // A JSON object's fields are rendered by the grammars into the message (`"pod":{"name":"web-1",
  // "namespace":"shop"}` is `pod="shop/web-1"`), a reading no text of the raw line gives: such a line
  // is parsed whenever a rule's literals are there.
  if (raw.includes('{"')) return true;
  if (anyMatches(steps, raw)) return true;
  const unquoted = firstQuotedRead(raw);
  if (unquoted !== undefined && (anyMatches(steps, unquoted) || unescapedMatches(steps, unquoted))) return true;
  return unescapedMatches(steps, raw);
}

const stepsOfHit: CompiledStep[] = [];

function anyMatches(steps: readonly CompiledStep[], text: string): boolean {
  for (const s of steps) if (s.pattern.test(text)) return true;
  return false;
}

/** Does a step match `text` read through one or two levels of escaping? */
function unescapedMatches(steps: readonly CompiledStep[], text: string): boolean {
  for (let t = text, level = 0; level < 2; level++) {
    const u = unescaped(t);
    if (u === undefined) return false;
    if (anyMatches(steps, (t = u))) return true;
  }
  return false;
}

/** `raw` with its first quoted string (one that starts a word) replaced by its Go-unquoted value, or undefined. */
function firstQuotedRead(raw: string): string | undefined {
  let q = raw.indexOf('"');
  while (q > 0 && raw.charCodeAt(q - 1) !== 0x20 && raw.charCodeAt(q - 1) !== 0x09) q = raw.indexOf('"', q + 1);
  if (q < 0) return undefined;
  let end = q + 1;
  while (end < raw.length && raw.charCodeAt(end) !== 0x22) end += raw.charCodeAt(end) === 0x5c ? 2 : 1;
  return raw.slice(0, q) + unquoteGo(raw.slice(q, end + 1)) + raw.slice(end + 1);
}

/** Is one of these literals an error word (a line worth clustering when no rule matches it)? */
export function hasErrorWord(cat: Catalogue, ids: Iterable<number>): boolean {
  for (const id of ids) if (cat.errorLiteralIds.has(id)) return true;
  return false;
}

/**
 * Match the candidate events (or, with `allEvents`, every event: a catalogue with literal-free rules)
 * and report step matches and unmatched error events to `sink`, in event order. An event `tolerated`
 * says its tool went on without it (tolerated.ts) is neither.
 */
export function verifyEvents(
  cat: Catalogue,
  events: LogEvent[],
  c: Candidates,
  allEvents: boolean,
  sink: MatchSink,
  tolerated?: (event: LogEvent) => boolean,
): void {
  const order = allEvents ? events.map((_, i) => i) : [...new Set([...c.byEvent.keys(), ...c.errorEvents])].sort((a, b) => a - b);
  const matchedLines = new Set<number>();
  const unmatched = new Map<number, LogEvent>();
  for (const idx of order) {
    const event = events[idx];
    if (tolerated?.(event)) continue;
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
