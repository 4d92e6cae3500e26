/**
 * Messages between the Diagnosis panel (extension host) and its webview program. The page knows
 * only these types: the host turns a Diagnosis into a {@link DiagnosisViewModel} (with secrets
 * already redacted when the setting asks for it) and the page answers with user intents.
 * Everything here is plain JSON; log text in it is data, to be shown as text, never as HTML.
 */

/** Severities as the page colours them (mirrors the model's FindingSeverity). */
export type ViewSeverity = 'info' | 'warning' | 'error' | 'critical';

/** A place in an input. */
export interface ViewLocation {
  /** Input index (into {@link DiagnosisViewModel.inputs}). */
  input: number;
  /** 1-based line. */
  line: number;
}

/** One input that was read. */
export interface ViewInput {
  /** Input index. */
  index: number;
  /** Display name. */
  name: string;
  /** Lines read. */
  lines: number;
  /** Bytes read. */
  bytes: number;
  /** Distinct kinds in order. */
  kinds: string[];
  /** Segments with their kinds and 1-based line ranges. */
  segments: { kind: string; startLine: number; endLine: number; stages?: string[] }[];
  /** Notices (binary data, encoding, truncation). */
  notices: { level: 'info' | 'warning'; message: string; line?: number }[];
}

/** One link of an evidence chain, cause first. */
export interface ViewChainLink {
  /** Signature id. */
  signatureId: string;
  /** Title. */
  title: string;
  /** First seen (epoch ms) or null. */
  firstSeen: number | null;
  /** Why it follows from the previous link. */
  because?: string;
}

/** A ranked root cause. */
export interface ViewRootCause {
  /** Signature id. */
  signatureId: string;
  /** Title. */
  title: string;
  /** 0..1. */
  confidence: number;
  /** Evidence chain, cause -> symptoms. */
  chain: ViewChainLink[];
  /** Reasons for the score. */
  reasons: string[];
}

/** One occurrence as shown (text redacted when asked). */
export interface ViewOccurrence extends ViewLocation {
  /** The matched text. */
  text: string;
  /** Epoch ms or null. */
  timestamp: number | null;
}

/** A finding as shown. */
export interface ViewFinding {
  /** Signature id. */
  signatureId: string;
  /** Signature title. */
  title: string;
  /** Severity. */
  severity: ViewSeverity;
  /** Category. */
  category: string;
  /** Headline (redacted when asked). */
  headline: string;
  /** Occurrence count (exceeds `occurrences.length` only when `occurrencesNote` says why). */
  count: number;
  /** Epoch ms or null. */
  firstSeen: number | null;
  /** Epoch ms or null. */
  lastSeen: number | null;
  /** The occurrences listed (all, or the first ones and the last as `occurrencesNote` says). */
  occurrences: ViewOccurrence[];
  /** Set when fewer occurrences are listed than counted: how many and why. */
  occurrencesNote?: string;
  /** The first next check, its command filled from the incident's values. */
  check?: { title: string; command: string; missing?: string };
}

/** A cluster of error lines no signature matched. */
export interface ViewUnknownCluster {
  /** Template with `<*>` for variable parts. */
  template: string;
  /** Lines in the cluster. */
  count: number;
  /** First seen or null. */
  firstSeen: number | null;
  /** How its lines say they are errors: `critical`, `error`, `warning`, or `word` (no level stated). */
  level: string;
  /** How likely it matters, higher first. */
  score: number;
  /** The terms of the score in words. */
  reasons: string[];
  /** A few examples. */
  examples: (ViewLocation & { text: string })[];
  /** The values each `<*>` of `template` took (in its order), most frequent first; empty when unknown. */
  variables: { values: { value: string; count: number }[]; other: number }[];
  /** Lines the values were read from (the cluster's first ones). */
  sampledLines: number;
}

/** One dot of the timeline. */
export interface ViewTimelinePoint extends ViewLocation {
  /** Epoch ms. */
  timestamp: number;
  /** Signature id. */
  signatureId: string;
  /** Severity. */
  severity: ViewSeverity;
  /** Tooltip text. */
  text: string;
  /** Row label: the event's source (kubelet, jenkins ...) or the input's name. */
  source: string;
}

/** Everything the page shows. */
export interface DiagnosisViewModel {
  /** Inputs read. */
  inputs: ViewInput[];
  /** Root causes, best first. */
  rootCauses: ViewRootCause[];
  /** Findings, most severe and earliest first. */
  findings: ViewFinding[];
  /** Unmatched error clusters, most likely to matter first. */
  unknownErrors: ViewUnknownCluster[];
  /** Sentences on what the unmatched list left out (clusters not listed, lines set aside as not errors). */
  unknownNotes: string[];
  /** Timed occurrences (empty when no line had a timestamp). */
  timeline: ViewTimelinePoint[];
  /** Number of signatures the run used. */
  signaturesUsed: number;
  /** True when secrets were redacted from the texts. */
  redacted: boolean;
}

/** What the page counted after rendering (the test hook reads it). */
export interface RenderedCounts {
  /** Root causes shown. */
  rootCauses: number;
  /** Findings shown. */
  findings: number;
  /** Unknown-error clusters shown. */
  unknownErrors: number;
  /** Inputs shown. */
  inputs: number;
  /** Dots drawn on the timeline. */
  timelinePoints: number;
  /** Signature id of the first root cause shown, if any. */
  topRootCause?: string;
}

/** Host -> page. */
export type HostMessage = { type: 'show'; model: DiagnosisViewModel };

/** Page -> host. */
export type PageMessage =
  | { type: 'ready' }
  | { type: 'rendered'; counts: RenderedCounts }
  | { type: 'reveal'; input: number; line: number }
  | { type: 'openSignature'; id: string }
  | { type: 'generatePostmortem' }
  | { type: 'copy'; text: string }
  | { type: 'createSignature'; cluster: number };

/** Narrow an unknown message from the page to a {@link PageMessage}, or undefined. */
export function asPageMessage(m: unknown): PageMessage | undefined {
  if (!m || typeof m !== 'object') return undefined;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready':
    case 'generatePostmortem':
      return { type: o.type };
    case 'rendered':
      return o.counts && typeof o.counts === 'object' ? { type: 'rendered', counts: o.counts as RenderedCounts } : undefined;
    case 'reveal':
      return Number.isInteger(o.input) && Number.isInteger(o.line) ? { type: 'reveal', input: o.input as number, line: o.line as number } : undefined;
    case 'openSignature':
      return typeof o.id === 'string' ? { type: 'openSignature', id: o.id } : undefined;
    case 'copy':
      return typeof o.text === 'string' ? { type: 'copy', text: o.text } : undefined;
    case 'createSignature':
      return Number.isInteger(o.cluster) && (o.cluster as number) >= 0 ? { type: 'createSignature', cluster: o.cluster as number } : undefined;
    default:
      return undefined;
  }
}
