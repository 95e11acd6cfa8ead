import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { profileBit } from '../../shared/roads.ts';
import { buildRoadGraph } from '../graph/build-graph.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import type { RoadInput } from '../graph/road-input.ts';
import { segmentsIntersect } from '../geo/polygon.ts';
import {
  CityParamsError,
  generateCity,
  lngLatToFrame,
  resolveCityParams,
  type GeneratedCity,
} from './city-generator.ts';

const CENTER: [number, number] = [117.62, 26.26];
const CAR = profileBit('car');

/** River side of every node: sign of v minus the centreline's v at the node's u (frame coords). */
function riverSides(city: GeneratedCity): Int8Array {
  const { input, landmarks, frame } = city;
  const cl = landmarks.river!.centreline.map(([lon, lat]) => lngLatToFrame(frame, lon, lat));
  const n = input.lon.length;
  const side = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const [u, v] = lngLatToFrame(frame, input.lon[i], input.lat[i]);
    let k = 1;
    while (k < cl.length - 1 && cl[k][0] < u) k++;
    const [u0, v0] = cl[k - 1], [u1, v1] = cl[k];
    const vr = v0 + ((v1 - v0) * (u - u0)) / (u1 - u0);
    side[i] = v > vr ? 1 : -1;
  }
  return side;
}

/** Distance in metres of a node from the river centreline (frame coords, along v). */
function offsetFromRiver(city: GeneratedCity, node: number): number {
  const { input, landmarks, frame } = city;
  const cl = landmarks.river!.centreline.map(([lon, lat]) => lngLatToFrame(frame, lon, lat));
  const [u, v] = lngLatToFrame(frame, input.lon[node], input.lat[node]);
  let k = 1;
  while (k < cl.length - 1 && cl[k][0] < u) k++;
  const [u0, v0] = cl[k - 1], [u1, v1] = cl[k];
  return Math.abs(v - (v0 + ((v1 - v0) * (u - u0)) / (u1 - u0)));
}

/** Nodes reachable by cars from `start` along (reverse = against) car edges. */
function carReach(g: RoadGraph, start: number, reverse: boolean): number {
  const seen = new Uint8Array(g.nodeCount);
  const stack = [start];
  seen[start] = 1;
  let count = 1;
  while (stack.length) {
    const u = stack.pop()!;
    const lo = reverse ? g.firstIn[u] : g.firstOut[u];
    const hi = reverse ? g.firstIn[u + 1] : g.firstOut[u + 1];
    for (let k = lo; k < hi; k++) {
      const e = reverse ? g.inEdge[k] : k;
      if (!(g.edgeAccess[e] & CAR)) continue;
      const v = reverse ? g.edgeFrom[e] : g.edgeTo[e];
      if (!seen[v]) {
        seen[v] = 1;
        count++;
        stack.push(v);
      }
    }
  }
  return count;
}

function carNodesTouched(input: RoadInput): number {
  const s = new Set<number>();
  for (const w of input.ways) if (w.access.car) for (const n of w.nodes) s.add(n);
  return s.size;
}

