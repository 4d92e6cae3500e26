/**
 * `JSON.stringify(value, null, 2)` in pieces, so a large report (thousands of occurrences with their
 * text) is written out without its whole text ever held at once: on the dense benchmark the one string
 * and its building cost 75 MB of peak memory. Joined, the pieces are exactly `JSON.stringify`'s text.
 */

/** What `JSON.stringify` reads for a value: its `toJSON()` when it has one. */
function jsonValue(v: unknown): unknown {
  return v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON(): unknown }).toJSON() : v;
}

/** Values JSON has no text for: left out of objects, `null` in arrays. */
function skipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/**
 * The pieces of `JSON.stringify(value, null, 2)`. Objects and arrays down to `depth` levels are written
 * a member at a time; deeper values are stringified whole (each is small: one occurrence).
 */
export function* jsonPieces(value: unknown, depth = 3, indent = ''): Generator<string> {
  const v = jsonValue(value);
  if (depth === 0 || v === null || typeof v !== 'object') {
    const text = JSON.stringify(v, null, 2) ?? 'null';
    // A JSON string never holds a raw line end: every one here is the layout's.
    yield indent && text.includes('\n') ? text.replace(/\n/g, `\n${indent}`) : text;
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) {
      yield '[]';
      return;
    }
    yield '[\n';
    for (let i = 0; i < v.length; i++) {
      yield inner;
      const e = jsonValue(v[i]);
      if (skipped(e)) yield 'null';
      else yield* jsonPieces(e, depth - 1, inner);
      yield i < v.length - 1 ? ',\n' : '\n';
    }
    yield `${indent}]`;
    return;
  }
  const entries = Object.keys(v)
    .map((k) => [k, jsonValue((v as Record<string, unknown>)[k])] as const)
    .filter(([, x]) => !skipped(x));
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [k, x] = entries[i];
    yield `${inner}${JSON.stringify(k)}: `;
    yield* jsonPieces(x, depth - 1, inner);
    yield i < entries.length - 1 ? ',\n' : '\n';
  }
  yield `${indent}}`;
}

/** The pieces gathered into strings of about `size` characters (fewer, larger writes). */
export function* batched(pieces: Iterable<string>, size = 1 << 20): Generator<string> {
  let parts: string[] = [];
  let n = 0;
  for (const p of pieces) {
    parts.push(p);
    n += p.length;
    if (n >= size) {
      yield parts.join('');
      parts = [];
      n = 0;
    }
  }
  if (parts.length) yield parts.join('');
}
