import { describe, expect, it } from 'vitest';
import type { RoadClass } from '../../shared/roads.ts';
import { buildRoadGraph } from '../graph/build-graph.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import type { RoadInput, RoadWay } from '../graph/road-input.ts';
import { chainCostsOf } from './chain-costs.ts';
import { timeFromOrigin } from './chain-reach.ts';
import { chainTopologyOf } from './chains.ts';
import { CoverageModel, type CostsByProfile, type UnitGroup } from './index.ts';
import { referenceCoverage } from './reference.ts';
import { costsFor, expectSame, onRoad } from './test-helpers.ts';

const LON0 = 117.6, LAT0 = 26.2;
const M_LON = 1 / (111_320 * Math.cos((LAT0 * Math.PI) / 180)), M_LAT = 1 / 110_574;

/** A network from points in metres east/north of a fixed origin and ways over them. */
function network(points: [number, number][], ways: { nodes: number[]; cls?: RoadClass; oneway?: 0 | 1 | -1 }[]): RoadGraph {
  const input: RoadInput = {
    lon: points.map(([x]) => LON0 + x * M_LON),
    lat: points.map(([, y]) => LAT0 + y * M_LAT),
    ways: ways.map(
      (w): RoadWay => ({
        nodes: w.nodes,
        cls: w.cls ?? 'residential',
        oneway: w.oneway ?? 0,
        access: { car: w.cls !== 'footway', ebike: true, foot: true },
      }),
    ),
  };
  return buildRoadGraph(input);
}

/** A 1 km street of 20 bends (nodes 0..20) between two crossings with stubs; optionally a way back. */
function longStreet(opts: { oneway?: boolean; backwards?: boolean; footwayAt?: number } = {}): RoadGraph {
  const pts: [number, number][] = [];
  for (let i = 0; i <= 20; i++) pts.push([i * 50, 3 * Math.sin(i)]); // a gently curved street
  pts.push([0, 100], [0, -100], [1000, 100], [1000, -100], [1000, -300], [0, -300]);
  const ways: { nodes: number[]; cls?: RoadClass; oneway?: 0 | 1 | -1 }[] = [];
  // The street first: the graph numbers nodes in order of first use, so node i is point i.
  for (let i = 0; i < 20; i++) ways.push({ nodes: [i, i + 1], oneway: opts.oneway ? (opts.backwards ? -1 : 1) : 0, cls: i === opts.footwayAt ? 'footway' : 'residential' });
  ways.push({ nodes: [21, 0, 22] }, { nodes: [23, 20, 24] });
  // the way back, so a one-way street stays in the strongly connected part
  ways.push({ nodes: [24, 25, 26, 22] });
  return network(pts, ways);
}

/** The canonical edge between nodes u and v. */
function segment(g: RoadGraph, u: number, v: number): number {
  for (let e = 0; e < g.edgeCount; e++) {
    if ((g.edgeFrom[e] === u && g.edgeTo[e] === v) || (g.edgeFrom[e] === v && g.edgeTo[e] === u)) {
      const r = g.edgeReverse[e];
      return r >= 0 && r < e ? r : e;
    }
  }
  throw new Error(`no segment ${u}-${v}`);
}

const thresholds = [60, 180, 300];
const CAR_MPS = 25 / 3.6; // residential street

