/**
 * The wrappings the engine reads a message in (klog's quoted message and values, JSON lines from Go and
 * from ASCII-only encoders, logrus): for the prefilter's tests and the log-store pushdown's, which must
 * read through them alike.
 */
import type { LogKind } from '../../../src/model';

/** Go's strconv.Quote for the characters logs hold (klog's and logrus's quoted values). */
export const goQuote = (s: string): string =>
  '"' +
  s
    .replace(/[\\"]/g, (c) => '\\' + c)
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r') +
  '"';
/** Go's encoding/json: `<`, `>`, `&` escaped too. */
const goJson = (s: string): string => JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
/** An ASCII-only JSON encoder (Python's json.dumps). */
const asciiJson = (s: string): string => JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
const KLOG_HEAD = 'E0501 10:00:07.101010    4412 controller.go:316] ';
const FIRST_KEY = /\s[A-Za-z_][\w.-]*=/;

/** The wrappings the engine reads a message in: the kind a line of it is read as, and the raw line. */
export const WRAPPINGS: { name: string; kind: LogKind; wrap: (text: string) => string }[] = [
  { name: 'klog quoted message', kind: 'klog', wrap: (t) => KLOG_HEAD + goQuote(t) },
  {
    // klog's structured form: the message quoted up to its first key=value pair, the pairs as written.
    name: 'klog message and key=value pairs',
    kind: 'klog',
    wrap: (t) => {
      const m = t.includes('\n') ? null : FIRST_KEY.exec(t);
      return KLOG_HEAD + (m ? goQuote(t.slice(0, m.index)) + t.slice(m.index) : goQuote(t));
    },
  },
  { name: 'klog err value', kind: 'klog', wrap: (t) => `${KLOG_HEAD}"Reconciler error" controller="deployment" err=${goQuote(t)}` },
  { name: 'JSON line (Go)', kind: 'json-lines', wrap: (t) => `{"level":"error","ts":"2024-05-01T10:00:07.101Z","msg":${goJson(t)}}` },
  { name: 'JSON line (ASCII only)', kind: 'json-lines', wrap: (t) => `{"level":"error","ts":"2024-05-01T10:00:07.101Z","msg":${asciiJson(t)}}` },
  { name: 'klog in a JSON line', kind: 'json-lines', wrap: (t) => `{"level":"error","msg":${goJson(`${KLOG_HEAD}"Reconciler error" err=${goQuote(t)}`)}}` },
  { name: 'API error body in text', kind: 'plain', wrap: (t) => `Error: failed to sync: {"kind":"Status","status":"Failure","message":${goJson(t)}}` },
  { name: 'logrus msg', kind: 'logrus', wrap: (t) => `time="2024-05-01T10:00:07Z" level=error msg=${goQuote(t)}` },
];
