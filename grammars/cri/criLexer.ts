/**
 * The lexer of CRI container logs (see criTokens.ts for the format and a sample line:
 * `2021-04-13T10:15:02.123456789Z stdout P {"level":"info","msg":"a very long li`).
 */
import { Lexer, type ILexerConfig } from 'chevrotain';
import { criModes } from './criTokens';
import { lazy } from '../common/lazy';

/** Build a CRI lexer; tests pass `{ ensureOptimizations: true }` to keep it on the fast path. */
export function createCriLexer(config: ILexerConfig = {}): Lexer {
  return new Lexer(criModes, { positionTracking: 'onlyOffset', ...config });
}

/** The shared instance the grammar uses. */
export const criLexer = lazy(() => createCriLexer());
