/**
 * Context only where the engine needs it. A store read first fetches the candidate lines alone (the
 * cheap part: a few percent of the rows); then, only around the candidates that cannot be read alone,
 * the lines before and after them in their own source, as the engine would see them in the whole log.
 *
 * A candidate can be read alone when its line is a whole record of a line-oriented kind that the
 * segmenter recognises from the line itself ({@link strongKind}: klog, journald, syslog, dmesg, JSON
 * lines, logrus, docker json-file, CRI): its kind, its head (time, severity, source) and its fields
 * are on the line, and the engine reads such a hit line with its own kind whatever surrounds it. Every
 * other candidate asks for its neighbours: a line of a console (Jenkins, CI jobs), of `kubectl`
 * or helm output, a stack trace's line, a CRI or docker partial line, a message with no head.
 * Error-word lines that hold no literal are never asked for: as in a fixed-context read, they are the
 * unknown errors' lines, read alone.
 *
 * Measured on the fleet corpus (bench/fleet.mjs): candidates with context around every one fetched 94%
 * of one node's rows; candidates alone 8.7% but lost what the lines around an eviction say. See the
 * bench's results for this mode.
 */
import { FACT_ONLY, type Catalogue } from '../catalogue/catalogue';
import { BURST_GAP_MS } from '../diagnose/collector';
import { strongKind } from '../segment/segmenter';
import type { InputNotice, LogKind } from '../../model';
import { mergeAnswers, type CandidateFetch, type LogStoreSource, type StoreLine, type TimeWindow } from './storeSource';
import type { PushdownFilter } from './pushdown';

/** A candidate line whose neighbours are wanted: `before` lines before it and `after` after it, in its source. */
export interface ContextAsk {
  source: string;
  timeNs: bigint;
  before: number;
  after: number;
  /**
   * `event`: the lines the engine reads around a line it cannot read alone. `neighbours`: the line before
   * and after it in its source, so that a line it is not next to in the source is not next to it in the
   * engine's input either (two such lines within a second would be read as one burst).
   */
  purpose: 'event' | 'neighbours';
}

/** What a store gave for the context asks. */
export interface ContextFetch {
  lines: StoreLine[];
  /** Asks left out by a bound (their candidates are read alone), and what the user must be told. */
  notices: InputNotice[];
}

/** Kinds whose line is a whole record: head, time and fields on the line itself. */
const RECORD_KINDS: ReadonlySet<LogKind> = new Set<LogKind>([
  'klog',
  'journald',
  'journald-json',
  'syslog',
  'dmesg',
  'json-lines',
  'logrus',
  'docker-json',
  'cri',
]);
/** A CRI partial line (`P`): its record goes on in the next line. */
const CRI_PARTIAL = /^\S+ (?:stdout|stderr) P /;
/** A json-file line whose `log` does not end in a line break: docker split a long line there. */
const DOCKER_PARTIAL = /^\{"log":"(?:[^"\\]|\\.)*(?<!\\n)","stream"/;
/** A record whose message is a continuation of an earlier line's (a stack trace's frame or cause). */
const CONTINUATION = /[\]:]\s+(?:at |Caused by:|\.\.\. \d+ more)|\s(?:goroutine \d+ \[|Traceback \(most recent call last\))/;

/** Whether `line`, read alone, is what the engine reads in its whole log. */
export function readableAlone(line: string): boolean {
  const kind = strongKind(line);
  if (kind === undefined || !RECORD_KINDS.has(kind)) return false;
  if (kind === 'cri' && CRI_PARTIAL.test(line)) return false;
  if (kind === 'docker-json' && DOCKER_PARTIAL.test(line)) return false;
  return !CONTINUATION.test(line);
}

/**
 * The candidates of `lines` (lines holding a literal a rule step or a line fact keys) that cannot be
 * read alone, each asking for `context` lines around it; and those read alone that lie within
 * {@link BURST_GAP_MS} of another line of their source, asking for the line before and after: in the
 * whole log such lines may be one burst (one occurrence) only if they are neighbours, and with their
 * true neighbours in the input they are next to each other only if they are in the source too. With `every`, every candidate asks for `context`. Error-word lines are
 * not asked for.
 */
export function contextAsks(catalogue: Catalogue, lines: readonly StoreLine[], context: PushdownFilter['context'], every = false): ContextAsk[] {
  const asks: ContextAsk[] = [];
  const keyed = (id: number): boolean => catalogue.literalSteps[id].length > 0 || catalogue.factLiterals[id] === FACT_ONLY;
  const bySource = new Map<string, StoreLine[]>();
  for (const l of lines) {
    const list = bySource.get(l.source);
    if (list) list.push(l);
    else bySource.set(l.source, [l]);
  }
  const near = (a: StoreLine | undefined, b: StoreLine): boolean => a !== undefined && Math.abs(Number(a.timeNs - b.timeNs)) < BURST_GAP_MS * 1e6;
  for (const list of bySource.values()) {
    list.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
    list.forEach((l, i) => {
      let hit = false;
      for (const id of catalogue.prefilter.find(l.line))
        if (keyed(id)) {
          hit = true;
          break;
        }
      if (!hit) return;
      if (every || !readableAlone(l.line)) asks.push({ source: l.source, timeNs: l.timeNs, before: context.before, after: context.after, purpose: 'event' });
      else if (near(list[i - 1], l) || near(list[i + 1], l)) asks.push({ source: l.source, timeNs: l.timeNs, before: 1, after: 1, purpose: 'neighbours' });
    });
  }
  return asks;
}

/** How a store read gets the lines around its candidates. */
export type StoreContextMode = 'auto' | { before: number; after: number };

/**
 * A store's read: with `auto`, candidates alone, then the context of those that need it (a store
 * without {@link LogStoreSource.fetchContext} gives candidates alone, and says so); with a number of
 * lines, every candidate with that many lines around it: in the store's one query where it can
 * ({@link LogStoreSource.contextInQuery}), else read after the candidates as `auto` reads its context.
 * `candidates` counts the candidate lines among the lines (all of them when the store's one query
 * returned the context too).
 */
export async function readCandidates(
  catalogue: Catalogue,
  source: LogStoreSource,
  filter: PushdownFilter,
  window: TimeWindow,
  mode: StoreContextMode,
  signal?: AbortSignal,
  progress?: (what: string) => void,
): Promise<CandidateFetch & { candidates: number; asked?: number }> {
  const fixed = mode !== 'auto';
  if (fixed && (source.contextInQuery || mode.before + mode.after === 0 || !source.fetchContext)) {
    const got = await source.fetchCandidates({ ...filter, context: mode }, window, signal);
    return { ...got, candidates: got.lines.length };
  }
  const first = { ...(await source.fetchCandidates({ ...filter, context: { before: 0, after: 0 } }, window, signal)), candidates: 0 };
  first.candidates = first.lines.length;
  const asks = contextAsks(catalogue, first.lines, fixed ? mode : filter.context, fixed);
  if (asks.length === 0) return { ...first, asked: 0 };
  if (!source.fetchContext) {
    const notice: InputNotice = {
      level: 'info',
      message: `${source.label}: ${asks.length.toLocaleString('en-US')} candidate lines were read without the lines around them: this store cannot return a line's neighbours`,
    };
    return { ...first, notices: [...first.notices, notice], asked: asks.length };
  }
  progress?.(`fetching the lines around ${asks.length.toLocaleString('en-US')} candidate lines`);
  const got = await source.fetchContext(asks, window, signal);
  return { ...first, lines: mergeAnswers([first.lines, got.lines]), notices: [...first.notices, ...got.notices], asked: asks.length };
}
