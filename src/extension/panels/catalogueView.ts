/**
 * What the catalogue page shows, as plain data (no `vscode`): result lists for a query, the page
 * of one signature with its declared and inferred relations, and "did you mean" suggestions.
 */
import { FINDING_SEVERITIES, searchCatalogue, type Catalogue, type CompiledSignature, type FindingSeverity, type RelatedSignature } from '../../core';
import type { RelatedView, SignatureSummary, SignatureView } from '../../../webview/catalogue/protocol';

/** Tells whether a loaded signature comes from the user's folders. */
export type IsUserSignature = (cs: CompiledSignature) => boolean;

/** Readable relation label. */
export function relationLabel(relation: RelatedSignature['relation']): string {
  return relation === 'caused-by' ? 'caused by' : relation === 'see-also' ? 'see also' : relation === 'subsumed-by' ? 'subsumed by (more specific)' : 'causes';
}

const inverse: Record<RelatedSignature['relation'], RelatedSignature['relation']> = {
  causes: 'caused-by',
  'caused-by': 'causes',
  'see-also': 'see-also',
  'subsumed-by': 'see-also',
};

/** The list entry of a signature. */
export function toSummary(cs: CompiledSignature, user: boolean): SignatureSummary {
  const s = cs.signature;
  return { id: s.id, title: s.title, summary: s.summary, severity: s.severity, category: s.category, status: s.status, user };
}

/**
 * The page of a signature: its own fields plus related signatures, declared ones first, then the
 * edges other signatures declare towards it (inverted: X `causes` this -> this is `caused by` X).
 */
export function toSignatureView(cs: CompiledSignature, catalogue: Catalogue, user: boolean): SignatureView {
  const s = cs.signature;
  const related: RelatedView[] = [];
  const seen = new Set<string>();
  for (const r of s.related ?? []) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const other = catalogue.get(r.id);
    related.push({ id: r.id, label: relationLabel(r.relation), title: other?.signature.title, note: r.note, known: Boolean(other), inferred: false });
  }
  for (const other of catalogue.signatures) {
    const o = other.signature;
    if (o.id === s.id || seen.has(o.id)) continue;
    const edge = (o.related ?? []).find((r) => r.id === s.id);
    if (!edge) continue;
    seen.add(o.id);
    related.push({ id: o.id, label: relationLabel(inverse[edge.relation]), title: o.title, note: edge.note, known: true, inferred: true });
  }
  return {
    ...toSummary(cs, user),
    explanation: s.explanation,
    causes: [...s.causes],
    checks: s.checks.map((c) => ({ title: c.title, command: c.command })),
    remediation: [...s.remediation],
    references: s.references.map((r) => ({ title: r.title, url: r.url })),
    related,
    examples: {
      match: s.examples.match.map((e) => ({ text: e.text, kind: e.kind })),
      noMatch: (s.examples.noMatch ?? []).map((e) => ({ text: e.text, kind: e.kind })),
    },
    rules: { match: [...s.match], exclude: [...(s.exclude ?? [])] },
    appliesTo: [...s.appliesTo],
    tags: [...(s.tags ?? [])],
    headline: s.headline,
    file: user ? cs.origin.file : undefined,
  };
}

const rank = (s: string): number => FINDING_SEVERITIES.indexOf(s as FindingSeverity);

/** Every signature, worst severity first, then by title: the list for an empty query. */
export function allSignatures(catalogue: Catalogue, isUser: IsUserSignature): SignatureSummary[] {
  return [...catalogue.signatures]
    .sort((a, b) => rank(b.signature.severity) - rank(a.signature.severity) || a.signature.title.localeCompare(b.signature.title))
    .map((cs) => toSummary(cs, isUser(cs)));
}

/**
 * The result list for a query: all signatures for a blank query; otherwise an exact id first (so
 * pasting an id always finds it), then fuse.js hits over titles, ids, tags, summaries, example lines
 * and explanations, best first.
 */
export function searchResults(catalogue: Catalogue, query: string, isUser: IsUserSignature, limit = 50): SignatureSummary[] {
  const q = query.trim();
  if (q === '') return allSignatures(catalogue, isUser);
  const out: SignatureSummary[] = [];
  const exact = catalogue.get(q.toLowerCase());
  if (exact) out.push(toSummary(exact, isUser(exact)));
  for (const hit of searchCatalogue(catalogue, q, limit)) {
    if (out.some((s) => s.id === hit.signature.id)) continue;
    const cs = catalogue.get(hit.signature.id);
    if (cs) out.push(toSummary(cs, isUser(cs)));
  }
  return out.slice(0, limit);
}

/** Up to `limit` ids close to an unknown one (its words searched fuzzily). */
export function didYouMean(catalogue: Catalogue, id: string, limit = 3): string[] {
  const words = id.replace(/[-_.]+/g, ' ').trim();
  if (words === '') return [];
  return searchCatalogue(catalogue, words, limit).map((h) => h.signature.id);
}

/** The signature id an `openSignature` argument names: a string, or an object with `id` or `signatureId`. */
export function signatureIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg.trim() || undefined;
  if (typeof arg === 'object' && arg !== null) {
    const o = arg as { id?: unknown; signatureId?: unknown };
    if (typeof o.id === 'string' && o.id.trim()) return o.id.trim();
    if (typeof o.signatureId === 'string' && o.signatureId.trim()) return o.signatureId.trim();
  }
  return undefined;
}
