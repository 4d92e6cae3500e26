/**
 * The `kubectl get` grammar: table output of `kubectl get pods|nodes|events` (any resource), with
 * `-o wide` and `-A`/`--all-namespaces` layouts and both the old and new `get events` columns.
 *
 * Sample line: `worker-2   NotReady   <none>   113d   v1.19.7`
 *
 * Specified by kubectl's table printers (k8s.io/kubernetes/pkg/printers/internalversion/printers.go).
 */
import type { LogGrammar, ParseContext, ParsedHead } from '../../src/model';
import { defineGrammar } from '../common/faults';
import { splitHead } from '../common/lexing';
import { promptCommand } from '../common/shellPrompt';
import { parseKubectlGetLine } from './kubectlGetParser';
import { getLineToHead } from './kubectlGetToEvents';

const POD_ROW = /^\S+\s{2,}(?:\S+\s{2,})?\d+\/\d+\s{2,}\S+\s{2,}\d+/;
const NODE_ROW = /^\S+\s{2,}(?:Not)?Ready\S*\s{2,}\S+\s{2,}\d+[smhdy]/;
const EVENT_ROW = /^(?:\S+\s{2,})?(?:<unknown>|\d+[smhdy]\S*)\s{2,}(?:Normal|Warning)\s{2,}/;

const HEADER = /^(?:NAMESPACE +)?(?:NAME +READY +STATUS|NAME +STATUS +ROLES|LAST ?SEEN +(?:TYPE +REASON|FIRST ?SEEN))/;
const OTHER_HEADER = /^(?:NAMESPACE +)?NAME {2,}[A-Z]/;

function detect(line: string): number {
  const l = line.length > 512 ? line.slice(0, 512) : line;
  const c = l.charCodeAt(0);
  if (c === 32 || c === 9 || l === '') return 0;
  if (l.startsWith('NAME') || l.startsWith('LAST')) return HEADER.test(l) ? 3 : OTHER_HEADER.test(l) ? 2 : 0;
  if (l.startsWith('No resources found')) return 2;
  // Every row's first column ends in two or more spaces (the three row patterns start so); most log
  // lines do not, and this look spares them the three patterns (8% of the CLI's CPU on dense logs).
  const gap = l.search(/\s/);
  if (gap <= 0 || !/\s/.test(l[gap + 1] ?? '')) return 0;
  return POD_ROW.test(l) || NODE_ROW.test(l) || EVENT_ROW.test(l) ? 1 : 0;
}

function parseHead(line: string, ctx: ParseContext): ParsedHead | null {
  if (line.trim() === '') return null;
  if (promptCommand(line) !== undefined) {
    // The next command's table has its own header: forget this one's columns.
    delete ctx.state.kubectlGet;
    return { timestamp: null, message: line, severity: 'info' };
  }
  const { head, rest } = splitHead(line);
  const { value } = parseKubectlGetLine(head);
  return getLineToHead(head, value, ctx, rest);
}

/** The `kubectl-get` log format. */
export const kubectlGetGrammar: LogGrammar = defineGrammar({
  stateful: true,
  kind: 'kubectl-get',
  detect,
  parseHead,
});
