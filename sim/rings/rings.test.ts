import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROFILES, type ProfileName } from '../../shared/roads.ts';
import type { LngLat } from '../../shared/units.ts';
import { projectX } from '../geo/projection.ts';
import type { RoadInput } from '../graph/road-input.ts';
import type { Router } from '../routing/router.ts';
import type { SnappedPoint } from '../routing/snap.ts';
import { routerFor, trySnap } from '../test-support/fixtures.ts';
import { networkFromSpec, randomNetworkSpec, type RandomNetworkSpec } from '../test-support/random-network.ts';
import type { Position } from './geojson.ts';
import {
  buildRings,
  DEFAULT_CELL_METERS,
  ringsFromLabels,
  RingsInputError,
  ringTolerance,
  RoadTimeField,
  validateMinutes,
  type RingsOptions,
} from './index.ts';
import { generateCity } from '../build/city-generator.ts';
import { syntheticCity } from './synthetic-city.ts';
import { verifyRings } from './test-helpers.ts';


/** Totals over every check, so a vacuous run (nothing reachable) cannot pass unnoticed. */
const totals = { roadPoints: 0, ringPoints: 0, worstMissRatio: 0, worstExcessRatio: 0 };

/** Builds rings, then checks them against the true field (labels searched without a cutoff). */
function check(router: Router, origins: SnappedPoint[], minutes: number[], options: RingsOptions = {}, randomPoints = 300, spacing = 2): string[] {
  const res = buildRings(router, origins, minutes, options);
  const full = router.label(origins).seconds;
  const field = new RoadTimeField(router.graph, router.costs, full, origins);
  const tol = ringTolerance(res.cellMeters);
  const report = verifyRings(field, res, tol, { maxOffRoadMeters: options.maxOffRoadMeters ?? 150, randomPoints, spacing });
  totals.roadPoints += report.roadPoints;
  totals.ringPoints += report.ringPoints;
  totals.worstMissRatio = Math.max(totals.worstMissRatio, report.maxMiss / tol.missMeters);
  totals.worstExcessRatio = Math.max(totals.worstExcessRatio, report.maxExcess / tol.excessMeters);
  return report.problems;
}

/** Runs `fn` and expects it to have checked at least this many road and ring points. */
function expectChecks(minRoad: number, minRing: number, fn: () => void): void {
  const before = { ...totals };
  fn();
  expect(totals.roadPoints - before.roadPoints).toBeGreaterThanOrEqual(minRoad);
  expect(totals.ringPoints - before.ringPoints).toBeGreaterThanOrEqual(minRing);
}

const all = { car: true, ebike: true, foot: true };

