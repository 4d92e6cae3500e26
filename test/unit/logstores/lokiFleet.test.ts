/**
 * `fleet --loki`: the example incidents and a small generated fleet (several nodes' journals and pod
 * logs, labelled as promtail and Alloy label them) as streams of a loopback Loki that evaluates every
 * query it receives over Grafana's LogQL parse tree (lokiFake.ts, logqlEval.ts). The counts per
 * (signature, group) must be those of a local scan of the same lines with the RE2 patterns
 * `fleet --clickhouse` counts with (fleet.test.ts proves chDB gives those), and those of the engine's own
 * literal prefilter; every signature a local `diagnose` of one node finds must be in that node's row;
 * the drill-down must read exactly that node's candidate lines.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Catalogue,
  lokiDrillQuery,
  lokiFleetQueries,
  lokiGroupLabels,
  pushdownFilter,
  signaturePatterns,
  signaturesTemplate,
  LOKI_GROUP_LABELS,
  type FleetGroup,
} from '../../../src/core';
import { builtinCatalogueDir, catalogueFiles } from '../../../src/node/loadCatalogue';
import { cli } from '../cli/runCli';
import { assertLocalFindingsCounted, bundleFiles, countsOf, EXAMPLES, generateNodeLog, linesOf, sorted, type FleetJson } from './fleetFixture';
import { shippedCatalogue } from '../shippedCatalogue';
import { LokiFake, logqlParses, type FakeStream } from './lokiFake';
import { goTemplate } from './logqlEval';
import { withRe2 } from './re2Cache';
import { localCandidates } from './pushdownMeaning';

const ROOT = join(__dirname, '..', '..', '..');
const BASE = BigInt(Date.parse('2026-11-22T08:00:00Z')) * 1_000_000n;
const NOW = new Date('2026-11-22T10:00:00Z');
const NOW_NS = BigInt(NOW.getTime()) * 1_000_000n;
const catalogue = shippedCatalogue();
const fp = signaturePatterns(catalogue);

/** A loaded line, its stream's labels and whether it lies in the 3 h window before NOW. */
interface Loaded {
  body: string;
  labels: Record<string, string>;
  inWindow: boolean;
}

/** The group of a line as fleet defines it: the first of the labels set. */
const groupOf = (labels: Record<string, string>, by: readonly string[]): string => by.map((l) => labels[l] ?? '').find((v) => v !== '') ?? '';

