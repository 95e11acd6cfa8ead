// How a snapped point enters and leaves a search. A point part-way along a segment reaches the
// segment's two ends (where the profile may drive that way), and is reached from them.

import type { RoadGraph } from '../graph/road-graph.ts';
import type { Seed } from './dijkstra.ts';
import type { SnappedPoint } from './snap.ts';

/** What the same-segment rule needs of a point: its segment, place along it and walk to it. */
export type SegmentPoint = Pick<SnappedPoint, 'edge' | 't' | 'offRoadSeconds'>;

/** Seeds for a forward search starting at p (times from p to the segment's end nodes). */
export function departureSeeds(g: RoadGraph, w: Float32Array, p: SnappedPoint, source: number, out: Seed[] = []): Seed[] {
  const e = p.edge, r = g.edgeReverse[e];
  if (w[e] !== Infinity) out.push({ node: g.edgeTo[e], seconds: p.offRoadSeconds + (1 - p.t) * w[e], source });
  if (r >= 0 && w[r] !== Infinity) out.push({ node: g.edgeFrom[e], seconds: p.offRoadSeconds + p.t * w[r], source });
  return out;
}

/** Seeds for a reverse search ending at p (times from the segment's end nodes to p). */
export function arrivalSeeds(g: RoadGraph, w: Float32Array, p: SnappedPoint, source: number, out: Seed[] = []): Seed[] {
  const e = p.edge, r = g.edgeReverse[e];
  if (w[e] !== Infinity) out.push({ node: g.edgeFrom[e], seconds: p.offRoadSeconds + p.t * w[e], source });
  if (r >= 0 && w[r] !== Infinity) out.push({ node: g.edgeTo[e], seconds: p.offRoadSeconds + (1 - p.t) * w[r], source });
  return out;
}

/** Time to reach snapped point q given forward node labels `dist` (without any same-segment shortcut). */
export function arrivalFromLabels(g: RoadGraph, w: Float32Array, dist: Float64Array, q: SnappedPoint): number {
  const e = q.edge, r = g.edgeReverse[e];
  let best = Infinity;
  if (w[e] !== Infinity) best = dist[g.edgeFrom[e]] + q.t * w[e];
  if (r >= 0 && w[r] !== Infinity) {
    const viaR = dist[g.edgeTo[e]] + (1 - q.t) * w[r];
    if (viaR < best) best = viaR;
  }
  return best + q.offRoadSeconds;
}

/** Time from snapped point p given reverse node labels `dist` (seconds from node to the target). */
export function departureFromLabels(g: RoadGraph, w: Float32Array, dist: Float64Array, p: SnappedPoint): number {
  const e = p.edge, r = g.edgeReverse[e];
  let best = Infinity;
  if (w[e] !== Infinity) best = dist[g.edgeTo[e]] + (1 - p.t) * w[e];
  if (r >= 0 && w[r] !== Infinity) {
    const viaR = dist[g.edgeFrom[e]] + p.t * w[r];
    if (viaR < best) best = viaR;
  }
  return best + p.offRoadSeconds;
}

/** Direct time from p to q when both lie on the same segment and the profile may drive that way. */
export function sameSegmentSeconds(g: RoadGraph, w: Float32Array, p: SegmentPoint, q: SegmentPoint): number {
  if (p.edge !== q.edge) return Infinity;
  const e = p.edge, r = g.edgeReverse[e];
  let along = Infinity;
  if (q.t >= p.t && w[e] !== Infinity) along = (q.t - p.t) * w[e];
  if (q.t <= p.t && r >= 0 && w[r] !== Infinity) along = Math.min(along, (p.t - q.t) * w[r]);
  return along + p.offRoadSeconds + q.offRoadSeconds;
}
