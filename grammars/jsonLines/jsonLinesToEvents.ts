/**
 * A JSON log object -> {@link ParsedHead}. The message is written the way klog writes a structured
 * line, `msg key="value" ...` (an error under `err`/`error` included), so the rules written for the
 * text forms of kubelet, controller and etcd lines match their JSON forms too.
 *   {"ts":1714557600123.456,"caller":"prober/prober.go:107","msg":"Probe failed","probeType":"Liveness","pod":{"name":"web-1","namespace":"shop"}}
 *   -> `Probe failed probeType="Liveness" pod="shop/web-1"`
 * Field names: zap's production encoder (`level`, `ts`, `caller`, `msg`, `logger`, `stacktrace`, errors
 * under `error`), Kubernetes' JSON format (component-base/logs/json: `ts` in epoch ms or s, `v` only on
 * info lines, `err`), etcd (zap, `ts` as RFC 3339), slog (`time`, `level` upper case, `msg`), pino and
 * bunyan (numeric `level`, `time` in epoch ms), logstash/ECS (`@timestamp`, `message`, `log.level`).
 */
import type { ParseContext, ParsedHead, Severity } from '../../src/model';
import { sourceFromCaller } from '../klog/klogToEvents';
import { continuationShape } from '../common/multiLine';
import { parseIsoPrefix } from '../common/time';
import { severityFromWords } from '../plain/plainSeverity';
import type { JsonLinesParse } from './jsonLinesParser';

const MESSAGE_KEYS = ['msg', 'message'];
const LEVEL_KEYS = ['level', 'lvl', 'severity', 'log.level'];
const TIME_KEYS = ['ts', 'time', 'timestamp', '@timestamp'];
/** Keys that are the header: not repeated as `key=value` pairs in the message. */
const HEADER_KEYS = new Set([...MESSAGE_KEYS, ...LEVEL_KEYS, ...TIME_KEYS, 'caller', 'logger', 'v', 'stacktrace']);

const LEVELS: Record<string, Severity> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  notice: 'notice',
  warn: 'warning',
  warning: 'warning',
  error: 'error',
  err: 'error',
  severe: 'error',
  dpanic: 'critical',
  panic: 'critical',
  fatal: 'critical',
  critical: 'critical',
  crit: 'critical',
  alert: 'critical',
  emergency: 'critical',
  emerg: 'critical',
};

/** The first of `keys` the object has, with its key. */
function first(obj: Record<string, unknown>, keys: readonly string[]): [string, unknown] | undefined {
  for (const k of keys) if (k in obj) return [k, obj[k]];
  return undefined;
}

/** Severity of a level value: a name (`warn`, `ERROR`, `DPANIC`) or a pino/bunyan number (10-60). */
export function severityOfLevel(level: unknown): Severity | undefined {
  if (typeof level === 'string') return LEVELS[level.toLowerCase()];
  if (typeof level !== 'number' || !Number.isFinite(level)) return undefined;
  if (level >= 60) return 'critical';
  if (level >= 50) return 'error';
  if (level >= 40) return 'warning';
  if (level >= 30) return 'info';
  if (level >= 20) return 'debug';
  return level >= 10 ? 'trace' : undefined;
}

/** Epoch ms of a time value: RFC 3339 text, or a number of seconds, ms, µs or ns since the epoch (told apart by size). */
function timeOf(value: unknown, ctx: ParseContext): { timestamp: number; inferred: boolean } | null {
  if (typeof value === 'string') return parseIsoPrefix(value, ctx);
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return null;
  const ms = value < 1e11 ? value * 1000 : value < 1e14 ? value : value < 1e17 ? value / 1e3 : value / 1e6;
  return { timestamp: Math.floor(ms), inferred: false };
}

/** A value as klog's text format writes it: strings quoted, a Kubernetes object reference as `namespace/name`. */
function renderValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (typeof o.name === 'string' && keys.every((k) => k === 'name' || k === 'namespace' || k === 'uid')) {
      return JSON.stringify(typeof o.namespace === 'string' && o.namespace !== '' ? `${o.namespace}/${o.name}` : o.name);
    }
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A field's text for `fields`: strings as they are, the rest as JSON. */
function fieldText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/** The head of a parsed JSON log object (salvaged ones included). */
export function jsonObjectToHead(obj: Record<string, unknown>, ctx: ParseContext, raw: string, error?: string): ParsedHead {
  const msg = first(obj, MESSAGE_KEYS);
  const pairs: string[] = [];
  for (const key of Object.keys(obj)) if (!HEADER_KEYS.has(key)) pairs.push(`${key}=${renderValue(obj[key])}`);
  let message = msg === undefined ? (error ? raw : pairs.join(' ')) : [fieldText(msg[1]), ...pairs].join(' ');
  if (typeof obj.stacktrace === 'string' && obj.stacktrace !== '') message += '\n' + obj.stacktrace;
  const time = first(obj, TIME_KEYS);
  const read = time ? timeOf(time[1], ctx) : null;
  const head: ParsedHead = { timestamp: read ? read.timestamp : null, message };
  if (read?.inferred) head.timestampInferred = true;
  const level = first(obj, LEVEL_KEYS);
  // klog's JSON has no level: `v` marks info lines, an error line has none (and usually an `err`).
  const severity = level ? severityOfLevel(level[1]) : typeof obj.v === 'number' ? 'info' : 'err' in obj ? 'error' : undefined;
  if (severity) head.severity = severity;
  const fields: Record<string, string> = {};
  for (const key of Object.keys(obj)) if (key !== msg?.[0]) fields[key] = fieldText(obj[key]);
  if (error) fields.truncated = 'true';
  head.fields = fields;
  const source = typeof obj.logger === 'string' && obj.logger !== '' ? obj.logger : typeof obj.caller === 'string' ? sourceFromCaller(obj.caller) : undefined;
  if (source) head.source = source;
  return head;
}

/**
 * The head of one line of a JSON-lines segment. Lines that are not JSON are kept: a stack frame or
 * an indented line joins the event above (a Go panic after the last JSON line), other text is its
 * own event with the severity its words say.
 */
export function jsonLinesToHead(parsed: JsonLinesParse, raw: string, ctx: ParseContext): ParsedHead | null {
  if (parsed.value) return jsonObjectToHead(parsed.value, ctx, raw, parsed.error);
  const trimmed = raw.trimStart();
  if (!trimmed.startsWith('{')) {
    const shape = continuationShape(raw);
    if (shape === 'indent' || shape === 'frame') return null;
  }
  const head: ParsedHead = { timestamp: null, message: raw };
  const severity = severityFromWords(raw);
  if (severity) head.severity = severity;
  if (trimmed.startsWith('{') && parsed.error) head.fields = { truncated: 'true' };
  return head;
}
