/**
 * GET requests to the API server with the kubeconfig's credentials, bounded in time and size.
 *
 * `@kubernetes/client-node` loads the kubeconfig and authenticates as kubectl does (bearer tokens,
 * client certificates, exec plugins, auth providers, proxies) through `applyToFetchOptions`; the
 * request itself is made here with `node:http(s)` because the generated API clients can neither
 * abort a request (a hanging server would hang us) nor stop reading a body part way (a 200 MB log
 * would be read whole before `limitBytes` could be checked).
 *
 * Every request has two bounds in time: nothing arriving for `timeoutMs`, and the whole request
 * taking longer than `deadlineMs` (a server trickling a byte every 2 s never trips the first). A 2xx
 * body cut by either keeps what arrived, and says so. A redirect is an error, never an empty answer.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import * as http from 'node:http';
import * as https from 'node:https';
import { withExecBounds, type ExecBounds } from './execPlugin';
import { KubeconfigError, loadKubeconfig, useContext, type KubeconfigHints } from './kubeconfig';
import { ListShapeError, ListStream } from './listStream';
import { ClusterRequestError, cutError, httpError, networkError, type BodyCut } from './requestErrors';

export { ClusterRequestError, type BodyCut, type RequestFailure } from './requestErrors';

/** Which cluster to talk to. */
export interface ClusterTarget {
  /** Kubeconfig file; default: `$KUBECONFIG`, `~/.kube/config`, or in-cluster. */
  kubeconfig?: string;
  /** Context name; default: the kubeconfig's current context. */
  context?: string;
  /** Namespace; default: the context's, else `default`. */
  namespace?: string;
  /** How this adapter's user names a kubeconfig and a context, for messages (default: the CLI's flags). */
  hints?: KubeconfigHints;
}

/** Limits of one request. */
export interface RequestLimits {
  /** Abort when nothing arrives for this long (connect, headers, or between body chunks). */
  timeoutMs: number;
  /** Abort when the whole request (credentials, connect, headers, body) takes longer than this, however steadily bytes trickle in. */
  deadlineMs: number;
  /** Kill an exec credential plugin still running after this long. */
  execTimeoutMs: number;
  /** Abort when this fires. */
  signal?: AbortSignal;
}

/**
 * The default bounds of a request (the one place they are set): nothing arriving for 15 s, the whole
 * request past 2 minutes (a 10 MiB log needs about 1 s on a sound connection), an exec credential
 * plugin past 30 s (a plugin that has not printed a token by then waits for something it will not get).
 */
export const REQUEST_DEFAULTS = { timeoutMs: 15_000, deadlineMs: 120_000, execTimeoutMs: 30_000 } as const;

/** A body read up to a byte limit and a deadline. */
export interface BoundedBody {
  /** The bytes read (at most the limit). */
  body: Buffer;
  /** Set when the body is not the server's whole answer, and why. */
  cut?: BodyCut;
  /** The Content-Type the server sent. */
  contentType?: string;
  /** Bytes that arrived, when they went to a sink rather than into `body`. */
  received?: number;
}

/** Largest single object read (a pod is some kilobytes; its JSON is parsed whole, so this bounds the memory it takes). */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;
/**
 * Largest list answer read. A list is parsed item by item as it arrives (./listStream), so this bounds
 * time on the wire rather than memory; pages of 500 stay far below it (500 pods are about 8 MB).
 */
export const MAX_LIST_BYTES = 512 * 1024 * 1024;

/** The end of a streamed list answer. */
export interface ListPage {
  /** The list's `metadata` (unchecked). */
  metadata?: unknown;
  /** Set when the answer ended early (the byte limit, a stall, the deadline, the JSON ending half way): the items read so far were handed over. */
  cut?: BodyCut | 'ended';
}

/** One cluster connection: the loaded kubeconfig, its server, and the secrets never to show. */
export class KubeHttp {
  /** Credentials seen so far (tokens, key data, exec output), for redaction. */
  readonly secrets = new Set<string>();

  private constructor(
    private readonly kc: KubeConfig,
    /** API server URL, no trailing slash. */
    readonly server: string,
    /** Context in use. */
    readonly contextName: string,
    /** The target namespace. */
    readonly namespace: string,
  ) {
    const user = kc.getCurrentUser();
    for (const s of [
      user?.token,
      user?.password,
      user?.keyData,
      user?.keyData && Buffer.from(user.keyData, 'base64').toString('utf8'),
      ...Object.values((user?.authProvider as { config?: Record<string, unknown> } | undefined)?.config ?? {}),
    ]) {
      if (typeof s === 'string' && s.length >= 6) this.secrets.add(s);
    }
  }

