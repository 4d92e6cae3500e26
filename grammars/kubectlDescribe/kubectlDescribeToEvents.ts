/**
 * Turns parsed `kubectl describe` lines into event heads: one event per field line (`Reason: Evicted`)
 * and per table row (`Events:`, `Conditions:`, any table under a `----` rule). Table headers, rules,
 * free text and wrapped values return null: they continue the event before them.
 *
 * Sample line: `      Reason:       OOMKilled`
 *
 * Specified by kubectl's describers (k8s.io/kubectl/pkg/describe/describe.go).
 */
import type { ParseContext, ParsedHead, Severity } from '../../src/model';
import { fromParts, monthIndex, parseIsoPrefix, type ReadTime } from '../common/time';
import { assignCells, camelKey, collapseBlanks, columnsFromCells } from '../kubectlGet/kubectlGetColumns';
import type { DescribeLine } from './kubectlDescribeParser';
import { currentRefs, describeState, enterField, updateObject, type DescribeState } from './kubectlDescribeState';

const WARN_REASONS = new Set([
  'Evicted',
  'OOMKilled',
  'CrashLoopBackOff',
  'Error',
  'ImagePullBackOff',
  'ErrImagePull',
  'CreateContainerConfigError',
  'ContainerCannotRun',
  'DeadlineExceeded',
]);
/** Sections whose first line of cells is a table header even without a `----` rule under it. */
const TABLE_SECTIONS = new Set(['Events', 'Conditions']);
const RFC1123 = /^(?:[A-Z][a-z]{2}, )?(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2})(?: ([+-]\d{4}|UTC|GMT|Z))?/;
const REPEATS = /\(x(\d+) over /;
const EVENT_COLUMNS = ['Type', 'Reason', 'Age', 'From', 'Message'];

/** Epoch of kubectl's RFC 1123 times (`Tue, 13 Apr 2021 10:15:02 +0000`) or of an ISO time; null otherwise. */
export function parseKubeTime(text: string, ctx: ParseContext): ReadTime | null {
  const m = RFC1123.exec(text);
  if (!m) return parseIsoPrefix(text, ctx);
  const z = m[7];
  const zone = z === undefined ? undefined : /^[+-]/.test(z) ? (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5))) : 0;
  return fromParts(ctx, {
    year: Number(m[3]),
    month: monthIndex(m[2]),
    day: Number(m[1]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    zoneOffsetMinutes: zone,
  });
}

function withTime(head: ParsedHead, t: ReadTime | null): ParsedHead {
  if (t) {
    head.timestamp = t.timestamp;
    if (t.inferred) head.timestampInferred = true;
  }
  return head;
}

function fieldToHead(st: DescribeState, line: Extract<DescribeLine, { type: 'field' }>, ctx: ParseContext): ParsedHead | null {
  const { indent, key, value } = line;
  // Wrapped values (`Labels:` continuations, a long `Message:`) sit at the value column or deeper.
  if (st.valueCol !== null && indent >= st.valueCol) return null;
  // Describe's top-level keys are capitalised; an unindented lower-case `word:` is wrapped text.
  if (indent === 0 && /^[a-z]/.test(key)) return null;
  st.table = null;
  st.candidate = null;
  if (indent === 0) updateObject(st, key, value);
  const section = enterField(st, indent, key);
  st.valueCol = value === '' ? null : line.valueStart;
  st.awaitingHeader = value === '' && TABLE_SECTIONS.has(key) ? key : null;
  const fields: Record<string, string> = { field: key, value };
  if (section !== '') fields.section = section;
  const warn = ((key === 'Reason' || key === 'State') && WARN_REASONS.has(value)) || (key === 'Status' && value === 'Failed');
  const head: ParsedHead = {
    timestamp: null,
    severity: warn ? 'warning' : 'info',
    message: value === '' ? `${key}:` : `${key}: ${value}`,
    refs: currentRefs(st),
    fields,
  };
  return withTime(head, value === '' ? null : parseKubeTime(value, ctx));
}

