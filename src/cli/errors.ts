/**
 * What the CLI says when something goes wrong: system errors in words, and the report of an internal
 * error (a bug: what was running, on which input, where to report it; never a stack trace unless
 * POSTMORTEM_LENS_DEBUG is set).
 */

declare const PACKAGE_VERSION: string;
declare const PACKAGE_ISSUES: string;
const VERSION = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0-dev';
const ISSUES = typeof PACKAGE_ISSUES === 'string' ? PACKAGE_ISSUES : "the project's issue tracker";

export { errnoWords } from '../node/errnoWords';

/** What a run was doing, for the report of an internal error. */
export interface RunContext {
  /** The arguments after `postmortem-lens`. */
  argv: readonly string[];
  /** The input being read when it failed, if any. */
  input?: string;
}

/** The report of an unexpected error: what failed, on what, and how to report it. */
export function internalErrorMessage(err: unknown, ctx: RunContext): string {
  const e = err as Error;
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(err);
  const quote = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  const lines = [`postmortem-lens: internal error: ${what}`, `  command: postmortem-lens ${ctx.argv.map(quote).join(' ')}`];
  if (ctx.input) lines.push(`  input:   ${ctx.input} (being read when it failed)`);
  lines.push(
    `This is a bug in postmortem-lens ${VERSION}, not a problem with your logs. Please report it at ${ISSUES}`,
    'with the lines above and, if you can share it, the input (check it for secrets first).',
  );
  if (process.env.POSTMORTEM_LENS_DEBUG) lines.push(e?.stack ?? what);
  else lines.push('Run again with POSTMORTEM_LENS_DEBUG=1 to add the stack trace to the report.');
  return lines.join('\n') + '\n';
}
