// Small helpers shared by routing tests: a router over a RoadInput with default profiles, and a
// snap that gives null instead of throwing for random points.

import type { ProfileName } from '../../shared/roads.ts';
import type { LngLat } from '../../shared/units.ts';
import { buildRoadGraph, type BuildGraphOptions } from '../graph/build-graph.ts';
import { closureMask, type Closures } from '../graph/closures.ts';
import { DEFAULT_PROFILES } from '../graph/profiles.ts';
import type { RoadInput } from '../graph/road-input.ts';
import { buildSegmentIndex } from '../graph/segment-index.ts';
import { FREE_FLOW, type TimeOfDayTable } from '../graph/time-of-day.ts';
import { computeTravelCosts } from '../graph/travel-costs.ts';
import { Router } from '../routing/router.ts';
import { SnapError, type SnappedPoint } from '../routing/snap.ts';

export function routerFor(
  input: RoadInput,
  profile: ProfileName = 'car',
  opts: { closures?: Closures; timeOfDay?: TimeOfDayTable; at?: number; build?: BuildGraphOptions; snapMax?: number } = {},
): Router {
  const graph = buildRoadGraph(input, opts.build);
  const closed = closureMask(graph, opts.closures);
  const costs = computeTravelCosts(graph, profile, DEFAULT_PROFILES[profile], opts.timeOfDay ?? FREE_FLOW, (opts.at ?? 43200) as never, closed);
  return new Router(graph, costs, buildSegmentIndex(graph), opts.snapMax ?? 500);
}

/** The router's snap of a point, or null when no usable road is near enough (random tests). */
export function trySnap(router: Router, p: LngLat): SnappedPoint | null {
  try {
    return router.snap(p);
  } catch (err) {
    if (err instanceof SnapError) return null;
    throw err;
  }
}
