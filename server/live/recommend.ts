// Which units should take a new call: the eligible units (available, reporting, on the network,
// of a kind the category allows) ranked by road ETA from their last fix, each with what sending
// it costs the rest of the city: the 3-minute road coverage without it, and the patrol zones,
// lines and points that fall out of the 3-minute ring.

import { PROFILES } from '../../shared/roads.ts';
import { isAvailable } from '../../shared/unit-status.ts';
import type { LngLat } from '../../shared/units.ts';
import type { CoverageResult } from '../../sim/coverage/index.ts';
import { etasToCall, type RoadPoint } from '../../sim/des/eta.ts';
import { lngLatProblem } from '../../sim/geo/projection.ts';
import type { SnappedPoint } from '../../sim/routing/snap.ts';
import type { LiveCity } from './live-city.ts';
import { IMPACT_SECONDS, type LiveRings } from './live-rings.ts';
import type { LiveUnit } from './live-units.ts';
import { ReportError } from './report-errors.ts';

export interface CallInput {
  lon: number;
  lat: number;
  category: string;
  priority: number;
}

export interface CoverageLoss {
  /** share of road within 3 minutes if this unit leaves (0–1) */
  road180: number;
  /** change against now (≤ 0) */
  road180Change: number;
  zones: { id: string; within180: number; change: number }[];
  lines: { id: string; within180: number; change: number }[];
  /** patrol points within 3 minutes now that would not be */
  points: string[];
}

export interface Recommendation {
  unitId: string;
  name: string;
  kind: string;
  /** seconds by road from the unit's last fix to the call */
  etaS: number;
  /** seconds since that fix */
  fixAgeS: number;
  coverageIfSent: CoverageLoss;
}

export interface Recommendations {
  call: { lon: number; lat: number; road: LngLat | null };
  eligible: number;
  units: Recommendation[];
}

/** Units that may take a call of this category now. */
export function eligibleUnits(city: LiveCity, category: string): LiveUnit[] {
  const allowed = city.model.policy.eligibility?.[category];
  const now = city.units.clock();
  return city.units.all().filter((u) => isAvailable(u.status) && u.fix !== null && u.road !== null && !city.units.isStale(u, now) && (!allowed || allowed.includes(u.kind)));
}

const EPS = 1e-9;


function roadPointOf(u: LiveUnit): RoadPoint {
  const r = u.road;
  if (!r) throw new RangeError(`Unit ${u.id} has no road place.`);
  return { edge: r.edge, t: r.t, offRoadSeconds: r.offRoadSeconds };
}

export function recommend(city: LiveCity, rings: LiveRings, call: CallInput, best = 10): Recommendations {
  const cats = city.scenario.scenario.incidents?.categories.map((c) => c.id);
  if (cats && !cats.includes(call.category)) throw new ReportError('category', `unknown category "${call.category}"; expected one of ${cats.join(', ')}`);
  const problem = lngLatProblem(call.lon, call.lat);
  if (problem) throw new ReportError(/longitude/.test(problem) ? 'lon' : 'lat', problem);
  const levels = city.scenario.scenario.incidents?.priorities.map((p) => p.level);
  if (levels && !levels.includes(call.priority)) throw new ReportError('priority', `unknown priority ${call.priority}; expected one of ${levels.join(', ')}`);
  const now = city.units.clock(), t = city.timeOfDay();
  const units = eligibleUnits(city, call.category);
  const ranked: { unit: LiveUnit; eta: number }[] = [];
  let callRoad: LngLat | null = null;
  for (const profile of PROFILES) {
    const mine = units.filter((u) => u.profile === profile);
    if (mine.length === 0) continue;
    const router = city.model.routers.at(profile, t);
    let at: SnappedPoint;
    try {
      at = router.snap([call.lon, call.lat], 'location');
    } catch {
      continue; // no road of this profile near the call: its units cannot reach it
    }
    callRoad ??= [at.lon, at.lat];
    const points: RoadPoint[] = mine.map((u) => roadPointOf(u));
    const etas = etasToCall(router, points, at, Math.min(best, mine.length));
    mine.forEach((u, i) => {
      if (etas[i] < Infinity) ranked.push({ unit: u, eta: etas[i] });
    });
  }
  if (callRoad === null && units.length > 0) throw new ReportError('location', `(${call.lon}, ${call.lat}) is not near any road the eligible units use`);
  // Exact for each profile's `best` fastest, so the overall `best` fastest are exact too.
  ranked.sort((a, b) => a.eta - b.eta || (a.unit.id < b.unit.id ? -1 : 1));
  const top = ranked.slice(0, best);
  // Coverage now and without each unit, at the same instant (fix ages alike).
  const impact = rings.impactOf(top.map((x) => x.unit.id));
  return {
    call: { lon: call.lon, lat: call.lat, road: callRoad },
    eligible: units.length,
    units: top.map(({ unit, eta }, i) => ({
      unitId: unit.id,
      name: unit.name,
      kind: unit.kind,
      etaS: Math.round(eta * 10) / 10,
      fixAgeS: Math.round((now - (unit.fix?.time ?? now)) / 100) / 10,
      coverageIfSent: loss(rings, impact.now, impact.without[i]),
    })),
  };
}

/** Coverage without one unit, against the coverage now (both of the impact model: 3 minutes). */
function loss(rings: LiveRings, base: CoverageResult, without: CoverageResult): CoverageLoss {
  const nT = 1, k = 0; // the impact model measures IMPACT_SECONDS only
  const { zones, lines, points } = rings.targets;
  const change = (a: Float64Array, b: Float64Array, i: number) => b[i * nT + k] - a[i * nT + k];
  return {
    road180: without.road[k],
    road180Change: without.road[k] - base.road[k],
    zones: zones.map((z, i) => ({ id: z.id, within180: without.zones[i * nT + k], change: change(base.zones, without.zones, i) })).filter((z) => z.change < -EPS),
    lines: lines.map((l, i) => ({ id: l.id, within180: without.lines[i * nT + k], change: change(base.lines, without.lines, i) })).filter((l) => l.change < -EPS),
    points: points.filter((_, i) => base.points[i] <= IMPACT_SECONDS && !(without.points[i] <= IMPACT_SECONDS)).map((p) => p.id),
  };
}
