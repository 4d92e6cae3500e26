/**
 * Bytes in, text out, nothing lost silently. {@link ByteDecoder} turns an input's bytes, chunk by
 * chunk, into UTF-8 with LF line ends: the encoding is decided once from the first bytes (a BOM,
 * UTF-16 without one, UTF-8, else Latin-1), UTF-16 and Latin-1 are transcoded for the whole input,
 * and a lone CR ends a line as it does in an editor. Invalid UTF-8 is replaced with U+FFFD and
 * reported, binary data (NUL bytes) is reported, CRLF is read as LF.
 *
 * Hand-written rather than taken from a detection library (chardet, jschardet): those guess a
 * language's code page from letter statistics over the whole text, while a log needs only the few
 * exact tests here (zero bytes of ASCII in UTF-16, a BOM that the following bytes must confirm),
 * decided on the first bytes of a stream that may be gigabytes long.
 */
import { isUtf8 } from 'node:buffer';
import type { InputNotice } from '../../model';

/** Bytes gathered before the encoding is decided (fewer when the input is shorter). */
const SNIFF_BYTES = 4096;

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1';

/** How many code units of `bytes` read as UTF-16 have a zero high byte, a zero low byte, and are LF. */
function utf16Units(bytes: Uint8Array, le: boolean): { units: number; zeroHigh: number; zeroLow: number; lf: number } {
  const units = bytes.length >> 1;
  let zeroHigh = 0,
    zeroLow = 0,
    lf = 0;
  for (let i = 0; i < units; i++) {
    const hi = bytes[2 * i + (le ? 1 : 0)];
    const lo = bytes[2 * i + (le ? 0 : 1)];
    if (hi === 0) zeroHigh++;
    if (lo === 0) zeroLow++;
    if (hi === 0 && lo === 10) lf++;
  }
  return { units, zeroHigh, zeroLow, lf };
}

/**
 * Does `bytes` (after any BOM) read as UTF-16 text? With a BOM, the text must confirm it: a line end,
 * or ASCII letters (a zero high byte) in at least a third of the units; `FF FE` followed by Latin-1
 * text has neither. Without one, most units must be ASCII (zero high byte) and few have a zero low
 * byte, which binary data (runs of zeros) does not pass.
 */
function looksUtf16(bytes: Uint8Array, le: boolean, bom: boolean): boolean {
  const u = utf16Units(bytes, le);
  if (bom) return u.units === 0 || u.lf > 0 || u.zeroHigh * 3 >= u.units;
  return u.units >= 2 && u.zeroHigh * 2 >= u.units && u.zeroLow * 10 < u.units;
}

/** Is `bytes` UTF-8, allowing a character cut at its end (`more`: the input goes on)? */
function utf8Prefix(bytes: Uint8Array, more: boolean): boolean {
  if (isUtf8(bytes)) return true;
  if (!more) return false;
  for (let cut = 1; cut <= 3 && cut < bytes.length; cut++) if (isUtf8(bytes.subarray(0, bytes.length - cut))) return true;
  return false;
}

/**
 * Undecodable as UTF-8: is it Latin-1? Only when no valid multi-byte UTF-8 character appears (a UTF-8
 * log with one broken byte stays UTF-8, the byte shown as U+FFFD) and there are no NUL bytes (binary).
 */
function looksLatin1(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  const text = utf8.decode(bytes);
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f && text.charCodeAt(i) !== 0xfffd) return false;
  return true;
}

/** The encoding of an input from its first bytes, how many BOM bytes to drop, and what to tell the user. */
function sniff(head: Uint8Array, more: boolean): { encoding: Encoding; skip: number; notice?: string } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  const bomLe = head[0] === 0xff && head[1] === 0xfe;
  const bomBe = head[0] === 0xfe && head[1] === 0xff;
  if ((bomLe || bomBe) && looksUtf16(head.subarray(2), bomLe, true)) {
    return { encoding: bomLe ? 'utf-16le' : 'utf-16be', skip: 2, notice: `read as UTF-16 ${bomLe ? 'LE' : 'BE'} (byte order mark found)` };
  }
  // Before UTF-8: ASCII in UTF-16 is valid UTF-8 too (NUL is a character).
  for (const le of [true, false]) {
    if (looksUtf16(head, le, false))
      return { encoding: le ? 'utf-16le' : 'utf-16be', skip: 0, notice: `read as UTF-16 ${le ? 'LE' : 'BE'} (no byte order mark; its zero bytes say so)` };
  }
  if (!utf8Prefix(head, more)) {
    if (looksLatin1(head)) {
      const bom = bomLe || bomBe ? ` (it starts with the bytes ${bomLe ? 'FF FE' : 'FE FF'}, but what follows is not UTF-16)` : '';
      return { encoding: 'latin1', skip: 0, notice: `read as Latin-1 (ISO-8859-1): the text is not valid UTF-8${bom}` };
    }
  }
  return { encoding: 'utf-8', skip: 0 };
}

/**
 * An input's bytes to UTF-8 with LF line ends, chunk by chunk; the first {@link SNIFF_BYTES} are
 * held until the encoding is decided. Memory: one chunk, plus a CR held back until the next byte
 * says whether it is the CR of a CRLF.
 */
