/**
 * Reader of Docker's json-file log driver lines (`/var/lib/docker/containers/<id>/<id>-json.log`).
 *
 * Sample: `{"log":"Error: connect ECONNREFUSED 10.0.0.7:5432\n","stream":"stderr","time":"2021-04-13T10:15:02.123456789Z"}`
 * Specified by: moby `daemon/logger/jsonfilelog` (jsonlog.JSONLogs: `log`, `stream`, `time`, optional `attrs`).
 *
 * Why JSON.parse and not a chevrotain grammar: every line is one complete JSON object written by
 * Go's encoding/json, so the JSON grammar *is* the format; V8's JSON.parse is linear, never
 * throws past our try/catch, and is faster than any lexer we could write (a 20 MB line parses in
 * ~0.1 s, so the 64 KiB head limit of the lexer grammars is not needed here). Only the fallback for a
 * truncated line (disk full, log rotated mid-write) needs hand parsing, done here with anchored regexes.
 */

/** The fields of one json-file record. */
export interface DockerJsonRecord {
  /** The `log` payload, as written (usually ending in `\n`). */
  log: string;
  /** `stdout` or `stderr`. */
  stream?: string;
  /** RFC 3339 nano timestamp. */
  time?: string;
  /** Labels/env the daemon was told to log (`--log-opt labels=...`). */
  attrs?: Record<string, string>;
}

/** A read line: the record, or for broken JSON what could be salvaged plus the error. */
export interface DockerJsonParse {
  value: DockerJsonRecord | undefined;
  /** Set when the line is not complete JSON; `value` then holds the salvaged parts, if any. */
  error?: string;
  /** True when the line is not valid JSON (truncated or foreign). */
  truncated: boolean;
}

const TIME = /"time"\s*:\s*"([^"]{10,40})"/;
const STREAM = /"stream"\s*:\s*"(stdout|stderr)"/;

function salvage(line: string, error: string): DockerJsonParse {
  const tail = line.length > 4096 ? line.slice(0, 256) + line.slice(-512) : line;
  const time = TIME.exec(tail)?.[1];
  const stream = STREAM.exec(tail)?.[1];
  if (time === undefined && stream === undefined) return { value: undefined, error, truncated: true };
  return { value: { log: line, stream, time }, error, truncated: true };
}

/** Parse one json-file line. Never throws. */
export function parseDockerJsonLine(line: string): DockerJsonParse {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    return salvage(line, e instanceof Error ? e.message : String(e));
  }
  if (typeof obj !== 'object' || obj === null || typeof (obj as { log?: unknown }).log !== 'string') {
    return { value: undefined, error: 'not a json-file record', truncated: false };
  }
  const o = obj as Record<string, unknown>;
  const rec: DockerJsonRecord = { log: o.log as string };
  if (typeof o.stream === 'string') rec.stream = o.stream;
  if (typeof o.time === 'string') rec.time = o.time;
  if (typeof o.attrs === 'object' && o.attrs !== null) {
    rec.attrs = {};
    for (const [k, v] of Object.entries(o.attrs)) rec.attrs[k] = String(v);
  }
  return { value: rec, truncated: false };
}
