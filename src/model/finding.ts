/** What the engine concludes: occurrences, findings, root causes, and the whole diagnosis. */
import type { LogEvent, LogKind, ObjectRefs } from './logEvent';
import type { Category, FindingSeverity } from './signature';

/** One place where a signature matched. */
export interface Occurrence {
  /** Input index. */
  input: number;
  /** 1-based first line of the matching event. */
  line: number;
  /** 1-based last line of the matching event. */
  endLine: number;
  /** The matched text (the event's text, capped at 2,000 characters). */
  text: string;
  /** Epoch ms or null. */
  timestamp: number | null;
  /** Typed captures by name. */
  captures: Record<string, string>;
  /** Object refs of the event merged with the captures of object types. */
  refs: ObjectRefs;
  /** Event source/host/kind, for the timeline. */
  source?: string;
  /** Host that logged the event. */
  host?: string;
  /** Kind of the segment. */
  kind: LogKind;
}

/** All occurrences of one signature in a run. */
export interface Finding {
  /** Signature id. */
  signatureId: string;
  /** Signature title. */
  title: string;
  /** Signature severity. */
  severity: FindingSeverity;
  /** Signature category. */
  category: Category;
  /** The headline rendered with the first occurrence's captures. */
  headline: string;
  /** Number of occurrences (exact; exceeds `occurrences.length` only when {@link Finding.occurrenceLimit} is set). */
  count: number;
  /**
   * Set when the run bounded the occurrences it keeps and this finding had more: `occurrences` then
   * holds the first `occurrenceLimit - 1` and the last one of `count`. Absent when all are kept.
   */
  occurrenceLimit?: number;
  /** Earliest timestamp among occurrences, or null. */
  firstSeen: number | null;
  /** Latest timestamp among occurrences, or null. */
  lastSeen: number | null;
  /** Occurrences in input order: all of them, unless {@link Finding.occurrenceLimit} says otherwise. */
  occurrences: Occurrence[];
  /** Distinct values per capture name (capped), e.g. all pods evicted. */
  captureValues: Record<string, string[]>;
}

/** One link of an evidence chain. */
export interface ChainLink {
  /** Signature id. */
  signatureId: string;
  /** Title. */
  title: string;
  /** First time seen, or null. */
  firstSeen: number | null;
  /** Why this link follows from the previous one (the catalogue's edge note, shared objects, time order). */
  because?: string;
}

/** A ranked root-cause hypothesis. */
export interface RootCause {
  /** The signature proposed as root cause. */
  signatureId: string;
  /** Its title. */
  title: string;
  /**
   * A ranking score from 0.05 to 0.97, not a measured probability: the severity's weight, plus how many
   * other findings the catalogue's causal edges let it explain, whether nothing found explains it, whether
   * it was seen before them and shares a node or pod with them (core/diagnose/correlate.ts; `reasons`
   * says which applied). Read it as an order with a strength, and the chain as the argument.
   */
  confidence: number;
  /** The chain from this cause to the symptoms it explains, cause first. */
  chain: ChainLink[];
  /** Plain-English reasons for the score. */
  reasons: string[];
}

/** A template of error-level lines that no signature matched. */
export interface UnknownErrorCluster {
  /** The template, variable parts replaced by `<*>`. */
  template: string;
  /** How many lines. */
  count: number;
  /** A few examples with locations. */
  examples: { input: number; line: number; text: string }[];
  /** First time seen, or null. */
  firstSeen: number | null;
  /** Last time seen, or null. */
  lastSeen: number | null;
  /** The strongest way its lines say they are errors (see {@link UnknownErrorLevel}). */
  level: UnknownErrorLevel;
  /** How likely the cluster matters, higher first: the sum of the terms in `reasons`. */
  score: number;
  /** The terms of `score` in words (`error level +2`, `rare: 1 line +0.5` ...). */
  reasons: string[];
  /**
   * The values each `<*>` of `template` took, in the order of the template's `<*>`s, read from the
   * cluster's first lines (`sampledLines` of `count`); empty when none could be read.
   */
  variables: TemplateVariable[];
  /** Lines the values of `variables` were read from (the first ones; at most a fixed number). */
  sampledLines: number;
}

