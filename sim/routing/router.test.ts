import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROFILES, type ProfileName } from '../../shared/roads.ts';
import type { LngLat } from '../../shared/units.ts';
import { projectX, projectY } from '../geo/projection.ts';
import type { RoadInput } from '../graph/road-input.ts';
import { routerFor, trySnap } from '../test-support/fixtures.ts';
import { networkFromSpec, randomNetworkSpec } from '../test-support/random-network.ts';
import { referenceNodeTimes, referenceTimes } from '../test-support/reference-dijkstra.ts';
import type { SnappedPoint } from './snap.ts';

const close = (a: number, b: number) => (a === Infinity || b === Infinity ? a === b : Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)));


const pointArb = fc.tuple(fc.double({ min: 117.5985, max: 117.607, noNaN: true }), fc.double({ min: 26.1985, max: 26.2065, noNaN: true }));
const profileArb = fc.constantFrom<ProfileName>(...PROFILES);

describe('routing agrees with a plain reference Dijkstra', () => {
  it('one-to-many, many-to-one and matrix on random networks', () => {
    fc.assert(
      fc.property(randomNetworkSpec(), profileArb, fc.array(pointArb, { minLength: 2, maxLength: 6 }), (spec, profile, pts) => {
        const router = routerFor(networkFromSpec(spec), profile);
        const snapped = pts.map((p) => trySnap(router, p)).filter((p): p is SnappedPoint => p !== null);
        if (snapped.length < 2) return;
        const [from, ...targets] = snapped;
        const w = router.costs.edgeSeconds;
        const expected = referenceTimes(router.graph, w, from, targets);
        const got = router.oneToMany(from, targets);
        expected.forEach((e, i) => expect(close(got[i], e), `oneToMany[${i}] ${got[i]} vs ${e}`).toBe(true));
        // many-to-one: each target as a source towards `from`
        const back = router.manyToOne(targets, from);
        targets.forEach((t, i) => {
          const ref = referenceTimes(router.graph, w, t, [from])[0];
          expect(close(back[i], ref), `manyToOne[${i}] ${back[i]} vs ${ref}`).toBe(true);
        });
        const m = router.matrix(snapped, snapped);
        snapped.forEach((s, i) => {
          const ref = referenceTimes(router.graph, w, s, snapped);
          ref.forEach((e, j) => expect(close(m[i][j], e), `matrix[${i}][${j}]`).toBe(true));
        });
      }),
      { numRuns: 150, seed: 20261123 },
    );
  });

  it('one-to-one returns the reference time and a path whose parts add up to it', () => {
    fc.assert(
      fc.property(randomNetworkSpec(), profileArb, pointArb, pointArb, (spec, profile, a, b) => {
        const router = routerFor(networkFromSpec(spec), profile);
        const from = trySnap(router, a), to = trySnap(router, b);
        if (!from || !to) return;
        const w = router.costs.edgeSeconds;
        const ref = referenceTimes(router.graph, w, from, [to])[0];
        const res = router.route(from, to);
        if (ref === Infinity) {
          expect(res).toBeNull();
          return;
        }
        expect(res).not.toBeNull();
        expect(close(res!.seconds, ref)).toBe(true);
        let full = 0;
        for (const e of res!.edges) full += w[e];
        expect(full).toBeLessThanOrEqual(res!.seconds + 1e-6);
        for (let i = 1; i < res!.edges.length; i++) expect(router.graph.edgeFrom[res!.edges[i]]).toBe(router.graph.edgeTo[res!.edges[i - 1]]);
        expect(res!.meters).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('multi-source labels equal the reference and the minimum of single-source labels', () => {
    fc.assert(
      fc.property(randomNetworkSpec(), profileArb, fc.array(pointArb, { minLength: 1, maxLength: 5 }), (spec, profile, pts) => {
        const router = routerFor(networkFromSpec(spec), profile);
        const sources = pts.map((p) => trySnap(router, p)).filter((p): p is SnappedPoint => p !== null);
        if (sources.length === 0) return;
        const multi = router.label(sources);
        const ref = referenceNodeTimes(router.graph, router.costs.edgeSeconds, sources);
        const singles = sources.map((s) => router.label([s]).seconds);
        for (let v = 0; v < router.graph.nodeCount; v++) {
          expect(close(multi.seconds[v], ref[v])).toBe(true);
          const min = Math.min(...singles.map((s) => s[v]));
          expect(close(multi.seconds[v], min)).toBe(true);
          if (multi.seconds[v] < Infinity) expect(close(singles[multi.source[v]][v], multi.seconds[v])).toBe(true);
        }
      }),
      { numRuns: 120, seed: 11 },
    );
  });

  it('bounded search returns exactly the labels within the cutoff', () => {
    fc.assert(
      fc.property(randomNetworkSpec(), pointArb, fc.double({ min: 5, max: 200, noNaN: true }), (spec, a, cutoff) => {
        const router = routerFor(networkFromSpec(spec), 'car');
        const s = trySnap(router, a);
        if (!s) return;
        const full = router.label([s]).seconds;
        const bounded = router.label([s], cutoff).seconds;
        for (let v = 0; v < full.length; v++) expect(bounded[v]).toBe(full[v] <= cutoff ? full[v] : Infinity);
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it('a time never beats the straight-line distance at the fastest speed', () => {
    fc.assert(
      fc.property(randomNetworkSpec(), profileArb, pointArb, pointArb, (spec, profile, a, b) => {
        const router = routerFor(networkFromSpec(spec), profile);
        const from = trySnap(router, a), to = trySnap(router, b);
        if (!from || !to) return;
        const t = router.oneToMany(from, [to])[0];
        if (t === Infinity) return;
        const p = router.graph.projection;
        const d = Math.hypot(projectX(p, a[0]) - projectX(p, b[0]), projectY(p, a[1]) - projectY(p, b[1]));
        const vmax = Math.max(router.costs.maxMps, router.costs.offRoadMps);
        expect(t).toBeGreaterThanOrEqual(d / vmax - 1e-6);
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});

// Named micro-networks, about 100 m between nodes along a line of latitude.
const row = (n: number): { lon: number[]; lat: number[] } => ({
  lon: Array.from({ length: n }, (_, i) => 117.6 + i * 0.001),
  lat: Array.from({ length: n }, () => 26.2),
});
const all = { car: true, ebike: true, foot: true };

describe('named micro-networks', () => {
  it('one-way street: cars go round, feet walk straight back', () => {
    // 0 → 1 one-way; a detour 1 – 2 – 3 – 0 is two-way.
    const input: RoadInput = {
      lon: [117.6, 117.601, 117.601, 117.6],
      lat: [26.2, 26.2, 26.201, 26.201],
      ways: [
        { nodes: [0, 1], cls: 'residential', oneway: 1, access: all },
        { nodes: [1, 2, 3, 0], cls: 'residential', oneway: 0, access: all },
      ],
    };
    const car = routerFor(input, 'car');
    const a: LngLat = [117.6002, 26.2], b: LngLat = [117.6008, 26.2];
    const forward = car.route(a, b)!;
    const backward = car.route(b, a)!;
    expect(forward.edges).toHaveLength(0); // same segment, along the one-way direction
    expect(backward.seconds).toBeGreaterThan(forward.seconds * 3); // must go round the block
    const foot = routerFor(input, 'foot');
    expect(foot.route(b, a)!.seconds).toBeCloseTo(foot.route(a, b)!.seconds, 6);
  });

  it('roundabout: entering after the exit means a full lap', () => {
    // A four-node roundabout 0→1→2→3→0 with spokes at 0 and 1.
    const input: RoadInput = {
      lon: [117.6, 117.6005, 117.6005, 117.6, 117.5995, 117.601],
      lat: [26.2, 26.2, 26.2005, 26.2005, 26.2, 26.2],
      ways: [
        { nodes: [0, 1, 2, 3, 0], cls: 'secondary', oneway: 1, roundabout: true, access: all },
        { nodes: [4, 0], cls: 'secondary', oneway: 0, access: all },
        { nodes: [1, 5], cls: 'secondary', oneway: 0, access: all },
      ],
    };
    const r = routerFor(input, 'car');
    const west: LngLat = [117.5995, 26.2], east: LngLat = [117.601, 26.2];
    const we = r.route(west, east)!;
    const ew = r.route(east, west)!;
    expect(we.edges.map((e) => r.graph.edgeTo[e])).toContain(r.graph.edgeTo[we.edges[0]]);
    expect(ew.seconds - we.seconds).toBeGreaterThan(((150 - 50) / (40 / 3.6)) * 0.9); // three sides vs one
  });

  it('disconnected island: dropped from the graph and reported', () => {
    const input: RoadInput = {
      lon: [...row(4).lon, 117.61, 117.611],
      lat: [...row(4).lat, 26.21, 26.21],
      ways: [
        { nodes: [0, 1, 2, 3], cls: 'residential', oneway: 0, access: all },
        { nodes: [4, 5], cls: 'residential', oneway: 0, access: all },
      ],
    };
    const r = routerFor(input, 'car');
    expect(r.graph.dropped.car).toEqual({ components: 1, nodes: 2, edges: 2 });
    // The island's point snaps to the main part (it is 1.3 km away, beyond the limit).
    expect(() => r.snap([117.6105, 26.21])).toThrow(/m from the nearest road usable by profile car \(limit 500 m\)/);
    const kept = routerFor(input, 'car', { build: { keepAllComponents: true } });
    expect(kept.oneToMany([117.6001, 26.2], [[117.6105, 26.21]])[0]).toBe(Infinity);
  });

  it('closure: a closed segment forces a detour and a closed area cuts access', () => {
    const input: RoadInput = {
      lon: [117.6, 117.601, 117.602, 117.6, 117.601, 117.602],
      lat: [26.2, 26.2, 26.2, 26.201, 26.201, 26.201],
      ways: [
        { nodes: [0, 1, 2], cls: 'secondary', oneway: 0, access: all },
        { nodes: [3, 4, 5], cls: 'residential', oneway: 0, access: all },
        { nodes: [0, 3], cls: 'residential', oneway: 0, access: all },
        { nodes: [2, 5], cls: 'residential', oneway: 0, access: all },
      ],
    };
    const open = routerFor(input, 'car');
    const a: LngLat = [117.6, 26.2], b: LngLat = [117.602, 26.2];
    const base = open.route(a, b)!;
    const edge01 = open.graph.edgeFrom.findIndex((u, e) => open.graph.lon[u] === 117.601 && open.graph.lon[open.graph.edgeTo[e]] === 117.602 && open.graph.lat[u] === 26.2);
    const closedRouter = routerFor(input, 'car', { closures: { edges: [edge01] } });
    const detour = closedRouter.route(a, b)!;
    expect(detour.seconds).toBeGreaterThan(base.seconds + 10);
    const area = routerFor(input, 'car', {
      closures: { polygons: [[[[117.5995, 26.2005], [117.6025, 26.2005], [117.6025, 26.2015], [117.5995, 26.2015], [117.5995, 26.2005]]]] },
    });
    expect(area.route(a, b)!.seconds).toBeCloseTo(base.seconds, 6); // the top street was closed, not the bottom
    const cut = routerFor(input, 'car', {
      closures: { polygons: [[[[117.6005, 26.1995], [117.6015, 26.1995], [117.6015, 26.2015], [117.6005, 26.2015], [117.6005, 26.1995]]]] },
    });
    expect(cut.oneToMany(a, [b])[0]).toBe(Infinity);
  });
});

describe('snapping', () => {
  const input: RoadInput = { ...row(3), ways: [{ nodes: [0, 1, 2], cls: 'residential', oneway: 0, access: all }] };
  it('counts the off-road leg at the profile off-road speed', () => {
    const r = routerFor(input, 'car');
    const s = r.snap([117.6015, 26.2009]); // about 100 m north of the road
    expect(s.distance).toBeGreaterThan(95);
    expect(s.distance).toBeLessThan(105);
    expect(s.offRoadSeconds).toBeCloseTo(s.distance / (5 / 3.6), 6);
  });
  it('rejects bad coordinates and far points with the reason', () => {
    const r = routerFor(input, 'car');
    expect(() => r.snap([Number.NaN, 26.2])).toThrow(/longitude must be a finite number/);
    expect(() => r.snap([190, 26.2])).toThrow(/longitude 190 is out of range/);
    expect(() => r.snap([117.6, 95])).toThrow(/latitude 95 is out of range/);
    expect(() => r.snap([117.6, 26.21])).toThrow(/is 1\d{3} m from the nearest road/);
    const wide = routerFor(input, 'car', { snapMax: 2000 });
    expect(wide.snap([117.6, 26.21]).distance).toBeGreaterThan(1000);
  });
  it('does not snap to roads the profile cannot use', () => {
    const mixed: RoadInput = {
      lon: [117.6, 117.601, 117.6, 117.601],
      lat: [26.2, 26.2, 26.2005, 26.2005],
      ways: [
        { nodes: [0, 1], cls: 'footway', oneway: 0, access: { car: false, ebike: true, foot: true } },
        { nodes: [2, 3], cls: 'residential', oneway: 0, access: all },
      ],
    };
    const car = routerFor(mixed, 'car');
    expect(car.snap([117.6005, 26.2001]).distance).toBeGreaterThan(40);
    const foot = routerFor(mixed, 'foot');
    expect(foot.snap([117.6005, 26.2001]).distance).toBeLessThan(15);
  });
});
