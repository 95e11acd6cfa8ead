// Chain decomposition of the road graph, which depends only on its topology (so it is computed
// once per graph and survives every change of travel costs). A node with exactly two incident
// road segments (a bend of a curved street) is an interior node; every other node is a core
// node. Each chain is a maximal run of segments from one core node to another through interior
// nodes only, so the core graph (core nodes, one super-edge per chain and direction) has about a
// third of the nodes of a city graph, and a search over it gives the exact times at core nodes.
// Times inside a chain follow from the times at its two ends (see chain-costs.ts).

import type { RoadGraph } from '../graph/road-graph.ts';

export interface ChainTopology {
  readonly nodeCount: number;
  /** core index of each graph node, -1 for interior nodes */
  readonly coreOf: Int32Array;
  /** graph node of each core index */
  readonly coreNode: Uint32Array;
  readonly coreCount: number;
  readonly chainCount: number;
  /** core index at the start (A) and the end (B) of each chain */
  readonly chainFrom: Uint32Array;
  readonly chainTo: Uint32Array;
  /** slots of chain c are chainFirst[c] .. chainFirst[c+1]-1, in order from A to B */
  readonly chainFirst: Uint32Array;
  /** canonical edge of each slot */
  readonly slotEdge: Uint32Array;
  /** 1 when the slot's canonical edge points from A towards B */
  readonly slotAlong: Uint8Array;
  readonly slotChain: Uint32Array;
  /** metres of each slot's segment */
  readonly slotLength: Float64Array;
  /**
   * Metres from A to each slot boundary. Chain c has boundaries chainFirst[c] + c + i for
   * i = 0 .. k (k slots), so boundary arrays are `slotCount + chainCount` long.
   */
  readonly boundaryMeters: Float64Array;
  /** metres of each chain */
  readonly chainLength: Float64Array;
  /** slot of each canonical edge (-1 for the reverse edge of a two-way segment) */
  readonly edgeSlot: Int32Array;
  /** core graph, out-arcs of core node a: coreArcFirst[a] .. coreArcFirst[a+1]-1 */
  readonly coreArcFirst: Uint32Array;
  readonly coreArcTo: Uint32Array;
  /** chain * 2 for the arc A→B, chain * 2 + 1 for B→A */
  readonly coreArcId: Uint32Array;
  /** chains incident to core node a (loops once): coreChain[coreChainFirst[a] .. coreChainFirst[a+1]-1] */
  readonly coreChainFirst: Uint32Array;
  readonly coreChain: Uint32Array;
}

/** Canonical edge of a segment: the lower id of the directed pair (or the only edge). */
const canonical = (g: RoadGraph, e: number): number => {
  const r = g.edgeReverse[e];
  return r >= 0 && r < e ? r : e;
};

const cache = new WeakMap<RoadGraph, ChainTopology>();

/**
 * The chain topology of a graph (cached per graph). Its arrays live in shared memory, so a
 * worker thread measuring coverage on the same graph can use this very copy (adoptChainTopology).
 */
export function chainTopologyOf(g: RoadGraph): ChainTopology {
  let t = cache.get(g);
  if (!t) {
    t = sharedCopy(buildChainTopology(g));
    cache.set(g, t);
  }
  return t;
}

/** Uses a topology built by another thread (for its copy of the same graph). */
export function adoptChainTopology(g: RoadGraph, t: ChainTopology): void {
  if (t.nodeCount !== g.nodeCount) throw new RangeError(`Topology of ${t.nodeCount} nodes for a graph of ${g.nodeCount}.`);
  cache.set(g, t);
}

/** The same object with every typed array moved into a SharedArrayBuffer. */
export function sharedCopy<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const src = v as unknown as Uint8Array;
      const Ctor = src.constructor as new (b: SharedArrayBuffer) => Uint8Array;
      const copy = new Ctor(new SharedArrayBuffer(src.byteLength));
      copy.set(src);
      out[k] = copy;
    } else out[k] = v;
  }
  return out as T;
}

