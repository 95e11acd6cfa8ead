import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeSample, welchTest } from './compare.ts';

const sample = fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 2, maxLength: 20 });

describe('describeSample', () => {
  it('gives mean, sd and the Student-t interval', () => {
    // mean 3, variance 2.5, sd/√n = √0.5, t(0.975, 4) = 2.776445
    const d = describeSample([1, 2, 3, 4, 5]);
    expect(d.n).toBe(5);
    expect(d.mean).toBe(3);
    expect(d.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    const half = 2.776445105 * Math.sqrt(0.5);
    expect(d.ci95![0]).toBeCloseTo(3 - half, 6);
    expect(d.ci95![1]).toBeCloseTo(3 + half, 6);
  });

  it('returns nulls rather than NaN for n < 2 and a zero-width interval for constant samples', () => {
    expect(describeSample([])).toEqual({ n: 0, mean: null, sd: null, ci95: null });
    expect(describeSample([7])).toEqual({ n: 1, mean: 7, sd: null, ci95: null });
    expect(describeSample([0.1, 0.1, 0.1])).toEqual({ n: 3, mean: 0.1, sd: 0, ci95: [0.1, 0.1] });
    expect(() => describeSample([1, NaN])).toThrow(/xs\[1\]/);
  });

  it('contains the mean, and the interval narrows as the sample grows', () => {
    fc.assert(
      fc.property(sample, (xs) => {
        const d = describeSample(xs);
        const twice = describeSample([...xs, ...xs]);
        return d.ci95![0] <= d.mean! + 1e-9 && d.mean! <= d.ci95![1] + 1e-9 &&
          twice.ci95![1] - twice.ci95![0] <= d.ci95![1] - d.ci95![0] + 1e-9;
      }),
    );
  });
});

describe('welchTest', () => {
  it('matches a worked example', () => {
    // xs: mean 3, s² = 2.5 (n 5); ys: mean 7, s² = 14 (n 6).
    // se² = 2.5/5 + 14/6 = 17/6; t = 4/√(17/6) = 2.376354
    // df = (17/6)² / (0.5²/4 + (7/3)²/5) = (289/36) / (0.0625 + 49/45) = 6.972256
    // p = 2·P(T₆.₉₇ > 2.3764) = 0.04928; ci95 = 4 ± t(0.975, 6.972)·√(17/6) = 4 ± 2.366533·1.683251
    const r = welchTest([1, 2, 3, 4, 5], [2, 4, 6, 8, 10, 12]);
    expect(r.diff).toBe(4);
    expect(r.t).toBeCloseTo(4 / Math.sqrt(17 / 6), 12);
    expect(r.df).toBeCloseTo(289 / 36 / (0.0625 + 49 / 45), 10);
    expect(r.p).toBeCloseTo(0.049284, 5);
    expect(r.significant).toBe(true);
    expect(r.ci95[0]).toBeCloseTo(4 - 2.366533 * Math.sqrt(17 / 6), 5);
    expect(r.ci95[1]).toBeCloseTo(4 + 2.366533 * Math.sqrt(17 / 6), 5);
  });

  it('finds no difference between identical samples: t = 0, p = 1', () => {
    const r = welchTest([3, 5, 9, 1], [3, 5, 9, 1]);
    expect(r).toMatchObject({ diff: 0, t: 0, p: 1, significant: false });
  });

  it('handles zero variance without NaN', () => {
    expect(welchTest([2, 2, 2], [2, 2])).toEqual({ diff: 0, ci95: [0, 0], t: 0, df: 3, p: 1, significant: false });
    const apart = welchTest([2, 2, 2], [5, 5]);
    expect(apart).toEqual({ diff: 3, ci95: [3, 3], t: Infinity, df: 3, p: 0, significant: true });
    expect(welchTest([5, 5], [2, 2, 2]).t).toBe(-Infinity);
    // One constant sample: df falls back to n − 1 of the other.
    const one = welchTest([4, 4, 4], [1, 2, 3, 4, 5]);
    expect(one.df).toBeCloseTo(4, 12);
    expect(Number.isNaN(one.p)).toBe(false);
    // Tiny but nonzero variances do not underflow into NaN.
    const tiny = welchTest([0, 1e-200], [0, 2e-200]);
    expect(Number.isFinite(tiny.df) && Number.isFinite(tiny.p)).toBe(true);
  });

  it('names the argument that is too short or malformed', () => {
    expect(() => welchTest([1], [1, 2])).toThrow(/xs length: 1/);
    expect(() => welchTest([1, 2], [])).toThrow(/ys length: 0/);
    expect(() => welchTest([1, 2], [1, Infinity])).toThrow(/ys\[1\]/);
  });

  it('gives p in [0, 1], is symmetric, and its interval covers 0 exactly when not significant', () => {
    fc.assert(
      fc.property(sample, sample, (xs, ys) => {
        const a = welchTest(xs, ys);
        const b = welchTest(ys, xs);
        if (!(a.p >= 0 && a.p <= 1)) return false;
        if (a.p !== b.p || a.df !== b.df || a.diff !== -b.diff || a.t !== -b.t) return false;
        if (a.significant !== b.significant) return false;
        // The 95% interval excludes 0 iff p < 0.05 (up to rounding at the boundary).
        if (Math.abs(a.p - 0.05) > 1e-6) {
          const covers = a.ci95[0] <= 0 && 0 <= a.ci95[1];
          if (covers === a.significant) return false;
        }
        return true;
      }),
    );
  });
});
