/**
 * Bytes in, text out, nothing lost silently: BOMs (UTF-8, UTF-16 LE/BE) are honoured, invalid UTF-8
 * is replaced with U+FFFD and reported, binary data (NUL bytes) is reported, CRLF is read as LF.
 */
import { isUtf8 } from 'node:buffer';
import type { InputNotice } from '../../model';

/** Result of preparing an input's bytes. */
export interface PreparedBytes {
  /** UTF-8 bytes without BOM (UTF-16 input is transcoded). */
  bytes: Uint8Array;
  /** What the user should know about the encoding. */
  notices: InputNotice[];
}

/** Normalise the encoding of a whole input or its first chunk. */
export function prepareBytes(raw: Uint8Array): PreparedBytes {
  const notices: InputNotice[] = [];
  let bytes = raw;
  if (raw.length >= 2 && ((raw[0] === 0xff && raw[1] === 0xfe) || (raw[0] === 0xfe && raw[1] === 0xff))) {
    const le = raw[0] === 0xff;
    const text = new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(raw.subarray(2));
    bytes = Buffer.from(text, 'utf8');
    notices.push({ level: 'info', message: `read as UTF-16 ${le ? 'LE' : 'BE'} (byte order mark found)` });
  } else if (raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) {
    bytes = raw.subarray(3);
  }
  return { bytes, notices };
}

/** Inspect a chunk for NUL bytes and invalid UTF-8; returns notices (empty when clean). */
export function inspectChunk(bytes: Uint8Array, firstLine: number, seen: { binary: boolean; invalid: boolean }): InputNotice[] {
  const notices: InputNotice[] = [];
  if (!seen.binary) {
    const nul = bytes.indexOf(0);
    if (nul >= 0) {
      seen.binary = true;
      notices.push({ level: 'warning', message: 'binary data (NUL bytes) found: lines are read as text with the NULs dropped; is this really a log?', line: firstLine + countNewlines(bytes, 0, nul) });
    }
  }
  if (!seen.invalid && !isUtf8(bytes)) {
    seen.invalid = true;
    notices.push({ level: 'warning', message: 'invalid UTF-8: undecodable bytes are shown as U+FFFD' });
  }
  return notices;
}


/** Count LF bytes in bytes[from, to). */
export function countNewlines(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = buf.indexOf(10, from);
  while (p >= 0 && p < to) { n++; p = buf.indexOf(10, p + 1); }
  return n;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Decode one line's bytes (without its LF): drops a trailing CR and NULs. */
export function decodeLine(bytes: Uint8Array, start: number, end: number): string {
  if (end > start && bytes[end - 1] === 13) end--;
  let s = decoder.decode(bytes.subarray(start, end));
  if (s.indexOf('\0') >= 0) s = s.replace(/\0/g, '');
  return s;
}
