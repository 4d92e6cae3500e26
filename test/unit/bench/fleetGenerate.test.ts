/**
 * The fleet benchmark's rows (bench/generate/fleet.mjs): deterministic, in one time order, from the
 * nodes and builds they claim, with failures where the fleet's story puts them (a few incident nodes,
 * about one build in ten), also for the smallest fleets.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';

interface Row {
  us: number;
  service: string;
  host: string;
  node: string;
  pod: string;
  body: string;
}
interface Fleet {
  next(): Row;
  progress(bytes: number): void;
  stats: {
    nodes: number;
    incidentNodes: { node: string; from: number; to: number; failureLines: number }[];
    rows: number;
    failureLines: number;
    builds: number;
    failedBuilds: number;
  };
}
type CreateFleet = (o: { seed?: number; nodes?: number; targetBytes: number; incidentShare?: number }) => Fleet;
/** Plain JavaScript (bench/ runs without a build): imported by path, typed here. */
const FLEET = '../../../bench/generate/fleet.mjs';
const load = async (): Promise<CreateFleet> => ((await import(FLEET)) as { createFleet: CreateFleet }).createFleet;

/** Generate `bytes` of bodies as the corpus builder does (telling the fleet its progress). */
function generate(f: Fleet, bytes: number): Row[] {
  const rows: Row[] = [];
  let n = 0;
  while (n < bytes) {
    const r = f.next();
    rows.push(r);
    n += r.body.length + 1;
    f.progress(n);
  }
  return rows;
}

const hash = (rows: Row[]): string =>
  createHash('sha256')
    .update(rows.map((r) => `${r.us}\t${r.service}\t${r.host}\t${r.node}\t${r.pod}\t${r.body}`).join('\n'))
    .digest('hex');

describe('bench fleet generator', function () {
  this.timeout(60_000);
  const SIZE = 4 * 1024 * 1024;

  it('writes the same rows for the same seed, other rows for another', async () => {
    const createFleet = await load();
    const a = generate(createFleet({ seed: 7, nodes: 40, targetBytes: SIZE }), SIZE / 4);
    const b = generate(createFleet({ seed: 7, nodes: 40, targetBytes: SIZE }), SIZE / 4);
    const c = generate(createFleet({ seed: 8, nodes: 40, targetBytes: SIZE }), SIZE / 4);
    assert.equal(hash(a), hash(b));
    assert.notEqual(hash(a), hash(c));
  });

  it("rows in strictly increasing time, from the fleet's nodes and from builds on agent pods of those nodes", async () => {
    const f = (await load())({ seed: 3, nodes: 25, targetBytes: SIZE });
    const rows = generate(f, SIZE);
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i].us > rows[i - 1].us, `row ${i}`);
    const nodes = new Set(rows.filter((r) => r.service !== 'jenkins').map((r) => r.host));
    assert.equal(nodes.size, 25);
    assert.deepEqual(new Set(rows.filter((r) => r.service !== 'jenkins').map((r) => r.service)), new Set(['kubelet', 'containerd', 'kernel', 'systemd']));
    const builds = new Map<string, Row[]>();
    for (const r of rows.filter((x) => x.service === 'jenkins')) {
      assert.ok(nodes.has(r.node) && r.pod === r.host && !nodes.has(r.host), r.host);
      builds.set(r.host, [...(builds.get(r.host) ?? []), r]);
    }
    assert.ok(builds.size >= 12, `${builds.size} builds`);
    // Each console is a console: it starts as Jenkins starts one, and a finished one ends with its result.
    for (const [agent, lines] of builds) {
      assert.match(lines[0].body, /^\[\d{4}-\d\d-\d\dT[\d:.]+Z\] Started by /, agent);
      const end = lines.findIndex((l) => / Finished: (SUCCESS|FAILURE)$/.test(l.body));
      assert.ok(end === -1 || end === lines.length - 1, `${agent}: lines after Finished`);
    }
  });

  it("failures where the fleet's story puts them: on a few incident nodes inside their stretch, in about one build in ten", async () => {
    const f = (await load())({ seed: 11, nodes: 50, targetBytes: SIZE });
    generate(f, SIZE);
    const s = f.stats;
    assert.equal(s.incidentNodes.length, 2);
    for (const i of s.incidentNodes) assert.ok(i.from >= 0.1 && i.to > i.from && i.to <= 1, JSON.stringify(i));
    const onIncidents = s.incidentNodes.reduce((n, i) => n + i.failureLines, 0);
    assert.ok(onIncidents > 0, 'incident nodes fail');
    // The rest: stray node failures (a fraction of a line per MiB here) and failing builds' lines.
    assert.ok(s.failureLines - onIncidents <= s.failedBuilds * 3 + 5, `${s.failureLines - onIncidents} failures off the incident nodes`);
    assert.ok(s.failureLines / s.rows < 0.01, `${s.failureLines} of ${s.rows} rows fail`);
    assert.ok(s.failedBuilds <= s.builds / 2, `${s.failedBuilds} of ${s.builds} builds fail`);
  });

  it('the smallest fleet: one node, and it has the incident', async () => {
    const f = (await load())({ seed: 1, nodes: 1, targetBytes: 256 * 1024 });
    const rows = generate(f, 256 * 1024);
    assert.equal(f.stats.incidentNodes.length, 1);
    assert.deepEqual([...new Set(rows.filter((r) => r.service !== 'jenkins').map((r) => r.node))], [f.stats.incidentNodes[0].node]);
  });
});
