// What a unit drives when there is no call. Zone patrol (巡区) plans a few minutes of cruising at
// a time: at each junction it takes the street of the zone driven least recently (by any unit),
// avoiding U-turns, so the zone's roads are covered evenly. Line patrol (巡线) drives the line as
// a loop of road edges, built once per profile from the line's vertices.

import type { RoadGraph } from '../graph/road-graph.ts';
import type { Random } from '../random.ts';
import type { Router } from '../routing/router.ts';
import type { SnappedPoint } from '../routing/snap.ts';
import { Trip, tripFromRoute, type RoadPosition } from './trip.ts';

const canonical = (g: RoadGraph, e: number) => {
  const r = g.edgeReverse[e];
  return r >= 0 && r < e ? r : e;
};

/** Drive time of one zone plan: long enough to keep events few, short enough to react. */
export const ZONE_PLAN_SECONDS = 300;
const ZONE_PLAN_MAX_LEGS = 80;

/**
 * A cruise of about ZONE_PLAN_SECONDS through the zone from `from`, starting at t0.
 * `lastVisit` (per canonical segment, seconds; −Infinity = never) steers it to stale streets;
 * it is read, not written (visits are recorded as they are actually driven).
 */
export function planZoneCruise(
  g: RoadGraph,
  w: Float32Array,
  inside: Uint8Array,
  lastVisit: Float64Array,
  from: RoadPosition,
  t0: number,
  rng: Random,
): Trip {
  const trip = new Trip(t0);
  let edge = from.edge;
  // Finish the edge being driven (or turn back on it if the profile may not go on).
  if (from.frac < 1) {
    if (w[edge] !== Infinity) trip.add(edge, from.frac, 1, (1 - from.frac) * w[edge]);
    else {
      const r = g.edgeReverse[edge];
      if (r >= 0 && w[r] !== Infinity) {
        trip.add(r, 1 - from.frac, 1, from.frac * w[r]);
        edge = r;
      }
    }
  }
  const planned = new Map<number, number>();
  let node = g.edgeTo[edge];
  let prev = edge;
  let seconds = trip.end - t0;
  for (let legs = 0; legs < ZONE_PLAN_MAX_LEGS && seconds < ZONE_PLAN_SECONDS; legs++) {
    let best = -1, bestKey = Infinity, bestIn = false, ties = 0;
    for (let e = g.firstOut[node]; e < g.firstOut[node + 1]; e++) {
      if (w[e] === Infinity) continue;
      const inZone = inside[e] === 1;
      if (bestIn && !inZone) continue;
      const seg = canonical(g, e);
      // Stale first; a U-turn only when nothing else is left.
      let key = planned.get(seg) ?? lastVisit[seg];
      if (e === g.edgeReverse[prev]) key += 1e9;
      if (inZone && !bestIn) {
        bestIn = true;
        best = -1;
        bestKey = Infinity;
      }
      if (key < bestKey) {
        best = e;
        bestKey = key;
        ties = 1;
      } else if (key === bestKey && rng.next() * ++ties < 1) {
        best = e; // reservoir choice among equally stale streets
      }
    }
    if (best < 0) break; // a dead end the profile cannot leave
    trip.add(best, 0, 1, w[best]);
    seconds += w[best];
    planned.set(canonical(g, best), t0 + seconds);
    prev = best;
    node = g.edgeTo[best];
    if (!bestIn && legs > 0) break; // left the zone: the caller routes back in
  }
  if (trip.legCount === 0) trip.add(from.edge, from.frac, from.frac, 60); // nowhere to go: wait a minute
  return trip;
}

/** A road loop for a patrol line: the routes between its consecutive vertices, closed. */
export function buildLineLoop(router: Router, vertices: readonly [number, number][]): { edges: number[]; f0: number[]; f1: number[] } | null {
  const g = router.graph, w = router.costs.edgeSeconds;
  const pts: SnappedPoint[] = vertices.map((v, i) => router.snap(v, `line vertex ${i}`));
  const closed = vertices.length > 2 && vertices[0][0] === vertices[vertices.length - 1][0] && vertices[0][1] === vertices[vertices.length - 1][1];
  const stops = closed ? pts : [...pts, pts[0]];
  const loop = { edges: [] as number[], f0: [] as number[], f1: [] as number[] };
  for (let i = 0; i + 1 < stops.length; i++) {
    const route = router.route(stops[i], stops[i + 1]);
    if (!route) return null;
    const trip = tripFromRoute(g, w, route, 0);
    for (let k = 0; k < trip.legCount; k++) {
      if (trip.f1[k] <= trip.f0[k]) continue;
      const n = loop.edges.length - 1;
      // Two partial legs of one edge meeting at a vertex join into one.
      if (n >= 0 && loop.edges[n] === trip.edges[k] && Math.abs(loop.f1[n] - trip.f0[k]) < 1e-9) loop.f1[n] = trip.f1[k];
      else {
        loop.edges.push(trip.edges[k]);
        loop.f0.push(trip.f0[k]);
        loop.f1.push(trip.f1[k]);
      }
    }
  }
  return loop.edges.length > 0 ? loop : null;
}

/** One lap of a loop starting at leg `start`, timed with the current costs. */
export function lapTrip(loop: { edges: number[]; f0: number[]; f1: number[] }, w: Float32Array, start: number, t0: number): Trip {
  const trip = new Trip(t0);
  const n = loop.edges.length;
  for (let k = 0; k < n; k++) {
    const i = (start + k) % n;
    trip.add(loop.edges[i], loop.f0[i], loop.f1[i], (loop.f1[i] - loop.f0[i]) * w[loop.edges[i]]);
  }
  return trip;
}

/** Index of the loop leg whose start is nearest (straight line) to a point. */
export function nearestLoopLeg(g: RoadGraph, loop: { edges: number[]; f0: number[] }, x: number, y: number): number {
  let best = 0, bestD = Infinity;
  loop.edges.forEach((e, i) => {
    const a = g.edgeFrom[e], b = g.edgeTo[e], f = loop.f0[i];
    const px = g.x[a] + (g.x[b] - g.x[a]) * f, py = g.y[a] + (g.y[b] - g.y[a]) * f;
    const d = (px - x) ** 2 + (py - y) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}
