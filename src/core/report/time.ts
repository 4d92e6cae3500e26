/** Time formatting shared by the reports. */

/** ISO 8601 UTC, or null. */
export function iso(ts: number | null): string | null {
  return ts === null ? null : new Date(ts).toISOString();
}

/** `2021-04-13 10:15:02Z`, or `time unknown`. */
export function shortTime(ts: number | null): string {
  return ts === null
    ? 'time unknown'
    : new Date(ts)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z');
}
