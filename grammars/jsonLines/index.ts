/**
 * JSON-lines structured logs: one JSON object per line with a message key (`msg`, `message`) and a
 * level or time key. zap and logr, Kubernetes components with `--logging-format=json`, etcd, slog,
 * pino. journald's JSON export and Docker's json-file lines have kinds of their own, detected first.
 *
 * Sample: `{"level":"error","ts":1714557600.123,"caller":"controller/controller.go:329","msg":"Reconciler error","error":"context deadline exceeded"}`
 * Specified by: the loggers' encoders (field names in jsonLinesToEvents.ts; why JSON.parse in jsonLinesParser.ts).
 */
import type { LogGrammar, ParseContext, ParsedHead } from '../../src/model';
import { defineGrammar } from '../common/faults';
import { parseJsonLine } from './jsonLinesParser';
import { jsonLinesToHead, jsonObjectToHead } from './jsonLinesToEvents';

const MESSAGE_KEY = /"(?:msg|message)"\s*:/;
const HEADER_KEY = /"(?:level|lvl|severity|ts|time|timestamp|@timestamp)"\s*:/;

function detect(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
  if (line.charCodeAt(i) !== 0x7b /* { */ || line.charCodeAt(i + 1) !== 0x22 /* " */) return 0;
  const head = line.slice(i, i + 1000);
  if (!MESSAGE_KEY.test(head)) return 0;
  return HEADER_KEY.test(head) ? 2 : 1;
}

function parseHead(line: string, ctx: ParseContext): ParsedHead | null {
  if (line.trim() === '') return null;
  return jsonLinesToHead(parseJsonLine(line), line, ctx);
}

/**
 * A JSON log object carried as another log's message (etcd or a kubelet with `--logging-format=json`
 * writing through journald or syslog), read as a json-lines line is; null when the text is not a
 * complete JSON log object. Never throws.
 */
export function readJsonPayload(text: string, ctx: ParseContext): ParsedHead | null {
  if (detect(text) < 2) return null;
  const parsed = parseJsonLine(text);
  if (!parsed.value || parsed.error) return null;
  return jsonObjectToHead(parsed.value, ctx, text);
}

/** The JSON-lines grammar (kind `json-lines`). */
export const jsonLinesGrammar: LogGrammar = defineGrammar({ kind: 'json-lines', detect, parseHead });