export class ByteDecoder {
  /** What the user should know about the encoding (filled once it is decided). */
  readonly notices: InputNotice[] = [];
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private encoding: Encoding | undefined;
  private utf16: InstanceType<typeof TextDecoder> | undefined;
  private heldCr = false;

  /**
   * @param text the bytes are text already decoded (a string's UTF-8: an editor's document, a
   *   paste): no encoding is guessed, only line ends are read.
   */
  constructor(text = false) {
    if (text) this.encoding = 'utf-8';
  }

  /** The next chunk as UTF-8 (possibly empty while the encoding is being decided). */
  push(chunk: Uint8Array): Uint8Array {
    if (this.encoding === undefined) {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes < SNIFF_BYTES) return EMPTY;
      return this.decide(true);
    }
    return this.lineEnds(this.transcode(chunk, false));
  }

  /** The input ended: what is left. */
  end(): Uint8Array {
    const rest = this.encoding === undefined ? this.decide(false) : this.lineEnds(this.transcode(EMPTY, true));
    if (!this.heldCr) return rest;
    this.heldCr = false;
    return Buffer.concat([rest, LF]);
  }

  private decide(more: boolean): Uint8Array {
    const all = this.head.length === 1 ? this.head[0] : Buffer.concat(this.head);
    this.head = [];
    const s = sniff(all, more);
    this.encoding = s.encoding;
    if (s.notice) this.notices.push({ level: 'info', message: s.notice });
    if (s.encoding === 'utf-16le' || s.encoding === 'utf-16be') this.utf16 = new TextDecoder(s.encoding);
    return this.lineEnds(this.transcode(all.subarray(s.skip), !more));
  }

  private transcode(bytes: Uint8Array, final: boolean): Uint8Array {
    if (this.utf16) return Buffer.from(this.utf16.decode(bytes, { stream: !final }), 'utf8');
    if (this.encoding === 'latin1') return Buffer.from(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'), 'utf8');
    return bytes;
  }

  /** A CR not followed by LF becomes LF; a CR at the chunk's end waits for the next byte. */
  private lineEnds(bytes: Uint8Array): Uint8Array {
    let buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (this.heldCr) {
      buf = Buffer.concat([CR, buf]);
      this.heldCr = false;
    }
    let p = buf.indexOf(13);
    if (p < 0) return buf;
    let out: Buffer | undefined;
    for (; p >= 0; p = buf.indexOf(13, p + 1)) {
      if (p + 1 === buf.length) {
        this.heldCr = true;
        return (out ?? buf).subarray(0, p);
      }
      if (buf[p + 1] !== 10) (out ??= Buffer.from(buf))[p] = 10;
    }
    return out ?? buf;
  }
}

const EMPTY = new Uint8Array(0);
const CR = Buffer.from([13]);
const LF = Buffer.from([10]);
const utf8 = new TextDecoder('utf-8', { fatal: false });

/** A whole input's bytes as text, read as {@link ByteDecoder} reads a stream (files read whole by an adapter). */
export function decodeBytes(raw: Uint8Array): { text: string; notices: InputNotice[] } {
  const d = new ByteDecoder();
  const a = d.push(raw);
  const b = d.end();
  return { text: utf8.decode(a) + utf8.decode(b), notices: d.notices };
}

/** A notice about an input's data that is given once per input, tagged with what it is about. */
export type DataNotice = InputNotice & { once: 'binary' | 'invalid' | 'longLine' };

/** Inspect a chunk for NUL bytes and invalid UTF-8; returns notices (empty when clean). */
export function inspectChunk(bytes: Uint8Array, firstLine: number, seen: { binary: boolean; invalid: boolean }): DataNotice[] {
  const notices: DataNotice[] = [];
  if (!seen.binary) {
    const nul = bytes.indexOf(0);
    if (nul >= 0) {
      seen.binary = true;
      notices.push({
        level: 'warning',
        message: 'binary data (NUL bytes) found: lines are read as text with the NULs dropped; is this really a log?',
        line: firstLine + countNewlines(bytes, 0, nul),
        once: 'binary',
      });
    }
  }
  if (!seen.invalid && !isUtf8(bytes)) {
    seen.invalid = true;
    notices.push({ level: 'warning', message: 'invalid UTF-8: undecodable bytes are shown as U+FFFD', once: 'invalid' });
  }
  return notices;
}

/** Count LF bytes in bytes[from, to). */
export function countNewlines(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = buf.indexOf(10, from);
  while (p >= 0 && p < to) {
    n++;
    p = buf.indexOf(10, p + 1);
  }
  return n;
}

/** Decode one line's bytes (without its LF): drops a trailing CR and NULs. */
export function decodeLine(bytes: Uint8Array, start: number, end: number): string {
  if (end > start && bytes[end - 1] === 13) end--;
  let s = utf8.decode(bytes.subarray(start, end));
  if (s.indexOf('\0') >= 0) s = s.replace(/\0/g, '');
  return s;
}
