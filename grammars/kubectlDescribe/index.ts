/**
 * The `kubectl describe` grammar: `kubectl describe pod|node|<kind>` output, several objects pasted
 * one after the other. Each field line and each table row is an event; the described object gives
 * every event its refs.
 *
 * Sample line: `Reason:       Evicted`
 *
 * Specified by kubectl's describers (k8s.io/kubectl/pkg/describe/describe.go).
 */
import type { LogGrammar, ParseContext, ParsedHead } from '../../src/model';
import { defineGrammar } from '../common/faults';
import { splitHead } from '../common/lexing';
import { promptCommand } from '../common/shellPrompt';
import { parseKubectlDescribeLine } from './kubectlDescribeParser';
import { describeState } from './kubectlDescribeState';
import { describeLineToHead } from './kubectlDescribeToEvents';

const STRONG_KEY = /^(?:Name|Namespace|Start Time|Priority|Roles|Labels|Annotations|Containers|Controlled By|QoS Class|Taints):\s/;
const FIELD = /^ *[A-Z][\w.()/-]*(?: [\w.()/-]+)*: {2,}\S/;
const EVENTS_HEADER = /^ +Type +Reason +Age +From +Message/;
const EVENT_ROW = /^ {2}(?:Normal|Warning) {2,}\S+ {2,}\S/;

function detect(line: string): number {
  const l = line.length > 512 ? line.slice(0, 512) : line;
  if (l.startsWith('Events:') || l.startsWith('Conditions:')) return 3;
  if (EVENTS_HEADER.test(l)) return 3;
  if (STRONG_KEY.test(l)) return 2;
  if (EVENT_ROW.test(l)) return 2;
  if (FIELD.test(l)) return 1;
  return 0;
}

function leadingBlanks(line: string): number {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  return i;
}

function parseHead(line: string, ctx: ParseContext): ParsedHead | null {
  if (promptCommand(line) !== undefined) {
    // `$ kubectl describe node x` after another object's output: nothing of the last object carries over.
    delete ctx.state.kubectlDescribe;
    return { timestamp: null, message: line, severity: 'info' };
  }
  const { head, rest } = splitHead(line);
  const table = describeState(ctx).table;
  // Inside a table, lines at the table's indent are rows: lex them without `Key:` heads.
  const mode = table && leadingBlanks(head) >= table.indent ? 'row' : 'line';
  const { value } = parseKubectlDescribeLine(head, mode);
  const parsed = describeLineToHead(value, head, ctx);
  if (parsed && rest) parsed.message += rest;
  return parsed;
}

/** The `kubectl-describe` log format. */
export const kubectlDescribeGrammar: LogGrammar = defineGrammar({
  stateful: true,
  kind: 'kubectl-describe',
  detect,
  parseHead,
});
