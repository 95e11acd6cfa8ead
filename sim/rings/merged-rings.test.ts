// Merged rings of units with different profiles: checked against each profile's own true field
// and against a dense sampling of the merged road time (the minimum over profiles).
import { describe, expect, it } from 'vitest';
import type { ProfileName } from '../../shared/roads.ts';
import type { LngLat } from '../../shared/units.ts';
import { buildRoadGraph } from '../graph/build-graph.ts';
import { createRouter } from '../routing/context.ts';
import { DEFAULT_PROFILES } from '../graph/profiles.ts';
import { FREE_FLOW } from '../graph/time-of-day.ts';
import type { Router } from '../routing/router.ts';
import { buildMergedRings, buildRings, mergedRingsFromLabels, RingsInputError, ringTolerance, RoadTimeField, takeContours, type ContourHelper } from './index.ts';
import type { ContourResult } from './contour.ts';
import { syntheticCity } from './synthetic-city.ts';
import { verifyRings } from './test-helpers.ts';
import { timeAt } from './road-times.ts';
import { summarizeMergedReach } from './reach.ts';
import { rasterizeRoads, segmentCells } from './rasterize.ts';
import { chooseGrid } from './grid.ts';
import fc from 'fast-check';

const graph = buildRoadGraph(syntheticCity({ seed: 11, cols: 30, rows: 30 }));
const setup = { graph, profiles: DEFAULT_PROFILES, timeOfDay: FREE_FLOW };
const routers = Object.fromEntries((['car', 'ebike', 'foot'] as ProfileName[]).map((p) => [p, createRouter(setup, p, (8 * 3600) as never)])) as Record<ProfileName, Router>;
const at = (fx: number, fy: number): LngLat => [117.6 + 0.0305 * fx, 26.2 + 0.0286 * fy];

const groups = () => [
  { router: routers.car, origins: [routers.car.snap(at(0.2, 0.3))] },
  { router: routers.ebike, origins: [routers.ebike.snap(at(0.7, 0.6)), routers.ebike.snap(at(0.5, 0.2))] },
  { router: routers.foot, origins: [routers.foot.snap(at(0.45, 0.8))] },
];

