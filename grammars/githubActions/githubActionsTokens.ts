/**
 * Tokens of GitHub Actions job logs: the raw log (the job's "Download log archive" / the REST
 * `jobs/{id}/logs` text) and the text copied from the web view.
 *
 * Sample: `2024-05-01T10:00:03.4816529Z ##[error]Process completed with exit code 1.`
 * Specified by: actions/runner (`JobServerQueue`/`PagingLogger` write each line as
 * `{DateTime.UtcNow:O} {line}`, seven fractional digits and `Z`; `##[group]`, `##[endgroup]`,
 * `##[error]`, `##[warning]`, `##[notice]`, `##[debug]`, `##[command]` are the runner's rendering of
 * workflow commands) and actions/toolkit exec (`[command]/usr/bin/git ...`). The web view shows
 * `##[error]x` as `Error: x`, and drops the stamps unless "Show timestamps" is on.
 *
 * Default mode holds the head (a BOM, the stamp, one marker); the first token that is not head pushes
 * `message` mode, where `Message` takes the rest and ANSI escapes are skipped.
 */
import { createToken, Lexer } from 'chevrotain';
import { startCharsExcept } from '../common/lexing';

const ANY_BUT_ESC = startCharsExcept('\n', '\x1b');

/** The byte-order mark the raw download starts with. */
export const Bom = createToken({ name: 'Bom', pattern: /\uFEFF/, group: Lexer.SKIPPED });
/** An SGR/CSI escape such as `ESC[31m` (tools' colours pass through the runner). */
export const AnsiEscape = createToken({ name: 'AnsiEscape', pattern: /\x1b\[[0-9;?]*[A-Za-z]/, group: Lexer.SKIPPED });
/** A lone ESC left by a cut sequence. */
export const StrayEscape = createToken({ name: 'StrayEscape', pattern: /\x1b/, group: Lexer.SKIPPED });

/** The runner's UTC stamp: `2024-05-01T10:00:03.4816529Z `. */
export const Stamp = createToken({ name: 'Stamp', pattern: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z ?/ });
/** A workflow-command marker: `##[group]`, `##[endgroup]`, `##[error]` ... */
export const Marker = createToken({
  name: 'Marker',
  pattern: /##\[(?:group|endgroup|error|warning|notice|debug|command|section)\]/,
  push_mode: 'message',
});
/** actions/toolkit's echo of a command it runs: `[command]/usr/bin/git ...`. */
export const ToolCommand = createToken({ name: 'ToolCommand', pattern: /\[command\]/, push_mode: 'message' });
/** An annotation as the web view shows it: `Error: `, `Warning: `, `Notice: `. */
export const Annotation = createToken({ name: 'Annotation', pattern: /(?:Error|Warning|Notice): /, push_mode: 'message' });

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

const ESCAPES = [AnsiEscape, StrayEscape];

/** Lexer modes: `head` (stamp and marker) and `message` (free text). */
export const githubActionsModes = {
  modes: {
    head: [Bom, ...ESCAPES, Stamp, Marker, ToolCommand, Annotation, HeadText],
    message: [...ESCAPES, Message, NewLine],
  },
  defaultMode: 'head',
};

/** Every token type, for the parser. */
export const githubActionsTokens = [Bom, ...ESCAPES, Stamp, Marker, ToolCommand, Annotation, Message, HeadText, NewLine];
