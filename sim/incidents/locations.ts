// Where model calls happen: a mixture of hotspots and a background spread over the road network.
// A call goes to hotspot i with probability weight_i / total and to the background with
// backgroundWeight / total (total = all hotspot weights + backgroundWeight).
//
// - Hotspot: uniform in the disc of radiusMeters around the centre (r = R·√U, θ = 2πV), in the
//   graph's local metric projection. Every hotspot call is within the radius; the mean distance
//   from the centre is 2R/3. Hotspot calls may fall off the road; dispatch snaps them.
// - Background: a road segment chosen with probability proportional to its length, then a
//   uniform point along it. So background calls per km of road are the same everywhere: dense
//   street grids get more calls than arterials through empty land, as they do in practice.
//   Each two-way segment counts once, and only segments the profile mask allows (cars by
//   default) count, so calls do not land on footpaths cars cannot reach.

import type { Hotspot } from '../../shared/incident-schema.ts';
import { profileBit } from '../../shared/roads.ts';
import { projectX, projectY, unprojectLat, unprojectLon } from '../geo/projection.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import type { Random } from '../random.ts';
import { Categorical } from './sampling.ts';

/** The road network that background calls are spread over. */
export interface IncidentSpace {
  graph: RoadGraph;
  /** edges whose `edgeAccess` shares a bit with this mask count (default: cars) */
  profileMask?: number;
}

export interface CallPlace {
  lon: number;
  lat: number;
  /** projected metres in the graph's local projection */
  x: number;
  y: number;
  /** index of the hotspot, or -1 for a background call */
  hotspot: number;
  /** the road segment (a directed edge id) of a background call, or -1 */
  edge: number;
}

/** Canonical road segments usable under a mask, with a cumulative length table for sampling. */
export interface RoadLengthTable {
  /** one directed edge id per segment */
  edges: Uint32Array;
  /** cum[i] = total length of edges[0..i], metres */
  cum: Float64Array;
  totalMeters: number;
}

/**
 * Each segment once: edge e counts unless its reverse also passes the mask and has a smaller id
 * (the same rule as networkLengthMeters, so one-way streets count through their usable direction).
 */
export function roadLengthTable(g: RoadGraph, profileMask: number): RoadLengthTable {
  const edges: number[] = [];
  for (let e = 0; e < g.edgeCount; e++) {
    if ((g.edgeAccess[e] & profileMask) === 0) continue;
    const r = g.edgeReverse[e];
    if (r >= 0 && r < e && (g.edgeAccess[r] & profileMask) !== 0) continue;
    if (g.edgeLength[e] > 0) edges.push(e);
  }
  const cum = new Float64Array(edges.length);
  let s = 0;
  edges.forEach((e, i) => {
    s += g.edgeLength[e];
    cum[i] = s;
  });
  return { edges: Uint32Array.from(edges), cum, totalMeters: s };
}

export class IncidentSpaceError extends Error {
  override readonly name = 'IncidentSpaceError';
}

export interface LocationSampler {
  sample(rng: Random): CallPlace;
  /** probability of each hotspot, then of the background (last entry) */
  readonly shares: readonly number[];
  readonly roads: RoadLengthTable;
}

export function createLocationSampler(
  hotspots: readonly Hotspot[],
  backgroundWeight: number,
  space: IncidentSpace,
): LocationSampler {
  const g = space.graph;
  const roads = roadLengthTable(g, space.profileMask ?? profileBit('car'));
  if (backgroundWeight > 0 && roads.totalMeters === 0) {
    throw new IncidentSpaceError('backgroundWeight is above 0 but the road network has no road the profile mask allows');
  }
  const weights = [...hotspots.map((h) => h.weight), backgroundWeight];
  if (!(weights.reduce((a, b) => a + b, 0) > 0)) {
    throw new IncidentSpaceError('hotspot weights and backgroundWeight are all 0; calls would have nowhere to happen');
  }
  const which = new Categorical(weights);
  const centres = hotspots.map((h) => [projectX(g.projection, h.lon), projectY(g.projection, h.lat)] as const);
  const last = roads.edges.length - 1;

  const sample = (rng: Random): CallPlace => {
    const k = which.sample(rng);
    if (k < hotspots.length) {
      const r = hotspots[k].radiusMeters * Math.sqrt(rng.next());
      const a = 2 * Math.PI * rng.next();
      const x = centres[k][0] + r * Math.cos(a);
      const y = centres[k][1] + r * Math.sin(a);
      return { x, y, lon: unprojectLon(g.projection, x), lat: unprojectLat(g.projection, y), hotspot: k, edge: -1 };
    }
    const u = rng.next() * roads.totalMeters;
    let lo = 0, hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (roads.cum[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    const e = roads.edges[lo];
    const a = g.edgeFrom[e], b = g.edgeTo[e];
    const f = rng.next();
    const x = g.x[a] + f * (g.x[b] - g.x[a]);
    const y = g.y[a] + f * (g.y[b] - g.y[a]);
    return { x, y, lon: unprojectLon(g.projection, x), lat: unprojectLat(g.projection, y), hotspot: -1, edge: e };
  };

  return { sample, shares: weights.map((w) => w / which.total), roads };
}
