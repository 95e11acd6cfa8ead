import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { erlangB, erlangC, mmcMeanWait, mmcWaitTailProbability } from './erlang.ts';
import { createRandom } from '../random.ts';

/** Textbook Erlang C by direct summation: (a^c/c!)·c/(c−a) / (Σ_{k<c} a^k/k! + (a^c/c!)·c/(c−a)). */
function erlangCBySummation(c: number, a: number): number {
  let term = 1; // a^k / k!
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = (term * c) / (c - a);
  return top / (sum + top);
}

describe('erlangC', () => {
  it('equals ρ for one server', () => {
    for (const rho of [0.01, 0.3, 0.5, 0.9, 0.999]) expect(erlangC(1, rho)).toBeCloseTo(rho, 12);
  });

  it('matches the two-server closed form 2ρ²/(1+ρ)', () => {
    for (const rho of [0.1, 0.5, 0.8, 0.95]) {
      expect(erlangC(2, 2 * rho)).toBeCloseTo((2 * rho * rho) / (1 + rho), 12);
    }
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
  });

  it('matches direct summation of the textbook formula', () => {
    for (const [c, a] of [
      [5, 3],
      [10, 8],
      [20, 17.5],
      [50, 45],
    ]) {
      expect(erlangC(c, a)).toBeCloseTo(erlangCBySummation(c, a), 12);
    }
  });

  it('stays finite for hundreds of servers, where a^c/c! overflows', () => {
    const v = erlangC(400, 390);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeGreaterThan(0);
    expect(v).toBeLessThan(1);
  });

  it('is 0 without load and rejects unstable or malformed arguments by name', () => {
    expect(erlangC(3, 0)).toBe(0);
    expect(() => erlangC(3, 3)).toThrow(/offeredLoad.*< c = 3/);
    expect(() => erlangC(3, -1)).toThrow(/offeredLoad/);
    expect(() => erlangC(3, NaN)).toThrow(/offeredLoad/);
    expect(() => erlangC(0, 0.5)).toThrow(/number of servers/);
    expect(() => erlangC(2.5, 0.5)).toThrow(/number of servers/);
    expect(() => erlangB(2, -1)).toThrow(/offeredLoad/);
  });

  it('lies in (0, 1), increases with load and decreases with servers', () => {
    // Per-server loads from 0.1 keep C above the double underflow limit for c ≤ 200.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0.1, max: 0.998, noNaN: true }),
        fc.double({ min: 0.1, max: 0.999, noNaN: true }),
        (c, u, v) => {
          const a1 = c * Math.min(u, v);
          const a2 = c * Math.max(u, v);
          const c1 = erlangC(c, a1);
          const c2 = erlangC(c, a2);
          const more = erlangC(c + 1, a1);
          return c1 > 0 && c1 < 1 && c2 > 0 && c2 < 1 && c1 <= c2 && more < c1;
        },
      ),
    );
  });

  it('stays in [0, 1) at any stable load (tiny values may underflow to 0)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.double({ min: 0, max: 0.9999, noNaN: true }), (c, u) => {
        const v = erlangC(c, c * u);
        return v >= 0 && v < 1;
      }),
    );
  });
});

describe('mmcMeanWait and mmcWaitTailProbability', () => {
  it('reduce to the M/M/1 formulas', () => {
    // λ = 0.5, μ = 1: Wq = ρ/(μ − λ) = 1, P(W > t) = ρ·e^{−(μ−λ)t}.
    expect(mmcMeanWait(1, 0.5, 1)).toBeCloseTo(1, 12);
    expect(mmcWaitTailProbability(1, 0.5, 1, 0)).toBeCloseTo(0.5, 12);
    expect(mmcWaitTailProbability(1, 0.5, 1, 2)).toBeCloseTo(0.5 * Math.exp(-1), 12);
    expect(mmcWaitTailProbability(1, 0.5, 1, Infinity)).toBe(0);
  });

  it('uses C/(cμ − λ) with consistent units', () => {
    // 4 units, one call every 10 min, 30 min per call (rates per second): a = 3 erlangs.
    const lambda = 1 / 600, mu = 1 / 1800;
    const c = erlangCBySummation(4, 3);
    expect(mmcMeanWait(4, lambda, mu)).toBeCloseTo(c / (4 * mu - lambda), 9);
    expect(mmcWaitTailProbability(4, lambda, mu, 300)).toBeCloseTo(c * Math.exp(-(4 * mu - lambda) * 300), 12);
  });

  it('agrees with a seeded simulation of a first-come first-served M/M/3 queue', () => {
    const rng = createRandom(2024);
    const c = 3, lambda = 2.4, mu = 1;
    const exp = (rate: number): number => -Math.log(1 - rng.next()) / rate;
    const free = new Float64Array(c); // time each server becomes free
    let t = 0, waitSum = 0, waitedLong = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      t += exp(lambda);
      let k = 0;
      for (let j = 1; j < c; j++) if (free[j] < free[k]) k = j;
      const start = Math.max(t, free[k]);
      waitSum += start - t;
      if (start - t > 0.5) waitedLong++;
      free[k] = start + exp(mu);
    }
    expect(waitSum / n).toBeCloseTo(mmcMeanWait(c, lambda, mu), 1);
    expect(waitedLong / n).toBeCloseTo(mmcWaitTailProbability(c, lambda, mu, 0.5), 1);
  });

  it('rejects unstable systems and bad arguments by name', () => {
    expect(() => mmcMeanWait(2, 2, 1)).toThrow(/lambda \/ mu/);
    expect(() => mmcMeanWait(2, 1, 0)).toThrow(/mu/);
    expect(() => mmcMeanWait(2, -1, 1)).toThrow(/lambda/);
    expect(() => mmcWaitTailProbability(2, 1, 1, -1)).toThrow(/\bt value/);
  });
});
