/**
 * Tokens of Helm output: the v2/v3 CLI (`Error: ...`, the release summary `NAME:`/`STATUS:` ...),
 * `--debug` lines (`[debug] ...`, helm 3's `upgrade.go:142: [debug] ...`) and Tiller's server log
 * (`[tiller] 2021/04/13 10:15:02 ...`, Go `log` with a `[component] ` prefix).
 *
 * Sample: `[tiller] 2021/04/13 10:15:02 warning: Upgrade "web" failed: timed out waiting for the condition`
 * Specified by: helm/helm sources - v2 `pkg/tiller` (log.New with "[tiller] " etc. prefixes),
 * v3 `cmd/helm/helm.go` (debug() with log.Lshortfile), `pkg/action/printer.go` (release summary).
 */
import { createToken } from 'chevrotain';
import { startCharsExcept } from '../common/lexing';

const ANY = startCharsExcept('\n');

/** Go `log.Lshortfile` caller: `upgrade.go:142: `. */
export const Caller = createToken({ name: 'Caller', pattern: /[\w.-]+\.go:\d+: ?/ });
/** Go `log` date and time: `2021/04/13 10:15:02 ` (optionally with microseconds). */
export const GoDate = createToken({ name: 'GoDate', pattern: /\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? ?/ });
/** A bracketed component: `[tiller] `, `[storage/driver] `, `[debug] `. */
export const Component = createToken({ name: 'Component', pattern: /\[[A-Za-z][\w/.-]*\] ?/ });
/** The CLI's error line prefix. */
export const ErrorPrefix = createToken({ name: 'ErrorPrefix', pattern: /Error: ?/, push_mode: 'message' });
/** The CLI's warning prefix (`WARNING: Kubernetes configuration file is group-readable`). */
export const WarningPrefix = createToken({ name: 'WarningPrefix', pattern: /WARNING: ?/, push_mode: 'message' });
/** A release summary field (`helm install/upgrade/status` output). */
export const SummaryField = createToken({
  name: 'SummaryField',
  pattern:
    /(?:NAME|LAST DEPLOYED|NAMESPACE|STATUS|REVISION|TEST SUITE|CHART|APP VERSION|NOTES|HOOKS|MANIFEST|USER-SUPPLIED VALUES|COMPUTED VALUES|RESOURCES|DESCRIPTION): ?/,
  push_mode: 'message',
});
/** Leading whitespace: a continuation (wrapped error, YAML of NOTES or a manifest). */
export const Indent = createToken({ name: 'Indent', pattern: /[ \t]+/, push_mode: 'message' });
/** Free text at the head: a `Message` that also switches to `message` mode. */
export const Message = createToken({ name: 'Message', pattern: /[^\n]+/, start_chars_hint: ANY, line_breaks: false });
/** Free text that starts the message part of the line. */
export const HeadText = createToken({
  name: 'HeadText',
  pattern: /[^\n]+/,
  start_chars_hint: ANY,
  line_breaks: false,
  categories: [Message],
  push_mode: 'message',
});
/** End of line (only when a caller lexes several lines at once). */
export const NewLine = createToken({ name: 'NewLine', pattern: /\r?\n/, line_breaks: true, pop_mode: true });

/** Lexer modes: `head` (caller, component, date, prefix) and `message`. */
export const helmModes = {
  modes: {
    head: [Caller, GoDate, Component, ErrorPrefix, WarningPrefix, SummaryField, Indent, HeadText],
    message: [Message, NewLine],
  },
  defaultMode: 'head',
};

/** Every token type, for the parser. */
export const helmTokens = [Caller, GoDate, Component, ErrorPrefix, WarningPrefix, SummaryField, Indent, Message, HeadText, NewLine];