function conditionSeverity(st: DescribeState, type: string, status: string): Severity {
  if (/Pressure$|Unavailable$/.test(type)) return status === 'True' ? 'warning' : 'info';
  if (status === 'True' || status === '') return 'info';
  return st.obj.kind !== 'pod' || type === 'PodScheduled' ? 'warning' : 'info';
}

function rowToHead(st: DescribeState, cells: Extract<DescribeLine, { type: 'cells' }>['cells'], text: string, ctx: ParseContext): ParsedHead {
  const table = st.table!;
  const values = assignCells(cells, table.columns, text);
  const fields: Record<string, string> = { section: table.section };
  for (const [name, v] of Object.entries(values)) fields[camelKey(name)] = v;
  const refs = currentRefs(st);
  const head: ParsedHead = { timestamp: null, severity: 'info', message: collapseBlanks(text), refs, fields };
  const message = fields.message ?? '';
  delete fields.message;
  if (table.section === 'Events') {
    const count = REPEATS.exec(fields.age ?? '')?.[1] ?? fields.count;
    if (count !== undefined) fields.count = count;
    head.message = message !== '' ? message : (fields.reason ?? head.message);
    head.severity = fields.type === 'Warning' ? 'warning' : 'info';
    if (fields.from) head.source = fields.from.split(',')[0].trim();
    if (st.obj.kind && st.obj.name) refs.object = `${st.obj.kind}/${st.obj.name}`;
    // The object's status as described, so a rule can tell an event the object has since got over
    // (a claim that failed to provision once and is `Bound`): `field.objectStatus`.
    if (st.obj.status) fields.objectStatus = st.obj.status;
    return head;
  }
  if (table.section === 'Conditions') {
    const { type = '', status = '', reason } = fields;
    head.message = `${type}=${status}${reason ? ` ${reason}` : ''}${message ? `: ${message}` : ''}`;
    head.severity = conditionSeverity(st, type, status);
    if (message) fields.message = message;
    return withTime(head, parseKubeTime(fields.lastTransitionTime ?? fields.lastHeartbeatTime ?? '', ctx));
  }
  if (message) fields.message = message;
  if (table.section === 'Non-terminated Pods' && fields.namespace && fields.name) {
    refs.namespace = fields.namespace;
    refs.pod = fields.name;
  }
  return head;
}

/**
 * The event head for one parsed line, or null when the line continues the previous event.
 * `text` is the (possibly cut) line the parse was made from.
 */
export function describeLineToHead(line: DescribeLine, text: string, ctx: ParseContext): ParsedHead | null {
  const st = describeState(ctx);
  switch (line.type) {
    case 'blank':
      return null;
    case 'field':
      return fieldToHead(st, line, ctx);
    case 'rule':
      if (st.candidate && !st.table) {
        st.table = { section: st.stack.map((s) => s.name).join('/'), indent: st.candidate[0].start, columns: columnsFromCells(st.candidate) };
        st.valueCol = null;
      }
      st.candidate = null;
      return null;
    case 'cells': {
      if (st.table) {
        if (line.cells.every((c) => /^-+$/.test(c.text)) || line.indent !== st.table.indent) return null;
        return rowToHead(st, line.cells, text, ctx);
      }
      if (line.cells.length >= 5 && /^(?:Normal|Warning)$/.test(line.cells[0].text)) {
        // An Events row whose header lies outside the segment: assume the usual columns.
        st.table = { section: 'Events', indent: line.indent, columns: EVENT_COLUMNS.map((name, i) => ({ name, start: line.cells[i].start })) };
        return rowToHead(st, line.cells, text, ctx);
      }
      if (st.awaitingHeader !== null && line.cells.length >= 2) {
        st.table = { section: st.awaitingHeader, indent: line.indent, columns: columnsFromCells(line.cells) };
        st.awaitingHeader = null;
        st.valueCol = null;
      } else st.candidate = line.cells;
      return null;
    }
  }
}
