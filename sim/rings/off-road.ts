// The walk off the road, decided per contour. A point is within a contour's time T when some road
// cell s, reached at f(s), lies within walking distance: d(s, x) ≤ R (the off-road limit) and
// f(s) + d(s, x) / v ≤ T. Equivalently the slack
//
//   G(x) = max over road cells s of  min(R, (T − f(s)) · v) − d(s, x)
//
// is ≥ 0. G is computed with a two-pass chamfer transform (steps of 1 and √2 cells), which is
// exact for this octile distance, so the walk limit is honoured exactly. (Propagating one best
// time per cell cannot do that: the label with the best time may already have used up its walk
// while another, slower road nearby still had the allowance to go further.) G is in metres and
// changes by at most one step between neighbouring cells, so interpolating it between cell
// centres puts the ring's edge where the slack runs out.

import type { CellWindow } from './contour.ts';
import type { RingGrid } from './grid.ts';

/** Rows of a window to work on: per window row, columns [lo, hi) (window-local). */
export interface RowSpans {
  win: CellWindow;
  lo: Int32Array;
  hi: Int32Array;
}

/** Every column of every row of `win`. */
export function fullSpans(win: CellWindow): RowSpans {
  const h = Math.max(0, win.j1 - win.j0);
  return { win, lo: new Int32Array(h), hi: new Int32Array(h).fill(Math.max(0, win.i1 - win.i0)) };
}

/**
 * Slack G for threshold `limit` over the spans of a window of the grid, written to `out`
 * (window-local, row-major, w×h; −Infinity outside the spans). `road` holds the road time per
 * grid cell (Infinity where no road). The spans must hold every cell within the walk limit of a
 * road cell reached within `limit`, together with the paths to it.
 */
export function walkSlack(
  road: Float64Array,
  grid: RingGrid,
  spans: RowSpans,
  limit: number,
  offRoadMps: number,
  maxMeters: number,
  out: Float64Array,
): void {
  const win = spans.win, lo = spans.lo, hi = spans.hi;
  const cols = win.i1 - win.i0, rows = win.j1 - win.j0;
  const cell = grid.cell, diag = cell * Math.SQRT2;
  const R = maxMeters > 0 ? maxMeters : 0;
  // With no walking the ring is the reached roads themselves: drawn as a band half a cell wide
  // either side (a line has no area, and a short stretch of road would leave no ring at all).
  const band = R > 0 ? R : cell / 2;
  const v = offRoadMps;
  out.fill(-Infinity, 0, cols * rows);
  for (let j = 0; j < rows; j++) {
    const src = (j + win.j0) * grid.cols + win.i0, dst = j * cols;
    for (let i = lo[j]; i < hi[j]; i++) {
      const f = road[src + i];
      // A road cell past the time still counts (negative slack), so the edge of a ring along a
      // road falls where the road's own time crosses the threshold.
      out[dst + i] = f === Infinity ? -Infinity : Math.min(band, (limit - f) * v);
    }
  }
  if (R === 0) return; // no walking: the road cells alone decide

  // Forward pass: neighbours west, south-west, south, south-east (already visited). Cells
  // outside the spans stay at −Infinity and never raise a neighbour.
  for (let j = 0; j < rows; j++) {
    const row = j * cols;
    for (let i = lo[j]; i < hi[j]; i++) {
      const k = row + i;
      let g = out[k];
      if (i > 0 && out[k - 1] - cell > g) g = out[k - 1] - cell;
      if (j > 0) {
        const q = k - cols;
        if (i > 0 && out[q - 1] - diag > g) g = out[q - 1] - diag;
        if (out[q] - cell > g) g = out[q] - cell;
        if (i + 1 < cols && out[q + 1] - diag > g) g = out[q + 1] - diag;
      }
      out[k] = g;
    }
  }
  // Backward pass: east, north-east, north, north-west.
  for (let j = rows - 1; j >= 0; j--) {
    const row = j * cols;
    for (let i = hi[j] - 1; i >= lo[j]; i--) {
      const k = row + i;
      let g = out[k];
      if (i + 1 < cols && out[k + 1] - cell > g) g = out[k + 1] - cell;
      if (j + 1 < rows) {
        const q = k + cols;
        if (i + 1 < cols && out[q + 1] - diag > g) g = out[q + 1] - diag;
        if (out[q] - cell > g) g = out[q] - cell;
        if (i > 0 && out[q - 1] - diag > g) g = out[q - 1] - diag;
      }
      out[k] = g;
    }
  }
}