describe('fleet --loki (a loopback Loki that evaluates the LogQL it receives)', function () {
  this.timeout(240_000);
  let loki: LokiFake;
  let tmp: string;
  const loaded: Loaded[] = [];
  const streams: FakeStream[] = [];
  const nodeFiles = new Map<string, string[]>();
  const hostile = 'it\'s "odd"\\ {{ end }}`\u0007';

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'pml-lokifleet-'));
    const add = (lines: readonly string[], labels: Record<string, string>, at = BASE): void => {
      streams.push({ labels, entries: lines.map((l, i) => [at + BigInt(i) * 1000n, l]) });
      const inWindow = at >= NOW_NS - 3n * 3600n * 1_000_000_000n && at < NOW_NS;
      for (const body of lines) loaded.push({ body, labels, inWindow });
    };
    // The example incidents: each bundle a host's journal as promtail's journal example labels it
    // (hostname only), one stream per file; a namespace and pod as the promtail chart sets them.
    for (const b of readdirSync(EXAMPLES).filter((x) => statSync(join(EXAMPLES, x)).isDirectory())) {
      for (const f of bundleFiles(b)) {
        const file = join(EXAMPLES, b, f);
        add(linesOf(file), { cluster: 'prod', job: 'incidents', hostname: b, pod: `${b}-${f}`, namespace: 'incidents', service_name: 'journal' });
        nodeFiles.set(b, [...(nodeFiles.get(b) ?? []), file]);
      }
    }
    // A generated fleet: four nodes' kubelet/containerd logs as pod logs of the promtail chart (node_name),
    // the k8s-monitoring journal's instance label on a node too (it must not win over node_name).
    for (let n = 1; n <= 4; n++) {
      const file = join(tmp, `node-${n}.log`);
      const generated = generateNodeLog(file, n, 0.1);
      add(generated, {
        cluster: 'prod',
        job: 'systemd-journal',
        node_name: `worker-${n}`,
        instance: `ip-10-0-0-${n}`,
        namespace: 'fleet',
        service_name: n % 2 ? 'kubelet' : 'containerd',
      });
      nodeFiles.set(`worker-${n}`, [file]);
    }
    const oom = catalogue
      .get('oom-killed')!
      .signature.examples.match.map((e) => e.text)
      .filter((t) => !t.includes('\n'));
    // worker-2 also has a journal stream that names it by hostname only: one node, two labels.
    add(oom, { cluster: 'prod', job: 'systemd-journal', hostname: 'worker-2', service_name: 'kubelet' });
    // A hostile node name (quotes, backslash, template braces, backtick, a control character).
    add(oom, { cluster: 'prod', job: 'systemd-journal', node_name: hostile, service_name: 'kubelet' });
    // A stream without any node label: the group "".
    add(oom, { cluster: 'prod', job: 'orphan' });
    // Outside the window (never counted), and another cluster (not selected).
    add(oom, { cluster: 'prod', job: 'systemd-journal', node_name: 'worker-1' }, BASE - 5n * 3600n * 1_000_000_000n);
    streams.push({ labels: { cluster: 'staging', node_name: 'worker-1' }, entries: oom.map((l, i) => [BASE + BigInt(i), l]) });
    loki = await new LokiFake(streams).start();
  });
  after(async () => {
    await loki.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const window = (): Loaded[] => loaded.filter((l) => l.inWindow);

  /** Per signature, which loaded lines its RE2 pattern matches (re2-wasm, each regex compiled once and freed). */
  let hits: Map<string, Uint8Array> | undefined;
  const re2Hits = (): Map<string, Uint8Array> => {
    hits ??= new Map(fp.patterns.map((p) => [p.id, withRe2(p.re2, (r) => Uint8Array.from(loaded, (l) => (r.test(l.body) ? 1 : 0)))]));
    return hits;
  };

  function localCounts(by: readonly string[], test: (id: string, body: string, index: number) => boolean): Map<string, Map<string, number>> {
    const out = new Map<string, Map<string, number>>();
    for (const p of fp.patterns) {
      for (const [i, l] of loaded.entries()) {
        if (!l.inWindow || !test(p.id, l.body, i)) continue;
        let m = out.get(p.id);
        if (!m) out.set(p.id, (m = new Map()));
        const g = groupOf(l.labels, by);
        m.set(g, (m.get(g) ?? 0) + 1);
      }
    }
    return out;
  }

  // Runs are kept by their arguments: the fake evaluates every query in JavaScript, seconds a run.
  const runs = new Map<string, Promise<{ code: number; out: string; err: string }>>();
  const fleetRun = (args: string[], fresh = false): Promise<{ code: number; out: string; err: string }> => {
    if (!args.includes('--by')) args = [...args, '--by', 'node'];
    const key = JSON.stringify(args);
    if (fresh || !runs.has(key)) runs.set(key, cli(['fleet', '--loki', loki.url, '--query', '{cluster="prod"}', '--since', '3h', ...args], { now: NOW }));
    return runs.get(key)!;
  };
  const runFleet = async (...extra: string[]): Promise<FleetJson> => runFleetAgain(false, ...extra);
  const runFleetAgain = async (fresh: boolean, ...extra: string[]): Promise<FleetJson> => {
    const r = await fleetRun(['--format', 'json', ...extra], fresh);
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out) as FleetJson;
  };

  it('every example of every signature is named by the signatures template (Go template semantics, as the fake evaluates it)', () => {
    const missed: string[] = [];
    for (const p of fp.patterns) {
      const t = goTemplate(signaturesTemplate([p]));
      for (const e of catalogue.get(p.id)!.signature.examples.match) if (!t(e.text).split(' ').includes(p.id)) missed.push(`${p.id}: ${e.text.slice(0, 100)}`);
    }
    assert.deepEqual(missed, []);
    // And a line holding no literal names nothing (the template can say no).
    const all = goTemplate(signaturesTemplate(fp.patterns.slice(0, 20)));
    assert.equal(all('zzzz qqqq'), '');
  });

  for (const by of ['node', 'pod', 'namespace', 'service', 'job'] as const) {
    it(`--by ${by}: Loki's counts equal a local scan of the same lines with the same RE2 patterns`, async () => {
      const before = loki.requests.length;
      const j = await runFleetAgain(true, '--by', by);
      const labels = lokiGroupLabels(by);
      assert.deepEqual(j.groupKey, labels);
      const local = localCounts(labels, (id, _body, i) => re2Hits().get(id)![i] === 1);
      assert.ok(local.size > 20, `${local.size} signatures with candidates`);
      assert.deepEqual(sorted(countsOf(j)), sorted(local));
      const lines = new Map<string, number>();
      for (const l of window()) lines.set(groupOf(l.labels, labels), (lines.get(groupOf(l.labels, labels)) ?? 0) + 1);
      assert.deepEqual(j.groups.map((g) => [g.group, g.lines]).sort(), [...lines.entries()].sort());
      // Instant queries at the window's last nanosecond over its length; every one parsed by Grafana's grammar.
      const sent = loki.requests.slice(before);
      assert.equal(sent.length, j.queries);
      for (const q of sent) {
        assert.equal(q.path, '/loki/api/v1/query');
        assert.equal(q.time, NOW_NS - 1n);
        assert.match(q.query, /\[10800s\]\)\)$/);
        assert.ok(logqlParses(q.query), q.query.slice(0, 200));
      }
    });
  }

  it("the counts are the engine's own literal prefilter's, wrapped lines included", async () => {
    // As fleet.test.ts says for ClickHouse: the store's regex reads through quotes and escapes as the prefilter does.
    const j = await runFleet();
    const prefilter = localCounts(LOKI_GROUP_LABELS.node, (id, body) =>
      [...catalogue.prefilter.find(body)].some((lit) => catalogue.literalSteps[lit].some((r) => catalogue.signatures[r.sig].signature.id === id)),
    );
    assert.ok([...prefilter.values()].some((groups) => groups.size > 0));
    assert.deepEqual(sorted(countsOf(j)), sorted(prefilter));
  });

  it('the window is [since, until): a line at since is counted, one at until is not', async () => {
    const since = NOW_NS - 3600n * 1_000_000_000n;
    const line = catalogue.get('oom-killed')!.signature.examples.match[0].text.split('\n')[0];
    const edge = await new LokiFake([
      {
        labels: { job: 'edge', node_name: 'n' },
        entries: [
          [since - 1n, line],
          [since, line],
          [NOW_NS - 1n, line],
          [NOW_NS, line],
        ],
      },
    ]).start();
    try {
      const r = await cli(['fleet', '--loki', edge.url, '--query', '{job="edge"}', '--since', '1h', '--format', 'json'], { now: NOW });
      assert.equal(r.code, 0, r.err);
      const j = JSON.parse(r.out) as FleetJson;
      assert.deepEqual(j.groups, [{ group: 'n', lines: 2 }]);
      assert.deepEqual(j.signatures.find((s) => s.id === 'oom-killed')?.groups, [{ group: 'n', lines: 2 }]);
    } finally {
      await edge.stop();
    }
  });

  it('ranks as the ClickHouse fleet does, and packs the catalogue into a few queries', async () => {
    const j = await runFleet();
    const sev = ['info', 'warning', 'error', 'critical'];
    for (let i = 1; i < j.signatures.length; i++) {
      const a = j.signatures[i - 1],
        b = j.signatures[i];
      assert.ok(sev.indexOf(a.severity) > sev.indexOf(b.severity) || (a.severity === b.severity && a.spread >= b.spread), `${a.id} before ${b.id}`);
    }
    assert.equal(j.signatures.length + j.quiet.length + j.uncounted.length, catalogue.signatures.length);
    const qs = lokiFleetQueries(fp.patterns, { query: '{cluster="prod"}', labels: LOKI_GROUP_LABELS.node, rangeSeconds: 10800 });
    // a few queries: at least 20 signatures to a query on average, however large the catalogue grows
    assert.ok(qs.length >= 2 && qs.length <= Math.ceil(catalogue.signatures.length / 20), `${qs.length} queries for ${catalogue.signatures.length} signatures`);
    for (const q of qs) assert.ok(q.logql.length <= 64 * 1024, `${q.logql.length} chars`);
    assert.equal(j.queries, qs.length + 1);
  });

  it("every signature a local diagnose of one node finds is in that node's row", async () => {
    await assertLocalFindingsCounted(countsOf(await runFleet()), nodeFiles, catalogue, NOW);
  });

  it("the drill-down reads exactly that node's candidate lines (two labels naming one node, a hostile name, no name)", async () => {
    const j = await runFleet();
    const text = await fleetRun([]);
    assert.equal(text.code, 0, text.err);
    assert.ok(text.out.includes(j.signatures[0].drillDown), "the text ends with the drill-down into the top row's first group");
    assert.ok(text.out.includes('^G'), 'a control character in a group name is shown, not sent');
    // The filter's candidates by its meaning (pushdownMeaning.ts; pushdown.test.ts checks RE2 selects exactly those).
    const inWindow = window();
    const isCandidate = new Set(
      localCandidates(
        pushdownFilter(catalogue),
        inWindow.map((l) => l.body),
      ).map((i) => inWindow[i]),
    );
    const queryOf = (cmd: string): string => /--query '((?:[^']|'\\'')*)'/.exec(cmd)![1].replace(/'\\''/g, "'");
    const drill = async (node: string, query: string): Promise<void> => {
      assert.ok(logqlParses(query), query);
      // Candidates alone: what the drill-down query selects (auto context would add the lines around some).
      const d = await cli(['diagnose', '--format', 'json', '--year', '2024', '--loki', loki.url, '--query', query, '--since', '3h', '--store-context', '0'], {
        now: NOW,
      });
      assert.equal(d.code, 0, d.err);
      const read = (JSON.parse(d.out) as { inputs: { lines: number }[] }).inputs.reduce((n, i) => n + i.lines, 0);
      const candidates = inWindow.filter((l) => groupOf(l.labels, LOKI_GROUP_LABELS.node) === node && isCandidate.has(l)).length;
      assert.ok(candidates > 0, JSON.stringify(node));
      assert.equal(read, candidates, JSON.stringify(node));
    };
    const originsOf = (node: string): Set<number> =>
      new Set(
        window()
          .filter((l) => groupOf(l.labels, LOKI_GROUP_LABELS.node) === node)
          .map((l) => LOKI_GROUP_LABELS.node.findIndex((k) => (l.labels[k] ?? '') !== '')),
      );
    for (const node of ['worker-2', 'worker-3', hostile, 'kubespray-cni-rerun', '']) {
      const fromRow = j.signatures.find((s) => s.groups[0].group === node)?.drillDown;
      const query = fromRow ? queryOf(fromRow) : lokiDrillQuery('{cluster="prod"}', LOKI_GROUP_LABELS.node, node, originsOf(node));
      if (fromRow) assert.equal(query, lokiDrillQuery('{cluster="prod"}', LOKI_GROUP_LABELS.node, node, originsOf(node)));
      if (node === 'worker-2')
        assert.match(
          query,
          /^\{cluster="prod"\} \| \(node_name="worker-2" or \(node_name="" and node="" and k8s_node_name="" and nodename="" and hostname="worker-2"\)\)$/,
        );
      if (node === 'worker-3') assert.equal(query, '{cluster="prod", node_name="worker-3"}');
      await drill(node, query);
    }
  });

  it('a selector holding braces and quotes in values keeps them; a query with a pipeline keeps it after the matchers', () => {
    const labels = LOKI_GROUP_LABELS.node;
    assert.equal(lokiDrillQuery('{app="a}b", x=`c"}`}', labels, 'n', new Set([0])), '{app="a}b", x=`c"}`, node_name="n"}');
    assert.equal(
      lokiDrillQuery('  {job="j"} |= "x"', labels, 'h', new Set([4])),
      '{job="j", node_name="", node="", k8s_node_name="", nodename="", hostname="h"} |= "x"',
    );
    assert.equal(lokiDrillQuery('{job="j"}', labels, '', new Set([-1])), `{job="j", ${labels.map((l) => `${l}=""`).join(', ')}}`);
    for (const q of ['{app="a}b", x=`c"}`, node_name="n"}', '{job="j", node_name="", hostname="h"} |= "x"']) assert.ok(logqlParses(q), q);
  });

  it('more series than max_query_series: the query is cut in two until each fits, same counts; one signature over it is a clear error', async () => {
    // The example incidents alone, few lines to scan. Grouped by job they are one group, so a signature
    // query answers a series per distinct set of signatures its lines match: more than the groups
    // whenever two such sets share a query, whatever way the catalogue is packed into queries (per pod,
    // every query could stay within the 25 pods, and then no limit that the lines per pod fit cuts any).
    const run = async (): Promise<FleetJson> => {
      const r = await cli(['fleet', '--loki', loki.url, '--query', '{job="incidents"}', '--since', '3h', '--format', 'json', '--by', 'job'], { now: NOW });
      assert.equal(r.code, 0, r.err);
      return JSON.parse(r.out) as FleetJson;
    };
    const whole = await run();
    // As many series as groups: the lines per group fit, and so does one signature's count per group.
    loki.maxSeries = whole.groups.length;
    try {
      const cut = await run();
      assert.deepEqual(sorted(countsOf(cut)), sorted(countsOf(whole)));
      assert.ok(cut.queries > whole.queries, `${cut.queries} queries, ${whole.queries} without the limit`);
      loki.maxSeries = 1;
      const r = await cli(['fleet', '--loki', loki.url, '--query', '{job="incidents"}', '--since', '3h', '--by', 'pod'], { now: NOW });
      assert.equal(r.code, 2);
      assert.match(r.err, /maximum number of series \(1\) reached.*max_query_series: narrow --query, --by a coarser group, or raise max_query_series/);
      assert.doesNotMatch(r.err, /\n\s+at /);
    } finally {
      loki.maxSeries = 500;
    }
  });

  it('a user signature with literals that are LogQL, RE2 and Go-template syntax is counted like any other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pml-lokifleet-cat-'));
    const weird = await new LokiFake([
      {
        labels: { job: 'w', node_name: 'n1' },
        entries: [
          [BASE, 'ERROR tpl {{ end }} "quoted" back\\slash `tick` $l | (x) failed'],
          [BASE + 1n, 'ERROR TPL {{ END }}  "QUOTED"\tBACK\\SLASH `tick` $l | (X) FAILED'],
          [BASE + 2n, 'ERROR tpl {{ end }} "quoted" backslash `tick` $l | (x) failed'],
        ],
      },
    ]).start();
    try {
      const fixture = readFileSync(join(ROOT, 'test', 'fixtures', 'patterns-user', 'custom-app-deadlock.yaml'), 'utf8');
      // One quoted literal holding template braces, a backslash, a backtick, a $ variable and RE2 syntax.
      const text = 'tpl {{ end }} "quoted" back\\slash `tick` $l | (x) failed';
      writeFileSync(
        join(dir, 'weird-literal.yaml'),
        fixture
          .replace(/^id: .*$/m, 'id: weird-literal')
          .replace(/^match:\n(?: {2}- .*\n)+/m, `match:\n  - ${JSON.stringify(`i"${text.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`)}\n`)
          .replace(/^examples:\n[\s\S]*$/m, `examples:\n  match:\n    - ${JSON.stringify(`ERROR ${text}`)}\n  noMatch:\n    - 'INFO fine'\n`),
      );
      const c = new Catalogue([...catalogueFiles(builtinCatalogueDir(), true), ...catalogueFiles(dir, false)]);
      assert.ok(c.get('weird-literal'), c.problems.map((p) => p.message).join('\n'));
      const r = await cli(['fleet', '--loki', weird.url, '--query', '{job="w"}', '--since', '3h', '--catalogue', dir, '--format', 'json'], { now: NOW });
      assert.equal(r.code, 0, r.err);
      const row = (JSON.parse(r.out) as FleetJson).signatures.find((s) => s.id === 'weird-literal');
      // The literal is cut at the characters an encoder may escape (the quote, the backslash) and its rarest
      // piece kept, as the engine's prefilter does: the third line, without the backslash, is a candidate
      // too (diagnose verifies it).
      assert.deepEqual(row?.groups, [{ group: 'n1', lines: 3 }]);
    } finally {
      await weird.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends the tenant and the token, and never prints them; progress on a terminal', async () => {
    loki.require = { 'x-scope-orgid': 'team-a', authorization: 'Bearer t0ken-s3cret' };
    try {
      const ok = await cli(['fleet', '--loki', loki.url, '--query', '{job="orphan"}', '--org-id', 'team-a', '--since', '3h'], {
        now: NOW,
        env: { LOKI_BEARER_TOKEN: 't0ken-s3cret' },
        stderrIsTTY: true,
      });
      assert.equal(ok.code, 0, ok.err);
      assert.match(ok.err, /counting candidate lines per node \(\d+ of \d+ queries\)/);
      assert.match(ok.out, /--org-id team-a/);
      const refused = await cli(['fleet', '--loki', loki.url.replace('//', '//admin:pa55w0rd@'), '--query', '{cluster="prod"}', '--org-id', 'team-a'], {
        now: NOW,
      });
      assert.equal(refused.code, 2);
      assert.match(refused.err, /HTTP 401.*\(the credentials were refused: check them\)/);
      assert.equal(loki.requests[loki.requests.length - 1].headers.authorization, `Basic ${Buffer.from('admin:pa55w0rd').toString('base64')}`);
      assert.ok(!/t0ken|pa55w0rd|YWRtaW4/.test(ok.out + ok.err + refused.out + refused.err), refused.err);
    } finally {
      loki.require = {};
    }
  });

  for (const [failure, expected] of [
    [{ status: 429, body: 'too many outstanding requests' }, /HTTP 429.*try again later/],
    [
      { status: 400, body: 'the query time range exceeds the limit (query length: 744h0m0s, limit: 721h0m0s)' },
      /query time range exceeds the limit.*narrow --since\/--until/,
    ],
    [
      { status: 400, body: JSON.stringify({ status: 'error', errorType: 'bad_data', error: "pipeline error: 'JSONParserErr' for series" }) },
      /pipeline error: 'JSONParserErr'.*add \| __error__="" to --query/,
    ],
    [{ status: 504, body: 'Gateway Timeout' }, /HTTP 504.*raise --store-timeout/],
    [
      { status: 200, body: JSON.stringify({ status: 'success', data: { resultType: 'streams', result: [] } }) },
      /a streams answer to an instant metric query, not a vector/,
    ],
  ] as const) {
    it(`${failure.status} ${failure.body.slice(0, 30)}: a clear message, exit 2, no stack`, async () => {
      loki.failure = failure;
      try {
        const r = await cli(['fleet', '--loki', loki.url, '--query', '{cluster="prod"}'], { now: NOW });
        assert.equal(r.code, 2);
        assert.match(r.err, expected);
        assert.doesNotMatch(r.err, /\n\s+at /);
      } finally {
        loki.failure = undefined;
      }
    });
  }

  it('no answer in time, nothing listening, bad options: clear messages', async () => {
    loki.failure = 'stall';
    try {
      const slow = await cli(['fleet', '--loki', loki.url, '--query', '{cluster="prod"}', '--store-timeout', '1'], { now: NOW });
      assert.equal(slow.code, 2);
      assert.match(slow.err, /no answer in time/);
    } finally {
      loki.failure = undefined;
    }
    const closed = await new LokiFake([]).start();
    await closed.stop();
    const down = await cli(['fleet', '--loki', closed.url, '--query', '{job="x"}'], { now: NOW });
    assert.match(down.err, /cannot connect \(ECONNREFUSED\)/);
    const cases: [string[], RegExp][] = [
      [['fleet', '--loki', loki.url], /--loki needs --query/],
      [['fleet', '--query', '{job="x"}'], /fleet needs a log store/],
      [['fleet', '--clickhouse', 'http://127.0.0.1:9', '--query', '{job="x"}'], /--query needs --loki/],
      [['fleet', '--loki', loki.url, '--query', '{job="x"}', '--where', 'x'], /--where needs --clickhouse/],
      [['fleet', '--loki', loki.url, '--clickhouse', 'http://127.0.0.1:9', '--query', '{job="x"}'], /cannot be used with/],
      [['fleet', '--clickhouse', 'http://127.0.0.1:9', '--by', 'node_name'], /with --clickhouse, --by is one of node, pod, namespace, service/],
      [['fleet', '--loki', loki.url, '--query', '{job="x"}', '--by', 'k8s.node.name'], /--by.*a Loki label name/],
      [['fleet', '--loki', loki.url, '--query', '{job="x"}', '--by', 'pml_signatures'], /fleet writes its counts into it/],
      [['fleet', '--loki', loki.url, '--query', 'rate({job="x"}[5m])'], /--query needs a LogQL log query starting with a stream selector/],
      [['fleet', '--loki', loki.url, '--query', '{job=~".*"}'], /at least one regexp or equality matcher/],
    ];
    for (const [args, re] of cases) {
      const r = await cli(args, { now: NOW });
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, re, args.join(' '));
      assert.doesNotMatch(r.err, /\n\s+at /);
    }
  });

  it("--by: the groups' labels, a raw label name, and refusals", () => {
    for (const g of ['node', 'pod', 'namespace', 'service'] as const satisfies readonly FleetGroup[])
      assert.deepEqual(lokiGroupLabels(g), LOKI_GROUP_LABELS[g]);
    assert.deepEqual(lokiGroupLabels('unit'), ['unit']);
    for (const bad of ['', '9x', 'a-b', '__name__', 'pml_signatures']) assert.throws(() => lokiGroupLabels(bad), /--by/);
  });

  it('--help names the Loki options and the labels of each group', async () => {
    const h = await cli(['fleet', '--help']);
    assert.equal(h.code, 0);
    for (const o of ['--loki', '--query', '--org-id', '--store-concurrency', '--by', 'node_name', 'k8s_node_name', 'service_name', 'max_query_series'])
      assert.ok(h.out.includes(o), o);
  });
});
