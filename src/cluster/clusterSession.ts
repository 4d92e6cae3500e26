/**
 * One run of the cluster source: requests through a concurrency pool, each bounded in time (idle
 * timeout and total deadline); failures recorded as problems (redacted, deduplicated) instead of
 * thrown; progress reported. Every object is shape-checked as it arrives (./apiShapes): what is of
 * the wrong shape is left out and named. Lists are read page by page within ListBounds, and what is
 * not kept is said. Event lists are read from events.k8s.io/v1, falling back to core/v1 when that
 * API is missing (404) or not readable (403).
 */
import { conform, conformListMeta, describeObject, type ShapeName, type Shapes } from './apiShapes';
import { fromCoreEvent, fromEventsV1, type ClusterEvent } from './clusterEvent';
import { problemMessage, Redactor, type ClusterProblem, type RequestPurpose } from './clusterProblems';
import { ClusterRequestError, MAX_LIST_BYTES, type KubeHttp, type RequestLimits } from './kubeHttp';

/** How a run is bounded and observed. */
export interface SessionLimits extends Omit<RequestLimits, 'signal'> {
  /** Requests in flight at once. */
  concurrency: number;
  /** Cancels every request. */
  signal?: AbortSignal;
  /** Called after each request. */
  onProgress?(done: number, total: number, what: string): void;
}

/** What a request is about, for its problem if it fails. */
export interface Ask extends Omit<RequestPurpose, 'server' | 'context'> {
  /** Problem source: `pod ci/jenkins-1`. */
  source: string;
  /** The failure loses the whole requested source. */
  fatal: boolean;
}

/** Bounds of one list read page by page. */
export interface ListBounds {
  /** Items asked for per page (`limit`). */
  pageSize: number;
  /** Pages read at most: a server that always answers with a `continue` token is not followed forever. */
  maxPages: number;
  /** Items kept at most. */
  maxItems: number;
}

/** The bounds of the lists the cluster source reads (one place to change them). */
export const LIST_BOUNDS = {
  /** Events of a namespace or an object: the most recent 5000 kept, of at most 20 pages read. */
  events: { pageSize: 500, maxPages: 20, maxItems: 5000 },
  /** Pods of a selector or a node (each kept pod costs a describe and its logs: the source keeps fewer). */
  pods: { pageSize: 500, maxPages: 10, maxItems: 5000 },
} as const satisfies Record<string, ListBounds>;

/** How to read one list, and what to say when it is longer than its bounds. */
export interface ListRead<K extends ShapeName, U> {
  /** The shape of each item. */
  shape: K;
  /** The API path of the list. */
  path: string;
  /** Query parameters besides `limit` and `continue`. */
  query?: Record<string, string | number | boolean | undefined>;
  /** Its bounds. */
  bounds: ListBounds;
  /** Each checked item turned into what is kept. */
  map: (item: Shapes[K]) => U;
  /** Keep the first items in this order when there are more than `maxItems` (every page up to maxPages is read); without it the first ones listed are kept and reading stops there. */
  rank?: (a: U, b: U) => number;
  /** What is kept, for the notice: `the most recent`. */
  kept: string;
  /** How the user gets a shorter list, for the notice; none: the caller says it (no notice). */
  narrow?: string;
}

/** A list as read. */
export interface ListResult<U> {
  /** The kept items. */
  items: U[];
  /** Items the server listed: those read, plus those it said remained unread (when it said). */
  listed: number;
  /** False when items were not kept or pages not read. */
  complete: boolean;
}

/** Failures that every later request would repeat: reported once, then requests stop. */
const SERVER_WIDE = new Set(['config', 'unreachable', 'tls', 'unauthorized']);

/** The kind word of an object in messages, by shape. */
const KIND_WORD: Record<ShapeName, string> = {
  Pod: 'pod',
  Node: 'node',
  CoreEvent: 'event',
  EventsV1Event: 'event',
  Workload: 'workload',
  Namespace: 'namespace',
};

/** Why a list answer ended early, in words. */
const CUT_WORDS = {
  limit: `passed ${MAX_LIST_BYTES / 1024 / 1024} MiB`,
  idle: 'stalled',
  deadline: 'was still arriving at the deadline of one request',
  ended: 'ended in the middle of its JSON',
} as const;

/** At most this many objects named in one message about wrong shapes. */
const NAMED = 3;

export class ClusterSession {
  /** Problems so far. */
  readonly problems: ClusterProblem[] = [];
  /** Redacts this connection's credentials. */
  readonly redactor: Redactor;
  private active = 0;
  private readonly queue: (() => void)[] = [];
  private done = 0;
  private total = 0;
  private lost: ClusterRequestError | null = null;
  private eventsApi: 'events.k8s.io' | 'core' = 'events.k8s.io';

