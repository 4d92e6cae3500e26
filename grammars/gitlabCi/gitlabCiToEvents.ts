/**
 * Turns a parsed GitLab CI trace line into a ParsedHead, keeping the open sections in the segment
 * state. Sample: `section_start:1714557610:step_script` opens the section `step_script`, which the
 * lines up to `section_end:1714557700:step_script` belong to. Format notes in gitlabCiTokens.ts.
 */
import type { ParseContext, ParsedHead, Severity } from '../../src/model';
import { continuationShape } from '../common/multiLine';
import { parseIsoPrefix } from '../common/time';
import type { GitlabCiLine } from './gitlabCiParser';

/** One open section: its name, and whether only its header text (the copied view) opened it. */
interface OpenSection {
  name: string;
  byHeader: boolean;
}

/** What a GitLab CI segment remembers between lines. */
export interface GitlabCiState {
  /** Open sections, innermost last. */
  open: OpenSection[];
}

/**
 * The runner's section headers (gitlab-runner `common/build.go`, `executors/*`), which the copied
 * job page shows without the section markers, and the section each opens.
 */
const HEADERS: readonly [RegExp, string][] = [
  [/^Resolving secrets$/, 'resolve_secrets'],
  [/^Preparing the "[\w+-]+" executor$/, 'prepare_executor'],
  [/^Preparing environment$/, 'prepare_script'],
  [/^Getting source from Git repository$/, 'get_sources'],
  [/^Restoring cache$/, 'restore_cache'],
  [/^Downloading artifacts$/, 'download_artifacts'],
  [/^Executing "step_script" stage of the job script$/, 'step_script'],
  [/^Running after_script$/, 'after_script'],
  [/^Saving cache for (?:successful|failed) job$/, 'archive_cache'],
  [/^Uploading artifacts for (?:successful|failed) job$/, 'upload_artifacts'],
  [/^Cleaning up project directory and file based variables$/, 'cleanup_file_variables'],
];

/** The section a runner header opens (`Preparing environment` -> `prepare_script`), or undefined. */
export function sectionOfHeader(text: string): string | undefined {
  const t = text.trim();
  for (const [re, name] of HEADERS) if (re.test(t)) return name;
  return undefined;
}

/** Name of a `section_start:`/`section_end:` marker token's image, options dropped. */
export function sectionName(marker: string): string {
  return marker.split(':')[2].replace(/\[.*$/, '');
}

const LEVEL: Record<string, Severity> = { ERROR: 'error', WARNING: 'warning', FATAL: 'critical', PANIC: 'critical' };

function stateOf(ctx: ParseContext): GitlabCiState {
  let s = ctx.state.gitlabCi as GitlabCiState | undefined;
  if (!s) ctx.state.gitlabCi = s = { open: [] };
  return s;
}

function current(s: GitlabCiState): string | undefined {
  return s.open[s.open.length - 1]?.name;
}

/** Apply a marker or header to the open sections; returns the section the line itself belongs to. */
function track(s: GitlabCiState, marker: string, body: string): string | undefined {
  if (marker.startsWith('section_start:')) {
    s.open.push({ name: sectionName(marker), byHeader: false });
    return current(s);
  }
  if (marker.startsWith('section_end:')) {
    const name = sectionName(marker);
    const at = s.open.map((o) => o.name).lastIndexOf(name);
    const stage = at >= 0 ? name : current(s);
    if (at >= 0) s.open.length = at;
    return stage;
  }
  const header = marker === '' ? sectionOfHeader(body) : undefined;
  if (header !== undefined && header !== current(s)) {
    // The copied page has headers but no end markers: a header closes the section the last header opened.
    while (s.open.length > 0 && s.open[s.open.length - 1].byHeader) s.open.pop();
    s.open.push({ name: header, byHeader: true });
  }
  return current(s);
}

/**
 * The ParsedHead of a parsed line. A line without the runner's stamp shaped like a continuation (a
 * stack frame, an indented or blank line) is null: it joins the event above, unless it starts with
 * an escape (the runner's coloured lines, whose escapes would land in the message above). A stamped
 * line that the runner marked `+` continues the line before it, and says so as an indented
 * continuation (joined on a new line of the message: the text is whole, the break is ours).
 */
export function gitlabCiToHead(line: GitlabCiLine, raw: string, ctx: ParseContext): ParsedHead | null {
  const body = line.body;
  const marker = line.marker?.image ?? '';
  const stamp = line.stamp?.image;
  const shape = marker === '' ? continuationShape(body) : undefined;
  if (stamp === undefined && shape !== undefined && !raw.startsWith('\x1b')) return null;
  const s = stateOf(ctx);
  let timestamp: number | null = null;
  if (stamp !== undefined) timestamp = parseIsoPrefix(stamp, ctx)?.timestamp ?? null;
  else if (marker.startsWith('section_')) timestamp = Number(marker.split(':')[1]) * 1000;
  const isLevel = marker !== '' && !marker.startsWith('section_');
  // A section marker's message is the header the runner wrote after it (when the CR did not split them).
  const message = marker.startsWith('section_') ? (body.trim() !== '' ? body : marker) : marker + body;
  const head: ParsedHead = { timestamp, message, source: 'gitlab-ci' };
  if (marker.startsWith('section_')) head.fields = { section: sectionName(marker), marker: marker.slice(0, marker.indexOf(':')) };
  if (isLevel) head.severity = LEVEL[marker.slice(0, marker.indexOf(':'))];
  if (stamp !== undefined && stamp.trimEnd().endsWith('+')) head.continuation = 'indent';
  else if (shape) head.continuation = shape;
  const stage = track(s, marker, body);
  if (stage !== undefined) head.refs = { stage };
  return head;
}
