// The documented accuracy of the rings for a cell size c (derivation in docs/rings.md):
// - a road point whose true time is within a contour lies inside that ring or within c/√2 of it
//   (its cell's centre is inside, and the point is at most half a cell diagonal from it);
// - every point inside a ring is within 3c/√2 (one cell diagonal plus half of one) of a point
//   that is truly reachable in time: on a road within the time, or on foot from such a road.

export interface RingTolerance {
  /** metres: reachable road points are inside or at most this far from the ring */
  missMeters: number;
  /** metres: every ring point is at most this far from a truly reachable point */
  excessMeters: number;
}

export function ringTolerance(cellMeters: number): RingTolerance {
  return { missMeters: cellMeters / Math.SQRT2, excessMeters: (3 * cellMeters) / Math.SQRT2 };
}
