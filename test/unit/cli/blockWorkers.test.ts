/**
 * The CLI's block workers (dist/blockWorker.js, as `npm test` builds it): the diagnosis of worker
 * threads equals the main thread's, with the shipped catalogue and with a user's, and `--threads`
 * gives the same report with any count.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnoseStreams, type StreamInput } from '../../../src/core';
import { BlockWorkers } from '../../../src/node/blockWorkers';
import { catalogueFromSources } from '../../../src/node/compiledCatalogue';
import { catalogueSources } from '../../../src/node/loadCatalogue';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const WORKER = join(ROOT, 'dist', 'blockWorker.js');
const EXAMPLES = join(ROOT, 'examples');
const USER_PATTERNS = join(ROOT, 'test', 'fixtures', 'patterns-user');

/** The example incidents' logs, one text. */
function examplesText(): string {
  const parts: string[] = [];
  for (const d of readdirSync(EXAMPLES).sort()) {
    for (const f of readdirSync(join(EXAMPLES, d))
      .filter((x) => x.endsWith('.log'))
      .sort())
      parts.push(readFileSync(join(EXAMPLES, d, f), 'utf8'));
  }
  return parts.join('\n');
}

describe('block workers (dist/blockWorker.js)', function () {
  this.timeout(180_000);
  let tmp: string;
  before(() => {
    assert.ok(existsSync(WORKER), `${WORKER} is missing: run npm run build first (npm test does)`);
    tmp = mkdtempSync(join(tmpdir(), 'pml-workers-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("read blocks with the run's catalogue (a user's signature too) and give the main thread's diagnosis", async () => {
    const sources = catalogueSources([USER_PATTERNS]);
    const catalogue = catalogueFromSources(sources);
    // The user's signature fires on a line of its own, so a worker without the user's files would miss it.
    const text = examplesText() + '\n2024-03-01T10:00:00Z ERROR Deadlock found when trying to get lock; try restarting transaction\n';
    const bytes = Buffer.from(text, 'utf8');
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 1024) chunks.push(bytes.subarray(i, i + 1024));
    assert.ok(chunks.length > 50);
    const inputs = (): StreamInput[] => [{ name: 'all.log', chunks, size: bytes.length }];
    const options = { defaultYear: 2024, blockSize: 4096, maxOccurrencesPerFinding: 100 };
    const alone = await diagnoseStreams(catalogue, inputs(), options);
    const workers = new BlockWorkers(sources, 3, 0, WORKER);
    try {
      const shared = await diagnoseStreams(catalogue, inputs(), { ...options, runner: workers });
      assert.deepEqual(shared, alone);
    } finally {
      await workers.close();
    }
    assert.ok(
      alone.findings.some((f) => f.signatureId === 'custom-app-deadlock'),
      'the user signature is found',
    );
    assert.ok(alone.findings.length >= 10);
  });

  it('diagnose --threads gives the same report with any count, on a log long enough to use them', () => {
    // Dense text read for well over the 2 s after which the CLI's workers join a run.
    const text = examplesText();
    const file = join(tmp, 'big.log');
    writeFileSync(file, text.repeat(Math.ceil((24 * 1024 * 1024) / text.length)));
    const run = (threads: string): string =>
      execFileSync(process.execPath, [CLI, 'diagnose', file, '--format', 'json', '--threads', threads, '--year', '2024'], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
    const one = run('1');
    assert.ok(JSON.parse(one).findings.length >= 10);
    assert.equal(run('2'), one);
  });

  it('refuses a thread count that is not one', () => {
    const r = spawnSync(process.execPath, [CLI, 'diagnose', '-j', '0', join(EXAMPLES, 'conntrack-dns')], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--threads needs a count from 1 to 64, got "0"/);
  });
});
