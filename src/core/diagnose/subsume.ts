/**
 * `subsumed-by` edges: where a more specific signature read the same fact (reason OOMKilled beside
 * exit code 137 for one container), the general one's occurrence is dropped, so one fact is one
 * finding. Same fact = same input and the same pod and container when both occurrences name them,
 * else lines at most {@link NEAR_LINES} apart in the same input.
 */
import type { Occurrence } from '../../model';
import type { Catalogue } from '../catalogue/catalogue';
import type { RunCollector } from './collector';

/** How close two occurrences without object references must be to be one fact. */
export const NEAR_LINES = 20;

function sameFact(a: Occurrence, b: Occurrence): boolean {
  if (a.input !== b.input) return false;
  if (a.refs.pod && b.refs.pod) {
    if (a.refs.pod !== b.refs.pod) return false;
    if (a.refs.container && b.refs.container) return a.refs.container === b.refs.container;
  }
  return Math.abs(a.line - b.line) <= NEAR_LINES;
}

/**
 * "Is `o` the same fact as any of `specific`?", answered without comparing every pair (every
 * occurrence is kept now, so a log can hold 100k of each): a set of (input, pod, container) for the
 * far-apart case, and per input the occurrences sorted by line for the near case.
 */
function sameFactIndex(specific: readonly Occurrence[]): (o: Occurrence) => boolean {
  const named = new Set<string>();
  const byInput = new Map<number, Occurrence[]>();
  for (const s of specific) {
    if (s.refs.pod && s.refs.container) named.add(`${s.input}\0${s.refs.pod}\0${s.refs.container}`);
    let list = byInput.get(s.input);
    if (!list) byInput.set(s.input, (list = []));
    list.push(s);
  }
  for (const list of byInput.values()) list.sort((a, b) => a.line - b.line);
  return (o) => {
    if (o.refs.pod && o.refs.container && named.has(`${o.input}\0${o.refs.pod}\0${o.refs.container}`)) return true;
    const list = byInput.get(o.input);
    if (!list) return false;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].line < o.line - NEAR_LINES) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < list.length && list[i].line <= o.line + NEAR_LINES; i++) if (sameFact(o, list[i])) return true;
    return false;
  };
}

/** Drop subsumed occurrences from the collector's tallies (counts follow; an emptied finding goes). */
export function applySubsumption(catalogue: Catalogue, collector: RunCollector): void {
  catalogue.signatures.forEach((cs, sig) => {
    const tally = collector.tallies.get(sig);
    if (!tally) return;
    for (const r of cs.signature.related ?? []) {
      if (r.relation !== 'subsumed-by') continue;
      const other = collector.tallies.get(catalogue.indexOf(r.id));
      if (!other) continue;
      const isSame = sameFactIndex(other.last ? [...other.occurrences, other.last] : other.occurrences);
      const keep = (o: Occurrence): boolean => !isSame(o);
      const before = tally.occurrences.length + (tally.last ? 1 : 0);
      tally.occurrences = tally.occurrences.filter(keep);
      if (tally.last && !keep(tally.last)) tally.last = undefined;
      const removed = before - tally.occurrences.length - (tally.last ? 1 : 0);
      tally.count -= removed;
      if (tally.count <= 0 || (tally.occurrences.length === 0 && !tally.last)) collector.tallies.delete(sig);
      else {
        let first: number | null = null;
        let last: number | null = null;
        for (const o of tally.last ? [...tally.occurrences, tally.last] : tally.occurrences) {
          if (o.timestamp === null) continue;
          if (first === null || o.timestamp < first) first = o.timestamp;
          if (last === null || o.timestamp > last) last = o.timestamp;
        }
        if (tally.count === tally.occurrences.length + (tally.last ? 1 : 0)) {
          tally.firstSeen = first;
          tally.lastSeen = last;
        }
      }
    }
  });
}
