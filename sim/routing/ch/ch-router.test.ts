// Router-level differential tests: the hierarchy matrix against Router.matrix (heap Dijkstra)
// and the plain reference Dijkstra, on random networks of every profile with one-way streets
// and closures, and on a generated city of a few thousand nodes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROFILES, type ProfileName } from '../../../shared/roads.ts';
import type { LngLat } from '../../../shared/units.ts';
import { generateCity } from '../../build/city-generator.ts';
import type { RoadInput } from '../../graph/road-input.ts';
import { routerFor, trySnap } from '../../test-support/fixtures.ts';
import { networkFromSpec, randomNetworkSpec } from '../../test-support/random-network.ts';
import { referenceTimes } from '../../test-support/reference-dijkstra.ts';
import type { Router } from '../router.ts';
import type { SnappedPoint } from '../snap.ts';
import { contractForRouter, matrixWithCh, secondsWithCh } from './ch-router.ts';

const close = (a: number, b: number) => (a === Infinity || b === Infinity ? a === b : Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)));


function expectSameMatrix(got: Float64Array[], want: Float64Array[] | number[][], what: string): void {
  expect(got.length).toBe(want.length);
  want.forEach((row, i) => {
    expect(got[i].length).toBe(row.length);
    for (let j = 0; j < row.length; j++) expect(close(got[i][j], row[j]), `${what}[${i}][${j}] ${got[i][j]} vs ${row[j]}`).toBe(true);
  });
}

const pointArb = fc.tuple(fc.double({ min: 117.5985, max: 117.607, noNaN: true }), fc.double({ min: 26.1985, max: 26.2065, noNaN: true }));
const profileArb = fc.constantFrom<ProfileName>(...PROFILES);

describe('hierarchy matrix on random networks', () => {
  it('equals Router.matrix and the reference Dijkstra for every profile, with one-ways and closures', () => {
    fc.assert(
      fc.property(
        randomNetworkSpec(),
        profileArb,
        fc.array(pointArb, { minLength: 1, maxLength: 6 }),
        fc.array(pointArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (spec, profile, a, b, closurePicks) => {
          const input = networkFromSpec(spec);
          const open = routerFor(input, profile);
          const closed = closurePicks.map((k) => k % open.graph.edgeCount);
          const router = closed.length > 0 ? routerFor(input, profile, { closures: { edges: closed } }) : open;
          const from = a.map((p) => trySnap(router, p)).filter((p): p is SnappedPoint => p !== null);
          const to = b.map((p) => trySnap(router, p)).filter((p): p is SnappedPoint => p !== null);
          if (from.length === 0 || to.length === 0) return;
          // Same-segment pairs matter: add the first source again as a target.
          to.push(from[0]);
          const ch = contractForRouter(router);
          const got = matrixWithCh(router, ch, from, to);
          expectSameMatrix(got, router.matrix(from, to), 'vs Router.matrix');
          const w = router.costs.edgeSeconds;
          expectSameMatrix(
            got,
            from.map((p) => referenceTimes(router.graph, w, p, to)),
            'vs reference',
          );
          from.forEach((p, i) => expect(close(secondsWithCh(router, ch, p, to[0]), got[i][0])).toBe(true));
        },
      ),
      { numRuns: 250, seed: 31337 },
    );
  });

  it('points on one segment use the direct stretch only where the profile may drive it', () => {
    // A one-way street 0 → 1 with a two-way detour 1 – 2 – 3 – 0 (as in the router's own test).
    const all = { car: true, ebike: true, foot: true };
    const input: RoadInput = {
      lon: [117.6, 117.601, 117.601, 117.6],
      lat: [26.2, 26.2, 26.201, 26.201],
      ways: [
        { nodes: [0, 1], cls: 'residential', oneway: 1, access: all },
        { nodes: [1, 2, 3, 0], cls: 'residential', oneway: 0, access: all },
      ],
    };
    const pts: LngLat[] = [
      [117.6002, 26.2],
      [117.6008, 26.2],
    ];
    for (const profile of PROFILES) {
      const router = routerFor(input, profile);
      const ch = contractForRouter(router);
      expectSameMatrix(matrixWithCh(router, ch, pts, pts), router.matrix(pts, pts), profile);
    }
    const car = routerFor(input, 'car');
    const m = matrixWithCh(car, contractForRouter(car), pts, pts);
    expect(m[1][0]).toBeGreaterThan(m[0][1] * 3); // against the one-way: round the block
  });

  it('refuses a hierarchy built for other costs', () => {
    const input = networkFromSpec({ cols: 3, rows: 3, cells: Array.from({ length: 18 }, () => ({ cls: 3, oneway: 0, keep: true })), jitter: new Array(18).fill(0) });
    const open = routerFor(input, 'car');
    const closed = routerFor(input, 'car', { closures: { edges: [0] } });
    const p: LngLat = [117.6005, 26.2];
    expect(() => matrixWithCh(closed, contractForRouter(open), [p], [p])).toThrow(/different travel costs/);
    expect(() => matrixWithCh(open, contractForRouter(routerFor(input, 'foot')), [p], [p])).toThrow(/different/);
  });
});

describe('hierarchy matrix on a generated city', () => {
  const city = generateCity({ seed: 7, targetNodes: 3000 });
  // Points scattered around the city's nodes so that they snap (some land on the same segment).
  function pointsFor(router: Router, count: number, salt: number): LngLat[] {
    const g = router.graph;
    let s = salt;
    const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
    return Array.from({ length: count }, () => {
      const v = Math.floor(rnd() * g.nodeCount);
      return [g.lon[v] + (rnd() - 0.5) * 0.001, g.lat[v] + (rnd() - 0.5) * 0.001] as LngLat;
    });
  }

  for (const profile of PROFILES) {
    it(`${profile}: 30 × 30 matrix equals Router.matrix, two rows equal the reference`, () => {
      const router = routerFor(city.input, profile);
      expect(router.graph.nodeCount).toBeGreaterThan(2000);
      const ch = contractForRouter(router);
      const from = pointsFor(router, 30, 11).map((p) => router.snap(p));
      const to = [...pointsFor(router, 29, 23).map((p) => router.snap(p)), from[3]];
      const got = matrixWithCh(router, ch, from, to);
      expectSameMatrix(got, router.matrix(from, to), 'vs Router.matrix');
      const w = router.costs.edgeSeconds;
      for (const i of [0, 3]) expectSameMatrix([got[i]], [referenceTimes(router.graph, w, from[i], to)], `row ${i} vs reference`);
    });
  }

  it('car with 5% of segments closed: equals Router.matrix, unreachable stays Infinity', () => {
    const open = routerFor(city.input, 'car');
    let s = 5;
    const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
    const closed = Array.from({ length: Math.floor(open.graph.edgeCount * 0.05) }, () => Math.floor(rnd() * open.graph.edgeCount));
    const router = routerFor(city.input, 'car', { closures: { edges: closed } });
    const ch = contractForRouter(router);
    const from = pointsFor(router, 25, 3).map((p) => router.snap(p));
    const to = pointsFor(router, 25, 4).map((p) => router.snap(p));
    const got = matrixWithCh(router, ch, from, to);
    const want = router.matrix(from, to);
    expectSameMatrix(got, want, 'closed vs Router.matrix');
  });
});
