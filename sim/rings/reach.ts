// Exact reachable road length per threshold, and the extent of the reachable road, in one pass
// over the segments. The time along a segment is piecewise linear, so the reachable part is a
// union of intervals whose ends are computed, not sampled.

import {
  coveredFraction,
  emptyCoeffs,
  reachFractionPlain,
  reachIntervals,
  segmentMin,
  type RoadTimeField,
} from './road-times.ts';

export interface ReachSummary {
  /** metres of road reachable within each threshold (same order as the thresholds) */
  meters: Float64Array;
  /** [minX, minY, maxX, maxY] in projected metres of road reachable within the largest threshold */
  bbox: [number, number, number, number] | null;
}

/** `thresholds` in seconds, ascending. */
export function summarizeReach(field: RoadTimeField, thresholds: readonly number[]): ReachSummary {
  const g = field.graph;
  const meters = new Float64Array(thresholds.length);
  const last = thresholds.length - 1;
  const maxT = thresholds[last];
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const c = emptyCoeffs();
  let pairs = new Float64Array(16);
  const segs = field.segments, labels = field.labels;
  for (let s = 0; s < segs.length; s++) {
    const e = segs[s];
    // Cheap rejection before loading: both ends beyond the largest threshold and no origin here.
    if (labels[g.edgeFrom[e]] > maxT && labels[g.edgeTo[e]] > maxT && !field.hasOrigin(e)) continue;
    field.load(e, c);
    const lo = segmentMin(c);
    if (lo > maxT) continue;
    if (pairs.length < 4 + 2 * c.origins.length) pairs = new Float64Array(8 + 4 * c.origins.length);
    // The reachable part is straight pieces of the segment: its extent is that of their ends.
    const n = reachIntervals(c, maxT, pairs);
    const u = g.edgeFrom[e], v = g.edgeTo[e];
    const ux = g.x[u], uy = g.y[u], dx = g.x[v] - ux, dy = g.y[v] - uy;
    for (let p = 0; p < 2 * n; p++) {
      const px = ux + pairs[p] * dx, py = uy + pairs[p] * dy;
      x0 = Math.min(x0, px); x1 = Math.max(x1, px); y0 = Math.min(y0, py); y1 = Math.max(y1, py);
    }
    const len = g.edgeLength[e];
    for (let k = last; k >= 0 && lo <= thresholds[k]; k--) {
      const frac =
        c.origins.length === 0 ? reachFractionPlain(c, thresholds[k]) : coveredFraction(pairs, reachIntervals(c, thresholds[k], pairs));
      meters[k] += frac * len;
    }
  }
  return { meters, bbox: x0 <= x1 ? [x0, y0, x1, y1] : null };
}
