/**
 * `fleet --loki`: the fleet table counted by Loki (queries from core/logstore/lokiFleet.ts), each an
 * instant metric query at the window's last nanosecond over the window's length.
 *
 * Why an instant query (`/loki/api/v1/query`), not `query_range` with a step of the window: Loki
 * documents the instant query as the one that evaluates a metric query at one time, and a range
 * aggregation at time t covers (t - range, t] (the lower bound excluded, pkg/logql/range_vector.go).
 * At t = until - 1 ns and range = until - since that is exactly the window [since, until) that `diagnose`
 * reads. `query_range` would evaluate at start and at every step after it, each point a window of its own.
 *
 * A query whose answer Loki refuses for more series than `max_query_series` (a group times the sets of
 * signatures found together) is cut in two and each half asked again, down to one signature; a single
 * signature over the limit is the error, with what to do. At most `concurrency` queries are in flight.
 */
import {
  fleetTable,
  lokiFleetAnswer,
  lokiFleetQueries,
  lokiGroupLines,
  lokiGroupLinesQuery,
  type FleetAnswer,
  type FleetPatterns,
  type FleetTable,
  type GroupOrigins,
  type LokiFleetQuery,
  type LokiFleetSpec,
  type SignaturePattern,
  type TimeWindow,
} from '../core';
import type { LokiSource } from './lokiSource';
import { StoreError, storeMessage } from './storeErrors';

/** How to run the queries. */
export interface LokiFleetOptions {
  /** Queries in flight at once (default 2). */
  concurrency?: number;
  signal?: AbortSignal;
  /** Called when a query is done: how many are, of how many (the total grows when one is cut in two). */
  progress?: (done: number, total: number) => void;
  /** Bounds of one query (see {@link LokiFleetSpec}). */
  maxQueryChars?: number;
  maxFilterChars?: number;
}

/** The table, the queries sent and where each group's name came from (for the drill-down). */
export type LokiFleetTable = FleetTable & { queries: number; origins: GroupOrigins };

const SERIES_LIMIT = /maximum number of series/i;

/** Count the catalogue's candidate lines per signature and group (the first of `labels` set) in `window`. */
export async function lokiFleetCounts(
  source: LokiSource,
  query: string,
  fp: FleetPatterns,
  labels: readonly string[],
  window: TimeWindow,
  opts: LokiFleetOptions = {},
): Promise<LokiFleetTable> {
  const spanNs = window.untilNs - window.sinceNs;
  if (spanNs <= 0n || spanNs % 1_000_000_000n !== 0n)
    throw new StoreError('query', `${source.label}: the window must be a whole number of seconds, got ${spanNs} ns`);
  const spec: LokiFleetSpec = {
    query,
    labels,
    rangeSeconds: Number(spanNs / 1_000_000_000n),
    maxQueryChars: opts.maxQueryChars,
    maxFilterChars: opts.maxFilterChars,
  };
  const at = window.untilNs - 1n;
  const origins: GroupOrigins = new Map();
  const groups = lokiGroupLines(await source.instant(lokiGroupLinesQuery(spec), at, opts.signal), labels, origins);
  let sent = 1;
  const answers: FleetAnswer[] = [];
  if (groups.length > 0) {
    const byId = new Map(fp.patterns.map((p) => [p.id, p]));
    const queue: LokiFleetQuery[] = lokiFleetQueries(fp.patterns, spec);
    let total = queue.length;
    let done = 0;
    // One failure stops the other queries (theirs would be thrown away).
    const stop = new AbortController();
    const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
    const worker = async (): Promise<void> => {
      for (let q = queue.shift(); q; q = queue.shift()) {
        if (signal.aborted) return;
        sent++;
        let samples;
        try {
          samples = await source.instant(q.logql, at, signal);
        } catch (err) {
          if (!(err instanceof StoreError && err.failure === 'query' && SERIES_LIMIT.test(err.message))) throw err;
          if (q.ids.length === 1)
            throw new StoreError('query', `${err.message}; the signature ${q.ids[0]} alone has candidate lines in more ${labels.join('/')} groups than that`);
          // Half the signatures make fewer sets of signatures per group: fewer series.
          const ps = q.ids.map((id) => byId.get(id)!);
          const half = Math.ceil(ps.length / 2);
          for (const part of [ps.slice(0, half), ps.slice(half)] as SignaturePattern[][])
            queue.push(...lokiFleetQueries(part, { ...spec, maxQueryChars: Infinity, maxFilterChars: Infinity }));
          total += 1;
          continue;
        }
        try {
          answers.push(lokiFleetAnswer(q, samples, labels, origins, `fleet query of ${q.ids.length === 1 ? q.ids[0] : `${q.ids.length} signatures`}`));
        } catch (err) {
          throw new StoreError('malformed', storeMessage('malformed', source.label, (err as Error).message));
        }
        done++;
        opts.progress?.(done, total);
      }
    };
    const guarded = (): Promise<void> =>
      worker().catch((err: unknown) => {
        stop.abort();
        throw err;
      });
    // Workers take from one queue; a cut query's halves join it, so a worker still running picks them up.
    const workers = Math.max(1, Math.min(opts.concurrency ?? 2, 16));
    try {
      while (queue.length > 0 && !signal.aborted) {
        const settled = await Promise.allSettled(Array.from({ length: Math.min(workers, queue.length) }, guarded));
        // The first failure is the cause; the others are the queries it stopped.
        const failed =
          settled.find((r): r is PromiseRejectedResult => r.status === 'rejected' && !(r.reason instanceof StoreError && r.reason.failure === 'cancelled')) ??
          settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
      }
    } finally {
      stop.abort();
    }
    if (opts.signal?.aborted) throw new StoreError('cancelled', storeMessage('cancelled', source.label, 'cancelled'));
  }
  try {
    return { ...fleetTable(fp, answers, groups), queries: sent, origins };
  } catch (err) {
    throw new StoreError('malformed', storeMessage('malformed', source.label, (err as Error).message));
  }
}
