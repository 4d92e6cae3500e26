/**
 * A value built on first use. Each grammar's lexer and parser is one: chevrotain's self-analysis of
 * all thirteen grammars took more than half of the CLI's start-up, and most runs read two or three
 * formats (a `--help` none), so each is built when a line of its format is first read.
 */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}
