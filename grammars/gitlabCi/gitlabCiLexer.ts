/**
 * The lexer of GitLab CI job logs (see gitlabCiTokens.ts for the format and a sample line:
 * `2024-05-01T10:00:00.123456Z 00O section_start:1714557600:step_script`).
 */
import { Lexer, type ILexerConfig } from 'chevrotain';
import { gitlabCiModes } from './gitlabCiTokens';
import { lazy } from '../common/lazy';

/** Build a GitLab CI lexer; tests pass `{ ensureOptimizations: true }` to keep it on the fast path. */
export function createGitlabCiLexer(config: ILexerConfig = {}): Lexer {
  return new Lexer(gitlabCiModes, { positionTracking: 'onlyOffset', ...config });
}

/** The shared instance the grammar uses. */
export const gitlabCiLexer = lazy(() => createGitlabCiLexer());
