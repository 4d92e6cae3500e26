/**
 * Is an event no signature matched an error worth listing, and how strongly does it say so?
 *
 * The line's own level comes first: the grammar's severity (klog `E`, journal priority, logrus
 * `level=`, a Jenkins `ERROR:` marker) or, for formats without one, the level word the message
 * starts with (`Error: ...`, `info "fsevents" ... failed compatibility check`). An error word alone
 * counts only where it is used as an error: not in an echoed command (`+ helm upgrade --timeout
 * 300`, `> git fetch ... # timeout=10`), not as a flag, a setting (`with timeout of 5m0s`), a key of
 * a counter (`failed: 0`, `failed=1`), a counted noun (`1 failed, 71 passed`), a negation (`no
 * errors`), a part of a name (`fail-fast`, `errors.go`), a retry's progress (`FAILED - RETRYING ...
 * (3 retries left)`), a state cell of a describe/get snapshot (`Status: Failed`) or a bare
 * outcome line that only says a job failed (`Finished: FAILURE`, `ERROR: script returned exit
 * code 1`: the cause is on an earlier line).
 *
 * Works on one event and knows nothing of templates, so it survives a change of template miner.
 */
import type { LogEvent, Severity, UnknownErrorLevel, UnknownSetAsideReason } from '../../model';
import { severityRank } from '../../model';
import { severityFromWords } from '../../../grammars/plain/plainSeverity';

/** The verdict on one unmatched event. */
export type Verdict = { keep: true; level: UnknownErrorLevel } | { keep: false; why: UnknownSetAsideReason };

