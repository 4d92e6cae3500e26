/**
 * The CLI's output layer over the real process streams.
 *
 * A reader that stops early (`| head -1`, `| head -c 100`, a pager quit) closes the pipe: the next write
 * fails with EPIPE. As ripgrep does, that ends the output quietly: the rest is dropped, nothing is
 * printed, and the exit code is the one the command gives anyway (so `--fail-on` still gates). Any other
 * write failure (a full disk behind `> report.json`) is said once on stderr and the run exits 2.
 * Handled here, on the streams' 'error' events, once for every command and format.
 */
import { errnoWords } from './errors';
import type { CliIo } from './main';

/** What a progress line on a terminal starts with: back to the line's start, and clear it. */
export const PROGRESS = '\r\x1b[K';

/** Exit code of a run whose output could not be written. */
const OUTPUT_FAILED = 2;

/** The process's streams as a CliIo, and the exit code their failures call for. */
export function processIo(): { io: CliIo; outputExitCode: () => number } {
  let failed = false;
  const closed = { stdout: false, stderr: false };
  const guard = (name: 'stdout' | 'stderr', stream: NodeJS.WriteStream): void => {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      closed[name] = true;
      if (err.code === 'EPIPE') return;
      failed = true;
      if (name === 'stdout' && !closed.stderr) process.stderr.write(`postmortem-lens: cannot write the output: ${errnoWords(err)}\n`);
    });
  };
  guard('stdout', process.stdout);
  guard('stderr', process.stderr);
  return {
    io: {
      stdout: (s) => {
        if (!closed.stdout) process.stdout.write(s);
      },
      stderr: (s) => {
        if (!closed.stderr) process.stderr.write(s);
      },
      stdin: process.stdin,
      isTTY: Boolean(process.stdin.isTTY),
      stderrIsTTY: Boolean(process.stderr.isTTY),
      now: () => new Date(),
      env: process.env,
    },
    outputExitCode: () => (failed ? OUTPUT_FAILED : 0),
  };
}
