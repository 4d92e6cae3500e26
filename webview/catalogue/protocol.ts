/**
 * Messages between the catalogue panel (extension side) and the catalogue webview. The webview
 * knows only these shapes; everything in them is plain data rendered as text.
 */

/** A signature in a result list. */
export interface SignatureSummary {
  /** Kebab-case id. */
  id: string;
  /** One-line title. */
  title: string;
  /** One-sentence summary. */
  summary: string;
  /** `info` | `warning` | `error` | `critical`. */
  severity: string;
  /** Category id. */
  category: string;
  /** Lifecycle status. */
  status: string;
  /** True for a signature from the user's folders. */
  user: boolean;
}

/** A related signature as shown on a page. */
export interface RelatedView {
  /** The other signature's id. */
  id: string;
  /** `causes` | `caused by` | `see also` | `subsumed by (more specific)`. */
  label: string;
  /** Its title, when it is in the catalogue. */
  title?: string;
  /** Why they are related. */
  note?: string;
  /** False when the id is not in the catalogue (shown, not linked). */
  known: boolean;
  /** True when the edge is declared by the other signature, not by this one. */
  inferred: boolean;
}

/** An example line (or lines) of a signature. */
export interface ExampleView {
  /** The log text. */
  text: string;
  /** Forced log kind, if any. */
  kind?: string;
}

/** Everything a signature page shows. */
export interface SignatureView extends SignatureSummary {
  /** Markdown explanation (rendered as text with paragraphs, lists, `code` and **bold**). */
  explanation: string;
  /** Likely causes. */
  causes: string[];
  /** Next checks with their commands. */
  checks: { title: string; command: string }[];
  /** Remediation steps. */
  remediation: string[];
  /** References (only http/https ones are opened). */
  references: { title: string; url: string }[];
  /** Related signatures, declared and inferred. */
  related: RelatedView[];
  /** Examples that must match and near-misses that must not. */
  examples: { match: ExampleView[]; noMatch: ExampleView[] };
  /** Rule text. */
  rules: { match: string[]; exclude: string[] };
  /** Log kinds the rules apply to. */
  appliesTo: string[];
  /** Free tags. */
  tags: string[];
  /** Headline template. */
  headline?: string;
  /** The file it was loaded from (for user signatures). */
  file?: string;
}

/** Extension -> webview. */
export type ToWebview =
  | { type: 'results'; seq: number; query: string; total: number; hits: SignatureSummary[] }
  | { type: 'show'; signature: SignatureView }
  | { type: 'missing'; id: string; suggestions: SignatureSummary[] }
  | { type: 'focusSearch' };

/** Webview -> extension. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'search'; seq: number; query: string }
  | { type: 'select'; id: string }
  | { type: 'copy'; text: string }
  | { type: 'openExternal'; url: string }
  | { type: 'openFile'; id: string }
  | { type: 'rendered'; report: RenderReport };

/** What the page reports after drawing (for the VS Code suites, and nothing else). */
export interface RenderReport {
  /** What was drawn. */
  what: 'results' | 'page' | 'missing';
  /** Entries in the result list (results). */
  listed?: number;
  /** Signature id (page, missing). */
  id?: string;
  /** Heading shown (page). */
  title?: string;
  /** Section headings of the page, in order (page). */
  sections?: string[];
}

const isString = (v: unknown, max = 10_000): v is string => typeof v === 'string' && v.length <= max;

/** Validate a message from the webview (its content is never trusted blindly). */
export function parseFromWebview(msg: unknown): FromWebview | undefined {
  if (typeof msg !== 'object' || msg === null) return undefined;
  const m = msg as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'search':
      return isString(m.query, 500) && typeof m.seq === 'number' && Number.isFinite(m.seq) ? { type: 'search', seq: m.seq, query: m.query } : undefined;
    case 'select':
      return isString(m.id, 200) ? { type: 'select', id: m.id } : undefined;
    case 'openFile':
      return isString(m.id, 200) ? { type: 'openFile', id: m.id } : undefined;
    case 'copy':
      return isString(m.text) ? { type: 'copy', text: m.text } : undefined;
    case 'rendered':
      return parseReport(m.report);
    case 'openExternal':
      return isString(m.url, 2000) && isWebUrl(m.url) ? { type: 'openExternal', url: m.url } : undefined;
    default:
      return undefined;
  }
}

function parseReport(r: unknown): FromWebview | undefined {
  if (typeof r !== 'object' || r === null) return undefined;
  const o = r as Record<string, unknown>;
  if (o.what !== 'results' && o.what !== 'page' && o.what !== 'missing') return undefined;
  const report: RenderReport = { what: o.what };
  if (typeof o.listed === 'number') report.listed = o.listed;
  if (isString(o.id, 200)) report.id = o.id;
  if (isString(o.title, 500)) report.title = o.title;
  if (Array.isArray(o.sections)) report.sections = o.sections.filter((x): x is string => isString(x, 200)).slice(0, 50);
  return { type: 'rendered', report };
}

/** True for an absolute http(s) URL: the only links the catalogue opens. */
export function isWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}
