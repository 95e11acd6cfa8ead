// Burns the road time field into the grid: every cell a drivable segment passes through gets the
// lowest time of the part of the segment inside it. Rather than sampling points, each segment is
// walked cell by cell (a DDA over the cell boundaries it crosses), and the time is taken at the
// entry and exit of each cell: the time along a segment is concave between origins, so its
// minimum over a piece is at the piece's ends or at an origin inside it. No cell a road crosses
// is missed, however short the crossing.

import type { RoadGraph } from '../graph/road-graph.ts';
import type { RingGrid } from './grid.ts';
import { coveredFraction, emptyCoeffs, reachIntervals, segmentMin, timeAt, type RoadTimeField } from './road-times.ts';

/** Reachable road length to measure while burning the roads in (one pass over the segments). */
export interface ReachTally {
  /** seconds, ascending */
  thresholds: readonly number[];
  /** metres of road reachable within each threshold; added to */
  meters: Float64Array;
}

/**
 * Lowers `values` (cols×rows, Infinity where untouched) to the road times of `segs` (default
 * all segments); skips roads whose time everywhere exceeds `cap`. With `tally`, also adds up the
 * exact reachable road length per threshold, as summarizeReach does (the grid must cover all
 * road reachable within the largest threshold; the tests compare the two). With `under`, a field
 * burnt into the same values, segments where `under` is as fast everywhere are skipped: it reached
 * both ends no later and drives both ways no slower, and this field has no origin on them.
 */
