// The simulator's view of a scenario: units with their profiles, shifts in seconds and resolved
// assignments (zone road sets, line loops, snapped points and posts), and routers per profile
// and hour of day. Everything a run needs that does not change during the run is built here once;
// problems a schema cannot see (a post far from any road the unit may use, a zone without roads
// for that unit, a line that cannot be driven as a loop) are reported with their field path.

import { KIND_PROFILE, type PolicyFile, type UnitFile, type UnitKind } from '../../shared/fleet-schema.ts';
import type { ProfileName } from '../../shared/roads.ts';
import type { LngLat } from '../../shared/units.ts';
import { pointInPolygon, polygonBBox, type FlatPolygon } from '../geo/polygon.ts';
import { closureMask, projectPolygon, type Closures } from '../graph/closures.ts';
import type { ProfileTable } from '../graph/profiles.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import type { TimeOfDayTable } from '../graph/time-of-day.ts';
import { computeTravelCosts, type TravelCosts } from '../graph/travel-costs.ts';
import { segmentIndexOf } from '../routing/context.ts';
import { Router } from '../routing/router.ts';
import { SnapError, type SnappedPoint } from '../routing/snap.ts';
import { clockMinutes, shiftSpan } from '../scenario/check-fleet.ts';

export interface SimScenarioInput {
  graph: RoadGraph;
  profiles: ProfileTable;
  timeOfDay: TimeOfDayTable;
  snapMaxMeters: number;
  closures?: Closures;
  stations: readonly { id: string; name: string; lon: number; lat: number }[];
  patrolZones: readonly { id: string; name: string; geometry: { coordinates: LngLat[][] } }[];
  patrolLines: readonly { id: string; name: string; geometry: { coordinates: LngLat[] } }[];
  patrolPoints: readonly { id: string; name: string; geometry: { coordinates: LngLat }; dwellMinutes: number }[];
  units: readonly UnitFile[];
  policy?: PolicyFile;
}

export interface SimProblem {
  path: string;
  reason: string;
}

