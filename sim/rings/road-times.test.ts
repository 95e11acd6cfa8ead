import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROFILES, type ProfileName } from '../../shared/roads.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import type { Router } from '../routing/router.ts';
import type { SnappedPoint } from '../routing/snap.ts';
import { routerFor } from '../test-support/fixtures.ts';
import { networkFromSpec, randomNetworkSpec, type RandomNetworkSpec } from '../test-support/random-network.ts';
import { explicitGraph, plainDijkstra } from '../test-support/reference-dijkstra.ts';
import { ringsFromLabels, RoadTimeField, segmentTimes, segmentTimesGeoJson } from './index.ts';
import { reachedExtent, summarizeReach } from './reach.ts';

const profileArb = fc.constantFrom<ProfileName>(...PROFILES);

/** A point exactly on the road (no off-road leg), at fraction t of canonical edge e. */
function onRoad(g: RoadGraph, e: number, t: number): SnappedPoint {
  const a = g.edgeFrom[e], b = g.edgeTo[e];
  return { edge: e, t, distance: 0, offRoadSeconds: 0, lon: g.lon[a] + t * (g.lon[b] - g.lon[a]), lat: g.lat[a] + t * (g.lat[b] - g.lat[a]), input: [0, 0] };
}

/** Reference seconds from the nearest origin to each target, by the plain Dijkstra. */
function referenceMulti(router: Router, origins: SnappedPoint[], targets: SnappedPoint[]): number[] {
  const g = router.graph, w = router.costs.edgeSeconds;
  const { edges, pointNode, nodeCount } = explicitGraph(g, w, [...origins, ...targets]);
  const dist = plainDijkstra(
    nodeCount,
    edges,
    origins.map((o, i) => ({ node: pointNode[i], seconds: o.offRoadSeconds })),
  );
  return targets.map((_, i) => dist[pointNode[origins.length + i]]);
}

const close = (a: number, b: number) => (a === Infinity || b === Infinity ? a === b : Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)));

/** Random network, profile, origins (some on the road, some off it, some sharing a segment). */
const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  spec: randomNetworkSpec(6),
  profile: profileArb,
  origins: fc.array(fc.record({ seg: fc.nat(), t: fc.double({ min: 0, max: 1, noNaN: true }), off: fc.constantFrom(0, 0, 12.5, 40) }), { minLength: 1, maxLength: 4 }),
  sameSegment: fc.boolean(),
  targets: fc.array(fc.record({ seg: fc.nat(), t: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1)) }), { minLength: 1, maxLength: 12 }),
});

interface Scenario {
  spec: RandomNetworkSpec;
  profile: ProfileName;
  origins: { seg: number; t: number; off: number }[];
  sameSegment: boolean;
  targets: { seg: number; t: number }[];
}

function setUp(s: Scenario) {
  const router = routerFor(networkFromSpec(s.spec), s.profile);
  const g = router.graph;
  const probe = new RoadTimeField(g, router.costs, new Float64Array(g.nodeCount), []);
  const segs = probe.segments;
  if (segs.length === 0) return null;
  const origins = s.origins.map((o, i) => {
    const e = segs[(s.sameSegment && i > 0 ? s.origins[0].seg : o.seg) % segs.length];
    return { ...onRoad(g, e, o.t), offRoadSeconds: o.off, distance: o.off * router.costs.offRoadMps };
  });
  const targets = s.targets.map((q) => onRoad(g, segs[q.seg % segs.length], q.t));
  return { router, g, origins, targets };
}

