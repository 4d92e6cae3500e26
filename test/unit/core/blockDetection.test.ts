/**
 * The two things a block remembers while it is read, so that nearby hits do not detect or parse the
 * same lines again: each line's detection scores (BlockDetection) and the last local segment read
 * (the fast path's LocalRead). Each must give exactly what the work it saves would have given.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_GRAMMARS } from '../../../grammars';
import { assembleEvents, newContext } from '../../../grammars/common/assemble';
import { BlockDetection, segmentLines, segmentSampled, strongKind } from '../../../src/core/segment/segmenter';
import type { LogEvent } from '../../../src/model';
import { fixtureFiles, FIXTURES, readLines } from '../grammars/fixtures';

/** Every grammar fixture: its kind's format and its lines. */
const FIXTURE_LOGS = ALL_GRAMMARS.flatMap((format) =>
  fixtureFiles(format.kind).map((file) => ({ format, file: `${format.kind}/${file}`, lines: readLines(join(FIXTURES, format.kind, file)) })),
);

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

/** The example incidents' logs, each file's lines in name order: mixed text as users paste it. */
function exampleLines(): string[] {
  const out: string[] = [];
  for (const dir of readdirSync(EXAMPLES).sort()) {
    const d = join(EXAMPLES, dir);
    if (!statSync(d).isDirectory()) continue;
    for (const f of readdirSync(d).sort()) {
      if (f === 'README.md' || f.endsWith('.json')) continue;
      out.push(...readFileSync(join(d, f), 'utf8').split('\n'));
    }
  }
  return out;
}

/** Lines whose head (the first 512 or 4096 characters) is detected differently from the whole line. */
function longLines(): string[] {
  const pad = (n: number): string => 'x'.repeat(n);
  return [
    // JSON lines longer than a head: only the whole line shows the level after the long message.
    `{"msg":"${pad(700)}","level":"error"}`,
    `{"msg":"${pad(5000)}","level":"error"}`,
    `{"level":"error","msg":"${pad(5000)}","ts":"2021-04-13T10:15:02Z"}`,
    `{"log":"E0413 10:15:02.123456    1234 kubelet.go:1234] ${pad(600)}\\n","stream":"stderr","time":"2021-04-13T10:15:02.123456789Z"}`,
    // A klog header with a long tail; a journal line with a long tail.
    `E0413 10:15:02.123456    1234 kubelet.go:1234] "Error syncing pod" err="${pad(4500)}"`,
    `Apr 13 10:15:02 node-1 kubelet[1234]: ${pad(700)}`,
    // Long weak lines.
    pad(5000),
    `    at com.example.Service.call(Service.java:42) ${pad(800)}`,
  ];
}

