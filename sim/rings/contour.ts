// Contours of the time field: {field ≤ threshold} as GeoJSON polygons in lon/lat, traced by the
// marching squares in marching-squares.ts over a window of the grid. Sample (i, j) of the grid is
// the centre of cell (i, j), so a traced vertex maps straight to projected metres; the polygon
// edge runs where the field, interpolated between two cell centres, crosses the threshold.

import type { LocalProjection } from '../geo/projection.ts';
import { round6, type PolygonCoords, type Position } from './geojson.ts';
import type { RingGrid } from './grid.ts';
import { traceRings } from './marching-squares.ts';

export interface ContourResult {
  /** polygons in lon/lat: exterior ring counter-clockwise, holes clockwise (RFC 7946) */
  polygons: PolygonCoords[];
  /** enclosed area in m² (exteriors minus holes), measured in the local projection */
  areaM2: number;
}

/** A rectangle of cells [i0, i1) × [j0, j1) to contour, so small rings skip most of the grid. */
export interface CellWindow {
  i0: number;
  j0: number;
  i1: number;
  j1: number;
}

/**
 * Polygons of {field ≤ threshold} over a window of the grid; values above `cap` count as `cap`.
 * `field` covers the whole grid, or only the window (row-major, window-wide) when `windowLocal`.
 * With `negate`, {−field ≤ threshold} is traced; with `spans`, only those columns of each window
 * row are read (see traceRings).
 */
export function contourWindow(
  field: Float64Array,
  grid: RingGrid,
  win: CellWindow,
  threshold: number,
  cap: number,
  projection: LocalProjection,
  windowLocal = false,
  negate = false,
  spans?: { lo: Int32Array; hi: Int32Array },
): ContourResult {
  const w = win.i1 - win.i0, h = win.j1 - win.j0;
  if (w <= 0 || h <= 0) return { polygons: [], areaM2: 0 };
  const traced = windowLocal
    ? traceRings(field, w, 0, 0, w, h, threshold, cap, negate, spans)
    : traceRings(field, grid.cols, win.i0, win.j0, w, h, threshold, cap, negate, spans);
  const c = grid.cell;
  // Window sample (i, j) → projected metres → degrees, folded into one affine map per axis.
  const { lon0, lat0, mPerDegLon, mPerDegLat } = projection;
  const lonA = lon0 + (grid.x0 + win.i0 * c) / mPerDegLon, lonB = c / mPerDegLon;
  const latA = lat0 + (grid.y0 + win.j0 * c) / mPerDegLat, latB = c / mPerDegLat;
  const toRing = (flat: Float64Array): Position[] | null => {
    const out: Position[] = [];
    for (let p = 0; p < flat.length; p += 2) {
      const x = round6(lonA + flat[p] * lonB), y = round6(latA + flat[p + 1] * latB);
      const q = out[out.length - 1];
      if (q === undefined || q[0] !== x || q[1] !== y) out.push([x, y]);
    }
    while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
    if (out.length < 3) return null; // a sliver that rounding to 6 decimals collapsed
    out.push([out[0][0], out[0][1]]);
    return out;
  };
  let area2 = 0;
  const polygons: PolygonCoords[] = [];
  for (const poly of traced.polygons) {
    const ext = toRing(traced.rings[poly.exterior]);
    area2 += traced.area2[poly.exterior];
    for (const hole of poly.holes) area2 += traced.area2[hole]; // negative
    if (!ext) continue;
    const rings = [ext];
    for (const hole of poly.holes) {
      const r = toRing(traced.rings[hole]);
      if (r) rings.push(r);
    }
    polygons.push(rings);
  }
  return { polygons, areaM2: (area2 / 2) * c * c };
}
