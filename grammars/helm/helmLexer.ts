/**
 * The lexer of Helm CLI and Tiller output (see helmTokens.ts for the format and a sample line:
 * `client.go:282: [debug] Starting delete for "web" Service`).
 */
import { Lexer, type ILexerConfig } from 'chevrotain';
import { helmModes } from './helmTokens';
import { lazy } from '../common/lazy';

/** Build a Helm lexer; tests pass `{ ensureOptimizations: true }` to keep it on the fast path. */
export function createHelmLexer(config: ILexerConfig = {}): Lexer {
  return new Lexer(helmModes, { positionTracking: 'onlyOffset', ...config });
}

/** The shared instance the grammar uses. */
export const helmLexer = lazy(() => createHelmLexer());