describe("core: a block remembers its lines' detection (BlockDetection)", () => {
  const lines = [...exampleLines(), ...longLines(), ...FIXTURE_LOGS.flatMap((f) => f.lines)];

  it("gives every grammar's own detect score, for whole lines and their heads, in any order", () => {
    // The test has teeth: some line's head scores differently from the whole line.
    assert.ok(lines.some((l) => ALL_GRAMMARS.some((f) => f.detect(l.slice(0, 512)) !== f.detect(l))));
    const det = new BlockDetection(lines.length, (i) => lines[i]);
    // Heads first on even lines, the whole line first on odd ones: a head must never stand for the whole.
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < lines.length; i++) {
        const variants = [lines[i].slice(0, 512), lines[i].slice(0, 4096), lines[i]];
        if (i % 2 === 1) variants.reverse();
        for (const text of variants) {
          for (let f = 0; f < ALL_GRAMMARS.length; f++) {
            assert.equal(
              det.score(i, f, text),
              ALL_GRAMMARS[f].detect(text),
              `line ${i} (${text.length} of ${lines[i].length} chars), ${ALL_GRAMMARS[f].kind}`,
            );
          }
        }
      }
    }
  });

  it('segments windows of mixed text as detection without memory does', () => {
    const det = new BlockDetection(lines.length, (i) => lines[i]);
    let compared = 0;
    // Overlapping windows, as the fast path cuts them around nearby hits (60 lines before, 5 after).
    for (let idx = 0; idx < lines.length; idx += 7) {
      const from = Math.max(0, idx - 60);
      const window = lines.slice(from, idx + 6);
      assert.deepEqual(segmentLines(window, undefined, 1, ALL_GRAMMARS, det.window(from)), segmentLines(window), `window at line ${from}`);
      compared++;
    }
    assert.ok(compared > 100, `only ${compared} windows`);
  });

  it('samples a block into the same segments, and segments a whole block the same', () => {
    const det = new BlockDetection(lines.length, (i) => lines[i]);
    const head = (i: number): string => lines[i].slice(0, 512);
    for (const step of [32, 7]) {
      assert.deepEqual(segmentSampled(lines.length, head, step, ALL_GRAMMARS, det.score), segmentSampled(lines.length, head, step));
    }
    assert.deepEqual(segmentLines(lines, undefined, 1, ALL_GRAMMARS, det.score), segmentLines(lines));
    for (let i = 0; i < lines.length; i++) assert.equal(det.strongKind(i, head(i)), strongKind(head(i)), `line ${i}`);
  });
});

describe('core: a local segment read once serves the hits after it (LocalRead)', () => {
  /**
   * The rule the fast path relies on: lines [0, end) read alone give the events that lines [0, n)
   * give, up to the last one, and that last one too when the longer read ends it inside [0, end).
   */
  function assertPrefixReads(lines: readonly string[], kind: (typeof ALL_GRAMMARS)[number], where: string): number {
    const whole = assembleEvents(lines, kind, newContext(2021, 0), 0, 1);
    let checked = 0;
    for (let end = 1; end <= lines.length; end += Math.max(1, Math.floor(lines.length / 40))) {
      const part = assembleEvents(lines.slice(0, end), kind, newContext(2021, 0), 0, 1);
      for (const e of part) {
        const same: LogEvent | undefined = whole.find((w) => w.line === e.line);
        assert.ok(same, `${where}: event at line ${e.line} of a read to ${end} is not in the whole read`);
        if (same.endLine <= end) {
          assert.deepEqual(e, same, `${where}: event at line ${e.line}, read to ${end}`);
          checked++;
        } else {
          assert.equal(e, part[part.length - 1], `${where}: only the last event of a read to ${end} may be cut`);
        }
      }
    }
    return checked;
  }

  it('holds for every grammar that is not stateful, on its fixtures', () => {
    let checked = 0;
    for (const f of FIXTURE_LOGS) if (!f.format.stateful) checked += assertPrefixReads(f.lines, f.format, f.file);
    assert.ok(checked > 1000, `only ${checked} events compared`);
  });

  it('holds for them on text of other kinds and on long lines (hostile input)', () => {
    const mixed = [...exampleLines().slice(0, 400), ...longLines()];
    for (const fmt of ALL_GRAMMARS) if (!fmt.stateful) assertPrefixReads(mixed, fmt, `examples read as ${fmt.kind}`);
  });

  it('does not hold for a stateful kind, which is why its local segments are read afresh', () => {
    // A describe's events share the object's refs, filled in as its header lines are read: the
    // event of `Name:` names the namespace only when the read reaches the `Namespace:` line.
    const describe = ALL_GRAMMARS.find((f) => f.kind === 'kubectl-describe')!;
    assert.equal(describe.stateful, true);
    const lines = ['Name:         jenkins-0', 'Namespace:    jenkins', 'Node:         worker-2/10.0.0.12'];
    const short = assembleEvents(lines.slice(0, 1), describe, newContext(2021, 0));
    const long = assembleEvents(lines, describe, newContext(2021, 0));
    assert.equal(long[0].endLine, 1);
    assert.notDeepEqual(short[0].refs, long[0].refs);
  });
});
