/**
 * The syslog lexer: RFC 3164 in `head` mode; RFC 5424 through one mode per header field, then
 * structured data, then `message`.
 *   <165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3"] message
 * Spec: RFC 3164, RFC 5424.
 */
import { Lexer, type ILexerConfig, type IMultiModeLexerDefinition } from 'chevrotain';
import { SyslogMode, syslogModes } from './syslogTokens';
import { lazy } from '../common/lazy';

/** The multi-mode lexer definition (tests build it with `ensureOptimizations`). */
export const syslogLexerDefinition: IMultiModeLexerDefinition = {
  modes: syslogModes,
  defaultMode: SyslogMode.head,
};

/** Build a syslog lexer; the shared instance below uses offset-only tracking. */
export function createSyslogLexer(config: ILexerConfig = {}): Lexer {
  return new Lexer(syslogLexerDefinition, { positionTracking: 'onlyOffset', ...config });
}

/** The one syslog lexer the grammar uses. */
export const syslogLexer = lazy(() => createSyslogLexer());
