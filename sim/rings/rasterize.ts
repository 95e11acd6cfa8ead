// Burns the road time field into the grid: every cell a drivable segment passes through gets the
// lowest time of the part of the segment inside it. Rather than sampling points, each segment is
// walked cell by cell (a DDA over the cell boundaries it crosses), and the time is taken at the
// entry and exit of each cell: the time along a segment is concave between origins, so its
// minimum over a piece is at the piece's ends or at an origin inside it. No cell a road crosses
// is missed, however short the crossing.

import type { RingGrid } from './grid.ts';
import { emptyCoeffs, segmentMin, timeAt, type RoadTimeField } from './road-times.ts';

/** Lowers `values` (cols×rows, Infinity where untouched) to the road times; skips roads above `cap`. */
export function rasterizeRoads(field: RoadTimeField, grid: RingGrid, cap: number, values: Float64Array): void {
  const g = field.graph;
  const { x0, y0, cols, rows, cell } = grid;
  const inv = 1 / cell;
  const c = emptyCoeffs();
  const segs = field.segments, labels = field.labels;
  for (let s = 0; s < segs.length; s++) {
    const e = segs[s];
    const u = g.edgeFrom[e], v = g.edgeTo[e];
    if (labels[u] > cap && labels[v] > cap && !field.hasOrigin(e)) continue;
    field.load(e, c);
    if (segmentMin(c) > cap) continue;
    // Segment in grid units: cell i spans [i, i+1) along x.
    const gx = (g.x[u] - x0) * inv + 0.5, gy = (g.y[u] - y0) * inv + 0.5;
    const dx = (g.x[v] - x0) * inv + 0.5 - gx, dy = (g.y[v] - y0) * inv + 0.5 - gy;
    // Clip the parameter range to the grid rectangle (Liang–Barsky).
    let f0 = 0, f1 = 1;
    if (dx !== 0) {
      const a = (0 - gx) / dx, b = (cols - gx) / dx;
      f0 = Math.max(f0, Math.min(a, b));
      f1 = Math.min(f1, Math.max(a, b));
    } else if (gx < 0 || gx >= cols) continue;
    if (dy !== 0) {
      const a = (0 - gy) / dy, b = (rows - gy) / dy;
      f0 = Math.max(f0, Math.min(a, b));
      f1 = Math.min(f1, Math.max(a, b));
    } else if (gy < 0 || gy >= rows) continue;
    if (f0 > f1) continue;
    let i = Math.floor(gx + f0 * dx), j = Math.floor(gy + f0 * dy);
    if (i >= cols) i = cols - 1;
    if (j >= rows) j = rows - 1;
    if (i < 0) i = 0;
    if (j < 0) j = 0;
    const stepX = dx > 0 ? 1 : -1, stepY = dy > 0 ? 1 : -1;
    const tdx = dx !== 0 ? Math.abs(1 / dx) : Infinity, tdy = dy !== 0 ? Math.abs(1 / dy) : Infinity;
    let nextX = dx > 0 ? (i + 1 - gx) / dx : dx < 0 ? (i - gx) / dx : Infinity;
    let nextY = dy > 0 ? (j + 1 - gy) / dy : dy < 0 ? (j - gy) / dy : Infinity;
    const origins = c.origins;
    let fa = f0;
    let ta = timeAt(c, fa);
    for (;;) {
      const fb = Math.min(nextX, nextY, f1);
      const tb = timeAt(c, fb);
      let m = ta < tb ? ta : tb;
      for (const o of origins) {
        if (o.t > fa && o.t < fb) {
          const to = timeAt(c, o.t);
          if (to < m) m = to;
        }
      }
      const k = j * cols + i;
      if (m < values[k]) values[k] = m;
      if (fb >= f1) break;
      if (nextX <= nextY) {
        i += stepX;
        nextX += tdx;
      } else {
        j += stepY;
        nextY += tdy;
      }
      if (i < 0 || i >= cols || j < 0 || j >= rows) break;
      fa = fb;
      ta = tb;
    }
  }
}
