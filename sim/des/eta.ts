// Travel time from each candidate unit to a call: one reverse Dijkstra from the call that stops
// as soon as the `need` fastest units are known for certain. The search runs on the core graph
// of sim/coverage/chains.ts (junctions only; the bends of a street are folded into one arc per
// chain and direction), which has about a third of the road graph's nodes. The call enters it at
// its chain's two ends, and each unit leaves its own chain through one end or the other; units
// are listed at those core nodes, so each settled node updates its units in O(1), and once the
// popped label exceeds the need-th best ETA found, no unit left can do better. A unit on the
// call's own chain also gets the direct time along it.
//
// The search tree is kept until the next search of the same profile, so the route of a unit
// just chosen can be read from it (routeFromLastSearch) instead of being searched again.

import type { ProfileName } from '../../shared/roads.ts';
import { chainCostsOf, type ChainCosts } from '../coverage/chain-costs.ts';
import { originToEnds, timeFromOrigin, type ChainOrigin } from '../coverage/chain-reach.ts';
import { chainTopologyOf, reverseCoreArcsOf, type ChainTopology, type ReverseCoreArcs } from '../coverage/chains.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import { MinHeap } from '../routing/min-heap.ts';
import type { RouteResult, Router } from '../routing/router.ts';
import type { SnappedPoint } from '../routing/snap.ts';

/** A position on a canonical segment, as a snapped point gives it. */
export type RoadPoint = Pick<SnappedPoint, 'edge' | 't' | 'offRoadSeconds'>;

/** How unit i reaches the call: through a core node, or along the call's own chain. */
const ALONG_CHAIN = -2;
const NONE = -1;

interface Workspace {
  top: ChainTopology;
  rev: ReverseCoreArcs;
  /** seconds from each core node to the call */
  dist: Float64Array;
  /** core arc leaving the node one step nearer the call (−1 at the call's chain ends) */
  pred: Int32Array;
  /** at the call's chain ends: 0 = the call is reached driving from A, 1 = from B */
  seedEnd: Uint8Array;
  touched: Int32Array;
  touchedCount: number;
  /** first unit-exit record at a core node, -1 = none */
  head: Int32Array;
  heap: MinHeap;
  /** what the kept tree belongs to */
  router: Router | null;
  cc: ChainCosts | null;
  call: SnappedPoint | null;
  callSlot: number;
  units: readonly RoadPoint[];
  origins: ChainOrigin[];
  etas: Float64Array;
  /** per unit: the core node it leaves its chain through on its best way, or ALONG_CHAIN / NONE */
  via: Int32Array;
  /** per unit: 0 = it leaves its chain through the A end, 1 = through the B end */
  viaEnd: Uint8Array;
  /** labels up to this are final */
  settledUpTo: number;
}
const workspaces = new WeakMap<RoadGraph, Map<ProfileName, Workspace>>();

function workspace(g: RoadGraph, profile: ProfileName): Workspace {
  let byProfile = workspaces.get(g);
  if (!byProfile) workspaces.set(g, (byProfile = new Map()));
  let ws = byProfile.get(profile);
  if (!ws) {
    const top = chainTopologyOf(g), n = top.coreCount;
    ws = {
      top,
      rev: reverseCoreArcsOf(top),
      dist: new Float64Array(n).fill(Infinity),
      pred: new Int32Array(n).fill(-1),
      seedEnd: new Uint8Array(n),
      touched: new Int32Array(n),
      touchedCount: 0,
      head: new Int32Array(n).fill(-1),
      heap: new MinHeap(1024),
      router: null,
      cc: null,
      call: null,
      callSlot: -1,
      units: [],
      origins: [],
      etas: new Float64Array(0),
      via: new Int32Array(0),
      viaEnd: new Uint8Array(0),
      settledUpTo: -Infinity,
    };
    byProfile.set(profile, ws);
  }
  return ws;
}

