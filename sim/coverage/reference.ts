// The plain, obviously correct coverage the tests compare CoverageModel with: node labels by an
// unbounded multi-source search over the full graph (Router.label), the per-segment road-time
// field and reach sums of sim/rings, and target membership computed here on its own (zone
// midpoints tested in degrees, line distances by brute force). Slow; for tests only.

import { profileBit, type ProfileName } from '../../shared/roads.ts';
import { pointInPolygon } from '../geo/polygon.ts';
import { networkLengthMeters, type RoadGraph } from '../graph/road-graph.ts';
import type { TravelCosts } from '../graph/travel-costs.ts';
import { summarizeMergedReach, summarizeReach } from '../rings/reach.ts';
import { RoadTimeField } from '../rings/road-times.ts';
import { segmentIndexOf } from '../routing/context.ts';
import { Router } from '../routing/router.ts';
import type { SnappedPoint } from '../routing/snap.ts';
import type { CostsByProfile, CoverageTargets, UnitGroup } from './model.ts';

export interface ReferenceCoverage {
  roadMeters: number[];
  road: number[];
  hotspots: number[];
  zones: number[][];
  lines: number[][];
  /** unbounded seconds (the model reports Infinity beyond its largest threshold) */
  points: number[];
  zoneEdges: number[][];
  lineEdges: number[][];
}

const canonical = (g: RoadGraph, e: number): number => {
  const r = g.edgeReverse[e];
  return r >= 0 && r < e ? r : e;
};

/** Segments (canonical edges) open to any of the profiles by the graph's access masks. */
function openSegments(g: RoadGraph, mask: number): number[] {
  const out: number[] = [];
  for (let e = 0; e < g.edgeCount; e++) {
    if (canonical(g, e) !== e) continue;
    const r = g.edgeReverse[e];
    if (((g.edgeAccess[e] | (r >= 0 ? g.edgeAccess[r] : 0)) & mask) !== 0) out.push(e);
  }
  return out;
}

function metresToLine(g: RoadGraph, line: readonly (readonly [number, number])[], n: number): number {
  const p = g.projection;
  const px = (g.lon[n] - p.lon0) * p.mPerDegLon, py = (g.lat[n] - p.lat0) * p.mPerDegLat;
  let best = Infinity;
  for (let i = 0; i + 1 < line.length; i++) {
    const ax = (line[i][0] - p.lon0) * p.mPerDegLon, ay = (line[i][1] - p.lat0) * p.mPerDegLat;
    const bx = (line[i + 1][0] - p.lon0) * p.mPerDegLon, by = (line[i + 1][1] - p.lat0) * p.mPerDegLat;
    // Closest point of each piece by orthogonal projection, clamped to the piece.
    const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
    best = Math.min(best, Math.hypot(ax + t * dx - px, ay + t * dy - py));
  }
  return best;
}

export function referenceCoverage(
  g: RoadGraph,
  costs: CostsByProfile,
  targets: CoverageTargets,
  thresholds: readonly number[],
  groups: readonly UnitGroup[],
  opts: { lineBufferMeters?: number; snapMaxMeters?: number } = {},
): ReferenceCoverage {
  const profiles = (Object.keys(costs) as ProfileName[]).filter((p) => costs[p] !== undefined);
  let mask = 0;
  for (const p of profiles) mask |= profileBit(p);
  const index = segmentIndexOf(g);
  const routers = new Map<ProfileName, Router>();
  for (const p of profiles) routers.set(p, new Router(g, costs[p] as TravelCosts, index, opts.snapMaxMeters ?? 500));
  const byProfile = new Map<ProfileName, SnappedPoint[]>();
  for (const grp of groups) {
    const list = byProfile.get(grp.profile) ?? [];
    list.push(...(grp.positions as SnappedPoint[]));
    byProfile.set(grp.profile, list);
  }
  const fields: RoadTimeField[] = [];
  for (const [p, positions] of byProfile) {
    if (positions.length === 0) continue;
    const router = routers.get(p) as Router;
    fields.push(new RoadTimeField(g, router.costs, router.label(positions).seconds, positions));
  }
  const reach = (segs: Uint32Array | null): number[] => {
    if (fields.length === 0) return thresholds.map(() => 0);
    if (fields.length === 1) return Array.from(summarizeReach(fields[0], thresholds, segs ?? fields[0].segments).meters);
    return Array.from(summarizeMergedReach(fields, thresholds, fields.map((f) => segs ?? f.segments)).meters);
  };
  const network = networkLengthMeters(g, mask);
  const roadMeters = reach(null);
  const open = openSegments(g, mask);
  const lengthOf = (segs: number[]) => segs.reduce((s, e) => s + g.edgeLength[e], 0);

  const zoneEdges = (targets.zones ?? []).map((z) => {
    const rings = z.geometry.coordinates.map((ring) => Float64Array.from(ring.flatMap(([lon, lat]) => [lon, lat])));
    return open.filter((e) => {
      const u = g.edgeFrom[e], v = g.edgeTo[e];
      return pointInPolygon(rings, (g.lon[u] + g.lon[v]) / 2, (g.lat[u] + g.lat[v]) / 2);
    });
  });
  const buffer = opts.lineBufferMeters ?? 25;
  const lineEdges = (targets.lines ?? []).map((l) =>
    open.filter((e) => metresToLine(g, l.geometry.coordinates, g.edgeFrom[e]) <= buffer && metresToLine(g, l.geometry.coordinates, g.edgeTo[e]) <= buffer),
  );
  const shares = (segs: number[]) => {
    const m = reach(Uint32Array.from(segs));
    const total = lengthOf(segs);
    return m.map((x) => x / total);
  };

  // Hotspots and points: snapped per profile; time = road time there + off-road leg, least over profiles.
  const timeTo = (lonlat: readonly [number, number]): number => {
    let best = Infinity;
    fields.forEach((f) => {
      const router = routers.get(f.costs.profile) as Router;
      let s: SnappedPoint;
      try {
        s = router.snap(lonlat);
      } catch {
        return;
      }
      best = Math.min(best, f.timeAt(s.edge, s.t) + s.offRoadSeconds);
    });
    return best;
  };
  const spots = (targets.hotspots ?? []).map((h) => ({ w: h.weight, sec: timeTo([h.lon, h.lat]) }));
  const totalW = spots.reduce((s, h) => s + h.w, 0);
  return {
    roadMeters,
    road: roadMeters.map((m) => m / network),
    hotspots: thresholds.map((L) => (totalW > 0 ? spots.filter((h) => h.sec <= L).reduce((s, h) => s + h.w, 0) / totalW : 0)),
    zones: zoneEdges.map(shares),
    lines: lineEdges.map(shares),
    points: (targets.points ?? []).map((p) => timeTo(p.geometry.coordinates)),
    zoneEdges,
    lineEdges,
  };
}
