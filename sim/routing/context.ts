// Builds a Router for one profile at one time of day with closures, reusing the graph's segment
// index across routers (it depends only on geometry).

import type { ProfileName } from '../../shared/roads.ts';
import type { Seconds } from '../../shared/units.ts';
import { closureMask, type Closures } from '../graph/closures.ts';
import type { ProfileTable } from '../graph/profiles.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import { buildSegmentIndex, segmentIndexFromData, type SegmentIndex } from '../graph/segment-index.ts';
import type { TimeOfDayTable } from '../graph/time-of-day.ts';
import { computeTravelCosts } from '../graph/travel-costs.ts';
import { Router } from './router.ts';

const indexes = new WeakMap<RoadGraph, SegmentIndex>();

export function segmentIndexOf(graph: RoadGraph): SegmentIndex {
  let index = indexes.get(graph);
  if (!index) {
    index = buildSegmentIndex(graph);
    indexes.set(graph, index);
  }
  return index;
}

/** Uses a segment index built by another thread (its Flatbush data and item edges) for `graph`. */
export function adoptSegmentIndex(graph: RoadGraph, data: ArrayBuffer, itemEdge: Uint32Array): void {
  indexes.set(graph, segmentIndexFromData(data, itemEdge));
}

export interface RoutingSetup {
  graph: RoadGraph;
  profiles: ProfileTable;
  timeOfDay: TimeOfDayTable;
  snapMaxMeters?: number;
}

export function createRouter(
  setup: RoutingSetup,
  profile: ProfileName,
  at: Seconds,
  closures?: Closures | Uint8Array,
): Router {
  const { graph } = setup;
  const closed = closures instanceof Uint8Array ? closures : closureMask(graph, closures);
  const costs = computeTravelCosts(graph, profile, setup.profiles[profile], setup.timeOfDay, at, closed);
  return new Router(graph, costs, segmentIndexOf(graph), setup.snapMaxMeters ?? 500);
}
