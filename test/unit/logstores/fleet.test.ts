/**
 * `fleet --clickhouse`: the example incidents and a small generated fleet (several nodes' journals) in
 * a chDB table of the OpenTelemetry exporter's shape, counted through the official client over HTTP
 * (a loopback front runs the received SQL on chDB). The store's counts per (signature, group) must be
 * those of a local scan of the same lines with the same RE2 patterns, and of the engine's own literal
 * prefilter; every signature a local `diagnose` of one node finds must be in that node's row.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Catalogue, fleetQueries, pushdownFilter, signaturePatterns, type FleetGroup } from '../../../src/core';
import { localCandidates } from './pushdownMeaning';
import { builtinCatalogueDir, catalogueFiles } from '../../../src/node/loadCatalogue';
import { drillDown } from '../../../src/cli/fleetCommand';
import { cli } from '../cli/runCli';
import { assertLocalFindingsCounted, bundleFiles, countsOf, EXAMPLES, generateNodeLog, linesOf, sorted, type FleetJson } from './fleetFixture';
import { shippedCatalogue } from '../shippedCatalogue';
import { ChdbLogs, type OtelRow } from './chdbTable';
import { ChdbHttp } from './chdbHttp';
import { withRe2 } from './re2Cache';

const ROOT = join(__dirname, '..', '..', '..');
const BASE = Date.parse('2026-11-22T08:00:00Z');
const NOW = new Date('2026-11-22T10:00:00Z');
const catalogue = shippedCatalogue();
const fp = signaturePatterns(catalogue);

/** A loaded line and the groups it belongs to. */
interface Loaded {
  body: string;
  node: string;
  pod: string;
  namespace: string;
  service: string;
}

function stampOf(ms: number, i: number): string {
  return `${new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '')}.${String(i * 1000).padStart(9, '0')}`;
}

/** The same, computed locally over `lines` with `test` deciding whether a line is a candidate of a signature. */
function localCounts(lines: readonly Loaded[], by: keyof Loaded, test: (id: string, body: string, index: number) => boolean): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const p of fp.patterns) {
    for (const [i, l] of lines.entries()) {
      if (!test(p.id, l.body, i)) continue;
      let m = out.get(p.id);
      if (!m) out.set(p.id, (m = new Map()));
      m.set(l[by], (m.get(l[by]) ?? 0) + 1);
    }
  }
  return out;
}