describe('generateCity: the default city', () => {
  const city = generateCity({ seed: 1, center: CENTER });
  const graph = buildRoadGraph(city.input);

  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateCity({ seed: 1, center: CENTER });
    expect(again.input).toEqual(city.input);
    expect(again.landmarks).toEqual(city.landmarks);
    const other = generateCity({ seed: 2, center: CENTER });
    expect(other.input.lon).not.toEqual(city.input.lon);
  });

  it('keeps at least 97 % of car nodes after largest-SCC pruning and is strongly connected', () => {
    const touched = carNodesTouched(city.input);
    expect(graph.dropped.car.nodes / touched).toBeLessThanOrEqual(0.03);
    expect(graph.nodeCount).toBe(city.input.lon.length); // no unused nodes
    let kept = 0, start = -1;
    for (let u = 0; u < graph.nodeCount; u++) {
      if (graph.nodeAccess[u] & CAR) {
        kept++;
        if (start < 0) start = u;
      }
    }
    expect(carReach(graph, start, false)).toBe(kept);
    expect(carReach(graph, start, true)).toBe(kept);
  });

  it('crosses the river only on bridges, and every bridge spans it', () => {
    const side = riverSides(city);
    const half = city.landmarks.river!.widthM / 2;
    let bridges = 0, badBridges = 0, crossings = 0;
    for (const w of city.input.ways) {
      if (w.bridge) {
        bridges++;
        const [a, b] = w.nodes;
        const spans = w.nodes.length === 2 && side[a] !== side[b];
        if (!spans || offsetFromRiver(city, a) <= half || offsetFromRiver(city, b) <= half) badBridges++;
        continue;
      }
      for (let k = 1; k < w.nodes.length; k++) if (side[w.nodes[k]] !== side[w.nodes[0]]) crossings++;
    }
    expect(badBridges).toBe(0);
    expect(crossings).toBe(0);
    expect(bridges).toBe(8); // 6 arterial bridges + 2 on the ring road
    expect(city.landmarks.bridges).toHaveLength(8);
  });

  it('has one-way pairs, pedestrian streets and a trunk ring road with interchanges on arterials only', () => {
    const { ways } = city.input;
    const oneway = ways.filter((w) => w.oneway !== 0);
    expect(oneway.length).toBeGreaterThan(0.05 * ways.filter((w) => w.cls === 'residential' || w.cls === 'tertiary').length);
    expect(oneway.every((w) => w.cls === 'residential' || w.cls === 'tertiary')).toBe(true);

    const ped = ways.filter((w) => w.cls === 'pedestrian' || w.cls === 'footway');
    expect(ped.length).toBeGreaterThanOrEqual(3);
    for (const w of ped) expect(w.access).toEqual({ car: false, ebike: true, foot: true });

    const ring = ways.filter((w) => w.cls === 'trunk');
    expect(ring.length).toBeGreaterThanOrEqual(4);
    for (const w of ring) {
      expect(w.access).toEqual({ car: true, ebike: false, foot: false });
      expect(w.maxSpeedKmh).toBe(80);
    }
    const ringNodes = new Set(ring.flatMap((w) => w.nodes));
    let interchanges = 0;
    for (const w of ways) {
      if (w.cls === 'trunk') continue;
      const shared = w.nodes.some((n) => ringNodes.has(n));
      if (shared) {
        interchanges++;
        expect(['primary', 'secondary']).toContain(w.cls);
      }
    }
    expect(interchanges).toBeGreaterThanOrEqual(8);
    // The ring is one closed loop: every ring node has exactly two ring neighbours.
    const deg = new Map<number, number>();
    for (const w of ring) {
      for (let k = 1; k < w.nodes.length; k++) {
        deg.set(w.nodes[k - 1], (deg.get(w.nodes[k - 1]) ?? 0) + 1);
        deg.set(w.nodes[k], (deg.get(w.nodes[k]) ?? 0) + 1);
      }
    }
    expect([...deg.values()].every((d) => d === 2)).toBe(true);
  });

  it('names, classes and speed limits follow the Chinese conventions', () => {
    for (const w of city.input.ways) {
      expect(w.name).toMatch(/^[\u4e00-\u9fff]+$/);
      if (w.bridge) expect(w.name).toMatch(/大桥$/);
      else if (w.cls === 'primary' || w.cls === 'secondary' || w.cls === 'trunk') expect(w.name).toMatch(/路$/);
      else if (w.cls === 'residential' || w.cls === 'tertiary' || w.cls === 'footway') expect(w.name).toMatch(/[街巷]$/);
      else expect(w.name).toMatch(/步行街$/);
    }
    const speed = Object.fromEntries(city.input.ways.map((w) => [w.cls, w.maxSpeedKmh]));
    expect(speed).toMatchObject({ primary: 60, secondary: 50, tertiary: 40, residential: 30, trunk: 80 });
  });

  it('places landmarks on car-reachable road nodes', () => {
    const L = city.landmarks;
    const carNode = new Uint8Array(city.input.lon.length);
    for (const w of city.input.ways) if (w.access.car) for (const n of w.nodes) carNode[n] = 1;
    const onNode = (s: { lon: number; lat: number; node: number }) => {
      expect(carNode[s.node]).toBe(1);
      expect(city.input.lon[s.node]).toBe(s.lon);
      expect(city.input.lat[s.node]).toBe(s.lat);
    };
    expect(L.districtCentres.length).toBeGreaterThanOrEqual(3);
    expect(L.districtCentres.length).toBeLessThanOrEqual(5);
    expect(new Set(L.districtCentres.map((d) => d.bank))).toEqual(new Set([1, -1]));
    expect(L.schools.length).toBeGreaterThanOrEqual(3);
    expect(L.schools.length).toBeLessThanOrEqual(5);
    expect(L.stationSites).toHaveLength(8);
    expect(new Set(L.stationSites.map((s) => s.node)).size).toBe(8);
    expect(new Set(L.stationSites.map((s) => s.name)).size).toBe(8);
    [...L.districtCentres, ...L.schools, ...L.stationSites, L.hospital, L.oldTown, L.railwayStationSquare].forEach(onNode);
    for (const s of [L.marketStreet, L.nightlifeStreet, L.riversideRoad]) {
      expect(s.line.length).toBeGreaterThanOrEqual(4);
      s.nodes.forEach((n, k) => expect(s.line[k]).toEqual([city.input.lon[n], city.input.lat[n]]));
    }
    expect(L.pedestrianStreets.length).toBeGreaterThanOrEqual(3);
    expect(L.hasRingRoad).toBe(true);
    const [w, s, e, n] = L.bbox;
    expect(w).toBeLessThan(CENTER[0]);
    expect(e).toBeGreaterThan(CENTER[0]);
    expect(s).toBeLessThan(CENTER[1]);
    expect(n).toBeGreaterThan(CENTER[1]);
    const poly = L.river!.polygon;
    expect(poly[0]).toEqual(poly[poly.length - 1]);
    // Counter-clockwise outer ring (positive shoelace area).
    let area = 0;
    for (let k = 1; k < poly.length; k++) area += poly[k - 1][0] * poly[k][1] - poly[k][0] * poly[k - 1][1];
    expect(area).toBeGreaterThan(0);
  });

  it('reports stats that match the output', () => {
    expect(city.stats.nodes).toBe(city.input.lon.length);
    expect(city.stats.ways).toBe(city.input.ways.length);
    expect(city.stats.carNodesOutside).toBe(0);
    expect(city.stats.removedSegments).toBeGreaterThan(0);
  });
});