describe('merged rings over several profiles', () => {
  it('with one group, equal the single-profile rings exactly', () => {
    const origins = [routers.ebike.snap(at(0.4, 0.4)), routers.ebike.snap(at(0.8, 0.7))];
    const merged = buildMergedRings([{ router: routers.ebike, origins }], [1, 3, 5]);
    const single = buildRings(routers.ebike, origins, [1, 3, 5]);
    expect(merged.geojson).toEqual(single.geojson);
    expect(merged.stats).toEqual(single.stats);
  });

  it('contain every road point any group reaches in time (no misses for any profile)', () => {
    const res = buildMergedRings(groups(), [1, 3, 5]);
    let checked = 0;
    for (const g of groups()) {
      const field = new RoadTimeField(graph, g.router.costs, g.router.label(g.origins).seconds, g.origins);
      const report = verifyRings(field, res, ringTolerance(res.cellMeters), { maxOffRoadMeters: 150, randomPoints: 0 });
      checked += report.roadPoints;
      // Only the miss check applies per group: the merged ring may rightly hold places this group cannot reach.
      expect(report.problems.filter((p) => p.includes('outside the ring'))).toEqual([]);
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it('reachable road length is the union over profiles (dense sampling of the merged time)', () => {
    const gs = groups();
    const res = buildMergedRings(gs, [1, 3, 5]);
    const fields = gs.map((g) => new RoadTimeField(graph, g.router.costs, g.router.label(g.origins).seconds, g.origins));
    const byEdge = fields.map((f) => new Set(f.segments));
    const steps = 400;
    const sums = [0, 0, 0];
    const seen = new Set<number>();
    for (const f of fields) for (const e of f.segments) seen.add(e);
    for (const e of seen) {
      const len = graph.edgeLength[e];
      for (let s = 0; s < steps; s++) {
        const frac = (s + 0.5) / steps;
        let t = Infinity;
        fields.forEach((f, i) => {
          if (byEdge[i].has(e)) t = Math.min(t, timeAt(f.load(e), frac));
        });
        [60, 180, 300].forEach((lim, k) => {
          if (t <= lim) sums[k] += len / steps;
        });
      }
    }
    res.stats.forEach((s, k) => {
      expect(s.reachableRoadMeters).toBeGreaterThan(0);
      // Midpoint sampling errs by at most one step at each end of each reached interval.
      expect(Math.abs(s.reachableRoadMeters - sums[k])).toBeLessThan(0.002 * sums[k] + 1);
    });
    // And it is more than any one profile reaches, yet never more than all of them together.
    const singles = gs.map((g) => buildRings(g.router, g.origins, [1, 3, 5]));
    res.stats.forEach((s, k) => {
      const each = singles.map((r) => r.stats[k].reachableRoadMeters);
      expect(s.reachableRoadMeters).toBeGreaterThanOrEqual(Math.max(...each) - 0.1);
      expect(s.reachableRoadMeters).toBeLessThanOrEqual(each.reduce((a, b) => a + b, 0) + 0.1);
      const areas = singles.map((r) => r.stats[k].areaKm2);
      expect(s.areaKm2).toBeGreaterThanOrEqual(Math.max(...areas) - 0.002);
      expect(s.areaKm2).toBeLessThanOrEqual(areas.reduce((a, b) => a + b, 0) + 0.002);
    });
  });

  it('groups with no origins are skipped; none at all gives empty rings, one per contour', () => {
    const empty = buildMergedRings([{ router: routers.car, origins: [] }], [1, 3]);
    expect(empty.geojson.features.map((f) => [f.properties.contour, f.geometry.coordinates.length])).toEqual([[3, 0], [1, 0]]);
    const some = buildMergedRings([{ router: routers.car, origins: [] }, groups()[0]], [1, 3]);
    const only = buildRings(routers.car, groups()[0].origins, [1, 3]);
    expect(some.stats).toEqual(only.stats);
  });

  it('a closed area takes its roads out of the rings at once, and the rest stays reachable around it', () => {
    const origin = at(0.5, 0.5);
    const open = createRouter(setup, 'car', (12 * 3600) as never);
    // A closed block of about 600 × 600 m north-east of the origin.
    const [lon, lat] = at(0.62, 0.62);
    const d = 0.003;
    const area = [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]] as [number, number][][];
    const closed = createRouter(setup, 'car', (12 * 3600) as never, { polygons: [area] });
    const before = buildRings(open, [open.snap(origin)], [3]);
    const after = buildRings(closed, [closed.snap(origin)], [3]);
    expect(after.stats[0].reachableRoadMeters).toBeLessThan(before.stats[0].reachableRoadMeters);
    // Every road inside the closed area is unusable, so none of its length is counted.
    const field = new RoadTimeField(graph, closed.costs, closed.label([closed.snap(origin)]).seconds, [closed.snap(origin)]);
    for (const e of field.segments) {
      const u = graph.edgeFrom[e], v = graph.edgeTo[e];
      const inside = (n: number) => Math.abs(graph.lon[n] - lon) < d * 0.9 && Math.abs(graph.lat[n] - lat) < d * 0.9;
      expect(inside(u) && inside(v), `segment ${e} inside the closure is still usable`).toBe(false);
    }
    expect(after.stats[0].reachableRoadMeters).toBeGreaterThan(0.5 * before.stats[0].reachableRoadMeters);
  });

  it('refuses routers over different graphs and names the group', () => {
    const other = createRouter({ ...setup, graph: buildRoadGraph(syntheticCity({ seed: 12, cols: 10, rows: 10 })) }, 'car', 0 as never);
    expect(() => buildMergedRings([groups()[0], { router: other, origins: [] }], [3])).toThrow(RingsInputError);
    expect(() => buildMergedRings([groups()[0], { router: other, origins: [] }], [3])).toThrow(/groups\[1\]\.router/);
    expect(() => buildMergedRings([], [3])).toThrow(/groups/);
  });

  it('merged reach: the fast path for segments reached only from their ends equals the interval union (differential)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ p: fc.constantFrom<ProfileName>('car', 'ebike', 'foot'), x: fc.double({ min: 0.05, max: 0.95, noNaN: true }), y: fc.double({ min: 0.05, max: 0.95, noNaN: true }), age: fc.integer({ min: 0, max: 90 }) }), { minLength: 1, maxLength: 12 }), fc.constantFrom([60, 180, 300], [45, 200], [120]), (units, thresholds) => {
        const fields = (['car', 'ebike', 'foot'] as ProfileName[]).flatMap((p) => {
          const mine = units.filter((u) => u.p === p).map((u) => ({ ...routers[p].snap(at(u.x, u.y)), offRoadSeconds: u.age }));
          return mine.length ? [new RoadTimeField(graph, routers[p].costs, routers[p].label(mine).seconds, mine)] : [];
        });
        const segs = fields.map((f) => f.segmentsWithin(thresholds[thresholds.length - 1]));
        const fast = summarizeMergedReach(fields, thresholds, segs);
        const plain = summarizeMergedReach(fields, thresholds, segs, { generalOnly: true });
        expect(fast.meters.length).toBe(plain.meters.length);
        fast.meters.forEach((m, k) => expect(m).toBeCloseTo(plain.meters[k], 6));
        if (plain.bbox === null) expect(fast.bbox).toBeNull();
        else fast.bbox?.forEach((c, i) => expect(c).toBeCloseTo(plain.bbox![i], 6));
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it('a field burnt into a shared layer after a faster one skips only what changes nothing (differential)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ car: fc.boolean(), x: fc.double({ min: 0.05, max: 0.95, noNaN: true }), y: fc.double({ min: 0.05, max: 0.95, noNaN: true }), age: fc.integer({ min: 0, max: 60 }) }), { minLength: 2, maxLength: 10 }), (units) => {
        const make = (p: ProfileName, list: typeof units) => {
          const pts = list.map((u) => ({ ...routers[p].snap(at(u.x, u.y)), offRoadSeconds: u.age }));
          return new RoadTimeField(graph, routers[p].costs, routers[p].label(pts, 400).seconds, pts);
        };
        const car = make('car', units.filter((u) => u.car)), ebike = make('ebike', units.filter((u) => !u.car));
        const xs = Array.from(graph.x), ys = Array.from(graph.y);
        const grid = chooseGrid([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], 40, 40_000, () => 200);
        const plain = new Float64Array(grid.cols * grid.rows).fill(Infinity), skipped = plain.slice();
        rasterizeRoads(car, grid, 400, plain);
        rasterizeRoads(ebike, grid, 400, plain);
        rasterizeRoads(car, grid, 400, skipped);
        rasterizeRoads(ebike, grid, 400, skipped, ebike.segments, undefined, car);
        expect(Array.from(skipped)).toEqual(Array.from(plain));
      }),
      { numRuns: 25, seed: 5 },
    );
  });

  it('the cells each segment crosses, found once for a grid, burn in the very values of walking each segment (differential)', () => {
    const xs = Array.from(graph.x), ys = Array.from(graph.y);
    const box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as const;
    for (const cell of [17, 40, 95]) {
      const grid = chooseGrid(box, cell, 1e6, () => 200);
      const cells = segmentCells(graph, grid);
      fc.assert(
        fc.property(fc.constantFrom<ProfileName>('car', 'ebike', 'foot'), fc.array(fc.record({ x: fc.double({ min: 0, max: 1, noNaN: true }), y: fc.double({ min: 0, max: 1, noNaN: true }), age: fc.integer({ min: 0, max: 60 }) }), { minLength: 1, maxLength: 8 }), (p, units) => {
          const pts = units.map((u) => ({ ...routers[p].snap(at(u.x, u.y)), offRoadSeconds: u.age }));
          const field = new RoadTimeField(graph, routers[p].costs, routers[p].label(pts, 400).seconds, pts);
          const walked = new Float64Array(grid.cols * grid.rows).fill(Infinity), kept = walked.slice();
          rasterizeRoads(field, grid, 400, walked);
          rasterizeRoads(field, grid, 400, kept, field.segments, undefined, undefined, cells);
          expect(Array.from(kept)).toEqual(Array.from(walked));
        }),
        { numRuns: 12, seed: cell },
      );
    }
  });

  it('rings from given labels refuse labels that stop short of the margin, or of the wrong length, by name', () => {
    const o = routers.car.snap(at(0.5, 0.5));
    const field = { costs: routers.car.costs, labels: routers.car.label([o], 400).seconds, origins: [o] };
    expect(() => mergedRingsFromLabels(graph, [field], [1, 3, 5], 300)).toThrow(/labelSeconds: labels exact to 300 s do not reach/);
    expect(() => mergedRingsFromLabels(graph, [{ ...field, labels: new Float64Array(3) }], [1, 3, 5], 400)).toThrow(/fields\[0\]\.labels: expected/);
    expect(() => mergedRingsFromLabels(graph, [field], [1, 3, 5], 400, undefined, { roadMeters: [1] })).toThrow(/measured\.roadMeters: expected 3 values/);
    expect(() => mergedRingsFromLabels(graph, [], [1], 400)).toThrow(/fields: must hold at least one profile/);
    // Labels that reach far enough give the rings of a search of their own.
    expect(mergedRingsFromLabels(graph, [field], [1, 3, 5], 400).geojson).toEqual(buildMergedRings([{ router: routers.car, origins: [o] }], [1, 3, 5]).geojson);
  });

  it('rings drawn with a helper taking some of the contours equal the rings drawn alone, whatever it takes or fails to deliver', () => {
    const fields = groups().map((g) => ({ costs: g.router.costs, labels: g.router.label(g.origins, 460).seconds, origins: g.origins }));
    const alone = mergedRingsFromLabels(graph, fields, [1, 3, 5], 460);
    const helpers: Record<string, ContourHelper> = {
      // takes every contour before this side starts (a helper that was idle)
      'takes all': { offer: (share) => { const drawn = takeContours(share); return () => drawn; } },
      // takes the first one, then is asked for it
      'takes one': {
        offer: (share) => {
          const drawn = new Map<number, ContourResult>();
          const i = Atomics.add(share.claim, 0, 1);
          drawn.set(i, takeContours({ tasks: [share.tasks[i]], claim: new Int32Array(new SharedArrayBuffer(4)) }).get(0)!);
          return () => drawn;
        },
      },
      // claims one and never delivers (failed or timed out): drawn here after all
      'fails': { offer: (share) => { Atomics.add(share.claim, 0, 1); return () => null; } },
      // busy elsewhere: never takes any
      'busy': { offer: () => () => new Map() },
    };
    for (const [name, helper] of Object.entries(helpers)) {
      const with_ = mergedRingsFromLabels(graph, fields, [1, 3, 5], 460, undefined, undefined, helper);
      expect(with_.geojson, name).toEqual(alone.geojson);
      expect(with_.stats, name).toEqual(alone.stats);
    }
  });
});
