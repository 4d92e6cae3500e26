/**
 * Load-time check of the raw regular expressions a signature may carry (`re"..."`, `~` conditions):
 * refuses patterns whose backtracking can blow up (exponential, or polynomial of degree 3 and up),
 * using recheck's static analysis. Results are cached per source.
 */

/** Verdict on one pattern. */
export interface RegexVerdict {
  /** True when the pattern may be used. */
  ok: boolean;
  /** Why it was refused, in words a catalogue author can act on. */
  reason?: string;
}

const cache = new Map<string, RegexVerdict>();

let checker: typeof import('recheck').checkSync | undefined;

/**
 * recheck's pure-JavaScript analyser (no native helper, no worker), loaded on first use: from
 * `dist/recheck.js` beside the bundle in a build, from the package when running from sources.
 */
function loadChecker(): typeof import('recheck').checkSync {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('./recheck.js') as typeof import('recheck')).checkSync;
  } catch {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('recheck/lib/browser.js') as typeof import('recheck')).checkSync;
  }
}

/**
 * Check that `source` compiles and, unless `trusted`, cannot backtrack catastrophically. Trusted
 * patterns (the shipped catalogue, already checked by `validate` in CI) skip loading recheck, whose
 * analyser is large and slow to start.
 */
export function checkRegex(source: string, flags = '', trusted = false): RegexVerdict {
  if (trusted) {
    try {
      new RegExp(source, flags);
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: `invalid regular expression: ${(err as Error).message}` };
    }
  }
  const key = `${flags}/${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let verdict: RegexVerdict;
  try {
    new RegExp(source, flags);
    checker ??= loadChecker();
    const r = checker(source, flags, { timeout: 2000 });
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
