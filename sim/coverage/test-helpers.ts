// Helpers shared by the coverage tests: travel costs, points on the road, and the comparison of
// a model result with the reference (shares to 1e-9 relative, point times where within reach).

import { expect } from 'vitest';
import { DEFAULT_PROFILES } from '../graph/profiles.ts';
import type { ProfileName } from '../../shared/roads.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import { FREE_FLOW } from '../graph/time-of-day.ts';
import { computeTravelCosts, type TravelCosts } from '../graph/travel-costs.ts';
import type { SnappedPoint } from '../routing/snap.ts';
import type { CoverageResult } from './model.ts';
import type { ReferenceCoverage } from './reference.ts';

const NOON = 12 * 3600;

export function costsFor(g: RoadGraph, profile: ProfileName, opts: { at?: number; closed?: Uint8Array; slow?: number } = {}): TravelCosts {
  const c = computeTravelCosts(g, profile, DEFAULT_PROFILES[profile], FREE_FLOW, (opts.at ?? NOON) as never, opts.closed);
  if (opts.slow !== undefined) for (let e = 0; e < c.edgeSeconds.length; e++) c.edgeSeconds[e] *= opts.slow;
  return c;
}

/** A point on canonical edge e at fraction t, with an off-road leg. */
export function onRoad(g: RoadGraph, e: number, t: number, off = 0): SnappedPoint {
  const a = g.edgeFrom[e], b = g.edgeTo[e];
  return { edge: e, t, distance: off * 1.4, offRoadSeconds: off, lon: g.lon[a] + t * (g.lon[b] - g.lon[a]), lat: g.lat[a] + t * (g.lat[b] - g.lat[a]), input: [0, 0] };
}

export const rel = (a: number, b: number, tol = 1e-9): boolean =>
  a === b || (Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b)));

/** Asserts the model's result equals the reference (shares to 1e-9, times where within Lmax). */
export function expectSame(got: CoverageResult, ref: ReferenceCoverage, thresholds: readonly number[], what = ''): void {
  const Lmax = thresholds[thresholds.length - 1];
  const nT = thresholds.length;
  thresholds.forEach((_, k) => {
    expect(rel(got.roadMeters[k], ref.roadMeters[k], 1e-9), `${what} road metres[${k}] ${got.roadMeters[k]} vs ${ref.roadMeters[k]}`).toBe(true);
    expect(rel(got.road[k], ref.road[k]), `${what} road share[${k}] ${got.road[k]} vs ${ref.road[k]}`).toBe(true);
    expect(rel(got.hotspots[k], ref.hotspots[k]), `${what} hotspots[${k}] ${got.hotspots[k]} vs ${ref.hotspots[k]}`).toBe(true);
  });
  ref.zones.forEach((z, i) => z.forEach((v, k) => expect(rel(got.zones[i * nT + k], v), `${what} zone ${i} [${k}] ${got.zones[i * nT + k]} vs ${v}`).toBe(true)));
  ref.lines.forEach((l, i) => l.forEach((v, k) => expect(rel(got.lines[i * nT + k], v), `${what} line ${i} [${k}] ${got.lines[i * nT + k]} vs ${v}`).toBe(true)));
  ref.points.forEach((v, i) => {
    if (v <= Lmax * (1 - 1e-9)) expect(rel(got.points[i], v), `${what} point ${i}: ${got.points[i]} vs ${v}`).toBe(true);
    else if (v > Lmax * (1 + 1e-9)) expect(got.points[i], `${what} point ${i} beyond Lmax`).toBe(Infinity);
  });
}

