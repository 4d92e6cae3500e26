/**
 * RE2 (re2-wasm, the C++ RE2 that Loki's Go regexp follows) for the tests, each regex compiled once:
 * re2-wasm's memory is one fixed 16 MiB heap that compiled regexes (and their DFA caches) never give
 * back, shared by every test file of a run.
 */
import { RE2 } from 're2-wasm';

const compiled = new Map<string, RE2>();

/** The compiled regex of `source` (Unicode mode, as re2-wasm requires). */
export function re2(source: string): RE2 {
  let r = compiled.get(source);
  if (!r) compiled.set(source, (r = new RE2(source, 'u')));
  return r;
}

/**
 * Run `fn` with `source` compiled, then free it: for tests that compile many regexes once each (the
 * fixed heap would not hold them all with their DFA caches).
 */
export function withRe2<T>(source: string, fn: (r: RE2) => T): T {
  const r = new RE2(source, 'u');
  try {
    return fn(r);
  } finally {
    // re2-wasm keeps the compiled regex in an embind object; delete() gives its memory back.
    (r as unknown as { wrapper: { delete(): void } }).wrapper.delete();
  }
}
