/** Turns CLI arguments into streamed inputs: files, directories (their files), or stdin. */
import { accessSync, closeSync, constants, createReadStream, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isPostmortemDraft, sniffYears, type LogKind, type StreamInput } from '../core';
import { errnoWords } from './errors';

/** Names a directory argument skips: hidden files and an example bundle's metadata. */
const SKIPPED_NAMES = /^(\.|README(\.md)?$|expected\.json$)/i;

/**
 * Files a directory argument stands for: its regular, readable files, recursively, sorted. What it
 * holds but cannot be read as a log (a FIFO, a socket, a dangling link, an unreadable file, a
 * postmortem draft of ours saved beside the logs) is skipped and named through `skip`, never
 * dropped silently.
 */
function filesOf(dir: string, skip: (path: string, why: string) => void): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (SKIPPED_NAMES.test(name)) continue;
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      skip(p, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'a link to nothing' : errnoWords(err));
      continue;
    }
    if (st.isDirectory()) out.push(...filesOf(p, skip));
    else if (!st.isFile()) skip(p, 'not a regular file');
    else if (!readable(p)) skip(p, 'permission denied');
    else if (isPostmortemDraft(head(p, 2048))) skip(p, 'a postmortem draft, not a log');
    else out.push(p);
  }
  return out;
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** Bytes of each file read up front to find the incident's year. */
const HEAD_BYTES = 256 * 1024;

function head(file: string, bytes = HEAD_BYTES): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString('utf8');
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
export function assignYears(inputs: StreamInput[]): void {
  const files = inputs.filter((i) => i.name !== '<stdin>' && i.size !== undefined);
  const years = sniffYears(files.map((i) => head(i.name)));
  files.forEach((i, n) => { if (years[n] !== undefined) i.defaultYear = years[n]; });
  const run = years.find((y) => y !== undefined);
  for (const i of inputs) if (!files.includes(i) && run !== undefined) i.defaultYear = run;
}

/** An input that could not be opened; its message says which and what to do. */
export class InputError extends Error {}

/**
 * Resolve arguments into inputs. `-` (or nothing) is stdin; a pipe or FIFO named as a file is streamed
 * as it is. Files a directory holds but that cannot be read are named through `warn`.
 */
export function resolveInputs(args: readonly string[], kind: LogKind | undefined, stdin: NodeJS.ReadableStream, warn: (message: string) => void = () => {}): StreamInput[] {
  const inputs: StreamInput[] = [];
  const list = args.length ? args : ['-'];
  for (const a of list) {
    if (a === '-') {
      inputs.push({ name: '<stdin>', chunks: stdin as AsyncIterable<Uint8Array>, kind });
      continue;
    }
    let st;
    try {
      st = statSync(a);
    } catch (err) {
      throw new InputError(`cannot read ${a}: ${errnoWords(err)}`);
    }
    if (!st.isDirectory() && !readable(a)) throw new InputError(`cannot read ${a}: permission denied`);
    let files = [a];
    if (st.isDirectory()) {
      const skipped: string[] = [];
      try {
        files = filesOf(a, (p, why) => skipped.push(`${p} (${why})`));
      } catch (err) {
        throw new InputError(`cannot read the directory ${a}: ${errnoWords(err)}`);
      }
      if (files.length === 0) {
        throw new InputError(skipped.length
          ? `${a}: none of its files can be read as a log: ${skipped.join(', ')}; give readable log files, or pipe one into stdin (-)`
          : `${a}: the directory holds no files to read (hidden files, README.md and expected.json are skipped); give the log files or a directory that holds them`);
      }
      for (const s of skipped) warn(`skipped ${s}`);
    }
    for (const f of files) {
      const fst = f === a ? st : statSync(f);
      // A pipe has no size and no useful time; a file's size drives progress, its time the year.
      inputs.push({ name: f, chunks: createReadStream(f, { highWaterMark: 1 << 20 }), size: fst.isFile() ? fst.size : undefined, kind, defaultYear: fst.mtime.getUTCFullYear() });
    }
  }
  return inputs;
}
