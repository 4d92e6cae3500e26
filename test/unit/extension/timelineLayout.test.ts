import { strict as assert } from 'node:assert';
import { formatTime, layoutTimeline } from '../../../webview/diagnosis/timelineLayout';
import type { ViewTimelinePoint } from '../../../webview/diagnosis/protocol';

const p = (timestamp: number, source: string, severity: ViewTimelinePoint['severity'] = 'error'): ViewTimelinePoint => ({
  timestamp,
  source,
  severity,
  signatureId: 's',
  text: 't',
  input: 0,
  line: 1,
});
const T0 = Date.UTC(2018, 10, 23, 8, 0, 0);

describe('extension: timeline layout', () => {
  it('returns nothing without timed points', () => {
    assert.equal(layoutTimeline([]), undefined);
  });

  it('has one row per source, in order of first appearance', () => {
    const l = layoutTimeline([p(T0 + 60_000, 'jenkins'), p(T0, 'kubelet'), p(T0 + 120_000, 'kubelet')]);
    assert.ok(l);
    assert.deepEqual(l.rows, ['kubelet', 'jenkins']);
    assert.deepEqual(
      l.points.map((x) => [x.row, x.x]),
      [
        [0, 0],
        [1, 0.5],
        [0, 1],
      ],
    );
    assert.equal(l.start, T0);
    assert.equal(l.end, T0 + 120_000);
    assert.equal(l.ticks[0].label, '08:00:00');
    assert.equal(l.ticks[l.ticks.length - 1].label, '08:02:00');
  });

  it('centres points that share one time', () => {
    const l = layoutTimeline([p(T0, 'a'), p(T0, 'b')]);
    assert.ok(l);
    assert.deepEqual(
      l.points.map((x) => x.x),
      [0.5, 0.5],
    );
    assert.equal(l.ticks.length, 1);
  });

  it('labels ticks with the date when the span crosses days', () => {
    const l = layoutTimeline([p(T0, 'a'), p(T0 + 86_400_000 * 2, 'a')]);
    assert.ok(l);
    assert.equal(l.ticks[0].label, '11-23 08:00');
  });

  it('formats UTC times', () => {
    assert.equal(formatTime(T0), '2018-11-23 08:00:00');
    assert.equal(formatTime(null), '—');
  });
});
