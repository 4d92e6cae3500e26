/**
 * Blocks read elsewhere (a BlockRunner: the CLI's worker threads) give the diagnosis one thread gives:
 * results that come back out of order are applied in input order, once-per-input notices stay once,
 * and a block that fails fails the run for its input, never as an unhandled rejection.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  analyzeBlock,
  diagnoseStreams,
  InputFailure,
  RecordingSink,
  type BlockJob,
  type BlockRunner,
  type Diagnosis,
  type RecordedBlock,
  type StreamInput,
} from '../../../src/core';
import { shippedCatalogue } from '../shippedCatalogue';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const catalogue = shippedCatalogue();

/** Every example incident's logs, as one text per incident. */
function incidents(): { name: string; text: string }[] {
  return readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ({
      name: d.name,
      text: readdirSync(join(EXAMPLES, d.name))
        .filter((f) => f.endsWith('.log'))
        .sort()
        .map((f) => readFileSync(join(EXAMPLES, d.name, f), 'utf8'))
        .join('\n'),
    }));
}

/** A seeded generator, so a failing order can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * Reads blocks in this thread but answers after random delays (out of order), and hands over only some
 * blocks (`share`), so the reader mixes blocks it reads itself with blocks still out.
 */
class DelayedRunner implements BlockRunner {
  readonly capacity = 6;
  handed = 0;
  private readonly random: () => number;
  constructor(
    seed: number,
    private readonly share: number,
    private readonly failAt = -1,
  ) {
    this.random = rng(seed);
  }
  wants(): boolean {
    return this.random() < this.share;
  }
  run(block: Uint8Array, job: BlockJob): Promise<RecordedBlock> {
    const n = this.handed++;
    // Structured clone, as a worker's reply is: nothing of the block's objects is shared with the reader.
    const answer = (): RecordedBlock => {
      if (n === this.failAt) throw new Error('grammar bug in block');
      const recorder = new RecordingSink();
      const result = analyzeBlock(catalogue, Buffer.from(block), job, recorder);
      return structuredClone({ ...result, records: recorder.records });
    };
    return new Promise((resolve, reject) =>
      setTimeout(
        () => {
          try {
            resolve(answer());
          } catch (err) {
            reject(err);
          }
        },
        Math.floor(this.random() * 8),
      ),
    );
  }
}

/** The bytes as a stream of small chunks, as a file is read. */
function chunked(name: string, bytes: Buffer, chunk = 1024): StreamInput {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  return { name, chunks, size: bytes.length };
}

async function diagnose(inputs: () => StreamInput[], runner?: BlockRunner): Promise<Diagnosis> {
  return diagnoseStreams(catalogue, inputs(), { defaultYear: 2024, blockSize: 2 * 1024, maxOccurrencesPerFinding: 50, runner });
}

describe('blocks read through a runner', function () {
  this.timeout(120000);
  const texts = incidents();
  const all = (): StreamInput[] => texts.map((t) => chunked(t.name, Buffer.from(t.text, 'utf8')));

  it('gives the diagnosis one thread gives, whatever order the blocks come back in', async () => {
    const alone = await diagnose(all);
    assert.ok(alone.findings.length >= 10 && alone.inputs.every((i) => i.lines > 50), 'the examples are diagnosed');
    for (const [seed, share] of [
      [1, 1],
      [2, 0.5],
      [3, 0.2],
    ] as const) {
      const runner = new DelayedRunner(seed, share);
      const shared = await diagnose(all, runner);
      assert.ok(runner.handed >= 10, `blocks were handed over (${runner.handed})`);
      assert.deepEqual(shared, alone, `seed ${seed}, share ${share}`);
    }
  });

  it('says a once-per-input notice once, at its first place, when several blocks have it', async () => {
    const line = 'Jan 02 10:00:00 node-1 kubelet[42]: E0102 10:00:00.000000 42 kubelet.go:1 "Error syncing pod" err="x"\n';
    const damaged = Buffer.concat(Array.from({ length: 40 }, (_, i) => Buffer.from(i % 7 === 3 ? line.replace('Error', 'Err\0or') : line, 'utf8')));
    const input = (): StreamInput[] => [chunked('damaged.log', damaged, 1000)];
    const alone = await diagnose(input);
    const shared = await diagnose(input, new DelayedRunner(4, 0.7));
    assert.equal(alone.inputs[0].notices.filter((n) => /NUL/.test(n.message)).length, 1);
    assert.equal(alone.inputs[0].notices.find((n) => /NUL/.test(n.message))?.line, 4);
    assert.deepEqual(shared.inputs, alone.inputs);
  });

  it('fails the run for the input whose block failed, and leaves no rejection unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => {
      unhandled.push(e);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      // Block 2 fails while blocks after it are still out.
      await assert.rejects(diagnose(all, new DelayedRunner(5, 1, 2)), (err: unknown) => {
        assert.ok(err instanceof InputFailure, String(err));
        assert.equal(err.input, texts[0].name);
        assert.match(err.message, /grammar bug in block/);
        return true;
      });
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
