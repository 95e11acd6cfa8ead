// Travel time from each candidate unit to a call: one reverse Dijkstra from the call's road
// point, stopped as soon as the `need` best units are known for certain. Labels of nodes not yet
// settled are upper bounds, so once the popped label exceeds the need-th best ETA found so far,
// no unit left can do better. Units standing on the call's own segment also get the direct time.

import type { Router } from '../routing/router.ts';
import type { SnappedPoint } from '../routing/snap.ts';
import { arrivalSeeds, departureFromLabels, sameSegmentSeconds } from '../routing/snapped-seeds.ts';

/**
 * Seconds from each unit position to the call. Exact for the `need` fastest units; the others
 * may rest on labels the search had not settled when it stopped: never too small, so the ranking
 * of the fastest units is exact.
 */
export function etasToCall(router: Router, units: readonly SnappedPoint[], call: SnappedPoint, need: number): Float64Array {
  const g = router.graph, w = router.costs.edgeSeconds;
  const out = new Float64Array(units.length).fill(Infinity);
  if (units.length === 0) return out;
  const space = router.lastSearch;
  const dist = space.dist;
  const k = Math.max(1, Math.min(need, units.length));
  const scratch = new Float64Array(units.length);
  let calls = 0;
  let bound = Infinity;
  // The k-th smallest of the current (upper-bound) ETAs; refreshed every few pops.
  const kthBest = () => {
    for (let i = 0; i < units.length; i++) scratch[i] = Math.min(departureFromLabels(g, w, dist, units[i]), sameSegmentSeconds(g, w, units[i], call));
    scratch.sort();
    return scratch[k - 1];
  };
  space.run(w, arrivalSeeds(g, w, call, 0), {
    reverse: true,
    stopAbove: () => {
      if ((calls++ & 31) === 0) bound = kthBest();
      return bound;
    },
  });
  for (let i = 0; i < units.length; i++) {
    const t = Math.min(departureFromLabels(g, w, dist, units[i]), sameSegmentSeconds(g, w, units[i], call));
    out[i] = t;
  }
  return out;
}
