/**
 * The lexer of logrus text lines (see logrusTokens.ts for the format and a sample line:
 * `time="2021-04-13T10:15:02Z" level=warning msg="failed to retrieve runc version" error="exit status 1"`).
 */
import { Lexer, type ILexerConfig } from 'chevrotain';
import { logrusModes } from './logrusTokens';
import { lazy } from '../common/lazy';

/** Build a logrus lexer; tests pass `{ ensureOptimizations: true }` to keep it on the fast path. */
export function createLogrusLexer(config: ILexerConfig = {}): Lexer {
  return new Lexer(logrusModes, { positionTracking: 'onlyOffset', ...config });
}

/** The shared instance the grammar uses. */
export const logrusLexer = lazy(() => createLogrusLexer());
