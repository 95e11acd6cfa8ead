// What coverage is measured on, prepared once per model: the road segments of each patrol zone
// (midpoint inside the polygon) and patrol line (both ends within the buffer of the line), and
// the per-profile road positions of hotspots and patrol points. Only segments that a profile of
// the model may use count, and all geometry is done in the graph's local projection (metres).

import { segmentIndexOf } from '../routing/context.ts';
import type { LngLat } from '../../shared/units.ts';
import { pointInPolygon, polygonBBox, type FlatPolygon } from '../geo/polygon.ts';
import { lngLatProblem, projectX, projectY } from '../geo/projection.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import { CoverageInputError } from './errors.ts';

/** A patrol zone: GeoJSON Polygon rings of [lon, lat], outer ring first (scenario zones fit). */
export interface CoverageZone {
  readonly id: string;
  readonly geometry: { readonly coordinates: readonly (readonly LngLat[])[] };
}

/** A patrol line: a GeoJSON LineString of [lon, lat] (scenario lines fit). */
export interface CoverageLine {
  readonly id: string;
  readonly geometry: { readonly coordinates: readonly LngLat[] };
}

/** A patrol point (scenario points fit). */
export interface CoveragePoint {
  readonly id: string;
  readonly geometry: { readonly coordinates: LngLat };
}

/** An incident hotspot with its weight (the incident model's hotspots fit). */
export interface CoverageHotspot {
  readonly id?: string;
  readonly lon: number;
  readonly lat: number;
  readonly weight: number;
}

export const targetLabel = (list: string, i: number, id: string | undefined): string => (id ? `${list}[${i}] (${id})` : `${list}[${i}]`);

function checkPosition(p: unknown, field: string): LngLat {
  if (!Array.isArray(p) || p.length < 2) throw new CoverageInputError(field, 'expected [longitude, latitude]');
  const problem = lngLatProblem(p[0], p[1]);
  if (problem) throw new CoverageInputError(field, problem);
  return [p[0] as number, p[1] as number];
}

/** Canonical edges of the counted segments whose midpoint lies inside the zone (ascending). */
export function zoneSegments(g: RoadGraph, isCounted: (e: number) => boolean, zone: CoverageZone, field: string): Uint32Array {
  const rings = zone?.geometry?.coordinates;
  if (!Array.isArray(rings) || rings.length === 0) throw new CoverageInputError(`${field}.geometry.coordinates`, 'expected at least one ring');
  const poly: FlatPolygon = rings.map((ring, r) => {
    if (!Array.isArray(ring) || ring.length < 3) {
      throw new CoverageInputError(`${field}.geometry.coordinates[${r}]`, 'a ring needs at least 3 positions');
    }
    const flat = new Float64Array(ring.length * 2);
    ring.forEach((p, i) => {
      const [lon, lat] = checkPosition(p, `${field}.geometry.coordinates[${r}][${i}]`);
      flat[2 * i] = projectX(g.projection, lon);
      flat[2 * i + 1] = projectY(g.projection, lat);
    });
    return flat;
  });
  const [x0, y0, x1, y1] = polygonBBox(poly);
  const out: number[] = [];
  // Candidates from the segment index (canonical edges whose box meets the zone's box), so many
  // zones on a large city do not each scan every segment; `isCounted` keeps the model's segments.
  const idx = segmentIndexOf(g);
  for (const item of idx.index.search(x0, y0, x1, y1)) {
    const e = idx.itemEdge[item];
    if (e === undefined || !isCounted(e)) continue;
    const u = g.edgeFrom[e], v = g.edgeTo[e];
    if (pointInPolygon(poly, (g.x[u] + g.x[v]) / 2, (g.y[u] + g.y[v]) / 2)) out.push(e);
  }
  if (out.length === 0) throw new CoverageInputError(field, 'contains no road segment');
  return Uint32Array.from(out).sort();
}

/** Distance in metres from (px, py) to a polyline of flat projected coordinates. */
export function distanceToPolyline(line: Float64Array, px: number, py: number): number {
  let best = Infinity;
  for (let i = 0; i + 3 < line.length; i += 2) {
    const ax = line[i], ay = line[i + 1];
    const dx = line[i + 2] - ax, dy = line[i + 3] - ay;
    const len2 = dx * dx + dy * dy;
    let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
    if (t < 0) t = 0;
    else if (t > 1) t = 1;
    const qx = ax + t * dx - px, qy = ay + t * dy - py;
    const d2 = qx * qx + qy * qy;
    if (d2 < best) best = d2;
  }
  return Math.sqrt(best);
}

/** Canonical edges of the counted segments with both ends within `buffer` metres of the line. */
export function lineSegments(g: RoadGraph, segments: Uint32Array, line: CoverageLine, buffer: number, field: string): Uint32Array {
  const coords = line?.geometry?.coordinates;
  if (!Array.isArray(coords) || coords.length < 2) throw new CoverageInputError(`${field}.geometry.coordinates`, 'a line needs at least 2 positions');
  const flat = new Float64Array(coords.length * 2);
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  coords.forEach((p, i) => {
    const [lon, lat] = checkPosition(p, `${field}.geometry.coordinates[${i}]`);
    const x = projectX(g.projection, lon), y = projectY(g.projection, lat);
    flat[2 * i] = x;
    flat[2 * i + 1] = y;
    x0 = Math.min(x0, x - buffer);
    x1 = Math.max(x1, x + buffer);
    y0 = Math.min(y0, y - buffer);
    y1 = Math.max(y1, y + buffer);
  });
  const near = (n: number) => g.x[n] >= x0 && g.x[n] <= x1 && g.y[n] >= y0 && g.y[n] <= y1 && distanceToPolyline(flat, g.x[n], g.y[n]) <= buffer;
  const out: number[] = [];
  for (const e of segments) if (near(g.edgeFrom[e]) && near(g.edgeTo[e])) out.push(e);
  if (out.length === 0) throw new CoverageInputError(field, `has no road segment within ${buffer} m`);
  return Uint32Array.from(out);
}

/** Validated [lon, lat] of a hotspot, and its weight. */
export function hotspotInput(h: CoverageHotspot, field: string): { at: LngLat; weight: number } {
  const at = checkPosition([h?.lon, h?.lat], field);
  const weight = h.weight;
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
    throw new CoverageInputError(`${field}.weight`, `must be a finite number ≥ 0, got ${String(weight)}`);
  }
  return { at, weight };
}

export function pointInput(p: CoveragePoint, field: string): LngLat {
  return checkPosition(p?.geometry?.coordinates, `${field}.geometry.coordinates`);
}