// Error words as they are used in log lines. `timeout`/`failed` need the inert-use checks below.
const WORD =
  /\b(?:errors?|err|fail(?:ed|ure|s)?|fatal|panic(?:ked)?|exceptions?|refused|timed out|timeouts?|denied|unable to|cannot|can't|could not|killed)\b/gi;

/**
 * Echoed commands: `set -x` (`+ cmd`, `++ cmd`), shell prompts (`$ cmd`, `user@host:~$ cmd`,
 * `[user@host dir]# cmd`, `PS C:\> cmd`), Jenkins git/pytest echoes (`> git ...`, `>   source line`),
 * GitHub Actions (`Run cmd`, `##[group]Run cmd`, `[command]/usr/bin/git ...`), `[Pipeline] step`.
 */
const ECHO = new RegExp(
  [
    /^\+{1,4} \S/.source,
    /^>+\s+\S/.source,
    /^(?:\[?[\w.-]+@[\w.-]+(?::[^\s$#]*| [^\]]*\])?)?[$#] \S/.source,
    /^PS [A-Za-z]:\\[^>]*> /.source,
    /^(?:##\[group\])?Run (?![\d])(?!(?:fail|error|timed))\S/.source,
    /^\[command\]\S/.source,
    /^\[Pipeline\] /.source,
  ].join('|'),
);

// A number (with a unit), a boolean or nothing, ending the value: `0`, `30s`, `10,`, `<nil>)`.
const NUMBER_OR_EMPTY = String.raw`(?:(?:-?\d[\d.]*(?:%|[a-zµ]{1,3})?|true|false|none|null|nil|<nil>|""|''|\[\]|\{\})["']?(?=\s*$|\s*[,;)\]}|]|\s+["']?[\w.-]+["']?\s*[=:])|\s*$)`;
/** `timeout=10`, `failed: 0`, `"errors": null`, `errors=0`, `error=<nil>`: the word is a key. */
const AS_KEY = new RegExp(String.raw`^["']?\s*[=:]\s*["']?${NUMBER_OR_EMPTY}`, 'i');
/** `timeout of 5m0s`, `timeout 300`, `timeout is 30s` (not `... exceeded`). */
const AS_SETTING = /^\s+(?:of |is |set to )?\d[\w.]*(?!\s+(?:exceeded|expired|reached|elapsed))/i;
/**
 * A counted noun: `1 failed, 71 passed`, `28 passed, 10 failed`, `found 3 errors`. The number stands
 * alone (line start, after punctuation or a counting word), unlike the id in `run 29 FAILED`.
 */
const COUNTED = /(?:^|[,;:([|]\s*|\b(?:found|with|and|had|has|have|got|total|of)\s+)\d+\s+$/i;
/** A negation right before the word: `no errors`, `without error`, `non-fatal`, `never failed`. */
const NEGATED = /(?:\b(?:no|without|zero|never)\s+|\bnon-)$/i;
/** Counted retry progress (`(3 retries left)`, `retry 2/5`, `attempt 1 of 3`): the outcome is on a later line. */
const RETRY_PROGRESS = /\(\d+ retries left\)|\bretry(?:ing)? \d+\s*(?:\/|of)\s*\d+|\battempt \d+\s*(?:\/|of)\s*\d+/i;
/** An exit status: with only `failed`/`error` around it the line is the job's outcome. */
const EXIT_STATUS =
  /\bexit(?:ed)?(?: with)?(?: code| status)?[ =:]*-?\d+\b|\(exit -?\d+\)|\breturned (?:non-zero|nonzero|a non-zero)?\s*(?:exit )?(?:code|status)?\s*-?\d+/i;
/** Words that say nothing about a cause (the rest of a bare outcome line). */
const GENERIC = new Set(
  (
    'job build step stage execution command script task run terminated returned exit exited code status with the a an at in of ' +
    'has was is finished result process pipeline marked as build stopped ended due to error errors err failed fail failure failures fails fatal'
  ).split(' '),
);
/** Words besides the generic and bracketed ones an outcome with an exit status may name (`run 29 FAILED at step test (market efritin) exit=1`). */
const MAX_OUTCOME_WORDS = 3;
const ERROR_WORDS_ONLY_FAIL = /^(?:errors?|err|fail(?:ed|ure|s)?)$/i;

/** The verdict on an event no signature matched (only its first line is read). */
export function judgeUnmatched(e: LogEvent): Verdict {
  const first = firstLine(e.message);
  const stated = e.severity ?? severityFromWords(first);
  if (stated !== undefined && severityRank(stated) < severityRank('warning')) return { keep: false, why: 'quiet' };
  if (e.source === 'pipeline' || (e.severity === undefined && ECHO.test(first))) return { keep: false, why: 'echo' };
  if (isSnapshotState(e)) return { keep: false, why: 'status' };
  const words = liveWords(first);
  if (isOutcome(first, words)) return { keep: false, why: 'outcome' };
  const level = levelOf(stated);
  if (level === 'critical' || level === 'error') return { keep: true, level };
  if (words.live.length === 0) return { keep: false, why: words.firstInert ?? 'quiet' };
  if (RETRY_PROGRESS.test(first)) return { keep: false, why: 'counter' };
  return { keep: true, level: level ?? 'word' };
}

function firstLine(message: string): string {
  const nl = message.indexOf('\n');
  return (nl < 0 ? message : message.slice(0, nl)).slice(0, 2_000).trim();
}

function levelOf(s: Severity | undefined): UnknownErrorLevel | undefined {
  if (s === undefined) return undefined;
  if (s === 'critical') return 'critical';
  return s === 'error' ? 'error' : 'warning';
}

/**
 * A field or a table cell of a `kubectl describe`/`kubectl get` snapshot (`Status: Failed`, a pod
 * row in `Error`, a condition): a state, whose cause is in the events and logs. Event rows stay.
 */
function isSnapshotState(e: LogEvent): boolean {
  if (e.kind === 'kubectl-describe') return e.fields?.field !== undefined || e.fields?.section === 'Conditions';
  if (e.kind === 'kubectl-get') return e.fields !== undefined && e.fields.MESSAGE === undefined && e.fields.TYPE === undefined;
  return false;
}

/** The error words used as errors, and the reason the first inert one was not. */
function liveWords(line: string): { live: string[]; firstInert?: UnknownSetAsideReason } {
  const live: string[] = [];
  let firstInert: UnknownSetAsideReason | undefined;
  for (const m of line.matchAll(WORD)) {
    const why = inertUse(line, m.index!, m[0]);
    if (why === undefined) live.push(m[0]);
    else firstInert ??= why;
  }
  return { live, firstInert };
}

/** Why this occurrence of an error word is not an error, or undefined when it is one. */
function inertUse(line: string, at: number, word: string): UnknownSetAsideReason | undefined {
  const before = line.slice(Math.max(0, at - 40), at);
  const after = line.slice(at + word.length, at + word.length + 40);
  if (/(?:^|\s)--?[\w-]*$/.test(before)) return 'setting'; // --timeout, -timeout, --ignore-errors
  if (/[\w][-_.]$|[\w]\/$/.test(before) || /^[-_.][\w]|^\/\w/.test(after)) return 'setting'; // fail-fast, errors.go, on-failure
  if (AS_KEY.test(after)) return /^(?:timeouts?|timed out)$/i.test(word) ? 'setting' : 'counter';
  if (/^timeouts?$/i.test(word) && AS_SETTING.test(after)) return 'setting';
  if (COUNTED.test(before)) return 'counter';
  if (NEGATED.test(before)) return 'counter';
  return undefined;
}

/**
 * A line that only reports that something failed, with nothing else to say or a few words and an
 * exit status: `Finished: FAILURE`, `ERROR: Job failed: command terminated with exit code 1`, `run
 * 29 FAILED at step test (market efritin) exit=1`. Lines naming another error (`could not attach`,
 * `timed out`) or saying more (`MountVolume.SetUp failed for volume "data": mount failed: exit
 * status 32`) stay.
 */
function isOutcome(line: string, words: { live: string[] }): boolean {
  if (words.live.length === 0 || !words.live.every((w) => ERROR_WORDS_ONLY_FAIL.test(w))) return false;
  // Bracketed parts are details (`(market efritin)`, `[2019-11-20T04:39:56Z]`), not what failed.
  const rest = line
    .toLowerCase()
    .replace(/\([^()]*\)|\[[^\]]*\]/g, ' ')
    .replace(/[^a-z\s]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 1 && !GENERIC.has(w));
  return rest.length === 0 || (rest.length <= MAX_OUTCOME_WORDS && EXIT_STATUS.test(line));
}
