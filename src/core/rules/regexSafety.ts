/**
 * Load-time check of the raw regular expressions a signature may carry (`re"..."`, `~` conditions):
 * refuses patterns whose backtracking grows faster than the text (exponential or polynomial of any
 * degree: n^2 on a 1 MB line is already a hang), and patterns the checker cannot decide in its
 * budget, using recheck's static analysis. Results are cached per source.
 */

/** Verdict on one pattern. */
export interface RegexVerdict {
  /** True when the pattern may be used. */
  ok: boolean;
  /** Why it was refused, in words a catalogue author can act on. */
  reason?: string;
}

const cache = new Map<string, RegexVerdict>();

/**
 * The checker's budget per pattern. Its automaton analysis of a realistic pattern takes 0.01-1.3 s on
 * a busy 2-core machine (case-insensitive negated classes are the slowest); a budget near that made
 * the verdict depend on the machine's load. Only user catalogues and `validate` pay it.
 */
const CHECK_TIMEOUT_MS = 10_000;

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
    const r = checker(source, flags, { timeout: CHECK_TIMEOUT_MS });
    if (r.status === 'vulnerable') {
      const c = r.complexity;
      const growth = c.type === 'exponential' ? 'exponentially' : `as n^${c.degree}`;
      verdict = {
        ok: false,
        reason: `can backtrack ${growth} on input like ${JSON.stringify(r.attack.string.slice(0, 40))} (a log line is attacker-controlled): avoid unbounded repeats that can match the same text, such as .* next to \\w+`,
      };
    } else if (r.status === 'unknown') {
      verdict = {
        ok: false,
        reason: `could not be proven free of catastrophic backtracking within the checker's ${CHECK_TIMEOUT_MS / 1000} s: simplify it (fewer nested or adjacent repeats)`,
      };
    } else {
      verdict = { ok: true };
    }
  } catch (err) {
    verdict = { ok: false, reason: `invalid regular expression: ${(err as Error).message}` };
  }
  cache.set(key, verdict);
  return verdict;
}
