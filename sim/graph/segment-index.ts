// Spatial index of road segments (one entry per segment, whichever directions exist) for
// snapping points onto the network. Flatbush: static, packed, typed arrays.

import Flatbush from 'flatbush';
import type { RoadGraph } from './road-graph.ts';

export interface SegmentIndex {
  readonly index: Flatbush;
  /** canonical directed edge id of each index item */
  readonly itemEdge: Uint32Array;
}

export function buildSegmentIndex(g: RoadGraph): SegmentIndex {
  let count = 0;
  for (let e = 0; e < g.edgeCount; e++) {
    const r = g.edgeReverse[e];
    if (r < 0 || e < r) count++;
  }
  const index = new Flatbush(Math.max(1, count));
  const itemEdge = new Uint32Array(count);
  let i = 0;
  for (let e = 0; e < g.edgeCount; e++) {
    const r = g.edgeReverse[e];
    if (r >= 0 && r < e) continue;
    const a = g.edgeFrom[e], b = g.edgeTo[e];
    index.add(Math.min(g.x[a], g.x[b]), Math.min(g.y[a], g.y[b]), Math.max(g.x[a], g.x[b]), Math.max(g.y[a], g.y[b]));
    itemEdge[i++] = e;
  }
  if (count === 0) index.add(0, 0, 0, 0);
  index.finish();
  return { index, itemEdge };
}

/** The same index from its packed data (Flatbush's `data`), as another thread built it. */
export function segmentIndexFromData(data: ArrayBuffer, itemEdge: Uint32Array): SegmentIndex {
  return { index: Flatbush.from(data), itemEdge };
}