describe('generateCity: sizes', () => {
  it.each([100, 1_000, 20_000])('targetNodes %i is met within ±15 %', (target) => {
    const city = generateCity({ seed: 11, center: CENTER, targetNodes: target });
    const g = buildRoadGraph(city.input);
    expect(Math.abs(g.nodeCount / target - 1)).toBeLessThanOrEqual(0.15);
    expect(g.dropped.car.nodes / carNodesTouched(city.input)).toBeLessThanOrEqual(0.03);
    expect(city.params.lengthKm / city.params.widthKm).toBeCloseTo(14 / 5, 6);
  });

  it('targetNodes 300,000 is met within ±15 %', () => {
    const city = generateCity({ seed: 5, center: CENTER, targetNodes: 300_000 });
    expect(Math.abs(city.input.lon.length / 300_000 - 1)).toBeLessThanOrEqual(0.15);
    expect(city.stats.carNodesOutside / city.input.lon.length).toBeLessThan(0.03);
  });

  it('builds a city without a river (no bridges) that is still connected', () => {
    const city = generateCity({ seed: 4, center: CENTER, riverWidthM: 0, targetNodes: 5_000 });
    expect(city.landmarks.river).toBeNull();
    expect(city.input.ways.some((w) => w.bridge)).toBe(false);
    const g = buildRoadGraph(city.input);
    expect(g.dropped.car.nodes / carNodesTouched(city.input)).toBeLessThanOrEqual(0.03);
    expect(city.input.ways.some((w) => w.cls === 'trunk')).toBe(true);
  });

  it('holds its invariants for random seeds and small sizes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 100, max: 4_000 }),
        fc.integer({ min: 0, max: 2 }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        (seed, targetNodes, curvature, rotationDeg) => {
          const city = generateCity({ seed, center: CENTER, targetNodes, curvature, rotationDeg });
          const { input, landmarks } = city;
          const [w, s, e, n] = landmarks.bbox;
          for (let i = 0; i < input.lon.length; i++) {
            const lon = input.lon[i], lat = input.lat[i];
            if (!Number.isFinite(lon) || !Number.isFinite(lat)) return false;
            if (lon < w || lon > e || lat < s || lat > n) return false;
          }
          if (input.ways.some((way) => way.nodes.length < 2)) return false;
          // Geometric check: only bridge segments cross the river centreline, and each bridge does.
          const cl = landmarks.river!.centreline;
          for (const way of input.ways) {
            for (let k = 1; k < way.nodes.length; k++) {
              const a = way.nodes[k - 1], b = way.nodes[k];
              let crosses = false;
              for (let c = 1; c < cl.length && !crosses; c++) {
                crosses = segmentsIntersect(input.lon[a], input.lat[a], input.lon[b], input.lat[b], cl[c - 1][0], cl[c - 1][1], cl[c][0], cl[c][1]);
              }
              if (crosses !== !!way.bridge) return false;
            }
          }
          const g = buildRoadGraph(input);
          return g.dropped.car.nodes <= 0.03 * carNodesTouched(input);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('resolveCityParams', () => {
  it('fills in defaults', () => {
    const p = resolveCityParams({ seed: 3 });
    expect(p).toMatchObject({ seed: 3, center: [117.62, 26.26], lengthKm: 14, widthKm: 5, blockM: 80, bridges: 6, ringRoad: true });
    expect(p.targetNodes).toBeUndefined();
  });

  it('rejects bad values naming the field', () => {
    expect(() => resolveCityParams({ seed: 1.5 })).toThrow(CityParamsError);
    expect(() => resolveCityParams({ seed: 1, center: [200, 0] })).toThrow(/center: longitude 200/);
    expect(() => resolveCityParams({ seed: 1, blockM: 5 })).toThrow(/blockM: must be in \[20, 2000\]/);
    expect(() => resolveCityParams({ seed: 1, arterialEvery: 2.5 })).toThrow(/arterialEvery: must be an integer/);
    expect(() => resolveCityParams({ seed: 1, jitterM: 50 })).toThrow(/jitterM/);
    try {
      resolveCityParams({ seed: 1, onewayShare: 2 });
    } catch (err) {
      expect((err as CityParamsError).problems).toEqual([{ path: 'roads.generate.onewayShare', reason: 'must be in [0, 1], got 2' }]);
    }
  });
});
