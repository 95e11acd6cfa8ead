// One profile's travel costs laid out along the chains (see chains.ts): seconds per slot in both
// directions, cumulative seconds from each chain end to every slot boundary, and the weights of
// the core graph's arcs. Everything here is a single linear pass over the slots, so swapping
// costs (every simulated hour, or when a road closes) stays cheap.

import type { RoadGraph } from '../graph/road-graph.ts';
import type { ChainTopology } from './chains.ts';

export interface ChainCosts {
  /** seconds to drive each slot from its A side to its B side (Infinity = not allowed) */
  readonly fw: Float64Array;
  /** seconds to drive each slot from its B side to its A side */
  readonly bw: Float64Array;
  /** per boundary: seconds from the chain's A end driving towards B (Infinity past a block) */
  readonly fromA: Float64Array;
  /** per boundary: seconds from the chain's B end driving towards A (Infinity past a block) */
  readonly fromB: Float64Array;
  /** 1 / fw and 1 / bw: 0 where the slot cannot be driven that way */
  readonly ifw: Float64Array;
  readonly ibw: Float64Array;
  /** weight of each core arc (same order as ChainTopology.coreArcTo) */
  readonly arcSeconds: Float64Array;
  /** per chain: seconds to drive it whole from A to B, and from B to A (Infinity past a block);
   *  kept apart from fromA/fromB so the pass over every chain reads two compact arrays */
  readonly wholeFw: Float64Array;
  readonly wholeBw: Float64Array;
}

/** Arrays in shared memory: a worker thread can read the very same costs (adoptChainCosts). */
export function allocateChainCosts(t: ChainTopology): ChainCosts {
  const slots = t.slotEdge.length;
  const f64 = (n: number) => new Float64Array(new SharedArrayBuffer(8 * n));
  return {
    fw: f64(slots),
    bw: f64(slots),
    ifw: f64(slots),
    ibw: f64(slots),
    fromA: f64(slots + t.chainCount),
    fromB: f64(slots + t.chainCount),
    arcSeconds: f64(t.coreArcTo.length),
    wholeFw: f64(t.chainCount),
    wholeBw: f64(t.chainCount),
  };
}

/**
 * Fills `out` from per-edge seconds. Slots with `counted[slot] === 0` (segments no profile of the
 * model may use) are treated as closed, so they can never count as reached.
 */
export function fillChainCosts(g: RoadGraph, t: ChainTopology, edgeSeconds: Float32Array, counted: Uint8Array, out: ChainCosts): void {
  const { fw, bw, ifw, ibw, fromA, fromB, arcSeconds, wholeFw, wholeBw } = out;
  const rev = g.edgeReverse;
  const slotEdge = t.slotEdge, along = t.slotAlong;
  for (let s = 0; s < slotEdge.length; s++) {
    if (counted[s] === 0) {
      fw[s] = Infinity;
      bw[s] = Infinity;
      ifw[s] = 0;
      ibw[s] = 0;
      continue;
    }
    const e = slotEdge[s], r = rev[e];
    const we = edgeSeconds[e], wr = r >= 0 ? edgeSeconds[r] : Infinity;
    if (along[s] === 1) {
      fw[s] = we;
      bw[s] = wr;
    } else {
      fw[s] = wr;
      bw[s] = we;
    }
    ifw[s] = 1 / fw[s]; // Infinity → 0; a zero-second slot → Infinity (reached whole)
    ibw[s] = 1 / bw[s];
  }
  const first = t.chainFirst;
  for (let c = 0; c < t.chainCount; c++) {
    const s0 = first[c], s1 = first[c + 1];
    const b0 = s0 + c, k = s1 - s0;
    let sum = 0;
    fromA[b0] = 0;
    for (let i = 0; i < k; i++) {
      sum += fw[s0 + i];
      fromA[b0 + i + 1] = sum;
    }
    wholeFw[c] = sum;
    sum = 0;
    fromB[b0 + k] = 0;
    for (let i = k - 1; i >= 0; i--) {
      sum += bw[s0 + i];
      fromB[b0 + i] = sum;
    }
    wholeBw[c] = sum;
  }
  const arcId = t.coreArcId;
  for (let i = 0; i < arcId.length; i++) {
    const id = arcId[i], c = id >> 1;
    const b0 = first[c] + c, k = first[c + 1] - first[c];
    arcSeconds[i] = (id & 1) === 0 ? fromA[b0 + k] : fromB[b0];
  }
}

const shared = new WeakMap<Float32Array, ChainCosts>();
const allSlots = new WeakMap<ChainTopology, Uint8Array>();

/**
 * The chain costs of one cost array, built once and shared by everything that searches the core
 * graph with it (coverage, dispatch ETAs). No slot is masked: a profile's costs are already
 * Infinity on every segment it may not use. Cost arrays are never changed in place (a new hour
 * or closure makes a new array), so the array itself is the key.
 */
export function chainCostsOf(g: RoadGraph, t: ChainTopology, edgeSeconds: Float32Array): ChainCosts {
  let cc = shared.get(edgeSeconds);
  if (!cc) {
    let all = allSlots.get(t);
    if (!all) allSlots.set(t, (all = new Uint8Array(t.slotEdge.length).fill(1)));
    cc = allocateChainCosts(t);
    fillChainCosts(g, t, edgeSeconds, all, cc);
    shared.set(edgeSeconds, cc);
  }
  return cc;
}

/** Uses chain costs filled by another thread for this thread's copy of the same cost array. */
export function adoptChainCosts(edgeSeconds: Float32Array, cc: ChainCosts): void {
  shared.set(edgeSeconds, cc);
}
