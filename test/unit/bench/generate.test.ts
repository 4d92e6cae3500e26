/**
 * The benchmark's corpus generator is deterministic: the same seed gives the same blocks, so numbers
 * taken on different days are taken on the same text. The hash pins the corpus of seed 42: a change
 * to a writer that changes the text must change it here too (and say in bench/README.md that earlier
 * numbers were taken on another corpus).
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';

type Block = { kind: string; lines: string[]; failures: number };
/** The generator is plain JavaScript (bench/ runs without a build): imported by path, typed here. */
const BLOCKS = '../../../bench/generate/blocks.mjs';
const load = async (): Promise<(seed?: number, rate?: number) => () => Block> =>
  ((await import(BLOCKS)) as { createGenerator: (seed?: number, rate?: number) => () => Block }).createGenerator;

function digest(next: () => Block, blocks: number): { hash: string; kinds: Set<string>; failures: number } {
  const h = createHash('sha256');
  const kinds = new Set<string>();
  let failures = 0;
  for (let i = 0; i < blocks; i++) {
    const b = next();
    kinds.add(b.kind);
    failures += b.failures;
    h.update(`${b.kind}\n${b.lines.join('\n')}\n`);
  }
  return { hash: h.digest('hex'), kinds, failures };
}

describe('bench corpus generator', function () {
  this.timeout(120_000);
  it('writes the same blocks for the same seed, other blocks for another, and the pinned corpus for seed 42', async () => {
    const createGenerator = await load();
    const a = digest(createGenerator(42), 12);
    const b = digest(createGenerator(42), 12);
    const c = digest(createGenerator(43), 12);
    assert.equal(a.hash, b.hash);
    assert.notEqual(a.hash, c.hash);
    assert.ok(a.kinds.size >= 6, `only ${[...a.kinds].join(', ')}`);
    assert.ok(a.failures > 0);
    assert.equal(a.hash, PINNED);
  });
});

const PINNED = '48a6a84139e254f0af825aecb6ac69c130818253313a44bc5d578d482060c40e';
