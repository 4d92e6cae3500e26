/**
 * Tokens of `kubectl describe` output (pods, nodes, any kind): `Key:  value` field lines nested by
 * indentation, and tabwriter tables (`Events:`, `Conditions:`, `Allocated resources:`).
 *
 * Sample line: `  Warning  Evicted    5m (x2 over 10m)   kubelet, aks-nodepool1-2  The node was low on resource: nodefs.`
 *
 * Specified by kubectl's describers (k8s.io/kubectl/pkg/describe/describe.go): a prefix writer
 * indents each level by 2 spaces, tables are tabwriter columns padded by 2.
 * Modes: `line` reads the head (a `Key:`, a `----` rule or a first cell); `value` takes the rest of a
 * field line; `row` reads table cells. Blanks are skipped; tokens keep their offsets.
 */
import { createToken, Lexer, type IMultiModeLexerDefinition } from 'chevrotain';

/** Any character but a blank (ranges rather than a complement keep the lexer optimized). */
const CH = '[\\x00-\\x08\\x0a-\\x1f\\x21-\\uffff]';

/** Blanks: indentation and column padding; skipped, offsets tell the indent. */
export const Blank = createToken({ name: 'Blank', pattern: /[ \t]+/, group: Lexer.SKIPPED });

/** A table rule under a header: `----     ------     ----`. */
export const Rule = createToken({ name: 'Rule', pattern: /-{2,}(?:[ \t]+-{2,})*(?=[ \t]*(?![^]))/ });

/** A field head: `Name:`, `Start Time:`, `Last State:`, `JENKINS_URL:`; pushes `value` mode. */
export const FieldKey = createToken({
  name: 'FieldKey',
  pattern: /[A-Za-z][\w.()/-]*(?: [\w.()/-]+)*:(?=[ \t]|(?![^]))/,
  push_mode: 'value',
});

/** The rest of a field line: `Tue, 13 Apr 2021 10:15:02 +0000`, `The node was low on resource: nodefs.` */
export const Value = createToken({ name: 'Value', pattern: new RegExp(`${CH}[\\x00-\\uffff]*`) });

/** First cell of a line that is no field: a table header or row, or free text; pushes `row` mode. */
export const HeadCell = createToken({ name: 'HeadCell', pattern: new RegExp(`${CH}+(?: ${CH}+)*`), push_mode: 'row' });

/** A table cell: text with single spaces inside (`5m (x2 over 10m)`, `kubelet, aks-nodepool1-2`). */
export const Cell = createToken({ name: 'Cell', pattern: new RegExp(`${CH}+(?: ${CH}+)*`) });

/** Every token, for the parser. */
export const kubectlDescribeTokens = [Blank, Rule, FieldKey, Value, HeadCell, Cell];

/** The lexer modes: `line` (default), `value`, `row`. */
export const kubectlDescribeModes: IMultiModeLexerDefinition = {
  modes: {
    line: [Blank, Rule, FieldKey, HeadCell],
    value: [Blank, Value],
    row: [Blank, Cell],
  },
  defaultMode: 'line',
};
