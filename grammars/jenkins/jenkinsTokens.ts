/**
 * Tokens of Jenkins console output (`consoleText` / `consoleFull`), with or without the Timestamper
 * plugin's prefixes and the ANSI / console-note escapes the AnsiColor plugin and the pipeline write.
 *
 * Sample: `[2021-04-13T10:15:02.123Z] [Pipeline] { (Build)`
 * Specified by: Jenkins core `hudson.console.ConsoleNote` (the `ESC[8mha:////...ESC[0m` encoding),
 * the Timestamper plugin docs (https://plugins.jenkins.io/timestamper/) and the Pipeline step
 * log format of workflow-job (`[Pipeline] step`, `{ (stage)`, `}`, `// step`).
 *
 * Default mode holds the head (timestamp, the marker that opens the line); the first token that
 * is not head pushes `message` mode, where `Message` takes the rest and escapes are skipped.
 */
import { createToken, Lexer } from 'chevrotain';
import { startCharsExcept } from '../common/lexing';

const ANY_BUT_ESC = startCharsExcept('\n', '\x1b');

/** A serialized ConsoleNote (hyperlinks, step annotations), invisible in the browser. */
export const ConsoleNote = createToken({ name: 'ConsoleNote', pattern: /\x1b\[8mha:\/\/\/\/[A-Za-z0-9+/=]*\x1b\[0m/, group: Lexer.SKIPPED });
/** An SGR/CSI escape such as `ESC[31m` or `ESC[0;1m`. */
export const AnsiEscape = createToken({ name: 'AnsiEscape', pattern: /\x1b\[[0-9;?]*[A-Za-z]/, group: Lexer.SKIPPED });
/** A lone ESC left by a cut sequence; skipped so it never becomes a lexing error. */
export const StrayEscape = createToken({ name: 'StrayEscape', pattern: /\x1b/, group: Lexer.SKIPPED });

/** Timestamper, system clock with date: `[2021-04-13T10:15:02.123Z] `. */
export const IsoStamp = createToken({ name: 'IsoStamp', pattern: /\[\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\] ?/ });
/** An unbracketed full timestamp some Timestamper formats print: `2021-04-13 10:15:02  `. */
export const IsoBare = createToken({ name: 'IsoBare', pattern: /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})? +/ });
/** Timestamper, time of day only, bracketed: `[10:15:02] `. */
export const BracketTime = createToken({ name: 'BracketTime', pattern: /\[\d{2}:\d{2}:\d{2}(?:\.\d+)?\] ?/ });
/** Timestamper default (`HH:mm:ss` then two spaces): `10:15:02  `. */
export const BareTime = createToken({ name: 'BareTime', pattern: /\d{2}:\d{2}:\d{2}(?:\.\d+)? +/ });

/** Java stack frame: `\tat org.x.Y.m(Y.java:12)`. */
export const StackAt = createToken({ name: 'StackAt', pattern: /[ \t]+at [\w$./<>-]+\(/, push_mode: 'message' });
/** `Caused by: ...` of a chained exception. */
export const CausedBy = createToken({ name: 'CausedBy', pattern: /[ \t]*Caused by: /, push_mode: 'message' });
/** `\tSuppressed: ...` of a suppressed exception. */
export const Suppressed = createToken({ name: 'Suppressed', pattern: /[ \t]+Suppressed: /, push_mode: 'message' });
/** `\t... 12 more` / `... 3 common frames omitted`. */
export const MoreFrames = createToken({ name: 'MoreFrames', pattern: /[ \t]+\.\.\. \d+ (?:more|common frames omitted)/, push_mode: 'message' });

/** `[Pipeline] ` step marker written by the workflow engine. */
export const PipelineTag = createToken({ name: 'PipelineTag', pattern: /\[Pipeline\] ?/, push_mode: 'message' });
/** Jenkins/plugin level prefix (`ERROR: `, `FATAL: `, `WARNING: `) or a Maven one (`[ERROR] `). */
export const Level = createToken({ name: 'Level', pattern: /(?:ERROR|FATAL|WARNING):|\[(?:ERROR|FATAL|WARNING|WARN)\]/, push_mode: 'message' });
/** The build result line: `Finished: FAILURE`. */
export const Finished = createToken({ name: 'Finished', pattern: /Finished: /, push_mode: 'message' });

/** Free text: the rest of the line up to the next escape. */
export const Message = createToken({ name: 'Message', pattern: /[^\x1b\n]+/, start_chars_hint: ANY_BUT_ESC, line_breaks: false });
/** Free text that starts the line (no marker): a `Message` that also switches to `message` mode. */
export const HeadText = createToken({
  name: 'HeadText',
  pattern: /[^\x1b\n]+/,
  start_chars_hint: ANY_BUT_ESC,
  line_breaks: false,
  categories: [Message],
  push_mode: 'message',
});
/** End of line (only when a caller lexes several lines at once). */
export const NewLine = createToken({ name: 'NewLine', pattern: /\r?\n/, line_breaks: true, pop_mode: true });

const ESCAPES = [ConsoleNote, AnsiEscape, StrayEscape];

/** Lexer modes: `head` (timestamp and marker) and `message` (free text). */
export const jenkinsModes = {
  modes: {
    head: [...ESCAPES, IsoStamp, IsoBare, BracketTime, BareTime, StackAt, CausedBy, Suppressed, MoreFrames, PipelineTag, Level, Finished, HeadText],
    message: [...ESCAPES, Message, NewLine],
  },
  defaultMode: 'head',
};

/** Every token type, for the parser. */
export const jenkinsTokens = [
  ...ESCAPES,
  IsoStamp,
  IsoBare,
  BracketTime,
  BareTime,
  StackAt,
  CausedBy,
  Suppressed,
  MoreFrames,
  PipelineTag,
  Level,
  Finished,
  Message,
  HeadText,
  NewLine,
];