export class SimSetupError extends Error {
  constructor(readonly problems: readonly SimProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.reason}`).join('\n'));
    this.name = 'SimSetupError';
  }
}

export type ResolvedAssignment =
  | { type: 'zone'; zone: number }
  | { type: 'line'; line: number }
  | { type: 'points'; points: number[]; dwellSeconds: number[] }
  | { type: 'post'; at: SnappedPoint }
  | { type: 'station'; at: SnappedPoint };

export interface ModelUnit {
  index: number;
  id: string;
  name: string;
  kind: UnitKind;
  profile: ProfileName;
  station: number;
  /** where the unit starts each shift */
  home: SnappedPoint;
  /** on-duty windows as [start, end) seconds from the midnight of the start day (end may pass 86400); null = always */
  shifts: [number, number][] | null;
  /** breaks as [start, seconds] from the midnight of their shift's start day */
  breaks: [number, number][];
  assignment: ResolvedAssignment;
}

export interface ModelZone {
  id: string;
  name: string;
  poly: FlatPolygon;
  /** 1 for each directed edge whose segment midpoint lies inside */
  edgeInside: Uint8Array;
  /** canonical segments inside, and their total length */
  segments: Int32Array;
  meters: number;
}

export interface ModelLine {
  id: string;
  name: string;
  /** per profile, the loop as directed edges with cumulative seconds at the first hour used (built on demand) */
  loops: Map<ProfileName, number[]>;
}

export interface ModelPoint {
  id: string;
  name: string;
  at: LngLat;
  dwellSeconds: number;
}

function sameCosts(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Routers per profile and hour of day (travel costs change with the hour; closures are fixed). */
export class RouterSet {
  private readonly cache = new Map<string, Router>();
  private readonly closed: Uint8Array;

  constructor(
    readonly graph: RoadGraph,
    readonly profiles: ProfileTable,
    readonly timeOfDay: TimeOfDayTable,
    readonly snapMaxMeters: number,
    closures?: Closures,
  ) {
    this.closed = closureMask(graph, closures);
  }

  /** The router for a profile at simulation time t (seconds; the hour of day is t mod 86400). */
  at(profile: ProfileName, t: number): Router {
    const hour = Math.floor((((t % 86400) + 86400) % 86400) / 3600);
    const key = `${profile}:${hour}`;
    let r = this.cache.get(key);
    if (!r) {
      // Costs at the middle of the hour: the factors are hourly anyway.
      const costs = computeTravelCosts(this.graph, profile, this.profiles[profile], this.timeOfDay, (hour * 3600 + 1800) as never, this.closed);
      // An hour with the same costs as another (a flat time-of-day profile, the small hours)
      // shares its router, so everything cached per cost array is built once.
      for (let h = 0; h < 24 && !r; h++) {
        const other = this.cache.get(`${profile}:${h}`);
        if (other && sameCosts(other.costs.edgeSeconds, costs.edgeSeconds)) r = other;
      }
      r ??= new Router(this.graph, costs, segmentIndexOf(this.graph), this.snapMaxMeters);
      this.cache.set(key, r);
    }
    return r;
  }

  costsAt(profile: ProfileName, t: number): TravelCosts {
    return this.at(profile, t).costs;
  }
}


export interface SimModel {
  graph: RoadGraph;
  routers: RouterSet;
  units: ModelUnit[];
  stations: SimScenarioInput['stations'];
  zones: ModelZone[];
  lines: ModelLine[];
  points: ModelPoint[];
  lineInput: SimScenarioInput['patrolLines'];
  policy: Required<Pick<PolicyFile, 'callProcessingSeconds' | 'divertForPriority1'>> & PolicyFile;
  profilesUsed: ProfileName[];
}

function buildZone(g: RoadGraph, z: SimScenarioInput['patrolZones'][number]): ModelZone {
  const poly = projectPolygon(g, z.geometry.coordinates);
  const [x0, y0, x1, y1] = polygonBBox(poly);
  const edgeInside = new Uint8Array(g.edgeCount);
  // Candidates from the segment index (canonical edges whose box meets the zone's box), so a
  // city with many zones does not scan every edge once per zone.
  const idx = segmentIndexOf(g);
  const segs: number[] = [];
  let meters = 0;
  for (const item of idx.index.search(x0, y0, x1, y1)) {
    const e = idx.itemEdge[item];
    if (e === undefined) continue;
    const a = g.edgeFrom[e], b = g.edgeTo[e];
    if (!pointInPolygon(poly, (g.x[a] + g.x[b]) / 2, (g.y[a] + g.y[b]) / 2)) continue;
    edgeInside[e] = 1;
    const r = g.edgeReverse[e];
    if (r >= 0) edgeInside[r] = 1;
    segs.push(e);
  }
  segs.sort((p, q) => p - q);
  for (const e of segs) meters += g.edgeLength[e];
  return { id: z.id, name: z.name, poly, edgeInside, segments: Int32Array.from(segs), meters };
}

/** Builds the model; throws SimSetupError listing every problem. */
export function buildSimModel(input: SimScenarioInput): SimModel {
  const g = input.graph;
  const problems: SimProblem[] = [];
  const routers = new RouterSet(g, input.profiles, input.timeOfDay, input.snapMaxMeters, input.closures);
  const zones = input.patrolZones.map((z) => buildZone(g, z));
  const zoneIndex = new Map(zones.map((z, i) => [z.id, i]));
  const lineIndex = new Map(input.patrolLines.map((l, i) => [l.id, i]));
  const points = input.patrolPoints.map((p) => ({ id: p.id, name: p.name, at: p.geometry.coordinates, dwellSeconds: p.dwellMinutes * 60 }));
  const pointIndex = new Map(points.map((p, i) => [p.id, i]));
  const stationIndex = new Map(input.stations.map((s, i) => [s.id, i]));

  const snapFor = (profile: ProfileName, p: LngLat, path: string): SnappedPoint | null => {
    try {
      return routers.at(profile, 0).snap(p, path);
    } catch (err) {
      if (err instanceof SnapError) {
        problems.push({ path, reason: err.message.replace(/^[^:]*: /, '') });
        return null;
      }
      throw err;
    }
  };

  const units: ModelUnit[] = [];
  input.units.forEach((u, i) => {
    const at = `units[${i}]`;
    const profile = KIND_PROFILE[u.kind];
    const st = stationIndex.get(u.station);
    if (st === undefined) {
      problems.push({ path: `${at}.station`, reason: `no station with id "${u.station}"` });
      return;
    }
    const station = input.stations[st];
    const home = snapFor(profile, [station.lon, station.lat], `${at}.station (${u.station}, for ${profile})`);
    let assignment: ResolvedAssignment | null = null;
    const a = u.assignment;
    if (a.type === 'zone') {
      const z = zoneIndex.get(a.zone);
      if (z === undefined) problems.push({ path: `${at}.assignment.zone`, reason: `no patrol zone with id "${a.zone}"` });
      else {
        const w = routers.costsAt(profile, 0).edgeSeconds;
        let usable = 0;
        for (const e of zones[z].segments) {
          const r = g.edgeReverse[e];
          if (w[e] !== Infinity || (r >= 0 && w[r] !== Infinity)) usable++;
        }
        if (usable === 0) problems.push({ path: `${at}.assignment.zone`, reason: `zone "${a.zone}" has no road a ${u.kind} unit (${profile}) may use` });
        else assignment = { type: 'zone', zone: z };
      }
    } else if (a.type === 'line') {
      const l = lineIndex.get(a.line);
      if (l === undefined) problems.push({ path: `${at}.assignment.line`, reason: `no patrol line with id "${a.line}"` });
      else assignment = { type: 'line', line: l };
    } else if (a.type === 'points') {
      const idx: number[] = [], dwell: number[] = [];
      a.points.forEach((id, j) => {
        const p = pointIndex.get(id);
        if (p === undefined) problems.push({ path: `${at}.assignment.points[${j}]`, reason: `no patrol point with id "${id}"` });
        else {
          snapFor(profile, points[p].at, `${at}.assignment.points[${j}] (${id}, for ${profile})`);
          idx.push(p);
          dwell.push(a.dwellMinutes !== undefined ? a.dwellMinutes * 60 : points[p].dwellSeconds);
        }
      });
      assignment = { type: 'points', points: idx, dwellSeconds: dwell };
    } else if (a.type === 'post') {
      const p = snapFor(profile, [a.lon, a.lat], `${at}.assignment (post, for ${profile})`);
      if (p) assignment = { type: 'post', at: p };
    } else if (home) assignment = { type: 'station', at: home };

    let shifts: [number, number][] | null = null;
    const breaks: [number, number][] = [];
    if (u.shifts && u.shifts.length > 0) {
      shifts = [];
      for (const s of u.shifts) {
        const span = shiftSpan(clockMinutes(s.start) ?? 0, clockMinutes(s.end) ?? 0);
        shifts.push([span[0] * 60, span[1] * 60]);
        for (const b of s.breaks ?? []) {
          const bs = clockMinutes(b.start) ?? 0;
          breaks.push([(bs >= span[0] ? bs : bs + 1440) * 60, b.minutes * 60]);
        }
      }
    }
    if (home && assignment) {
      units.push({ index: units.length, id: u.id, name: u.name ?? u.id, kind: u.kind, profile, station: st, home, shifts, breaks, assignment });
    }
  });
  if (problems.length > 0) throw new SimSetupError(problems);
  const policy = input.policy ?? {};
  return {
    graph: g,
    routers,
    units,
    stations: input.stations,
    zones,
    lines: input.patrolLines.map((l) => ({ id: l.id, name: l.name, loops: new Map() })),
    lineInput: input.patrolLines,
    points,
    policy: {
      ...policy,
      callProcessingSeconds: policy.callProcessingSeconds ?? 60,
      divertForPriority1: policy.divertForPriority1 ?? true,
    },
    profilesUsed: [...new Set(units.map((u) => u.profile))],
  };
}

/** Index of the first zone containing the position, or -1. */
export function zoneAt(model: SimModel, lon: number, lat: number): number {
  const g = model.graph;
  const x = (lon - g.projection.lon0) * g.projection.mPerDegLon, y = (lat - g.projection.lat0) * g.projection.mPerDegLat;
  for (let i = 0; i < model.zones.length; i++) if (pointInPolygon(model.zones[i].poly, x, y)) return i;
  return -1;
}
