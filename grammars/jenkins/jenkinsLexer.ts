/**
 * The lexer of Jenkins console output (see jenkinsTokens.ts for the format and a sample line:
 * `[2021-04-13T10:15:02.123Z] ERROR: script returned exit code 1`).
 */
import { Lexer, type ILexerConfig } from 'chevrotain';
import { jenkinsModes } from './jenkinsTokens';
import { lazy } from '../common/lazy';

/** Build a Jenkins lexer; tests pass `{ ensureOptimizations: true }` to keep it on the fast path. */
export function createJenkinsLexer(config: ILexerConfig = {}): Lexer {
  return new Lexer(jenkinsModes, { positionTracking: 'onlyOffset', ...config });
}

/** The shared instance the grammar uses. */
export const jenkinsLexer = lazy(() => createJenkinsLexer());
