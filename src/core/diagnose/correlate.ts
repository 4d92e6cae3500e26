/**
 * Ranks root causes over symptoms. Found signatures form a graph through the catalogue's causal
 * edges (`causes` / `caused-by`). A finding scores as a root cause when it explains other findings
 * (reachable through edges), is not itself explained by another finding, came first in time, and
 * shares objects (node, pod) with what it explains. Each cause comes with its evidence chain.
 */
import type { ChainLink, Finding, Occurrence, RootCause } from '../../model';
import type { Catalogue } from '../catalogue/catalogue';

const SEVERITY_WEIGHT = { info: 0.05, warning: 0.1, error: 0.15, critical: 0.2 } as const;

/** The node and pod an occurrence names, as `node:NAME` / `pod:NAME` (its host stands for the node). */
export function occurrenceObjects(o: Occurrence): string[] {
  const out: string[] = [];
  const node = o.refs.node ?? o.host;
  if (node) out.push(`node:${node}`);
  if (o.refs.pod) out.push(`pod:${o.refs.pod}`);
  return out;
}

function objectsOf(f: Finding): Set<string> {
  const s = new Set<string>();
  for (const o of f.occurrences) for (const x of occurrenceObjects(o)) s.add(x);
  return s;
}

/** Edges among found signatures: cause id -> effect ids, with the edge's note. */
export function causalEdges(catalogue: Catalogue, found: ReadonlySet<string>): Map<string, Map<string, string | undefined>> {
  const edges = new Map<string, Map<string, string | undefined>>();
  const add = (from: string, to: string, note?: string): void => {
    if (from === to || !found.has(from) || !found.has(to)) return;
    let m = edges.get(from);
    if (!m) edges.set(from, (m = new Map()));
    if (!m.has(to) || (note && !m.get(to))) m.set(to, note);
  };
  for (const id of found) {
    const cs = catalogue.get(id);
    for (const r of cs?.signature.related ?? []) {
      if (r.relation === 'causes') add(id, r.id, r.note);
      else if (r.relation === 'caused-by') add(r.id, id, r.note);
    }
  }
  return edges;
}

/** Rank root causes for the findings. */
export function rankRootCauses(catalogue: Catalogue, findings: readonly Finding[], limit = 5): RootCause[] {
  if (findings.length === 0) return [];
  const byId = new Map(findings.map((f) => [f.signatureId, f]));
  const edges = causalEdges(catalogue, new Set(byId.keys()));
  const parents = new Map<string, string[]>();
  for (const [from, tos] of edges) for (const to of tos.keys()) parents.set(to, [...(parents.get(to) ?? []), from]);

  const descendants = (id: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [id];
    while (stack.length)
      for (const n of edges.get(stack.pop()!)?.keys() ?? [])
        if (!seen.has(n) && n !== id) {
          seen.add(n);
          stack.push(n);
        }
    return seen;
  };

  /** Longest path from id through found effects, preferring time order. */
  const longestChain = (id: string, visiting = new Set<string>()): string[] => {
    visiting.add(id);
    let best: string[] = [];
    for (const next of edges.get(id)?.keys() ?? []) {
      if (visiting.has(next)) continue;
      const path = longestChain(next, visiting);
      if (path.length > best.length) best = path;
    }
    visiting.delete(id);
    return [id, ...best];
  };

  const causes: RootCause[] = [];
  for (const f of findings) {
    const desc = descendants(f.signatureId);
    const hasParent = (parents.get(f.signatureId) ?? []).length > 0;
    const reasons: string[] = [];
    let score = SEVERITY_WEIGHT[f.severity];
    if (desc.size > 0) {
      score += Math.min(0.45, 0.2 + 0.08 * desc.size);
      reasons.push(`explains ${desc.size} other finding${desc.size > 1 ? 's' : ''}: ${[...desc].join(', ')}`);
    }
    if (hasParent) {
      score -= 0.25;
      reasons.push(`is itself a known effect of ${(parents.get(f.signatureId) ?? []).join(', ')}`);
    } else if (desc.size > 0) {
      score += 0.1;
      reasons.push('nothing found explains it');
    }
    if (desc.size > 0 && f.firstSeen !== null) {
      const later = [...desc].map((d) => byId.get(d)!.firstSeen).filter((t): t is number => t !== null);
      if (later.length && later.every((t) => t >= f.firstSeen!)) {
        score += 0.1;
        reasons.push('seen before the findings it explains');
      } else if (later.some((t) => t < f.firstSeen!)) {
        score -= 0.05;
        reasons.push('some of what it explains was seen earlier');
      }
    }
    if (desc.size > 0) {
      const mine = objectsOf(f);
      const shared = [...desc].some((d) => [...objectsOf(byId.get(d)!)].some((o) => mine.has(o)));
      if (shared) {
        score += 0.1;
        reasons.push('shares a node or pod with what it explains');
      }
    }
    if (desc.size === 0 && !hasParent) reasons.push('no causal link to other findings');
    const confidence = Math.max(0.05, Math.min(0.97, score + 0.15));
    const path = longestChain(f.signatureId);
    const chain: ChainLink[] = path.map((id, i) => {
      const fi = byId.get(id)!;
      const link: ChainLink = { signatureId: id, title: fi.title, firstSeen: fi.firstSeen };
      if (i > 0) {
        const note = edges.get(path[i - 1])?.get(id);
        link.because = note ?? `${path[i - 1]} commonly causes ${id}`;
      }
      return link;
    });
    causes.push({ signatureId: f.signatureId, title: f.title, confidence: Math.round(confidence * 100) / 100, chain, reasons });
  }
  causes.sort((a, b) => b.confidence - a.confidence || b.chain.length - a.chain.length || firstSeenOf(byId, a) - firstSeenOf(byId, b));
  return causes.slice(0, limit);
}

function firstSeenOf(byId: Map<string, Finding>, c: RootCause): number {
  return byId.get(c.signatureId)?.firstSeen ?? Number.MAX_SAFE_INTEGER;
}
