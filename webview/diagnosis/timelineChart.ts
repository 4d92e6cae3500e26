/**
 * The timeline chart: inline SVG, one row per source, one dot per timed occurrence coloured by
 * severity, with a tooltip (`<title>`) and keyboard access (each dot is focusable and reveals its
 * line on Enter/Space).
 */
import { h, s } from './dom';
import type { Post } from './sections';
import type { DiagnosisViewModel } from './protocol';
import { formatTime, layoutTimeline } from './timelineLayout';

const ROW = 26;
const LABEL = 170;
const WIDTH = 900;
const PAD = 14;
const AXIS = 22;

/** The chart element, and how many dots it drew. */
export function timelineChart(m: DiagnosisViewModel, post: Post): { element: Element; points: number } {
  const layout = layoutTimeline(m.timeline);
  if (!layout) {
    return {
      element: h('p', { class: 'empty' }, 'No finding carries a timestamp, so there is no timeline. (Describe output and plain consoles often have none.)'),
      points: 0,
    };
  }
  const height = layout.rows.length * ROW + AXIS + PAD;
  const plot = WIDTH - LABEL - PAD * 2;
  const xOf = (x: number): number => LABEL + PAD + x * plot;
  const svg = s('svg', {
    class: 'timeline',
    attrs: { viewBox: `0 0 ${WIDTH} ${height}`, role: 'group', 'aria-label': `Timeline from ${formatTime(layout.start)} to ${formatTime(layout.end)} (UTC)` },
  });
  layout.rows.forEach((label, r) => {
    const y = r * ROW + ROW / 2;
    svg.appendChild(s('line', { class: 'row-line', attrs: { x1: LABEL, x2: WIDTH - PAD, y1: y, y2: y } }));
    svg.appendChild(
      s(
        'text',
        { class: 'row-label', attrs: { x: LABEL - 8, y: y + 4, 'text-anchor': 'end' } },
        label.length > 26 ? `${label.slice(0, 25)}…` : label,
        s('title', {}, label),
      ),
    );
  });
  const axisY = layout.rows.length * ROW + 4;
  for (const t of layout.ticks) {
    const x = xOf(t.x);
    // Edge labels hang inwards so they are not cut off by the chart's border.
    const anchor = layout.ticks.length > 1 && t.x === 0 ? 'start' : layout.ticks.length > 1 && t.x === 1 ? 'end' : 'middle';
    svg.appendChild(s('line', { class: 'tick', attrs: { x1: x, x2: x, y1: 0, y2: axisY } }));
    svg.appendChild(s('text', { class: 'tick-label', attrs: { x, y: axisY + 14, 'text-anchor': anchor } }, t.label));
  }
  for (const p of layout.points) {
    const { point } = p;
    const name = m.inputs[point.input]?.name ?? `input ${point.input + 1}`;
    const tip = `${formatTime(point.timestamp)}Z · ${point.severity} · ${point.signatureId}\n${point.text}\n${name}:${point.line}`;
    const dot = s(
      'circle',
      {
        class: `dot sev-${point.severity}`,
        attrs: {
          cx: xOf(p.x).toFixed(1),
          cy: p.row * ROW + ROW / 2,
          r: point.severity === 'critical' ? 6 : 5,
          tabindex: 0,
          role: 'button',
          'aria-label': tip.replace(/\n/g, ', '),
        },
        onActivate: () => post({ type: 'reveal', input: point.input, line: point.line }),
      },
      s('title', {}, tip),
    );
    svg.appendChild(dot);
  }
  const legend = h(
    'div',
    { class: 'legend', attrs: { 'aria-hidden': 'true' } },
    ...['critical', 'error', 'warning', 'info'].map((sev) => h('span', { class: `legend-item sev-${sev}` }, sev)),
    h('span', { class: 'time' }, `${formatTime(layout.start)} – ${formatTime(layout.end)} UTC`),
  );
  return { element: h('div', { class: 'timeline-wrap' }, svg, legend), points: layout.points.length };
}
