/**
 * Column layout of kubectl's tabwriter tables (`kubectl get`, the tables inside `kubectl describe`).
 *
 * Sample header: `NAMESPACE   NAME                READY   STATUS    RESTARTS   AGE`
 *
 * kubectl pads columns with spaces (at least 3 in `get`, 2 in `describe`), so every header word
 * starts exactly where its column's values start (see k8s.io/cli-runtime/pkg/printers/tabwriter.go).
 * Cells are runs of text with single spaces inside (`LAST SEEN`, `5m (x2 over 10m)`).
 * Shared by the kubectl-get and kubectl-describe grammars.
 */

/** A run of text on a line, with its offsets. */
export interface TextCell {
  /** The cell text (single spaces inside, no leading/trailing blanks). */
  text: string;
  /** Offset of its first character in the line. */
  start: number;
  /** Offset just past its last character. */
  end: number;
}

/** One column of a table: its header text and the offset where its values start. */
export interface Column {
  /** Header text as printed, e.g. `NOMINATED NODE` or `LastHeartbeatTime`. */
  name: string;
  /** Offset of the header word in its line. */
  start: number;
}

/** The columns of a header line, one per header cell. */
export function columnsFromCells(cells: readonly TextCell[]): Column[] {
  return cells.map((c) => ({ name: c.text, start: c.start }));
}

/**
 * Values of a row by column name. Cells go to the column starting at their offset; when the row is
 * not aligned with the header (re-spaced, pasted through a chat), cells are taken in order instead.
 * Either way the last column takes the rest of the row, double spaces included.
 */
export function assignCells(row: readonly TextCell[], columns: readonly Column[], line: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (columns.length === 0 || row.length === 0) return out;
  const last = columns.length - 1;
  const target: number[] = [];
  let aligned = true;
  for (const cell of row) {
    let k = last;
    while (k > 0 && columns[k].start > cell.start) k--;
    const prev = target.length > 0 ? target[target.length - 1] : -1;
    // A cell off its column start is only fine as a later piece of the free-text last column.
    if (cell.start !== columns[k].start && !(k === last && prev === last)) aligned = false;
    target.push(k);
  }
  if (!aligned) for (let i = 0; i < row.length; i++) target[i] = Math.min(i, last);
  const first: Record<number, number> = {};
  for (let i = 0; i < row.length; i++) {
    const k = target[i];
    if (first[k] === undefined) first[k] = row[i].start;
    out[columns[k].name] = line.slice(first[k], row[i].end);
  }
  return out;
}

/** A header as a camelCase field key: `LastHeartbeatTime` -> `lastHeartbeatTime`, `CPU Requests` -> `cpuRequests`. */
export function camelKey(header: string): string {
  const words = header.split(/[\s_-]+/).filter((w) => w !== '');
  return words
    .map((w, i) => {
      const lower = w === w.toUpperCase() ? w.toLowerCase() : w;
      return i === 0 ? lower[0].toLowerCase() + lower.slice(1) : lower[0].toUpperCase() + lower.slice(1);
    })
    .join('');
}

/** Row text with runs of blanks collapsed to one space, as a readable message. */
export function collapseBlanks(text: string): string {
  return text.trim().replace(/[ \t]+/g, ' ');
}
