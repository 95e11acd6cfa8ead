// Snapping a lon/lat onto the nearest road segment usable by a profile (given its travel costs,
// so closed or forbidden roads are skipped). The time from the point to the road is counted at
// the profile's off-road speed.
//
// The answer is the usable segment at the least distance, the least edge id among equals. Any
// usable segment's distance bounds that distance, and a segment within the bound has its box
// within the bound too, so one box search around the point finds the answer, whichever segment
// gave the bound. A fresh snap takes the bound from the index's nearest boxes; a snap near a
// known edge (a unit's previous road) takes it from that edge and the edges at its ends: cheaper,
// and the same answer.

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

/**
 * Metres added to the box search's radius: far above the rounding of projected coordinates
 * (nanometres even at the antipode) and far below anything on a road, so a segment at exactly
 * the bound is never left out by rounding.
 */
const BOX_SLACK_M = 1e-6;

/**
 * A known edge helps only when it or an edge at its ends is this near the point; beyond it the
 * box around the point holds more segments than the index's own nearest search visits.
 */
const NEAR_EDGE_MAX_M = 50;

/** A known edge this near the point bounds the box well enough without the edges at its ends. */
const NEAR_EDGE_CLOSE_M = 20;

function usable(costs: TravelCosts, g: RoadGraph, e: number): boolean {
  if (costs.edgeSeconds[e] !== Infinity) return true;
  const r = g.edgeReverse[e];
  return r >= 0 && costs.edgeSeconds[r] !== Infinity;
}

/** The edge that stands for a segment in the segment index (the lower id of its directions). */
function canonical(g: RoadGraph, e: number): number {
  const r = g.edgeReverse[e];
  return r >= 0 && r < e ? r : e;
}

/**
 * The best segment seen so far for one point: least squared distance, then least edge id. That
 * order is total, so the choice depends on which segments were seen, not on their order.
 */
class Nearest {
  edge = -1;
  d2 = Infinity;
  t = 0;

  constructor(
    private readonly g: RoadGraph,
    readonly px: number,
    readonly py: number,
  ) {}

  /** Takes canonical edge e if it is nearer than the best so far (or as near, with a lower id). */
  consider(e: number): void {
    const g = this.g;
    const a = g.edgeFrom[e], b = g.edgeTo[e];
    const ax = g.x[a], ay = g.y[a];
    const dx = g.x[b] - ax, dy = g.y[b] - ay;
    const len2 = dx * dx + dy * dy;
    let t = len2 > 0 ? ((this.px - ax) * dx + (this.py - ay) * dy) / len2 : 0;
    if (t < 0) t = 0;
    else if (t > 1) t = 1;
    const qx = ax + t * dx - this.px, qy = ay + t * dy - this.py;
    const d2 = qx * qx + qy * qy;
    if (d2 < this.d2 || (d2 === this.d2 && e < this.edge)) {
      this.edge = e;
      this.d2 = d2;
      this.t = t;
    }
  }
}

/** Takes the usable segments of the index's four nearest boxes (a box is never further than its segment). */
function seedFromIndex(g: RoadGraph, index: SegmentIndex, costs: TravelCosts, near: Nearest): void {
  const items = index.index.neighbors(near.px, near.py, 4, Infinity, (i) => usable(costs, g, index.itemEdge[i]));
  for (const i of items) near.consider(index.itemEdge[i]);
}

/** Takes the usable segments at node v: its out-edges, and its in-edges without a reverse. */
function seedAt(g: RoadGraph, costs: TravelCosts, near: Nearest, v: number): void {
  for (let e = g.firstOut[v]; e < g.firstOut[v + 1]; e++) if (usable(costs, g, e)) near.consider(canonical(g, e));
  for (let k = g.firstIn[v]; k < g.firstIn[v + 1]; k++) {
    const e = g.inEdge[k];
    if (g.edgeReverse[e] < 0 && costs.edgeSeconds[e] !== Infinity) near.consider(e);
  }
}

/** Takes edge e's segment and, unless that is close to the point, the segments at its end nodes. */
function seedNear(g: RoadGraph, costs: TravelCosts, near: Nearest, e: number): void {
  const c = canonical(g, e);
  if (usable(costs, g, c)) near.consider(c);
  if (near.d2 <= NEAR_EDGE_CLOSE_M * NEAR_EDGE_CLOSE_M) return;
  seedAt(g, costs, near, g.edgeFrom[e]);
  seedAt(g, costs, near, g.edgeTo[e]);
}

/**
 * Settles the choice: takes every usable segment whose box lies within the best distance so far
 * of the point. The best segment of all is within that distance, so it is among them.
 */
function settle(g: RoadGraph, index: SegmentIndex, costs: TravelCosts, near: Nearest): void {
  const r = Math.sqrt(near.d2) + BOX_SLACK_M;
  const { px, py } = near;
  for (const i of index.index.search(px - r, py - r, px + r, py + r)) {
    const e = index.itemEdge[i];
    if (usable(costs, g, e)) near.consider(e);
  }
}

/**
 * Snaps `point` onto the nearest road usable by the profile of `costs`; throws SnapError for a
 * bad point, a profile without roads, or a road further than `maxMeters`. `nearEdge`, an edge
 * the point is likely near (a unit's previous road; -1 for none), only makes the search cheaper:
 * the answer is the same with any edge or none.
 */
export function snapPoint(
  g: RoadGraph,
  index: SegmentIndex,
  costs: TravelCosts,
  point: LngLat,
  maxMeters: number,
  field = 'point',
  nearEdge = -1,
): SnappedPoint {
  if (!Array.isArray(point) || point.length < 2) throw new SnapError(field, 'expected [longitude, latitude]');
  const problem = lngLatProblem(point[0], point[1]);
  if (problem) throw new SnapError(field, problem);
  const px = projectX(g.projection, point[0]);
  const py = projectY(g.projection, point[1]);
  let near = new Nearest(g, px, py);
  if (Number.isInteger(nearEdge) && nearEdge >= 0 && nearEdge < g.edgeCount) {
    seedNear(g, costs, near, nearEdge);
    if (!(near.d2 <= NEAR_EDGE_MAX_M * NEAR_EDGE_MAX_M)) near = new Nearest(g, px, py); // no help
  }
  if (near.edge < 0) {
    seedFromIndex(g, index, costs, near);
    if (near.edge < 0) throw new SnapError(field, `no road usable by profile ${costs.profile}`);
  }
  settle(g, index, costs, near);
  const distance = Math.sqrt(near.d2);
  if (distance > maxMeters) {
    throw new SnapError(
      field,
      `point (${point[0]}, ${point[1]}) is ${Math.round(distance)} m from the nearest road usable by profile ${costs.profile} (limit ${maxMeters} m)`,
      distance,
    );
  }
  const best = near.edge, t = near.t;
  const a = g.edgeFrom[best], b = g.edgeTo[best];
  const sx = g.x[a] + t * (g.x[b] - g.x[a]);
  const sy = g.y[a] + t * (g.y[b] - g.y[a]);
  return {
    edge: best,
    t,
    distance,
    offRoadSeconds: distance / costs.offRoadMps,
    lon: unprojectLon(g.projection, sx),
    lat: unprojectLat(g.projection, sy),
    input: [point[0], point[1]],
  };
}
