// Small helpers shared by routing tests: a router over a RoadInput with default profiles.

import type { ProfileName } from '../../shared/roads.ts';
import { buildRoadGraph, type BuildGraphOptions } from '../graph/build-graph.ts';
import { closureMask, type Closures } from '../graph/closures.ts';
import { DEFAULT_PROFILES } from '../graph/profiles.ts';
import type { RoadInput } from '../graph/road-input.ts';
import { buildSegmentIndex } from '../graph/segment-index.ts';
import { FREE_FLOW, type TimeOfDayTable } from '../graph/time-of-day.ts';
import { computeTravelCosts } from '../graph/travel-costs.ts';
import { Router } from '../routing/router.ts';

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
