/**
 * A loopback server that answers Loki's HTTP API as documented (GET, or POST with a form body):
 * - `/loki/api/v1/query_range` for a log query: `start` inclusive and `end` exclusive (ns), `limit`
 *   entries over all streams, `direction` forward or backward; the answer `{status, data: {resultType:
 *   "streams", result: [{stream, values: [[ns, line]]}]}}`;
 * - `/loki/api/v1/query` (an instant query) for a metric query at `time` (ns): `{status, data:
 *   {resultType: "vector", result: [{metric, value: [seconds, "count"]}]}}`; more series than
 *   `maxSeries` is Loki's 400 of `max_query_series`.
 * Every query is parsed with Grafana's LogQL grammar (@grafana/lezer-logql) and evaluated over that
 * tree (logqlEval.ts: selectors, RE2 line filters, label filters, label_format templates,
 * count_over_time, sum by); one that does not parse, or that the evaluator does not implement, gets
 * 400, as Loki answers a query it refuses. It can instead answer with a chosen failure.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parser } from '@grafana/lezer-logql';
import { evalInstant, evalLogQuery, Unsupported } from './logqlEval';
import { startLoopbackServer, type LoopbackServer } from './loopbackServer';

/** One stream: its labels and entries (ns, line). */
export interface FakeStream {
  labels: Record<string, string>;
  entries: [bigint, string][];
}

export interface LokiRequest {
  path: string;
  query: string;
  start: bigint;
  end: bigint;
  time: bigint;
  limit: number;
  direction: string;
  headers: Record<string, string | undefined>;
}

/** Does LogQL `q` parse without error nodes? */
export function logqlParses(q: string): boolean {
  let ok = true;
  parser.parse(q).iterate({
    enter: (n) => {
      if (n.type.isError) ok = false;
    },
  });
  return ok;
}

export class LokiFake {
  readonly requests: LokiRequest[] = [];
  failure: { status: number; body: string } | 'stall' | 'garbage' | undefined;
  /** Series an instant query may answer at most (Loki's `max_query_series`, default 500). */
  maxSeries = 500;
  /** Headers every request must carry, else 401. */
  require: Record<string, string> = {};
  private server: LoopbackServer | undefined;
  url = '';

  constructor(readonly streams: FakeStream[]) {}

  async start(): Promise<this> {
    this.server = await startLoopbackServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          this.handle(req, res, Buffer.concat(chunks).toString('utf8'));
        } catch (err) {
          // A fault of the fake itself: a 500 naming it, which fails the test that met it.
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`fake Loki fault: ${(err as Error).stack ?? String(err)}`);
        }
      });
    });
    this.url = this.server.url;
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const u = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST') for (const [k, v] of new URLSearchParams(body)) u.searchParams.set(k, v);
    const send = (status: number, body: string): void => {
      res.writeHead(status, { 'content-type': status === 200 ? 'application/json' : 'text/plain' });
      res.end(body);
    };
    if (u.pathname !== '/loki/api/v1/query_range' && u.pathname !== '/loki/api/v1/query') return send(404, '404 page not found');
    const p = u.searchParams;
    const r: LokiRequest = {
      path: u.pathname,
      query: p.get('query') ?? '',
      start: BigInt(p.get('start') ?? '0'),
      end: BigInt(p.get('end') ?? '0'),
      time: BigInt(p.get('time') ?? '0'),
      limit: Number(p.get('limit') ?? 100),
      direction: p.get('direction') ?? 'backward',
      headers: { authorization: req.headers.authorization, org: req.headers['x-scope-orgid'] as string | undefined },
    };
    this.requests.push(r);
    if (this.failure === 'stall') return;
    if (this.failure === 'garbage') return send(200, '<html>Grafana</html>');
    if (this.failure) return send(this.failure.status, this.failure.body);
    for (const [h, v] of Object.entries(this.require))
      if (req.headers[h.toLowerCase()] !== v)
        return send(h.toLowerCase() === 'x-scope-orgid' ? 400 : 401, h.toLowerCase() === 'x-scope-orgid' ? 'no org id' : 'unauthorized');
    if (!logqlParses(r.query)) return send(400, `parse error : syntax error in ${r.query.slice(0, 60)}`);
    let picked: ReturnType<typeof evalLogQuery>;
    try {
      if (r.path === '/loki/api/v1/query') {
        const vector = evalInstant(r.query, this.streams, r.time);
        if (vector.length > this.maxSeries)
          return send(
            400,
            `maximum number of series (${this.maxSeries}) reached for a single query; consider reducing query cardinality by adding more specific stream selectors, reducing the time range, or aggregating results with functions like sum(), count() or topk()`,
          );
        const at = Number(r.time / 1_000_000n) / 1000;
        return send(
          200,
          JSON.stringify({
            status: 'success',
            data: { resultType: 'vector', result: vector.map((v) => ({ metric: v.metric, value: [at, String(v.value)] })), stats: {} },
          }),
        );
      }
      picked = evalLogQuery(r.query, this.streams, r.start, r.end);
    } catch (err) {
      // What Loki would refuse (or the evaluator does not implement): a 400 the test sees.
      return send(400, err instanceof Unsupported ? err.message : `the fake could not evaluate the query: ${(err as Error).message}`);
    }
    picked.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0) * (r.direction === 'forward' ? 1 : -1));
    const out = new Map<string, { stream: Record<string, string>; values: [string, string][] }>();
    for (const e of picked.slice(0, r.limit)) {
      const key = JSON.stringify(Object.entries(e.labels).sort());
      const v = out.get(key) ?? { stream: e.labels, values: [] };
      v.values.push([e.ts.toString(), e.line]);
      out.set(key, v);
    }
    send(200, JSON.stringify({ status: 'success', data: { resultType: 'streams', result: [...out.values()], stats: {} } }));
  }
}