/** The values one varying part (`<*>`) of a template took in the lines read. */
export interface TemplateVariable {
  /** Most frequent first (at most a fixed number; ties in the order first seen), each with its line count. */
  values: { value: string; count: number }[];
  /** Lines read whose value is not listed (past the bound). */
  other: number;
}

/**
 * How an unmatched line says it is an error: the level it states (`critical`, `error`, `warning`
 * with an error word), or `word` when its format states no level and only an error word says so.
 */
export type UnknownErrorLevel = 'critical' | 'error' | 'warning' | 'word';

/**
 * Why a line with an error word was not listed as an unmatched error: its own level is below
 * warning or no error word in it is used as one (`quiet`), an echoed command (`echo`), a flag/setting/name (`setting`: `--timeout 300`,
 * `timeout of 5m0s`, `fail-fast`), a counter or retry progress (`counter`: `0 failed`,
 * `failed=1`, `3 retries left`), a describe/get state cell (`status`: `Status: Failed`), or a bare
 * job outcome (`outcome`: `Finished: FAILURE`, `script returned exit code 1`).
 */
export type UnknownSetAsideReason = 'quiet' | 'echo' | 'setting' | 'counter' | 'status' | 'outcome';

/** Totals behind {@link Diagnosis.unknownErrors}, so that a capped list says what it left out. */
export interface UnknownErrorTotals {
  /** All clusters found (the list holds at most a fixed number of them, best first). */
  clusters: number;
  /** All unmatched error lines in them. */
  lines: number;
  /** Lines beyond the template limit, counted but not clustered. */
  overflow: number;
  /** Lines with an error word that were set aside as not errors, by reason. */
  setAside: Record<UnknownSetAsideReason, number>;
}

/** A run of lines of one kind inside an input. */
export interface Segment {
  /** Kind detected or forced. */
  kind: LogKind;
  /** 1-based first line. */
  startLine: number;
  /** 1-based last line. */
  endLine: number;
  /** CI stages seen in the segment, in order (Jenkins stages, GitHub Actions steps, GitLab CI sections). */
  stages?: string[];
}

/** Something worth telling the user about an input (binary data, encoding, truncation). */
export interface InputNotice {
  /** `warning` for data that could not be read as text, `info` otherwise. */
  level: 'info' | 'warning';
  /** The message. */
  message: string;
  /** 1-based line, when it concerns one. */
  line?: number;
}

/** What was read from one input. */
export interface InputSummary {
  /** Display name (file path, `<stdin>`, `untitled:1`). */
  name: string;
  /** Bytes read. */
  bytes: number;
  /** Lines read. */
  lines: number;
  /** Segments with their kinds. */
  segments: Segment[];
  /** Distinct kinds, in order of first appearance. */
  kinds: LogKind[];
  /** Encoding/binary/size notices. */
  notices: InputNotice[];
}

/** One entry of the merged timeline. */
export interface TimelineEntry {
  /** Epoch ms. */
  timestamp: number;
  /** Signature id. */
  signatureId: string;
  /** Severity. */
  severity: FindingSeverity;
  /** Rendered line, e.g. headline. */
  text: string;
  /** Input index and line. */
  input: number;
  /** 1-based line. */
  line: number;
  /** Source (kubelet, jenkins ...). */
  source?: string;
}

/** The whole answer for a run. */
export interface Diagnosis {
  /** Inputs read. */
  inputs: InputSummary[];
  /** Findings, most severe and earliest first. */
  findings: Finding[];
  /** Root causes, best first. */
  rootCauses: RootCause[];
  /** Unmatched error templates, most likely to matter first (capped: see `unknownErrorTotals`). */
  unknownErrors: UnknownErrorCluster[];
  /** What the unmatched error list counted and what it set aside. */
  unknownErrorTotals: UnknownErrorTotals;
  /** Findings' occurrences on one timeline (capped). */
  timeline: TimelineEntry[];
  /** Catalogue size used. */
  signaturesUsed: number;
}

/** Re-exported for convenience. */
export type { LogEvent };
