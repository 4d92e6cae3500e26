/**
 * The loopback ClickHouse front (chdbHttp.ts) that the log-store tests and the fleet benchmark talk to
 * with the official client: it streams results, gzips them when the client asks as ClickHouse does,
 * answers concurrent requests one after another, and counts what crossed the wire. And the fleet
 * benchmark's baseline puller (bench/fleetPull.mjs) against it: every row once, one file per source
 * however hostile the source's name, in the order `diagnose --clickhouse` gives its inputs.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { ChdbLogs, type OtelRow } from './chdbTable';
import { ChdbHttp } from './chdbHttp';

const ROOT = join(__dirname, '..', '..', '..');
/** Asynchronous: the front runs in this process, so a synchronous child would never get its answers. */
const run = promisify(execFile);

/** `n` rows of varied, poorly compressible text for `host`, a microsecond apart from `start`. */
function rowsFor(host: string, service: string, n: number, start: number): OtelRow[] {
  return Array.from({ length: n }, (_, i) => ({
    Timestamp: `2026-11-30 06:00:00.${String(start + i * 7).padStart(6, '0')}000`,
    ServiceName: service,
    Body: `I1130 06:00:00.${String(i).padStart(6, '0')} kubelet.go:${i % 3000}] "SyncLoop" pod="ns/web-${(i * 2654435761) % 100000}" host=${host} seq=${i}`,
    ResourceAttributes: { 'host.name': host, 'k8s.node.name': host },
  }));
}

