/**
 * A log store as a source of lines: the small interface an adapter implements (ClickHouse and Loki
 * today; Elasticsearch or VictoriaLogs follow the same way), and the pure steps around it: merging the
 * answers of several queries, and turning candidate lines into the engine's inputs.
 *
 * The store filters with {@link PushdownFilter} (compiled by `pushdown.ts` into its language); the
 * engine then reads the candidates as it reads a file, so captures, chains, ranking and the draft are
 * those of a local run of the same lines. One input per source (a Loki stream, a ClickHouse service and
 * host), its lines in time order, keeps each line's neighbours those of its own source.
 */
import type { InputNotice } from '../../model';
import type { StreamInput } from '../engine/session';
import type { PushdownFilter } from './pushdown';
import type { ContextAsk, ContextFetch } from './storeContext';
import { grouped } from '../grouped';

/** One line a store returned. */
export interface StoreLine {
  /** The source it belongs to (one input each), e.g. `{app="web", pod="web-1"}` or `service=kubelet host=node-1`. */
  source: string;
  /** Nanoseconds since the epoch (stores keep nanoseconds; a double would lose them). */
  timeNs: bigint;
  /** The log line (the record's body). */
  line: string;
  /**
   * Its position in its source within the read's window (from 1), when the store said: it orders lines
   * of one time that came from different reads ({@link storeInputs}).
   */
  pos?: number;
}

/** A time window, nanoseconds since the epoch: `since` included, `until` excluded. */
export interface TimeWindow {
  sinceNs: bigint;
  untilNs: bigint;
}

/** What a store gave for one candidate fetch. */
export interface CandidateFetch {
  /** The lines, in any order. */
  lines: StoreLine[];
  /**
   * Candidate lines the store holds in the window, when that is known; more than `lines.length` when
   * a limit cut the answer.
   */
  matched?: number;
  /** A limit cut the answer (so `matched`, when known, is more than was fetched). */
  truncated: boolean;
  /** What the user must be told about the fetch (filter dropped, limit reached ...), for every input it made. */
  notices: InputNotice[];
}

/** A log store the engine can read: the whole of what an adapter implements. */
export interface LogStoreSource {
  /** How messages and input names call the store, credentials left out: `clickhouse http://ch:8123 otel_logs`. */
  readonly label: string;
  /** The candidate lines of `filter` in `window` (every line of the window when the filter has unfiltered steps). */
  fetchCandidates(filter: PushdownFilter, window: TimeWindow, signal?: AbortSignal): Promise<CandidateFetch>;
  /**
   * The lines around some candidates (storeContext.ts): for each ask, up to `before` lines of its
   * source before its time and `after` after it, the candidate's own time included, in `window`.
   * Optional: a store that cannot return a line's neighbours leaves it out, and its candidates are read alone.
   */
  fetchContext?(asks: readonly ContextAsk[], window: TimeWindow, signal?: AbortSignal): Promise<ContextFetch>;
  /** The candidate query itself returns {@link PushdownFilter.context} lines around each candidate (ClickHouse's window function). */
  readonly contextInQuery?: boolean;
}

/**
 * The union of several queries' answers (a filter cut into groups runs one query per group): a line
 * that several groups select comes back from each, so each distinct (source, time, line) is kept as
 * many times as the one answer that has it most often; identical lines of one source at one time stay
 * as many as the store holds.
 */
export function mergeAnswers(answers: readonly StoreLine[][]): StoreLine[] {
  const most = new Map<string, { line: StoreLine; n: number }>();
  for (const answer of answers) {
    const here = new Map<string, number>();
    for (const l of answer) {
      const key = `${l.timeNs}\u0000${l.source}\u0000${l.line}`;
      const n = (here.get(key) ?? 0) + 1;
      here.set(key, n);
      const m = most.get(key);
      if (!m) most.set(key, { line: l, n });
      else {
        if (n > m.n) m.n = n;
        // The same line from a query that knows its position: keep that.
        if (m.line.pos === undefined && l.pos !== undefined) m.line = l;
      }
    }
  }
  return [...most.values()].flatMap((m) => Array.from({ length: m.n }, () => m.line));
}

/** The truncation sentence: `12,000 candidate lines, 5,000 fetched`. */
/**
 * Characters of line text a store read fetches at most, whatever its line limit says: the candidates are
 * held in memory and the CLI's heap is bounded (bench/fleet.mjs: a whole 256 MiB table fetched at once
 * ended in V8's out-of-memory abort). Adapters read answers as streams or pages and stop here, the
 * earliest lines kept, and say so.
 */
export const MAX_CANDIDATE_CHARS = 48 * 1024 * 1024;

/** The hint of a read cut at {@link MAX_CANDIDATE_CHARS} (or a smaller bound). */
export function textBoundHint(chars: number, narrow: string): string {
  const size = chars < 1024 * 1024 ? `${Math.ceil(chars / 1024)} KiB` : `${Math.round(chars / 1024 / 1024)} MiB`;
  return `${size} of line text at most: ${narrow}`;
}

export function truncationNotice(fetch: Pick<CandidateFetch, 'matched' | 'truncated' | 'lines'>, label: string, limitHint: string): InputNotice | undefined {
  if (!fetch.truncated) return undefined;
  const got = grouped(fetch.lines.length);
  const of = fetch.matched !== undefined ? `${grouped(fetch.matched)} candidate lines` : 'more candidate lines than that';
  return { level: 'warning', message: `${label}: ${of}, ${got} fetched (the earliest; ${limitHint})` };
}

/**
 * The lines of each source, in time order: a stable sort keeps the store's order for equal times, and
 * positions order them where known (lines of one time from different reads keep the source's order).
 */
export function linesBySource(lines: readonly StoreLine[]): Map<string, StoreLine[]> {
  const bySource = new Map<string, StoreLine[]>();
  for (const l of lines) {
    const list = bySource.get(l.source);
    if (list) list.push(l);
    else bySource.set(l.source, [l]);
  }
  for (const list of bySource.values())
    list.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : a.pos !== undefined && b.pos !== undefined ? a.pos - b.pos : 0));
  return bySource;
}

/**
 * The candidates as inputs: one per source, named `<label> <source>`, lines in time order
 * ({@link linesBySource}). The first carries the fetch's notices (once, not
 * once per source; the CLI says them on stderr too).
 */
export function storeInputs(label: string, fetch: CandidateFetch): StreamInput[] {
  return [...linesBySource(fetch.lines).entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([source, lines], i) => {
      // A body may end in a line break (OpenTelemetry keeps the raw line); one break ends each line.
      const bytes = Buffer.from(lines.map((l) => l.line.replace(/\r?\n$/, '')).join('\n') + '\n', 'utf8');
      return { name: `${label} ${source}`, chunks: [bytes], size: bytes.length, text: true, notices: i === 0 ? fetch.notices.map((n) => ({ ...n })) : [] };
    });
}