  /** Load the kubeconfig and pick the context (see ./kubeconfig). Throws `ClusterRequestError('config')`. */
  static load(target: ClusterTarget): KubeHttp {
    let kc: KubeConfig;
    try {
      const loaded = loadKubeconfig(target.kubeconfig, target.hints);
      useContext(loaded, target.context, target.hints);
      kc = loaded.kc;
    } catch (err) {
      if (err instanceof KubeconfigError) throw new ClusterRequestError('config', err.message);
      throw err;
    }
    const cluster = kc.getCurrentCluster()!;
    const context = kc.getCurrentContext();
    const namespace = target.namespace ?? kc.getContextObject(context)?.namespace ?? 'default';
    return new KubeHttp(kc, cluster.server.replace(/\/+$/, ''), context, namespace);
  }

  /**
   * GET JSON, parsed but unchecked (its shape is checked by ./apiShapes). A body cut short, a body
   * that is not JSON and a redirect are errors that say what was asked and what came back.
   */
  async getJson(path: string, query: Record<string, string | number | boolean | undefined>, limits: RequestLimits): Promise<unknown> {
    const { body, cut, contentType } = await this.get(path, query, MAX_JSON_BYTES, limits);
    if (cut === 'limit')
      throw new ClusterRequestError(
        'too-large',
        `the answer to ${path} is over ${MAX_JSON_BYTES / 1024 / 1024} MiB (the largest JSON answer read); the server may ignore the page size (limit=500)`,
      );
    if (cut) throw cutError(cut, body.length, this.server, limits);
    try {
      return JSON.parse(body.toString('utf8'));
    } catch (err) {
      const what = `${body.length} bytes${contentType ? ` of ${contentType.split(';')[0]}` : ''}`;
      throw new ClusterRequestError('malformed', `the answer (${what}) is not valid JSON: ${(err as Error).message}`, 200);
    }
  }

  /**
   * GET a list, handing each item of `items` to `onItem` as it arrives (nothing else of the page is
   * held). An answer cut short after some items keeps them (`cut` says why); one that is not JSON or
   * not a list object is a 'malformed' error.
   */
  async getList(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    limits: RequestLimits,
    onItem: (item: unknown) => void,
  ): Promise<ListPage> {
    const list = new ListStream(onItem);
    let failed: unknown;
    const { body, cut, contentType, received } = await this.get(path, query, MAX_LIST_BYTES, limits, (chunk) => {
      try {
        list.write(chunk);
      } catch (err) {
        failed = err;
        return false;
      }
      return true;
    });
    const what = (): string => `${received ?? body.length} bytes${contentType ? ` of ${contentType.split(';')[0]}` : ''}`;
    if (failed instanceof ListShapeError) throw new ClusterRequestError('malformed', `the answer is JSON but not a list (${failed.message})`, 200);
    if (failed)
      throw new ClusterRequestError(
        'malformed',
        `the answer (${what()}, starting ${JSON.stringify(list.start)}) is not valid JSON: ${(failed as Error).message}`,
        200,
      );
    if (cut) return { cut };
    try {
      const tail = list.end();
      // A connection closed half way through the items keeps those that arrived whole.
      return tail.complete ? { metadata: tail.metadata } : { cut: 'ended' };
    } catch (err) {
      throw new ClusterRequestError('malformed', `the answer (${what()}) is not valid JSON: ${(err as Error).message}`, 200);
    }
  }

