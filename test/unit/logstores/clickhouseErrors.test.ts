/**
 * `diagnose --clickhouse` when the store fails or holds more than the limit: each failure a clear
 * message on stderr (no stack trace, no credentials), the other inputs still read; truncation said.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../cli/runCli';
import { ChdbLogs } from './chdbTable';
import { ChdbHttp } from './chdbHttp';
import { pushdownFilter } from '../../../src/core';
import { ClickHouseSource } from '../../../src/logstores/clickhouseSource';
import { shippedCatalogue } from '../shippedCatalogue';

const NOW = new Date('2026-11-22T10:00:00Z');

/** A true `--where` of about `bytes` bytes (real SQL: a long NOT IN list of service names none holds). */
function longWhere(bytes: number): string {
  const names = Array.from({ length: Math.ceil(bytes / 14) }, (_, i) => `'svc-${String(i).padStart(6, '0')}'`);
  return `ServiceName NOT IN (${names.join(', ')})`;
}
const PULL =
  'Nov 22 09:30:01 node-1 kubelet[811]: E1122 09:30:01.000000     811 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"app\\" with ImagePullBackOff: \\"Back-off pulling image \\\\\\"registry.example.com/app:v2\\\\\\"\\""';

/** A table of one node's kubelet: the same image pull failure once a minute, 09:10 to 09:39. */
function pullTable(): ChdbLogs {
  const db = new ChdbLogs();
  db.load(
    Array.from({ length: 30 }, (_, i) => ({
      Timestamp: `2026-11-22 09:${String(10 + i).padStart(2, '0')}:00`,
      ServiceName: 'kubelet',
      Body: PULL.replace(/09:30:01/g, `09:${10 + i}:00`),
      ResourceAttributes: { 'host.name': 'node-1' },
    })),
  );
  return db;
}

