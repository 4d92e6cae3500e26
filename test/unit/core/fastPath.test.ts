/**
 * The fast path (only the events around prefilter hits parsed) must find what parsing every line finds:
 * the speed work in blockAnalysis.ts and verifyEvents.ts is only kept when this holds. The reference is
 * the engine's full path, taken when the catalogue has a rule without literals (every event of every
 * segment is then parsed and checked). Checked on every example incident, every grammar fixture and
 * pasted fixture, and on a piece of the benchmark's generated corpus (the mix the bench measures).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Catalogue, diagnoseTexts, type Diagnosis } from '../../../src/core';
import { builtinCatalogueDir, catalogueFiles } from '../../../src/node/loadCatalogue';
import { shippedCatalogue } from '../shippedCatalogue';

const ROOT = join(__dirname, '..', '..', '..');
const fast = shippedCatalogue();
let every: Catalogue | undefined;
/** The shipped catalogue plus a signature whose only rule has no literal: the full path. */
function everyLine(): Catalogue {
  const yaml = readFileSync(join(ROOT, 'test', 'fixtures', 'patterns-user', 'custom-app-deadlock.yaml'), 'utf8')
    .replace(/^id: .*$/m, 'id: any-address')
    .replace(/^match:\n(?: {2}- .*\n)+/m, "match:\n  - '{ip:a} WHERE a = 203.0.113.254'\n");
  every ??= new Catalogue([...catalogueFiles(builtinCatalogueDir(), true), { file: '/u/any-address.yaml', text: yaml }]);
  assert.equal(every.unfiltered.length, 1);
  return every;
}

/** Every occurrence as `signature line-endLine`, and every unmatched error template with its count. */
function marks(d: Diagnosis): string[] {
  const occ = d.findings.filter((f) => f.signatureId !== 'any-address').flatMap((f) => f.occurrences.map((o) => `${f.signatureId} ${o.line}-${o.endLine}`));
  return [...occ.sort(), ...d.unknownErrors.map((u) => `unmatched ${u.count} ${u.template}`).sort()];
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(log|txt|out)$/.test(n) ? [p] : [];
  });
}

function assertSame(name: string, text: string): void {
  const opts = { defaultYear: 2024 };
  const a = marks(diagnoseTexts(fast, [{ name, text }], opts));
  const b = marks(diagnoseTexts(everyLine(), [{ name, text }], opts));
  assert.deepEqual({ fastOnly: a.filter((m) => !b.includes(m)), everyLineOnly: b.filter((m) => !a.includes(m)) }, { fastOnly: [], everyLineOnly: [] }, name);
}

