/**
 * Lexer for one line of `kubectl describe` output (see kubectlDescribeTokens.ts for the format).
 *
 * Sample line: `Start Time:   Tue, 13 Apr 2021 10:15:02 +0000`
 *
 * Specified by kubectl's describers (k8s.io/kubectl/pkg/describe/describe.go).
 */
import { Lexer, type ILexerConfig } from 'chevrotain';
import { kubectlDescribeModes } from './kubectlDescribeTokens';
import { lazy } from '../common/lazy';

/** Where lexing starts: `line` for a head, `row` inside a table, where no `Key:` is expected. */
export type DescribeLexMode = 'line' | 'row';

/**
 * Build a kubectlDescribe lexer; tests pass `{ ensureOptimizations: true }` to keep every token on the fast path
 * (the shared instance skips chevrotain's validations, which only a test needs).
 */
export function createKubectlDescribeLexer(config: ILexerConfig = {}): Lexer {
  return new Lexer(kubectlDescribeModes, { positionTracking: 'onlyOffset', skipValidations: !config.ensureOptimizations, ...config });
}

/** The shared instance the grammar uses. */
export const kubectlDescribeLexer = lazy(() => createKubectlDescribeLexer());
