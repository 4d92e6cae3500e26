/**
 * Lexer for one line of `kubectl get` output (see kubectlGetTokens.ts for the format).
 *
 * Sample line: `NAME       STATUS     ROLES    AGE    VERSION`
 *
 * Specified by kubectl's table printers (k8s.io/kubernetes/pkg/printers/internalversion/printers.go).
 */
import { Lexer, type ILexingResult } from 'chevrotain';
import { kubectlGetTokens } from './kubectlGetTokens';
import { lazy } from '../common/lazy';

/** A lexer for kubectl-get lines; tests pass `ensureOptimizations` to keep every token on the fast path. */
export function createKubectlGetLexer(ensureOptimizations = false): Lexer {
  return new Lexer(kubectlGetTokens, {
    ensureOptimizations,
    positionTracking: 'onlyOffset',
    skipValidations: !ensureOptimizations,
  });
}

const lexer = lazy(() => createKubectlGetLexer());

/** Tokenize one line (no line terminator). Never throws; unknown characters become lex errors. */
export function lexKubectlGetLine(line: string): ILexingResult {
  return lexer().tokenize(line);
}
