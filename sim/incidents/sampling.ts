// Draws for the attributes of one call: a category, a priority, time on scene, units needed.
// Pure functions of a seeded Random, so the same stream gives the same calls.

import { FALLBACK_CATEGORY_ID, type IncidentCategory, type OnSceneDistribution, type UnitsNeeded } from '../../shared/incident-schema.ts';
import type { Random } from '../random.ts';

/** Discrete distribution over 0..n-1 with given non-negative weights (need not sum to 1). */
export class Categorical {
  private readonly cum: Float64Array;
  readonly total: number;

  constructor(weights: readonly number[]) {
    this.cum = new Float64Array(weights.length);
    let s = 0;
    weights.forEach((w, i) => {
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`Unexpected weight at index ${i}: ${w}.`);
      s += w;
      this.cum[i] = s;
    });
    if (!(s > 0)) throw new RangeError(`Unexpected weights: they sum to ${s}, need a positive total.`);
    this.total = s;
  }

  /** An index i with probability weights[i] / total; never one of weight 0. */
  sample(rng: Random): number {
    const u = rng.next() * this.total;
    // First index whose cumulative weight exceeds u (binary search).
    let lo = 0, hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cum[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** Time on scene in seconds, drawn from the category's distribution. */
export function sampleOnSceneSeconds(d: OnSceneDistribution, rng: Random): number {
  switch (d.dist) {
    case 'exponential':
      return -d.meanMinutes * 60 * Math.log(1 - rng.next()); // 1 - U in (0, 1]: never log(0)
    case 'lognormal':
      return d.medianMinutes * 60 * Math.exp(d.sigma * rng.normal());
    case 'fixed':
      return d.minutes * 60;
  }
}

/** Mean time on scene in seconds: exponential mean, lognormal median·e^(σ²/2), or the fixed time. */
export function meanOnSceneSeconds(d: OnSceneDistribution): number {
  switch (d.dist) {
    case 'exponential':
      return d.meanMinutes * 60;
    case 'lognormal':
      return d.medianMinutes * 60 * Math.exp((d.sigma * d.sigma) / 2);
    case 'fixed':
      return d.minutes * 60;
  }
}

/** Precomputed draw of units needed: a constant or a distribution. */
export function unitsSampler(u: UnitsNeeded | undefined): (rng: Random) => number {
  if (u === undefined) return () => 1;
  if (typeof u === 'number') return () => u;
  const pick = new Categorical(u.map((x) => x.share));
  return (rng) => u[pick.sample(rng)].units;
}

/** The category's most likely priority level (the more urgent one on a tie). */
export function mostLikelyLevel(c: IncidentCategory): number {
  let best = 0;
  c.priorityShares.forEach((p, i) => {
    if (p > c.priorityShares[best]) best = i;
  });
  return best + 1;
}

/** The category for calls whose list gives none: `other` if defined, else the first. */
export function fallbackCategory(categories: readonly IncidentCategory[]): IncidentCategory | undefined {
  return categories.find((c) => c.id === FALLBACK_CATEGORY_ID) ?? categories[0];
}