  /**
   * GET a body, reading at most `maxBytes` of it: past that the request is destroyed, so a server
   * that ignores `limitBytes` still costs no more than the limit. With `sink`, the chunks of a 2xx
   * body go to it instead of being kept (`body` is then empty, its length what arrived); the sink
   * returns false to stop reading.
   */
  async get(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    maxBytes: number,
    limits: RequestLimits,
    sink?: (chunk: Buffer) => boolean,
  ): Promise<BoundedBody> {
    if (limits.signal?.aborted) throw new ClusterRequestError('cancelled', 'cancelled');
    const started = Date.now();
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    const init = await this.authenticate(limits);
    const headers: Record<string, string> = { Accept: 'application/json, */*', 'User-Agent': 'postmortem-lens' };
    Object.assign(headers, init.headers);
    const auth = headers.authorization ?? headers.Authorization;
    if (auth) this.secrets.add(auth.replace(/^\w+\s+/, ''));
    const mod = url.protocol === 'http:' ? http : https;
    return new Promise<BoundedBody>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      let idle: NodeJS.Timeout | undefined;
      let body: { ok: boolean; contentType?: string } | undefined;
      const finish = (err: ClusterRequestError | null, value?: BoundedBody): void => {
        if (done) return;
        done = true;
        clearTimeout(idle);
        clearTimeout(deadline);
        limits.signal?.removeEventListener('abort', onAbort);
        req.destroy();
        if (err) reject(err);
        else resolve(value!);
      };
      /** What arrived of a 2xx body (with a sink: an empty buffer of the length that arrived). */
      const whole = (): BoundedBody => ({
        body: sink ? Buffer.alloc(0) : Buffer.concat(chunks),
        contentType: body?.contentType,
        ...(sink ? { received: size } : {}),
      });
      // A stalled or endless 2xx body keeps what arrived (a log is worth its first megabytes); callers say it was cut.
      const stop = (cut: 'idle' | 'deadline'): void => {
        if (body?.ok && size > 0) finish(null, { ...whole(), cut });
        else finish(cutError(cut, size, this.server, limits));
      };
      const arm = (): void => {
        clearTimeout(idle);
        idle = setTimeout(() => stop('idle'), limits.timeoutMs);
      };
      const deadline = setTimeout(() => stop('deadline'), Math.max(1, limits.deadlineMs - (Date.now() - started)));
      const onAbort = (): void => finish(new ClusterRequestError('cancelled', 'cancelled'));
      const req = mod.request(url, { method: 'GET', headers, agent: init.agent as http.Agent | undefined }, (res) => {
        arm();
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          // node:http follows no redirect; reading the redirect's body as the answer would show an empty log.
          finish(new ClusterRequestError('redirect', res.headers.location ?? '', status));
          return;
        }
        body = { ok: status >= 200 && status < 300, contentType: res.headers['content-type'] };
        const take = (chunk: Buffer): void => {
          size += chunk.length;
          if (!sink) chunks.push(chunk);
          else if (!sink(chunk)) finish(null, whole());
        };
        res.on('data', (chunk: Buffer) => {
          arm();
          if (!body!.ok) {
            if (size <= 1 << 20) {
              chunks.push(chunk);
              size += chunk.length;
            }
            return;
          } // an error body is a short Status
          const room = maxBytes - size;
          if (chunk.length >= room) {
            take(chunk.subarray(0, room));
            // Exactly at the limit may be the whole body: only more bytes prove truncation.
            if (chunk.length > room) finish(null, { ...whole(), cut: 'limit' });
            return;
          }
          take(chunk);
        });
        res.on('end', () => {
          if (!body!.ok) finish(httpError(status, Buffer.concat(chunks), path));
          else finish(null, whole());
        });
        res.on('error', (err) => finish(networkError(err, this.server)));
      });
      req.on('error', (err) => finish(networkError(err, this.server)));
      limits.signal?.addEventListener('abort', onAbort, { once: true });
      arm();
      req.end();
    });
  }

  /**
   * Headers and agent for a request. Exec credential plugins run here: one still running after
   * `execTimeoutMs` is killed (./execPlugin), and that is a config failure, so the run stops asking.
   */
  private async authenticate(limits: RequestLimits): Promise<{ headers: Record<string, string>; agent?: unknown }> {
    const bounds: ExecBounds = { timeoutMs: limits.execTimeoutMs, signal: limits.signal };
    const plugin = this.kc.getCurrentUser()?.exec?.command;
    const pluginWords = `the exec credential plugin of context ${this.contextName}${plugin ? ` (${plugin.split(/[\\/]/).pop()})` : ''}`;
    const tooLong = (): ClusterRequestError =>
      new ClusterRequestError(
        'config',
        `${pluginWords} did not finish within ${Math.round(limits.execTimeoutMs / 1000)} s and was stopped; run it yourself to see what it waits for (a login in a browser, a prompt?), then try again`,
      );
    let timer: NodeJS.Timeout | undefined;
    // Credentials that are not a plugin (an OIDC refresh) have no process to kill: they are raced instead.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            plugin
              ? tooLong()
              : new ClusterRequestError('config', `the credentials of context ${this.contextName} were not ready within ${limits.execTimeoutMs} ms`),
          ),
        limits.execTimeoutMs + 1000,
      );
    });
    try {
      const init = await Promise.race([withExecBounds(bounds, () => this.kc.applyToFetchOptions({})), timeout]);
      return { headers: headerRecord(init.headers), agent: init.agent };
    } catch (err) {
      if (bounds.killed === 'cancelled' || limits.signal?.aborted) throw new ClusterRequestError('cancelled', 'cancelled');
      if (bounds.killed === 'timeout') throw tooLong();
      if (err instanceof ClusterRequestError) throw err;
      const message = (err as Error).message;
      if (/HTTP protocol is not allowed/.test(message)) {
        // client-node refuses plain http unless the cluster entry says insecure-skip-tls-verify.
        throw new ClusterRequestError(
          'config',
          `the cluster of context ${this.contextName} is served over plain HTTP (${this.server}); the Kubernetes client accepts that only with insecure-skip-tls-verify: true on that cluster in the kubeconfig (or use its https address)`,
        );
      }
      throw new ClusterRequestError(
        'config',
        `cannot get credentials for context ${this.contextName}: ${plugin ? `${pluginWords} failed: ` : ''}${message.trim() || 'no message'}`,
      );
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Any `HeadersInit` (a Headers object, pairs or a record) as a plain record. */
function headerRecord(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (h && typeof (h as Headers).forEach === 'function' && typeof (h as Headers).get === 'function')
    (h as Headers).forEach((v, k) => {
      out[k] = v;
    });
  else if (Array.isArray(h)) for (const [k, v] of h as [string, string][]) out[k] = v;
  else if (h && typeof h === 'object') for (const [k, v] of Object.entries(h)) out[k] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}
