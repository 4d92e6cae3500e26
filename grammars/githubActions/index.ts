/**
 * GitHub Actions job logs: the raw log (every line stamped by the runner, `##[...]` markers) and the
 * text copied from the web view (no stamps unless shown, `Error: ` for `##[error]`). Steps are the
 * stages.
 *
 * Sample: `2024-05-01T10:00:03.4816529Z ##[error]Process completed with exit code 1.`
 * Specified by: actions/runner and actions/toolkit (details in githubActionsTokens.ts).
 */
import type { LogGrammar, ParseContext, ParsedHead } from '../../src/model';
import { defineGrammar } from '../common/faults';
import { splitHead } from '../common/lexing';
import { parseGithubActionsLine } from './githubActionsParser';
import { githubActionsToHead, stepOpenedBy } from './githubActionsToEvents';

/** The runner's stamp: .NET's round-trip `O` format in UTC has exactly seven fractional digits. */
const RUNNER_STAMP = /^\uFEFF?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z /;
const ANY_STAMP = /^\uFEFF?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z /;
const MARKER = /^##\[(?:group|endgroup|error|warning|notice|debug|command|section)\]/;
/** Lines only the runner writes, at the start of a job or a step. */
const RUNNER_LINES =
  /^(?:Current runner version: '|Requested labels: |Job defined at: |Waiting for a runner to pick up this job|Job is about to start running on the (?:hosted )?runner|Download action repository '[^']+' \(SHA:|Complete job name: |Cleaning up orphan processes$|Post job cleanup\.$|Process completed with exit code \d+\.$|Error: Process completed with exit code \d+\.$)/;
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** First characters of the runner's unstamped lines (`##[`, `Current runner version`, `Error: Process ...`, ESC). */
const UNSTAMPED_START = new Set([...'#CRJWDPE\x1b'].map((c) => c.charCodeAt(0)));

function detect(line: string): number {
  const c0 = line.charCodeAt(0);
  // The raw log's lines start with a digit (or the BOM). Detection runs on sampled lines of every
  // input, so other lines are screened by their first character before any slicing.
  const stamped = c0 === 0xfeff || (c0 >= 0x30 && c0 <= 0x39);
  if (!stamped && !UNSTAMPED_START.has(c0)) return 0;
  const stamp = stamped ? ANY_STAMP.exec(line.slice(0, 40)) : null;
  if (stamped && !stamp) return 0;
  let body = stamp ? line.slice(stamp[0].length, stamp[0].length + 200) : line.slice(0, 200);
  if (body.includes('\x1b')) body = body.replace(ANSI, '');
  // Seven fractional digits and `Z` is .NET's round-trip format: no syslog or container runtime writes it.
  if (MARKER.test(body) || RUNNER_LINES.test(body) || (stamp && RUNNER_STAMP.test(stamp[0]))) return 3;
  // Any other ISO stamp is every other tool's too: no vote for this kind.
  return 0;
}

function parseHead(line: string, ctx: ParseContext): ParsedHead | null {
  const { head, rest } = splitHead(line);
  const parsed = parseGithubActionsLine(head);
  if (parsed.value === undefined || parsed.parseErrors.length > 0) {
    return { timestamp: null, message: line.replace(ANSI, ''), source: 'github-actions' };
  }
  const out = githubActionsToHead(parsed.value, head, ctx);
  if (out && rest) out.message += rest.replace(ANSI, '');
  return out;
}

/** The step a raw line opens, for the editor's outline (the same rule the grammar tracks steps by). */
function stageStart(line: string): string | undefined {
  const stamp = ANY_STAMP.exec(line.slice(0, 40));
  const body = (stamp ? line.slice(stamp[0].length) : line).replace(ANSI, '');
  const marker = body.startsWith('##[group]') ? '##[group]' : '';
  return stepOpenedBy(marker, marker ? body.slice(marker.length) : body, stamp !== null);
}

/** The GitHub Actions job-log grammar (kind `github-actions`). */
export const githubActionsGrammar: LogGrammar = defineGrammar({
  kind: 'github-actions',
  detect,
  parseHead,
  stageStart,
  // `Run ` also finds the web view's step lines (no marker); stepOpenedBy decides.
  contextMarkers: [
    'Run ',
    'Post job cleanup.',
    'Cleaning up orphan processes',
    'Current runner version: ',
    'Requested labels: ',
    'Job defined at: ',
    'Runner name: ',
  ],
});
