/**
 * The klog lexer: header tokens in `head` mode, then `message` (free text, one token) or
 * `structured` (quoted message and key=value pairs).
 *   E0413 10:15:02.123456    1234 pod_workers.go:191] Error syncing pod 5f1e..., skipping
 * Spec: klog `formatHeader` (https://github.com/kubernetes/klog/blob/main/klog.go).
 */
import { Lexer, type ILexerConfig, type IMultiModeLexerDefinition } from 'chevrotain';
import { KlogMode, klogModes } from './klogTokens';
import { lazy } from '../common/lazy';

/** The multi-mode lexer definition (tests build it with `ensureOptimizations`). */
export const klogLexerDefinition: IMultiModeLexerDefinition = {
  modes: klogModes,
  defaultMode: KlogMode.head,
};

/** Build a klog lexer; the shared instance below uses offset-only tracking. */
export function createKlogLexer(config: ILexerConfig = {}): Lexer {
  return new Lexer(klogLexerDefinition, { positionTracking: 'onlyOffset', ...config });
}

/** The one klog lexer the grammar uses. */
export const klogLexer = lazy(() => createKlogLexer());
