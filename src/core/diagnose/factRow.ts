/** The record the cross-line checks read: a row of a `kubectl get` table, or a line fact (lineFacts.ts). */
import type { LogKind, Occurrence } from '../../model';

/** A row of a `kubectl get` table, with the columns the checks read. */
export interface TableRow {
  input: number;
  /** 1-based line. */
  line: number;
  /** The row's text. */
  text: string;
  /**
   * Columns by upper-case header (NAMESPACE, NAME, IP, NODE, PODCIDR, INTERNAL-IP, EXTERNAL-IP, STATUS);
   * for a line fact (src/core/diagnose/lineFacts.ts), lower-case names: `fact`, `value`, `host` ...
   */
  fields: Record<string, string>;
  /** The kind of the line's segment (a table row: `kubectl-get`). */
  kind?: LogKind;
}

/** An occurrence on a table row. */
export function at(row: TableRow, captures: Record<string, string>, refs: Occurrence['refs']): Occurrence {
  return { input: row.input, line: row.line, endLine: row.line, text: row.text, timestamp: null, captures, refs, kind: row.kind ?? 'kubectl-get' };
}

/** An empty table cell. */
export const unset = (v: string | undefined): boolean => v === undefined || v === '' || v === '<none>' || v === '<unknown>';
