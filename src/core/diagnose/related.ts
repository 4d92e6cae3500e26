/**
 * Links between occurrences, for editors: the cause and effect lines of an occurrence along the
 * root causes' chains (Problems' related information), and the order in which the signatures that
 * matched one line are shown (the most specific first).
 */
import type { Diagnosis, Finding, Occurrence } from '../../model';
import { FINDING_SEVERITIES } from '../../model';
import type { Catalogue } from '../catalogue/catalogue';

/** An occurrence of a neighbouring signature on a causal chain. */
export interface RelatedOccurrence {
  /** `cause`: the chain's previous link; `effect`: its next link. */
  role: 'cause' | 'effect';
  /** The neighbour's finding. */
  finding: Finding;
  /** The neighbour's occurrence chosen for this one. */
  occurrence: Occurrence;
  /** Why the effect follows from the cause (the chain's note). */
  because?: string;
}

/** How far back (or ahead) to look for a neighbour naming the same pod or node before taking the nearest. */
const SAME_OBJECT_WINDOW = 200;

/**
 * An index over a diagnosis answering "which lines caused this occurrence, and which did it cause?".
 * Neighbours come from the root causes' chains; among a neighbour's occurrences in the same input the
 * nearest one before (for a cause) or after (for an effect) that names the same pod or node is
 * chosen, else the nearest one in that direction, else the nearest one the other way. Built once per
 * diagnosis; each question costs a binary search.
 */
export function relatedOccurrences(d: Pick<Diagnosis, 'findings' | 'rootCauses'>): (finding: Finding, occurrence: Occurrence) => RelatedOccurrence[] {
  const byId = new Map(d.findings.map((f) => [f.signatureId, f]));
  const neighbours = new Map<string, { role: 'cause' | 'effect'; id: string; because?: string }[]>();
  const addNeighbour = (of: string, n: { role: 'cause' | 'effect'; id: string; because?: string }): void => {
    const list = neighbours.get(of) ?? [];
    if (!list.some((x) => x.role === n.role && x.id === n.id)) list.push(n);
    neighbours.set(of, list);
  };
  for (const r of d.rootCauses) {
    r.chain.forEach((link, i) => {
      const prev = r.chain[i - 1];
      const next = r.chain[i + 1];
      if (prev) addNeighbour(link.signatureId, { role: 'cause', id: prev.signatureId, because: link.because });
      if (next) addNeighbour(link.signatureId, { role: 'effect', id: next.signatureId, because: next.because });
    });
  }
  const sorted = new Map<string, Map<number, Occurrence[]>>();
  const linesOf = (f: Finding, input: number): Occurrence[] => {
    let perInput = sorted.get(f.signatureId);
    if (!perInput) {
      perInput = new Map();
      for (const o of f.occurrences) {
        const list = perInput.get(o.input) ?? [];
        list.push(o);
        perInput.set(o.input, list);
      }
      for (const list of perInput.values()) list.sort((a, b) => a.line - b.line);
      sorted.set(f.signatureId, perInput);
    }
    return perInput.get(input) ?? [];
  };
  return (finding, occurrence) => {
    const out: RelatedOccurrence[] = [];
    for (const n of neighbours.get(finding.signatureId) ?? []) {
      const f = byId.get(n.id);
      if (!f) continue;
      const chosen = nearest(linesOf(f, occurrence.input), occurrence, n.role === 'cause' ? -1 : 1) ?? f.occurrences[0];
      if (!chosen) continue;
      const rel: RelatedOccurrence = { role: n.role, finding: f, occurrence: chosen };
      if (n.because) rel.because = n.because;
      out.push(rel);
    }
    return out;
  };
}

function nearest(list: readonly Occurrence[], o: Occurrence, direction: -1 | 1): Occurrence | undefined {
  if (list.length === 0) return undefined;
  // First index with line > o.line (for causes, everything before it is at or above o).
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].line <= o.line) lo = mid + 1;
    else hi = mid;
  }
  const before = lo - 1;
  const after = lo;
  const [from, step] = direction === -1 ? [before, -1] : [after, 1];
  // The objects occurrenceObjects names (its node, its pod), compared without building their keys:
  // this runs for every occurrence of a large log's Problems.
  const node = o.refs.node ?? o.host;
  const pod = o.refs.pod;
  if (node || pod) {
    for (let i = from, k = 0; i >= 0 && i < list.length && k < SAME_OBJECT_WINDOW; i += step, k++) {
      const c = list[i];
      if (c !== o && ((node && (c.refs.node ?? c.host) === node) || (pod && c.refs.pod === pod))) return c;
    }
  }
  if (from >= 0 && from < list.length) return list[from];
  const other = direction === -1 ? after : before;
  return other >= 0 && other < list.length ? list[other] : undefined;
}

/** One signature's occurrence on a line. */
export interface LineMatch {
  finding: Finding;
  occurrence: Occurrence;
}

/**
 * The order of the signatures that matched one line, most specific first: a signature another one
 * on the line is `subsumed-by` goes before it; then higher severity; then the occurrence that
 * captured more values (its rule read more of the line); then the rarer finding; then the id.
 */
export function orderForLine<T extends LineMatch>(catalogue: Catalogue, matches: readonly T[]): T[] {
  const ids = new Set(matches.map((m) => m.finding.signatureId));
  const subsumes = new Map<string, number>();
  for (const id of ids) {
    for (const r of catalogue.get(id)?.signature.related ?? []) {
      if (r.relation === 'subsumed-by' && ids.has(r.id)) subsumes.set(r.id, (subsumes.get(r.id) ?? 0) + 1);
    }
  }
  const sev = (f: Finding): number => FINDING_SEVERITIES.indexOf(f.severity);
  return [...matches].sort(
    (a, b) =>
      (subsumes.get(b.finding.signatureId) ?? 0) - (subsumes.get(a.finding.signatureId) ?? 0) ||
      sev(b.finding) - sev(a.finding) ||
      Object.keys(b.occurrence.captures).length - Object.keys(a.occurrence.captures).length ||
      a.finding.count - b.finding.count ||
      a.finding.signatureId.localeCompare(b.finding.signatureId),
  );
}
