/**
 * The journald lexer: header tokens in `head` mode; the `: ` after the identifier pushes `message`.
 *   Apr 13 10:15:02 node-1 kernel: nf_conntrack: table full, dropping packet
 * Spec: journalctl(1) output modes short, short-precise, short-iso.
 */
import { Lexer, type ILexerConfig, type IMultiModeLexerDefinition } from 'chevrotain';
import { JournaldMode, journaldModes } from './journaldTokens';
import { lazy } from '../common/lazy';

/** The multi-mode lexer definition (tests build it with `ensureOptimizations`). */
export const journaldLexerDefinition: IMultiModeLexerDefinition = {
  modes: journaldModes,
  defaultMode: JournaldMode.head,
};

/** Build a journald lexer; the shared instance below uses offset-only tracking. */
export function createJournaldLexer(config: ILexerConfig = {}): Lexer {
  return new Lexer(journaldLexerDefinition, { positionTracking: 'onlyOffset', ...config });
}

/** The one journald lexer the grammar uses. */
export const journaldLexer = lazy(() => createJournaldLexer());