/** Slot and fraction from the slot's A side of a position on directed edge e. */
function toChain(g: RoadGraph, top: ChainTopology, e: number, t: number): [slot: number, t: number] {
  const r = g.edgeReverse[e];
  const c = r >= 0 && r < e ? r : e;
  const tt = c === e ? t : 1 - t;
  const slot = top.edgeSlot[c];
  return [slot, top.slotAlong[slot] === 1 ? tt : 1 - tt];
}

/**
 * The start of a search towards a point at fraction t of `slot` (off-road leg `off`): its chain's
 * two ends, each with the time from there to the point (end 0 = A, driving towards B; 1 = B).
 */
function seedsTowards(top: ChainTopology, cc: ChainCosts, slot: number, t: number, off: number, seed: (node: number, seconds: number, end: number) => void): void {
  const c = top.slotChain[slot], s0 = top.chainFirst[c], b0 = s0 + c, i = slot - s0;
  if (cc.fw[slot] !== Infinity) seed(top.chainFrom[c], off + cc.fromA[b0 + i] + t * cc.fw[slot], 0);
  if (cc.bw[slot] !== Infinity) seed(top.chainTo[c], off + cc.fromB[b0 + i + 1] + (1 - t) * cc.bw[slot], 1);
}

/**
 * Seconds from each unit position to the call. Exact for the `need` fastest units; the others
 * are exact or an upper bound (Infinity when the search stopped before reaching them), never too
 * small, so the ranking of the fastest units is exact. With `cutoff`, the search also stops at
 * that many seconds (units slower than it are of no interest: others already do better).
 */
export function etasToCall(router: Router, units: readonly RoadPoint[], call: SnappedPoint, need: number, cutoff = Infinity): Float64Array {
  return search(router, units, call, need, cutoff, null);
}

/**
 * Where the unit of a route stands (projected metres) and the profile's seconds per metre at top
 * speed: a lower bound on its time to any node, which focuses the search towards it (A*). (Aimed
 * at the few nearest units, the ranking of many was no faster: the bound is weak.)
 */
interface Aim {
  x: number;
  y: number;
  secondsPerMeter: number;
}

/**
 * The fastest route from one point to another over the core graph: the same search aimed at the
 * one unit (A*: nothing is faster than a straight line at the profile's top speed), read back as
 * a route. Null when unreachable.
 */
export function routeOnCore(router: Router, from: SnappedPoint, to: SnappedPoint): RouteResult | null {
  const g = router.graph, p = g.projection;
  const aim = router.costs.maxMps > 0 ? { x: (from.lon - p.lon0) * p.mPerDegLon, y: (from.lat - p.lat0) * p.mPerDegLat, secondsPerMeter: 0.995 / router.costs.maxMps } : null;
  const eta = search(router, [from], to, 1, Infinity, aim);
  return eta[0] < Infinity ? routeFromLastSearch(router, 0, from) : null;
}

