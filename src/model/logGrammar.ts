import type { LogEvent, LogKind, ObjectRefs, Severity } from './logEvent';

/**
 * What a grammar reads from one header line. Null from {@link LogGrammar.parseHead} means
 * "not a header of this format": a continuation line or a foreign line.
 */
export interface ParsedHead {
  /** Epoch ms, or null. */
  timestamp: number | null;
  /** Year or zone was guessed. */
  timestampInferred?: boolean;
  /** Component/program. */
  source?: string;
  /** Hostname. */
  host?: string;
  /** systemd unit. */
  unit?: string;
  /** Process id. */
  pid?: number;
  /** Severity. */
  severity?: Severity;
  /** Message text after the header. */
  message: string;
  /** Objects referenced by the line. */
  refs?: ObjectRefs;
  /** Structured fields. */
  fields?: Record<string, string>;
  /**
   * For formats whose lines arrive in pieces (CRI `P` partial lines): true when the next line
   * continues this one's message without a line break.
   */
  partial?: boolean;
  /**
   * For formats that write each line of a multi-line message as an entry with its own header
   * (journald, syslog): the message has the shape of such a next line (`indent`ed text, a stack
   * `frame`, a `blank`). Event assembly joins it to the event before when the same process wrote both
   * in the same moment.
   */
  continuation?: 'indent' | 'frame' | 'blank';
}

/**
 * Context a grammar may read and update while parsing one segment, in line order.
 * It carries what a later line needs from an earlier one (the year of a journal, the current
 * Jenkins stage, the table header of a `kubectl get`, the section of a `kubectl describe`).
 */
export interface ParseContext {
  /** Year to assume when the format omits it (the caller derives it from file time or now). */
  defaultYear: number;
  /** Zone offset in minutes to assume when the format omits it (0 = UTC). */
  defaultZoneOffsetMinutes: number;
  /** Free per-segment state owned by the grammar. Reset at each segment start. */
  state: Record<string, unknown>;
}

/** A grammar for one log kind. Implementations must never throw on any input line. */
export interface LogGrammar {
  /** The kind this grammar reads. */
  kind: LogKind;
  /**
   * How strongly this single line looks like this format: 0 = not at all, 1 = could be,
   * 2 = typical, 3 = unmistakable. Must be cheap (no allocation-heavy work): it runs on
   * sampled lines of every input to find segments.
   */
  detect(line: string): number;
  /**
   * Parse a line as a header of this format. Returns null when the line is a continuation of the
   * previous event (stack trace, wrapped text) or not of this format. May update `ctx.state`.
   */
  parseHead(line: string, ctx: ParseContext): ParsedHead | null;
  /**
   * True when a line that {@link parseHead} rejected should still start a new event rather than
   * continue the previous one (e.g. a blank line in a table). Defaults to "continue".
   */
  startsOwnEvent?(line: string): boolean;
  /**
   * Every line may change what later lines mean (a table header, a describe section): segments of
   * this kind are always parsed line by line, never by the prefilter's fast path.
   */
  stateful?: boolean;
  /**
   * False when `line`, as a header of this format, cannot state a year: its timestamp takes the
   * context's year (every klog header, journalctl's short output, RFC 3164 syslog). The year sniffer
   * parses a segment only when one of its lines may state one, instead of parsing a few hundred KiB
   * of every input for years they cannot hold. Absent: any line may.
   */
  mayStateYear?(line: string): boolean;
  /**
   * Lines holding one of these byte strings carry context that later lines need (Jenkins
   * `[Pipeline]` stage lines): the fast path parses them in order even when nothing matched them.
   */
  contextMarkers?: readonly string[];
  /**
   * Line starts that open a state later lines are parsed in (the plain grammar's Python traceback and
   * Go panic: a frame line is a continuation only inside one), on lines that are headers whatever the
   * state before them. The fast path reads an event that such a line opens within a few lines before
   * its hit forward from that line, with a fresh context, as reading every line does, instead of
   * around the hit with parses remembered by line text (which do not know the state).
   */
  stateOpeners?: readonly string[];
  /**
   * Lines holding one of these byte strings carry their message in a form the raw bytes do not show
   * (journald's JSON export writes a message with control characters as an array of byte values): the
   * fast path parses them although the prefilter saw nothing, and looks for the literals in the message.
   */
  opaqueMarkers?: readonly string[];
  /**
   * For CI kinds: the stage (Jenkins stage, GitHub Actions step, GitLab CI section) a raw line opens,
   * or undefined. The editor's outline lists stages with it; the grammar's `refs.stage` follows the
   * same rule.
   */
  stageStart?(line: string): string | undefined;
}

/** Convenience: an event before input/line numbers are assigned. */
export type EventDraft = Omit<LogEvent, 'input' | 'line' | 'endLine' | 'text'>;
