// Timing hook for the benchmark suite: contraction time and many-to-many query time (medians
// over several runs; the points are snapped once beforehand so only the matrix is timed).

import type { PointLike, Router } from '../router.ts';
import { contractForRouter, matrixWithCh } from './ch-router.ts';
import type { ContractionOptions } from './contract.ts';
import type { ContractionHierarchy } from './hierarchy.ts';

export interface ContractionBench {
  /** median milliseconds to build the hierarchy */
  preprocessMs: number;
  /** median milliseconds for one from × to matrix */
  queryMs: number;
  /** shortcuts in the hierarchy */
  shortcuts: number;
  /** arcs in both upward graphs together */
  upwardArcs: number;
}

export interface ContractionBenchOptions {
  /** builds timed (default 3) */
  buildRuns?: number;
  /** matrices timed (default 7) */
  queryRuns?: number;
  contraction?: ContractionOptions;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export function benchContraction(
  router: Router,
  from: readonly PointLike[],
  to: readonly PointLike[],
  options: ContractionBenchOptions = {},
): ContractionBench {
  const buildRuns = Math.max(1, options.buildRuns ?? 3);
  const queryRuns = Math.max(1, options.queryRuns ?? 7);
  const builds: number[] = [];
  let ch: ContractionHierarchy | undefined;
  for (let i = 0; i < buildRuns; i++) {
    const t0 = performance.now();
    ch = contractForRouter(router, options.contraction);
    builds.push(performance.now() - t0);
  }
  const hierarchy = ch!;
  const src = from.map((p, i) => router.snap(p, `from[${i}]`));
  const dst = to.map((q, i) => router.snap(q, `to[${i}]`));
  matrixWithCh(router, hierarchy, src, dst); // warm-up: first call allocates the workspace
  const queries: number[] = [];
  for (let i = 0; i < queryRuns; i++) {
    const t0 = performance.now();
    matrixWithCh(router, hierarchy, src, dst);
    queries.push(performance.now() - t0);
  }
  return {
    preprocessMs: median(builds),
    queryMs: median(queries),
    shortcuts: hierarchy.shortcutCount,
    upwardArcs: hierarchy.fwdHead.length + hierarchy.bwdTail.length,
  };
}
