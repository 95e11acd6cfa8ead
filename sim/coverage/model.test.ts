import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROFILES, type ProfileName } from '../../shared/roads.ts';
import type { LngLat } from '../../shared/units.ts';
import { generateCity } from '../build/city-generator.ts';
import { buildRoadGraph } from '../graph/build-graph.ts';
import { closureMask } from '../graph/closures.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import { createRandom } from '../random.ts';
import type { SnappedPoint } from '../routing/snap.ts';
import { networkFromSpec, randomNetworkSpec, type RandomNetworkSpec } from '../test-support/random-network.ts';
import { CoverageInputError, CoverageModel, type CostsByProfile, type CoverageTargets, type UnitGroup } from './index.ts';
import { referenceCoverage } from './reference.ts';
import { costsFor, expectSame, onRoad, rel } from './test-helpers.ts';
import { SearchSpace, type Seed } from '../routing/dijkstra.ts';
import { departureSeeds } from '../routing/snapped-seeds.ts';

/** Canonical edges usable by some profile of the given costs. */
function usableSegments(g: RoadGraph, costs: CostsByProfile): number[] {
  const out: number[] = [];
  for (let e = 0; e < g.edgeCount; e++) {
    const r = g.edgeReverse[e];
    if (r >= 0 && r < e) continue;
    if (Object.values(costs).some((c) => c && (c.edgeSeconds[e] !== Infinity || (r >= 0 && c.edgeSeconds[r] !== Infinity)))) out.push(e);
  }
  return out;
}

interface Case {
  spec: RandomNetworkSpec;
  profiles: ProfileName[];
  units: { profile: number; seg: number; t: number; off: number; reverse: boolean }[];
  sameSegment: boolean;
  closures: number[];
  thresholds: number[];
  zone: { x: number; y: number; w: number; h: number };
  line: { x0: number; y0: number; x1: number; y1: number };
  spots: { x: number; y: number; w: number }[];
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  spec: randomNetworkSpec(7),
  profiles: fc.subarray([...PROFILES], { minLength: 1 }),
  units: fc.array(
    fc.record({
      profile: fc.nat(),
      seg: fc.nat(),
      t: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.5)),
      off: fc.constantFrom(0, 0, 7.5, 30),
      reverse: fc.boolean(),
    }),
    { minLength: 0, maxLength: 5 },
  ),
  sameSegment: fc.boolean(),
  closures: fc.array(fc.nat(), { maxLength: 3 }),
  thresholds: fc.constantFrom([60, 180, 300], [20, 45], [5, 30, 90, 240], [120]),
  zone: fc.record({ x: fc.double({ min: 0, max: 0.8, noNaN: true }), y: fc.double({ min: 0, max: 0.8, noNaN: true }), w: fc.double({ min: 0.2, max: 1, noNaN: true }), h: fc.double({ min: 0.2, max: 1, noNaN: true }) }),
  line: fc.record({ x0: fc.double({ min: 0, max: 1, noNaN: true }), y0: fc.double({ min: 0, max: 1, noNaN: true }), x1: fc.double({ min: 0, max: 1, noNaN: true }), y1: fc.double({ min: 0, max: 1, noNaN: true }) }),
  spots: fc.array(fc.record({ x: fc.double({ min: 0, max: 1, noNaN: true }), y: fc.double({ min: 0, max: 1, noNaN: true }), w: fc.constantFrom(1, 2.5, 10) }), { maxLength: 4 }),
});

