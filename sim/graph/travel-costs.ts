// Per-edge travel seconds for one profile at one time of day with closures applied. The array is
// what every search reads; Infinity marks an edge the profile may not (or can no longer) use.

import { PROFILES, ROAD_CLASSES, profileBit, type ProfileName } from '../../shared/roads.ts';
import type { Seconds } from '../../shared/units.ts';
import type { ProfileSpec } from './profiles.ts';
import type { RoadGraph } from './road-graph.ts';
import { classFactor, type TimeOfDayTable } from './time-of-day.ts';

export interface TravelCosts {
  readonly profile: ProfileName;
  readonly spec: ProfileSpec;
  /** seconds since midnight the costs were computed for */
  readonly at: Seconds;
  /** seconds per directed edge; Infinity = not traversable */
  readonly edgeSeconds: Float32Array;
  /** off-road speed, m/s */
  readonly offRoadMps: number;
  /** fastest speed on any edge, m/s (an admissible bound for straight-line checks) */
  readonly maxMps: number;
}

export function computeTravelCosts(
  g: RoadGraph,
  profile: ProfileName,
  spec: ProfileSpec,
  timeOfDay: TimeOfDayTable,
  at: Seconds,
  closed?: Uint8Array,
): TravelCosts {
  const bit = profileBit(profile);
  // Speed (m/s) per class at this time; maxspeed caps it per edge below.
  const classMps = new Float64Array(ROAD_CLASSES.length);
  ROAD_CLASSES.forEach((cls, i) => {
    const v = spec.speedKmh[cls];
    if (v === undefined || v <= 0) return;
    const f = classFactor(timeOfDay, cls, at);
    const eff = 1 - spec.congestionSensitivity * (1 - f);
    classMps[i] = (v * Math.max(0.05, eff)) / 3.6;
  });
  const edgeSeconds = new Float32Array(g.edgeCount);
  let maxMps = 0;
  for (let e = 0; e < g.edgeCount; e++) {
    let v = classMps[g.edgeClass[e]];
    if ((g.edgeAccess[e] & bit) === 0 || v === 0 || (closed && closed[e])) {
      edgeSeconds[e] = Infinity;
      continue;
    }
    const limit = g.edgeMaxSpeed[e];
    if (spec.obeyMaxSpeed && limit > 0 && limit / 3.6 < v) v = limit / 3.6;
    if (v > maxMps) maxMps = v;
    edgeSeconds[e] = g.edgeLength[e] / v;
  }
  return { profile, spec, at, edgeSeconds, offRoadMps: spec.offRoadKmh / 3.6, maxMps };
}

export { PROFILES };
