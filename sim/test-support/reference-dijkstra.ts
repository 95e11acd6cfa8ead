// A plain, obviously correct Dijkstra for differential tests: explicit edge list, O(V²) minimum
// selection, no heap and no CSR. Snapped points become explicit nodes that split their segment.

import type { RoadGraph } from '../graph/road-graph.ts';
import type { SnappedPoint } from '../routing/snap.ts';

interface PlainEdge {
  from: number;
  to: number;
  seconds: number;
}

export function plainDijkstra(nodeCount: number, edges: PlainEdge[], starts: { node: number; seconds: number }[]): number[] {
  const dist = new Array<number>(nodeCount).fill(Infinity);
  const done = new Array<boolean>(nodeCount).fill(false);
  for (const s of starts) dist[s.node] = Math.min(dist[s.node], s.seconds);
  for (;;) {
    let u = -1;
    for (let i = 0; i < nodeCount; i++) if (!done[i] && dist[i] < Infinity && (u < 0 || dist[i] < dist[u])) u = i;
    if (u < 0) break;
    done[u] = true;
    for (const e of edges) if (e.from === u && dist[u] + e.seconds < dist[e.to]) dist[e.to] = dist[u] + e.seconds;
  }
  return dist;
}

/** Graph edges plus one explicit node per snapped point; returns the node id of each point. */
export function explicitGraph(g: RoadGraph, w: Float32Array, points: SnappedPoint[]): { edges: PlainEdge[]; pointNode: number[]; nodeCount: number } {
  const edges: PlainEdge[] = [];
  for (let e = 0; e < g.edgeCount; e++) if (w[e] !== Infinity) edges.push({ from: g.edgeFrom[e], to: g.edgeTo[e], seconds: w[e] });
  const pointNode = points.map((_, i) => g.nodeCount + i);
  points.forEach((p, i) => {
    const P = pointNode[i];
    const e = p.edge, r = g.edgeReverse[e];
    const u = g.edgeFrom[e], v = g.edgeTo[e];
    if (w[e] !== Infinity) {
      edges.push({ from: u, to: P, seconds: p.t * w[e] });
      edges.push({ from: P, to: v, seconds: (1 - p.t) * w[e] });
    }
    if (r >= 0 && w[r] !== Infinity) {
      edges.push({ from: v, to: P, seconds: (1 - p.t) * w[r] });
      edges.push({ from: P, to: u, seconds: p.t * w[r] });
    }
    points.forEach((q, j) => {
      if (j === i || q.edge !== e) return;
      if (q.t >= p.t && w[e] !== Infinity) edges.push({ from: P, to: pointNode[j], seconds: (q.t - p.t) * w[e] });
      if (q.t <= p.t && r >= 0 && w[r] !== Infinity) edges.push({ from: P, to: pointNode[j], seconds: (p.t - q.t) * w[r] });
    });
  });
  return { edges, pointNode, nodeCount: g.nodeCount + points.length };
}

/** Reference seconds from point `from` to each of `targets` (off-road legs included). */
export function referenceTimes(g: RoadGraph, w: Float32Array, from: SnappedPoint, targets: SnappedPoint[]): number[] {
  const all = [from, ...targets];
  const { edges, pointNode, nodeCount } = explicitGraph(g, w, all);
  const dist = plainDijkstra(nodeCount, edges, [{ node: pointNode[0], seconds: from.offRoadSeconds }]);
  return targets.map((t, i) => dist[pointNode[i + 1]] + t.offRoadSeconds);
}

/** Reference node labels from several points (best over all, as multi-source labelling). */
export function referenceNodeTimes(g: RoadGraph, w: Float32Array, sources: SnappedPoint[]): number[] {
  const { edges, pointNode, nodeCount } = explicitGraph(g, w, sources);
  const dist = plainDijkstra(
    nodeCount,
    edges,
    sources.map((s, i) => ({ node: pointNode[i], seconds: s.offRoadSeconds })),
  );
  return dist.slice(0, g.nodeCount);
}
