// Seeded procedural river-valley city: a street grid sheared along a meandering river, arterials
// every n-th line, bridges on arterials, a trunk ring road with interchanges, one-way pairs,
// pedestrian streets in the old town, and landmarks for placing scenario features. The same
// parameters always give the same RoadInput, so scenarios store only the parameters.

import type { RoadInput } from '../graph/road-input.ts';
import { createRandom } from '../random.ts';
import { buildNetwork, countPlannedNodes } from './city/build.ts';
import { createFrame, frameToLngLatArrays, type CityFrame } from './city/frame.ts';
import { applyMask, layoutLines, placeBridges, type GridPlan } from './city/grid.ts';
import { placeLandmarks, type CityLandmarks } from './city/landmarks.ts';
import { createNameSource } from './city/names.ts';
import { resolveCityParams, type CityParams, type ResolvedCityParams } from './city/params.ts';
import { repairCarConnectivity } from './city/repair.ts';
import { createMeander, type Meander } from './city/river.ts';
import { planRing, ringMinKeep, ringPoints, type RingPoints } from './city/ring-road.ts';
import { assignOneways, pedestrianise, reconnect, removeSegments } from './city/streets.ts';

export { DEFAULT_CITY_CENTER, DEFAULT_CITY_PARAMS, resolveCityParams, CityParamsError } from './city/params.ts';
export type { CityParams, ResolvedCityParams } from './city/params.ts';
export type {
  BridgeSite,
  CityLandmarks,
  DistrictCentre,
  LngLatPair,
  NamedSite,
  RiverLandmark,
  Site,
  StationSite,
  StreetLine,
} from './city/landmarks.ts';
export { frameToLngLat, lngLatToFrame, type CityFrame } from './city/frame.ts';

export interface CityStats {
  nodes: number;
  ways: number;
  removedSegments: number;
  onewayWays: number;
  /** one-way ways made two-way again to keep cars strongly connected */
  repairedOneways: number;
  /** car nodes outside the largest strongly connected part (the graph builder prunes them) */
  carNodesOutside: number;
}

export interface GeneratedCity {
  input: RoadInput;
  landmarks: CityLandmarks;
  /** the parameters actually used (lengthKm/widthKm after targetNodes scaling) */
  params: ResolvedCityParams;
  /** the (u along the river, v across) metre frame of the city */
  frame: CityFrame;
  stats: CityStats;
}

// Independent random streams per stage, so changing one stage's parameter keeps the others.
const STREAM = { river: 1, layout: 2, mask: 3, bridges: 4, remove: 5, oneway: 6, names: 7, jitter: 8, shape: 9 } as const;

interface CityPlan {
  p: ResolvedCityParams;
  g: GridPlan;
  meander: Meander;
  ring: RingPoints | null;
  oldTown: { i: number; j: number };
  removed: number;
  nodeCount: number;
}

function planCity(p: ResolvedCityParams): CityPlan {
  const rng = createRandom(p.seed);
  const g = layoutLines(p, rng.fork(STREAM.layout));
  const meander = createMeander(rng.fork(STREAM.river), g.lengthM, g.widthM, g.b);
  const ringPlan = planRing(g, p);
  applyMask(g, rng.fork(STREAM.mask), ringMinKeep(ringPlan));
  placeBridges(g, p.bridges, rng.fork(STREAM.bridges));
  const removedList = removeSegments(g, p.removeShare, rng.fork(STREAM.remove));
  assignOneways(g, p.onewayShare, rng.fork(STREAM.oneway));
  // The old town sits on the left bank just off the centre, a few blocks from the river.
  const oldTown = {
    i: Math.min(g.nu - 1, Math.max(0, Math.round(g.ic - (0.04 * g.lengthM) / g.b))),
    j: g.gap + Math.min(g.nPlus - 1, 3),
  };
  pedestrianise(g, p.pedestrianStreets, oldTown.i, oldTown.j);
  const removed = removedList.length - reconnect(g, removedList);
  const ring = ringPlan ? ringPoints(g, ringPlan, meander) : null;
  return { p, g, meander, ring, oldTown, removed, nodeCount: countPlannedNodes(g, ring, p.curvature) };
}

/** Scales length and width (same aspect) until the planned node count is near the target. */
function planToTarget(p: ResolvedCityParams, target: number): CityPlan {
  const perNode = (p.blockM * p.blockM) / ((1 + 2 * p.curvature) * 0.9);
  let s = Math.sqrt((target * perNode) / (p.lengthKm * p.widthKm * 1e6));
  let best: CityPlan | null = null;
  for (let iter = 0; iter < 10; iter++) {
    const lengthKm = Math.min(400, Math.max(0.05, p.lengthKm * s));
    const widthKm = Math.min(400, Math.max(0.05, p.widthKm * s));
    const plan = planCity({ ...p, lengthKm, widthKm });
    const err = Math.abs(plan.nodeCount / target - 1);
    if (!best || err < Math.abs(best.nodeCount / target - 1)) best = plan;
    if (err < 0.03) break;
    // n grows with area (s²); damp the step for tiny cities where counts jump by whole columns.
    s *= Math.pow(target / plan.nodeCount, iter < 4 ? 0.5 : 0.3);
  }
  return best!;
}

/**
 * Generates the city for `params` (see CityParams for every knob and its default). Throws
 * CityParamsError naming the field for an out-of-range parameter. Pure and deterministic.
 */
export function generateCity(params: CityParams): GeneratedCity {
  const resolved = resolveCityParams(params);
  const plan = resolved.targetNodes !== undefined ? planToTarget(resolved, resolved.targetNodes) : planCity(resolved);
  const { p, g } = plan;
  const rng = createRandom(p.seed);
  const frame = createFrame(p.center, p.rotationDeg);
  const names = createNameSource(rng.fork(STREAM.names));
  const net = buildNetwork({
    g,
    frame,
    meander: plan.meander,
    ring: plan.ring,
    curvature: p.curvature,
    jitterM: p.jitterM,
    names,
    rngJitter: rng.fork(STREAM.jitter),
    rngShape: rng.fork(STREAM.shape),
    capacity: plan.nodeCount + 16,
  });
  // The centre column meets the left riverside road on arterials that are never cut or one-way.
  const car = repairCarConnectivity(net.count, net.ways, net.nodeAt[g.ic * g.nv + g.gap]);
  const { lon, lat } = frameToLngLatArrays(frame, net.u, net.v, net.count);
  const landmarks = placeLandmarks({
    g,
    net,
    lon,
    lat,
    inMain: car.inMain,
    frame,
    meander: plan.meander,
    names,
    oldTown: plan.oldTown,
    center: [p.center[0], p.center[1]],
  });
  let onewayWays = 0;
  for (const w of net.ways) if (w.oneway !== 0) onewayWays++;
  return {
    input: { lon, lat, ways: net.ways },
    landmarks,
    params: p,
    frame,
    stats: {
      nodes: net.count,
      ways: net.ways.length,
      removedSegments: plan.removed,
      onewayWays,
      repairedOneways: car.repaired,
      carNodesOutside: car.outside,
    },
  };
}