export function buildChainTopology(g: RoadGraph): ChainTopology {
  const n = g.nodeCount, m = g.edgeCount;
  // Incident segments per node: count, the first two seen, and whether one is a loop.
  const count = new Uint8Array(n);
  const segA = new Int32Array(n).fill(-1);
  const segB = new Int32Array(n).fill(-1);
  let segmentCount = 0;
  for (let e = 0; e < m; e++) {
    if (canonical(g, e) !== e) continue;
    segmentCount++;
    const u = g.edgeFrom[e], v = g.edgeTo[e];
    if (u === v) {
      count[u] = 3; // a loop makes its node core
      continue;
    }
    for (const x of [u, v]) {
      if (count[x] >= 3) continue;
      if (count[x] === 0) segA[x] = e;
      else if (count[x] === 1) segB[x] = e;
      count[x]++;
    }
  }
  const interior = (x: number): boolean => count[x] === 2;
  const coreOf = new Int32Array(n).fill(-1);
  const coreList: number[] = [];
  for (let u = 0; u < n; u++) if (!interior(u)) coreOf[u] = coreList.push(u) - 1;

  const edgeSlot = new Int32Array(m).fill(-1);
  const slotEdge = new Uint32Array(segmentCount);
  const slotAlong = new Uint8Array(segmentCount);
  const slotChain = new Uint32Array(segmentCount);
  const slotLength = new Float64Array(segmentCount);
  const chainFirstList: number[] = [];
  const chainFromList: number[] = [];
  const chainToList: number[] = [];
  let slots = 0;

  // Walks a chain from core node `start` along canonical edge `first`.
  const walk = (start: number, first: number): void => {
    const c = chainFirstList.length;
    chainFirstList.push(slots);
    chainFromList.push(coreOf[start]);
    let at = start, e = first;
    for (;;) {
      const next = g.edgeFrom[e] === at ? g.edgeTo[e] : g.edgeFrom[e];
      edgeSlot[e] = slots;
      slotEdge[slots] = e;
      slotAlong[slots] = g.edgeFrom[e] === at ? 1 : 0;
      slotChain[slots] = c;
      slotLength[slots] = g.edgeLength[e];
      slots++;
      at = next;
      if (coreOf[at] >= 0) break;
      e = segA[at] === e ? segB[at] : segA[at];
    }
    chainToList.push(coreOf[at]);
  };

  for (let i = 0; i < coreList.length; i++) {
    const u = coreList[i];
    for (let k = g.firstOut[u]; k < g.firstOut[u + 1]; k++) {
      const e = canonical(g, k);
      if (edgeSlot[e] < 0) walk(u, e);
    }
    for (let k = g.firstIn[u]; k < g.firstIn[u + 1]; k++) {
      const e = canonical(g, g.inEdge[k]);
      if (edgeSlot[e] < 0) walk(u, e);
    }
  }
  // What is left are closed rings of interior nodes: make one node of each core.
  for (let e = 0; e < m; e++) {
    if (canonical(g, e) !== e || edgeSlot[e] >= 0) continue;
    const u = g.edgeFrom[e];
    coreOf[u] = coreList.push(u) - 1;
    walk(u, e);
  }

  const chainCount = chainFirstList.length, coreCount = coreList.length;
  const chainFirst = new Uint32Array(chainCount + 1);
  chainFirst.set(chainFirstList);
  chainFirst[chainCount] = slots;
  const chainFrom = Uint32Array.from(chainFromList);
  const chainTo = Uint32Array.from(chainToList);
  const boundaryMeters = new Float64Array(segmentCount + chainCount);
  const chainLength = new Float64Array(chainCount);
  for (let c = 0; c < chainCount; c++) {
    const b0 = chainFirst[c] + c;
    let sum = 0;
    boundaryMeters[b0] = 0;
    for (let s = chainFirst[c], i = 1; s < chainFirst[c + 1]; s++, i++) {
      sum += slotLength[s];
      boundaryMeters[b0 + i] = sum;
    }
    chainLength[c] = sum;
  }

  // Core graph: one arc per chain and direction, loops left out (they never shorten a path).
  const coreArcFirst = new Uint32Array(coreCount + 1);
  for (let c = 0; c < chainCount; c++) {
    if (chainFrom[c] === chainTo[c]) continue;
    coreArcFirst[chainFrom[c] + 1]++;
    coreArcFirst[chainTo[c] + 1]++;
  }
  for (let a = 0; a < coreCount; a++) coreArcFirst[a + 1] += coreArcFirst[a];
  const arcCount = coreArcFirst[coreCount];
  const coreArcTo = new Uint32Array(arcCount);
  const coreArcId = new Uint32Array(arcCount);
  const fill = coreArcFirst.slice(0, coreCount);
  for (let c = 0; c < chainCount; c++) {
    const a = chainFrom[c], b = chainTo[c];
    if (a === b) continue;
    coreArcTo[fill[a]] = b;
    coreArcId[fill[a]++] = 2 * c;
    coreArcTo[fill[b]] = a;
    coreArcId[fill[b]++] = 2 * c + 1;
  }

  // Incident chains of every core node, loops included (they are left out of the arcs).
  const coreChainFirst = new Uint32Array(coreCount + 1);
  for (let c = 0; c < chainCount; c++) {
    coreChainFirst[chainFrom[c] + 1]++;
    if (chainTo[c] !== chainFrom[c]) coreChainFirst[chainTo[c] + 1]++;
  }
  for (let a = 0; a < coreCount; a++) coreChainFirst[a + 1] += coreChainFirst[a];
  const coreChain = new Uint32Array(coreChainFirst[coreCount]);
  const put = coreChainFirst.slice(0, coreCount);
  for (let c = 0; c < chainCount; c++) {
    coreChain[put[chainFrom[c]]++] = c;
    if (chainTo[c] !== chainFrom[c]) coreChain[put[chainTo[c]]++] = c;
  }

  return {
    nodeCount: n,
    coreOf,
    coreNode: Uint32Array.from(coreList),
    coreCount,
    chainCount,
    chainFrom,
    chainTo,
    chainFirst,
    slotEdge,
    slotAlong,
    slotChain,
    slotLength,
    boundaryMeters,
    chainLength,
    edgeSlot,
    coreArcFirst,
    coreArcTo,
    coreArcId,
    coreChainFirst,
    coreChain,
  };
}

