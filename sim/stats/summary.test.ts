import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mean, quantile, summarize, TimeWeighted } from './summary.ts';

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });

describe('mean and quantile', () => {
  it('computes the mean, NaN when empty', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([])).toBeNaN();
  });

  it('interpolates between order statistics (type 7, as R and NumPy default)', () => {
    const xs = [10, 20, 30, 40, 50];
    expect(quantile(xs, 0)).toBe(10);
    expect(quantile(xs, 1)).toBe(50);
    expect(quantile(xs, 0.5)).toBe(30);
    expect(quantile(xs, 0.9)).toBeCloseTo(46, 12); // h = 3.6 → 40 + 0.6·10
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([7], 0.3)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
    expect(() => quantile(xs, 1.1)).toThrow(/q value: 1.1/);
    expect(() => quantile(xs, NaN)).toThrow(/q value/);
  });

  it('quantile is monotone in q and stays between min and max', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 50 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, q1, q2) => {
        const s = [...xs].sort((a, b) => a - b);
        const lo = Math.min(q1, q2), hi = Math.max(q1, q2);
        const a = quantile(s, lo), b = quantile(s, hi);
        return a <= b && a >= s[0] && b <= s[s.length - 1];
      }),
    );
  });
});

describe('summarize', () => {
  it('summarizes a sample', () => {
    const s = summarize([300, 60, 120, 180, 240]);
    expect(s).toEqual({ count: 5, mean: 180, p50: 180, p90: 276, p95: 288, min: 60, max: 300 });
  });

  it('gives count 0 and nulls for an empty input, never NaN', () => {
    expect(summarize([])).toEqual({ count: 0, mean: null, p50: null, p90: null, p95: null, min: null, max: null });
  });

  it('rejects non-finite values with their index', () => {
    expect(() => summarize([1, NaN])).toThrow(/values\[1\]/);
    expect(() => summarize([Infinity])).toThrow(/values\[0\]/);
  });
});

describe('TimeWeighted', () => {
  it('averages a level over time, not over changes', () => {
    const busy = new TimeWeighted(0, 0);
    busy.set(120, 1);
    busy.set(300, 0);
    expect(busy.mean(600)).toBeCloseTo(0.3, 12);
    expect(busy.integral(600)).toBeCloseTo(180, 12);
    // Still usable after asking.
    busy.set(600, 2);
    expect(busy.mean(900)).toBeCloseTo((180 + 600) / 900, 12);
    expect([busy.min, busy.max, busy.level]).toEqual([0, 2, 2]);
  });

  it('uses the current level over an empty interval, and counts zero-length steps as nothing', () => {
    const tw = new TimeWeighted(50, 3);
    expect(tw.mean(50)).toBe(3);
    tw.set(50, 5);
    tw.set(60, 1);
    expect(tw.mean(70)).toBeCloseTo(3, 12);
  });

  it('throws when time goes backwards or values are not finite', () => {
    const tw = new TimeWeighted(10, 1);
    tw.set(20, 2);
    expect(() => tw.set(19, 0)).toThrow(/t value: 19\. Time went backwards \(last change at 20\)/);
    expect(() => tw.mean(15)).toThrow(/tEnd value: 15/);
    expect(() => tw.set(30, NaN)).toThrow(/level value/);
    expect(() => new TimeWeighted(NaN, 0)).toThrow(/t0 value/);
  });

  it('lies between the smallest and largest level', () => {
    fc.assert(
      fc.property(
        finite,
        fc.array(fc.tuple(fc.double({ min: 0, max: 1e4, noNaN: true }), finite), { maxLength: 30 }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        (first, steps, tail) => {
          const tw = new TimeWeighted(0, first);
          let t = 0, lo = first, hi = first;
          for (const [dt, level] of steps) {
            t += dt;
            tw.set(t, level);
            lo = Math.min(lo, level);
            hi = Math.max(hi, level);
          }
          const m = tw.mean(t + tail);
          return m >= lo && m <= hi;
        },
      ),
    );
  });

  it('equals the plain mean when every level holds for the same time', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 40 }), fc.double({ min: 0.001, max: 1e3, noNaN: true }), (levels, dt) => {
        const tw = new TimeWeighted(0, levels[0]);
        for (let i = 1; i < levels.length; i++) tw.set(i * dt, levels[i]);
        const m = tw.mean(levels.length * dt);
        const scale = Math.max(1, ...levels.map(Math.abs));
        return Math.abs(m - mean(levels)) <= 1e-9 * scale;
      }),
    );
  });
});