/** Builds graph, costs, targets and unit groups for a random case; null when it has no roads. */
function setUp(s: Case) {
  const g = buildRoadGraph(networkFromSpec(s.spec));
  const closed = new Uint8Array(g.edgeCount);
  for (const e of s.closures) {
    const x = e % g.edgeCount;
    closed[x] = 1;
    if (g.edgeReverse[x] >= 0) closed[g.edgeReverse[x]] = 1;
  }
  const costs: CostsByProfile = {};
  for (const p of s.profiles) costs[p] = costsFor(g, p, { closed });
  // Bounding box of the network in degrees, for placing targets.
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let u = 0; u < g.nodeCount; u++) {
    x0 = Math.min(x0, g.lon[u]);
    x1 = Math.max(x1, g.lon[u]);
    y0 = Math.min(y0, g.lat[u]);
    y1 = Math.max(y1, g.lat[u]);
  }
  const at = (fx: number, fy: number): LngLat => [x0 + fx * (x1 - x0), y0 + fy * (y1 - y0)];
  const groups: UnitGroup[] = s.profiles.map((profile) => ({ profile, positions: [] as SnappedPoint[] }));
  s.units.forEach((u, i) => {
    const grp = groups[u.profile % groups.length];
    const segs = usableSegments(g, { [grp.profile]: costs[grp.profile] });
    if (segs.length === 0) return;
    const e = segs[(s.sameSegment && i > 0 ? s.units[0].seg : u.seg) % segs.length];
    const r = g.edgeReverse[e];
    // Positions may name the reverse edge (fraction from its own start).
    const p = u.reverse && r >= 0 ? onRoad(g, r, 1 - u.t, u.off) : onRoad(g, e, u.t, u.off);
    (grp.positions as SnappedPoint[]).push(p);
  });
  const z = s.zone;
  const zone = { id: 'Z', geometry: { coordinates: [[at(z.x, z.y), at(z.x + z.w, z.y), at(z.x + z.w, z.y + z.h), at(z.x, z.y + z.h), at(z.x, z.y)]] } };
  const line = { id: 'L', geometry: { coordinates: [at(s.line.x0, s.line.y0), at(s.line.x1, s.line.y1)] } };
  const targets: CoverageTargets = {
    zones: [zone],
    lines: [line],
    hotspots: s.spots.map((h, i) => ({ id: `H${i}`, lon: at(h.x, h.y)[0], lat: at(h.x, h.y)[1], weight: h.w })),
    points: s.spots.map((h, i) => ({ id: `P${i}`, geometry: { coordinates: at(1 - h.x, h.y) } })),
  };
  return { g, costs, groups, targets };
}

/** Builds the model, dropping zone/line targets that have no road (their error is tested elsewhere). */
function build(g: RoadGraph, costs: CostsByProfile, targets: CoverageTargets, thresholds: readonly number[]) {
  const ref0 = referenceCoverage(g, costs, targets, thresholds, []);
  const kept: CoverageTargets = {
    ...targets,
    zones: targets.zones?.filter((_, i) => ref0.zoneEdges[i].length > 0),
    lines: targets.lines?.filter((_, i) => ref0.lineEdges[i].length > 0),
  };
  try {
    return { model: new CoverageModel(g, costs, kept, { thresholds }), targets: kept };
  } catch (err) {
    // A sparse random network can leave a hotspot or point beyond the snapping limit: that case
    // has its own error test, and says nothing about the sums.
    if (err instanceof CoverageInputError && /^(hotspots|points)\[/.test(err.field)) return null;
    throw err;
  }
}

/**
 * Zone membership of the model and of the reference, and whether they differ only in segments
 * whose midpoint lies within 1e-9° of an edge of the (axis-aligned) zone rectangle.
 */
function zoneTies(g: RoadGraph, ring: readonly LngLat[], model: Uint32Array, want: number[]) {
  const got = Array.from(model);
  const xs = ring.map((p) => p[0]), ys = ring.map((p) => p[1]);
  const near = (v: number, edges: number[]) => edges.some((x) => Math.abs(v - x) < 1e-9);
  const onEdge = (e: number) => {
    const a = g.edgeFrom[e], b = g.edgeTo[e];
    return near((g.lon[a] + g.lon[b]) / 2, xs) || near((g.lat[a] + g.lat[b]) / 2, ys);
  };
  const differ = [...got.filter((e) => !want.includes(e)), ...want.filter((e) => !got.includes(e))];
  return { got, want, tiesOnly: differ.length > 0 && differ.every(onEdge) };
}

describe('coverage model against the reference (random networks)', () => {
  it('equals labels + road-time field + reach sums for all profiles, one-way streets and closures', () => {
    fc.assert(
      fc.property(caseArb, (s) => {
        const { g, costs, groups, targets } = setUp(s);
        if (usableSegments(g, costs).length === 0) return;
        const built = build(g, costs, targets, s.thresholds);
        if (!built) return;
        const { model, targets: kept } = built;
        const ref = referenceCoverage(g, costs, kept, s.thresholds, groups);
        // Target membership is computed independently by the reference. A segment whose midpoint
        // lies on the zone's edge (to within 1e-9°) may fall either side: such a case is skipped.
        const ties = kept.zones?.map((z, i) => zoneTies(g, z.geometry.coordinates[0], model.zoneSegments(i), ref.zoneEdges[i])) ?? [];
        if (ties.some((t) => t.tiesOnly)) return;
        ties.forEach((t) => expect(t.got).toEqual(t.want));
        const got = model.measure(groups);
        expectSame(got, ref, s.thresholds);
        // Measured again, every unit is where it was: from kept fields, the very same numbers.
        expect(model.measure(groups)).toEqual(got);
        kept.lines?.forEach((_, i) => expect(Array.from(model.lineSegments(i))).toEqual(ref.lineEdges[i]));
      }),
      { seed: 20240611, numRuns: 300 },
    );
  });

  it('after setCosts with slower (and closed) roads equals the reference with those costs', () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 1.1, max: 3, noNaN: true }), fc.nat(), (s, slow, closeAt) => {
        const { g, costs, groups, targets } = setUp(s);
        if (usableSegments(g, costs).length === 0) return;
        const built = build(g, costs, targets, s.thresholds);
        if (!built) return;
        const { model, targets: kept } = built;
        const closed = new Uint8Array(g.edgeCount);
        closed[closeAt % g.edgeCount] = 1;
        const slower: CostsByProfile = {};
        for (const p of s.profiles) slower[p] = costsFor(g, p, { slow, closed });
        model.measure(groups);
        model.setCosts(slower);
        // Hotspots and points keep the snaps made with the first costs, so compare those with
        // a reference snapped the same way only when the snaps agree (no closure near them).
        const ref = referenceCoverage(g, slower, { zones: kept.zones, lines: kept.lines }, s.thresholds, groups);
        // A segment whose midpoint lies on a zone's edge (to within 1e-12°) may fall either side;
        // membership itself is checked by the test above.
        const same = (a: Uint32Array, b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
        if (kept.zones?.some((_, i) => !same(model.zoneSegments(i), ref.zoneEdges[i]))) return;
        if (kept.lines?.some((_, i) => !same(model.lineSegments(i), ref.lineEdges[i]))) return;
        const got = model.measure(groups);
        expectSame({ ...got, hotspots: new Float64Array(s.thresholds.length), points: new Float64Array(0) }, { ...ref, points: [] }, s.thresholds, 'slower');
      }),
      { seed: 77, numRuns: 150 },
    );
  });
});

