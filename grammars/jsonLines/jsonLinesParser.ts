/**
 * Reader of JSON-lines structured logs: one JSON object per line, as zap (and logr through zapr),
 * Kubernetes components with `--logging-format=json`, etcd, Go's slog JSON handler, pino and bunyan write them.
 *
 * Sample: `{"level":"warn","ts":"2024-05-01T10:00:00.123456Z","caller":"etcdserver/util.go:170","msg":"apply request took too long","took":"1.2s"}`
 *
 * Why JSON.parse and not a chevrotain grammar: each line is one complete JSON object, so the JSON
 * grammar is the format; V8's JSON.parse is native, linear and stricter than any lexer we could write
 * (as for the docker-json and journald-json kinds). This is the one boundary: a line that is not valid
 * JSON (cut short by rotation, a stray stderr line) comes back with `error` set and what anchored
 * regexes could salvage from its head, never as an exception.
 */

/** A read line: the object, or for broken JSON the salvaged fields plus the error. */
export interface JsonLinesParse {
  /** The parsed object (or the salvaged parts of a broken one). */
  value: Record<string, unknown> | undefined;
  /** Set when the line is not one complete JSON object. */
  error?: string;
}

const SALVAGE = /"(level|lvl|severity|ts|time|timestamp|msg|message)"\s*:\s*("(?:[^"\\]|\\.){0,2000}"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

function salvage(line: string, error: string): JsonLinesParse {
  const head = line.length > 4096 ? line.slice(0, 4096) : line;
  const value: Record<string, unknown> = {};
  SALVAGE.lastIndex = 0;
  for (let m = SALVAGE.exec(head); m !== null; m = SALVAGE.exec(head)) {
    if (m[1] in value) continue;
    try {
      value[m[1]] = JSON.parse(m[2]);
    } catch {
      // a value cut inside an escape: leave it out
    }
  }
  return { value: Object.keys(value).length > 0 ? value : undefined, error };
}

/** Parse one line. Never throws. */
export function parseJsonLine(line: string): JsonLinesParse {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    return salvage(line, e instanceof Error ? e.message : String(e));
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return { value: undefined, error: 'not a JSON object' };
  return { value: obj as Record<string, unknown> };
}
