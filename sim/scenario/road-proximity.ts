// Checks that need the built road graph: every station and patrol point lies within snapMaxMeters
// of a usable road, every patrol zone contains some road, and each segment closure finds its
// road segment. Typical catches: swapped lon/lat that still lands inside the valid range, a
// station copied from another city, a zone drawn over a lake.

import type { Problem, ScenarioClosure } from '../../shared/scenario-schema.ts';
import { projectPolygon } from '../graph/closures.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import type { SegmentIndex } from '../graph/segment-index.ts';
import { polygonBBox, segmentTouchesPolygon } from '../geo/polygon.ts';
import { projectX, projectY } from '../geo/projection.ts';
import type { LngLat } from '../../shared/units.ts';
import type { PlaceRef } from './validate-scenario.ts';

/** A closure with the directed edge ids its segment pairs matched (one per pair; none for areas). */
export type ResolvedClosure = ScenarioClosure & { edges: number[] };

/** The edge of index item i if some profile may use its segment (either direction), else -1. */
function usable(g: RoadGraph, idx: SegmentIndex, i: number): number {
  const e = idx.itemEdge[i];
  if (e === undefined) return -1; // the placeholder item of an empty index
  const r = g.edgeReverse[e];
  return g.edgeAccess[e] !== 0 || (r >= 0 && g.edgeAccess[r] !== 0) ? e : -1;
}

/** Distance in metres from point p to the segment of directed edge e. */
function distanceToEdge(g: RoadGraph, e: number, px: number, py: number): number {
  const a = g.edgeFrom[e], b = g.edgeTo[e];
  const ax = g.x[a], ay = g.y[a], dx = g.x[b] - ax, dy = g.y[b] - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(ax + t * dx - px, ay + t * dy - py);
}

/** The segment nearest a position within maxMeters, or null. */
export function nearestSegment(g: RoadGraph, idx: SegmentIndex, [lon, lat]: LngLat, maxMeters: number): { edge: number; meters: number } | null {
  return nearestToPair(g, idx, [lon, lat], [lon, lat], maxMeters);
}

/** The segment minimising the summed distance to both positions, each within maxMeters. */
export function nearestToPair(
  g: RoadGraph,
  idx: SegmentIndex,
  a: LngLat,
  b: LngLat,
  maxMeters: number,
): { edge: number; meters: number } | null {
  const ax = projectX(g.projection, a[0]), ay = projectY(g.projection, a[1]);
  const bx = projectX(g.projection, b[0]), by = projectY(g.projection, b[1]);
  let best: { edge: number; meters: number } | null = null;
  let bestSum = Infinity;
  const hits = idx.index.search(
    Math.min(ax, bx) - maxMeters, Math.min(ay, by) - maxMeters, Math.max(ax, bx) + maxMeters, Math.max(ay, by) + maxMeters,
  );
  for (const i of hits) {
    const e = usable(g, idx, i);
    if (e < 0) continue;
    const da = distanceToEdge(g, e, ax, ay), db = distanceToEdge(g, e, bx, by);
    if (da > maxMeters || db > maxMeters || da + db >= bestSum) continue;
    bestSum = da + db;
    best = { edge: e, meters: Math.max(da, db) };
  }
  return best;
}

function zoneHasRoad(g: RoadGraph, idx: SegmentIndex, rings: readonly (readonly LngLat[])[]): boolean {
  const poly = projectPolygon(g, rings);
  const [x0, y0, x1, y1] = polygonBBox(poly);
  return idx.index.search(x0, y0, x1, y1).some((i) => {
    const e = usable(g, idx, i);
    if (e < 0) return false;
    const a = g.edgeFrom[e], b = g.edgeTo[e];
    return segmentTouchesPolygon(poly, g.x[a], g.y[a], g.x[b], g.y[b]);
  });
}

export interface ProximityInput {
  /** the scenario file's name, for station and closure problems */
  file: string;
  snapMaxMeters: number;
  stations: readonly { lon: number; lat: number }[];
  /** patrol zones and points with their locations (see placeRefs) */
  zoneRefs: readonly PlaceRef[];
  pointRefs: readonly PlaceRef[];
  closures: readonly ScenarioClosure[];
  /** standby posts of units, with the path of the assignment */
  posts?: readonly { path: string; lon: number; lat: number }[];
}

/** Problems of places that the road graph cannot reach, and the closures resolved to edges. */
export function roadProximity(g: RoadGraph, idx: SegmentIndex, input: ProximityInput): { problems: Problem[]; closures: ResolvedClosure[] } {
  const { file, snapMaxMeters: max } = input;
  const problems: Problem[] = [];
  const far = (p: LngLat) => `no road within ${max} m of [${p[0]}, ${p[1]}] (snapMaxMeters)`;
  input.stations.forEach((s, i) => {
    if (!nearestSegment(g, idx, [s.lon, s.lat], max)) problems.push({ file, path: `stations[${i}]`, reason: far([s.lon, s.lat]) });
  });
  for (const r of input.pointRefs) {
    const c = (r.geometry as { coordinates: LngLat }).coordinates;
    if (!nearestSegment(g, idx, c, max)) problems.push({ file: r.file, path: `${r.geometryPath}.coordinates`, reason: far(c) });
  }
  for (const p of input.posts ?? []) {
    if (!nearestSegment(g, idx, [p.lon, p.lat], max)) problems.push({ file, path: p.path, reason: `post is off the road network: ${far([p.lon, p.lat])}` });
  }
  for (const r of input.zoneRefs) {
    const rings = (r.geometry as { coordinates: LngLat[][] }).coordinates;
    if (!zoneHasRoad(g, idx, rings)) problems.push({ file: r.file, path: r.geometryPath, reason: 'no road inside this zone' });
  }
  const closures = input.closures.map((c, i): ResolvedClosure => {
    if (!('segments' in c)) return { ...c, edges: [] };
    const edges: number[] = [];
    c.segments.forEach(([a, b], j) => {
      const hit = nearestToPair(g, idx, a, b, max);
      if (hit) edges.push(hit.edge);
      else problems.push({ file, path: `closures[${i}].segments[${j}]`, reason: `no road segment within ${max} m of both positions` });
    });
    return { ...c, edges };
  });
  return { problems, closures };
}
