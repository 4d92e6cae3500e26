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

/** Drop subsumed occurrences from the collector's tallies (counts follow; an emptied finding goes). */
export function applySubsumption(catalogue: Catalogue, collector: RunCollector): void {
  catalogue.signatures.forEach((cs, sig) => {
    const tally = collector.tallies.get(sig);
    if (!tally) return;
    for (const r of cs.signature.related ?? []) {
      if (r.relation !== 'subsumed-by') continue;
      const other = collector.tallies.get(catalogue.indexOf(r.id));
      if (!other) continue;
      const specific = other.last ? [...other.occurrences, other.last] : other.occurrences;
      const keep = (o: Occurrence): boolean => !specific.some((s) => sameFact(o, s));
      const before = tally.occurrences.length + (tally.last ? 1 : 0);
      tally.occurrences = tally.occurrences.filter(keep);
      if (tally.last && !keep(tally.last)) tally.last = undefined;
      const removed = before - tally.occurrences.length - (tally.last ? 1 : 0);
      tally.count -= removed;
      if (tally.count <= 0 || (tally.occurrences.length === 0 && !tally.last)) collector.tallies.delete(sig);
      else {
        const times = [...tally.occurrences, ...(tally.last ? [tally.last] : [])].map((o) => o.timestamp).filter((t): t is number => t !== null);
        if (tally.count === tally.occurrences.length + (tally.last ? 1 : 0)) {
          tally.firstSeen = times.length ? Math.min(...times) : null;
          tally.lastSeen = times.length ? Math.max(...times) : null;
        }
      }
    }
  });
}
