// Snapping near a known edge (a unit's previous road) against a fresh snap and a plain scan of
// every segment, on a generated city with closures: the answer must be identical, whatever the
// hint (none, near, far, unusable by the profile, not an edge at all) and wherever the point
// (on a node, where several segments tie, on a segment, off the network, beyond the limit).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../shared/roads.ts';
import type { LngLat } from '../../shared/units.ts';
import { generateCity } from '../build/city-generator.ts';
import { buildRoadGraph } from '../graph/build-graph.ts';
import { closureMask } from '../graph/closures.ts';
import { DEFAULT_PROFILES } from '../graph/profiles.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import { buildSegmentIndex } from '../graph/segment-index.ts';
import { FREE_FLOW } from '../graph/time-of-day.ts';
import { computeTravelCosts, type TravelCosts } from '../graph/travel-costs.ts';
import { projectX, projectY } from '../geo/projection.ts';
import { SnapError, snapPoint, type SnappedPoint } from './snap.ts';

const g = buildRoadGraph(generateCity({ seed: 17, targetNodes: 2500 }).input);
const index = buildSegmentIndex(g);

// Every 9th segment closed, and every segment touching a block near the middle.
const lon0 = g.lon.reduce((a, b) => Math.min(a, b)), lon1 = g.lon.reduce((a, b) => Math.max(a, b));
const lat0 = g.lat.reduce((a, b) => Math.min(a, b)), lat1 = g.lat.reduce((a, b) => Math.max(a, b));
const midLon = (lon0 + lon1) / 2, midLat = (lat0 + lat1) / 2;
const block: LngLat[] = [[midLon, midLat], [midLon + 0.003, midLat], [midLon + 0.003, midLat + 0.003], [midLon, midLat + 0.003], [midLon, midLat]];
const closed = closureMask(g, { edges: Array.from({ length: Math.floor(g.edgeCount / 9) }, (_, i) => i * 9), polygons: [[block]] });
const costsOf = Object.fromEntries(PROFILES.map((p) => [p, computeTravelCosts(g, p, DEFAULT_PROFILES[p], FREE_FLOW, 43200 as never, closed)]));

type Outcome = SnappedPoint | { error: string; field: string; distance: number | undefined };

function outcome(costs: TravelCosts, point: LngLat, maxMeters: number, nearEdge?: number): Outcome {
  try {
    return snapPoint(g, index, costs, point, maxMeters, 'position', nearEdge);
  } catch (err) {
    if (!(err instanceof SnapError)) throw err;
    return { error: err.message, field: err.field, distance: err.distance };
  }
}

/** The plain answer: every segment usable in either direction, least distance, then least edge id. */
function scan(graph: RoadGraph, costs: TravelCosts, point: LngLat): { edge: number; t: number; distance: number } {
  const px = projectX(graph.projection, point[0]), py = projectY(graph.projection, point[1]);
  let edge = -1, d2 = Infinity, t = 0;
  for (let e = 0; e < graph.edgeCount; e++) {
    const r = graph.edgeReverse[e];
    if (r >= 0 && r < e) continue; // the segment is the lower id's
    if (costs.edgeSeconds[e] === Infinity && (r < 0 || costs.edgeSeconds[r] === Infinity)) continue;
    const a = graph.edgeFrom[e], b = graph.edgeTo[e];
    const dx = graph.x[b] - graph.x[a], dy = graph.y[b] - graph.y[a];
    const len2 = dx * dx + dy * dy;
    let s = len2 > 0 ? ((px - graph.x[a]) * dx + (py - graph.y[a]) * dy) / len2 : 0;
    if (s < 0) s = 0; // (-0 stays -0, as in snapPoint)
    else if (s > 1) s = 1;
    const qx = graph.x[a] + s * dx - px, qy = graph.y[a] + s * dy - py;
    const q2 = qx * qx + qy * qy;
    if (q2 < d2 || (q2 === d2 && e < edge)) [edge, d2, t] = [e, q2, s];
  }
  return { edge, t, distance: Math.sqrt(d2) };
}

/** Edges into and out of node v, and of its neighbours: hints near a point placed by v. */
function edgesAround(v: number): number[] {
  const out: number[] = [];
  const at = (u: number) => {
    for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++) out.push(e);
    for (let k = g.firstIn[u]; k < g.firstIn[u + 1]; k++) out.push(g.inEdge[k]);
  };
  at(v);
  for (let e = g.firstOut[v]; e < g.firstOut[v + 1]; e++) at(g.edgeTo[e]);
  return out;
}

