// Travel time from each candidate unit to a call: one reverse Dijkstra from the call's road
// point that stops as soon as the `need` fastest units are known for certain. Units are indexed
// by the road nodes they leave their segment through; each settled node updates its units in
// O(1), and once the popped label exceeds the need-th best ETA found, no unit left can do better.
// Units standing on the call's own segment also get the direct time along it.

import type { RoadGraph } from '../graph/road-graph.ts';
import { MinHeap } from '../routing/min-heap.ts';
import type { Router } from '../routing/router.ts';
import type { SnappedPoint } from '../routing/snap.ts';
import { arrivalSeeds, sameSegmentSeconds } from '../routing/snapped-seeds.ts';

/** A position on a canonical segment, as a snapped point gives it. */
export type RoadPoint = Pick<SnappedPoint, 'edge' | 't' | 'offRoadSeconds'>;

interface Workspace {
  dist: Float64Array;
  touched: Int32Array;
  /** first unit-exit record at a node, -1 = none */
  head: Int32Array;
  heap: MinHeap;
}
const workspaces = new WeakMap<RoadGraph, Workspace>();

function workspace(g: RoadGraph): Workspace {
  let ws = workspaces.get(g);
  if (!ws) {
    ws = {
      dist: new Float64Array(g.nodeCount).fill(Infinity),
      touched: new Int32Array(g.nodeCount),
      head: new Int32Array(g.nodeCount).fill(-1),
      heap: new MinHeap(1024),
    };
    workspaces.set(g, ws);
  }
  return ws;
}

/**
 * Seconds from each unit position to the call. Exact for the `need` fastest units; the others
 * are exact or an upper bound (Infinity when the search stopped before reaching them), never too
 * small, so the ranking of the fastest units is exact. With `cutoff`, the search also stops at
 * that many seconds (units slower than it are of no interest: others already do better).
 */
export function etasToCall(router: Router, units: readonly RoadPoint[], call: SnappedPoint, need: number, cutoff = Infinity): Float64Array {
  const g = router.graph, w = router.costs.edgeSeconds;
  const n = units.length;
  const out = new Float64Array(n).fill(Infinity);
  if (n === 0) return out;
  const k = Math.max(1, Math.min(need, n));
  const ws = workspace(g);
  const { dist, touched, head, heap } = ws;

  // Exits: unit i leaves its segment through node `node` after `extra` seconds.
  const exitUnit: number[] = [], exitExtra: number[] = [], exitNext: number[] = [], exitNodes: number[] = [];
  const addExit = (node: number, unit: number, extra: number) => {
    if (head[node] === -1) exitNodes.push(node);
    exitUnit.push(unit);
    exitExtra.push(extra);
    exitNext.push(head[node]);
    head[node] = exitUnit.length - 1;
  };
  for (let i = 0; i < n; i++) {
    const p = units[i], e = p.edge, r = g.edgeReverse[e];
    if (w[e] !== Infinity) addExit(g.edgeTo[e], i, p.offRoadSeconds + (1 - p.t) * w[e]);
    if (r >= 0 && w[r] !== Infinity) addExit(g.edgeFrom[e], i, p.offRoadSeconds + p.t * w[r]);
    out[i] = sameSegmentSeconds(g, w, p, call);
  }
  // The k best ETAs so far, ascending (k is small: the units a call needs).
  const best: number[] = [];
  const offer = (x: number) => {
    if (best.length === k && x >= best[k - 1]) return;
    let j = best.length < k ? best.length : k - 1;
    if (best.length < k) best.push(x);
    while (j > 0 && best[j - 1] > x) {
      best[j] = best[j - 1];
      j--;
    }
    best[j] = x;
  };
  for (let i = 0; i < n; i++) if (out[i] < Infinity) offer(out[i]);
  const bound = () => (best.length === k ? Math.min(best[k - 1], cutoff) : cutoff);

  let touchedCount = 0;
  heap.clear();
  for (const s of arrivalSeeds(g, w, call, 0)) {
    if (s.seconds < dist[s.node]) {
      if (dist[s.node] === Infinity) touched[touchedCount++] = s.node;
      dist[s.node] = s.seconds;
      heap.push(s.node, s.seconds);
    }
  }
  const first = g.firstIn, inEdge = g.inEdge, from = g.edgeFrom;
  let exitsLeft = exitUnit.length;
  while (heap.length > 0 && exitsLeft > 0) {
    const u = heap.pop();
    const d = heap.lastKey;
    if (d > dist[u]) continue;
    if (d > bound()) break;
    for (let x = head[u]; x !== -1; x = exitNext[x]) {
      exitsLeft--;
      const t = d + exitExtra[x], i = exitUnit[x];
      if (t < out[i]) {
        out[i] = t;
        offer(t);
      }
    }
    for (let q = first[u], end = first[u + 1]; q < end; q++) {
      const e = inEdge[q];
      const nd = d + w[e];
      const v = from[e];
      if (nd < dist[v]) {
        if (dist[v] === Infinity) touched[touchedCount++] = v;
        dist[v] = nd;
        heap.push(v, nd);
      }
    }
  }
  // Reset only what this call touched.
  for (let q = 0; q < touchedCount; q++) dist[touched[q]] = Infinity;
  for (const node of exitNodes) head[node] = -1;
  return out;
}