/** Slot of any directed edge of a segment (its canonical edge's slot). */
export function slotOfEdge(g: RoadGraph, t: ChainTopology, e: number): number {
  return t.edgeSlot[canonical(g, e)];
}

/** The core graph's arcs by head: for a search towards a target. */
export interface ReverseCoreArcs {
  /** in-arcs of core node b: inArc[inFirst[b] .. inFirst[b+1]-1] (indices into coreArcTo) */
  readonly inFirst: Uint32Array;
  readonly inArc: Uint32Array;
  /** tail core node of each in-arc, in the same order */
  readonly inTail: Uint32Array;
}

const reverseCache = new WeakMap<ChainTopology, ReverseCoreArcs>();

export function reverseCoreArcsOf(t: ChainTopology): ReverseCoreArcs {
  let r = reverseCache.get(t);
  if (r) return r;
  const n = t.coreCount, m = t.coreArcTo.length;
  const inFirst = new Uint32Array(n + 1);
  for (let a = 0; a < m; a++) inFirst[t.coreArcTo[a] + 1]++;
  for (let b = 0; b < n; b++) inFirst[b + 1] += inFirst[b];
  const inArc = new Uint32Array(m), inTail = new Uint32Array(m);
  const put = inFirst.slice(0, n);
  for (let u = 0; u < n; u++) {
    for (let a = t.coreArcFirst[u]; a < t.coreArcFirst[u + 1]; a++) {
      const k = put[t.coreArcTo[a]]++;
      inArc[k] = a;
      inTail[k] = u;
    }
  }
  r = { inFirst, inArc, inTail };
  reverseCache.set(t, r);
  return r;
}
