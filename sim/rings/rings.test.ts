import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LngLat } from '../../shared/units.ts';
import { routerFor } from '../test-support/fixtures.ts';
import { networkFromSpec, randomNetworkSpec } from '../test-support/random-network.ts';
import type { Router } from '../routing/router.ts';
import { SnapError, type SnappedPoint } from '../routing/snap.ts';
import { buildRings, ringsFromLabels, ringTolerance, RoadTimeField, type RingsOptions } from './index.ts';
import { syntheticCity } from './synthetic-city.ts';
import { verifyRings } from './test-helpers.ts';

function trySnap(router: Router, p: LngLat): SnappedPoint | null {
  try {
    return router.snap(p);
  } catch (err) {
    if (err instanceof SnapError) return null;
    throw err;
  }
}

/** Builds rings, then checks them against the true field (labels without a cutoff). */
function check(router: Router, origins: SnappedPoint[], minutes: number[], options: RingsOptions = {}, randomPoints = 300): string[] {
  const res = buildRings(router, origins, minutes, options);
  const full = router.label(origins).seconds;
  const field = new RoadTimeField(router.graph, router.costs, full, origins);
  return verifyRings(field, res, ringTolerance(res.cellMeters), {
    maxOffRoadMeters: options.maxOffRoadMeters ?? 150,
    randomPoints,
  });
}

describe('ring accuracy on a synthetic city', () => {
  const city = routerFor(syntheticCity({ seed: 7, cols: 40, rows: 40 }), 'car');
  const centre: LngLat = [117.6 + 0.0015 * 20 * 0.6, 26.2 + 0.0009 * 20 * 0.5];

  it('one origin, 1/3/5 minutes, default options', () => {
    const o = city.snap(centre);
    expect(check(city, [o], [1, 3, 5])).toEqual([]);
  });
});
