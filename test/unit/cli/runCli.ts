/** The CLI run in-process for tests (`runCli`), with what it printed and its exit code. */
import { Readable } from 'node:stream';
import { runCli } from '../../../src/cli/main';

/** How a test runs the CLI: stdin text (default: none), whether stdout/stderr are terminals, the clock. */
export interface CliRun {
  stdin?: string;
  /** Default: a terminal when there is no stdin text. */
  isTTY?: boolean;
  stderrIsTTY?: boolean;
  now?: Date;
  /** Environment variables the CLI sees (log-store logins). */
  env?: Record<string, string | undefined>;
}

/** Run `postmortem-lens ARGS`; resolves to its exit code and everything it wrote. */
export async function cli(args: string[], run: CliRun = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    stdin: Readable.from(run.stdin === undefined ? [] : [Buffer.from(run.stdin)]),
    isTTY: run.isTTY ?? run.stdin === undefined,
    ...(run.stderrIsTTY !== undefined ? { stderrIsTTY: run.stderrIsTTY } : {}),
    now: () => run.now ?? new Date('2026-11-22T10:00:00Z'),
    env: run.env ?? {},
  });
  return { code, out, err };
}
