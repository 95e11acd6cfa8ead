// Timing of the coverage engine for the benchmark suite: builds the procedural city, places
// random car units, and reports the median milliseconds of `measure` beside the plain baseline
// (a bounded multi-source Dijkstra over the full graph, which alone is too slow to run every
// simulated minute), plus the one-off build and the hourly `setCosts`. Pure: no output, no files.

import { generateCity } from '../build/city-generator.ts';
import { buildRoadGraph } from '../graph/build-graph.ts';
import { DEFAULT_PROFILES } from '../graph/profiles.ts';
import { FREE_FLOW } from '../graph/time-of-day.ts';
import { computeTravelCosts } from '../graph/travel-costs.ts';
import { createRandom } from '../random.ts';
import { segmentIndexOf } from '../routing/context.ts';
import { Router } from '../routing/router.ts';
import type { SnappedPoint } from '../routing/snap.ts';
import { CoverageModel, DEFAULT_THRESHOLDS } from './model.ts';

export interface CoverageBenchOptions {
  seed?: number;
  /** size of the procedural city (default 40,000 nodes, like the default scenario) */
  targetNodes?: number;
  /** car units per measure (default 25) */
  units?: number;
  /** timed measures (default 200) */
  runs?: number;
  thresholds?: readonly number[];
}

export interface CoverageBenchResult {
  nodes: number;
  edges: number;
  coreNodes: number;
  chains: number;
  units: number;
  runs: number;
  /** medians in milliseconds */
  measureMs: number;
  dijkstraMs: number;
  setCostsMs: number;
  /** one-off model construction (chains, costs, no targets), milliseconds */
  buildMs: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export function benchCoverage(o: CoverageBenchOptions = {}): CoverageBenchResult {
  const seed = o.seed ?? 3, units = o.units ?? 25, runs = o.runs ?? 200;
  const thresholds = o.thresholds ?? DEFAULT_THRESHOLDS;
  const graph = buildRoadGraph(generateCity({ seed, targetNodes: o.targetNodes ?? 40_000 }).input);
  const noon = computeTravelCosts(graph, 'car', DEFAULT_PROFILES.car, FREE_FLOW, (12 * 3600) as never);
  const router = new Router(graph, noon, segmentIndexOf(graph));
  const t0 = performance.now();
  const model = new CoverageModel(graph, { car: noon }, {}, { thresholds });
  const buildMs = performance.now() - t0;
  const rnd = createRandom(seed);
  const pick = (): SnappedPoint[] => {
    const out: SnappedPoint[] = [];
    while (out.length < units) {
      const u = rnd.int(0, graph.nodeCount - 1);
      try {
        out.push(router.snap([graph.lon[u] + rnd.uniform(-2e-4, 2e-4), graph.lat[u] + rnd.uniform(-2e-4, 2e-4)]));
      } catch {
        // a node only another profile may use: draw again
      }
    }
    return out;
  };
  const sets = Array.from({ length: runs }, pick);
  const cutoff = thresholds[thresholds.length - 1];
  // Warm-up so the JIT has compiled the hot loops before timing.
  for (let i = 0; i < Math.min(30, runs); i++) {
    model.measure([{ profile: 'car', positions: sets[i] }]);
    router.labelView(sets[i], cutoff);
  }
  const measureMs: number[] = [], dijkstraMs: number[] = [], setCostsMs: number[] = [];
  const result = model.measure([{ profile: 'car', positions: sets[0] }]);
  // Each in its own loop, so neither runs with caches the other has just emptied.
  for (const positions of sets) {
    const t = performance.now();
    model.measure([{ profile: 'car', positions }], result);
    measureMs.push(performance.now() - t);
  }
  for (const positions of sets) {
    const t = performance.now();
    router.labelView(positions, cutoff);
    dijkstraMs.push(performance.now() - t);
  }
  const rush = computeTravelCosts(graph, 'car', DEFAULT_PROFILES.car, FREE_FLOW, (8 * 3600) as never);
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    model.setCosts({ car: i % 2 ? noon : rush });
    setCostsMs.push(performance.now() - t);
  }
  const core = model.coreSize;
  return {
    nodes: graph.nodeCount,
    edges: graph.edgeCount,
    coreNodes: core.nodes,
    chains: core.chains,
    units,
    runs,
    measureMs: median(measureMs),
    dijkstraMs: median(dijkstraMs),
    setCostsMs: median(setCostsMs),
    buildMs,
  };
}
