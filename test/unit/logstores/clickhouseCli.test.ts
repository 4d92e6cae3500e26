/**
 * `diagnose --clickhouse`: the example incidents in a chDB table of the OpenTelemetry exporter's shape,
 * read through the official client over HTTP (a loopback front runs the received SQL on chDB), give
 * the findings, root causes and unknown errors of a local `diagnose` of the same files.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../cli/runCli';
import { ChdbLogs, type OtelRow } from './chdbTable';
import { ChdbHttp } from './chdbHttp';

const ROOT = join(__dirname, '..', '..', '..');
const EXAMPLES = join(ROOT, 'examples');
const BASE = Date.parse('2026-11-22T08:00:00Z');
const NOW = new Date('2026-11-22T10:00:00Z');

interface JsonOccurrence {
  text: string;
  captures: Record<string, string>;
  timestamp: string | null;
  kind: string;
}
interface JsonDiagnosis {
  findings: { signatureId: string; count: number; occurrences: JsonOccurrence[] }[];
  rootCauses: { signatureId: string; confidence: number }[];
  unknownErrors: { template: string; count: number }[];
  inputs: { name: string; lines: number; notices: { level: string; message: string }[] }[];
}

/** `file`'s lines as rows of one service, in file order (a microsecond apart). */
function rowsOf(file: string, service: string, host: string): OtelRow[] {
  const stamp = new Date(BASE)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '');
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((Body, i) => ({
    Timestamp: `${stamp}.${String(i * 1000).padStart(9, '0')}`,
    ServiceName: service,
    Body,
    ResourceAttributes: { 'host.name': host },
  }));
}

/** What must not depend on where the lines were read: findings with their occurrences, root causes, unknown errors. */
function essence(d: JsonDiagnosis): unknown {
  return {
    findings: d.findings
      .map((f) => ({
        id: f.signatureId,
        count: f.count,
        occ: f.occurrences.map((o) => [o.text, o.captures, o.timestamp, o.kind]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    rootCauses: d.rootCauses.map((r) => [r.signatureId, r.confidence]),
    unknown: d.unknownErrors.map((u) => [u.template, u.count]).sort(),
  };
}

function bundleFiles(b: string): string[] {
  return readdirSync(join(EXAMPLES, b))
    .sort()
    .filter((n) => !/^(README\.md|expected\.json)$/.test(n) && statSync(join(EXAMPLES, b, n)).isFile());
}

describe('diagnose --clickhouse (chDB behind the official client over HTTP)', function () {
  this.timeout(120_000);
  let db: ChdbLogs;
  let front: ChdbHttp;
  let tmp: string;
  let corpus: string;
  const bundles = readdirSync(EXAMPLES).filter((b) => statSync(join(EXAMPLES, b)).isDirectory());

  before(async () => {
    db = new ChdbLogs();
    const rows: OtelRow[] = [];
    for (const b of bundles) for (const f of bundleFiles(b)) rows.push(...rowsOf(join(EXAMPLES, b, f), `${b}/${f}`, b));
    // A larger generated log (mixed kinds, rare failures), where the pushdown leaves most lines on the server.
    tmp = mkdtempSync(join(tmpdir(), 'pml-ch-'));
    corpus = join(tmp, 'corpus.log');
    execFileSync(process.execPath, [join(ROOT, 'bench', 'generate.mjs'), '--size', '2', '--out', corpus, '--seed', '5', '--failure-rate', '0.002'], {
      stdio: 'pipe',
    });
    rows.push(...rowsOf(corpus, 'corpus', 'gen-1'));
    db.load(rows);
    front = await new ChdbHttp(db.session).start();
  });
  after(async () => {
    await front.stop();
    db.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  for (const b of ['conntrack-dns', 'dind-evicted-nodefs', 'helm-tiller-flaky-ci', 'konnectivity-dial-timeout', 'kubespray-cni-rerun']) {
    it(`${b}: the same diagnosis as a local run of its files`, async () => {
      const local = await cli(['diagnose', '--format', 'json', '--year', '2021', ...bundleFiles(b).map((f) => join(EXAMPLES, b, f))], { now: NOW });
      const remote = await cli(
        [
          'diagnose',
          '--format',
          'json',
          '--year',
          '2021',
          '--clickhouse',
          front.url,
          '--table',
          'otel_logs',
          '--where',
          `ServiceName LIKE '${b}/%'`,
          '--since',
          '3h',
        ],
        { now: NOW },
      );
      assert.equal(remote.code, 0, remote.err);
      const l = JSON.parse(local.out) as JsonDiagnosis;
      const r = JSON.parse(remote.out) as JsonDiagnosis;
      assert.ok(l.findings.length >= 2);
      assert.deepEqual(essence(r), essence(l));
      // One input per service and host, named by them.
      const names = r.inputs.map((i) => i.name);
      assert.ok(
        names.length >= 2 && names.every((n) => bundleFiles(b).some((f) => n === `clickhouse ${front.url} otel_logs service=${b}/${f} host=${b}`)),
        names.join('\n'),
      );
    });
  }

  it('a large log of one-line records, candidates only (--store-context 0): the same diagnosis, from a small part of its lines', async () => {
    const local = await cli(['diagnose', '--format', 'json', '--year', '2024', corpus], { now: NOW });
    const before = front.seen.length;
    const remote = await cli(
      [
        'diagnose',
        '--format',
        'json',
        '--year',
        '2024',
        '--clickhouse',
        front.url,
        '--where',
        "ServiceName = 'corpus'",
        '--since',
        '3h',
        '--store-context',
        '0',
      ],
      { now: NOW },
    );
    assert.equal(remote.code, 0, remote.err);
    const l = JSON.parse(local.out) as JsonDiagnosis;
    const r = JSON.parse(remote.out) as JsonDiagnosis;
    assert.ok(l.findings.length >= 5, `${l.findings.length} findings`);
    assert.deepEqual(essence(r), essence(l));
    const fetched = r.inputs.reduce((n, i) => n + i.lines, 0);
    assert.ok(fetched < l.inputs[0].lines / 2, `${fetched} of ${l.inputs[0].lines} lines fetched`);
    // The filter ran in ClickHouse: one query (the whole filter, under ClickHouse's default max_query_size
    // once the literals a shorter one implies are dropped), with the catalogue's literals in it.
    const sent = front.seen.slice(before);
    assert.equal(sent.length, 1, `${sent.length} queries`);
    for (const q of sent) assert.match(q.query, /match\(Body, '\(\?i\)/);
  });
});