function search(
  router: Router,
  units: readonly RoadPoint[],
  call: SnappedPoint,
  need: number,
  cutoff: number,
  aim: Aim | null,
): Float64Array {
  const g = router.graph;
  const n = units.length;
  const out = new Float64Array(n).fill(Infinity);
  const via = new Int32Array(n).fill(NONE);
  const viaEnd = new Uint8Array(n);
  const ws = workspace(g, router.costs.profile);
  const { top, dist, pred, touched, head, heap } = ws;
  const cc = chainCostsOf(g, top, router.costs.edgeSeconds);
  // Forget the previous tree.
  for (let q = 0; q < ws.touchedCount; q++) {
    dist[touched[q]] = Infinity;
    pred[touched[q]] = -1;
  }
  ws.touchedCount = 0;
  ws.router = router;
  ws.cc = cc;
  ws.call = call;
  ws.units = units;
  ws.etas = out;
  ws.via = via;
  ws.viaEnd = viaEnd;
  ws.settledUpTo = -Infinity;
  ws.origins = [];
  if (n === 0) return out;
  const k = Math.max(1, Math.min(need, n));
  const [callSlot, callT] = toChain(g, top, call.edge, call.t);
  ws.callSlot = callSlot;
  const callChain = top.slotChain[callSlot];

  // Exits: unit i leaves its chain through core node `node` after `extra` seconds.
  const exitUnit: number[] = [], exitExtra: number[] = [], exitEnd: number[] = [], exitNext: number[] = [], exitNodes: number[] = [];
  const addExit = (node: number, unit: number, extra: number, end: number) => {
    if (head[node] === -1) exitNodes.push(node);
    exitUnit.push(unit);
    exitExtra.push(extra);
    exitEnd.push(end);
    exitNext.push(head[node]);
    head[node] = exitUnit.length - 1;
  };
  for (let i = 0; i < n; i++) {
    const p = units[i];
    const [slot, t] = toChain(g, top, p.edge, p.t);
    const o: ChainOrigin = { slot, t, off: p.offRoadSeconds };
    ws.origins.push(o);
    const c = top.slotChain[slot];
    const [toA, toB] = originToEnds(top, cc, o);
    if (toA < Infinity) addExit(top.chainFrom[c], i, toA, 0);
    if (toB < Infinity) addExit(top.chainTo[c], i, toB, 1);
    if (c === callChain) {
      out[i] = timeFromOrigin(top, cc, o, callSlot, callT) + call.offRoadSeconds;
      if (out[i] < Infinity) via[i] = ALONG_CHAIN;
    }
  }
  // The k best ETAs so far, ascending, one per unit (k is small: the units a call needs). A unit
  // can improve after it was offered (a later exit through its chain's other end is faster):
  // its entry then moves, so no unit counts twice.
  const best: number[] = [], bestUnit: number[] = [];
  const offer = (i: number, x: number) => {
    let j = bestUnit.indexOf(i);
    if (j < 0) {
      if (best.length === k && x >= best[k - 1]) return;
      if (best.length < k) {
        best.push(x);
        bestUnit.push(i);
      }
      j = best.length - 1;
    }
    while (j > 0 && best[j - 1] > x) {
      best[j] = best[j - 1];
      bestUnit[j] = bestUnit[j - 1];
      j--;
    }
    best[j] = x;
    bestUnit[j] = i;
  };
  for (let i = 0; i < n; i++) if (out[i] < Infinity) offer(i, out[i]);
  const bound = () => (best.length === k ? Math.min(best[k - 1], cutoff) : cutoff);

  // Seeds: the call's chain ends, with the time from each to the call.
  let touchedCount = 0;
  heap.clear();
  const seed = (node: number, seconds: number, end: number) => {
    if (!(seconds < dist[node])) return;
    if (dist[node] === Infinity) touched[touchedCount++] = node;
    dist[node] = seconds;
    pred[node] = -1;
    ws.seedEnd[node] = end;
    heap.push(node, seconds + h(node));
  };
  // Lower bound on the time from the aimed-at unit to a core node (0 without an aim).
  const gx = g.x, gy = g.y, coreNode = top.coreNode;
  const ax = aim?.x ?? 0, ay = aim?.y ?? 0, spm = aim?.secondsPerMeter ?? 0;
  function h(v: number): number {
    const n = coreNode[v];
    return Math.hypot(gx[n] - ax, gy[n] - ay) * spm;
  }
  seedsTowards(top, cc, callSlot, callT, call.offRoadSeconds, seed);

  const { inFirst, inArc, inTail } = ws.rev;
  const w = cc.arcSeconds;
  let exitsLeft = exitUnit.length;
  let settled = -Infinity;
  while (heap.length > 0 && exitsLeft > 0) {
    const u = heap.pop();
    const key = heap.lastKey;
    const d = dist[u];
    const hu = spm === 0 ? 0 : h(u);
    if (key > d + hu) continue;
    if (key > bound()) break;
    settled = d;
    for (let x = head[u]; x !== -1; x = exitNext[x]) {
      exitsLeft--;
      const t = d + exitExtra[x], i = exitUnit[x];
      if (t < out[i]) {
        out[i] = t;
        via[i] = u;
        viaEnd[i] = exitEnd[x];
        offer(i, t);
      }
    }
    for (let q = inFirst[u], end = inFirst[u + 1]; q < end; q++) {
      const a = inArc[q];
      const nd = d + w[a];
      const v = inTail[q];
      if (nd < dist[v]) {
        if (dist[v] === Infinity) touched[touchedCount++] = v;
        dist[v] = nd;
        pred[v] = a;
        heap.push(v, spm === 0 ? nd : nd + h(v));
      }
    }
  }
  ws.touchedCount = touchedCount;
  // With an aim, labels are final when popped but not popped in order.
  ws.settledUpTo = aim ? Infinity : settled;
  for (const node of exitNodes) head[node] = -1;
  return out;
}

