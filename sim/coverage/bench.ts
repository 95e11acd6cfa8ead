// Timing of the coverage engine for the benchmark suite: builds the procedural city, places
// random units of each profile, and reports the median milliseconds of `measure` beside the plain
// baseline (a bounded multi-source Dijkstra over the full graph per profile, which alone is too
// slow to run every simulated minute), plus the one-off build and the hourly `setCosts`. The
// targets resemble a real scenario (zones, lines along roads, points, hotspots). Pure: no output,
// no files.

import { PROFILES, type ProfileName } from '../../shared/roads.ts';
import type { LngLat } from '../../shared/units.ts';
import { generateCity } from '../build/city-generator.ts';
import { buildRoadGraph } from '../graph/build-graph.ts';
import { DEFAULT_PROFILES } from '../graph/profiles.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import { FREE_FLOW } from '../graph/time-of-day.ts';
import { computeTravelCosts, type TravelCosts } from '../graph/travel-costs.ts';
import { createRandom, type Random } from '../random.ts';
import { segmentIndexOf } from '../routing/context.ts';
import { Router } from '../routing/router.ts';
import type { SnappedPoint } from '../routing/snap.ts';
import { CoverageModel, DEFAULT_THRESHOLDS, type CostsByProfile, type CoverageTargets, type UnitGroup } from './model.ts';

/** Units per profile. */
export type Fleet = Partial<Record<ProfileName, number>>;

/** The available units of the default city at a typical minute. */
export const MIXED_FLEET: Fleet = { car: 12, ebike: 3, foot: 8 };

export interface CoverageBenchOptions {
  seed?: number;
  /** size of the procedural city (default 40,000 nodes, like the default scenario) */
  targetNodes?: number;
  /** car units per measure when no fleet is given (default 25) */
  units?: number;
  /** units per profile (overrides `units`), e.g. MIXED_FLEET */
  fleet?: Fleet;
  /** 'scenario' (default): 9 zones, 5 lines, 14 points, 5 hotspots; 'none': road share only */
  targets?: 'scenario' | 'none';
  /** timed measures (default 200) */
  runs?: number;
  thresholds?: readonly number[];
}

export interface CoverageBenchResult {
  nodes: number;
  edges: number;
  coreNodes: number;
  chains: number;
  fleet: Fleet;
  units: number;
  runs: number;
  /** medians in milliseconds */
  measureMs: number;
  dijkstraMs: number;
  setCostsMs: number;
  /** one-off model construction (chains, costs, targets), milliseconds */
  buildMs: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const NOON = 12 * 3600, RUSH = 8 * 3600;

export function benchCoverage(o: CoverageBenchOptions = {}): CoverageBenchResult {
  const seed = o.seed ?? 3, runs = o.runs ?? 200;
  const fleet: Fleet = o.fleet ?? { car: o.units ?? 25 };
  const profiles = PROFILES.filter((p) => (fleet[p] ?? 0) > 0);
  if (profiles.length === 0) throw new RangeError(`Unexpected fleet: ${JSON.stringify(fleet)}.`);
  const thresholds = o.thresholds ?? DEFAULT_THRESHOLDS;
  const graph = buildRoadGraph(generateCity({ seed, targetNodes: o.targetNodes ?? 40_000 }).input);
  const index = segmentIndexOf(graph);
  const costsAt = (at: number): CostsByProfile => {
    const out: CostsByProfile = {};
    for (const p of profiles) out[p] = computeTravelCosts(graph, p, DEFAULT_PROFILES[p], FREE_FLOW, at as never);
    return out;
  };
  const noon = costsAt(NOON);
  const routers = profiles.map((p) => new Router(graph, noon[p] as TravelCosts, index));
  const rnd = createRandom(seed);
  const targets = o.targets === 'none' ? {} : scenarioTargets(graph, rnd.fork(1));
  const t0 = performance.now();
  const model = new CoverageModel(graph, noon, targets, { thresholds });
  const buildMs = performance.now() - t0;

  const pick = (router: Router, count: number): SnappedPoint[] => {
    const out: SnappedPoint[] = [];
    while (out.length < count) {
      const u = rnd.int(0, graph.nodeCount - 1);
      try {
        out.push(router.snap([graph.lon[u] + rnd.uniform(-2e-4, 2e-4), graph.lat[u] + rnd.uniform(-2e-4, 2e-4)]));
      } catch {
        // a node only another profile may use: draw again
      }
    }
    return out;
  };
  const sets: UnitGroup[][] = Array.from({ length: runs }, () => profiles.map((profile, i) => ({ profile, positions: pick(routers[i], fleet[profile] ?? 0) })));
  const cutoff = thresholds[thresholds.length - 1];
  const dijkstra = (groups: UnitGroup[]): void => {
    groups.forEach((grp, i) => routers[i].labelView(grp.positions as SnappedPoint[], cutoff));
  };
  // Warm-up so the JIT has compiled the hot loops before timing.
  for (let i = 0; i < Math.min(30, runs); i++) {
    model.measure(sets[i]);
    dijkstra(sets[i]);
  }
  const measureMs: number[] = [], dijkstraMs: number[] = [], setCostsMs: number[] = [];
  const result = model.measure(sets[0]);
  // Each in its own loop, so neither runs with caches the other has just emptied.
  for (const groups of sets) {
    const t = performance.now();
    model.measure(groups, result);
    measureMs.push(performance.now() - t);
  }
  for (const groups of sets) {
    const t = performance.now();
    dijkstra(groups);
    dijkstraMs.push(performance.now() - t);
  }
  const rush = costsAt(RUSH);
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    model.setCosts(i % 2 ? noon : rush);
    setCostsMs.push(performance.now() - t);
  }
  const core = model.coreSize;
  return {
    nodes: graph.nodeCount,
    edges: graph.edgeCount,
    coreNodes: core.nodes,
    chains: core.chains,
    fleet,
    units: profiles.reduce((n, p) => n + (fleet[p] ?? 0), 0),
    runs,
    measureMs: median(measureMs),
    dijkstraMs: median(dijkstraMs),
    setCostsMs: median(setCostsMs),
    buildMs,
  };
}

