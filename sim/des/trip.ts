// A unit's movement along the road: legs on directed edges, each with its fractions along the
// edge and its entry and exit times. The engine schedules one event at the end of a trip; in
// between, the position at any instant is interpolated here (so a live view can animate units and
// a dispatch can start from the unit's actual place, mid-edge included).

import type { RoadGraph } from '../graph/road-graph.ts';
import type { RouteResult } from '../routing/router.ts';
import type { SnappedPoint } from '../routing/snap.ts';

export interface RoadPosition {
  /** directed edge */
  edge: number;
  /** fraction along it from edgeFrom */
  frac: number;
}

export class Trip {
  /** per leg: directed edge, fractions along it, entry and exit times */
  readonly edges: number[] = [];
  readonly f0: number[] = [];
  readonly f1: number[] = [];
  readonly tIn: number[] = [];
  readonly tOut: number[] = [];

  constructor(readonly start: number) {}

  get end(): number {
    return this.tOut.length > 0 ? this.tOut[this.tOut.length - 1] : this.start;
  }

  get legCount(): number {
    return this.edges.length;
  }

  /** Appends a leg of `seconds` on `edge` from fraction a to b (a = b: standing still). */
  add(edge: number, a: number, b: number, seconds: number): void {
    const t = this.end;
    this.edges.push(edge);
    this.f0.push(a);
    this.f1.push(b);
    this.tIn.push(t);
    this.tOut.push(t + Math.max(0, seconds));
  }

  /** Index of the leg being driven at time t (the last one after the end). */
  legAt(t: number): number {
    const out = this.tOut;
    let lo = 0, hi = out.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (out[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Where the unit is at time t (clamped to the trip). */
  positionAt(t: number): RoadPosition {
    if (this.edges.length === 0) throw new Error('empty trip');
    const i = this.legAt(t);
    const dur = this.tOut[i] - this.tIn[i];
    const s = dur > 0 ? Math.min(1, Math.max(0, (t - this.tIn[i]) / dur)) : 1;
    return { edge: this.edges[i], frac: this.f0[i] + (this.f1[i] - this.f0[i]) * s };
  }

  /** The final position. */
  get last(): RoadPosition {
    const i = this.edges.length - 1;
    return { edge: this.edges[i], frac: this.f1[i] };
  }
}

/** Directed edge and fraction of a snapped point, travelling from it in the direction of `toward`. */
function onEdge(g: RoadGraph, p: SnappedPoint, towardNode: number): RoadPosition {
  if (g.edgeTo[p.edge] === towardNode) return { edge: p.edge, frac: p.t };
  const r = g.edgeReverse[p.edge];
  return { edge: r >= 0 ? r : p.edge, frac: r >= 0 ? 1 - p.t : p.t };
}

/**
 * The trip that drives a route, starting at t0 with the given per-edge seconds. The walk from
 * the road to the destination (its off-road leg) is a final leg standing at the road point.
 */
export function tripFromRoute(g: RoadGraph, w: Float32Array, route: RouteResult, t0: number): Trip {
  const trip = new Trip(t0);
  const { from, to, edges } = route;
  if (from.offRoadSeconds > 0) trip.add(from.edge, from.t, from.t, from.offRoadSeconds);
  const direct = edges.length === 0 && from.edge === to.edge && Math.abs(route.meters - Math.abs(to.t - from.t) * g.edgeLength[from.edge]) < 1e-6;
  if (direct) {
    const e = from.edge, r = g.edgeReverse[e];
    if (to.t >= from.t && w[e] !== Infinity) trip.add(e, from.t, to.t, (to.t - from.t) * w[e]);
    else if (r >= 0) trip.add(r, 1 - from.t, 1 - to.t, (from.t - to.t) * w[r]);
    else trip.add(e, from.t, to.t, 0);
  } else {
    // The node where driving on full edges starts, and where it ends.
    let start: number, entry: number;
    if (edges.length > 0) {
      start = g.edgeFrom[edges[0]];
      entry = g.edgeTo[edges[edges.length - 1]];
    } else {
      // The two segments share the node the route passes through.
      const a = [g.edgeFrom[from.edge], g.edgeTo[from.edge]], b = [g.edgeFrom[to.edge], g.edgeTo[to.edge]];
      let best = -1, bestCost = Infinity;
      for (const n of a) {
        if (!b.includes(n)) continue;
        const out = onEdge(g, from, n), inn = onEdge(g, to, n === g.edgeFrom[to.edge] ? g.edgeTo[to.edge] : g.edgeFrom[to.edge]);
        const c = (1 - out.frac) * w[out.edge] + (inn.frac) * w[inn.edge];
        if (c < bestCost) {
          bestCost = c;
          best = n;
        }
      }
      start = entry = best >= 0 ? best : g.edgeTo[from.edge];
    }
    const out = onEdge(g, from, start);
    trip.add(out.edge, out.frac, 1, (1 - out.frac) * w[out.edge]);
    for (const e of edges) trip.add(e, 0, 1, w[e]);
    // Into the destination segment from `entry`.
    const e = to.edge, r = g.edgeReverse[e];
    if (g.edgeFrom[e] === entry) trip.add(e, 0, to.t, to.t * w[e]);
    else if (r >= 0) trip.add(r, 0, 1 - to.t, (1 - to.t) * w[r]);
    else trip.add(e, to.t, to.t, 0);
  }
  if (to.offRoadSeconds > 0) {
    const l = trip.last;
    trip.add(l.edge, l.frac, l.frac, to.offRoadSeconds);
  }
  return trip;
}

/** A trip that stands still at a position for `seconds` (a dwell, a post). */
export function standingTrip(at: RoadPosition, t0: number, seconds: number): Trip {
  const trip = new Trip(t0);
  trip.add(at.edge, at.frac, at.frac, seconds);
  return trip;
}
