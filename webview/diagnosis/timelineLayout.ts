/**
 * Layout of the Diagnosis page's timeline, apart from the DOM so the unit suite covers it: one row
 * per source (ordered by first appearance in time), each point placed by time on 0..1, and a few
 * time ticks.
 */
import type { ViewTimelinePoint } from './protocol';

/** A point with its place. */
export interface PlacedPoint {
  /** The point. */
  point: ViewTimelinePoint;
  /** Row index. */
  row: number;
  /** 0..1 from start to end (0.5 when all points share one time). */
  x: number;
}

/** The chart's layout. */
export interface TimelineLayout {
  /** Row labels (sources), top to bottom. */
  rows: string[];
  /** Placed points. */
  points: PlacedPoint[];
  /** Earliest time (epoch ms). */
  start: number;
  /** Latest time (epoch ms). */
  end: number;
  /** Ticks: place 0..1 and label. */
  ticks: { x: number; label: string }[];
}

/** Lay out `points`; undefined when there is nothing timed to draw. */
export function layoutTimeline(points: readonly ViewTimelinePoint[], tickCount = 5): TimelineLayout | undefined {
  const timed = points.filter((p) => Number.isFinite(p.timestamp));
  if (!timed.length) return undefined;
  const sorted = [...timed].sort((a, b) => a.timestamp - b.timestamp);
  const start = sorted[0].timestamp;
  const end = sorted[sorted.length - 1].timestamp;
  const span = end - start;
  const rows: string[] = [];
  const rowOf = new Map<string, number>();
  for (const p of sorted) {
    if (!rowOf.has(p.source)) {
      rowOf.set(p.source, rows.length);
      rows.push(p.source);
    }
  }
  const place = (t: number): number => (span > 0 ? (t - start) / span : 0.5);
  const sameDay = formatTime(start).slice(0, 10) === formatTime(end).slice(0, 10);
  const tickLabel = (t: number): string => (sameDay ? formatTime(t).slice(11) : formatTime(t).slice(5, 16));
  const n = Math.max(2, tickCount);
  const ticks =
    span > 0
      ? Array.from({ length: n }, (_, i) => ({ x: i / (n - 1), label: tickLabel(start + (span * i) / (n - 1)) }))
      : [{ x: 0.5, label: tickLabel(start) }];
  return { rows, points: sorted.map((p) => ({ point: p, row: rowOf.get(p.source) as number, x: place(p.timestamp) })), start, end, ticks };
}

/** `YYYY-MM-DD HH:MM:SS` (UTC), or an em dash for null. */
export function formatTime(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
