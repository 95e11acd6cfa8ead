// Timing of the rings pipeline for the benchmark suite: builds (or takes) a city, then times
// `buildRings` from random origins and reports medians per stage. Pure: no output, no files.

import { generateCity } from '../build/city-generator.ts';
import { buildRoadGraph } from '../graph/build-graph.ts';
import { DEFAULT_PROFILES } from '../graph/profiles.ts';
import type { RoadInput } from '../graph/road-input.ts';
import { buildSegmentIndex } from '../graph/segment-index.ts';
import { FREE_FLOW } from '../graph/time-of-day.ts';
import { computeTravelCosts } from '../graph/travel-costs.ts';
import { createRandom } from '../random.ts';
import { Router } from '../routing/router.ts';
import type { SnappedPoint } from '../routing/snap.ts';
import type { RingsOptions } from './options.ts';
import { buildRings } from './rings.ts';

export interface RingsBenchmarkOptions {
  /** road network to use; default the procedural city of about `targetNodes` nodes */
  input?: RoadInput;
  targetNodes?: number;
  /** origins per query (1 = single-unit rings; 500 = city-wide merged rings) */
  origins: number;
  minutes?: number[];
  runs?: number;
  seed?: number;
  rings?: RingsOptions;
}

export interface RingsBenchmarkResult {
  nodes: number;
  edges: number;
  origins: number;
  runs: number;
  /** medians in milliseconds */
  labelMs: number;
  fieldMs: number;
  contourMs: number;
  totalMs: number;
  cellMeters: number;
  cells: number;
  vertices: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export function runRingsBenchmark(o: RingsBenchmarkOptions): RingsBenchmarkResult {
  const input = o.input ?? generateCity({ seed: o.seed ?? 1, targetNodes: o.targetNodes ?? 40_000 }).input;
  const graph = buildRoadGraph(input);
  const costs = computeTravelCosts(graph, 'car', DEFAULT_PROFILES.car, FREE_FLOW, (12 * 3600) as never);
  const router = new Router(graph, costs, buildSegmentIndex(graph));
  const rnd = createRandom(o.seed ?? 1);
  // Origins a few metres off random nodes, so each snaps (as a unit on the street would).
  const pick = (): SnappedPoint[] => {
    const out: SnappedPoint[] = [];
    while (out.length < o.origins) {
      const u = rnd.int(0, graph.nodeCount - 1);
      try {
        out.push(router.snap([graph.lon[u] + rnd.uniform(-2e-4, 2e-4), graph.lat[u] + rnd.uniform(-2e-4, 2e-4)]));
      } catch {
        // a node only some other profile may use: draw again
      }
    }
    return out;
  };
  const runs = o.runs ?? 15;
  const minutes = o.minutes ?? [1, 3, 5];
  // Warm-up so the JIT has compiled the hot loops before timing.
  for (let i = 0; i < 3; i++) buildRings(router, pick(), minutes, o.rings);
  const label: number[] = [], field: number[] = [], contour: number[] = [], total: number[] = [];
  let cellMeters = 0, cells = 0, vertices = 0;
  for (let i = 0; i < runs; i++) {
    const origins = pick();
    const r = buildRings(router, origins, minutes, o.rings);
    label.push(r.timings.labelMs);
    field.push(r.timings.fieldMs);
    contour.push(r.timings.contourMs);
    total.push(r.timings.totalMs);
    cellMeters = r.cellMeters;
    cells = r.grid ? r.grid.cols * r.grid.rows : 0;
    vertices = 0;
    for (const f of r.geojson.features) {
      const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const p of polys) for (const ring of p) vertices += ring.length;
    }
  }
  return {
    nodes: graph.nodeCount,
    edges: graph.edgeCount,
    origins: o.origins,
    runs,
    labelMs: median(label),
    fieldMs: median(field),
    contourMs: median(contour),
    totalMs: median(total),
    cellMeters,
    cells,
    vertices,
  };
}