  constructor(
    readonly http: KubeHttp,
    private readonly limits: SessionLimits,
  ) {
    this.redactor = new Redactor(http.secrets);
  }

  /** Record a problem (redacted; the same message for the same source once). */
  problem(source: string, message: string, fatal: boolean): void {
    const p = { source: this.redactor.message(source), message: this.redactor.message(message), fatal };
    if (!this.problems.some((q) => q.source === p.source && q.message === p.message)) this.problems.push(p);
  }

  /** Run `fn` through the pool, recording a failure as a problem; undefined when it failed. */
  async request<T>(ask: Ask, fn: (http: KubeHttp) => Promise<T>): Promise<T | undefined> {
    this.total++;
    try {
      return await this.pooled(() => {
        if (this.lost) throw this.lost;
        return fn(this.http);
      });
    } catch (err) {
      const e = err as ClusterRequestError;
      if (e instanceof ClusterRequestError && e.failure === 'cancelled') return undefined;
      const message = problemMessage(err, { ...ask, server: this.http.server, context: this.http.contextName });
      if (e instanceof ClusterRequestError && SERVER_WIDE.has(e.failure)) {
        // Every source is lost, whichever request noticed first: one fatal problem for the cluster.
        if (this.lost) return undefined;
        this.lost = e;
        this.problem(`context ${this.http.contextName}`, message, true);
        return undefined;
      }
      this.problem(ask.source, message, ask.fatal);
      return undefined;
    } finally {
      this.done++;
      this.limits.onProgress?.(this.done, this.total, ask.source);
    }
  }

  /** The request limits, for reads made inside `request`. */
  get requestLimits(): RequestLimits {
    const { timeoutMs, deadlineMs, execTimeoutMs, signal } = this.limits;
    return { timeoutMs, deadlineMs, execTimeoutMs, signal };
  }

  /**
   * GET one object and check its shape; undefined when it failed (recorded). See `conformed`.
   */
  object<K extends ShapeName>(
    ask: Ask,
    shape: K,
    path: string,
    query: Record<string, string | number | boolean | undefined> = {},
  ): Promise<Shapes[K] | undefined> {
    return this.request(ask, async (http) => this.conformed(ask, shape, await http.getJson(path, query, this.requestLimits)));
  }

  /**
   * Check the shape of an object read for `ask`: wrong-shaped fields are left out and recorded as a
   * non-fatal problem of the object; an object unusable as a whole throws (a failure of `ask`).
   */
  conformed<K extends ShapeName>(ask: Ask, shape: K, raw: unknown): Shapes[K] {
    const c = conform(shape, raw);
    if (!c.value) throw new ClusterRequestError('malformed', `the answer is JSON but not a ${KIND_WORD[shape]} (${c.unusable})`, 200);
    if (c.leftOut.length)
      this.problem(
        describeObject(KIND_WORD[shape], c.value, ask.source),
        `fields of the wrong shape were left out (the rest is shown): ${c.leftOut.join(', ')}`,
        false,
      );
    return c.value;
  }

  /** Read a list within its bounds (see ListRead); undefined when it failed (recorded). */
  list<K extends ShapeName, U>(ask: Ask, read: ListRead<K, U>): Promise<ListResult<U> | undefined> {
    return this.request(ask, (http) => this.pages(http, ask, read));
  }

  /**
   * Events of one namespace (or all, when undefined), optionally about one object, the most recent
   * LIST_BOUNDS.events.maxItems kept. Undefined when neither events API could be read (recorded as a
   * non-fatal problem of `source`).
   */
  async events(source: string, namespace: string | undefined, about?: { kind: string; name: string }): Promise<ClusterEvent[] | undefined> {
    const ns = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    const ask: Ask = { source, fatal: false, verb: 'list', resource: 'events', namespace };
    const common = {
      bounds: LIST_BOUNDS.events,
      rank: newestFirst,
      kept: 'the most recent',
      narrow: about
        ? 'the most recent are the ones a diagnosis needs'
        : 'to read fewer, read the events of one pod, workload or node instead of the whole namespace',
    };
    const got = await this.request(ask, async (http) => {
      if (this.eventsApi === 'events.k8s.io') {
        const fieldSelector = about ? `regarding.kind=${about.kind},regarding.name=${about.name}` : undefined;
        try {
          return await this.pages(http, ask, {
            ...common,
            shape: 'EventsV1Event',
            path: `/apis/events.k8s.io/v1${ns}/events`,
            query: { fieldSelector },
            map: fromEventsV1,
          });
        } catch (err) {
          if (!(err instanceof ClusterRequestError && (err.status === 404 || err.status === 403))) throw err;
          this.eventsApi = 'core';
        }
      }
      const fieldSelector = about ? `involvedObject.kind=${about.kind},involvedObject.name=${about.name}` : undefined;
      return this.pages(http, ask, { ...common, shape: 'CoreEvent', path: `/api/v1${ns}/events`, query: { fieldSelector }, map: fromCoreEvent });
    });
    return got?.items;
  }

