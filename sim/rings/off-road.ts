// Extends the road times off the road: a point is reached by driving to a road and walking the
// rest at the profile's off-road speed, at most `maxMeters` on foot. Computed with a two-pass
// chamfer distance transform (steps of 1 and √2 cells) that carries, per cell, the best time and
// the distance walked to get it; a step that would walk farther than the limit is refused.
//
// Every value this produces is realised by an 8-connected walk of at most `maxMeters` from a
// road cell, and such a walk is never shorter than the straight line, so the fill can miss a
// little of the true walkable area but never claims more than it.

import type { RingGrid } from './grid.ts';

export function fillOffRoad(values: Float64Array, grid: RingGrid, offRoadMps: number, maxMeters: number): void {
  if (!(maxMeters > 0) || !(offRoadMps > 0)) return;
  const { cols, rows, cell } = grid;
  const n = cols * rows;
  const walked = new Float64Array(n); // road cells start at 0 m; others only matter once finite
  const diag = cell * Math.SQRT2;
  const tStraight = cell / offRoadMps, tDiag = diag / offRoadMps;
  const limit = maxMeters + 1e-6;

  // Relax cell k from neighbour q by a step of `meters` taking `secs`.
  const relax = (k: number, q: number, meters: number, secs: number) => {
    const t = values[q] + secs;
    if (t < values[k]) {
      const d = walked[q] + meters;
      if (d <= limit) {
        values[k] = t;
        walked[k] = d;
      }
    }
  };

  // Forward pass: neighbours west, south-west, south, south-east (already visited).
  for (let j = 0; j < rows; j++) {
    const row = j * cols;
    for (let i = 0; i < cols; i++) {
      const k = row + i;
      if (i > 0) relax(k, k - 1, cell, tStraight);
      if (j > 0) {
        const b = k - cols;
        if (i > 0) relax(k, b - 1, diag, tDiag);
        relax(k, b, cell, tStraight);
        if (i + 1 < cols) relax(k, b + 1, diag, tDiag);
      }
    }
  }
  // Backward pass: east, north-east, north, north-west.
  for (let j = rows - 1; j >= 0; j--) {
    const row = j * cols;
    for (let i = cols - 1; i >= 0; i--) {
      const k = row + i;
      if (i + 1 < cols) relax(k, k + 1, cell, tStraight);
      if (j + 1 < rows) {
        const a = k + cols;
        if (i + 1 < cols) relax(k, a + 1, diag, tDiag);
        relax(k, a, cell, tStraight);
        if (i > 0) relax(k, a - 1, diag, tDiag);
      }
    }
  }
}
