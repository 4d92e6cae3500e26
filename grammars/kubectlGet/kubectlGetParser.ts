/**
 * Parser for one line of `kubectl get` output: a header (all upper-case cells) or a row.
 *
 * Sample line: `LAST SEEN   TYPE      REASON    OBJECT              MESSAGE`
 *
 * Specified by kubectl's table printers (k8s.io/kubernetes/pkg/printers/internalversion/printers.go).
 */
import { EmbeddedActionsParser, type IToken } from 'chevrotain';
import type { TextCell } from './kubectlGetColumns';
import { kubectlGetLexer } from './kubectlGetLexer';
import { Cell, HeaderWord, kubectlGetTokens } from './kubectlGetTokens';
import { lazy } from '../common/lazy';
import { parseLine, type LineParse } from '../common/parseLine';

/** One lexed and parsed line. */
export interface GetLine {
  /** True when every cell is an upper-case header word. */
  header: boolean;
  /** The cells with their offsets. */
  cells: TextCell[];
}

/** A parse result: the value plus the errors, which are returned, never thrown. A line always has a value. */
export type GetLineResult = LineParse<GetLine> & { value: GetLine };

function toCell(t: IToken): TextCell {
  return { text: t.image, start: t.startOffset, end: t.startOffset + t.image.length };
}

/** Chevrotain parser of a `kubectl get` line; use the shared instance through {@link parseKubectlGetLine}. */
export class KubectlGetParser extends EmbeddedActionsParser {
  constructor() {
    super(kubectlGetTokens, { recoveryEnabled: true });
    this.performSelfAnalysis();
  }

  /** line: (HeaderWord | Cell)* */
  public line = this.RULE('line', (): GetLine => {
    const cells: TextCell[] = [];
    let header = true;
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            cells.push(toCell(this.CONSUME(HeaderWord)));
          },
        },
        {
          ALT: () => {
            cells.push(toCell(this.CONSUME(Cell)));
            header = false;
          },
        },
      ]);
    });
    return { header: header && cells.length > 1, cells };
  });
}

const parser = lazy(() => new KubectlGetParser());

/** Lex and parse one line with the shared parser instance. */
export function parseKubectlGetLine(text: string): GetLineResult {
  const parsed = parseLine(kubectlGetLexer(), parser(), (p) => p.line(), text);
  return { ...parsed, value: parsed.value ?? { header: false, cells: [] } };
}