describe('the fast path finds what parsing every line finds', () => {
  it('on every example incident and every grammar and pasted fixture', () => {
    const all = [...files(join(ROOT, 'examples')), ...files(join(ROOT, 'test', 'fixtures', 'logs')), ...files(join(ROOT, 'test', 'fixtures', 'pasted'))];
    assert.ok(all.length > 50, `only ${all.length} files`);
    for (const f of all) assertSame(relative(ROOT, f), readFileSync(f, 'utf8'));
  });

  it('on a JSON log whose structured fields a rule reads as the grammar renders them (pod={pod} from "pod":{...})', () => {
    const lines = [
      '{"ts":1790873900130.9,"caller":"eviction/eviction_manager.go:377","msg":"Eviction manager: must evict pod(s) to reclaim","v":0,"resourceName":"ephemeral-storage"}',
      '{"ts":1790873900141.2,"caller":"eviction/eviction_manager.go:597","msg":"Eviction manager: pod is evicted successfully","v":0,"pod":{"name":"jenkins-agent-x2x7q","namespace":"ci"}}',
    ];
    assertSame('kubelet.json', lines.join('\n') + '\n');
    const d = diagnoseTexts(fast, [{ name: 'kubelet.json', text: lines.join('\n') + '\n' }], { defaultYear: 2024 });
    const evicted = d.findings.find((f) => f.signatureId === 'pod-evicted-disk-pressure');
    assert.deepEqual(
      evicted?.occurrences.map((o) => [o.line, o.endLine, o.captures.pod]),
      [[1, 2, 'ci/jenkins-agent-x2x7q']],
    );
  });

  it('on journald JSON whose MESSAGE is written as byte values, with a hit in another field too', () => {
    const bytes = (t: string): string => JSON.stringify([...Buffer.from(t, 'utf8')]);
    const entry = (us: number, msg: string, extra = ''): string =>
      `{"__REALTIME_TIMESTAMP":"${us}","_HOSTNAME":"worker-2","SYSLOG_IDENTIFIER":"kernel",${extra}"PRIORITY":"3","MESSAGE":${bytes(msg)}}`;
    const text = [
      entry(1618308903500000, 'Memory cgroup out of memory: Killed process 4123 (java)\u0000'),
      // The raw line holds an error word in another field: its message's literals count as well.
      entry(1618308904500000, 'Memory cgroup out of memory: Killed process 4188 (java)\u0000', '"ERRNO_TEXT":"error",'),
    ].join('\n');
    assertSame('journal.json', text + '\n');
    const d = diagnoseTexts(fast, [{ name: 'journal.json', text: text + '\n' }], { defaultYear: 2024 });
    assert.deepEqual(
      d.findings.find((f) => f.signatureId === 'oom-killed')?.occurrences.map((o) => o.line),
      [1, 2],
    );
  });

  it('on traces whose frames continue them only in the state their first line opened (Python, Go), a hit on any line of them', () => {
    // A Python traceback's last line and a Go panic's unindented frames are continuations only after
    // the trace's first line: the fast path reads them forward from it, as reading every line does.
    const text = [
      '2024-03-02 10:15:01,220 INFO starting worker',
      'Traceback (most recent call last):',
      '  File "/srv/app/jobs.py", line 88, in run',
      '    rows = fetch(conn)',
      '  File "/srv/app/db.py", line 12, in fetch',
      '    return conn.execute(QUERY)',
      'sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) could not connect to server: Connection refused',
      '2024-03-02 10:15:02,001 INFO retrying in 5s',
      'panic: runtime error: invalid memory address or nil pointer dereference',
      '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a2b1c]',
      '',
      'goroutine 1 [running]:',
      'main.(*server).handle(0x0, {0xc0000b2000, 0x1f})',
      '\t/src/cmd/server/main.go:41 +0x1c',
      'main.main()',
      '\t/src/cmd/server/main.go:17 +0x65',
      'exit status 2',
      '2024-03-02 10:15:03,500 ERROR dial tcp 10.0.3.4:5432: connect: connection refused',
    ].join('\n');
    assertSame('worker.log', text + '\n');
    const d = diagnoseTexts(fast, [{ name: 'worker.log', text: text + '\n' }], { defaultYear: 2024 });
    const marked = d.findings.flatMap((f) => f.occurrences.map((o) => `${o.line}-${o.endLine}`));
    assert.ok(marked.includes('2-7'), `the traceback is one mark: ${marked.join(', ')}`);
  });

  it('on an error repeated with other numbers, read alone once its shape is known, the last time continued by its cause', () => {
    const text = [
      ...[17, 18, 19, 20, 21].map((n, i) => `Mar 02 10:15:${10 + i * 10} node-1 sync-agent[812]: sync of batch ${n} failed, will retry`),
      'Mar 02 10:16:05 node-1 sync-agent[812]: sync of batch 22 failed, will retry',
      'Mar 02 10:16:05 node-1 sync-agent[812]:   dial tcp: lookup db.internal on 10.96.0.10:53: no such host',
      'Mar 02 10:16:15 node-1 sync-agent[812]: sync of batch 23 failed, will retry',
    ].join('\n');
    assertSame('sync.log', text + '\n');
    const d = diagnoseTexts(fast, [{ name: 'sync.log', text: text + '\n' }], { defaultYear: 2024 });
    assert.deepEqual(
      d.findings.find((f) => f.signatureId === 'dns-resolution-failure')?.occurrences.map((o) => [o.line, o.endLine]),
      [[6, 7]],
    );
    assert.deepEqual(
      d.unknownErrors.map((u) => [u.template, u.count]),
      [['sync of batch <*> failed, will retry', 6]],
    );
  });

  it("on a piece of the benchmark's generated corpus", async () => {
    const { createGenerator } = (await import(pathToFileURL(join(ROOT, 'bench', 'generate', 'blocks.mjs')).href)) as {
      createGenerator: (seed: number, failureRate: number) => () => { lines: string[] };
    };
    const next = createGenerator(7, 0.01);
    const lines: string[] = [];
    while (lines.length < 6_000) lines.push(...next().lines);
    assertSame('generated', lines.join('\n') + '\n');
  });
});
