/**
 * The large log of the typing benchmarks: the example incidents (examples/*), each file ending with a
 * line end, concatenated in name order and repeated up to `size` bytes, cut at a line end.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const examples = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'examples');

/** @param {number} size bytes at most @returns {Buffer} */
export function incidentLog(size) {
  const parts = [];
  for (const dir of readdirSync(examples).sort()) {
    const d = join(examples, dir);
    if (!statSync(d).isDirectory()) continue;
    for (const f of readdirSync(d).sort()) {
      if (f === 'README.md' || f.endsWith('.json')) continue;
      const t = readFileSync(join(d, f), 'utf8');
      parts.push(t.endsWith('\n') ? t : t + '\n');
    }
  }
  const one = Buffer.from(parts.join(''), 'utf8');
  const out = Buffer.alloc(size + one.length);
  let n = 0;
  while (n < size) n += one.copy(out, n);
  return out.subarray(0, out.lastIndexOf(10, size - 1) + 1);
}
