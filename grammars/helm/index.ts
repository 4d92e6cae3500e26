/**
 * Helm v2/v3 CLI output (errors, release summary, `--debug` lines) and Tiller server logs.
 *
 * Sample: `Error: UPGRADE FAILED: timed out waiting for the condition`
 * Specified by: helm/helm v2 `pkg/tiller` and v3 `cmd/helm`, `pkg/action` (details in helmTokens.ts).
 */
import type { LogGrammar, ParseContext, ParsedHead } from '../../src/model';
import { defineGrammar } from '../common/faults';
import { splitHead } from '../common/lexing';
import { parseHelmLine } from './helmParser';
import { helmToHead } from './helmToEvents';

const TILLER = /^\[(?:tiller|storage|storage\/driver|kube|main)\] \d{4}\/\d{2}\/\d{2} /;
const HELM3_DEBUG = /^[\w.-]+\.go:\d+: \[debug\] /;
const HELM_ERROR = /^Error: (?:UPGRADE FAILED|INSTALLATION FAILED|release |rpc error|transport is closing|could not find tiller|failed to download|chart )/;
const SUMMARY = /^(?:NAME|NAMESPACE|STATUS|REVISION|TEST SUITE|CHART|APP VERSION): /;

function detect(line: string): number {
  const c = line.charCodeAt(0);
  if (Number.isNaN(c) || c === 0x20 || c === 0x09) return 0;
  const start = line.slice(0, 80);
  if (TILLER.test(start) || HELM3_DEBUG.test(start) || HELM_ERROR.test(start)) return 3;
  if (start.startsWith('LAST DEPLOYED: ') || (start.startsWith('Release "') && line.includes('Happy Helming'))) return 3;
  if (start.startsWith('[debug] ') || start.startsWith('Release "') || SUMMARY.test(start)) return 2;
  return start.startsWith('Error: ') ? 1 : 0;
}

function parseHead(line: string, ctx: ParseContext): ParsedHead | null {
  const { head, rest } = splitHead(line);
  const parsed = parseHelmLine(head);
  if (!parsed.value || parsed.parseErrors.length > 0) return { timestamp: null, message: line, source: 'helm' };
  const out = helmToHead(parsed.value, ctx);
  if (out && rest) out.message += rest;
  return out;
}

/** The Helm/Tiller grammar (kind `helm`). */
export const helmGrammar: LogGrammar = defineGrammar({ kind: 'helm', detect, parseHead });
