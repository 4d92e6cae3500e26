/**
 * What a path is before anything reads it, for every adapter (CLI inputs, the extension's files,
 * catalogue directories): a file, a pipe, or something that must not be read (a device whose data
 * never ends, a socket, a link to nothing, a loop of links), said in words. Directory walks skip
 * what they cannot read, name it, and never follow a link back into a directory already walked.
 * Compressed inputs (gzip, by their magic bytes) are decompressed as they stream.
 */
import { accessSync, closeSync, constants, createReadStream, lstatSync, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { constants as zlibConstants, createGunzip, gunzipSync } from 'node:zlib';
import { decodeBytes, type InputNotice } from '../core';
import { errnoWords } from './errnoWords';

/** A path as an input: what can be read, or why not. */
export type PathCheck =
  | { ok: true; stat: Stats; kind: 'file' | 'pipe' | 'directory' }
  | { ok: false; why: string; /** A link whose target is gone or loops (a directory of logs after pods were deleted). */ badLink: boolean };

/** The null device reads as an empty file (`</dev/null` in scripts); every other device is refused. */
let nullDevice: number | undefined | null;
function isNullDevice(st: Stats): boolean {
  if (nullDevice === undefined) {
    try {
      nullDevice = statSync('/dev/null').rdev;
    } catch {
      nullDevice = null;
    }
  }
  return nullDevice !== null && st.rdev === nullDevice;
}

/** Why a stat that is neither a file, a directory nor a pipe cannot be read as a log; undefined when it can. */
export function whyNotReadable(st: Stats): string | undefined {
  if (st.isFile() || st.isDirectory() || st.isFIFO()) return undefined;
  if ((st.isCharacterDevice() || st.isBlockDevice()) && isNullDevice(st)) return undefined;
  if (st.isCharacterDevice() || st.isBlockDevice())
    return 'a device, not a log file (its data may never end); to read part of it, pipe it in: head -c 100M DEVICE | postmortem-lens diagnose -';
  if (st.isSocket()) return 'a socket, not a log file';
  return 'not a regular file';
}

/** Check a path (following links) without opening it. */
export function checkPath(path: string): PathCheck {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    let link = false;
    try {
      link = lstatSync(path).isSymbolicLink();
    } catch {
      /* the path itself is missing */
    }
    if (link && code === 'ENOENT') return { ok: false, why: 'a link to nothing: its target is gone', badLink: true };
    if (code === 'ELOOP') return { ok: false, why: 'a loop of symbolic links', badLink: true };
    return { ok: false, why: errnoWords(err), badLink: false };
  }
  const why = whyNotReadable(st);
  if (why) return { ok: false, why, badLink: false };
  if (st.isDirectory()) return { ok: true, stat: st, kind: 'directory' };
  if (!readable(path)) return { ok: false, why: 'permission denied', badLink: false };
  return { ok: true, stat: st, kind: st.isFIFO() ? 'pipe' : 'file' };
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** One entry a walk skipped, and whether it is (or was meant to be) a directory. */
export type Skip = (path: string, why: string, directory: boolean) => void;

/**
 * Regular files under `dir`, recursively, sorted, for names `include` accepts. Everything else is
 * named through `skip`: a FIFO or device (a FIFO in a directory would wait forever for a writer),
 * a link to nothing, a loop of links, a directory that cannot be listed, and a directory reached a
 * second time through a link (a cycle, or the same folder twice). Throws only when `dir` itself
 * cannot be listed.
 */
export function walkFiles(dir: string, include: (name: string) => boolean, skip: Skip): string[] {
  const out: string[] = [];
  const seen = new Map<string, string>();
  const key = (st: Stats): string => `${st.dev}:${st.ino}`;
  seen.set(key(statSync(dir)), dir);
  const walk = (d: string, names: string[]): void => {
    for (const name of names.sort()) {
      if (!include(name)) continue;
      const p = join(d, name);
      const c = checkPath(p);
      if (!c.ok) {
        skip(p, c.why, false);
        continue;
      }
      if (c.kind === 'pipe') {
        skip(p, 'a FIFO (named pipe), not a regular file: reading it would wait for a writer', false);
        continue;
      }
      if (c.kind === 'file') {
        out.push(p);
        continue;
      }
      const first = seen.get(key(c.stat));
      if (first !== undefined) {
        skip(p, (p + '/').startsWith(first + '/') ? `a link back to ${first} (a directory cycle)` : `the same directory as ${first}, already read`, true);
        continue;
      }
      seen.set(key(c.stat), p);
      let inner: string[];
      try {
        inner = readdirSync(p);
      } catch (err) {
        skip(p, `cannot list it: ${errnoWords(err)}`, true);
        continue;
      }
      walk(p, inner);
    }
  };
  walk(dir, readdirSync(dir));
  return out;
}

/** A log's bytes as they stream, with what the reading found and how far into the source it is. */
export interface LogBytes {
  /** Decompressed when the source is gzip, else as read. */
  chunks: AsyncIterable<Uint8Array>;
  /** Filled while streaming: a compressed input, damaged compressed data. */
  notices: InputNotice[];
  /** Bytes taken from the source so far (compressed bytes for gzip: what a file's size counts). */
  consumed: () => number;
}

const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/**
 * The text at the start of a file from its first bytes `raw`, at most `chars` characters: decompressed
 * when it is gzip (what a cut-off stream gives, never more than 16 times `chars` bytes, so a
 * compression bomb's head costs no more), decoded as the engine decodes it. For finding a year or
 * whether a file reads as a log.
 */
export function headText(raw: Uint8Array, chars: number): string {
  let bytes = raw;
  if (isGzip(raw)) {
    bytes = new Uint8Array(0);
    for (let take = raw.length; take >= 64; take >>= 2) {
      try {
        bytes = gunzipSync(raw.subarray(0, take), { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: chars * 16 });
        break;
      } catch {
        // Too much text from this many bytes: fewer.
      }
    }
  }
  return decodeBytes(bytes).text.slice(0, chars);
}

/** Does this regular file start with the gzip magic bytes? (False when it cannot be read: its reader says why.) */
export function isGzipFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const b = Buffer.alloc(2);
    return readSync(fd, b, 0, 2, 0) === 2 && isGzip(b);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A source's bytes, decompressed when they start with the gzip magic bytes (`1f 8b`, whatever the
 * name; concatenated members too, as `zcat` reads them). Damaged or cut-short compressed data ends
 * the input with a warning saying how much was read; it is not an error of the run.
 */
