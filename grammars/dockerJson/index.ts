/**
 * Docker json-file driver logs: one JSON object per line, `log` payload split by the daemon into
 * 16 KiB pieces (a piece without a trailing `\n` is continued by the next line).
 *
 * Sample: `{"log":"Error: connect ECONNREFUSED\n","stream":"stderr","time":"2021-04-13T10:15:02.123456789Z"}`
 * Specified by: moby `daemon/logger/jsonfilelog` (see dockerJsonParser.ts for why JSON.parse is the grammar).
 */
import type { LogGrammar, ParseContext, ParsedHead } from '../../src/model';
import { defineGrammar } from '../common/faults';
import { parseDockerJsonLine } from './dockerJsonParser';
import { dockerJsonToHead } from './dockerJsonToEvents';

function detect(line: string): number {
  if (line.charCodeAt(0) !== 0x7b /* { */) return 0;
  if (line.startsWith('{"log":"')) return 3;
  const head = line.slice(0, 200);
  return head.includes('"log":') && (head.includes('"stream":') || line.includes('"time":')) ? 2 : 0;
}

function parseHead(line: string, ctx: ParseContext): ParsedHead | null {
  return dockerJsonToHead(parseDockerJsonLine(line), line, ctx);
}

/** The Docker json-file grammar (kind `docker-json`). */
export const dockerJsonGrammar: LogGrammar = defineGrammar({ kind: 'docker-json', detect, parseHead });