describe('road time field', () => {
  it('equals the reference Dijkstra at points along segments, origins on the same segment included', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const ctx = setUp(s);
        if (!ctx) return;
        const { router, g, origins, targets } = ctx;
        const labels = router.label(origins).seconds;
        const field = new RoadTimeField(g, router.costs, labels, origins);
        const ref = referenceMulti(router, origins, targets);
        targets.forEach((q, i) => {
          const got = field.timeAt(q.edge, q.t);
          expect(close(got, ref[i]), `target ${i} on edge ${q.edge} at ${q.t}: ${got} vs ${ref[i]}`).toBe(true);
        });
      }),
      { numRuns: 200, seed: 41 },
    );
  });

  it('with labels cut off at C, is exact up to C and never below the truth beyond it', () => {
    fc.assert(
      fc.property(scenarioArb, fc.double({ min: 5, max: 150, noNaN: true }), (s, cutoff) => {
        const ctx = setUp(s);
        if (!ctx) return;
        const { router, g, origins, targets } = ctx;
        const field = new RoadTimeField(g, router.costs, router.label(origins, cutoff).seconds, origins);
        const ref = referenceMulti(router, origins, targets);
        targets.forEach((q, i) => {
          const got = field.timeAt(q.edge, q.t);
          if (ref[i] <= cutoff) expect(close(got, ref[i]), `${got} vs ${ref[i]}`).toBe(true);
          else expect(got).toBeGreaterThanOrEqual(ref[i] - 1e-9);
        });
      }),
      { numRuns: 150, seed: 42 },
    );
  });

  it('segmentTimes: ends, lowest and highest time agree with dense reference samples', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const ctx = setUp(s);
        if (!ctx) return;
        const { router, g, origins } = ctx;
        const labels = router.label(origins).seconds;
        const st = segmentTimes(g, router.costs, labels, origins);
        // Check a few segments, origins' own first.
        const pick = [...new Set([...origins.map((o) => o.edge), st.edge[0], st.edge[st.edge.length - 1]])];
        for (const e of pick) {
          const i = st.edge.indexOf(e);
          expect(i).toBeGreaterThanOrEqual(0);
          const n = 40;
          const fs = Array.from({ length: n + 1 }, (_, k) => k / n);
          for (const o of origins) if (o.edge === e) fs.push(o.t);
          const ref = referenceMulti(router, origins, fs.map((f) => onRoad(g, e, f)));
          const f32 = (x: number) => Math.fround(x);
          expect(close(st.startSeconds[i], f32(ref[0])) || Math.abs(st.startSeconds[i] - ref[0]) < 1e-3).toBe(true);
          expect(close(st.endSeconds[i], f32(ref[n])) || Math.abs(st.endSeconds[i] - ref[n]) < 1e-3).toBe(true);
          const lo = Math.min(...ref), hi = Math.max(...ref);
          if (lo === Infinity) {
            expect(st.minSeconds[i]).toBe(Infinity);
            continue;
          }
          expect(Math.abs(st.minSeconds[i] - lo)).toBeLessThan(1e-3);
          // The true maximum can fall between samples: at most one sample step of slope above.
          expect(st.maxSeconds[i]).toBeGreaterThanOrEqual(hi - 1e-3);
          const w = router.costs.edgeSeconds, r = g.edgeReverse[e];
          const slope = Math.max(w[e] === Infinity ? 0 : w[e], r >= 0 && w[r] !== Infinity ? w[r] : 0);
          if (hi < Infinity) expect(st.maxSeconds[i]).toBeLessThanOrEqual(hi + slope / n + 1e-3);
        }
      }),
      { numRuns: 120, seed: 43 },
    );
  });

  it('reachable road length is exact: matches the integral of dense reference samples', () => {
    fc.assert(
      fc.property(scenarioArb, fc.double({ min: 5, max: 120, noNaN: true }), (s, limit) => {
        const ctx = setUp(s);
        if (!ctx) return;
        const { router, g, origins } = ctx;
        const field = new RoadTimeField(g, router.costs, router.label(origins).seconds, origins);
        const got = summarizeReach(field, [limit / 2, limit]).meters;
        // Midpoint rule over the reference times: error at most one sample length per crossing.
        const n = 64;
        let exp = 0, exp2 = 0, slack = 0;
        for (const e of field.segments) {
          const fs = Array.from({ length: n }, (_, k) => (k + 0.5) / n);
          const ref = referenceMulti(router, origins, fs.map((f) => onRoad(g, e, f)));
          const len = g.edgeLength[e];
          for (const t of ref) {
            if (t <= limit) exp += len / n;
            if (t <= limit / 2) exp2 += len / n;
          }
          slack += (2 + 2 * origins.length) * (len / n);
        }
        expect(Math.abs(got[1] - exp)).toBeLessThanOrEqual(slack + 1e-6);
        expect(Math.abs(got[0] - exp2)).toBeLessThanOrEqual(slack + 1e-6);
        expect(got[0]).toBeLessThanOrEqual(got[1]);
      }),
      { numRuns: 40, seed: 44 },
    );
  });

  it('the length measured while burning roads into the grid equals summarizeReach, and the grid holds the reached road', () => {
    fc.assert(
      fc.property(scenarioArb, fc.double({ min: 5, max: 120, noNaN: true }), (s, limit) => {
        const ctx = setUp(s);
        if (!ctx) return;
        const { router, g, origins } = ctx;
        const labels = router.label(origins).seconds;
        const field = new RoadTimeField(g, router.costs, labels, origins);
        const thresholds = [limit / 3, limit];
        const exact = summarizeReach(field, thresholds);
        const rings = ringsFromLabels(g, router.costs, labels, origins, thresholds.map((t) => t / 60));
        rings.stats.forEach((st, k) => expect(st.reachableRoadMeters).toBeCloseTo(exact.meters[k], 1));
        const box = reachedExtent(field, limit);
        if (!exact.bbox) return;
        expect(box).not.toBeNull();
        const [x0, y0, x1, y1] = box!;
        expect(x0).toBeLessThanOrEqual(exact.bbox[0] + 1e-9);
        expect(y0).toBeLessThanOrEqual(exact.bbox[1] + 1e-9);
        expect(x1).toBeGreaterThanOrEqual(exact.bbox[2] - 1e-9);
        expect(y1).toBeGreaterThanOrEqual(exact.bbox[3] - 1e-9);
      }),
      { numRuns: 60, seed: 45 },
    );
  });

  it('segmentTimesGeoJson lists exactly the segments reached within the cutoff', () => {
    const router = routerFor(networkFromSpec(fc.sample(randomNetworkSpec(6), { numRuns: 1, seed: 5 })[0]), 'foot');
    const g = router.graph;
    const probe = new RoadTimeField(g, router.costs, new Float64Array(g.nodeCount), []);
    const o = onRoad(g, probe.segments[0], 0.3);
    const labels = router.label([o]).seconds;
    const st = segmentTimes(g, router.costs, labels, [o]);
    const fcoll = segmentTimesGeoJson(g, router.costs, labels, [o], 60);
    const expected = [...st.edge].filter((_, i) => st.minSeconds[i] <= 60);
    expect(fcoll.features.map((f) => f.properties.edge)).toEqual(expected);
    const first = fcoll.features.find((f) => f.properties.edge === o.edge)!;
    expect(first.properties.minSeconds).toBe(0);
    expect(first.geometry.coordinates[0]).toEqual([Math.round(g.lon[g.edgeFrom[o.edge]] * 1e6) / 1e6, Math.round(g.lat[g.edgeFrom[o.edge]] * 1e6) / 1e6]);
    expect(JSON.parse(JSON.stringify(fcoll))).toEqual(fcoll); // no Infinity or NaN leaks into JSON
  });
});
