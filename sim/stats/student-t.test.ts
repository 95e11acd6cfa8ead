import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { incompleteBeta, logGamma, normalCdf, tCdf, tPdf, tQuantile, tSurvival } from './student-t.ts';

describe('special functions', () => {
  it('logGamma matches factorials and Γ(½) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    let lnFact = 0;
    for (let k = 2; k < 100; k++) lnFact += Math.log(k);
    expect(logGamma(100)).toBeCloseTo(lnFact, 9);
    expect(() => logGamma(0)).toThrow(/x value: 0/);
  });

  it('incompleteBeta matches closed forms', () => {
    // I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b; I_x(a, a) at ½ is ½.
    expect(incompleteBeta(0.3, 2.5, 1)).toBeCloseTo(0.3 ** 2.5, 13);
    expect(incompleteBeta(0.7, 1, 3)).toBeCloseTo(1 - 0.3 ** 3, 13);
    expect(incompleteBeta(0.5, 7, 7)).toBeCloseTo(0.5, 13);
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
  });
});

describe('Student t distribution', () => {
  it('matches the Cauchy (df = 1) and df = 2 closed forms', () => {
    for (const t of [-30, -2, -0.5, 0, 0.3, 1, 4, 100]) {
      expect(tCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
      expect(tCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 12);
    }
  });

  it('gives the table quantiles t(0.975, df)', () => {
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.7062, 4);
    expect(tQuantile(0.975, 5)).toBeCloseTo(2.5706, 4);
    expect(tQuantile(0.975, 30)).toBeCloseTo(2.0423, 4);
    expect(tQuantile(0.975, Infinity)).toBeCloseTo(1.95996, 5);
    expect(tQuantile(0.975, 1e9)).toBeCloseTo(1.959964, 6);
    expect(tQuantile(0.975, 1e6)).toBeCloseTo(1.959966357, 8); // large df: no cancellation in ln B
    expect(tQuantile(0.995, 10)).toBeCloseTo(3.1693, 4);
    expect(tQuantile(0.025, 5)).toBeCloseTo(-2.5706, 4);
  });

  it('has the normal as its df = ∞ limit', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 12);
    expect(tCdf(1.5, Infinity)).toBeCloseTo(normalCdf(1.5), 14);
  });

  it('agrees with numerical integration of the density', () => {
    // Simpson's rule on [0, t], plus ½ for the lower half.
    for (const [t, df] of [
      [1.7, 3],
      [2.3, 6.97],
      [0.8, 40],
    ]) {
      const n = 2000, h = t / n;
      let s = tPdf(0, df) + tPdf(t, df);
      for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * tPdf(i * h, df);
      expect(tCdf(t, df)).toBeCloseTo(0.5 + (s * h) / 3, 10);
    }
  });

  it('is symmetric, monotone and inverted by tQuantile', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: 0.5, max: 1e4, noNaN: true }), (t, df) => {
        const c = tCdf(t, df);
        if (!(c >= 0 && c <= 1)) return false;
        if (Math.abs(c + tCdf(-t, df) - 1) > 1e-12) return false;
        if (tCdf(t + 0.1, df) < c) return false;
        if (c > 1e-9 && c < 1 - 1e-9) {
          const back = tQuantile(c, df);
          if (Math.abs(back - t) > 1e-7 * Math.max(1, Math.abs(t))) return false;
        }
        return true;
      }),
    );
  });

  it('handles the ends and rejects bad arguments', () => {
    expect(tQuantile(0, 4)).toBe(-Infinity);
    expect(tQuantile(1, 4)).toBe(Infinity);
    expect(tQuantile(0.5, 4)).toBe(0);
    expect(tSurvival(Infinity, 3)).toBe(0);
    expect(tSurvival(-Infinity, 3)).toBe(1);
    expect(tSurvival(0, 3)).toBe(0.5);
    expect(() => tQuantile(1.5, 3)).toThrow(/p value/);
    expect(() => tCdf(1, 0)).toThrow(/df value: 0/);
    expect(() => tCdf(1, NaN)).toThrow(/df value/);
  });
});
