/**
 * klog/glog tokens. A header, then either free text or a structured message:
 *   I0413 10:15:02.123456    1234 kubelet.go:1234] "Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"
 * Header spec: klog `formatHeader` (https://github.com/kubernetes/klog/blob/main/klog.go) -
 * `Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg`. Structured form: KEP-1602 structured logging.
 */
import { createToken } from 'chevrotain';
import { Junk, Message, WhiteSpace } from '../common/unixTokens';

export { Junk, Message, WhiteSpace };

/** Mode names of the klog lexer. */
export const KlogMode = { head: 'head', message: 'message', structured: 'structured' } as const;

/** Level letter and month/day: `I0413`. */
export const LevelDate = createToken({ name: 'LevelDate', pattern: /[IWEF]\d{4}/ });
/** Wall clock with optional micro/nanoseconds: `10:15:02.123456`. */
export const Time = createToken({ name: 'Time', pattern: /\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?/ });
/** Source location: `kubelet.go:1234` (or a path when klog runs with `-add_dir_header`). */
export const Caller = createToken({ name: 'Caller', pattern: /[\w.\-/]+:\d+/ });
/** Thread id (glog) or pid (klog). */
export const ThreadId = createToken({ name: 'ThreadId', pattern: /\d+/ });
/** `] ` before a quoted message: the structured form. */
export const HeadEndStructured = createToken({ name: 'HeadEndStructured', pattern: /\] (?=")/, push_mode: KlogMode.structured });
/** `] ` before free text. */
export const HeadEnd = createToken({ name: 'HeadEnd', pattern: /\] ?/, push_mode: KlogMode.message });

/** A Go-quoted string (`strconv.Quote`): `"pod \"x\" failed"`. */
export const QuotedString = createToken({ name: 'QuotedString', pattern: /"(?:[^"\\]|\\[\s\S])*"/ });
/** A quote never closed (a cut line): takes the rest, so the line still parses. */
export const Unterminated = createToken({ name: 'Unterminated', pattern: /"[\s\S]*/, line_breaks: true });
/** `key=` of a structured pair. */
export const Key = createToken({ name: 'Key', pattern: /[A-Za-z_][\w.-]*=/ });
/** An unquoted value (`podUID=1a2b`, `err=<` before a multi-line value): anything but blank or quote. */
export const BareValue = createToken({ name: 'BareValue', pattern: /[\u0000-\u0008\u000a-\u001f!#-\uffff][^ \t]*/ });

/** Tokens of each mode, in match order. */
export const klogModes = {
  [KlogMode.head]: [WhiteSpace, LevelDate, Time, Caller, ThreadId, HeadEndStructured, HeadEnd, Junk],
  [KlogMode.message]: [Message],
  [KlogMode.structured]: [WhiteSpace, QuotedString, Unterminated, Key, BareValue],
};

/** Every token type, for the parser. */
export const klogTokens = [
  WhiteSpace,
  LevelDate,
  Time,
  Caller,
  ThreadId,
  HeadEndStructured,
  HeadEnd,
  Message,
  QuotedString,
  Unterminated,
  Key,
  BareValue,
  Junk,
];
