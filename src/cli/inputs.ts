/** Turns CLI arguments into streamed inputs: files, directories (their files), or stdin. */
import { closeSync, createReadStream, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isPostmortemDraft, sniffYears, type LogKind, type StreamInput } from '../core';

/**
 * Files a directory argument stands for: its log-like files, recursively, sorted, bundle metadata
 * skipped, and postmortem drafts of ours skipped (a draft saved beside the logs is not a log of
 * the incident); `skipped` collects those.
 */
function filesOf(dir: string, skipped: string[]): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.') || /^(README(\.md)?|expected\.json)$/i.test(name)) continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...filesOf(p, skipped));
    else if (isPostmortemDraft(head(p, 2048))) skipped.push(p);
    else out.push(p);
  }
  return out;
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
 */
export function assignYears(inputs: StreamInput[]): void {
  const files = inputs.filter((i) => i.name !== '<stdin>');
  const years = sniffYears(files.map((i) => head(i.name)));
  files.forEach((i, n) => { if (years[n] !== undefined) i.defaultYear = years[n]; });
  const run = years.find((y) => y !== undefined);
  for (const i of inputs) if (i.name === '<stdin>' && run !== undefined) i.defaultYear = run;
}

/** An input that could not be opened. */
export class InputError extends Error {}

/** Resolve arguments into inputs. `-` (or nothing) is stdin. Drafts skipped in directories are told to `onSkip`. */
export function resolveInputs(args: readonly string[], kind: LogKind | undefined, stdin: NodeJS.ReadableStream, onSkip?: (file: string) => void): StreamInput[] {
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
    } catch {
      throw new InputError(`cannot read ${a}: no such file or directory`);
    }
    const skipped: string[] = [];
    const files = st.isDirectory() ? filesOf(a, skipped) : [a];
    for (const f of skipped) onSkip?.(f);
    if (st.isDirectory() && files.length === 0) throw new InputError(`${a}: directory holds no files${skipped.length ? ` other than ${skipped.length} postmortem draft${skipped.length === 1 ? '' : 's'}` : ''}`);
    for (const f of files) {
      const fst = statSync(f);
      inputs.push({ name: f, chunks: createReadStream(f, { highWaterMark: 1 << 20 }), size: fst.size, kind, defaultYear: fst.mtime.getUTCFullYear() });
    }
  }
  return inputs;
}
