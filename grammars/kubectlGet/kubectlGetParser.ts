/**
 * Parser for one line of `kubectl get` output: a header (all upper-case cells) or a row.
 *
 * Sample line: `LAST SEEN   TYPE      REASON    OBJECT              MESSAGE`
 *
 * Specified by kubectl's table printers (k8s.io/kubernetes/pkg/printers/internalversion/printers.go).
 */
import { EmbeddedActionsParser, type ILexingError, type IRecognitionException, type IToken } from 'chevrotain';
import type { TextCell } from './kubectlGetColumns';
import { lexKubectlGetLine } from './kubectlGetLexer';
import { Cell, HeaderWord, kubectlGetTokens } from './kubectlGetTokens';
import { lazy } from '../common/lazy';

/** One lexed and parsed line. */
export interface GetLine {
  /** True when every cell is an upper-case header word. */
  header: boolean;
  /** The cells with their offsets. */
  cells: TextCell[];
}

/** A parse result: the value plus the errors, which are returned, never thrown. */
export interface GetLineResult {
  value: GetLine;
  lexErrors: ILexingError[];
  parseErrors: IRecognitionException[];
}

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
        { ALT: () => { cells.push(toCell(this.CONSUME(HeaderWord))); } },
        { ALT: () => { cells.push(toCell(this.CONSUME(Cell))); header = false; } },
      ]);
    });
    return { header: header && cells.length > 1, cells };
  });
}

const parser = lazy(() => new KubectlGetParser());

/** Lex and parse one line with the shared parser instance. */
export function parseKubectlGetLine(text: string): GetLineResult {
  const lexed = lexKubectlGetLine(text);
  const p = parser();
  p.input = lexed.tokens;
  const value = p.line() ?? { header: false, cells: [] };
  return { value, lexErrors: lexed.errors, parseErrors: p.errors };
}