describe('ring accuracy (nesting, road points in the right rings, no holes, no unreachable areas)', () => {
  const city = routerFor(syntheticCity({ seed: 7, cols: 40, rows: 40 }), 'car');
  const at = (fx: number, fy: number): LngLat => [117.6 + 0.0406 * fx, 26.2 + 0.0381 * fy];

  it('one origin, 1/3/5 minutes, default options', () => {
    expectChecks(20_000, 1000, () => expect(check(city, [city.snap(at(0.6, 0.5))], [1, 3, 5])).toEqual([]));
  });

  it('road only (no walking): a road point inside a ring is within the tolerance of a road point within the time', () => {
    expectChecks(10_000, 1000, () => expect(check(city, [city.snap(at(0.3, 0.3))], [1, 3, 5], { maxOffRoadMeters: 0 })).toEqual([]));
  });

  it('road only, reaching only a short stretch of road (a walker far off the road): the ring is that stretch', () => {
    // Found by a longer property run: 45 m of road reached, and no ring at all.
    const spec: RandomNetworkSpec = {"cols":3,"rows":2,"cells":[{"cls":0,"oneway":0,"keep":false},{"cls":0,"oneway":0,"keep":false},{"cls":0,"oneway":0,"keep":false},{"cls":0,"oneway":0,"keep":false},{"cls":0,"oneway":0,"keep":false},{"cls":0,"oneway":0,"keep":false},{"cls":0,"oneway":0,"keep":true},{"cls":0,"oneway":0,"keep":false},{"cls":0,"oneway":0,"keep":false},{"cls":0,"oneway":0,"keep":false},{"cls":0,"oneway":0,"keep":false},{"cls":0,"oneway":0,"keep":false}],"jitter":[0,0,0,0,0,0,0,0,0,0,0,0]};
    const r = routerFor(networkFromSpec(spec), 'foot');
    const origin = r.snap([117.5995, 26.201651632130385]);
    const rings = buildRings(r, [origin], [2], { cellMeters: 30, maxOffRoadMeters: 0 });
    expect(rings.stats[0].reachableRoadMeters).toBeGreaterThan(0);
    expect(rings.geojson.features[0].geometry.coordinates.length).toBeGreaterThan(0);
    expect(check(r, [origin], [2], { cellMeters: 30, maxOffRoadMeters: 0 })).toEqual([]);
  });

  it('several origins, odd minutes, fine and coarse cells', () => {
    const origins = [at(0.2, 0.2), at(0.8, 0.3), at(0.5, 0.9), at(0.25, 0.75)].map((p) => city.snap(p));
    expect(check(city, origins, [2, 4.5, 7], { cellMeters: 15 })).toEqual([]);
    expect(check(city, origins, [2, 4.5, 7], { cellMeters: 70, maxOffRoadMeters: 250 })).toEqual([]);
  });

  it('foot and e-bike profiles (footways, contraflow)', () => {
    const input = syntheticCity({ seed: 3, cols: 25, rows: 25 });
    for (const profile of ['foot', 'ebike'] as const) {
      const r = routerFor(input, profile);
      expect(check(r, [r.snap(at(0.3, 0.4)), r.snap(at(0.5, 0.5))], [1, 3, 5]), profile).toEqual([]);
    }
  });

  it('random networks, profiles, origins, cell sizes and walk limits', () => {
    const pointArb = fc.tuple(fc.double({ min: 117.5995, max: 117.606, noNaN: true }), fc.double({ min: 26.1995, max: 26.2055, noNaN: true }));
    const before = { ...totals };
    fc.assert(
      fc.property(
        randomNetworkSpec(7),
        fc.constantFrom<ProfileName>(...PROFILES),
        fc.array(pointArb, { minLength: 1, maxLength: 3 }),
        fc.uniqueArray(fc.constantFrom(0.5, 1, 1.5, 2, 3, 5), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(8, 15, 30),
        fc.constantFrom(0, 40, 150),
        (spec, profile, pts, minutes, cellMeters, maxOffRoadMeters) => {
          const router = routerFor(networkFromSpec(spec), profile);
          const origins = pts.map((p) => trySnap(router, p)).filter((p): p is SnappedPoint => p !== null);
          if (origins.length === 0) return;
          const problems = check(router, origins, minutes, { cellMeters, maxOffRoadMeters }, 100);
          expect(problems).toEqual([]);
        },
      ),
      { numRuns: 60, seed: 20261123 },
    );
    expect(totals.roadPoints - before.roadPoints).toBeGreaterThan(10_000);
    expect(totals.ringPoints - before.ringPoints).toBeGreaterThan(3000);
  });

  it('the procedural city (~5,000 nodes): one origin, and three merged', () => {
    const gen = generateCity({ seed: 5, targetNodes: 5000 });
    const r = routerFor(gen.input, 'car');
    const g = r.graph;
    const near = (k: number): LngLat => [g.lon[k], g.lat[k]];
    expectChecks(10_000, 1000, () => {
      expect(check(r, [r.snap(near(Math.floor(g.nodeCount / 2)))], [1, 3, 5], {}, 300, 4)).toEqual([]);
      const three = [0.2, 0.5, 0.8].map((q) => r.snap(near(Math.floor(g.nodeCount * q))));
      expect(check(r, three, [1, 3, 5], {}, 300, 4)).toEqual([]);
    });
  });

  it('an origin in the middle of a long road: the ring runs along the road both ways, or only forward on a one-way', () => {
    // A straight east–west street of about 3 km (origin mid-way along its middle segment),
    // closed into a loop by a residential street 2.2 km to the north so cars can get back.
    const line = (oneway: 0 | 1): RoadInput => ({
      lon: [117.6, 117.61, 117.62, 117.63, 117.63, 117.6],
      lat: [26.2, 26.2, 26.2, 26.2, 26.22, 26.22],
      ways: [
        { nodes: [0, 1, 2, 3], cls: 'primary', oneway, access: all },
        { nodes: [3, 4, 5, 0], cls: 'residential', oneway: 0, access: all },
      ],
    });
    const two = routerFor(line(0), 'car');
    const o = two.snap([117.615, 26.2]);
    const res = buildRings(two, [o], [1]);
    // Primary at 45 km/h for 60 s = 750 m each way.
    expect(res.stats[0].reachableRoadMeters).toBeCloseTo(1500, 0);
    expect(check(two, [o], [0.5, 1])).toEqual([]);
    const one = routerFor(line(1), 'car');
    const o1 = one.snap([117.615, 26.2]);
    const r1 = buildRings(one, [o1], [1]);
    expect(r1.stats[0].reachableRoadMeters).toBeCloseTo(750, 0);
    expect(check(one, [o1], [0.5, 1])).toEqual([]);
    // The ring extends east of the origin (forward), but west only as far as one can walk.
    const g = one.graph;
    const xs = (r1.geojson.features[0].geometry.coordinates as Position[][]).flat().map(([lon]) => projectX(g.projection, lon));
    const ox = projectX(g.projection, o1.lon);
    expect(Math.max(...xs) - ox).toBeGreaterThan(700);
    expect(ox - Math.min(...xs)).toBeLessThan(150 + ringTolerance(res.cellMeters).excessMeters);
  });
});

describe('rings output', () => {
  it('(report) worst observed error as a share of the documented tolerance', () => {
    // Informational: how much of the tolerance the checks above actually used.
    console.log(`rings accuracy: ${totals.roadPoints} road points, ${totals.ringPoints} ring points; worst miss ${(100 * totals.worstMissRatio).toFixed(1)}% and worst excess ${(100 * totals.worstExcessRatio).toFixed(1)}% of the tolerance`);
    expect(totals.worstMissRatio).toBeLessThanOrEqual(1);
  });

  const router = routerFor(syntheticCity({ seed: 11, cols: 30, rows: 30 }), 'car');
  const origins = [router.snap([117.612, 26.211]), router.snap([117.625, 26.222])];

  it('is a Valhalla-style FeatureCollection: largest contour first, closed rings, RFC 7946 winding, 6 decimals', () => {
    const res = buildRings(router, origins, [5, 1, 3, 3]);
    expect(res.geojson.type).toBe('FeatureCollection');
    expect(res.geojson.features.map((f) => f.properties.contour)).toEqual([5, 3, 1]);
    expect(res.stats.map((s) => s.contour)).toEqual([1, 3, 5]);
    for (const f of res.geojson.features) {
      expect(f.properties.metric).toBe('time');
      expect(f.properties.cellMeters).toBe(DEFAULT_CELL_METERS);
      expect(f.properties.fillColor).toMatch(/^#[0-9a-f]{6}$/);
      expect(f.properties.areaKm2).toBeGreaterThan(0);
      expect(f.properties.reachableRoadMeters).toBeGreaterThan(0);
      const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      if (f.geometry.type === 'MultiPolygon') expect(polys.length).not.toBe(1);
      for (const poly of polys) {
        poly.forEach((ring, i) => {
          expect(ring.length).toBeGreaterThanOrEqual(4);
          expect(ring[0]).toEqual(ring[ring.length - 1]);
          for (const [lon, lat] of ring) {
            expect(Math.round(lon * 1e6) / 1e6).toBe(lon);
            expect(Math.round(lat * 1e6) / 1e6).toBe(lat);
          }
          let a = 0;
          for (let k = 1; k < ring.length; k++) a += ring[k - 1][0] * ring[k][1] - ring[k][0] * ring[k - 1][1];
          if (i === 0) expect(a).toBeGreaterThan(0); // exterior counter-clockwise
          else expect(a).toBeLessThan(0); // holes clockwise
        });
      }
    }
    expect(JSON.parse(JSON.stringify(res.geojson))).toEqual(res.geojson);
  });

  it('buildRings and ringsFromLabels with uncut labels give the same rings', () => {
    const a = buildRings(router, origins, [1, 3, 5]);
    const b = ringsFromLabels(router.graph, router.costs, router.label(origins).seconds, origins, [1, 3, 5]);
    expect(b.geojson).toEqual(a.geojson);
    expect(b.stats).toEqual(a.stats);
  });

  it('coarsens the grid to respect maxCells, reports the cell used, and stays within its tolerance', () => {
    const res = buildRings(router, origins, [1, 3, 5], { maxCells: 2000 });
    expect(res.grid).not.toBeNull();
    expect(res.grid!.cols * res.grid!.rows).toBeLessThanOrEqual(2000);
    expect(res.cellMeters).toBeGreaterThan(DEFAULT_CELL_METERS);
    expect(res.geojson.features[0].properties.cellMeters).toBe(res.cellMeters);
    expect(check(router, origins, [1, 3, 5], { maxCells: 2000 })).toEqual([]);
  });

  it('unreachable everything: empty MultiPolygons with zero area and length', () => {
    const far = router.snap([117.612, 26.211]);
    const stuck = { ...far, offRoadSeconds: 400 }; // a five-minute walk just to reach the road
    const res = buildRings(router, [stuck], [1, 3, 5]);
    expect(res.grid).toBeNull();
    for (const f of res.geojson.features) {
      expect(f.geometry).toEqual({ type: 'MultiPolygon', coordinates: [] });
      expect(f.properties.areaKm2).toBe(0);
      expect(f.properties.reachableRoadMeters).toBe(0);
    }
    expect(buildRings(router, [], [1]).stats).toEqual([{ contour: 1, reachableRoadMeters: 0, areaKm2: 0 }]);
  });

  it('area of a ring is roughly what road length and walking suggest (sanity, not a bound)', () => {
    const res = buildRings(router, origins, [1, 3, 5]);
    for (const s of res.stats) {
      // The area lies within the walk band around the reachable road; a band of ±150 m bounds it.
      expect(s.areaKm2).toBeLessThanOrEqual(((s.reachableRoadMeters * 2 * 150) / 1e6) * 1.2 + 0.2);
    }
  });
});

describe('input validation', () => {
  const router = routerFor(syntheticCity({ seed: 2, cols: 8, rows: 8 }), 'car');
  const o = router.snap([117.603, 26.203]);
  const fieldOf = (fn: () => unknown): string => {
    try {
      fn();
    } catch (err) {
      if (err instanceof RingsInputError) return `${err.field}: ${err.reason}`;
      throw err;
    }
    return 'no error';
  };

  it('names the bad minutes entry and says why', () => {
    expect(fieldOf(() => buildRings(router, [o], [1, -3]))).toBe('minutes[1]: must be a positive number of minutes, got -3');
    expect(fieldOf(() => buildRings(router, [o], [0]))).toBe('minutes[0]: must be a positive number of minutes, got 0');
    expect(fieldOf(() => buildRings(router, [o], [1, 3, Number.NaN]))).toBe('minutes[2]: must be a positive number of minutes, got NaN');
    expect(fieldOf(() => buildRings(router, [o], [Infinity]))).toBe('minutes[0]: must be a positive number of minutes, got Infinity');
    expect(fieldOf(() => buildRings(router, [o], ['5' as unknown as number]))).toBe('minutes[0]: must be a positive number of minutes, got "5"');
    expect(fieldOf(() => buildRings(router, [o], [121]))).toBe('minutes[0]: must be at most 120 minutes, got 121');
    expect(fieldOf(() => buildRings(router, [o], []))).toBe('minutes: must list at least one contour');
    expect(fieldOf(() => buildRings(router, [o], Array.from({ length: 13 }, (_, i) => i + 1)))).toBe('minutes: at most 12 contours, got 13');
    expect(fieldOf(() => ringsFromLabels(router.graph, router.costs, new Float64Array(router.graph.nodeCount), [o], [1, 2, -1]))).toMatch(/^minutes\[2\]/);
  });

  it('names bad options', () => {
    expect(fieldOf(() => buildRings(router, [o], [1], { cellMeters: 0 }))).toMatch(/^cellMeters: /);
    expect(fieldOf(() => buildRings(router, [o], [1], { cellMeters: Number.NaN }))).toMatch(/^cellMeters: /);
    expect(fieldOf(() => buildRings(router, [o], [1], { maxOffRoadMeters: -1 }))).toMatch(/^maxOffRoadMeters: /);
    expect(fieldOf(() => buildRings(router, [o], [1], { maxCells: 1000.5 }))).toMatch(/^maxCells: /);
    expect(fieldOf(() => buildRings(router, [o], [1], { maxCells: 50 }))).toMatch(/^maxCells: /);
    expect(buildRings(router, [o], [5], { maxCells: 100 }).grid!.cols * buildRings(router, [o], [5], { maxCells: 100 }).grid!.rows).toBeLessThanOrEqual(100);
    expect(fieldOf(() => ringsFromLabels(router.graph, router.costs, new Float64Array(3), [o], [1]))).toMatch(/^labels: expected/);
  });

  it('any list with a bad entry is rejected naming the first bad index; good lists come back sorted and unique', () => {
    const good = fc.double({ min: 0.01, max: 120, noNaN: true });
    const bad = fc.oneof(
      fc.double({ max: 0, noNaN: true }),
      fc.double({ min: 120.000001, noNaN: true }),
      fc.constantFrom(Number.NaN, Infinity, -Infinity),
      fc.string(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(good, { maxLength: 5 }), bad, fc.array(fc.oneof(good, bad), { maxLength: 5 }), (before, b, after) => {
        const list = [...before, b, ...after];
        expect(() => validateMinutes(list)).toThrow(RingsInputError);
        try {
          validateMinutes(list);
        } catch (err) {
          expect((err as RingsInputError).field).toBe(`minutes[${before.length}]`);
        }
      }),
      { numRuns: 300, seed: 9 },
    );
    fc.assert(
      fc.property(fc.array(good, { minLength: 1, maxLength: 12 }), (list) => {
        const out = validateMinutes(list);
        expect(out).toEqual([...new Set(list)].sort((a, b) => a - b));
      }),
      { numRuns: 200, seed: 10 },
    );
  });
});
