/**
 * A loopback HTTP front for tests that answers as ClickHouse's HTTP interface does, executing the
 * received SQL (with its `param_*` query parameters) on a chDB session; and can instead answer with a
 * chosen failure (status, body, a stall) to test the client's error paths.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startLoopbackServer, type LoopbackServer } from './loopbackServer';
import type { Session } from './chdb';

/** What one request carried. */
export interface SeenRequest {
  query: string;
  params: Record<string, string>;
  authorization?: string;
  user?: string;
  key?: string;
}

/** A failure to answer with instead of running the query. */
export type Failure = { status: number; body: string; headers?: Record<string, string> } | 'stall';

export class ChdbHttp {
  readonly seen: SeenRequest[] = [];
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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const u = new URL(req.url ?? '/', 'http://x');
    const params: Record<string, string> = {};
    for (const [k, v] of u.searchParams) if (k.startsWith('param_')) params[k.slice(6)] = v;
    const query = u.searchParams.get('query') ?? Buffer.concat(chunks).toString('utf8');
    const auth = req.headers.authorization;
    const user = req.headers['x-clickhouse-user'] as string | undefined;
    const key = req.headers['x-clickhouse-key'] as string | undefined;
    this.seen.push({ query, params, authorization: auth, user, key });
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
        res.end('Code: 516. DB::Exception: someone: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED) (version 26.7.2.1)\n');
        return;
      }
    }
    try {
      const out = this.session.queryBind(query, params, 'JSONEachRow');
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.end(out);
    } catch (err) {
      const message = String((err as Error).message).replace(/^Query failed: /, '');
      const code = /Code: (\d+)/.exec(message)?.[1] ?? '1';
      res.writeHead(code === '62' || code === '47' || code === '60' ? 400 : 500, { 'x-clickhouse-exception-code': code });
      res.end(`${message}\n`);
    }
  }
}