/** Directed edge of a slot driven from A to B (forward) or from B to A. */
function slotEdge(g: RoadGraph, top: ChainTopology, slot: number, forward: boolean): number {
  const e = top.slotEdge[slot];
  return (top.slotAlong[slot] === 1) === forward ? e : g.edgeReverse[e];
}

/** Appends the whole slots lo..hi of a chain driven one way (forward: lo up to hi, else down). */
function pushSlots(g: RoadGraph, top: ChainTopology, lo: number, hi: number, forward: boolean, edges: number[]): void {
  if (forward) for (let s = lo; s <= hi; s++) edges.push(slotEdge(g, top, s, true));
  else for (let s = hi; s >= lo; s--) edges.push(slotEdge(g, top, s, false));
}

/** What a route is read from: labels towards the call and the arcs they came by. */
interface TreeView {
  top: ChainTopology;
  dist: Float64Array;
  pred: Int32Array;
  seedEnd: Uint8Array;
  callSlot: number;
}

/**
 * The route from a unit at `o` that reaches the call through core node `via` (leaving its chain
 * through end `viaEnd`), or along the call's chain (ALONG_CHAIN).
 */
function expandRoute(g: RoadGraph, tree: TreeView, o: ChainOrigin, via: number, viaEnd: number, eta: number, from: SnappedPoint, to: SnappedPoint): RouteResult {
  const top = tree.top, cs = tree.callSlot;
  const edges: number[] = [];
  if (via === ALONG_CHAIN) {
    if (o.slot === cs) {
      return { seconds: eta, meters: Math.abs(to.t - from.t) * g.edgeLength[from.edge], edges: [], coordinates: [], from, to };
    }
    // Along the chain past the slots between the unit's and the call's.
    if (o.slot < cs) pushSlots(g, top, o.slot + 1, cs - 1, true, edges);
    else pushSlots(g, top, cs + 1, o.slot - 1, false, edges);
  } else {
    const c = top.slotChain[o.slot], s0 = top.chainFirst[c], s1 = top.chainFirst[c + 1];
    // Off the unit's chain through its A or B end.
    if (viaEnd === 1) pushSlots(g, top, o.slot + 1, s1 - 1, true, edges);
    else pushSlots(g, top, s0, o.slot - 1, false, edges);
    // Core arcs to the call's chain.
    let v = via;
    for (let a = tree.pred[v]; a >= 0; a = tree.pred[v]) {
      const id = top.coreArcId[a], ch = id >> 1;
      pushSlots(g, top, top.chainFirst[ch], top.chainFirst[ch + 1] - 1, (id & 1) === 0, edges);
      v = top.coreArcTo[a];
    }
    // Into the call's chain from the end the call is reached from.
    const callChain = top.slotChain[cs], c0 = top.chainFirst[callChain], c1 = top.chainFirst[callChain + 1];
    if (tree.seedEnd[v] === 0) pushSlots(g, top, c0, cs - 1, true, edges);
    else pushSlots(g, top, cs + 1, c1 - 1, false, edges);
  }
  let meters = 0;
  for (const e of edges) meters += g.edgeLength[e];
  return { seconds: eta, meters, edges, coordinates: [], from, to };
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
  if (!(eta < Infinity) || via === NONE) return null;
  // Final only if the node was settled before the search stopped.
  if (via !== ALONG_CHAIN && !(ws.dist[via] <= ws.settledUpTo)) return null;
  return expandRoute(g, ws, ws.origins[index], via, ws.viaEnd[index], eta, from, ws.call);
}

