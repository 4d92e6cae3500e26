/**
 * Ranks clusters of unmatched error lines by how likely they matter to this incident. The score is
 * a sum of terms, each stated in `reasons`:
 *
 * | term | value | why |
 * |---|---|---|
 * | level | critical +3, error +2, error word without a stated level +1.5, warning with an error word +1 | what the lines say of themselves |
 * | burst | +1 .. +2 when lines fall within 15 min of the top root cause's first sign (+1, plus the share of lines there) | errors around the failure are suspects, errors hours away are not |
 * | steady | -1.5 for 5+ lines spread over half the incident's time or more that began before the root cause's window (or, with no root cause, any such) | a template seen all day, already before the failure, is background, not news |
 * | rare | +0.5 for 1-3 lines | a one-off error stands out |
 * | place | +0.5 when its lines name a host, node or pod the findings name | same place as what is known to be wrong |
 *
 * Ties go to the earlier, then the larger cluster. Works on cluster records, not on how their
 * templates were made.
 */
import type { Finding, UnknownErrorCluster, UnknownErrorLevel } from '../../model';
import type { ClusterRecord } from './templates';
import { templateVariables } from './templateVariables';

/** Most clusters a diagnosis lists (the totals count all of them). */
export const MAX_UNKNOWN_CLUSTERS = 50;
/** Half-width of the window around the root cause's first sign. */
export const BURST_WINDOW_MS = 15 * 60_000;

const LEVEL_TERM: Record<UnknownErrorLevel, [number, string]> = {
  critical: [3, 'critical level'],
  error: [2, 'error level'],
  word: [1.5, 'error word, no level stated'],
  warning: [1, 'warning with an error word'],
};

/** What the ranking knows of the incident. */
export interface RankContext {
  /** The top root cause and the time of its first sign. */
  rootCause?: { signatureId: string; firstSeen: number };
  /** Earliest and latest time of the incident's timed evidence. */
  span?: { from: number; to: number };
  /** Hosts, nodes and pods the findings name. */
  places: Set<string>;
}

/** The ranking context of a diagnosis: its top root cause, time span and places. */
export function rankContext(findings: Finding[], topRootCause: string | undefined, clusters: ClusterRecord[]): RankContext {
  const places = new Set<string>();
  let from = Infinity,
    to = -Infinity;
  for (const f of findings) {
    for (const o of f.occurrences) for (const p of [o.host, o.refs.node, o.refs.pod]) if (p) places.add(p);
    if (f.firstSeen !== null) from = Math.min(from, f.firstSeen);
    if (f.lastSeen !== null) to = Math.max(to, f.lastSeen);
  }
  for (const c of clusters) {
    if (c.firstSeen !== null) from = Math.min(from, c.firstSeen);
    if (c.lastSeen !== null) to = Math.max(to, c.lastSeen);
  }
  const ctx: RankContext = { places };
  if (to > from) ctx.span = { from, to };
  const root = findings.find((f) => f.signatureId === topRootCause);
  if (root && root.firstSeen !== null) ctx.rootCause = { signatureId: root.signatureId, firstSeen: root.firstSeen };
  return ctx;
}

/** Score one cluster: the terms and their sum. */
export function scoreCluster(c: ClusterRecord, ctx: RankContext): { score: number; reasons: string[] } {
  const terms: [number, string][] = [LEVEL_TERM[c.level]];
  if (ctx.rootCause && c.times.length > 0) {
    const t = ctx.rootCause.firstSeen;
    const near = c.times.filter((x) => Math.abs(x - t) <= BURST_WINDOW_MS).length / c.times.length;
    if (near > 0) terms.push([1 + near, `${Math.round(near * 100)}% of its lines within ${BURST_WINDOW_MS / 60_000} min of ${ctx.rootCause.signatureId}`]);
  }
  const coverage = ctx.span && c.firstSeen !== null && c.lastSeen !== null ? (c.lastSeen - c.firstSeen) / (ctx.span.to - ctx.span.from) : 0;
  const before = ctx.rootCause === undefined || (c.firstSeen !== null && c.firstSeen < ctx.rootCause.firstSeen - BURST_WINDOW_MS);
  if (c.count >= 5 && coverage >= 0.5 && before) terms.push([-1.5, `steady: ${c.count} lines over ${Math.round(coverage * 100)}% of the incident`]);
  else if (c.count <= 3) terms.push([0.5, `rare: ${c.count} line${c.count === 1 ? '' : 's'}`]);
  const shared = [...c.places].filter((p) => ctx.places.has(p));
  if (shared.length) terms.push([0.5, `same place as the findings: ${shared.slice(0, 2).join(', ')}`]);
  const score = Math.round(terms.reduce((n, [v]) => n + v, 0) * 10) / 10;
  return { score, reasons: terms.map(([v, text]) => `${text} ${v >= 0 ? '+' : '−'}${Math.abs(Math.round(v * 10) / 10)}`) };
}

/** The clusters as listed: scored, best first, at most `limit`, each with the values of its varying parts. */
export function rankUnknownErrors(clusters: ClusterRecord[], ctx: RankContext, limit = MAX_UNKNOWN_CLUSTERS): UnknownErrorCluster[] {
  return (
    clusters
      .map((c) => ({ c, ...scoreCluster(c, ctx) }))
      .sort((a, b) => b.score - a.score || (a.c.firstSeen ?? Infinity) - (b.c.firstSeen ?? Infinity) || b.c.count - a.c.count)
      .slice(0, limit)
      // The values only for the clusters listed: aligning costs a pass over each sampled line.
      .map(({ c, score, reasons }): UnknownErrorCluster => {
        const { times: _times, stride: _stride, timed: _timed, places: _places, samples, sampled: _sampled, ...cluster } = c;
        const { variables, lines } = templateVariables(c.template, samples);
        return { ...cluster, score, reasons, variables, sampledLines: lines };
      })
  );
}