export function rasterizeRoads(
  field: RoadTimeField,
  grid: RingGrid,
  cap: number,
  values: Float64Array,
  segs: Uint32Array = field.segments,
  tally?: ReachTally,
  under?: RoadTimeField,
  cells?: SegmentCells,
): void {
  const g = field.graph;
  const { x0, y0, cols, rows, cell } = grid;
  const inv = 1 / cell;
  const c = emptyCoeffs();
  const labels = field.labels;
  const gx0 = g.x, gy0 = g.y, from = g.edgeFrom, to = g.edgeTo, rev = g.edgeReverse, w = field.w;
  const thresholds = tally?.thresholds ?? [], meters = tally?.meters;
  const uLabels = under?.labels, uw = under?.w;
  const last = thresholds.length - 1, maxT = last >= 0 ? thresholds[last] : -Infinity;
  let pairs = new Float64Array(16);
  for (let s = 0; s < segs.length; s++) {
    const e = segs[s];
    const u = from[e], v = to[e];
    const withOrigin = field.hasOrigin(e);
    // The time along a segment without origins, inlined: min(a + f·sa, b + (1 − f)·sb), where a
    // term whose direction is closed has a = Infinity and slope 0 (so it never yields NaN).
    let a: number, sa: number, b: number, sb: number;
    if (withOrigin) {
      field.load(e, c);
      const lo = segmentMin(c);
      if (meters && lo <= maxT) {
        if (pairs.length < 4 + 2 * c.origins.length) pairs = new Float64Array(8 + 4 * c.origins.length);
        const len = g.edgeLength[e];
        for (let k = last; k >= 0 && lo <= thresholds[k]; k--) meters[k] += coveredFraction(pairs, reachIntervals(c, thresholds[k], pairs)) * len;
      }
      if (lo > cap) continue;
      a = c.a;
      sa = c.sa;
      b = c.b;
      sb = c.sb;
    } else {
      const r = rev[e];
      const wa = w[e], wb = r >= 0 ? w[r] : Infinity;
      a = wa !== Infinity ? labels[u] : Infinity;
      b = wb !== Infinity ? labels[v] : Infinity;
      if (!(a <= cap) && !(b <= cap)) continue;
      if (uLabels !== undefined && uw !== undefined && !meters) {
        // The other field's time along the segment is at most min(a' + f·wa', b' + (1 − f)·wb').
        const ua = uLabels[u], ub = uLabels[v], uwa = uw[e], uwb = r >= 0 ? uw[r] : Infinity;
        const forward = a === Infinity || (ua <= a && uwa <= wa);
        const backward = b === Infinity || (ub <= b && uwb <= wb);
        if (forward && backward) continue;
      }
      sa = a !== Infinity ? wa : 0;
      sb = b !== Infinity ? wb : 0;
      if (meters && (a <= maxT || b <= maxT)) {
        // Reached from u going forward up to fa, and/or from v going back down to fb.
        const len = g.edgeLength[e];
        for (let k = last; k >= 0; k--) {
          const lim = thresholds[k];
          const fa = a <= lim ? (wa > 0 ? Math.min(1, (lim - a) / wa) : 1) : -1;
          const fb = b <= lim ? (wb > 0 ? Math.max(0, 1 - (lim - b) / wb) : 0) : 2;
          if (fa < 0 && fb > 1) break; // smaller thresholds reach even less
          meters[k] += (fa < 0 ? 1 - fb : fb > 1 ? fa : fa >= fb ? 1 : fa + (1 - fb)) * len;
        }
      }
    }
    const origins = c.origins;
    if (cells !== undefined && cells.grid === grid) {
      // The cells this segment crosses on this grid, walked once before (SegmentCells).
      const p0 = cells.first[e], p1 = cells.first[e + 1], cell = cells.cell, exit = cells.exit;
      if (p0 === p1) continue;
      let fa = cells.entry[p0], ta: number;
      if (withOrigin) ta = timeAt(c, fa);
      else {
        const p = a + fa * sa, q = b + (1 - fa) * sb;
        ta = p < q ? p : q;
      }
      for (let k = p0; k < p1; k++) {
        const fb = exit[k];
        let tb: number, m: number;
        if (withOrigin) {
          tb = timeAt(c, fb);
          m = ta < tb ? ta : tb;
          for (const o of origins) {
            if (o.t > fa && o.t < fb) {
              const to2 = timeAt(c, o.t);
              if (to2 < m) m = to2;
            }
          }
        } else {
          const p = a + fb * sa, q = b + (1 - fb) * sb;
          tb = p < q ? p : q;
          m = ta < tb ? ta : tb;
        }
        const v = cell[k];
        if (m < values[v]) values[v] = m;
        fa = fb;
        ta = tb;
      }
      continue;
    }
    // Segment in grid units: cell i spans [i, i+1) along x.
    const gx = (gx0[u] - x0) * inv + 0.5, gy = (gy0[u] - y0) * inv + 0.5;
    const dx = (gx0[v] - x0) * inv + 0.5 - gx, dy = (gy0[v] - y0) * inv + 0.5 - gy;
    // One division per axis; everything below multiplies by these.
    const idx = dx !== 0 ? 1 / dx : 0, idy = dy !== 0 ? 1 / dy : 0;
    // Clip the parameter range to the grid rectangle (Liang–Barsky), unless both ends are inside.
    let f0 = 0, f1 = 1;
    const ex = gx + dx, ey = gy + dy;
    if (!(gx >= 0 && gx < cols && gy >= 0 && gy < rows && ex >= 0 && ex < cols && ey >= 0 && ey < rows)) {
      if (dx !== 0) {
        const p = -gx * idx, q = (cols - gx) * idx;
        f0 = Math.max(f0, Math.min(p, q));
        f1 = Math.min(f1, Math.max(p, q));
      } else if (gx < 0 || gx >= cols) continue;
      if (dy !== 0) {
        const p = -gy * idy, q = (rows - gy) * idy;
        f0 = Math.max(f0, Math.min(p, q));
        f1 = Math.min(f1, Math.max(p, q));
      } else if (gy < 0 || gy >= rows) continue;
      if (f0 > f1) continue;
    }
    let i = Math.floor(gx + f0 * dx), j = Math.floor(gy + f0 * dy);
    if (i >= cols) i = cols - 1;
    if (j >= rows) j = rows - 1;
    if (i < 0) i = 0;
    if (j < 0) j = 0;
    const stepX = dx > 0 ? 1 : -1, stepY = dy > 0 ? 1 : -1;
    const tdx = dx !== 0 ? Math.abs(idx) : Infinity, tdy = dy !== 0 ? Math.abs(idy) : Infinity;
    let nextX = dx > 0 ? (i + 1 - gx) * idx : dx < 0 ? (i - gx) * idx : Infinity;
    let nextY = dy > 0 ? (j + 1 - gy) * idy : dy < 0 ? (j - gy) * idy : Infinity;
    let fa = f0;
    let ta: number;
    if (withOrigin) ta = timeAt(c, fa);
    else {
      const p = a + fa * sa, q = b + (1 - fa) * sb;
      ta = p < q ? p : q;
    }
    for (;;) {
      const fb = nextX < nextY ? (nextX < f1 ? nextX : f1) : nextY < f1 ? nextY : f1;
      let tb: number;
      let m: number;
      if (withOrigin) {
        tb = timeAt(c, fb);
        m = ta < tb ? ta : tb;
        for (const o of origins) {
          if (o.t > fa && o.t < fb) {
            const to2 = timeAt(c, o.t);
            if (to2 < m) m = to2;
          }
        }
      } else {
        const p = a + fb * sa, q = b + (1 - fb) * sb;
        tb = p < q ? p : q;
        m = ta < tb ? ta : tb;
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

/**
 * The cells each canonical segment crosses on one grid, with the fractions where it enters and
 * leaves them, as the walk in rasterizeRoads finds them: a grid used again and again (the live
 * rings' grid over the whole city) walks every segment once, not once a refresh. Segment e's
 * pieces are first[e] .. first[e+1]−1: piece k lies in cell[k], from entry[k] to exit[k] (each
 * piece's exit is the next one's entry).
 */
export interface SegmentCells {
  grid: RingGrid;
  first: Uint32Array;
  cell: Uint32Array;
  entry: Float64Array;
  exit: Float64Array;
}

export function segmentCells(g: RoadGraph, grid: RingGrid): SegmentCells {
  const { x0, y0, cols, rows, cell } = grid;
  const inv = 1 / cell;
  const first = new Uint32Array(g.edgeCount + 1);
  const cells: number[] = [], entry: number[] = [], exit: number[] = [];
  for (let e = 0; e < g.edgeCount; e++) {
    first[e] = cells.length;
    const r = g.edgeReverse[e];
    if (r >= 0 && r < e) continue; // not canonical: no pieces
    const u = g.edgeFrom[e], v = g.edgeTo[e];
    const gx = (g.x[u] - x0) * inv + 0.5, gy = (g.y[u] - y0) * inv + 0.5;
    const dx = (g.x[v] - x0) * inv + 0.5 - gx, dy = (g.y[v] - y0) * inv + 0.5 - gy;
    const idx = dx !== 0 ? 1 / dx : 0, idy = dy !== 0 ? 1 / dy : 0;
    let f0 = 0, f1 = 1;
    const ex = gx + dx, ey = gy + dy;
    if (!(gx >= 0 && gx < cols && gy >= 0 && gy < rows && ex >= 0 && ex < cols && ey >= 0 && ey < rows)) {
      if (dx !== 0) {
        const p = -gx * idx, q = (cols - gx) * idx;
        f0 = Math.max(f0, Math.min(p, q));
        f1 = Math.min(f1, Math.max(p, q));
      } else if (gx < 0 || gx >= cols) continue;
      if (dy !== 0) {
        const p = -gy * idy, q = (rows - gy) * idy;
        f0 = Math.max(f0, Math.min(p, q));
        f1 = Math.min(f1, Math.max(p, q));
      } else if (gy < 0 || gy >= rows) continue;
      if (f0 > f1) continue;
    }
    let i = Math.floor(gx + f0 * dx), j = Math.floor(gy + f0 * dy);
    if (i >= cols) i = cols - 1;
    if (j >= rows) j = rows - 1;
    if (i < 0) i = 0;
    if (j < 0) j = 0;
    const stepX = dx > 0 ? 1 : -1, stepY = dy > 0 ? 1 : -1;
    const tdx = dx !== 0 ? Math.abs(idx) : Infinity, tdy = dy !== 0 ? Math.abs(idy) : Infinity;
    let nextX = dx > 0 ? (i + 1 - gx) * idx : dx < 0 ? (i - gx) * idx : Infinity;
    let nextY = dy > 0 ? (j + 1 - gy) * idy : dy < 0 ? (j - gy) * idy : Infinity;
    let fa = f0;
    for (;;) {
      const fb = nextX < nextY ? (nextX < f1 ? nextX : f1) : nextY < f1 ? nextY : f1;
      cells.push(j * cols + i);
      entry.push(fa);
      exit.push(fb);
      fa = fb;
      if (fb >= f1) break;
      if (nextX <= nextY) {
        i += stepX;
        nextX += tdx;
      } else {
        j += stepY;
        nextY += tdy;
      }
      if (i < 0 || i >= cols || j < 0 || j >= rows) break;
    }
  }
  first[g.edgeCount] = cells.length;
  return { grid, first, cell: Uint32Array.from(cells), entry: Float64Array.from(entry), exit: Float64Array.from(exit) };
}
