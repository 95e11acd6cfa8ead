import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROFILES, type ProfileName } from '../../shared/roads.ts';
import { routerFor, trySnap } from '../test-support/fixtures.ts';
import { networkFromSpec, randomNetworkSpec } from '../test-support/random-network.ts';
import { tripFromRoute } from './trip.ts';

const pointArb = fc.tuple(fc.double({ min: 117.5985, max: 117.607, noNaN: true }), fc.double({ min: 26.1985, max: 26.2065, noNaN: true }));

describe('tripFromRoute', () => {
  it('takes exactly the route time, on connected legs the profile may drive, ending at the destination', () => {
    fc.assert(
      fc.property(randomNetworkSpec(), fc.constantFrom<ProfileName>(...PROFILES), pointArb, pointArb, fc.double({ min: 0, max: 1e5, noNaN: true }), (spec, profile, a, b, t0) => {
        const router = routerFor(networkFromSpec(spec), profile);
        const from = trySnap(router, a), to = trySnap(router, b);
        if (!from || !to) return;
        const route = router.route(from, to);
        if (!route) return;
        const g = router.graph, w = router.costs.edgeSeconds;
        const trip = tripFromRoute(g, w, route, t0);
        expect(trip.end - trip.start).toBeCloseTo(route.seconds, 6);
        for (let i = 0; i < trip.legCount; i++) {
          if (trip.f1[i] !== trip.f0[i]) expect(w[trip.edges[i]]).toBeLessThan(Infinity);
          expect(trip.f1[i]).toBeGreaterThanOrEqual(trip.f0[i] - 1e-12);
          if (i > 0) expect(trip.tIn[i]).toBe(trip.tOut[i - 1]);
          if (i > 0 && trip.f0[i] === 0 && trip.f1[i - 1] === 1) expect(g.edgeFrom[trip.edges[i]]).toBe(g.edgeTo[trip.edges[i - 1]]);
        }
        // The last position is the destination's road point.
        const last = trip.last;
        const canon = last.edge === to.edge ? last.frac : 1 - last.frac;
        expect(last.edge === to.edge || g.edgeReverse[last.edge] === to.edge).toBe(true);
        expect(canon).toBeCloseTo(to.t, 9);
        // Positions move monotonically through the legs.
        const mid = trip.positionAt((trip.start + trip.end) / 2);
        expect(trip.edges).toContain(mid.edge);
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});
