/** What a pushed-down filter means, computed with the engine's own prefilter, for the store tests. */
import type { PushdownFilter } from '../../../src/core';
import { LiteralPrefilter } from '../../../src/core/match/prefilter';

/**
 * The lines a store filter means to select, computed with the engine's own prefilter: a line holding a
 * literal or an error word, or a pair's literal and one of its others.
 */
export function localCandidates(f: PushdownFilter, lines: readonly string[]): number[] {
  const lits = [...new Set([...f.literals, ...f.errorWords, ...f.pairs.flatMap((p) => [p.literal, ...p.with])])];
  const alone = new Set([...f.literals, ...f.errorWords]);
  const pf = new LiteralPrefilter(lits);
  return lines
    .map((l, i) => {
      const found = new Set([...pf.find(l)].map((id) => lits[id]));
      return [...found].some((x) => alone.has(x)) || f.pairs.some((p) => found.has(p.literal) && p.with.some((w) => found.has(w))) ? i : -1;
    })
    .filter((i) => i >= 0);
}
