/** The catalogue's vocabulary: a signature as written in `patterns/<id>.yaml`. */
import type { LogKind } from './logEvent';

/** The checks over facts across lines that a signature can name in `crossCheck`. */
export const CROSS_CHECKS = [
  'pod-ip-outside-node-cidr',
  'control-plane-duplicated-on-node',
  'multiple-cni-plugins',
  'multiple-cni-configs',
  'cgroup-driver-differs',
  'cluster-cidr-excludes-node-podcidr',
] as const;
/** One of {@link CROSS_CHECKS}. */
export type CrossCheckName = (typeof CROSS_CHECKS)[number];

/** How bad a finding is, lowest first. */
export const FINDING_SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
/** One of {@link FINDING_SEVERITIES}. */
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** Where a signature's failure lives. */
export const CATEGORIES = ['control-plane', 'node', 'network', 'storage', 'runtime', 'ci', 'workload', 'security', 'cloud'] as const;
/** One of {@link CATEGORIES}. */
export type Category = (typeof CATEGORIES)[number];

/** Lifecycle of a signature (as in Sigma rules). */
export type SignatureStatus = 'stable' | 'test' | 'experimental' | 'deprecated';

/** A command to run next, with what it tells. */
export interface NextCheck {
  /** What the check tells you. */
  title: string;
  /** The exact command (kubectl, journalctl, docker ...). May hold `{capture}` placeholders. */
  command: string;
}

/** An upstream issue, fix or document. */
export interface Reference {
  /** Short title, e.g. `JENKINS-48300`. */
  title: string;
  /** Link. */
  url: string;
}

/** A causal or informational edge to another signature. */
export interface RelatedSignature {
  /** The other signature's id. */
  id: string;
  /**
   * `causes`: this signature's failure commonly causes the other (this is nearer the root).
   * `caused-by`: the other commonly causes this one. `see-also`: related, no direction.
   * `subsumed-by`: the other is a more specific reading of the same fact (exit code 137 with reason
   * OOMKilled): an occurrence of this one is dropped where the other matched the same object.
   */
  relation: 'causes' | 'caused-by' | 'see-also' | 'subsumed-by';
  /** Why they are related, one sentence. */
  note?: string;
}

/** An example a signature must (or must not) match; checked at load time. */
export interface SignatureExample {
  /** One or more log lines. */
  text: string;
  /** Force the kind used to read `text`; detected when absent. */
  kind?: LogKind;
}

/** A signature as declared in the catalogue (after YAML parsing and schema validation). */
export interface Signature {
  /** Kebab-case id, equal to the file name. */
  id: string;
  /** One-line title. */
  title: string;
  /** One-sentence summary. */
  summary: string;
  /** Lifecycle status. */
  status: SignatureStatus;
  /** Severity of a finding of this signature. */
  severity: FindingSeverity;
  /** Category. */
  category: Category;
  /** Log kinds the rules apply to; `any` for all. */
  appliesTo: (LogKind | 'any')[];
  /** Rules in the signature language; an event matching any of them is an occurrence. */
  match: string[];
  /**
   * A check over facts across lines (the rows of `kubectl get` tables, and line facts such as a listing
   * of /etc/cni/net.d or a cgroup driver setting) whose findings are this signature's occurrences too,
   * one on every line involved (src/core/diagnose/crossChecks.ts, lineFacts.ts, factChecks.ts).
   */
  crossCheck?: CrossCheckName;
  /** Rules that veto an occurrence (known benign look-alikes). */
  exclude?: string[];
  /** Headline template with `{capture}` placeholders, e.g. `pod {pod} evicted: {resource} low`. */
  headline?: string;
  /** Markdown explanation of the mechanism. */
  explanation: string;
  /** Likely causes, most common first. */
  causes: string[];
  /** What to check next. */
  checks: NextCheck[];
  /** How to fix or mitigate. */
  remediation: string[];
  /** Upstream issues and docs. */
  references: Reference[];
  /** Causal edges. */
  related?: RelatedSignature[];
  /** Free tags for search. */
  tags?: string[];
  /** Lines that must match and near-misses that must not. */
  examples: { match: SignatureExample[]; noMatch?: SignatureExample[] };
}

/** Where a signature came from: file path and the line of each top-level key (for error reports). */
export interface SignatureOrigin {
  /** Path of the YAML file, or `<builtin>`. */
  file: string;
  /** 1-based line of each top-level key and of each `match`/`exclude` entry (`match.0`). */
  lines: Record<string, number>;
}