describe('coverage model against the reference (generated city)', () => {
  const graph = buildRoadGraph(generateCity({ seed: 5, targetNodes: 3000 }).input);
  const rnd = createRandom(11);
  const costs: CostsByProfile = { car: costsFor(graph, 'car'), ebike: costsFor(graph, 'ebike'), foot: costsFor(graph, 'foot') };
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let u = 0; u < graph.nodeCount; u++) {
    x0 = Math.min(x0, graph.lon[u]);
    x1 = Math.max(x1, graph.lon[u]);
    y0 = Math.min(y0, graph.lat[u]);
    y1 = Math.max(y1, graph.lat[u]);
  }
  const at = (fx: number, fy: number): LngLat => [x0 + fx * (x1 - x0), y0 + fy * (y1 - y0)];
  /** A place a few tens of metres from a random road node. */
  const nearRoad = (): LngLat => {
    const u = rnd.int(0, graph.nodeCount - 1);
    return [graph.lon[u] + rnd.uniform(-3e-4, 3e-4), graph.lat[u] + rnd.uniform(-3e-4, 3e-4)];
  };
  const box = (fx: number, fy: number, w: number) => [[at(fx, fy), at(fx + w, fy), at(fx + w, fy + w), at(fx, fy + w), at(fx, fy)]];
  const targets: CoverageTargets = {
    zones: [
      { id: 'Z-1', geometry: { coordinates: box(0.1, 0.1, 0.3) } },
      { id: 'Z-ALL', geometry: { coordinates: box(-0.1, -0.1, 1.2) } },
      { id: 'Z-HOLE', geometry: { coordinates: [...box(0.3, 0.3, 0.5), ...box(0.4, 0.4, 0.2)] } },
    ],
    lines: [
      { id: 'L-1', geometry: { coordinates: [at(0.05, 0.5), at(0.5, 0.52), at(0.95, 0.45)] } },
      { id: 'L-2', geometry: { coordinates: [at(0.5, 0.05), at(0.52, 0.95)] } },
    ],
    hotspots: Array.from({ length: 30 }, (_, i) => {
      const [lon, lat] = nearRoad();
      return { id: `H${i}`, lon, lat, weight: 1 + (i % 4) };
    }),
    points: Array.from({ length: 20 }, (_, i) => ({ id: `P${i}`, geometry: { coordinates: nearRoad() } })),
  };
  const thresholds = [60, 180, 300];
  const model = new CoverageModel(graph, costs, targets, { thresholds });

  /** Random units of a profile on segments it may use (some off the road). */
  const unitsOf = (profile: ProfileName, n: number): SnappedPoint[] => {
    const segs = usableSegments(graph, { [profile]: costs[profile] });
    return Array.from({ length: n }, () => onRoad(graph, segs[rnd.int(0, segs.length - 1)], rnd.next(), rnd.chance(0.5) ? 0 : rnd.uniform(0, 40)));
  };

  it('car units only, over many random placements', () => {
    for (let run = 0; run < 12; run++) {
      const groups: UnitGroup[] = [{ profile: 'car', positions: unitsOf('car', 1 + run * 2) }];
      expectSame(model.measure(groups), referenceCoverage(graph, costs, targets, thresholds, groups), thresholds, `run ${run}`);
    }
  });

  it('units that stay put between measures (kept fields) give the very numbers of a fresh model', () => {
    const kept = new CoverageModel(graph, costs, targets, { thresholds });
    const slower: CostsByProfile = { car: costsFor(graph, 'car', { slow: 1.7 }), ebike: costsFor(graph, 'ebike'), foot: costsFor(graph, 'foot') };
    let cars = unitsOf('car', 8), foot = unitsOf('foot', 5);
    for (let run = 0; run < 10; run++) {
      // Half the cars and some foot patrols move; the rest stay where they were. Costs change
      // halfway and back, so kept fields of both cost tables are used.
      cars = cars.map((p, i) => (i % 2 === run % 2 ? unitsOf('car', 1)[0] : p));
      foot = foot.map((p, i) => (i === run % 5 ? unitsOf('foot', 1)[0] : p));
      const now = run >= 4 && run < 7 ? slower : costs;
      kept.setCosts(now);
      const groups: UnitGroup[] = [
        { profile: 'car', positions: cars },
        { profile: 'foot', positions: foot },
      ];
      const fresh = new CoverageModel(graph, now, targets, { thresholds }).measure(groups);
      const got = kept.measure(groups);
      expect(got, `run ${run}`).toEqual(fresh);
      expectSame(got, referenceCoverage(graph, now, targets, thresholds, groups), thresholds, `kept ${run}`);
    }
  });

  it('mixed car, e-bike and foot units merge to the least time', () => {
    for (let run = 0; run < 6; run++) {
      const groups: UnitGroup[] = [
        { profile: 'car', positions: unitsOf('car', 3) },
        { profile: 'foot', positions: unitsOf('foot', 4) },
        { profile: 'ebike', positions: unitsOf('ebike', 2 + run) },
      ];
      expectSame(model.measure(groups), referenceCoverage(graph, costs, targets, thresholds, groups), thresholds, `mixed ${run}`);
    }
  });

  it('profiles that reach little (no profile read from its labels alone) merge exactly', () => {
    // Short thresholds keep every search to a few core nodes; units of two profiles share places.
    const short = [10, 30];
    const small = new CoverageModel(graph, costs, targets, { thresholds: short });
    for (let run = 0; run < 4; run++) {
      const foot = unitsOf('foot', 3);
      const groups: UnitGroup[] = [
        { profile: 'foot', positions: foot },
        { profile: 'ebike', positions: [...unitsOf('ebike', 2), ...foot.map((p) => ({ ...p, offRoadSeconds: 0 }))] },
      ];
      expectSame(small.measure(groups), referenceCoverage(graph, costs, targets, short, groups), short, `short ${run}`);
    }
  });

  it('without one unit (what-if) equals measuring the others afresh, for every unit (differential)', () => {
    const close = (a: Float64Array, b: Float64Array, what: string) =>
      a.forEach((v, i) => {
        if (v === Infinity || b[i] === Infinity) expect(v, `${what}[${i}]`).toBe(b[i]);
        else expect(Math.abs(v - b[i]), `${what}[${i}] ${v} vs ${b[i]}`).toBeLessThan(1e-9 * Math.max(1, Math.abs(b[i])));
      });
    for (const th of [thresholds, [180]]) {
      const m = new CoverageModel(graph, costs, targets, { thresholds: th, keptFieldBytes: 0 });
      const plain = new CoverageModel(graph, costs, targets, { thresholds: th, keptFieldBytes: 0 });
      for (let run = 0; run < 4; run++) {
        const groups: UnitGroup[] = [
          { profile: 'car', positions: unitsOf('car', 3 + run) },
          { profile: 'foot', positions: unitsOf('foot', run === 3 ? 1 : 3) },
          { profile: 'ebike', positions: unitsOf('ebike', 2) },
        ];
        const leaving = groups.flatMap((g, group) => g.positions.map((_, index) => ({ group, index })));
        const { base, without: got } = m.measureWithout(groups, leaving);
        expect(base).toEqual(plain.measure(groups));
        leaving.forEach(({ group, index }, i) => {
          const rest = groups.map((g, gi) => (gi === group ? { profile: g.profile, positions: g.positions.filter((_, j) => j !== index) } : g));
          const want = plain.measure(rest);
          const what = `thresholds ${th.join('/')} run ${run} without ${groups[group].profile} ${index}`;
          close(got[i].roadMeters, want.roadMeters, `${what} roadMeters`);
          close(got[i].road, want.road, `${what} road`);
          close(got[i].zones, want.zones, `${what} zones`);
          close(got[i].lines, want.lines, `${what} lines`);
          close(got[i].hotspots, want.hotspots, `${what} hotspots`);
          close(got[i].points, want.points, `${what} points`);
        });
      }
    }
  });

  it('node labels read from the core search and the chains equal a search over the whole graph (differential)', () => {
    for (const searchSeconds of [300, 339, 500]) {
      const m = new CoverageModel(graph, costs, targets, { thresholds, keptFieldBytes: 0, searchSeconds });
      const space = new SearchSpace(graph);
      for (let run = 0; run < 3; run++) {
        const groups: UnitGroup[] = [
          { profile: 'car', positions: unitsOf('car', 2 + run) },
          { profile: 'foot', positions: unitsOf('foot', 3) },
        ];
        const measured = m.measure(groups);
        // A longer search changes no figure (up to the order of floating-point sums).
        const plain = new CoverageModel(graph, costs, targets, { thresholds, keptFieldBytes: 0 }).measure(groups);
        for (const key of ['roadMeters', 'road', 'hotspots', 'zones', 'lines', 'points'] as const) {
          measured[key].forEach((v, i) => expect(rel(v, plain[key][i]), `${key}[${i}] ${v} vs ${plain[key][i]} (${searchSeconds} s)`).toBe(true));
        }
        for (const grp of groups) {
          const got = m.nodeLabels(grp.profile);
          const w = costs[grp.profile]!.edgeSeconds, seeds: Seed[] = [];
          grp.positions.forEach((p, i) => departureSeeds(graph, w, p as SnappedPoint, i, seeds));
          space.run(w, seeds, { cutoff: searchSeconds });
          let reached = 0;
          for (let v = 0; v < graph.nodeCount; v++) {
            const want = space.dist[v];
            if (want === Infinity || got[v] === Infinity) expect(got[v], `${grp.profile} node ${v} (${searchSeconds} s)`).toBe(want);
            else {
              reached++;
              expect(Math.abs(got[v] - want), `${grp.profile} node ${v}: ${got[v]} vs ${want}`).toBeLessThan(1e-9 * Math.max(1, want));
            }
          }
          expect(reached).toBeGreaterThan(10);
        }
      }
    }
    expect(() => new CoverageModel(graph, costs, targets, { thresholds, searchSeconds: 200 })).toThrow(/searchSeconds: must be/);
  });

  it('rush-hour costs and a closed area after setCosts', () => {
    const d = 0.15;
    const closed = closureMask(graph, { polygons: [box(0.45, 0.45, d)] });
    const rush: CostsByProfile = { car: costsFor(graph, 'car', { at: 8 * 3600, closed }) };
    const local = new CoverageModel(graph, { car: costs.car }, { zones: targets.zones, lines: targets.lines }, { thresholds });
    const groups: UnitGroup[] = [{ profile: 'car', positions: unitsOf('car', 8) }];
    const before = local.measure(groups);
    local.setCosts(rush);
    const after = local.measure(groups);
    expectSame(after, referenceCoverage(graph, rush, { zones: targets.zones, lines: targets.lines }, thresholds, groups), thresholds, 'rush');
    expect(after.road[1]).toBeLessThan(before.road[1]);
  });
});
