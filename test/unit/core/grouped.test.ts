/** `grouped` writes numbers as `toLocaleString('en-US')` does (it exists only to skip ICU's load). */
import { strict as assert } from 'node:assert';
import { grouped } from '../../../src/core';

describe('grouped (numbers as en-US writes them)', () => {
  it('equals toLocaleString("en-US") on counts of every size and sign, and on other numbers', () => {
    const samples = [0, -0, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999, 10000, 12345, 99999, 100000, 999999, 1000000, 1234567, 98765432, 123456789012];
    const all = [
      ...samples,
      ...samples.map((n) => -n),
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      2 ** 60,
      1.5,
      1234.5678,
      -0.25,
      NaN,
      Infinity,
      -Infinity,
    ];
    for (let n = 1; n < 1e15; n = n * 7 + 3) all.push(n);
    for (const n of all) assert.equal(grouped(n), n.toLocaleString('en-US'), String(n));
  });
});
