/**
 * A log line is attacker-controlled: matching must take time linear in its length for every rule,
 * shipped or written by a user. These tests feed each step of every shipped rule lines built from its
 * own words (the partial matches that make a backtracking regex retry) and generic runs, at 10 KB and
 * 1 MB, and check that the 100x longer line costs about 100x, not 10,000x or more. The bound is
 * generous (a complexity check, not a speed benchmark): quadratic growth misses it by two orders.
 */
import { strict as assert } from 'node:assert';
import { compileRule, diagnoseTexts, parseRule } from '../../../src/core';
import type { PatternElement } from '../../../src/core/rules/ruleAst';
import type { CompiledStep } from '../../../src/core/rules/ruleCompiler';
import { shippedCatalogue } from '../shippedCatalogue';

const SMALL = 10_000;
const LARGE = 1_000_000;

/** `unit` repeated to `length` characters (made anew each time: kept, 1 MB strings for every step's units would fill the heap). */
const fill = (unit: string, length: number): string => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** The literal words of a step, in order (first alternative of each group). */
function wordsOf(seq: PatternElement[]): string[] {
  return seq.flatMap((el) => {
    if (el.type === 'word' || el.type === 'quoted') return [el.text];
    if (el.type === 'group') return wordsOf(el.alternatives[0]);
    if (el.type === 'capture') return [{ number: '42', duration: '5s', ip: '10.0.0.1', path: '/var/lib', quoted: '"x"' }[el.captureType as string] ?? 'abc-1'];
    return [];
  });
}

/** Units whose repetition makes a line that almost matches the step, over and over. */
function adversarialUnits(seq: PatternElement[]): string[] {
  const words = wordsOf(seq);
  const units = ['a', 'a-', 'a.', ' ', '/', '"', '\\"', '1.', 'a_', '=a', 'ab ', '1', '1s', '/a=', 'a:', '@a', '"a'];
  // Every proper prefix of the step's words: each repetition matches the start and fails later.
  for (let k = 1; k < words.length; k++) units.push(`${words.slice(0, k).join(' ')} `, words.slice(0, k).join(''));
  // All the words but the last, each once, then filler: the last part is searched for and never found.
  if (words.length > 1) units.push(`${words.slice(0, -1).join(' ')} x `);
  return units;
}

