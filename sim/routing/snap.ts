// Snapping a lon/lat onto the nearest road segment usable by a profile (given its travel costs,
// so closed or forbidden roads are skipped). The time from the point to the road is counted at
// the profile's off-road speed.

import type { LngLat } from '../../shared/units.ts';
import { lngLatProblem, projectX, projectY, unprojectLat, unprojectLon } from '../geo/projection.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import type { SegmentIndex } from '../graph/segment-index.ts';
import type { TravelCosts } from '../graph/travel-costs.ts';

export interface SnappedPoint {
  /** canonical directed edge of the segment */
  readonly edge: number;
  /** position along the edge from edgeFrom (0) to edgeTo (1) */
  readonly t: number;
  /** metres from the input point to the road */
  readonly distance: number;
  /** seconds from the input point to the road at the off-road speed */
  readonly offRoadSeconds: number;
  /** the snapped position on the road */
  readonly lon: number;
  readonly lat: number;
  /** the input position */
  readonly input: LngLat;
}

export class SnapError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
    readonly distance?: number,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'SnapError';
  }
}

function usable(costs: TravelCosts, g: RoadGraph, e: number): boolean {
  if (costs.edgeSeconds[e] !== Infinity) return true;
  const r = g.edgeReverse[e];
  return r >= 0 && costs.edgeSeconds[r] !== Infinity;
}

/** Squared distance from (px,py) to segment e, and the fraction t of the nearest point. */
function nearestOnEdge(g: RoadGraph, e: number, px: number, py: number): [number, number] {
  const a = g.edgeFrom[e], b = g.edgeTo[e];
  const ax = g.x[a], ay = g.y[a];
  const dx = g.x[b] - ax, dy = g.y[b] - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const qx = ax + t * dx - px, qy = ay + t * dy - py;
  return [qx * qx + qy * qy, t];
}

export function snapPoint(
  g: RoadGraph,
  index: SegmentIndex,
  costs: TravelCosts,
  point: LngLat,
  maxMeters: number,
  field = 'point',
): SnappedPoint {
  if (!Array.isArray(point) || point.length < 2) throw new SnapError(field, 'expected [longitude, latitude]');
  const problem = lngLatProblem(point[0], point[1]);
  if (problem) throw new SnapError(field, problem);
  const px = projectX(g.projection, point[0]);
  const py = projectY(g.projection, point[1]);
  const filter = (i: number) => usable(costs, g, index.itemEdge[i]);
  // Nearest by bounding box first; then any box within the best exact distance may still win.
  const near = index.index.neighbors(px, py, 4, Infinity, filter);
  if (near.length === 0) throw new SnapError(field, `no road usable by profile ${costs.profile}`);
  let best = -1, bestD2 = Infinity, bestT = 0;
  const consider = (i: number) => {
    const e = index.itemEdge[i];
    const [d2, t] = nearestOnEdge(g, e, px, py);
    if (d2 < bestD2 || (d2 === bestD2 && e < best)) {
      best = e;
      bestD2 = d2;
      bestT = t;
    }
  };
  near.forEach(consider);
  const r = Math.sqrt(bestD2);
  for (const i of index.index.search(px - r, py - r, px + r, py + r, filter)) consider(i);
  const distance = Math.sqrt(bestD2);
  if (distance > maxMeters) {
    throw new SnapError(
      field,
      `point (${point[0]}, ${point[1]}) is ${Math.round(distance)} m from the nearest road usable by profile ${costs.profile} (limit ${maxMeters} m)`,
      distance,
    );
  }
  const a = g.edgeFrom[best], b = g.edgeTo[best];
  const sx = g.x[a] + bestT * (g.x[b] - g.x[a]);
  const sy = g.y[a] + bestT * (g.y[b] - g.y[a]);
  return {
    edge: best,
    t: bestT,
    distance,
    offRoadSeconds: distance / costs.offRoadMps,
    lon: unprojectLon(g.projection, sx),
    lat: unprojectLat(g.projection, sy),
    input: [point[0], point[1]],
  };
}
