/**
 * Messages that carry their own header: kubelet writes klog through the journal, dockerd and
 * containerd write logrus text, etcd and JSON-logging kubelets a JSON object. Their level and message
 * are more telling than the journal's.
 *   kubelet[1234]: E0413 10:15:02.123456    1234 pod_workers.go:191] Error syncing pod ...
 *   dockerd[99]: time="2021-04-13T10:15:02.123456789Z" level=error msg="Handler for POST ... returned error"
 *   etcd[871]: {"level":"warn","ts":"2023-11-24T19:06:42.88814Z","caller":"etcdserver/util.go:170","msg":"apply request took too long","took":"112.966862ms"}
 * Spec: klog (https://github.com/kubernetes/klog), logrus TextFormatter (https://github.com/sirupsen/logrus),
 * the JSON loggers of grammars/jsonLines.
 * Also used by the syslog grammar, whose files carry the same payloads.
 */
import type { ParseContext, Severity } from '../../src/model';
import { guardGrammar } from '../common/faults';
import { looksLikeKlog, readKlogLine } from '../klog';
import { parseLogrusPayload } from '../logrus';
import { readJsonPayload } from '../jsonLines';

/** Level, message and fields read from a journal message's own header. */
export interface Payload {
  severity?: Severity;
  message: string;
  fields?: Record<string, string>;
}

/**
 * Read the payload's own header (klog, logrus or a JSON log object), or null when the message is plain
 * text. Behind the grammar boundary of its own: a bug in a payload reader is recorded, and the line
 * keeps the journal's (or syslog's) header with its message as written.
 */
export const readPayload: (message: string, ctx: ParseContext) => Payload | null = guardGrammar(
  'journal payload',
  'readPayload',
  readPayloadHeader,
  () => null,
);

function readPayloadHeader(message: string, ctx: ParseContext): Payload | null {
  if (message.charCodeAt(0) === 0x7b /* { */) {
    const j = readJsonPayload(message, ctx);
    if (!j) return null;
    const out: Payload = { message: j.message };
    if (j.severity) out.severity = j.severity;
    if (j.fields) out.fields = j.fields;
    return out;
  }
  if (looksLikeKlog(message)) {
    const k = readKlogLine(message);
    if (k) return { severity: k.severity, message: k.message, fields: k.fields };
  }
  // Only text that starts like logrus: `level=` inside prose is not a header.
  if (!message.startsWith('time="') && !message.startsWith('level=')) return null;
  const l = parseLogrusPayload(message, ctx);
  if (!l) return null;
  const out: Payload = { message: l.message };
  if (l.severity) out.severity = l.severity;
  if (l.fields) out.fields = l.fields;
  return out;
}
