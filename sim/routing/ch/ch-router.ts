// Router-level many-to-many on a contraction hierarchy: same snapping, seeds and same-segment
// rule as Router.matrix, so the two give the same matrix (up to rounding).

import type { SnappedPoint } from '../snap.ts';
import type { PointLike, Router } from '../router.ts';
import { arrivalSeeds, departureSeeds, sameSegmentSeconds } from '../snapped-seeds.ts';
import { buildContractionHierarchy, type ContractionOptions } from './contract.ts';
import type { ContractionHierarchy } from './hierarchy.ts';
import { chMatrix, chQuery } from './many-to-many.ts';

/** Contracts the router's graph under its current travel costs. */
export function contractForRouter(router: Router, options?: ContractionOptions): ContractionHierarchy {
  return buildContractionHierarchy(router.graph, router.costs.edgeSeconds, options);
}

/** Throws unless the hierarchy was built for this graph and these exact per-edge costs. */
function assertBuiltFor(router: Router, ch: ContractionHierarchy): void {
  const w = router.costs.edgeSeconds;
  if (ch.nodeCount !== router.graph.nodeCount || ch.edgeSeconds.length !== w.length) {
    throw new Error('contraction hierarchy was built for a different graph');
  }
  if (ch.edgeSeconds === w) return;
  for (let e = 0; e < w.length; e++) {
    if (ch.edgeSeconds[e] !== w[e]) throw new Error('contraction hierarchy was built for different travel costs (time of day or closures changed)');
  }
}

/** Many-to-many seconds, as Router.matrix: rows are `from`, columns `to`, Infinity = unreachable. */
export function matrixWithCh(router: Router, ch: ContractionHierarchy, from: readonly PointLike[], to: readonly PointLike[]): Float64Array[] {
  assertBuiltFor(router, ch);
  const g = router.graph, w = router.costs.edgeSeconds;
  const src = from.map((p, i) => router.snap(p, `from[${i}]`));
  const dst = to.map((q, i) => router.snap(q, `to[${i}]`));
  const rows = chMatrix(
    ch,
    src.map((p) => departureSeeds(g, w, p, 0)),
    dst.map((q) => arrivalSeeds(g, w, q, 0)),
  );
  // Points on the same segment may be closer along it than via its end nodes.
  const onEdge = new Map<number, number[]>();
  dst.forEach((q, j) => {
    const list = onEdge.get(q.edge);
    if (list) list.push(j);
    else onEdge.set(q.edge, [j]);
  });
  src.forEach((p, i) => {
    for (const j of onEdge.get(p.edge) ?? []) {
      const direct = sameSegmentSeconds(g, w, p, dst[j]);
      if (direct < rows[i][j]) rows[i][j] = direct;
    }
  });
  return rows;
}

/** One-to-one seconds between two points on a hierarchy (Infinity = unreachable). */
export function secondsWithCh(router: Router, ch: ContractionHierarchy, from: PointLike, to: PointLike): number {
  assertBuiltFor(router, ch);
  const g = router.graph, w = router.costs.edgeSeconds;
  const p: SnappedPoint = router.snap(from, 'from');
  const q: SnappedPoint = router.snap(to, 'to');
  const via = chQuery(ch, departureSeeds(g, w, p, 0), arrivalSeeds(g, w, q, 0));
  return Math.min(via, sameSegmentSeconds(g, w, p, q));
}
