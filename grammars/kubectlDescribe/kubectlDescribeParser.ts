/**
 * Parser for one line of `kubectl describe` output: a field, a table rule, cells, or blank.
 *
 * Sample line: `    Last State:     Terminated`
 *
 * Specified by kubectl's describers (k8s.io/kubectl/pkg/describe/describe.go).
 */
import { EmbeddedActionsParser, type IToken } from 'chevrotain';
import type { TextCell } from '../kubectlGet/kubectlGetColumns';
import { kubectlDescribeLexer, type DescribeLexMode } from './kubectlDescribeLexer';
import { Cell, FieldKey, HeadCell, kubectlDescribeTokens, Rule, Value } from './kubectlDescribeTokens';
import { lazy } from '../common/lazy';
import { parseLine, type LineParse } from '../common/parseLine';

/** One parsed line. `indent` is the offset of its first token. */
export type DescribeLine =
  | { type: 'blank'; indent: number }
  | { type: 'rule'; indent: number }
  | { type: 'field'; indent: number; key: string; value: string; valueStart: number }
  | { type: 'cells'; indent: number; cells: TextCell[] };

/** A parse result; errors are returned, never thrown. A line always has a value (blank at worst). */
export type DescribeLineResult = LineParse<DescribeLine> & { value: DescribeLine };

function toCell(t: IToken): TextCell {
  return { text: t.image, start: t.startOffset, end: t.startOffset + t.image.length };
}

/** Chevrotain parser of a describe line; use the shared instance through {@link parseKubectlDescribeLine}. */
export class KubectlDescribeParser extends EmbeddedActionsParser {
  constructor() {
    super(kubectlDescribeTokens, { recoveryEnabled: true });
    this.performSelfAnalysis();
  }

  /** line: Rule | FieldKey Value? | (HeadCell | Cell) Cell* | nothing */
  public line = this.RULE('line', (): DescribeLine => {
    let result: DescribeLine = { type: 'blank', indent: 0 };
    this.OPTION(() => {
      result = this.OR([
        { ALT: () => ({ type: 'rule', indent: this.CONSUME(Rule).startOffset }) },
        { ALT: () => this.SUBRULE(this.field) },
        { ALT: () => this.SUBRULE(this.cells) },
      ]);
    });
    return result;
  });

  /** field: FieldKey Value? -- the key without its colon. */
  public field = this.RULE('field', (): DescribeLine => {
    const key = this.CONSUME(FieldKey);
    let value: IToken | undefined;
    this.OPTION(() => {
      value = this.CONSUME(Value);
    });
    return {
      type: 'field',
      indent: key.startOffset,
      key: key.image.slice(0, -1),
      value: value?.image.trimEnd() ?? '',
      valueStart: value?.startOffset ?? -1,
    };
  });

  /** cells: (HeadCell | Cell) Cell* */
  public cells = this.RULE('cells', (): DescribeLine => {
    const cells: TextCell[] = [];
    this.OR([
      {
        ALT: () => {
          cells.push(toCell(this.CONSUME(HeadCell)));
        },
      },
      {
        ALT: () => {
          cells.push(toCell(this.CONSUME(Cell)));
        },
      },
    ]);
    this.MANY(() => {
      cells.push(toCell(this.CONSUME2(Cell)));
    });
    return { type: 'cells', indent: cells[0]?.start ?? 0, cells };
  });
}

const parser = lazy(() => new KubectlDescribeParser());

/** Lex and parse one line with the shared parser instance. */
export function parseKubectlDescribeLine(text: string, mode: DescribeLexMode = 'line'): DescribeLineResult {
  const parsed = parseLine(kubectlDescribeLexer(), parser(), (p) => p.line(), text, mode);
  return { ...parsed, value: parsed.value ?? { type: 'blank', indent: 0 } };
}
