/**
 * Lexer for one line of `kubectl describe` output (see kubectlDescribeTokens.ts for the format).
 *
 * Sample line: `Start Time:   Tue, 13 Apr 2021 10:15:02 +0000`
 *
 * Specified by kubectl's describers (k8s.io/kubectl/pkg/describe/describe.go).
 */
import { Lexer, type ILexingResult } from 'chevrotain';
import { kubectlDescribeModes } from './kubectlDescribeTokens';
import { lazy } from '../common/lazy';

/** Where lexing starts: `line` for a head, `row` inside a table, where no `Key:` is expected. */
export type DescribeLexMode = 'line' | 'row';

/** A kubectl-describe lexer; tests pass `ensureOptimizations` so a slow pattern fails loudly. */
export function createKubectlDescribeLexer(ensureOptimizations = false): Lexer {
  return new Lexer(kubectlDescribeModes, {
    ensureOptimizations,
    positionTracking: 'onlyOffset',
    skipValidations: !ensureOptimizations,
  });
}

const lexer = lazy(() => createKubectlDescribeLexer());

/** Tokenize one line (no terminator) starting in `mode`. Never throws. */
export function lexKubectlDescribeLine(line: string, mode: DescribeLexMode = 'line'): ILexingResult {
  return lexer().tokenize(line, mode);
}
