import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROFILES, type ProfileName } from '../../shared/roads.ts';
import type { SnappedPoint } from '../routing/snap.ts';
import { routerFor, trySnap } from '../test-support/fixtures.ts';
import { networkFromSpec, randomNetworkSpec } from '../test-support/random-network.ts';
import { etasToCall, routeFromLastSearch, routeOnCore, TargetTree } from './eta.ts';
import { tripFromRoute } from './trip.ts';

const pointArb = fc.tuple(fc.double({ min: 117.5985, max: 117.607, noNaN: true }), fc.double({ min: 26.1985, max: 26.2065, noNaN: true }));

describe('etasToCall', () => {
  it('is exact for the k fastest units and never too small for the others (differential against manyToOne)', () => {
    fc.assert(
      fc.property(
        randomNetworkSpec(),
        fc.constantFrom<ProfileName>(...PROFILES),
        fc.array(pointArb, { minLength: 1, maxLength: 12 }),
        pointArb,
        fc.integer({ min: 1, max: 4 }),
        (spec, profile, pts, c, need) => {
          const router = routerFor(networkFromSpec(spec), profile);
          const units = pts.map((p) => trySnap(router, p)).filter((p): p is SnappedPoint => p !== null);
          const call = trySnap(router, c);
          if (units.length === 0 || !call) return;
          const exact = router.manyToOne(units, call);
          // Twice, to check the workspace is left clean between calls.
          for (let round = 0; round < 2; round++) {
            const got = etasToCall(router, units, call, need);
            const sorted = [...exact].sort((a, b) => a - b);
            const kth = sorted[Math.min(need, units.length) - 1];
            units.forEach((_, i) => {
              if (exact[i] <= kth) expect(got[i]).toBeCloseTo(exact[i], 6);
              else expect(got[i]).toBeGreaterThanOrEqual(exact[i] - 1e-6);
            });
          }
        },
      ),
      // Enough runs to meet a unit whose second exit beats its first (it must not count twice).
      { seed: 21, numRuns: 2500 },
    );
  });
});

describe('routeFromLastSearch', () => {
  it('gives the chosen units a route as fast as a fresh route search, on edges the profile may drive', () => {
    fc.assert(
      fc.property(
        randomNetworkSpec(),
        fc.constantFrom<ProfileName>(...PROFILES),
        fc.array(pointArb, { minLength: 1, maxLength: 10 }),
        pointArb,
        fc.integer({ min: 1, max: 3 }),
        (spec, profile, pts, c, need) => {
          const router = routerFor(networkFromSpec(spec), profile);
          const units = pts.map((p) => trySnap(router, p)).filter((p): p is SnappedPoint => p !== null);
          const call = trySnap(router, c);
          if (units.length === 0 || !call) return;
          const etas = etasToCall(router, units, call, need);
          const order = units.map((_, i) => i).sort((a, b) => etas[a] - etas[b]).slice(0, need);
          for (const i of order) {
            if (!(etas[i] < Infinity)) continue;
            const route = routeFromLastSearch(router, i, units[i]);
            expect(route).not.toBeNull();
            const trip = tripFromRoute(router.graph, router.costs.edgeSeconds, route!, 0);
            expect(trip.end).toBeCloseTo(etas[i], 6);
            expect(trip.end).toBeCloseTo(router.route(units[i], call)!.seconds, 6);
            for (const e of route!.edges) expect(router.costs.edgeSeconds[e]).toBeLessThan(Infinity);
          }
        },
      ),
      { seed: 22, numRuns: 300 },
    );
  });
});

describe('routeOnCore', () => {
  it('finds routes as fast as the road-graph A* (differential), driven as a trip of the same length', () => {
    fc.assert(
      fc.property(randomNetworkSpec(), fc.constantFrom<ProfileName>(...PROFILES), pointArb, pointArb, (spec, profile, a, b) => {
        const router = routerFor(networkFromSpec(spec), profile);
        const from = trySnap(router, a), to = trySnap(router, b);
        if (!from || !to) return;
        const plain = router.route(from, to);
        const core = routeOnCore(router, from, to);
        if (!plain) {
          expect(core).toBeNull();
          return;
        }
        expect(core).not.toBeNull();
        expect(core!.seconds).toBeCloseTo(plain.seconds, 6);
        const trip = tripFromRoute(router.graph, router.costs.edgeSeconds, core!, 0);
        expect(trip.end).toBeCloseTo(plain.seconds, 6);
        // Consecutive legs join up.
        for (let i = 1; i < trip.legCount; i++) {
          if (trip.edges[i] !== trip.edges[i - 1]) expect(router.graph.edgeFrom[trip.edges[i]]).toBe(router.graph.edgeTo[trip.edges[i - 1]]);
        }
      }),
      { seed: 23, numRuns: 400 },
    );
  });
});

describe('TargetTree', () => {
  it('routes every start to one destination as fast as the road-graph A* (differential)', () => {
    fc.assert(
      fc.property(randomNetworkSpec(), fc.constantFrom<ProfileName>(...PROFILES), pointArb, fc.array(pointArb, { minLength: 1, maxLength: 8 }), (spec, profile, b, starts) => {
        const router = routerFor(networkFromSpec(spec), profile);
        const to = trySnap(router, b);
        if (!to) return;
        const tree = new TargetTree(router, to);
        for (const a of starts) {
          const from = trySnap(router, a);
          if (!from) continue;
          const plain = router.route(from, to);
          const got = tree.route(from);
          if (!plain) {
            expect(got).toBeNull();
            continue;
          }
          expect(got!.seconds).toBeCloseTo(plain.seconds, 6);
          expect(tripFromRoute(router.graph, router.costs.edgeSeconds, got!, 0).end).toBeCloseTo(plain.seconds, 6);
        }
      }),
      { seed: 24, numRuns: 300 },
    );
  });
});
