/**
 * GitLab CI job logs: the raw trace (ANSI colours, `section_start:`/`section_end:` markers, the
 * runner's header, optional `FF_TIMESTAMPS` prefixes) and the text copied from the job page (the
 * runner's section headers without markers). Sections are the stages.
 *
 * Sample: `\e[0Ksection_start:1714557610:step_script\r\e[0K\e[0K\e[36;1mExecuting "step_script" stage of the job script\e[0;m`
 * Specified by: gitlab-runner and the GitLab job-log docs (details in gitlabCiTokens.ts).
 */
import type { LogGrammar, ParseContext, ParsedHead } from '../../src/model';
import { defineGrammar } from '../common/faults';
import { splitHead } from '../common/lexing';
import { parseGitlabCiLine } from './gitlabCiParser';
import { gitlabCiToHead, sectionName, sectionOfHeader } from './gitlabCiToEvents';

const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z [0-9a-f]{2}[OE]\+? ?/;
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b|\r/g;
const SECTION = /^section_(?:start|end):\d{1,12}:[A-Za-z0-9_.-]+/;
/** Lines only the runner writes. */
const RUNNER_LINES =
  /^(?:Running with gitlab-(?:ci-multi-)?runner \d|Using (?:Docker|Kubernetes|Shell|Custom|VirtualBox|Parallels|Docker Machine|Docker Autoscaler|Instance) executor|Executing "step_script" stage of the job script$|Preparing the "[\w+-]+" executor$|Getting source from Git repository$|Cleaning up project directory and file based variables$|Job succeeded$|ERROR: Job failed(?::| \(system failure\))|Uploading artifacts for (?:successful|failed) job$)/;

function detect(line: string): number {
  const c0 = line.charCodeAt(0);
  if (
    c0 !== 0x1b &&
    c0 !== 0x73 /* s */ &&
    c0 !== 0x52 /* R */ &&
    c0 !== 0x55 /* U */ &&
    c0 !== 0x45 /* E */ &&
    c0 !== 0x50 /* P */ &&
    c0 !== 0x47 /* G */ &&
    c0 !== 0x43 /* C */ &&
    c0 !== 0x4a /* J */ &&
    !(c0 >= 0x30 && c0 <= 0x39)
  )
    return 0;
  const stamp = c0 >= 0x30 && c0 <= 0x39 ? STAMP.exec(line.slice(0, 40)) : null;
  if (c0 >= 0x30 && c0 <= 0x39 && !stamp) return 0;
  let body = line.slice(stamp ? stamp[0].length : 0, 300);
  if (body.includes('\x1b') || body.includes('\r')) body = body.replace(ANSI, '');
  if (SECTION.test(body) || RUNNER_LINES.test(body)) return 3;
  // The stream id and type after the stamp are the runner's alone.
  return stamp ? 2 : 0;
}

function parseHead(line: string, ctx: ParseContext): ParsedHead | null {
  const { head, rest } = splitHead(line);
  const parsed = parseGitlabCiLine(head);
  if (parsed.value === undefined || parsed.parseErrors.length > 0) {
    return { timestamp: null, message: line.replace(ANSI, ''), source: 'gitlab-ci' };
  }
  const out = gitlabCiToHead(parsed.value, head, ctx);
  if (out && rest) out.message += rest.replace(ANSI, '');
  return out;
}

/** The section a raw line opens, for the editor's outline (the same rules the grammar tracks sections by). */
function stageStart(line: string): string | undefined {
  const stamp = STAMP.exec(line.slice(0, 40));
  const body = line.slice(stamp ? stamp[0].length : 0).replace(ANSI, '');
  if (body.startsWith('section_start:')) return SECTION.test(body) ? sectionName(body) : undefined;
  return sectionOfHeader(body);
}

/** The GitLab CI job-log grammar (kind `gitlab-ci`). */
export const gitlabCiGrammar: LogGrammar = defineGrammar({
  kind: 'gitlab-ci',
  detect,
  parseHead,
  stageStart,
  contextMarkers: [
    'section_start:',
    'section_end:',
    'Resolving secrets',
    'Preparing the "',
    'Preparing environment',
    'Getting source from Git',
    'Restoring cache',
    'Downloading artifacts',
    'Executing "step_script"',
    'Running after_script',
    'Saving cache for',
    'Uploading artifacts for',
    'Cleaning up project directory',
  ],
});
