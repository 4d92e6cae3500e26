/**
 * Tokens of the CRI container log format written by containerd (CRI plugin) and CRI-O under
 * `/var/log/pods/<ns>_<pod>_<uid>/<container>/<n>.log` (what `kubectl logs` reads).
 *
 * Sample: `2021-04-13T10:15:02.123456789Z stderr F Error: connect ECONNREFUSED 10.96.0.10:53`
 * Specified by: Kubernetes CRI logging design (kubernetes/design-proposals-archive
 * node/kubelet-cri-logging.md) and kubelet `pkg/kubelet/kuberuntime/logs` (parseCRILog):
 * `<RFC3339Nano> <stream> <tag> <log>`, tag `F` (full) or `P` (partial), tags joined by `:`.
 */
import { createToken } from 'chevrotain';
import { startCharsExcept } from '../common/lexing';

/** RFC 3339 nano timestamp with zone: `2021-04-13T10:15:02.123456789Z` or `...+02:00`. */
export const Timestamp = createToken({ name: 'Timestamp', pattern: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/ });
/** One separating space. */
export const Space = createToken({ name: 'Space', pattern: / / });
/** `stdout` or `stderr`. */
export const Stream = createToken({ name: 'Stream', pattern: /stdout|stderr/ });
/** The tag (`F`, `P`, or tags joined by `:`) with its trailing space; switches to `message` mode. */
export const Tag = createToken({ name: 'Tag', pattern: /[A-Z](?::[A-Z])* ?/, push_mode: 'message' });
/** The log payload: the rest of the line. */
export const Message = createToken({ name: 'Message', pattern: /[^\n]+/, start_chars_hint: startCharsExcept('\n'), line_breaks: false });
/** End of line (only when a caller lexes several lines at once). */
export const NewLine = createToken({ name: 'NewLine', pattern: /\r?\n/, line_breaks: true, pop_mode: true });

/** Lexer modes: `head` (timestamp, stream, tag) and `message`. */
export const criModes = {
  modes: { head: [Timestamp, Space, Stream, Tag], message: [Message, NewLine] },
  defaultMode: 'head',
};

/** Every token type, for the parser. */
export const criTokens = [Timestamp, Space, Stream, Tag, Message, NewLine];
