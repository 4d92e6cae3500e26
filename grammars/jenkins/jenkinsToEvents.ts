/**
 * Turns a parsed Jenkins console line into a ParsedHead, keeping the pipeline stage stack and the
 * last full date in the segment state. Sample: `[2021-04-13T10:15:02.123Z] Finished: FAILURE`.
 * Format notes in jenkinsTokens.ts.
 */
import type { IToken } from 'chevrotain';
import type { ParseContext, ParsedHead, Severity } from '../../src/model';
import { fromParts, parseIsoPrefix } from '../common/time';
import type { JenkinsLine } from './jenkinsParser';

/** What a Jenkins segment remembers between lines. */
export interface JenkinsState {
  /** Open `{` blocks of the pipeline, innermost last: a stage name, or null for a plain block. */
  blocks: (string | null)[];
  /** Epoch ms of the last dated line, to give `HH:MM:SS` lines a date. */
  lastTs?: number;
}

const DAY = 86_400_000;
const RUNNING_ON = /^Running on (.+?) in (\S+)\s*$/;
const BUILDING_ON = /^Building remotely on (\S+)/;
// kubernetes-plugin: `Created Pod: <cloud> <namespace>/<pod>` (older versions omit the cloud).
const CREATED_POD = /^Created Pod: (?:\S+ )?([a-z0-9][a-z0-9-]*)\/([a-z0-9][a-z0-9.-]*)\s*$/;
const OPEN_STAGE = /^\{\s*\((?:Branch: )?(.*)\)\s*$/;

/** The segment's Jenkins state, created on first use. */
export function jenkinsState(ctx: ParseContext): JenkinsState {
  let s = ctx.state.jenkins as JenkinsState | undefined;
  if (!s) ctx.state.jenkins = s = { blocks: [] };
  return s;
}

function currentStage(s: JenkinsState): string | undefined {
  for (let i = s.blocks.length - 1; i >= 0; i--) if (s.blocks[i] !== null) return s.blocks[i] as string;
  return undefined;
}

function readStamp(tok: IToken, s: JenkinsState, ctx: ParseContext): { ts: number | null; inferred: boolean } {
  const img = tok.image.replace(/^\[/, '');
  const full = parseIsoPrefix(img, ctx);
  if (full) {
    s.lastTs = full.timestamp;
    return { ts: full.timestamp, inferred: full.inferred };
  }
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?/.exec(img);
  if (!m || s.lastTs === undefined) return { ts: null, inferred: false };
  // Timestamper prints the controller's local time; the date comes from the last dated line.
  const day = new Date(s.lastTs + ctx.defaultZoneOffsetMinutes * 60_000);
  const t = fromParts(ctx, {
    year: day.getUTCFullYear(),
    month: day.getUTCMonth(),
    day: day.getUTCDate(),
    hour: Number(m[1]),
    minute: Number(m[2]),
    second: Number(m[3]),
    ms: Number((m[4] ?? '0').padEnd(3, '0')),
  });
  if (!t) return { ts: null, inferred: false };
  const ts = t.timestamp < s.lastTs - DAY / 2 ? t.timestamp + DAY : t.timestamp;
  s.lastTs = ts;
  return { ts, inferred: true };
}

function levelSeverity(marker: string): Severity {
  if (marker.includes('FATAL')) return 'critical';
  return marker.includes('ERROR') ? 'error' : 'warning';
}

const RESULT_SEVERITY: Record<string, Severity> = { FAILURE: 'error', ABORTED: 'warning', UNSTABLE: 'warning' };

/** Apply a `[Pipeline]` step to the stage stack; returns the stage the line itself belongs to. */
function trackPipeline(body: string, s: JenkinsState): string | undefined {
  const step = body.trim();
  const open = OPEN_STAGE.exec(step);
  if (open) {
    s.blocks.push(open[1]);
    return currentStage(s);
  }
  if (step === '{') s.blocks.push(null);
  if (step === '}') {
    const stage = currentStage(s);
    s.blocks.pop();
    return stage;
  }
  return currentStage(s);
}

/** The ParsedHead of a parsed line, or null for a stack-trace continuation. */
export function jenkinsToHead(line: JenkinsLine, ctx: ParseContext): ParsedHead | null {
  if (line.continuation) return null;
  const s = jenkinsState(ctx);
  const time = line.stamp ? readStamp(line.stamp, s, ctx) : { ts: null, inferred: false };
  const body = line.body.replace(/\r$/, '');
  const marker = line.marker?.image ?? '';
  const head: ParsedHead = { timestamp: time.ts, message: marker + body, source: 'jenkins' };
  if (time.inferred) head.timestampInferred = true;
  let stage: string | undefined;
  if (marker.startsWith('[Pipeline]')) {
    head.source = 'pipeline';
    stage = trackPipeline(body, s);
  } else {
    stage = currentStage(s);
    if (line.marker && marker.startsWith('Finished')) head.severity = RESULT_SEVERITY[body.trim()];
    else if (line.marker) head.severity = levelSeverity(marker);
    const run = RUNNING_ON.exec(body);
    const remote = BUILDING_ON.exec(body);
    if (run && !line.marker) head.fields = { agent: run[1], workspace: run[2] };
    else if (remote && !line.marker) head.fields = { agent: remote[1] };
  }
  if (head.severity === undefined) delete head.severity;
  const pod = CREATED_POD.exec(body);
  if (pod) head.refs = { namespace: pod[1], pod: pod[2] };
  if (stage !== undefined) head.refs = { ...head.refs, stage };
  return head;
}
