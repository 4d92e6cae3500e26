/**
 * Tokens of GitLab CI job logs (traces): the raw trace (`/jobs/:id/trace`, "Show complete raw") and
 * the text copied from the job page.
 *
 * Sample: `2024-05-01T10:00:00.123456Z 00O section_start:1714557600:step_script`
 * Specified by: gitlab-runner (`helpers/trace`, `common/build.go`): the runner's own lines
 * (`Running with gitlab-runner 16.11.0 (91a27b2a)`, `ERROR: Job failed: exit code 1`) in ANSI colours;
 * sections as `section_start:<unix time>:<name>[<options>]\r\e[0K<header>` and
 * `section_end:<unix time>:<name>\r\e[0K` (GitLab docs "Custom collapsible sections"); with
 * `FF_TIMESTAMPS` each line starts `<RFC 3339 UTC> <stream id, 2 hex><O|E><+ when it continues the
 * line before> `. A lone CR ends a line for us, so the header after a section marker is a line of its own.
 *
 * Default mode holds the head (the runner's stamp, a section marker or a level prefix); the first token
 * that is not head pushes `message` mode, where `Message` takes the rest and escapes and CRs are skipped.
 */
import { createToken, Lexer } from 'chevrotain';
import { startCharsExcept } from '../common/lexing';

const TEXT_START = startCharsExcept('\n', '\r', '\x1b');

/** An SGR/CSI escape such as `ESC[0K` or `ESC[32;1m`. */
export const AnsiEscape = createToken({ name: 'AnsiEscape', pattern: /\x1b\[[0-9;?]*[A-Za-z]/, group: Lexer.SKIPPED });
/** A lone ESC left by a cut sequence. */
export const StrayEscape = createToken({ name: 'StrayEscape', pattern: /\x1b/, group: Lexer.SKIPPED });
/** A CR inside a line (a trace read without splitting at lone CRs). */
export const CarriageReturn = createToken({ name: 'CarriageReturn', pattern: /\r/, group: Lexer.SKIPPED });

/** The `FF_TIMESTAMPS` prefix: `2024-05-01T10:00:00.123456Z 00O ` (`00O+` continues the line before). */
export const RunnerStamp = createToken({
  name: 'RunnerStamp',
  pattern: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z [0-9a-f]{2}[OE]\+? ?/,
});
/** `section_start:1714557600:step_script` with optional `[collapsed=true]`. */
export const SectionStart = createToken({
  name: 'SectionStart',
  pattern: /section_start:\d{1,12}:[A-Za-z0-9_.-]+(?:\[[^\]\r\n]*\])?/,
  push_mode: 'message',
});
/** `section_end:1714557700:step_script`. */
export const SectionEnd = createToken({ name: 'SectionEnd', pattern: /section_end:\d{1,12}:[A-Za-z0-9_.-]+/, push_mode: 'message' });
/** The runner's level prefix: `ERROR: `, `WARNING: `, `FATAL: `, `PANIC: `. */
export const Level = createToken({ name: 'Level', pattern: /(?:ERROR|WARNING|FATAL|PANIC): ?/, push_mode: 'message' });

/** Free text: the rest of the line up to the next escape. */
export const Message = createToken({ name: 'Message', pattern: /[^\x1b\n\r]+/, start_chars_hint: TEXT_START, line_breaks: false });
/** Free text that starts the line (no marker): a `Message` that also switches to `message` mode. */
export const HeadText = createToken({
  name: 'HeadText',
  pattern: /[^\x1b\n\r]+/,
  start_chars_hint: TEXT_START,
  line_breaks: false,
  categories: [Message],
  push_mode: 'message',
});
/** End of line (only when a caller lexes several lines at once). */
export const NewLine = createToken({ name: 'NewLine', pattern: /\n/, line_breaks: true, pop_mode: true });

const SKIPPED = [AnsiEscape, StrayEscape, CarriageReturn];

/** Lexer modes: `head` (stamp, marker, level) and `message` (free text). */
export const gitlabCiModes = {
  modes: {
    head: [...SKIPPED, RunnerStamp, SectionStart, SectionEnd, Level, HeadText],
    message: [...SKIPPED, Message, NewLine],
  },
  defaultMode: 'head',
};

/** Every token type, for the parser. */
export const gitlabCiTokens = [...SKIPPED, RunnerStamp, SectionStart, SectionEnd, Level, Message, HeadText, NewLine];
