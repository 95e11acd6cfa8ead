// The same multi-source labelling with a popular JS graph library, for the side-by-side figure.
// graphology has no multi-source search, so a virtual super-source joins the sources with
// zero-weight edges (the standard reduction), then its single-source Dijkstra runs.

import { MultiDirectedGraph } from 'graphology';
import { dijkstra } from 'graphology-shortest-path';
import type { RoadGraph } from '../sim/graph/road-graph.ts';

export function graphologyFrom(g: RoadGraph, edgeSeconds: Float32Array): MultiDirectedGraph {
  const graph = new MultiDirectedGraph();
  for (let u = 0; u < g.nodeCount; u++) graph.addNode(String(u));
  for (let e = 0; e < g.edgeCount; e++) {
    const w = edgeSeconds[e];
    if (w === Infinity) continue;
    graph.addDirectedEdge(String(g.edgeFrom[e]), String(g.edgeTo[e]), { w });
  }
  return graph;
}

/** Multi-source labelling through the super-source; returns how many nodes were reached. */
export function graphologyMultiSource(graph: MultiDirectedGraph, sourceNodes: number[]): number {
  if (graph.hasNode('super')) graph.dropNode('super');
  graph.addNode('super');
  for (const s of sourceNodes) graph.addDirectedEdge('super', String(s), { w: 0 });
  const paths = dijkstra.singleSource(graph, 'super', 'w');
  return Object.keys(paths).length - 1;
}
