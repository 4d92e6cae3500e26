/**
 * `diagnose --loki`: the client against a loopback server that follows the documented query_range API
 * (every query it receives is parsed with Grafana's LogQL grammar, line filters run on RE2): the
 * diagnosis of a log read from it, paging over lines that share a nanosecond, limits, auth, failures.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pushdownFilter } from '../../../src/core';
import { LokiSource } from '../../../src/logstores/lokiSource';
import { cli } from '../cli/runCli';
import { LokiFake, logqlParses, type FakeStream } from './lokiFake';
import { shippedCatalogue } from '../shippedCatalogue';

const ROOT = join(__dirname, '..', '..', '..');
const NOW = new Date('2026-11-22T10:00:00Z');
const BASE = BigInt(Date.parse('2026-11-22T08:00:00Z')) * 1_000_000n;
const catalogue = shippedCatalogue();
const filter = pushdownFilter(catalogue);
const WINDOW = { sinceNs: BASE - 3_600_000_000_000n, untilNs: BASE + 3_600_000_000_000n };

interface Json {
  findings: { signatureId: string; count: number; occurrences: { text: string; captures: unknown; timestamp: string | null }[] }[];
  rootCauses: { signatureId: string; confidence: number }[];
  unknownErrors: { template: string; count: number }[];
  inputs: { name: string; lines: number; notices: { message: string }[] }[];
}
const essence = (d: Json): unknown => ({
  findings: d.findings.map((f) => [f.signatureId, f.count, f.occurrences.map((o) => JSON.stringify([o.text, o.captures, o.timestamp])).sort()]).sort(),
  rootCauses: d.rootCauses.map((r) => [r.signatureId, r.confidence]),
  unknown: d.unknownErrors.map((u) => [u.template, u.count]).sort(),
});

describe('diagnose --loki on the example incidents: consoles, describe output and journals, one stream per file', function () {
  this.timeout(300_000);
  const EXAMPLES = join(ROOT, 'examples');
  const bundles = readdirSync(EXAMPLES).filter((b) => statSync(join(EXAMPLES, b)).isDirectory());
  const files = (b: string): string[] =>
    readdirSync(join(EXAMPLES, b))
      .sort()
      .filter((n) => !/^(README\.md|expected\.json)$/.test(n) && statSync(join(EXAMPLES, b, n)).isFile());
  let fake: LokiFake;
  before(async () => {
    const streams: FakeStream[] = [];
    for (const b of bundles)
      for (const f of files(b)) {
        const lines = readFileSync(join(EXAMPLES, b, f), 'utf8').split('\n');
        if (lines[lines.length - 1] === '') lines.pop();
        streams.push({ labels: { bundle: b, file: f }, entries: lines.map((l, i): [bigint, string] => [BASE + BigInt(i) * 1000n, l]) });
      }
    fake = await new LokiFake(streams).start();
  });
  after(async () => fake.stop());

  for (const b of ['conntrack-dns', 'dind-evicted-nodefs', 'helm-tiller-flaky-ci', 'konnectivity-dial-timeout', 'kubespray-cni-rerun']) {
    it(`${b}: the diagnosis of a local run of its files, the lines around candidates read only where needed`, async () => {
      const local = await cli(['diagnose', '--format', 'json', '--year', '2021', ...files(b).map((f) => join(EXAMPLES, b, f))], { now: NOW });
      const before = fake.requests.length;
      const remote = await cli(['diagnose', '--format', 'json', '--year', '2021', '--loki', fake.url, '--query', `{bundle="${b}"}`, '--since', '3h'], {
        now: NOW,
      });
      assert.equal(remote.code, 0, remote.err);
      const l = JSON.parse(local.out) as Json;
      const r = JSON.parse(remote.out) as Json;
      assert.ok(l.findings.length >= 2);
      assert.deepEqual(essence(r), essence(l));
      const sent = fake.requests.slice(before);
      assert.ok(sent.every((q) => logqlParses(q.query)));
      // Candidates alone (--store-context 0) lose some of it: the context reads are what makes it whole.
      const alone = await cli(
        ['diagnose', '--format', 'json', '--year', '2021', '--loki', fake.url, '--query', `{bundle="${b}"}`, '--since', '3h', '--store-context', '0'],
        { now: NOW },
      );
      if (JSON.stringify(essence(JSON.parse(alone.out) as Json)) !== JSON.stringify(essence(l))) differAlone.push(b);
    });
  }
  const differAlone: string[] = [];
  it('candidates alone would have differed from the local run on most of these incidents', () => {
    assert.ok(differAlone.length >= 3, differAlone.join(', '));
  });
});

describe('diagnose --loki (a loopback server of the documented query_range API)', function () {
  this.timeout(120_000);
  let tmp: string;
  let corpus: string;
  let loki: LokiFake;
  let paging: LokiFake;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'pml-loki-'));
    corpus = join(tmp, 'corpus.log');
    execFileSync(process.execPath, [join(ROOT, 'bench', 'generate.mjs'), '--size', '1', '--out', corpus, '--seed', '9', '--failure-rate', '0.003'], {
      stdio: 'pipe',
    });
    const lines = readFileSync(corpus, 'utf8').split('\n');
    lines.pop();
    // Three lines a millisecond: pages end inside groups of equal timestamps.
    const entries: [bigint, string][] = lines.map((l, i) => [BASE + BigInt(Math.floor(i / 3)) * 1_000_000n, l]);
    loki = await new LokiFake([
      { labels: { job: 'gen', host: 'gen-1' }, entries },
      { labels: { job: 'other' }, entries: [[BASE, 'E1122 08:00:00.000000 1 x.go:1] failed to pull image "x": not found']] },
    ]).start();
    // For paging: the first 1,500 lines, in two streams.
    paging = await new LokiFake([
      { labels: { job: 'gen', host: 'a' }, entries: entries.slice(0, 1500).filter((_, i) => i % 2 === 0) },
      { labels: { job: 'gen', host: 'b' }, entries: entries.slice(0, 1500).filter((_, i) => i % 2 === 1) },
    ]).start();
  });
  after(async () => {
    await loki.stop();
    await paging.stop();
    rmSync(tmp, { recursive: true, force: true });
  });
  afterEach(() => {
    loki.failure = undefined;
    loki.require = {};
  });

  it("every generated query parses as LogQL (the user's pipeline kept), and the grammar check can fail", () => {
    const src = new LokiSource({
      url: 'http://loki:3100',
      query: '{namespace="ci", app=~"jenkins|agent"} | json | level != "debug"',
      limit: 10,
      timeoutMs: 1000,
    });
    const qs = src.queries(filter);
    assert.ok(qs.length >= 2);
    for (const q of qs) assert.ok(logqlParses(q), q.slice(0, 120));
    assert.ok(!logqlParses('{namespace="ci" |~ "x"'), 'the grammar check can fail');
  });

  it('the same diagnosis as a local run of the log, from a part of its lines, paged forward', async () => {
    const local = await cli(['diagnose', '--format', 'json', '--year', '2024', corpus], { now: NOW });
    const before = loki.requests.length;
    const remote = await cli(['diagnose', '--format', 'json', '--year', '2024', '--loki', loki.url, '--query', '{job="gen"}', '--since', '3h'], { now: NOW });
    assert.equal(remote.code, 0, remote.err);
    const l = JSON.parse(local.out) as Json;
    const r = JSON.parse(remote.out) as Json;
    assert.ok(l.findings.length >= 5);
    assert.deepEqual(essence(r), essence(l));
    assert.deepEqual(
      r.inputs.map((i) => i.name),
      [`loki ${loki.url} {host="gen-1", job="gen"}`],
    );
    assert.ok(r.inputs[0].lines < l.inputs[0].lines / 2, `${r.inputs[0].lines} of ${l.inputs[0].lines}`);
    const sent = loki.requests.slice(before);
    // The candidates: the filter's queries, paged forward over the window.
    const candidates = sent.filter((q) => q.query.startsWith('{job="gen"} |~ "(?i)'));
    assert.ok(candidates.length >= 1 && candidates.every((q) => q.direction === 'forward' && q.end === BigInt(NOW.getTime()) * 1_000_000n));
    // Then the lines around the candidates no line-oriented kind claims (consoles, describe output), in
    // their stream only: backward up to the candidate, forward from it; valid LogQL, far fewer than the candidates.
    const around = sent.filter((q) => !candidates.includes(q));
    assert.ok(around.length > 0, 'context reads');
    for (const q of around) {
      assert.equal(q.query, '{job="gen"} | host="gen-1" | job="gen"');
      assert.ok(logqlParses(q.query));
      assert.ok(q.direction === 'backward' || q.direction === 'forward');
    }
    assert.ok(around.length < r.inputs[0].lines / 5, `${around.length} context reads for ${r.inputs[0].lines} lines`);
  });

  it('postmortem --loki drafts from the store the title and action items a local run drafts', async () => {
    const local = await cli(['postmortem', '--year', '2024', corpus], { now: NOW });
    const remote = await cli(['postmortem', '--year', '2024', '--loki', loki.url, '--query', '{job="gen"}', '--since', '3h'], { now: NOW });
    assert.equal(remote.code, 0, remote.err);
    const title = (md: string): string | undefined => /^# Postmortem: .+$/m.exec(md)?.[0];
    const actions = (md: string): string[] => md.split('\n').filter((l) => /\| (prevent|mitigate|detect|process) \|/.test(l));
    assert.ok(title(local.out) && actions(local.out).length >= 3, local.out.slice(0, 400));
    assert.equal(title(remote.out), title(local.out));
    assert.deepEqual(actions(remote.out), actions(local.out));
    assert.match(remote.out, /loki http:\/\/127\.0\.0\.1:\d+ \{host="gen-1", job="gen"\}/);
  });

  for (const page of [1000, 7, 3]) {
    it(`paging by ${page}: every line once, whatever the page ends on`, async () => {
      const all = await new LokiSource({ url: paging.url, query: '{job="gen"}', limit: 1_000_000, timeoutMs: 5000 }).fetchCandidates(filter, WINDOW);
      const before = paging.requests.length;
      const paged = await new LokiSource({ url: paging.url, query: '{job="gen"}', limit: 1_000_000, timeoutMs: 5000, pageSize: page }).fetchCandidates(
        filter,
        WINDOW,
      );
      const text = (x: typeof all) => x.lines.map((e) => `${e.timeNs} ${e.source} ${e.line}`).sort();
      assert.deepEqual(text(paged), text(all));
      assert.ok(all.lines.length > 50, `${all.lines.length} lines`);
      if (page < 1000) assert.ok(paging.requests.length - before > all.lines.length / page, 'several pages');
      assert.deepEqual(paged.notices, []);
    });
  }

  it("more lines at one nanosecond than a page holds: that nanosecond read alone; beyond Loki's cap, said", async () => {
    const same: FakeStream = {
      labels: { job: 'burst' },
      entries: Array.from({ length: 5 }, (_, i) => [BASE, `error number ${i}`] as [bigint, string]).concat([[BASE + 1n, 'error after']]),
    };
    const fake = await new LokiFake([same]).start();
    try {
      const got = await new LokiSource({ url: fake.url, query: '{job="burst"}', limit: 100, timeoutMs: 5000, pageSize: 2 }).fetchCandidates(filter, WINDOW);
      assert.deepEqual(
        got.lines.map((l) => l.line),
        ['error number 0', 'error number 1', 'error number 2', 'error number 3', 'error number 4', 'error after'],
      );
      assert.deepEqual(got.notices, []);
      const many: FakeStream = { labels: { job: 'flood' }, entries: Array.from({ length: 5003 }, (_, i) => [BASE, `error ${i}`] as [bigint, string]) };
      const flood = await new LokiFake([many]).start();
      const cut = await new LokiSource({ url: flood.url, query: '{job="flood"}', limit: 100_000, timeoutMs: 5000, pageSize: 2 }).fetchCandidates(
        filter,
        WINDOW,
      );
      await flood.stop();
      assert.equal(cut.lines.length, 5000);
      assert.match(cut.notices.map((n) => n.message).join('\n'), /more than 5000 lines at \d+ ns; those beyond were skipped/);
      // Identical lines at one timestamp are kept as many times as stored.
      const twice = await new LokiFake([
        {
          labels: { job: 'dup' },
          entries: [
            [BASE, 'error x'],
            [BASE, 'error x'],
            [BASE + 5n, 'error y'],
          ],
        },
      ]).start();
      const dup = await new LokiSource({ url: twice.url, query: '{job="dup"}', limit: 100, timeoutMs: 5000, pageSize: 2 }).fetchCandidates(filter, WINDOW);
      await twice.stop();
      assert.deepEqual(
        dup.lines.map((l) => l.line),
        ['error x', 'error x', 'error y'],
      );
    } finally {
      await fake.stop();
    }
  });

  it("a read over its text bound: cut there across pages and queries (each query's earliest first), and said", async () => {
    const all = await new LokiSource({ url: paging.url, query: '{job="gen"}', limit: 1_000_000, timeoutMs: 5000 }).fetchCandidates(filter, WINDOW);
    const sortedAll = [...all.lines].sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
    const room = sortedAll.slice(0, 20).reduce((n, e) => n + e.line.length, 0);
    // A long timeout: the count queries (one per filter group, each with the groups before it negated) take
    // the fake seconds to compile on re2-wasm.
    const cut = await new LokiSource({
      url: paging.url,
      query: '{job="gen"}',
      limit: 1_000_000,
      timeoutMs: 60_000,
      pageSize: 7,
      maxChars: room,
    }).fetchCandidates(filter, WINDOW);
    assert.equal(cut.truncated, true);
    assert.ok(cut.lines.length > 0 && cut.lines.length < all.lines.length, `${cut.lines.length} of ${all.lines.length}`);
    assert.ok(cut.lines.reduce((n, e) => n + e.line.length, 0) <= room);
    // Counted by Loki: every candidate of the window once, though several queries select some lines.
    assert.equal(cut.matched, all.lines.length);
    const counted = new RegExp(
      `: ${all.lines.length.toLocaleString('en-US')} candidate lines, ${cut.lines.length} fetched \\(the earliest; \\d+ KiB of line text at most: narrow --since/--until or --query\\)`,
    );
    assert.ok(
      cut.notices.some((n) => counted.test(n.message)),
      JSON.stringify(cut.notices),
    );
  });

  it('a limit: the earliest lines and the truncation notice with the exact count, each count query valid LogQL', async () => {
    const all = await new LokiSource({ url: loki.url, query: '{job="gen"}', limit: 1_000_000, timeoutMs: 60_000 }).fetchCandidates(filter, WINDOW);
    const queries = new LokiSource({ url: loki.url, query: '{job="gen"}', limit: 1, timeoutMs: 5000 }).queries(filter);
    assert.ok(queries.length > 1, `${queries.length} queries: the union of several is counted`);
    const seen = loki.requests.length;
    // Candidates alone: the lines read around them (auto context) are not candidates, and are bounded apart.
    const r = await cli(
      ['diagnose', '--format', 'json', '--loki', loki.url, '--query', '{job="gen"}', '--since', '3h', '--store-limit', '25', '--store-context', '0'],
      {
        now: NOW,
      },
    );
    assert.equal(r.code, 0, r.err);
    const d = JSON.parse(r.out) as Json;
    assert.equal(
      d.inputs.reduce((n, i) => n + i.lines, 0),
      25,
    );
    const n = all.lines.length.toLocaleString('en-US');
    assert.match(r.err, new RegExp(`loki http://127\\.0\\.0\\.1:\\d+: ${n} candidate lines, 25 fetched \\(the earliest; raise --store-limit`));
    const counts = loki.requests.slice(seen).filter((q) => q.path === '/loki/api/v1/query');
    assert.equal(counts.length, queries.length);
    for (const q of counts) assert.ok(logqlParses(q.query), q.query.slice(0, 200));
    // A window Loki's range cannot state (not whole seconds): no count, and "more" rather than a wrong number.
    const odd = await new LokiSource({ url: paging.url, query: '{job="gen"}', limit: 25, timeoutMs: 5000 }).fetchCandidates(filter, {
      ...WINDOW,
      untilNs: WINDOW.untilNs + 1n,
    });
    assert.equal(odd.matched, undefined);
    assert.ok(odd.notices.some((x) => /: more candidate lines than that, 25 fetched/.test(x.message)));
  });

  it('sends the tenant and the token, and never prints them', async () => {
    loki.require = { 'x-scope-orgid': 'team-a', authorization: 'Bearer t0ken-s3cret' };
    const ok = await cli(['diagnose', '--format', 'json', '--loki', loki.url, '--query', '{job="other"}', '--org-id', 'team-a', '--since', '3h'], {
      now: NOW,
      env: { LOKI_BEARER_TOKEN: 't0ken-s3cret' },
    });
    assert.equal(ok.code, 0, ok.err);
    assert.ok((JSON.parse(ok.out) as Json).findings.some((f) => f.signatureId === 'image-pull-failure'));
    const refused = await cli(['diagnose', '--loki', loki.url.replace('//', '//admin:pa55w0rd@'), '--query', '{job="other"}', '--org-id', 'team-a'], {
      now: NOW,
    });
    assert.equal(refused.code, 2);
    assert.match(refused.err, /HTTP 401.*\(the credentials were refused: check them\)/);
    assert.equal(loki.requests[loki.requests.length - 1].headers.authorization, `Basic ${Buffer.from('admin:pa55w0rd').toString('base64')}`);
    assert.ok(!/t0ken|pa55w0rd|YWRtaW4/.test(ok.err + refused.err), refused.err);
  });

  for (const [failure, expected] of [
    [{ status: 403, body: 'forbidden' }, /HTTP 403.*ask for read access/],
    [{ status: 429, body: 'Ingestion rate limit exceeded' }, /HTTP 429.*try again later/],
    [{ status: 400, body: 'parse error at line 1, col 12: syntax error: unexpected IDENTIFIER' }, /parse error.*is --query a valid LogQL log query\?/],
    [
      { status: 200, body: JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }) },
      /a matrix answer, not log lines: is --query a log query/,
    ],
    ['garbage', /not a query_range answer of log streams/],
  ] as const) {
    it(`${typeof failure === 'string' ? failure : failure.status}: a clear message, files beside it still read`, async () => {
      loki.failure = failure;
      const r = await cli(
        ['diagnose', '--format', 'json', '--loki', loki.url, '--query', '{job="gen"}', join(ROOT, 'examples', 'conntrack-dns', 'dmesg-T.log')],
        { now: NOW },
      );
      assert.equal(r.code, 2);
      assert.match(r.err, expected);
      assert.ok(!/\n\s+at /.test(r.err));
      assert.ok((JSON.parse(r.out) as Json).findings.length > 0);
    });
  }

  it('no answer in time, nothing listening, a bad query or URL: clear messages', async () => {
    loki.failure = 'stall';
    const slow = await cli(['diagnose', '--loki', loki.url, '--query', '{job="gen"}', '--store-timeout', '1'], { now: NOW });
    assert.equal(slow.code, 2);
    assert.match(slow.err, /no answer in time/);
    loki.failure = undefined;
    const closed = await new LokiFake([]).start();
    await closed.stop();
    const down = await cli(['diagnose', '--loki', closed.url, '--query', '{job="gen"}'], { now: NOW });
    assert.match(down.err, /cannot connect \(ECONNREFUSED\)/);
    const noQuery = await cli(['diagnose', '--loki', loki.url], { now: NOW });
    assert.match(noQuery.err, /--loki needs --query/);
    const notSelector = await cli(['diagnose', '--loki', loki.url, '--query', 'rate({job="x"}[5m])'], { now: NOW });
    assert.match(notSelector.err, /--query needs a LogQL log query starting with a stream selector/);
    const stray = await cli(['diagnose', '--query', '{a="b"}', join(ROOT, 'examples', 'conntrack-dns', 'dmesg-T.log')], { now: NOW });
    assert.match(stray.err, /--query needs --loki/);
  });
});