  /** Read the pages of a list within its bounds; say what was not kept and which items had the wrong shape. */
  private async pages<K extends ShapeName, U>(http: KubeHttp, ask: Ask, read: ListRead<K, U>): Promise<ListResult<U>> {
    const { pageSize, maxPages, maxItems } = read.bounds;
    const kept: U[] = [];
    let seen = 0;
    let pages = 0;
    let cont: string | undefined;
    let remaining: number | undefined;
    let overflow = false;
    // Wrong-shaped items: counted, the first few named (a page of 100,000 bad items keeps 3 names).
    const unusable = new Named();
    const partial = new Named();
    const trim = (): void => {
      if (read.rank) kept.sort(read.rank);
      kept.length = maxItems;
      overflow = true;
    };
    let cut: string | undefined;
    do {
      // Each item is checked and kept (or not) as it arrives: a page of 100,000 never sits in memory whole.
      const page = await http.getList(read.path, { ...read.query, limit: pageSize, continue: cont }, this.requestLimits, (item) => {
        seen++;
        const c = conform(read.shape, item);
        const name = (): string => describeObject(KIND_WORD[read.shape], item, `item ${seen}`);
        if (!c.value) {
          unusable.add(() => `${name()} (${c.unusable})`);
          return;
        }
        if (c.leftOut.length) partial.add(() => `${name()}: ${c.leftOut.join(', ')}`);
        kept.push(read.map(c.value));
        // Trimmed as it grows, so a page of 100,000 costs twice maxItems, not 100,000 kept items.
        if (kept.length >= 2 * maxItems) trim();
      });
      pages++;
      if (kept.length > maxItems) trim();
      if (page.cut) {
        // What arrived is kept; the rest of this page and later pages are not read.
        cut = CUT_WORDS[page.cut];
        cont = undefined;
        break;
      }
      const meta = conformListMeta(page.metadata);
      if ('error' in meta) throw new ClusterRequestError('malformed', `the answer is JSON but its paging cannot be read (${meta.error})`, 200);
      cont = meta.continue;
      remaining = meta.remaining;
      if (overflow && !read.rank) break;
    } while (cont && pages < maxPages);
    if (read.rank) kept.sort(read.rank);
    const what = (n: number): string => `${n} ${KIND_WORD[read.shape]}${n === 1 ? '' : 's'}`;
    if (unusable.count)
      this.problem(
        ask.source,
        `${what(unusable.count)} of the list could not be read and ${unusable.count === 1 ? 'was' : 'were'} left out: ${unusable}`,
        false,
      );
    if (partial.count)
      this.problem(ask.source, `${what(partial.count)} had fields of the wrong shape, left out (the rest of each is shown): ${partial}`, false);
    if (cut) this.problem(ask.source, `the list ${cut} after ${what(seen)}: those are shown, the rest was not read`, false);
    const listed = seen + (cont ? (remaining ?? 0) : 0);
    const complete = !overflow && !cont && !cut;
    if ((overflow || cont) && read.narrow !== undefined) {
      const kept_ = overflow ? `kept ${kept.length} of the ${what(seen)} read (${read.kept})` : `all ${what(seen)} read are shown`;
      const unread = !cont
        ? ''
        : pages >= maxPages
          ? `; reading stopped after ${maxPages} pages, though the server still offered more${remaining !== undefined ? ` (${remaining})` : ''}`
          : `; ${remaining !== undefined ? `${remaining} more were` : 'more were'} not read`;
      this.problem(ask.source, `${kept_}${unread}; ${read.narrow}`, false);
    }
    return { items: kept, listed, complete };
  }

  private async pooled<T>(fn: () => Promise<T>): Promise<T> {
    // A finished request hands its slot straight to the next waiter, so the limit is never overshot.
    if (this.active >= this.limits.concurrency) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** Most recent first (by last occurrence); undated last. */
function newestFirst(a: ClusterEvent, b: ClusterEvent): number {
  const t = (e: ClusterEvent): number => (e.lastSeen ? Date.parse(e.lastSeen) : 0) || 0;
  return t(b) - t(a);
}

/** A count of things, the first NAMED of them named (the names are built only for those). */
class Named {
  count = 0;
  private readonly names: string[] = [];

  add(name: () => string): void {
    if (this.count++ < NAMED) this.names.push(name());
  }

  toString(): string {
    return this.names.join('; ') + (this.count > NAMED ? `; and ${this.count - NAMED} more` : '');
  }
}
