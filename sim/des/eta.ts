// Travel time from each candidate unit to a call: one reverse Dijkstra from the call's road
// point that stops as soon as the `need` fastest units are known for certain. Units are indexed
// by the road nodes they leave their segment through; each settled node updates its units in
// O(1), and once the popped label exceeds the need-th best ETA found, no unit left can do better.
// Units standing on the call's own segment also get the direct time along it.
//
// The search tree is kept until the next search of the same profile, so the route of a unit
// just chosen can be read from it (routeFromLastSearch) instead of being searched again.

import type { ProfileName } from '../../shared/roads.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import { MinHeap } from '../routing/min-heap.ts';
import type { RouteResult, Router } from '../routing/router.ts';
import type { SnappedPoint } from '../routing/snap.ts';
import { arrivalSeeds, sameSegmentSeconds } from '../routing/snapped-seeds.ts';

/** A position on a canonical segment, as a snapped point gives it. */
export type RoadPoint = Pick<SnappedPoint, 'edge' | 't' | 'offRoadSeconds'>;

interface Workspace {
  dist: Float64Array;
  /** forward edge from a node one step nearer the call (−1 at the call's own segment ends) */
  pred: Int32Array;
  touched: Int32Array;
  touchedCount: number;
  /** first unit-exit record at a node, -1 = none */
  head: Int32Array;
  heap: MinHeap;
  /** what the kept tree belongs to */
  router: Router | null;
  call: SnappedPoint | null;
  units: readonly RoadPoint[];
  etas: Float64Array;
  /** per unit, the node it leaves its segment through on its best way (−2 = along the call's segment) */
  via: Int32Array;
  /** labels up to this are final */
  settledUpTo: number;
}
const workspaces = new WeakMap<RoadGraph, Map<ProfileName, Workspace>>();

function workspace(g: RoadGraph, profile: ProfileName): Workspace {
  let byProfile = workspaces.get(g);
  if (!byProfile) workspaces.set(g, (byProfile = new Map()));
  let ws = byProfile.get(profile);
  if (!ws) {
    ws = {
      dist: new Float64Array(g.nodeCount).fill(Infinity),
      pred: new Int32Array(g.nodeCount).fill(-1),
      touched: new Int32Array(g.nodeCount),
      touchedCount: 0,
      head: new Int32Array(g.nodeCount).fill(-1),
      heap: new MinHeap(1024),
      router: null,
      call: null,
      units: [],
      etas: new Float64Array(0),
      via: new Int32Array(0),
      settledUpTo: -Infinity,
    };
    byProfile.set(profile, ws);
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
  const via = new Int32Array(n).fill(-1);
  const ws = workspace(g, router.costs.profile);
  const { dist, pred, touched, head, heap } = ws;
  // Forget the previous tree.
  for (let q = 0; q < ws.touchedCount; q++) {
    dist[touched[q]] = Infinity;
    pred[touched[q]] = -1;
  }
  ws.touchedCount = 0;
  ws.router = router;
  ws.call = call;
  ws.units = units;
  ws.etas = out;
  ws.via = via;
  ws.settledUpTo = -Infinity;
  if (n === 0) return out;
  const k = Math.max(1, Math.min(need, n));

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
    if (out[i] < Infinity) via[i] = -2;
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
      pred[s.node] = -1;
      heap.push(s.node, s.seconds);
    }
  }
  const first = g.firstIn, inEdge = g.inEdge, from = g.edgeFrom;
  let exitsLeft = exitUnit.length;
  let settled = -Infinity;
  while (heap.length > 0 && exitsLeft > 0) {
    const u = heap.pop();
    const d = heap.lastKey;
    if (d > dist[u]) continue;
    if (d > bound()) break;
    settled = d;
    for (let x = head[u]; x !== -1; x = exitNext[x]) {
      exitsLeft--;
      const t = d + exitExtra[x], i = exitUnit[x];
      if (t < out[i]) {
        out[i] = t;
        via[i] = u;
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
        pred[v] = e;
        heap.push(v, nd);
      }
    }
  }
  ws.touchedCount = touchedCount;
  ws.settledUpTo = settled;
  for (const node of exitNodes) head[node] = -1;
  return out;
}

/**
 * The route of unit `index` of the last etasToCall with this router to its call, read from that
 * search's tree; null when the tree is gone (another search since) or the unit's ETA was not
 * final. `from` is the unit's snapped position (the same place that search started from).
 */
export function routeFromLastSearch(router: Router, index: number, from: SnappedPoint): RouteResult | null {
  const g = router.graph;
  const ws = workspaces.get(g)?.get(router.costs.profile);
  if (!ws || ws.router !== router || !ws.call || index >= ws.units.length) return null;
  const u = ws.units[index];
  if (u.edge !== from.edge || u.t !== from.t) return null;
  const eta = ws.etas[index], via = ws.via[index];
  if (!(eta < Infinity) || via === -1) return null;
  const to = ws.call;
  if (via === -2) {
    return { seconds: eta, meters: Math.abs(to.t - from.t) * g.edgeLength[from.edge], edges: [], coordinates: [], from, to };
  }
  // Final only if the node was settled before the search stopped.
  if (!(ws.dist[via] <= ws.settledUpTo)) return null;
  const edges: number[] = [];
  let meters = 0;
  for (let v = via; ws.pred[v] >= 0; v = g.edgeTo[ws.pred[v]]) {
    edges.push(ws.pred[v]);
    meters += g.edgeLength[ws.pred[v]];
  }
  return { seconds: eta, meters, edges, coordinates: [], from, to };
}
