/**
 * The lexer of GitHub Actions job logs (see githubActionsTokens.ts for the format and a sample line:
 * `2024-05-01T10:00:03.4816529Z ##[error]Process completed with exit code 1.`).
 */
import { Lexer, type ILexerConfig } from 'chevrotain';
import { githubActionsModes } from './githubActionsTokens';
import { lazy } from '../common/lazy';

/** Build a GitHub Actions lexer; tests pass `{ ensureOptimizations: true }` to keep it on the fast path. */
export function createGithubActionsLexer(config: ILexerConfig = {}): Lexer {
  return new Lexer(githubActionsModes, { positionTracking: 'onlyOffset', ...config });
}

/** The shared instance the grammar uses. */
export const githubActionsLexer = lazy(() => createGithubActionsLexer());
