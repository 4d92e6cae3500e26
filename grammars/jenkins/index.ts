/**
 * Jenkins console output: plain build output, Timestamper prefixes, ANSI colours and console
 * notes, `[Pipeline]` step lines (stage tracking) and Java stack traces as continuations.
 *
 * Sample: `[2021-04-13T10:15:02.123Z] ERROR: script returned exit code 1`
 * Specified by: Jenkins core ConsoleNote, the Timestamper plugin and workflow-job's step log
 * (details in jenkinsTokens.ts).
 */
import type { LogGrammar, ParseContext, ParsedHead } from '../../src/model';
import { defineGrammar } from '../common/faults';
import { splitHead } from '../common/lexing';
import { parseJenkinsLine } from './jenkinsParser';
import { jenkinsToHead } from './jenkinsToEvents';

const STAMP_PREFIX = /^(?:\[\d{4}-\d{2}-\d{2}[T ][\d:.,]+(?:Z|[+-][\d:]+)?\] ?|\[?\d{2}:\d{2}:\d{2}(?:\.\d+)?\]? +)/;
const RESULT = /^Finished: (?:SUCCESS|FAILURE|ABORTED|UNSTABLE|NOT_BUILT)\b/;
const ANSI = /\x1b\[8mha:\/\/\/\/[A-Za-z0-9+/=]*\x1b\[0m|\x1b\[[0-9;?]*[A-Za-z]|\x1b/g;

function detect(line: string): number {
  if (line.length === 0) return 0;
  if (line.startsWith('\x1b[8mha:')) return 3;
  const stamp = STAMP_PREFIX.exec(line.slice(0, 48));
  const from = stamp ? stamp[0].length : 0;
  const body = line.slice(from, from + 400).replace(ANSI, '');
  if (body.startsWith('[Pipeline] ') || RESULT.test(body)) return 3;
  if (body.startsWith('Started by ') || (body.startsWith('Running on ') && body.includes(' in '))) return 3;
  if (body.startsWith('Building in workspace ') || body.startsWith('Obtained Jenkinsfile')) return 3;
  if (stamp && stamp[0].charCodeAt(0) === 0x5b /* [ */ && stamp[0].length > 14) return 2;
  if (body.startsWith('+ ') || body.startsWith('ERROR: ') || body.startsWith('FATAL: ')) return 1;
  return stamp ? 1 : 0;
}

function parseHead(line: string, ctx: ParseContext): ParsedHead | null {
  const { head, rest } = splitHead(line);
  const parsed = parseJenkinsLine(head);
  if (parsed.value === undefined || parsed.parseErrors.length > 0) {
    return { timestamp: null, message: line.replace(ANSI, ''), source: 'jenkins' };
  }
  const out = jenkinsToHead(parsed.value, ctx);
  if (out && rest) out.message += rest.replace(ANSI, '');
  return out;
}

const STAGE = /\[Pipeline\] \{ \((?:Branch: )?([^)]+)\)/;

/** The stage a `[Pipeline] { (name)` line opens, for the editor's outline. */
function stageStart(line: string): string | undefined {
  return STAGE.exec(line)?.[1];
}

/** The Jenkins console grammar (kind `jenkins`). */
export const jenkinsGrammar: LogGrammar = defineGrammar({ kind: 'jenkins', detect, parseHead, stageStart, contextMarkers: ['[Pipeline]'] });
