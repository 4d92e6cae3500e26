/**
 * The lexer of the `plain` fallback (see plainTokens.ts for what it recognises and a sample line:
 * `goroutine 1 [running]:`).
 */
import { Lexer, type ILexerConfig } from 'chevrotain';
import { plainModes } from './plainTokens';
import { lazy } from '../common/lazy';

/** Build a plain lexer; tests pass `{ ensureOptimizations: true }` to keep it on the fast path. */
export function createPlainLexer(config: ILexerConfig = {}): Lexer {
  return new Lexer(plainModes, { positionTracking: 'onlyOffset', ...config });
}

/** The shared instance the grammar uses. */
export const plainLexer = lazy(() => createPlainLexer());