describe('diagnose --clickhouse: failures and limits', function () {
  this.timeout(60_000);
  let db: ChdbLogs;
  let front: ChdbHttp;
  let tmp: string;
  let file: string;

  before(async () => {
    db = pullTable();
    front = await new ChdbHttp(db.session).start();
    tmp = mkdtempSync(join(tmpdir(), 'pml-che-'));
    file = join(tmp, 'local.log');
    writeFileSync(file, 'Nov 22 09:00:00 node-1 kernel: Out of memory: Killed process 4242 (java) total-vm:8000000kB, anon-rss:4000000kB\n');
  });
  afterEach(() => {
    front.failure = undefined;
    front.login = undefined;
  });
  after(async () => {
    await front.stop();
    db.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const run = (extra: string[], env: Record<string, string> = {}, url = front.url) =>
    cli(['diagnose', '--format', 'json', '--clickhouse', url, '--since', '2h', ...extra], { now: NOW, env });

  it('reads the store with the login from the environment, and never prints the password', async () => {
    front.login = 'reader:pa55-w0rd';
    const ok = await run([], { CLICKHOUSE_USER: 'reader', CLICKHOUSE_PASSWORD: 'pa55-w0rd' });
    assert.equal(ok.code, 0, ok.err);
    assert.ok(
      (JSON.parse(ok.out) as { findings: { signatureId: string; count: number }[] }).findings.some(
        (f) => f.signatureId === 'image-pull-failure' && f.count === 30,
      ),
    );
    const refused = await run([], { CLICKHOUSE_USER: 'reader', CLICKHOUSE_PASSWORD: 'wrong-pa55' });
    assert.equal(refused.code, 2);
    assert.match(
      refused.err,
      /^postmortem-lens: clickhouse http:\/\/127\.0\.0\.1:\d+ otel_logs: AUTHENTICATION_FAILED: .*\(the credentials were refused: check them\)\n$/,
    );
    // Credentials in the URL are taken out of it, used, and shown nowhere.
    const inUrl = await run([], {}, front.url.replace('//', '//reader:wrong-s3cret@'));
    assert.equal(inUrl.code, 2);
    assert.ok(!/wrong-s3cret|pa55/.test(inUrl.err + refused.err + ok.err + ok.out), inUrl.err);
    assert.match(inUrl.err, /the credentials were refused/);
  });

  for (const [status, body, expected] of [
    [403, 'Forbidden by the proxy', /forbidden|ask for read access/i],
    [429, 'Too Many Requests', /try again later/],
    [502, '<html><body>Bad Gateway</body></html>', /Bad Gateway/],
    [
      500,
      "Code: 497. DB::Exception: reader: Not enough privileges. To execute this query, it's necessary to have the grant SELECT(Body) ON default.otel_logs. (ACCESS_DENIED) (version 26.7.2.1)",
      /ACCESS_DENIED.*ask for read access/,
    ],
    [
      500,
      'Code: 202. DB::Exception: Too many simultaneous queries. Maximum: 100. (TOO_MANY_SIMULTANEOUS_QUERIES) (version 26.7.2.1)',
      /TOO_MANY_SIMULTANEOUS_QUERIES.*try again later/,
    ],
  ] as const) {
    it(`HTTP ${status} ${body.slice(0, 30)}: a clear message, and a file beside it is still diagnosed`, async () => {
      front.failure = { status, body, headers: /^Code: (\d+)/.test(body) ? { 'x-clickhouse-exception-code': /^Code: (\d+)/.exec(body)![1] } : {} };
      const r = await run([file]);
      assert.equal(r.code, 2);
      assert.match(r.err, expected);
      assert.ok(!/\n\s+at /.test(r.err), r.err);
      assert.ok(
        (JSON.parse(r.out) as { findings: { signatureId: string }[] }).findings.some((f) => f.signatureId === 'oom-killed'),
        r.out.slice(0, 300),
      );
    });
  }

  it('a store that does not answer in time: a timeout message naming what to narrow', async () => {
    front.failure = 'stall';
    const r = await run(['--store-timeout', '1']);
    assert.equal(r.code, 2);
    assert.match(r.err, /no answer in time \(narrow --since\/--until/);
  });

  it('a port where nothing listens: unreachable', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    const r = await run([], {}, `http://127.0.0.1:${port}`);
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot connect \(ECONNREFUSED\) \(check the URL/);
  });

  it('bad --where SQL, a bad table name and a bad URL: clear messages', async () => {
    const sql = await run(['--where', 'NoSuchColumn = 1']);
    assert.equal(sql.code, 2);
    assert.match(sql.err, /UNKNOWN_IDENTIFIER.*is --where valid SQL for this table/);
    const table = await run(['--table', 'otel_logs; DROP TABLE x']);
    assert.equal(table.code, 2);
    assert.match(table.err, /--table needs a table name such as otel_logs/);
    const url = await cli(['diagnose', '--clickhouse', 'ch:8123'], { now: NOW });
    assert.equal(url.code, 2);
    assert.match(url.err, /--clickhouse needs an http:\/\/ or https:\/\/ URL|--clickhouse needs a URL/);
    const stray = await cli(['diagnose', '--where', 'x = 1', file], { now: NOW });
    assert.match(stray.err, /--where needs --clickhouse/);
  });

  it("--where is the user's SQL as given: a trailing comment does not swallow the rest of the query", async () => {
    const r = await run(['--where', "ServiceName = 'kubelet' -- the kubelet only", '--store-context', '0']);
    assert.equal(r.code, 0, r.err);
    assert.equal(
      (JSON.parse(r.out) as { findings: { signatureId: string; count: number }[] }).findings.find((f) => f.signatureId === 'image-pull-failure')?.count,
      30,
    );
    const none = await run(['--where', "ServiceName = 'etcd'"]);
    assert.match(none.err, /no candidate lines between/);
  });

  it('a limit below the candidates: the first lines, and "N candidate lines, M fetched" in the output and on stderr', async () => {
    const r = await run(['--store-limit', '12', '--store-context', '0']);
    assert.equal(r.code, 0, r.err);
    const d = JSON.parse(r.out) as { findings: { signatureId: string; count: number }[]; inputs: { notices: { message: string }[] }[] };
    assert.equal(d.findings.find((f) => f.signatureId === 'image-pull-failure')?.count, 12);
    assert.match(r.err, /: 30 candidate lines, 12 fetched \(the earliest; raise --store-limit/);
    assert.ok(d.inputs[0].notices.some((n) => /: 30 candidate lines, 12 fetched/.test(n.message)));
    // One candidate query and one count query, the whole filter in each: `max_query_size` is raised for a query
    // exactly when it is longer than the server's default (the shipped catalogue's filter outgrew it at 253
    // signatures), never sent otherwise.
    const sent = front.seen.slice(-2);
    assert.ok(
      sent.every((q) => (q.maxQuerySize !== undefined) === Buffer.byteLength(q.query) >= 262_144),
      `${sent.map((q) => `${Buffer.byteLength(q.query)} bytes, max_query_size ${q.maxQuerySize}`).join('; ')}`,
    );
  });

  it("a query over the server's default max_query_size: sent once with the setting raised, the count exact", async () => {
    const seen = front.seen.length;
    const r = await run(['--store-limit', '12', '--store-context', '3', '--where', longWhere(20_000)]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /: 30 candidate lines, 12 fetched \(the earliest; raise --store-limit/);
    const sent = front.seen.slice(seen);
    // The candidates, then their count: one query each, the whole filter in it.
    assert.equal(sent.length, 2, sent.map((q) => q.query.slice(0, 60)).join(' | '));
    for (const q of sent) {
      assert.ok(Buffer.byteLength(q.query) > 262_144, `${Buffer.byteLength(q.query)} bytes`);
      // Raised to the query's size and a little more (the client appends its FORMAT clause).
      assert.ok(Number(q.maxQuerySize) >= Buffer.byteLength(q.query) && Number(q.maxQuerySize) < Buffer.byteLength(q.query) + 2048, q.maxQuerySize);
    }
  });

  it('an answer over its text bound: read as a stream, cut there with the earliest lines kept, and said', async () => {
    const source = new ClickHouseSource({ url: front.url, table: 'otel_logs', limit: 1000, timeoutMs: 30_000, maxChars: 10 * PULL.length + 5 });
    try {
      const since = BigInt(NOW.getTime() - 2 * 3600_000) * 1_000_000n;
      const fetch = await source.fetchCandidates(
        { ...pushdownFilter(shippedCatalogue()), context: { before: 0, after: 0 } },
        { sinceNs: since, untilNs: BigInt(NOW.getTime()) * 1_000_000n },
      );
      assert.equal(fetch.lines.length, 10);
      assert.equal(fetch.truncated, true);
      assert.ok(
        fetch.lines.every((l, i) => i === 0 || l.timeNs >= fetch.lines[i - 1].timeNs),
        'in time order',
      );
      assert.ok(fetch.lines[0].line.includes('09:10:00'), 'the earliest kept');
      assert.ok(
        fetch.notices.some((n) =>
          /: 30 candidate lines, 10 fetched \(the earliest; \d+ KiB of line text at most: narrow --since\/--until or --where\)/.test(n.message),
        ),
        JSON.stringify(fetch.notices),
      );
    } finally {
      await source.close();
    }
  });

  it('an empty window says so', async () => {
    const r = await run(['--until', '2026-11-20T00:00:00Z', file]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /no candidate lines between 2026-11-19T22:00:00\.000Z and 2026-11-20T00:00:00\.000Z/);
  });
});

describe('diagnose --clickhouse as a read-only user (readonly = 1: no setting may be changed)', function () {
  this.timeout(60_000);
  let db: ChdbLogs;
  let front: ChdbHttp;

  before(async () => {
    db = pullTable();
    // The engine's own read-only mode: it refuses `max_query_size` in the URL with READONLY (164).
    db.session.query('SET readonly = 1', 'CSV');
    front = await new ChdbHttp(db.session).start();
  });
  after(async () => {
    await front.stop();
    db.close();
  });

  const run = (extra: string[]) => cli(['diagnose', '--format', 'json', '--clickhouse', front.url, '--since', '2h', ...extra], { now: NOW });
  type Report = { findings: { signatureId: string; count: number }[]; inputs: { notices: { message: string }[] }[] };

  it('the shipped filter, longer than the default size: read in parts, a cut says "more" rather than a wrong count', async () => {
    // With 253 signatures the filter no longer fits the default max_query_size, which this user may not raise.
    const r = await run(['--store-limit', '12', '--store-context', '0']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /the catalogue's filter was sent as \d+ queries .*readonly = 1/);
    assert.match(r.err, /: more candidate lines than that, 12 fetched/);
    const all = await run(['--store-context', '0']);
    assert.equal((JSON.parse(all.out) as Report).findings.find((f) => f.signatureId === 'image-pull-failure')?.count, 30);
  });

  it('a query over the default size: refused raised, sent in parts under the default, every line read, and why said', async () => {
    const seen = front.seen.length;
    const all = await run(['--store-context', '2', '--where', longWhere(20_000)]);
    assert.equal(all.code, 0, all.err);
    const d = JSON.parse(all.out) as Report;
    assert.equal(d.findings.find((f) => f.signatureId === 'image-pull-failure')?.count, 30);
    const sent = front.seen.slice(seen);
    assert.equal(sent.filter((q) => q.maxQuerySize !== undefined).length, 1, 'one refused attempt');
    const parts = sent.filter((q) => q.maxQuerySize === undefined);
    assert.ok(parts.length >= 2 && parts.every((q) => Buffer.byteLength(q.query) < 262_144), parts.map((q) => Buffer.byteLength(q.query)).join(', '));
    const said = d.inputs[0].notices.map((n) => n.message).join('\n');
    assert.match(said, new RegExp(`sent as ${parts.length} queries .*readonly = 1`));
    // Cut: a union over queries is not counted, and the notice says so rather than a wrong number.
    const cut = await run(['--store-limit', '12', '--store-context', '2', '--where', longWhere(20_000)]);
    assert.equal(cut.code, 0, cut.err);
    assert.match(cut.err, /: more candidate lines than that, 12 fetched/);
  });
});