export function logBytes(source: AsyncIterable<Uint8Array>): LogBytes {
  const notices: InputNotice[] = [];
  let consumed = 0;
  const counted = (async function* () {
    for await (const c of source) {
      consumed += c.length;
      yield c;
    }
  })();
  const chunks = (async function* () {
    const head: Uint8Array[] = [];
    let headBytes = 0;
    let next = await counted.next();
    while (!next.done && headBytes < 2) {
      head.push(next.value);
      headBytes += next.value.length;
      if (headBytes < 2) next = await counted.next();
    }
    const first = Buffer.concat(head);
    const rest = async function* (): AsyncGenerator<Uint8Array> {
      if (first.length) yield first;
      if (next.done) return;
      for (let n = await counted.next(); !n.done; n = await counted.next()) yield n.value;
    };
    if (!isGzip(first)) {
      yield* rest();
      return;
    }
    notices.push({ level: 'info', message: 'gzip-compressed: decompressed as it was read' });
    const gunzip = createGunzip();
    const feed = Readable.from(rest());
    feed.on('error', (err) => gunzip.destroy(err));
    feed.pipe(gunzip);
    let out = 0;
    try {
      for await (const c of gunzip) {
        out += (c as Buffer).length;
        yield c as Buffer;
      }
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      // A read error of the source goes on up as it would without compression.
      if (!e.code?.startsWith('Z_')) throw err;
      notices.push({
        level: 'warning',
        message: `the gzip data is damaged or cut short (${e.message}): read up to there, ${out} bytes of text; the rest cannot be read`,
      });
    } finally {
      feed.destroy();
      gunzip.destroy();
    }
  })();
  return { chunks, notices, consumed: () => consumed };
}

/** A file's (or a named pipe's) bytes, opened only when first read, so a run over many files holds one open at a time. */
export function fileBytes(path: string, onOpenWait?: { afterMs: number; say: () => void }): LogBytes {
  return logBytes(
    (async function* () {
      const stream = createReadStream(path, { highWaterMark: 1 << 20 });
      let timer: NodeJS.Timeout | undefined;
      if (onOpenWait) {
        timer = setTimeout(onOpenWait.say, onOpenWait.afterMs);
        timer.unref();
        const stop = (): void => clearTimeout(timer);
        stream.once('open', stop).once('error', stop).once('close', stop);
      }
      try {
        for await (const c of stream) yield c as Buffer;
      } finally {
        if (timer) clearTimeout(timer);
        stream.destroy();
      }
    })(),
  );
}
