/**
 * One run of the cluster source: requests through a concurrency pool, each bounded by the timeout;
 * failures recorded as problems (redacted, deduplicated) instead of thrown; progress reported; and
 * event lists read from events.k8s.io/v1, falling back to core/v1 when that API is missing (404) or
 * not readable (403).
 */
import type { CoreEvent, EventsV1Event, ObjectList } from './apiTypes';
import { fromCoreEvent, fromEventsV1, type ClusterEvent } from './clusterEvent';
import { problemMessage, Redactor, type ClusterProblem, type RequestPurpose } from './clusterProblems';
import { ClusterRequestError, type KubeHttp } from './kubeHttp';

/** How a run is bounded and observed. */
export interface SessionLimits {
  /** Requests in flight at once. */
  concurrency: number;
  /** Per-request inactivity timeout. */
  timeoutMs: number;
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

/** Most events read for one list (pages of 500). */
const MAX_EVENTS = 5000;

/** Failures that every later request would repeat: reported once, then requests stop. */
const SERVER_WIDE = new Set(['config', 'unreachable', 'tls', 'unauthorized']);

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

  constructor(readonly http: KubeHttp, private readonly limits: SessionLimits) {
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

  /** GET JSON through the pool. */
  getJson<T>(ask: Ask, path: string, query: Record<string, string | number | boolean | undefined> = {}): Promise<T | undefined> {
    return this.request(ask, (http) => http.getJson<T>(path, query, this.limits));
  }

  /** The request limits, for reads made inside `request`. */
  get requestLimits(): { timeoutMs: number; signal?: AbortSignal } {
    return { timeoutMs: this.limits.timeoutMs, signal: this.limits.signal };
  }

  /**
   * Events of one namespace (or all, when undefined), optionally about one object. Undefined when
   * neither events API could be read (recorded as a non-fatal problem of `source`).
   */
  async events(source: string, namespace: string | undefined, about?: { kind: string; name: string }): Promise<ClusterEvent[] | undefined> {
    const ns = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    const ask: Ask = { source, fatal: false, verb: 'list', resource: 'events', namespace };
    return this.request(ask, async (http) => {
      if (this.eventsApi === 'events.k8s.io') {
        const field = about ? `regarding.kind=${about.kind},regarding.name=${about.name}` : undefined;
        try {
          return (await this.pages<EventsV1Event>(http, `/apis/events.k8s.io/v1${ns}/events`, field)).map(fromEventsV1);
        } catch (err) {
          if (!(err instanceof ClusterRequestError && (err.status === 404 || err.status === 403))) throw err;
          this.eventsApi = 'core';
        }
      }
      const field = about ? `involvedObject.kind=${about.kind},involvedObject.name=${about.name}` : undefined;
      return (await this.pages<CoreEvent>(http, `/api/v1${ns}/events`, field)).map(fromCoreEvent);
    });
  }

  /** All pages of a list (500 at a time, up to MAX_EVENTS). */
  private async pages<T>(http: KubeHttp, path: string, fieldSelector: string | undefined): Promise<T[]> {
    const items: T[] = [];
    let cont: string | undefined;
    do {
      const page = await http.getJson<ObjectList<T>>(path, { fieldSelector, limit: 500, continue: cont }, this.limits);
      items.push(...(page.items ?? []));
      cont = page.metadata?.continue || undefined;
    } while (cont && items.length < MAX_EVENTS);
    return items;
  }

  private async pooled<T>(fn: () => Promise<T>): Promise<T> {
    // A finished request hands its slot straight to the next waiter, so the limit is never overshot.
    if (this.active >= this.limits.concurrency) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      if (next) next(); else this.active--;
    }
  }
}