const node = fc.nat(g.nodeCount - 1);
const offset = fc.double({ min: -4e-4, max: 4e-4, noNaN: true }); // up to about 40 m
const pointArb: fc.Arbitrary<{ v: number; p: LngLat }> = fc.oneof(
  // exactly on a node: every segment there ties at distance 0
  node.map((v) => ({ v, p: [g.lon[v], g.lat[v]] as LngLat })),
  // near a node
  fc.tuple(node, offset, offset).map(([v, dx, dy]) => ({ v, p: [g.lon[v] + dx, g.lat[v] + dy] as LngLat })),
  // on a segment: at an end, half-way or anywhere along it
  fc.tuple(fc.nat(g.edgeCount - 1), fc.oneof(fc.constantFrom(0, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true }))).map(([e, t]) => {
    const a = g.edgeFrom[e], b = g.edgeTo[e];
    return { v: a, p: [g.lon[a] + t * (g.lon[b] - g.lon[a]), g.lat[a] + t * (g.lat[b] - g.lat[a])] as LngLat };
  }),
  // half-way between two nodes (equally near both when no segment is nearer)
  fc.tuple(node, node).map(([v, w]) => ({ v, p: [(g.lon[v] + g.lon[w]) / 2, (g.lat[v] + g.lat[w]) / 2] as LngLat })),
  // anywhere around the city, up to a few kilometres outside it
  fc.tuple(node, fc.double({ min: lon0 - 0.03, max: lon1 + 0.03, noNaN: true }), fc.double({ min: lat0 - 0.03, max: lat1 + 0.03, noNaN: true })).map(([v, lon, lat]) => ({ v, p: [lon, lat] as LngLat })),
);

/** A hint for a point placed by node v. */
const hintArb = (v: number): fc.Arbitrary<number | undefined> => {
  const around = edgesAround(v);
  return fc.oneof(
    fc.constantFrom(undefined, -1),
    around.length ? fc.constantFrom(...around) : fc.constant(-1), // near, maybe unusable or the segment's other direction
    fc.nat(g.edgeCount - 1), // anywhere, mostly far away
    fc.constantFrom(g.edgeCount, -7, 0.5, NaN, Infinity, 2 ** 40), // not an edge
  );
};

const caseArb = fc.record({
  profile: fc.constantFrom(...PROFILES),
  maxMeters: fc.constantFrom(500, 60, 5),
  at: pointArb,
}).chain((c) => fc.record({ profile: fc.constant(c.profile), maxMeters: fc.constant(c.maxMeters), at: fc.constant(c.at), hint: hintArb(c.at.v) }));

describe('snapPoint near a known edge', () => {
  it('the generated city has what the cases need', () => {
    expect(g.nodeCount).toBeGreaterThan(2000);
    expect(closed.some((c) => c === 1)).toBe(true);
    // segments some profile cannot use (footways for cars, closures for all)
    expect(Array.from({ length: g.edgeCount }, (_, e) => e).some((e) => costsOf.car.edgeSeconds[e] === Infinity && costsOf.foot.edgeSeconds[e] !== Infinity)).toBe(true);
  });

  it('gives exactly the fresh snap, which is the plain scan of every segment', () => {
    let hinted = 0, ties = 0;
    fc.assert(
      fc.property(caseArb, ({ profile, maxMeters, at, hint }) => {
        const costs = costsOf[profile];
        const fresh = outcome(costs, at.p, maxMeters);
        expect(outcome(costs, at.p, maxMeters, hint)).toStrictEqual(fresh);
        const ref = scan(g, costs, at.p);
        if ('error' in fresh) {
          expect(fresh.distance).toBe(ref.distance);
          expect(ref.distance).toBeGreaterThan(maxMeters);
        } else {
          expect({ edge: fresh.edge, t: fresh.t, distance: fresh.distance }).toStrictEqual(ref);
          if (fresh.distance === 0 && g.edgeFrom[fresh.edge] !== g.edgeTo[fresh.edge]) ties++;
          if (hint !== undefined && hint >= 0) hinted++;
        }
      }),
      { numRuns: 4000, seed: 20261123 },
    );
    expect(hinted).toBeGreaterThan(500);
    expect(ties).toBeGreaterThan(100);
  });

  it('a unit moving along its roads snaps the same with its previous edge as without', () => {
    for (const profile of PROFILES) {
      const costs = costsOf[profile];
      let v = 0, prev = -1;
      for (let i = 0; i < 400; i++) {
        const p: LngLat = [g.lon[v] + ((i % 7) - 3) * 2e-5, g.lat[v] + ((i % 5) - 2) * 2e-5];
        const fresh = outcome(costs, p, 500);
        expect(outcome(costs, p, 500, prev)).toStrictEqual(fresh);
        prev = 'edge' in fresh ? fresh.edge : prev;
        const deg = g.firstOut[v + 1] - g.firstOut[v];
        v = deg > 0 ? g.edgeTo[g.firstOut[v] + (i % deg)] : (v + 1) % g.nodeCount;
      }
    }
  });

  it('fails the same with a hint: a bad point, a road beyond the limit', () => {
    const costs = costsOf.car;
    expect(() => snapPoint(g, index, costs, [200, 0], 500, 'p', 0)).toThrow(/p: longitude 200 is out of range/);
    const far: LngLat = [lon1 + 0.05, lat1];
    expect(outcome(costs, far, 500, 0)).toStrictEqual(outcome(costs, far, 500));
    expect(outcome(costs, far, 500, 0)).toMatchObject({ error: expect.stringMatching(/m from the nearest road usable by profile car \(limit 500 m\)/) });
  });
});
