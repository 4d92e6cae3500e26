/**
 * CRI container logs (containerd, CRI-O; the files under /var/log/pods and /var/log/containers).
 *
 * Sample: `2021-04-13T10:15:02.123456789Z stderr F Error: connect ECONNREFUSED 10.96.0.10:53`
 * Specified by: the kubelet CRI logging format (details in criTokens.ts).
 */
import type { LogGrammar, ParseContext, ParsedHead } from '../../src/model';
import { defineGrammar } from '../common/faults';
import { splitHead } from '../common/lexing';
import { parseCriLine } from './criParser';
import { criToHead } from './criToEvents';

const CRI_HEAD = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}) std(?:out|err) [A-Z](?::[A-Z])*(?: |$)/;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function detect(line: string): number {
  if (!isDigit(line.charCodeAt(0)) || line.charCodeAt(4) !== 0x2d /* - */ || line.charCodeAt(10) !== 0x54 /* T */) return 0;
  return CRI_HEAD.test(line.slice(0, 64)) ? 3 : 0;
}

function parseHead(line: string, ctx: ParseContext): ParsedHead | null {
  if (detect(line) === 0) return null;
  const { head, rest } = splitHead(line);
  const parsed = parseCriLine(head);
  if (!parsed.value || parsed.parseErrors.length > 0) return null;
  const out = criToHead(parsed.value, ctx);
  if (rest) out.message += rest;
  return out;
}

/** The CRI container log grammar (kind `cri`). */
export const criGrammar: LogGrammar = defineGrammar({ kind: 'cri', detect, parseHead });
