/**
 * A loopback server that answers `/loki/api/v1/query_range` (GET, or POST with a form body) as Loki's
 * HTTP API documents it:
 * `query` (a LogQL log query: stream selector with =, !=, =~, !~ matchers and |= |~ != !~ line
 * filters), `start` inclusive and `end` exclusive (ns), `limit` entries over all streams,
 * `direction` forward or backward; the answer `{status, data: {resultType: "streams", result:
 * [{stream, values: [[ns, line]]}]}}`. Line filters run on RE2 (re2-wasm), Loki's regex syntax. Every
 * query is parsed with Grafana's LogQL grammar (@grafana/lezer-logql); one that does not parse gets
 * 400, as Loki answers. It can instead answer with a chosen failure.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parser } from '@grafana/lezer-logql';
import { re2 } from './re2Cache';
import { startLoopbackServer, type LoopbackServer } from './loopbackServer';

/** One stream: its labels and entries (ns, line). */
export interface FakeStream { labels: Record<string, string>; entries: [bigint, string][] }

export interface LokiRequest { query: string; start: bigint; end: bigint; limit: number; direction: string; headers: Record<string, string | undefined> }

/** Does LogQL `q` parse without error nodes? */
export function logqlParses(q: string): boolean {
  let ok = true;
  parser.parse(q).iterate({ enter: (n) => { if (n.type.isError) ok = false; } });
  return ok;
}

/** A Go double-quoted string's value. */
function unquote(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, e: string) => (e.length === 3 ? String.fromCharCode(parseInt(e.slice(1), 16)) : e === 'n' ? '\n' : e === 't' ? '\t' : e));
}

const STRING = '"((?:[^"\\\\]|\\\\.)*)"';

/** Lines of `streams` that `query` selects, the whole selector and pipeline applied. */
function evaluate(query: string, streams: FakeStream[]): { stream: FakeStream; keep: (line: string) => boolean }[] {
  // The selector ends at the first `}` outside its quoted strings (a value may hold braces).
  const sel = /^\s*\{((?:[^}"`]|"(?:[^"\\]|\\.)*"|`[^`]*`)*)\}/.exec(query);
  if (!sel) throw new Error('no selector');
  const matchers = [...sel[1].matchAll(new RegExp(`(\\w+)\\s*(=~|!~|!=|=)\\s*${STRING}`, 'g'))].map((m) => ({ name: m[1], op: m[2], value: unquote(m[3]) }));
  const stages = [...query.slice(sel[0].length).matchAll(new RegExp(`(\\|=|\\|~|!=|!~)\\s*${STRING}`, 'g'))].map((m) => {
    const v = unquote(m[2]);
    const re = m[1].endsWith('~') ? re2(v) : undefined;
    const hit = (l: string): boolean => (re ? re.test(l) : l.includes(v));
    return m[1].startsWith('|') ? hit : (l: string) => !hit(l);
  });
  const selects = (labels: Record<string, string>): boolean => matchers.every((m) => {
    const v = labels[m.name] ?? '';
    if (m.op === '=') return v === m.value;
    if (m.op === '!=') return v !== m.value;
    const full = re2(`^(?:${m.value})$`).test(v);
    return m.op === '=~' ? full : !full;
  });
  return streams.filter((s) => selects(s.labels)).map((stream) => ({ stream, keep: (l: string) => stages.every((f) => f(l)) }));
}

export class LokiFake {
  readonly requests: LokiRequest[] = [];
  failure: { status: number; body: string } | 'stall' | 'garbage' | undefined;
  /** Headers every request must carry, else 401. */
  require: Record<string, string> = {};
  private server: LoopbackServer | undefined;
  url = '';

  constructor(readonly streams: FakeStream[]) {}

  async start(): Promise<this> {
    this.server = await startLoopbackServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
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
    const send = (status: number, body: string): void => { res.writeHead(status, { 'content-type': status === 200 ? 'application/json' : 'text/plain' }); res.end(body); };
    if (u.pathname !== '/loki/api/v1/query_range') return send(404, '404 page not found');
    const p = u.searchParams;
    const r: LokiRequest = { query: p.get('query') ?? '', start: BigInt(p.get('start') ?? '0'), end: BigInt(p.get('end') ?? '0'), limit: Number(p.get('limit') ?? 100), direction: p.get('direction') ?? 'backward', headers: { authorization: req.headers.authorization, org: req.headers['x-scope-orgid'] as string | undefined } };
    this.requests.push(r);
    if (this.failure === 'stall') return;
    if (this.failure === 'garbage') return send(200, '<html>Grafana</html>');
    if (this.failure) return send(this.failure.status, this.failure.body);
    for (const [h, v] of Object.entries(this.require)) if (req.headers[h.toLowerCase()] !== v) return send(h.toLowerCase() === 'x-scope-orgid' ? 400 : 401, h.toLowerCase() === 'x-scope-orgid' ? 'no org id' : 'unauthorized');
    if (!logqlParses(r.query)) return send(400, `parse error : syntax error in ${r.query.slice(0, 60)}`);
    const picked: { labels: Record<string, string>; ts: bigint; line: string }[] = [];
    for (const { stream, keep } of evaluate(r.query, this.streams)) {
      for (const [ts, line] of stream.entries) if (ts >= r.start && ts < r.end && keep(line)) picked.push({ labels: stream.labels, ts, line });
    }
    picked.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0) * (r.direction === 'forward' ? 1 : -1));
    const out = new Map<Record<string, string>, [string, string][]>();
    for (const e of picked.slice(0, r.limit)) {
      const v = out.get(e.labels) ?? [];
      v.push([e.ts.toString(), e.line]);
      out.set(e.labels, v);
    }
    send(200, JSON.stringify({ status: 'success', data: { resultType: 'streams', result: [...out].map(([stream, values]) => ({ stream, values })), stats: {} } }));
  }
}
