/**
 * A loopback HTTP front for tests and the fleet benchmark that answers as ClickHouse's HTTP interface
 * does, executing the received SQL (with its `param_*` query parameters) on a chDB session; and can
 * instead answer with a chosen failure (status, body, a stall) to test the client's error paths.
 *
 * Like ClickHouse, it streams a result as chDB produces it (so a result of GiBs never sits in memory)
 * and compresses it with gzip, level 3 (ClickHouse's default `http_zlib_compression_level`), when the
 * client asks (`enable_http_compression=1` and `Accept-Encoding: gzip`). Unlike ClickHouse, it runs one
 * query at a time (one chDB session streams one result at a time): requests wait their turn.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { startLoopbackServer, type LoopbackServer, type Traffic } from './loopbackServer';
import type { Session } from './chdb';

/** What one request carried. */
export interface SeenRequest {
  query: string;
  params: Record<string, string>;
  authorization?: string;
  user?: string;
  key?: string;
  /** The `max_query_size` setting in the URL, when sent. */
  maxQuerySize?: string;
}

/** A failure to answer with instead of running the query. */
export type Failure = { status: number; body: string; headers?: Record<string, string> } | 'stall';

/** ClickHouse's default `max_query_size`, restored after a query that raised it. */
const DEFAULT_MAX_QUERY_SIZE = 262_144;

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', r: '\r', n: '\n', t: '\t', 0: '\0', a: '\x07', v: '\v' };

/** ClickHouse reads a query parameter's value in its escaped (TSV) format, as the client writes it; chDB's binding takes the value as given. */
function unescapeParam(v: string): string {
  return v.replace(/\\(x[0-9a-fA-F]{2}|[\s\S])/g, (_, e: string) => (e.length === 3 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e)));
}

/**
 * Cancel a chDB stream and wait until the session is free: chdb defers the cancel behind a fetch in
 * flight (its handle is destroyed when that fetch returns), so a query started at once would meet the
 * late destroy ("No active streaming query"). Reaches into the stream's `_inflight` for that fetch:
 * chdb exposes no promise of the cancel.
 */
async function cancelled(stream: { cancel(): void }): Promise<void> {
  const inflight = (stream as unknown as { _inflight?: Promise<unknown> | null })._inflight;
  stream.cancel();
  if (inflight) await inflight.catch(() => undefined);
  // The deferred destroy runs in a reaction of that fetch's promise: let it run.
  await new Promise((r) => setImmediate(r));
}

/** What the front answered so far: rows and result bytes before compression, besides the wire bytes. */
export interface FrontTraffic extends Traffic {
  requests: number;
  rows: number;
  resultBytes: number;
}

export class ChdbHttp {
  readonly seen: SeenRequest[] = [];
  private readonly answered = { rows: 0, resultBytes: 0 };
  private turn: Promise<void> = Promise.resolve();
  /** Answer the next requests with this failure (until cleared). */
  failure: Failure | undefined;
  /** Expected Basic credentials (user:password); others get ClickHouse's 516. */
  login: string | undefined;
  private server: LoopbackServer | undefined;
  url = '';

  constructor(private readonly session: Session) {}

  async start(): Promise<this> {
    this.server = await startLoopbackServer((req, res) => void this.handle(req, res));
    this.url = this.server.url;
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }

  /** Requests, rows and bytes answered so far (see {@link Traffic} for the wire bytes). */
  traffic(): FrontTraffic {
    return { requests: this.seen.length, ...this.answered, ...(this.server?.traffic() ?? { connections: 0, bytesIn: 0, bytesOut: 0 }) };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const u = new URL(req.url ?? '/', 'http://x');
    const params: Record<string, string> = {};
    for (const [k, v] of u.searchParams) if (k.startsWith('param_')) params[k.slice(6)] = unescapeParam(v);
    const query = u.searchParams.get('query') ?? Buffer.concat(chunks).toString('utf8');
    const auth = req.headers.authorization;
    const user = req.headers['x-clickhouse-user'] as string | undefined;
    const key = req.headers['x-clickhouse-key'] as string | undefined;
    this.seen.push({ query, params, authorization: auth, user, key, maxQuerySize: u.searchParams.get('max_query_size') ?? undefined });
    if (this.failure === 'stall') return; // never answers
    if (this.failure) {
      res.writeHead(this.failure.status, { 'content-type': 'text/plain', ...this.failure.headers });
      res.end(this.failure.body);
      return;
    }
    if (this.login !== undefined) {
      const given = auth?.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8') : `${user ?? 'default'}:${key ?? ''}`;
      if (given !== this.login) {
        res.writeHead(401, { 'x-clickhouse-exception-code': '516' });
        res.end(
          'Code: 516. DB::Exception: someone: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED) (version 26.7.2.1)\n',
        );
        return;
      }
    }
    const answered = this.turn.then(() => this.answer(u, req, res, query, params));
    this.turn = answered.catch(() => undefined);
    await answered;
  }

  /** Run the query on chDB and stream its result; an error before the first rows is ClickHouse's error answer. */
  private async answer(u: URL, req: IncomingMessage, res: ServerResponse, query: string, params: Record<string, string>): Promise<void> {
    let stream: ReturnType<Session['queryStreamBind']> | undefined;
    let chunks: AsyncIterator<{ numRows: number; raw(): Uint8Array }>;
    let next: IteratorResult<{ numRows: number; raw(): Uint8Array }>;
    // A setting in the URL applies to this query, as ClickHouse applies it: set on the session (real
    // engine checks: readonly, constraints) for this query only. Only max_query_size is sent by the client.
    const querySize = u.searchParams.get('max_query_size');
    let raised = false;
    try {
      if (querySize !== null) {
        if (!/^\d+$/.test(querySize))
          throw new Error(`Code: 27. DB::Exception: Cannot parse max_query_size '${querySize}'. (CANNOT_PARSE_INPUT_ASSERTION_FAILED)`);
        this.session.query(`SET max_query_size = ${querySize}`, 'CSV');
        raised = true;
      }
      stream = this.session.queryStreamBind(query, params, { format: 'JSONEachRow' });
      chunks = stream[Symbol.asyncIterator]();
      next = await chunks.next();
    } catch (err) {
      // A stream that failed is still the session's active one until cancelled: the next query would wait for ever.
      if (stream) await cancelled(stream);
      if (raised) this.session.query(`SET max_query_size = ${DEFAULT_MAX_QUERY_SIZE}`, 'CSV');
      const message = String((err as Error).message).replace(/^Query failed: /, '');
      const code = /Code: (\d+)/.exec(message)?.[1] ?? '1';
      res.writeHead(code === '62' || code === '47' || code === '60' ? 400 : 500, { 'x-clickhouse-exception-code': code });
      res.end(`${message}\n`);
      return;
    }
    const gzip = u.searchParams.get('enable_http_compression') === '1' && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, { 'content-type': 'application/x-ndjson', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    const counted = this.answered;
    let done = false;
    async function* body(): AsyncGenerator<Uint8Array> {
      for (let n = next; !n.done; n = await chunks.next()) {
        const bytes = n.value.raw();
        counted.rows += n.value.numRows;
        counted.resultBytes += bytes.length;
        yield bytes;
      }
      done = true;
    }
    try {
      // A pipeline ends when the client goes away too (a crashed or cancelled client), so the next request is answered.
      if (gzip) await pipeline(body, createGzip({ level: 3 }), res);
      else await pipeline(body, res);
    } catch {
      // Headers are gone: like ClickHouse, the client sees a broken answer.
      res.destroy();
    } finally {
      if (!done) await cancelled(stream);
      if (raised) this.session.query(`SET max_query_size = ${DEFAULT_MAX_QUERY_SIZE}`, 'CSV');
    }
  }
}
