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
import { diagnoseTexts } from '../engine/session';
import { strongKind } from '../segment/segmenter';
import type { InputNotice, LogKind } from '../../model';
import { linesBySource, mergeAnswers, type CandidateFetch, type LogStoreSource, type StoreLine, type TimeWindow } from './storeSource';
import type { PushdownFilter } from './pushdown';
import { grouped } from '../grouped';

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
 * read alone, each asking for `context` lines around it; and those read alone that are occurrences of a
 * signature next to another of it, within {@link BURST_GAP_MS}, asking for the line before and after: in the
 * whole log such lines may be one burst (one occurrence) only if they are neighbours, and with their
 * true neighbours in the input they are next to each other only if they are in the source too. With
 * `every`, every candidate asks for `context`. Error-word lines are not asked for.
 */
export function contextAsks(catalogue: Catalogue, lines: readonly StoreLine[], context: PushdownFilter['context'], every = false): ContextAsk[] {
  const asks: ContextAsk[] = [];
  const keyed = (id: number): boolean => catalogue.literalSteps[id].length > 0 || catalogue.factLiterals[id] === FACT_ONLY;
  for (const [source, list] of linesBySource(lines)) {
    const alone = list.map((l) => readableAlone(l.line));
    // The signatures the records read alone are occurrences of, read as the engine reads the candidates.
    const found = every ? [] : occurrencesByLine(catalogue, source, list, alone);
    // Next to line i in the input and within a burst's second of it, an occurrence of one of its signatures.
    const near = (i: number, j: number): boolean =>
      j >= 0 &&
      j < list.length &&
      Math.abs(Number(list[i].timeNs - list[j].timeNs)) < BURST_GAP_MS * 1e6 &&
      [...(found[j] ?? [])].some((x) => found[i]?.has(x));
    list.forEach((l, i) => {
      if (![...catalogue.prefilter.find(l.line)].some(keyed)) return;
      if (every || !alone[i]) asks.push({ source: l.source, timeNs: l.timeNs, before: context.before, after: context.after, purpose: 'event' });
      else if (near(i, i - 1) || near(i, i + 1)) asks.push({ source: l.source, timeNs: l.timeNs, before: 1, after: 1, purpose: 'neighbours' });
    });
  }
  return asks;
}

/**
 * For each of a source's lines (in time order) that is read alone, the ids of the signatures it is an
 * occurrence of when the lines are diagnosed as they came: the engine's own verification, so routine
 * lines that only hold a literal (containerd's `PullImage ... returns`) ask for nothing.
 */
function occurrencesByLine(catalogue: Catalogue, source: string, list: readonly StoreLine[], alone: readonly boolean[]): (Set<string> | undefined)[] {
  const out: (Set<string> | undefined)[] = [];
  if (!alone.some(Boolean)) return out;
  const text = list.map((l) => l.line.replace(/\r?\n$/, '').replace(/[\r\n]/g, ' ')).join('\n') + '\n';
  const d = diagnoseTexts(catalogue, [{ name: source, text }], { defaultYear: new Date(Number(list[0].timeNs / 1_000_000n)).getUTCFullYear() });
  for (const f of d.findings)
    for (const o of f.occurrences)
      for (let k = o.line; k <= o.endLine; k++) {
        const set = (out[k - 1] ??= new Set());
        set.add(f.signatureId);
      }
  return out;
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
): Promise<CandidateFetch & { candidates: number }> {
  const fixed = mode !== 'auto';
  if (fixed && (source.contextInQuery || mode.before + mode.after === 0 || !source.fetchContext)) {
    const got = await source.fetchCandidates({ ...filter, context: mode }, window, signal);
    return { ...got, candidates: got.lines.length };
  }
  const alone = await source.fetchCandidates({ ...filter, context: { before: 0, after: 0 } }, window, signal);
  const first = { ...alone, candidates: alone.lines.length };
  const asks = contextAsks(catalogue, first.lines, fixed ? mode : filter.context, fixed);
  if (asks.length === 0) return first;
  if (!source.fetchContext) {
    const notice: InputNotice = {
      level: 'info',
      message: `${source.label}: ${grouped(asks.length)} candidate lines were read without the lines around them: this store cannot return a line's neighbours`,
    };
    return { ...first, notices: [...first.notices, notice] };
  }
  progress?.(`fetching the lines around ${grouped(asks.length)} candidate lines`);
  const got = await source.fetchContext(asks, window, signal);
  return { ...first, lines: mergeAnswers([first.lines, got.lines]), notices: [...first.notices, ...got.notices] };
}

/**
 * Most lines one forward context read asks for where asks are dense. Measured on the Loki fake's 1 MiB
 * mixed stream (test/unit/logstores/loki.test.ts): 61 lines a read took the 400 reads of the bound; up to
 * 4,096 fetched 98% of the stream.
 */
const MAX_FORWARD_READ = 256;

/**
 * The context reads of a store that reads one source around one time per request (Loki, Elasticsearch):
 * the asks in source and time order, each read `before` it (when it asks for lines before) and `after`
 * it (`limit` lines from `from`). An ask inside what the last forward read of its source covered reads
 * no lines before it and reads on from there; while asks keep landing inside, each forward read asks for
 * twice the lines of the last (up to {@link MAX_FORWARD_READ}), so a stretch dense with candidates costs a
 * few large reads rather than two per candidate. At most `maxReads` reads: the asks past it are read
 * alone, and the notice says how many (`reads` names them as the store does: requests, searches).
 */
export async function readAround(
  label: string,
  asks: readonly ContextAsk[],
  maxReads: number,
  reads: string,
  before: (a: ContextAsk) => Promise<StoreLine[]>,
  after: (a: ContextAsk, from: bigint, limit: number) => Promise<StoreLine[]>,
): Promise<InputNotice[]> {
  const wanted = [...asks].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
  let done = 0;
  let covered: { source: string; until: bigint; limit: number } | undefined;
  for (const [i, a] of wanted.entries()) {
    const inside = covered?.source === a.source && a.timeNs <= covered.until;
    if (done + Number(!inside && a.before > 0) + Number(a.after > 0) > maxReads) {
      const n = (x: number): string => grouped(x);
      return [
        {
          level: 'warning',
          message: `${label}: the lines around ${n(wanted.length - i)} of ${n(wanted.length)} candidate lines were not fetched (${maxReads} ${reads} at most): those are read alone; narrow --query or --since/--until`,
        },
      ];
    }
    if (!inside && a.before > 0) {
      done++;
      await before(a);
    }
    const from = inside ? covered!.until : a.timeNs;
    const limit = inside ? Math.min(MAX_FORWARD_READ, Math.max(a.after + 1, covered!.limit * 2)) : a.after + 1;
    let until = from;
    if (a.after > 0) {
      done++;
      for (const l of await after(a, from, limit)) if (l.timeNs > until) until = l.timeNs;
    }
    covered = { source: a.source, until, limit };
  }
  return [];
}
