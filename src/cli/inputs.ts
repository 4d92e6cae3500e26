/** Turns CLI arguments into streamed inputs: files, directories (their files), named pipes, or stdin. */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { isatty } from 'node:tty';
import { isPostmortemDraft, planYears, YEAR_HEAD_CHARS, type LogKind, type StreamInput } from '../core';
import { checkPath, fileBytes, headText, logBytes, walkFiles, whyNotReadable, type LogBytes } from '../node/logFiles';
import { errnoWords } from './errors';

/** Names a directory argument skips: hidden files and an example bundle's metadata. */
const SKIPPED_NAMES = /^(\.|README(\.md)?$|expected\.json$)/i;

/** Milliseconds a named pipe may wait for its writer before the CLI says what it is waiting for. */
const PIPE_WAIT_MS = 2000;

/**
 * Files a directory argument stands for: its regular, readable files, recursively, sorted. What it
 * holds but cannot be read as a log (a FIFO, a device, a link to nothing, a loop of links, a
 * directory cycle, an unreadable file, a postmortem draft of ours saved beside the logs) is skipped
 * and named through `skip`, never dropped silently.
 */
function filesOf(dir: string, skip: (path: string, why: string) => void): string[] {
  return walkFiles(dir, (name) => !SKIPPED_NAMES.test(name), skip).filter((p) => {
    const draft = isPostmortemDraft(head(p, 2048));
    if (draft) skip(p, 'a postmortem draft, not a log');
    return !draft;
  });
}

/** The first bytes of a regular file as text, read as the engine reads them (gzip, UTF-16, Latin-1 ...). */
function head(file: string, bytes = YEAR_HEAD_CHARS): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return headText(buf.subarray(0, n), bytes);
  } finally {
    closeSync(fd);
  }
}

/**
 * Give inputs whose logs omit the year the incident's year: their own dated lines, else the other
 * files' (a Jenkins console with full dates beside a kubelet journal without), else the file's time.
 * Only regular files are read ahead: a pipe (`<(kubectl logs ...)`) or stdin can be read only once, so
 * it takes the year of the others.
 */
export function assignYears(inputs: StreamInput[], thisYear: number): void {
  const heads = inputs.map((i) => (i.name !== '<stdin>' && i.size !== undefined ? head(i.name) : undefined));
  const years = planYears(
    heads,
    inputs.map((i) => i.defaultYear),
    thisYear,
  );
  inputs.forEach((i, n) => (i.defaultYear = years[n]));
}

/** An input that could not be opened; its message says which and what to do. */
export class InputError extends Error {}

const input = (name: string, bytes: LogBytes, extra: Partial<StreamInput>): StreamInput => ({
  name,
  chunks: bytes.chunks,
  notices: bytes.notices,
  consumed: bytes.consumed,
  ...extra,
});

/** Refuse a stdin that is a device other than a terminal or the null device (`< /dev/zero` never ends). */
function checkStdin(stdin: NodeJS.ReadableStream): void {
  if ((stdin as { fd?: unknown }).fd !== 0 || isatty(0)) return;
  let why: string | undefined;
  try {
    why = whyNotReadable(fstatSync(0));
  } catch {
    return;
  }
  if (why) throw new InputError(`cannot read stdin: ${why.replace('DEVICE', 'the device')}`);
}

/**
 * Resolve arguments into inputs. `-` (or nothing) is stdin; a pipe or FIFO named as a file is streamed
 * as it is (and, when no writer comes, `warn` says what it waits for). Files a directory holds but
 * that cannot be read, and a link to nothing named as an argument (`/var/log/containers/*.log` after
 * pods were deleted), are skipped and named through `warn`. Gzip inputs are decompressed.
 */
export function resolveInputs(
  args: readonly string[],
  kind: LogKind | undefined,
  stdin: NodeJS.ReadableStream,
  warn: (message: string) => void = () => {},
): StreamInput[] {
  const inputs: StreamInput[] = [];
  const list = args.length ? args : ['-'];
  const badLinks: string[] = [];
  for (const a of list) {
    if (a === '-') {
      checkStdin(stdin);
      inputs.push(input('<stdin>', logBytes(stdin as AsyncIterable<Uint8Array>), { kind }));
      continue;
    }
    const c = checkPath(a);
    if (!c.ok && c.badLink) {
      badLinks.push(`${a} (${c.why})`);
      continue;
    }
    if (!c.ok) throw new InputError(`cannot read ${a}: ${c.why.replace('DEVICE', a)}`);
    if (c.kind === 'pipe') {
      const wait = { afterMs: PIPE_WAIT_MS, say: () => warn(`waiting for a program to write into the named pipe ${a} (press Ctrl-C to stop)`) };
      inputs.push(input(a, fileBytes(a, wait), { kind, defaultYear: c.stat.mtime.getUTCFullYear() }));
      continue;
    }
    let files = [a];
    if (c.kind === 'directory') {
      const skipped: string[] = [];
      try {
        files = filesOf(a, (p, why) => skipped.push(`${p} (${why.replace('DEVICE', p)})`));
      } catch (err) {
        throw new InputError(`cannot read the directory ${a}: ${errnoWords(err)}`);
      }
      if (files.length === 0) {
        throw new InputError(
          skipped.length
            ? `${a}: none of its files can be read as a log: ${skipped.join(', ')}; give readable log files, or pipe one into stdin (-)`
            : `${a}: the directory holds no files to read (hidden files, README.md and expected.json are skipped); give the log files or a directory that holds them`,
        );
      }
      for (const s of skipped) warn(`skipped ${s}`);
    }
    for (const f of files) {
      const st = f === a ? c.stat : statSync(f);
      // A file's size drives progress (the null device has none), its time the year.
      inputs.push(input(f, fileBytes(f), { kind, size: st.isFile() ? st.size : undefined, defaultYear: st.mtime.getUTCFullYear() }));
    }
  }
  if (inputs.length === 0) throw new InputError(`nothing to read: ${badLinks.join(', ')}`);
  for (const b of badLinks) warn(`skipped ${b}`);
  return inputs;
}
