/**
 * Load-time check of the raw regular expressions a signature may carry (`re"..."`, `~` conditions):
 * refuses patterns whose backtracking can blow up (exponential, or polynomial of degree 3 and up),
 * using recheck's static analysis. Results are cached per source.
 */
import { checkSync } from 'recheck';

/** Verdict on one pattern. */
export interface RegexVerdict {
  /** True when the pattern may be used. */
  ok: boolean;
  /** Why it was refused, in words a catalogue author can act on. */
  reason?: string;
}

const cache = new Map<string, RegexVerdict>();

/** Check that `source` compiles and cannot backtrack catastrophically. */
export function checkRegex(source: string, flags = ''): RegexVerdict {
  const key = `${flags}/${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let verdict: RegexVerdict;
  try {
    new RegExp(source, flags);
    const r = checkSync(source, flags, { timeout: 2000 });
    if (r.status === 'vulnerable') {
      const c = r.complexity;
      if (c.type === 'exponential') verdict = { ok: false, reason: `catastrophic backtracking (exponential) on input like ${JSON.stringify(r.attack.string.slice(0, 40))}` };
      else if (c.type === 'polynomial' && c.degree >= 3) verdict = { ok: false, reason: `backtracking grows as n^${c.degree} on input like ${JSON.stringify(r.attack.string.slice(0, 40))}; avoid several unbounded .* in a row` };
      else verdict = { ok: true };
    } else {
      verdict = { ok: true };
    }
  } catch (err) {
    verdict = { ok: false, reason: `invalid regular expression: ${(err as Error).message}` };
  }
  cache.set(key, verdict);
  return verdict;
}