describe('named cases', () => {
  it('a unit in the middle of a long chain covers its own chain outwards from where it stands', () => {
    const g = longStreet();
    const costs: CostsByProfile = { car: costsFor(g, 'car') };
    const model = new CoverageModel(g, costs, {}, { thresholds });
    expect(model.coreSize.nodes).toBeLessThan(10); // the 19 bends are inside one chain
    const e = segment(g, 9, 10);
    const at = onRoad(g, e, 0.5);
    const groups: UnitGroup[] = [{ profile: 'car', positions: [at] }];
    const got = model.measure(groups);
    expectSame(got, referenceCoverage(g, costs, {}, thresholds, groups), thresholds);
    // 60 s each way along the street, which is longer than that on both sides.
    expect(got.roadMeters[0]).toBeCloseTo(2 * 60 * CAR_MPS, 0);
  });

  it('a unit on a one-way chain covers only what lies ahead of it within the first minute', () => {
    const g = longStreet({ oneway: true });
    const costs: CostsByProfile = { car: costsFor(g, 'car') };
    const model = new CoverageModel(g, costs, {}, { thresholds });
    const e = segment(g, 9, 10);
    const groups: UnitGroup[] = [{ profile: 'car', positions: [onRoad(g, e, 0.5)] }];
    const got = model.measure(groups);
    expectSame(got, referenceCoverage(g, costs, {}, thresholds, groups), thresholds);
    expect(got.roadMeters[0]).toBeCloseTo(60 * CAR_MPS, 0);
    // Within 3 minutes it has gone round the block and come back behind itself.
    expect(got.roadMeters[2]).toBeGreaterThan(got.roadMeters[1]);
  });

  it('from where a unit stands on a one-way street, the time to that very place is its off-road walk', () => {
    for (const backwards of [false, true]) {
      const g = longStreet({ oneway: true, backwards });
      const top = chainTopologyOf(g);
      const cc = chainCostsOf(g, top, costsFor(g, 'car').edgeSeconds);
      const slot = top.edgeSlot[segment(g, 9, 10)];
      for (const t of [0, 0.4, 1]) {
        // One of the two directions along the slot is closed; standing still needs neither.
        expect(timeFromOrigin(top, cc, { slot, t, off: 7.5 }, slot, t)).toBe(7.5);
      }
    }
  });

  it('a closed ring of bends (no crossing at all) is handled like any other chain', () => {
    const pts: [number, number][] = Array.from({ length: 12 }, (_, i) => [300 * Math.cos((i * Math.PI) / 6), 300 * Math.sin((i * Math.PI) / 6)]);
    const g = network(pts, [{ nodes: [...pts.keys(), 0] }]);
    const costs: CostsByProfile = { car: costsFor(g, 'car'), foot: costsFor(g, 'foot') };
    const model = new CoverageModel(g, costs, {}, { thresholds });
    const groups: UnitGroup[] = [
      { profile: 'foot', positions: [onRoad(g, segment(g, 3, 4), 0.3, 5)] },
      { profile: 'car', positions: [onRoad(g, segment(g, 8, 9), 0.9)] },
    ];
    expectSame(model.measure(groups), referenceCoverage(g, costs, {}, thresholds, groups), thresholds);
  });

  it('no units: every share is 0 and every patrol point is out of reach', () => {
    const g = longStreet();
    const model = new CoverageModel(g, { car: costsFor(g, 'car') }, {
      zones: [{ id: 'Z', geometry: { coordinates: [[[LON0 - 0.001, LAT0 - 0.001], [LON0 + 0.02, LAT0 - 0.001], [LON0 + 0.02, LAT0 + 0.001], [LON0 - 0.001, LAT0 - 0.001]]] } }],
      hotspots: [{ lon: LON0 + 0.002, lat: LAT0, weight: 1 }],
      points: [{ id: 'P', geometry: { coordinates: [LON0 + 0.003, LAT0] } }],
    });
    for (const groups of [[], [{ profile: 'car' as const, positions: [] }]]) {
      const got = model.measure(groups);
      expect(Array.from(got.road)).toEqual([0, 0, 0]);
      expect(Array.from(got.roadMeters)).toEqual([0, 0, 0]);
      expect(Array.from(got.hotspots)).toEqual([0, 0, 0]);
      expect(Array.from(got.zones)).toEqual([0, 0, 0]);
      expect(Array.from(got.points)).toEqual([Infinity]);
    }
  });

  it('units of a profile that cannot use some roads leave those roads uncovered, but they still count', () => {
    const g = longStreet({ footwayAt: 12 });
    const costs: CostsByProfile = { car: costsFor(g, 'car'), foot: costsFor(g, 'foot') };
    const model = new CoverageModel(g, costs, {}, { thresholds: [60, 180, 300, 3600] });
    const groups: UnitGroup[] = [{ profile: 'car', positions: [onRoad(g, segment(g, 2, 3), 0.5)] }];
    const got = model.measure(groups);
    expectSame(got, referenceCoverage(g, costs, {}, [60, 180, 300, 3600], groups), [60, 180, 300, 3600]);
    // Cars go round the block to the far side, but the footway stays uncovered even after an hour.
    const footway = g.edgeLength[segment(g, 12, 13)];
    expect(model.networkMeters - got.roadMeters[3]).toBeGreaterThanOrEqual(footway - 1e-6);
    expect(got.road[3]).toBeLessThan(1);
    // A model of cars alone does not count the footway at all.
    const carOnly = new CoverageModel(g, { car: costs.car }, {}, { thresholds });
    expect(carOnly.networkMeters).toBeLessThan(model.networkMeters - footway + 1e-6);
  });
});
