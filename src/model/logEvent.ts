/**
 * The event model every grammar produces and the whole engine consumes.
 * Imports nothing of ours: this is the ground floor.
 */

/** Every log kind a grammar can read. `plain` is the fallback that still yields events. */
export const LOG_KINDS = [
  'klog',
  'journald',
  'journald-json',
  'dmesg',
  'syslog',
  'jenkins',
  'github-actions',
  'gitlab-ci',
  'docker-json',
  'json-lines',
  'logrus',
  'cri',
  'kubectl-describe',
  'kubectl-get',
  'helm',
  'plain',
] as const;

/** A log kind, e.g. `klog` for kubelet/apiserver glog headers. */
export type LogKind = (typeof LOG_KINDS)[number];

/** Event severities, lowest first. Grammars map their own levels onto these. */
export const SEVERITIES = ['trace', 'debug', 'info', 'notice', 'warning', 'error', 'critical'] as const;

/** One of {@link SEVERITIES}. */
export type Severity = (typeof SEVERITIES)[number];

/** Numeric rank of a severity (trace = 0 ... critical = 6), for comparisons. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Kubernetes/CI objects an event talks about. Every field is optional. */
export interface ObjectRefs {
  /** Kubernetes namespace. */
  namespace?: string;
  /** Pod name. */
  pod?: string;
  /** Container name. */
  container?: string;
  /** Node name (the node the event is about, which may differ from the host that logged it). */
  node?: string;
  /** Container image reference. */
  image?: string;
  /** CI build identifier (e.g. Jenkins job and build number). */
  build?: string;
  /** CI stage the line belongs to: a Jenkins pipeline stage, a GitHub Actions step, a GitLab CI section. */
  stage?: string;
  /** Involved object of a Kubernetes event, e.g. `pod/web-1` or `node/worker-2`. */
  object?: string;
}

/** One logical log event: a line, or a line with its continuation lines (stack trace, wrapped text). */
export interface LogEvent {
  /** Index of the input (file, buffer, stream) in the run, 0-based. */
  input: number;
  /** First line of the event in its input, 1-based. */
  line: number;
  /** Last line of the event in its input, 1-based (equal to `line` for single-line events). */
  endLine: number;
  /** The kind of the segment this event was read from. */
  kind: LogKind;
  /** Epoch milliseconds, or null when the line carries no usable time. */
  timestamp: number | null;
  /** True when the year or the zone of `timestamp` was inferred rather than read. */
  timestampInferred?: boolean;
  /** Emitting component/program: `kubelet`, `dockerd`, `kernel`, `jenkins`, `tiller` ... */
  source?: string;
  /** Host that wrote the line (journal/syslog hostname). */
  host?: string;
  /** systemd unit. */
  unit?: string;
  /** Process id. */
  pid?: number;
  /** Severity when the format states or implies one. */
  severity?: Severity;
  /** The message part, without the header (timestamp, level, host ...). Continuation lines joined with `\n`. */
  message: string;
  /** The raw text of all lines of the event, joined with `\n`. */
  text: string;
  /** Objects the event refers to. */
  refs: ObjectRefs;
  /** Structured key/value fields (klog structured, logrus, journal JSON), when the format has them. */
  fields?: Record<string, string>;
}
