/**
 * Turns a parsed GitHub Actions line into a ParsedHead, keeping the current step in the segment
 * state. Sample: `2024-05-01T10:00:03.4816529Z ##[group]Run make test` opens the step `Run make test`.
 * Format notes in githubActionsTokens.ts.
 */
import type { ParseContext, ParsedHead, Severity } from '../../src/model';
import { continuationShape } from '../common/multiLine';
import { parseIsoPrefix } from '../common/time';
import type { GithubActionsLine } from './githubActionsParser';

/** What a GitHub Actions segment remembers between lines. */
export interface GithubActionsState {
  /** The step the lines belong to, once one has started. */
  step?: string;
}

/**
 * The step a line's message (stamp and escapes removed) opens, or undefined. The combined job log has
 * no step markers of its own; a step starts with the runner's first line for it: `##[group]Run ...`
 * (a `uses:` or `run:` step; other groups are the step's own), `Post job cleanup.` (a post step),
 * `Cleaning up orphan processes` (Complete job); the job's first lines are its "Set up job" step.
 * The web view shows the group line without its marker and stamp: `Run actions/checkout@v4`.
 */
export function stepOpenedBy(marker: string, body: string, stamped: boolean): string | undefined {
  // In the raw log a step's `Run` line is always a group; an unmarked one is some tool's output.
  if (marker === '##[group]' || (marker === '' && !stamped)) {
    if (body.startsWith('Run ') && body.length > 4) return body.trimEnd();
  }
  if (marker !== '') return undefined;
  if (body === 'Post job cleanup.') return 'Post job cleanup';
  if (body === 'Cleaning up orphan processes') return 'Complete job';
  if (SET_UP.test(body)) return 'Set up job';
  return undefined;
}

const SET_UP = /^(?:Current runner version: |Requested labels: |Job defined at: |Runner name: )/;

const SEVERITY: Record<string, Severity> = {
  '##[error]': 'error',
  '##[warning]': 'warning',
  '##[notice]': 'notice',
  '##[debug]': 'debug',
  'Error: ': 'error',
  'Warning: ': 'warning',
  'Notice: ': 'notice',
};

/** The segment's state, created on first use. */
function stateOf(ctx: ParseContext): GithubActionsState {
  let s = ctx.state.githubActions as GithubActionsState | undefined;
  if (!s) ctx.state.githubActions = s = {};
  return s;
}

/**
 * The ParsedHead of a parsed line. An unstamped line shaped like a continuation (a stack frame, an
 * indented or blank line) is null: it joins the event above, unless it starts with an escape (a
 * coloured line, whose escapes would land in the message above). A stamped one says its shape, and
 * event assembly joins it when it was written in the same moment.
 */
export function githubActionsToHead(line: GithubActionsLine, raw: string, ctx: ParseContext): ParsedHead | null {
  const body = line.body.replace(/\r$/, '');
  const marker = line.marker?.image ?? '';
  const shape = marker === '' ? continuationShape(body) : undefined;
  if (!line.stamp && shape !== undefined && !raw.startsWith('\x1b')) return null;
  const s = stateOf(ctx);
  const time = line.stamp ? parseIsoPrefix(line.stamp.image, ctx) : null;
  // A `##[error]` marker becomes the severity; the other markers and the web view's `Error: ` stay in the text.
  const message = marker.startsWith('##[') && SEVERITY[marker] ? body : marker + body;
  const head: ParsedHead = { timestamp: time ? time.timestamp : null, message, source: 'github-actions' };
  const severity = SEVERITY[marker];
  if (severity) head.severity = severity;
  if (shape) head.continuation = shape;
  const opened = stepOpenedBy(marker, body, line.stamp !== undefined);
  if (opened) s.step = opened;
  if (s.step !== undefined) head.refs = { stage: s.step };
  return head;
}