function timeMs(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** Time of `step` on each unit's 10 KB and 1 MB lines, summed. */
function cost(step: CompiledStep, units: string[]): { small: number; large: number; worst: string } {
  let small = 0,
    large = 0,
    worst = '',
    worstLarge = -1;
  for (const u of units) {
    const s = fill(u, SMALL),
      b = fill(u, LARGE);
    small += timeMs(() => step.pattern.exec(s));
    const l = timeMs(() => step.pattern.exec(b));
    large += l;
    if (l > worstLarge) {
      worstLarge = l;
      worst = u;
    }
  }
  return { small, large, worst };
}

describe('matching time is linear in the line length', function () {
  // Every step of every rule at 10 KB and 1 MB: minutes, growing with the catalogue (about 3 on a loaded machine with 238 signatures).
  this.timeout(900_000);
  const cat = shippedCatalogue();

  it('for every step of every shipped rule, on lines made of its own words', () => {
    const slow: string[] = [];
    let steps = 0;
    for (const cs of cat.signatures) {
      const rules = [...(cs.signature.match ?? []), ...(cs.signature.exclude ?? [])];
      const compiled = [...cs.match, ...cs.exclude];
      compiled.forEach((rule, r) => {
        const parsed = parseRule(rules[r]).value!;
        rule.steps.forEach((step, s) => {
          steps++;
          const units = parsed.steps[s].alternatives.flatMap(adversarialUnits);
          // Linear: ~100x. Allow 3x for noise and caches, plus a floor for timer resolution. A step over
          // the bound is measured twice more and judged by its best run: a preempted run on a loaded
          // machine is slow once, a super-linear pattern every time.
          const over = (x: { small: number; large: number }): boolean => x.large > 300 * x.small + 200;
          let c = cost(step, units);
          for (let again = 0; again < 2 && over(c); again++) {
            const d = cost(step, units);
            if (d.large - 300 * d.small < c.large - 300 * c.small) c = d;
          }
          if (over(c))
            slow.push(
              `${cs.signature.id} match ${r} step ${s}: 10 KB ${c.small.toFixed(1)} ms, 1 MB ${c.large.toFixed(0)} ms (worst on ${JSON.stringify(c.worst)})`,
            );
        });
      });
    }
    assert.ok(steps > 200, `only ${steps} steps`);
    assert.deepEqual(slow, []);
  });

  it('for rules that would backtrack without bounds as one regex (wildcards, runs of captures)', () => {
    const rules = [
      'zzqq * * * * endmarker',
      '"/healthz" * (6443 | 8443) * (connection refused | i/o timeout)',
      'a * b * c * d * e',
      '{word} {word} {word} zz',
      '{word}{word}{word}{word} zz',
      '{path}{path}{path} zz',
      '{duration}{duration}{duration} zz',
      '{quoted} {quoted} zz',
      'x (a * b | c * d) * e',
      '{pod} {node} {image} {host} zz',
      'start {rest}',
    ];
    const units = ['a', 'a ', 'a.', '/', '/a', '1s', '"a" ', '"', 'zzqq ', '/healthz 6443 ', 'a b c d ', 'x a b c d ', 'start '];
    for (const text of rules) {
      const c = compileRule(text);
      assert.deepEqual(c.errors, [], text);
      // Judged by the best of three runs when over the bound, as above: a loaded machine preempts a run once.
      let t = cost(c.value!.steps[0], units);
      for (let again = 0; again < 2 && t.large >= 300 * t.small + 200; again++) {
        const d = cost(c.value!.steps[0], units);
        if (d.large - 300 * d.small < t.large - 300 * t.small) t = d;
      }
      assert.ok(t.large < 300 * t.small + 200, `${text}: 10 KB ${t.small.toFixed(1)} ms, 1 MB ${t.large.toFixed(0)} ms (worst on ${JSON.stringify(t.worst)})`);
    }
  });

  it('diagnoses a 1 MB hostile line with the shipped catalogue in linear time', () => {
    // The line that took diagnose 48 s at 25 KB before parts were searched one after another.
    const line = (n: number): string => `E0101 00:00:00.000000 1 x.go:1] ${fill('"/healthz" 6443 ', n)}`;
    const t10 = timeMs(() => diagnoseTexts(cat, [{ name: 'a', text: line(SMALL) }], { defaultYear: 2024 }));
    const t1m = timeMs(() => diagnoseTexts(cat, [{ name: 'b', text: line(LARGE) }], { defaultYear: 2024 }));
    assert.ok(t1m < 300 * t10 + 2000, `10 KB ${t10.toFixed(0)} ms, 1 MB ${t1m.toFixed(0)} ms`);
  });
});

describe('rules that cannot be matched in linear time are refused', () => {
  it('refuses {rest} anywhere but last, with its column', () => {
    const c = compileRule('failed {rest:why} at {word:where}');
    assert.equal(c.value, undefined);
    assert.match(c.errors[0].message, /\{rest\} takes the rest of the line/);
    assert.equal(c.errors[0].column, 7);
  });

  it('refuses a raw regex that rescans a run from every start, and one the checker cannot decide', () => {
    for (const rule of ['re"\\d+ms"', 're"[a-z]+"', 're"(a|a)*b"']) {
      const c = compileRule(rule);
      assert.equal(c.value, undefined, rule);
      assert.match(c.errors[0].message, /backtrack|proven/, rule);
    }
    // Bounded or anchored by a literal prefix: fine.
    for (const rule of ['re"AADSTS\\d{5,}"', 're"exit_?code\\W{0,3}137\\b"']) assert.deepEqual(compileRule(rule).errors, [], rule);
  });

  it('keeps the meaning of * as "any text on the same line"', () => {
    const step = compileRule('apiserver * refused').value!.steps[0];
    assert.ok(step.pattern.test('apiserver at 10.0.0.1: connection refused'));
    assert.ok(!step.pattern.test('apiserver at 10.0.0.1\nconnection refused'));
    // A later line holding both still matches: the search starts again on the line of the second part.
    assert.ok(step.pattern.test('apiserver ok\nthen apiserver said: refused'));
  });

  it('takes captures whole: the leftmost match, the first alternative on a tie', () => {
    const step = compileRule('(pulling | pulled) image {image:img} * (failed | error)').value!.steps[0];
    assert.deepEqual(step.pattern.exec('Pulling image "docker.io/library/nginx:1.25" ... then failed'), { img: 'docker.io/library/nginx:1.25' });
    const two = compileRule('timeout after {duration:d} | took {duration:d}').value!.steps[0];
    assert.deepEqual(two.pattern.exec('request took 3s, timeout after 5s'), { d: '3s' });
  });
});
