import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { coord, escapeXml, histogramSvg, horizontalBarSvg, lineChartSvg, niceTicks } from './svg-charts.ts';

const count = (s: string, re: RegExp): number => (s.match(re) ?? []).length;

describe('escapeXml and coord', () => {
  it('escapes the five special characters', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeXml('巡逻1组')).toBe('巡逻1组');
  });

  it('writes short coordinates', () => {
    expect(coord(12.3456)).toBe('12.35');
    expect(coord(-0.001)).toBe('0');
    expect(coord(40)).toBe('40');
  });
});

describe('niceTicks', () => {
  it('picks round steps', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 3, 5, true)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(5, 5)).toEqual([5]);
    expect(niceTicks(0, NaN)).toEqual([]);
  });

  it('gives ascending ticks inside the range', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 20 }), (lo, span, n) => {
        const ticks = niceTicks(lo, lo + span, n);
        const eps = span * 1e-6;
        return ticks.length >= 1 && ticks.length <= 3 * n + 2 &&
          ticks.every((v, i) => v >= lo - eps && v <= lo + span + eps && (i === 0 || v > ticks[i - 1]));
      }),
    );
  });
});

describe('charts', () => {
  it('draws one bar per histogram bin and one marker group per marker', () => {
    const svg = histogramSvg({
      title: 'h',
      bins: [0, 1, 2, 3].map((i) => ({ x0: i * 60, x1: (i + 1) * 60, count: i * 2 })),
      markers: [{ x: 60, label: '1' }, { x: 180, label: '3' }, { x: 999, label: 'off the axis' }],
      xLabel: 'x',
      yLabel: 'y',
      xTicks: [0, 60, 120, 180, 240],
      xTickFormat: (v) => String(v / 60),
    });
    expect(count(svg, /<rect class="bar"/g)).toBe(4);
    expect(count(svg, /<g class="marker"/g)).toBe(2);
    expect(svg).not.toContain('NaN');
  });

  it('skips non-finite points and draws lone points as circles', () => {
    const svg = lineChartSvg({
      title: 'l',
      series: [
        { name: 'a', className: 'a', points: [[0, 1], [1, NaN], [2, 3]] },
        { name: 'b<', className: 'b', points: [[5, 50]] },
      ],
      xDomain: [0, 10],
      yDomain: [0, 100],
      xTicks: [0, 5, 10],
      yTicks: [0, 50, 100],
      xTickFormat: String,
      yTickFormat: String,
      xLabel: 'x',
      yLabel: 'y',
    });
    const polylines = [...svg.matchAll(/<polyline[^>]*points="([^"]*)"/g)].map((m) => m[1].split(' ').length);
    expect(polylines).toEqual([2, 1]);
    expect(count(svg, /<circle /g)).toBe(1);
    expect(svg).toContain('b&lt;');
    expect(svg).not.toContain('NaN');
  });

  it('draws horizontal bars in the given order and clamps to the domain', () => {
    const svg = horizontalBarSvg({
      title: 'w',
      bars: [
        { label: 'x', value: 150, valueLabel: '150' },
        { label: 'a very long unit name that will not fit in the label column at all', value: NaN, valueLabel: '—' },
      ],
      domain: [0, 100],
      ticks: [0, 50, 100],
      tickFormat: String,
      xLabel: '%',
    });
    expect(count(svg, /<rect class="hbar"/g)).toBe(2);
    expect(svg).toContain('…');
    expect(svg).not.toContain('NaN');
  });
});
