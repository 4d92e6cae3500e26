/**
 * Lexer for one line of `kubectl get` output (see kubectlGetTokens.ts for the format).
 *
 * Sample line: `NAME       STATUS     ROLES    AGE    VERSION`
 *
 * Specified by kubectl's table printers (k8s.io/kubernetes/pkg/printers/internalversion/printers.go).
 */
import { Lexer, type ILexerConfig } from 'chevrotain';
import { kubectlGetTokens } from './kubectlGetTokens';
import { lazy } from '../common/lazy';

/**
 * Build a kubectlGet lexer; tests pass `{ ensureOptimizations: true }` to keep every token on the fast path
 * (the shared instance skips chevrotain's validations, which only a test needs).
 */
export function createKubectlGetLexer(config: ILexerConfig = {}): Lexer {
  return new Lexer(kubectlGetTokens, { positionTracking: 'onlyOffset', skipValidations: !config.ensureOptimizations, ...config });
}

/** The shared instance the grammar uses. */
export const kubectlGetLexer = lazy(() => createKubectlGetLexer());