describe('fleet --clickhouse (chDB behind the official client over HTTP)', function () {
  this.timeout(180_000);
  let db: ChdbLogs;
  let front: ChdbHttp;
  let tmp: string;
  const loaded: Loaded[] = [];
  const nodeFiles = new Map<string, string[]>();
  const bundles = readdirSync(EXAMPLES).filter((b) => statSync(join(EXAMPLES, b)).isDirectory());

  before(async () => {
    db = new ChdbLogs();
    tmp = mkdtempSync(join(tmpdir(), 'pml-fleet-'));
    const rows: OtelRow[] = [];
    const add = (lines: readonly string[], attrs: Record<string, string>, service: string, l: Omit<Loaded, 'body'>, at = BASE): void => {
      lines.forEach((Body, i) => rows.push({ Timestamp: stampOf(at, i), ServiceName: service, Body, ResourceAttributes: attrs }));
      if (at === BASE) for (const body of lines) loaded.push({ body, ...l });
    };
    // The example incidents: each bundle a node known by host.name only (a host's journal), one pod per file.
    for (const b of bundles) {
      for (const f of bundleFiles(b)) {
        const file = join(EXAMPLES, b, f);
        add(linesOf(file), { 'host.name': b, 'k8s.pod.name': `${b}-${f}`, 'k8s.namespace.name': 'incidents' }, 'journal', {
          node: b,
          pod: `${b}-${f}`,
          namespace: 'incidents',
          service: 'journal',
        });
        nodeFiles.set(b, [...(nodeFiles.get(b) ?? []), file]);
      }
    }
    // A generated fleet: four nodes' journals (k8s.node.name set; host.name a different name it must not be grouped by).
    for (let n = 1; n <= 4; n++) {
      const file = join(tmp, `node-${n}.log`);
      const generated = generateNodeLog(file, n, 0.15);
      const node = `worker-${n}`;
      add(generated, { 'k8s.node.name': node, 'host.name': `ip-10-0-0-${n}`, 'k8s.namespace.name': 'fleet' }, n % 2 ? 'kubelet' : 'containerd', {
        node,
        pod: '',
        namespace: 'fleet',
        service: n % 2 ? 'kubelet' : 'containerd',
      });
      nodeFiles.set(node, [file]);
    }
    // Hostile group names: quotes, a backslash, a control character; lines outside the window, never counted.
    const oom = catalogue.get('oom-killed')!;
    const hostileLines = oom.signature.examples.match.map((e) => e.text).filter((t) => !t.includes('\n'));
    add(hostileLines, { 'k8s.node.name': 'it\'s "odd"\\\u0007' }, 'kubelet', { node: 'it\'s "odd"\\\u0007', pod: '', namespace: '', service: 'kubelet' });
    add(hostileLines, { 'k8s.node.name': 'worker-1' }, 'kubelet', { node: 'worker-1', pod: '', namespace: '', service: 'kubelet' }, BASE - 5 * 3600_000);
    db.load(rows);
    front = await new ChdbHttp(db.session).start();
  });
  after(async () => {
    await front.stop();
    db.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  /** Per signature, which loaded lines its RE2 pattern matches (re2-wasm, each regex compiled once and freed). */
  let hits: Map<string, Uint8Array> | undefined;
  const re2Hits = (): Map<string, Uint8Array> => {
    hits ??= new Map(fp.patterns.map((p) => [p.id, withRe2(p.re2, (r) => Uint8Array.from(loaded, (l) => (r.test(l.body) ? 1 : 0)))]));
    return hits;
  };

  const runFleet = async (...extra: string[]): Promise<FleetJson> => {
    const r = await cli(['fleet', '--clickhouse', front.url, '--since', '3h', '--format', 'json', ...extra], { now: NOW });
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out) as FleetJson;
  };

  it('every example of every signature matches its own RE2 pattern (re2-wasm), none is left uncounted in the shipped catalogue', () => {
    assert.deepEqual(
      fp.uncounted.filter((u) => !catalogue.get(u.id)?.signature.crossCheck),
      [],
    );
    const missed = fp.patterns.flatMap((p) =>
      withRe2(p.re2, (r) =>
        catalogue
          .get(p.id)!
          .signature.examples.match.filter((e) => !r.test(e.text))
          .map((e) => `${p.id}: ${e.text.slice(0, 100)}`),
      ),
    );
    assert.deepEqual(missed, []);
    assert.ok(fp.patterns.length > 150, `${fp.patterns.length} patterns`);
  });

  for (const by of ['node', 'pod', 'namespace', 'service'] as const satisfies readonly FleetGroup[]) {
    it(`--by ${by}: the store's counts equal a local scan of the same lines with the same RE2 patterns`, async () => {
      const j = await runFleet('--by', by);
      const local = localCounts(loaded, by, (id, _body, i) => re2Hits().get(id)![i] === 1);
      assert.ok(local.size > 20, `${local.size} signatures with candidates`);
      assert.deepEqual(sorted(countsOf(j)), sorted(local));
      // The groups are every group of the window with its line count (the out-of-window rows are not in it).
      const lines = new Map<string, number>();
      for (const l of loaded) lines.set(l[by], (lines.get(l[by]) ?? 0) + 1);
      assert.deepEqual(j.groups.map((g) => [g.group, g.lines]).sort(), [...lines.entries()].sort());
    });
  }

  it("the counts are the engine's own literal prefilter's, wrapped lines included", async () => {
    // The store's patterns read the raw text through the wrappings the prefilter reads through (a quote or
    // an escape between words is whitespace: pushdown.ts, re2Literal), so a line is a store candidate of a
    // signature exactly when the prefilter takes it for it, lines holding quotes and backslashes included.
    const j = await runFleet();
    const sigsOf = (body: string): Set<string> =>
      new Set([...catalogue.prefilter.find(body)].flatMap((id) => catalogue.literalSteps[id].map((r) => catalogue.signatures[r.sig].signature.id)));
    const cache = new Map<string, Set<string>>();
    const prefilter = (id: string, body: string): boolean => {
      let s = cache.get(body);
      if (!s) cache.set(body, (s = sigsOf(body)));
      return s.has(id);
    };
    const onlyPrefilter: string[] = [];
    let wrappedHits = 0;
    for (const [i, l] of loaded.entries()) {
      for (const p of fp.patterns) {
        const store = re2Hits().get(p.id)![i] === 1;
        if (store && /["\\]/.test(l.body)) wrappedHits++;
        if (store && !prefilter(p.id, l.body)) onlyPrefilter.push(`the store, not the prefilter: ${p.id}: ${l.body.slice(0, 120)}`);
        if (!store && prefilter(p.id, l.body)) onlyPrefilter.push(`the prefilter, not the store: ${p.id}: ${l.body.slice(0, 120)}`);
      }
    }
    assert.ok(wrappedHits > 50, `${wrappedHits} candidate lines hold a quote or a backslash`);
    assert.deepEqual(onlyPrefilter, []);
    assert.deepEqual(sorted(countsOf(j)), sorted(localCounts(loaded, 'node', (id, _body, i) => re2Hits().get(id)![i] === 1)));
  });

  it('ranks by severity, then spread; a row holds only groups with candidates; the rest are quiet', async () => {
    const j = await runFleet();
    const sev = ['info', 'warning', 'error', 'critical'];
    for (let i = 1; i < j.signatures.length; i++) {
      const a = j.signatures[i - 1],
        b = j.signatures[i];
      assert.ok(sev.indexOf(a.severity) > sev.indexOf(b.severity) || (a.severity === b.severity && a.spread >= b.spread), `${a.id} before ${b.id}`);
    }
    for (const s of j.signatures) {
      assert.equal(s.spread, s.groups.length);
      assert.equal(
        s.total,
        s.groups.reduce((n, g) => n + g.lines, 0),
      );
      assert.ok(s.groups.every((g) => g.lines > 0));
    }
    assert.equal(j.signatures.length + j.quiet.length + j.uncounted.length, catalogue.signatures.length);
    // The shipped catalogue (230 signatures) fits three aggregation queries under the default size (plus the query of
    // the groups' line counts); it took two up to 216 signatures. Packing, not one query per signature, is what is checked.
    assert.ok(j.queries >= 2 && j.queries <= 4, `${j.queries} queries`);
  });

  it("every signature a local diagnose of one node finds is in that node's row", async () => {
    await assertLocalFindingsCounted(countsOf(await runFleet()), nodeFiles, catalogue, NOW);
  });

  it("the drill-down command reads exactly that node's lines (hostile node names included)", async () => {
    const j = await runFleet();
    const text = await cli(['fleet', '--clickhouse', front.url, '--since', '3h'], { now: NOW });
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /not verified occurrences/);
    assert.ok(text.out.includes(j.signatures[0].drillDown), "the text ends with the drill-down into the top row's first group");
    assert.ok(text.out.includes('^G'), 'a control character in a group name is shown, not sent');
    for (const s of j.signatures) assert.equal(s.drillDown, drillDown(front.url, { by: 'node' }, s.groups[0].group, 3 * 3600, NOW));
    const odd = loaded.find((l) => l.node.includes('odd'))!.node;
    // A user condition ending in a comment must not swallow the group's condition.
    const userWhere = "ServiceName = 'kubelet' -- the kubelet's journal";
    for (const [node, where] of [
      ['worker-2', undefined],
      [odd, undefined],
      ['kubespray-cni-rerun', undefined],
      ['worker-1', userWhere],
      ['worker-2', userWhere],
    ] as const) {
      const cmd = drillDown(front.url, { by: 'node', where }, node, 3 * 3600, NOW);
      const drilled = /--where '((?:[^']|'\\'')*)'/.exec(cmd)![1].replace(/'\\''/g, "'");
      const d = await cli(
        ['diagnose', '--format', 'json', '--year', '2024', '--clickhouse', front.url, '--where', drilled, '--since', '3h', '--store-context', '0'],
        { now: NOW },
      );
      assert.equal(d.code, 0, d.err);
      const read = (JSON.parse(d.out) as { inputs: { lines: number }[] }).inputs.reduce((n, i) => n + i.lines, 0);
      const mine = loaded.filter((l) => l.node === node && (!where || l.service === 'kubelet')).map((l) => l.body);
      const candidates = localCandidates(pushdownFilter(catalogue), mine).length;
      assert.ok(candidates > 0 || (where && node === 'worker-2'), node);
      assert.equal(read, candidates, node);
    }
    if (process.env.FLEET_SHOW) console.log(text.out);
  });

  it('--where narrows, --until moves the window (the out-of-window rows are counted when it covers them)', async () => {
    const narrowed = await runFleet('--where', "ServiceName = 'containerd'");
    assert.deepEqual(narrowed.groups.map((g) => g.group).sort(), ['worker-2', 'worker-4']);
    const early = await runFleet('--until', '2026-11-22T04:00:00Z', '--since', '2h');
    assert.deepEqual(
      early.groups.map((g) => g.group),
      ['worker-1'],
    );
    assert.ok(
      early.signatures.some((s) => s.id === 'oom-killed'),
      early.signatures.map((s) => s.id).join(),
    );
    assert.ok(early.signatures.every((s) => s.groups.length === 1 && s.groups[0].group === 'worker-1'));
    const empty = await cli(['fleet', '--clickhouse', front.url, '--until', '2020-01-01T00:00:00Z'], { now: NOW });
    assert.equal(empty.code, 0, empty.err);
    assert.match(empty.out, /No line in the window/);
  });

  it('a catalogue too large for one query is packed into several, each within the bound, with the same counts', () => {
    const spec = {
      key: "ResourceAttributes['k8s.node.name']",
      table: '`otel_logs`',
      where: 'Timestamp >= fromUnixTimestamp64Nano({since:Int64}) AND Timestamp < fromUnixTimestamp64Nano({until:Int64})',
    };
    const params = { since: String(BigInt(BASE - 3600_000) * 1_000_000n), until: String(BigInt(NOW.getTime()) * 1_000_000n) };
    const run = (maxQueryChars: number): Map<string, Map<string, number>> => {
      const qs = fleetQueries(fp.patterns, { ...spec, maxQueryChars, maxFilterChars: 4000 });
      if (maxQueryChars < 100_000) {
        assert.ok(qs.length > 5, `${qs.length} queries`);
        for (const q of qs) assert.ok(q.sql.length <= maxQueryChars || q.ids.length === 1, `${q.sql.length} chars`);
      }
      assert.deepEqual(
        qs.flatMap((q) => q.ids),
        fp.patterns.map((p) => p.id),
      );
      const out = new Map<string, Map<string, number>>();
      for (const q of qs) {
        const rows = db.session
          .queryBind(q.sql, params, 'JSONEachRow')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { g: string; n: string[] });
        for (const r of rows)
          r.n.forEach((v, i) => {
            if (Number(v) > 0) {
              const m = out.get(q.ids[i]) ?? new Map<string, number>();
              m.set(r.g, Number(v));
              out.set(q.ids[i], m);
            }
          });
      }
      return out;
    };
    // Under ClickHouse's default max_query_size (262,144 bytes), as the CLI packs them.
    const one = run(255_000);
    assert.ok(one.size > 20);
    assert.deepEqual(sorted(run(12_000)), sorted(one));
  });

  it('a user signature with a step no literal selects is reported as not counted, never counted on every line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pml-fleet-cat-'));
    try {
      const fixture = readFileSync(join(ROOT, 'test', 'fixtures', 'patterns-user', 'custom-app-deadlock.yaml'), 'utf8');
      writeFileSync(
        join(dir, 'any-number.yaml'),
        fixture.replace(/^id: .*$/m, 'id: any-number').replace(/^match:\n(?: {2}- .*\n)+/m, "match:\n  - '{number:n} retries'\n  - '{number:n}'\n"),
      );
      // A user literal with SQL and RE2 metacharacters: quoted, escaped, counted like any other.
      writeFileSync(join(dir, 'custom-app-deadlock.yaml'), fixture);
      const c = new Catalogue([...catalogueFiles(builtinCatalogueDir(), true), ...catalogueFiles(dir, false)]);
      assert.deepEqual(
        signaturePatterns(c)
          .uncounted.map((u) => u.id)
          .filter((id) => id === 'any-number'),
        ['any-number'],
      );
      const r = await cli(['fleet', '--clickhouse', front.url, '--since', '3h', '--catalogue', dir], { now: NOW });
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /Not counted[^\n]*\n(?:.*\n)*\s+any-number: a rule step has no literal text/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--help names every option and says what the counts are', async () => {
    const h = await cli(['fleet', '--help']);
    assert.equal(h.code, 0);
    for (const o of ['--clickhouse', '--table', '--where', '--by', '--since', '--until', '--format', '--catalogue', '--store-timeout'])
      assert.ok(h.out.includes(o), o);
    assert.match(h.out, /what to count per: node, pod, namespace or service/);
    assert.match(h.out, /not verified occurrences/);
    assert.match((await cli(['--help'])).out, /^ {2}fleet \[options\] +which signatures fire where/m);
  });

  it("errors: no store, a refused --where, an unreachable store, a bad table: exit 2 with the store's message, no stack", async () => {
    const none = await cli(['fleet'], { now: NOW });
    assert.equal(none.code, 2);
    assert.match(none.err, /fleet needs a log store: --clickhouse URL/);
    const bad = await cli(['fleet', '--clickhouse', front.url, '--where', 'NoSuchColumn = 1'], { now: NOW });
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^postmortem-lens: clickhouse .*UNKNOWN_IDENTIFIER.*\(is --where valid SQL for this table\?\)/m);
    const table = await cli(['fleet', '--clickhouse', front.url, '--table', 'x; drop'], { now: NOW });
    assert.equal(table.code, 2);
    assert.match(table.err, /--table needs a table name/);
    const down = await cli(['fleet', '--clickhouse', 'http://127.0.0.1:9', '--store-timeout', '5'], { now: NOW });
    assert.equal(down.code, 2);
    assert.match(down.err, /cannot connect|unreachable|check the URL/);
    for (const e of [none.err, bad.err, table.err, down.err]) assert.doesNotMatch(e, /\n\s+at /);
  });
});