/**
 * Targets like a real scenario's: 9 square zones of 0.5–10 km² (log-uniform), 5 lines of 2–6 km that follow
 * the roads, 14 patrol points and 5 weighted hotspots, all near random road nodes.
 */
export function scenarioTargets(g: RoadGraph, rnd: Random): CoverageTargets {
  const { mPerDegLon, mPerDegLat } = g.projection;
  const node = (): number => rnd.int(0, g.nodeCount - 1);
  const near = (u: number): LngLat => [g.lon[u] + rnd.uniform(-2e-4, 2e-4), g.lat[u] + rnd.uniform(-2e-4, 2e-4)];
  const zones = Array.from({ length: 9 }, (_, i) => {
    const u = node(), half = Math.sqrt(Math.exp(rnd.uniform(Math.log(0.5), Math.log(10))) * 1e6) / 2;
    const dx = half / mPerDegLon, dy = half / mPerDegLat, x = g.lon[u], y = g.lat[u];
    const ring: LngLat[] = [
      [x - dx, y - dy],
      [x + dx, y - dy],
      [x + dx, y + dy],
      [x - dx, y + dy],
      [x - dx, y - dy],
    ];
    return { id: `Z${i}`, geometry: { coordinates: [ring] } };
  });
  const lines = Array.from({ length: 5 }, (_, i) => ({ id: `L${i}`, geometry: { coordinates: roadWalk(g, rnd, node(), rnd.uniform(2000, 6000)) } }));
  const points = Array.from({ length: 14 }, (_, i) => ({ id: `P${i}`, geometry: { coordinates: near(node()) } }));
  const hotspots = Array.from({ length: 5 }, (_, i) => {
    const [lon, lat] = near(node());
    return { id: `H${i}`, lon, lat, weight: 1 + (i % 3) };
  });
  return { zones, lines, points, hotspots };
}

/** Node positions of a walk of about `meters` along out-edges from u, preferring unvisited nodes. */
function roadWalk(g: RoadGraph, rnd: Random, u: number, meters: number): LngLat[] {
  const out: LngLat[] = [[g.lon[u], g.lat[u]]];
  const seen = new Set([u]);
  let done = 0;
  while (done < meters) {
    const options: number[] = [];
    for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++) if (!seen.has(g.edgeTo[e])) options.push(e);
    // At a dead end, turn back (the line runs along the same road twice).
    if (options.length === 0) for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++) options.push(e);
    if (options.length === 0) break;
    const e = options[rnd.int(0, options.length - 1)];
    done += g.edgeLength[e];
    u = g.edgeTo[e];
    seen.add(u);
    out.push([g.lon[u], g.lat[u]]);
  }
  return out;
}