describe("the chDB HTTP front (streaming, gzip, traffic) and the fleet bench's baseline puller", function () {
  this.timeout(120_000);
  let db: ChdbLogs;
  let front: ChdbHttp;
  let tmp: string;
  // Hostile host names: a path, spaces and quotes, non-ASCII, a name that sorts first, none at all.
  const hosts = ['node-a', '../../etc/passwd', 'it\'s a "node"', 'ünïcödé-node', ' leading space', ''];
  const rows = hosts.flatMap((h, k) => rowsFor(h, k % 2 ? 'containerd' : 'kubelet', 4000, k));

  before(async () => {
    db = new ChdbLogs();
    db.load(rows);
    front = await new ChdbHttp(db.session).start();
    tmp = mkdtempSync(join(tmpdir(), 'pml-front-'));
  });
  after(async () => {
    await front.stop();
    db.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const query = 'SELECT Body AS b FROM otel_logs ORDER BY Timestamp';

  for (const compressed of [true, false]) {
    it(`answers every row${compressed ? ', gzipped when asked' : ' uncompressed when not asked'}, and counts the bytes on the wire`, async () => {
      const client = createClient({ url: front.url, compression: { response: compressed, request: false } });
      try {
        const before = front.traffic();
        const got = await (await client.query({ query, format: 'JSONEachRow' })).json<{ b: string }>();
        const after = front.traffic();
        assert.deepEqual(
          got.map((r) => r.b),
          [...rows].sort((x, y) => x.Timestamp.localeCompare(y.Timestamp)).map((r) => r.Body),
        );
        assert.equal(after.rows - before.rows, rows.length);
        const result = after.resultBytes - before.resultBytes;
        const wire = after.bytesOut - before.bytesOut;
        assert.ok(result > rows.length * 60, `${result} result bytes`);
        // gzip at least halves this text; uncompressed, the wire carries the result and the headers.
        if (compressed) assert.ok(wire < result / 2, `${wire} on the wire for ${result}`);
        else assert.ok(wire > result && wire < result + 4096, `${wire} on the wire for ${result}`);
        assert.ok(after.bytesIn - before.bytesIn > query.length, 'the request is counted');
      } finally {
        await client.close();
      }
    });
  }

  it("answers requests sent at once one after another, each with its own rows; a bad query among them gets ClickHouse's error", async () => {
    // The client would log the refused query with its stack: the assertion below checks the error instead.
    const client = createClient({ url: front.url, compression: { response: true, request: false }, log: { level: ClickHouseLogLevel.OFF } });
    try {
      const one = (h: string): Promise<number> =>
        client
          .query({ query: "SELECT count() AS n FROM otel_logs WHERE ResourceAttributes['host.name'] = {h:String}", format: 'JSONEachRow', query_params: { h } })
          .then((r) => r.json<{ n: string }>())
          .then((r) => Number(r[0].n));
      const bad = client.query({ query: 'SELECT NoSuchColumn FROM otel_logs', format: 'JSONEachRow' }).then(
        () => 'answered',
        (e: Error & { code?: string }) => `${e.code}: ${e.message}`,
      );
      const [counts, err] = await Promise.all([Promise.all(hosts.map(one)), bad]);
      assert.deepEqual(
        counts,
        hosts.map(() => 4000),
      );
      assert.match(err, /^47: .*NoSuchColumn/);
    } finally {
      await client.close();
    }
  });

  it('a client that goes away mid-answer (crashed, cancelled) does not hold the next request', async () => {
    const big = createClient({ url: front.url, compression: { response: true, request: false }, log: { level: ClickHouseLogLevel.OFF } });
    const controller = new AbortController();
    const rs = await big.query({
      query: `SELECT Body AS b, toString(number) AS n FROM otel_logs AS l, numbers(200) AS k ORDER BY Timestamp, number`,
      format: 'JSONEachRow',
      abort_signal: controller.signal,
    });
    // Read a little of an answer of about 100 MB, then drop it.
    for await (const rows of rs.stream()) {
      if (rows.length > 0) break;
    }
    controller.abort();
    await big.close();
    const next = createClient({ url: front.url });
    try {
      const got = await (await next.query({ query: 'SELECT count() AS n FROM otel_logs', format: 'JSONEachRow' })).json<{ n: string }>();
      assert.equal(Number(got[0].n), rows.length);
    } finally {
      await next.close();
    }
  });

  it("the baseline puller: every row once, one file per source inside its folder, in the order of diagnose --clickhouse's inputs", async () => {
    const out = join(tmp, 'pulled');
    const since = String(BigInt(Date.UTC(2026, 10, 30, 5)) * 1_000_000n),
      until = String(BigInt(Date.UTC(2026, 10, 30, 7)) * 1_000_000n);
    const said = JSON.parse(
      (
        await run(process.execPath, [join(ROOT, 'bench', 'fleetPull.mjs'), '--url', front.url, '--since-ns', since, '--until-ns', until, '--out', out], {
          encoding: 'utf8',
        })
      ).stdout,
    ) as { rows: number; files: number };
    assert.equal(said.rows, rows.length);
    const files = readdirSync(out).sort();
    assert.equal(files.length, hosts.length);
    assert.equal(said.files, hosts.length);
    // storeInputs orders its inputs by the source's name, `service=S host=H`; the files sort the same way.
    const sources = hosts.map((h, k) => `service=${k % 2 ? 'containerd' : 'kubelet'}${h ? ` host=${h}` : ''}`);
    const order = [...sources].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [i, f] of files.entries()) {
      assert.match(f, /^\d{6}-[\w.=-]+\.log$/, 'a plain file name');
      const k = sources.indexOf(order[i]);
      const lines = readFileSync(join(out, f), 'utf8').split('\n');
      assert.equal(lines.pop(), '');
      assert.deepEqual(
        lines,
        rows.filter((r) => r.ResourceAttributes?.['host.name'] === hosts[k]).map((r) => r.Body),
        f,
      );
    }
  });

  it('the baseline puller: a refused query is an error naming it, exit 1, no stack', async () => {
    let failed: { code: number; stderr: string } | undefined;
    try {
      await run(
        process.execPath,
        [
          join(ROOT, 'bench', 'fleetPull.mjs'),
          '--url',
          front.url,
          '--since-ns',
          '0',
          '--until-ns',
          '1',
          '--out',
          join(tmp, 'x'),
          '--where',
          'NoSuchColumn = 1',
        ],
        { encoding: 'utf8' },
      );
    } catch (e) {
      failed = e as { code: number; stderr: string };
    }
    assert.equal(failed?.code, 1);
    assert.match(failed!.stderr, /^fleetPull\.mjs: .*NoSuchColumn/);
    assert.doesNotMatch(failed!.stderr, /\n\s+at /);
  });
});
