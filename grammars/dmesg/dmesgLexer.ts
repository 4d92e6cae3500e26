/**
 * The dmesg lexer: prefix and stamp tokens in `head` mode; the closing `]` pushes `message`.
 *   [Tue Apr 13 10:15:02 2021] Memory cgroup out of memory: Killed process 1234 (java)
 * Spec: dmesg(1) (util-linux).
 */
import { Lexer, type ILexerConfig, type IMultiModeLexerDefinition } from 'chevrotain';
import { DmesgMode, dmesgModes } from './dmesgTokens';
import { lazy } from '../common/lazy';

/** The multi-mode lexer definition (tests build it with `ensureOptimizations`). */
export const dmesgLexerDefinition: IMultiModeLexerDefinition = {
  modes: dmesgModes,
  defaultMode: DmesgMode.head,
};

/** Build a dmesg lexer; the shared instance below uses offset-only tracking. */
export function createDmesgLexer(config: ILexerConfig = {}): Lexer {
  return new Lexer(dmesgLexerDefinition, { positionTracking: 'onlyOffset', ...config });
}

/** The one dmesg lexer the grammar uses. */
export const dmesgLexer = lazy(() => createDmesgLexer());