/**
 * Every core node's time to one fixed destination (a post, a station, a patrol point) under one
 * router's costs: a complete reverse search, after which a route there from anywhere is a walk
 * up the tree. Worth it for destinations units return to again and again.
 */
export class TargetTree {
  readonly bytes: number;
  private readonly tree: TreeView;
  private readonly cc: ChainCosts;
  private readonly callT: number;

  constructor(
    readonly router: Router,
    readonly to: SnappedPoint,
  ) {
    const g = router.graph, top = chainTopologyOf(g), rev = reverseCoreArcsOf(top), n = top.coreCount;
    const cc = chainCostsOf(g, top, router.costs.edgeSeconds);
    const dist = new Float64Array(n).fill(Infinity), pred = new Int32Array(n).fill(-1), seedEnd = new Uint8Array(n);
    const [callSlot, callT] = toChain(g, top, to.edge, to.t);
    this.tree = { top, dist, pred, seedEnd, callSlot };
    this.cc = cc;
    this.callT = callT;
    this.bytes = 13 * n;
    const heap = new MinHeap(1024);
    const seed = (node: number, seconds: number, end: number) => {
      if (!(seconds < dist[node])) return;
      dist[node] = seconds;
      seedEnd[node] = end;
      heap.push(node, seconds);
    };
    seedsTowards(top, cc, callSlot, callT, to.offRoadSeconds, seed);
    const { inFirst, inArc, inTail } = rev, w = cc.arcSeconds;
    while (heap.length > 0) {
      const u = heap.pop(), d = heap.lastKey;
      if (d > dist[u]) continue;
      for (let q = inFirst[u], end = inFirst[u + 1]; q < end; q++) {
        const a = inArc[q], nd = d + w[a], v = inTail[q];
        if (nd < dist[v]) {
          dist[v] = nd;
          pred[v] = a;
          heap.push(v, nd);
        }
      }
    }
  }

  /** The fastest route from `from` to the destination, or null when there is none. */
  route(from: SnappedPoint): RouteResult | null {
    const g = this.router.graph, { top, dist, callSlot } = this.tree, cc = this.cc;
    const [slot, t] = toChain(g, top, from.edge, from.t);
    const o: ChainOrigin = { slot, t, off: from.offRoadSeconds };
    const c = top.slotChain[slot];
    let best = Infinity, via = NONE, viaEnd = 0;
    if (c === top.slotChain[callSlot]) {
      best = timeFromOrigin(top, cc, o, callSlot, this.callT) + this.to.offRoadSeconds;
      if (best < Infinity) via = ALONG_CHAIN;
    }
    const [toA, toB] = originToEnds(top, cc, o);
    const viaA = toA + dist[top.chainFrom[c]], viaB = toB + dist[top.chainTo[c]];
    if (viaA < best) {
      best = viaA;
      via = top.chainFrom[c];
      viaEnd = 0;
    }
    if (viaB < best) {
      best = viaB;
      via = top.chainTo[c];
      viaEnd = 1;
    }
    return best < Infinity ? expandRoute(g, this.tree, o, via, viaEnd, best, from, this.to) : null;
  }
}
