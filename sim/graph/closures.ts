// Road closures: single segments (by their end nodes) or an area that closes every segment
// touching it. The result is a per-edge mask applied when travel costs are computed, so a new
// closure changes routes and rings from the next query on.

import type { LngLat } from '../../shared/units.ts';
import { projectX, projectY } from '../geo/projection.ts';
import { polygonBBox, segmentTouchesPolygon, type FlatPolygon } from '../geo/polygon.ts';
import type { RoadGraph } from './road-graph.ts';

export interface Closures {
  /** directed edge ids; both directions of the segment are closed */
  edges?: readonly number[];
  /** GeoJSON-style polygons: rings of [lon, lat] */
  polygons?: readonly (readonly (readonly LngLat[])[])[];
}

export function projectPolygon(g: RoadGraph, rings: readonly (readonly LngLat[])[]): FlatPolygon {
  return rings.map((ring) => {
    const flat = new Float64Array(ring.length * 2);
    ring.forEach(([lon, lat], i) => {
      flat[2 * i] = projectX(g.projection, lon);
      flat[2 * i + 1] = projectY(g.projection, lat);
    });
    return flat;
  });
}

/** 1 for every closed directed edge. */
export function closureMask(g: RoadGraph, closures: Closures | undefined): Uint8Array {
  const mask = new Uint8Array(g.edgeCount);
  if (!closures) return mask;
  for (const e of closures.edges ?? []) {
    if (!Number.isInteger(e) || e < 0 || e >= g.edgeCount) throw new Error(`closures.edges: edge ${e} is not in 0..${g.edgeCount - 1}`);
    mask[e] = 1;
    const r = g.edgeReverse[e];
    if (r >= 0) mask[r] = 1;
  }
  for (const rings of closures.polygons ?? []) {
    const poly = projectPolygon(g, rings);
    const [x0, y0, x1, y1] = polygonBBox(poly);
    for (let e = 0; e < g.edgeCount; e++) {
      const a = g.edgeFrom[e], b = g.edgeTo[e];
      const ax = g.x[a], ay = g.y[a], bx = g.x[b], by = g.y[b];
      if (Math.max(ax, bx) < x0 || Math.min(ax, bx) > x1 || Math.max(ay, by) < y0 || Math.min(ay, by) > y1) continue;
      if (segmentTouchesPolygon(poly, ax, ay, bx, by)) mask[e] = 1;
    }
  }
  return mask;
}
