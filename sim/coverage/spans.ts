// The hot loops of `measure`. Without a unit on it, the part of a chain reached within L is a
// prefix [0, pre] (driving in from A) and a suffix [suf, length] (from B), in metres from A;
// several profiles merge by taking the longest prefix and the longest suffix. A chain of one
// segment (most of them) needs no search along it: with f = clamp((L − a)/w, 0, 1) from each
// end, the reached share is min(1, f_A + f_B), computed without branches on the thresholds.

import type { ChainCosts } from './chain-costs.ts';
import type { ChainTopology } from './chains.ts';

/** clamp(x, 0, 1), with NaN (an unreached end of an undrivable direction) as 0. */
const unit = (x: number): number => (x > 0 ? (x < 1 ? x : 1) : 0);

/** End (metres from A) of the part reached from A with `budget` ≥ 0 seconds left at A. */
export function prefixEnd(top: ChainTopology, cc: ChainCosts, c: number, budget: number): number {
  const s0 = top.chainFirst[c], n = top.chainFirst[c + 1] - s0, b0 = s0 + c;
  const fromA = cc.fromA;
  if (fromA[b0 + n] <= budget) return top.chainLength[c];
  let i = 0;
  while (fromA[b0 + i + 1] <= budget) i++;
  return top.boundaryMeters[b0 + i] + unit((budget - fromA[b0 + i]) * cc.ifw[s0 + i]) * top.slotLength[s0 + i];
}

/** Start (metres from A) of the part reached from B with `budget` ≥ 0 seconds left at B. */
export function suffixStart(top: ChainTopology, cc: ChainCosts, c: number, budget: number): number {
  const s0 = top.chainFirst[c], b0 = s0 + c;
  const fromB = cc.fromB;
  if (fromB[b0] <= budget) return 0;
  let i = top.chainFirst[c + 1] - s0;
  while (fromB[b0 + i - 1] <= budget) i--;
  return top.boundaryMeters[b0 + i] - unit((budget - fromB[b0 + i]) * cc.ibw[s0 + i - 1]) * top.slotLength[s0 + i - 1];
}

/**
 * Writes pre[k] / suf[k] of chain c for every threshold, all given profiles merged
 * (`dists[i]` the core labels of profile i, Infinity beyond the cutoff).
 */
export function chainSpans(
  top: ChainTopology,
  ccs: readonly ChainCosts[],
  dists: readonly Float64Array[],
  thresholds: Float64Array,
  c: number,
  pre: Float64Array,
  suf: Float64Array,
  at: number,
): void {
  const A = top.chainFrom[c], B = top.chainTo[c], T = top.chainLength[c];
  for (let k = 0; k < thresholds.length; k++) {
    const L = thresholds[k];
    let p = 0, s = T;
    for (let i = 0; i < dists.length; i++) {
      const a = dists[i][A], b = dists[i][B];
      if (a <= L) {
        const x = prefixEnd(top, ccs[i], c, L - a);
        if (x > p) p = x;
      }
      if (b <= L) {
        const x = suffixStart(top, ccs[i], c, L - b);
        if (x < s) s = x;
      }
    }
    pre[at + k] = p;
    suf[at + k] = s;
  }
}

/**
 * Adds to meters[k] the road reached within thresholds[k] on every chain without a unit on it
 * (`head[c] < 0`); chains with units are left to the caller.
 */
export function addNetworkMeters(
  top: ChainTopology,
  ccs: readonly ChainCosts[],
  dists: readonly Float64Array[],
  thresholds: Float64Array,
  head: Int32Array,
  meters: Float64Array,
): void {
  if (ccs.length === 1) {
    addSingleProfile(top, ccs[0], dists[0], thresholds, head, meters);
    return;
  }
  const nT = thresholds.length, Lmax = thresholds[nT - 1];
  const first = top.chainFirst, from = top.chainFrom, to = top.chainTo, slotLength = top.slotLength;
  const P = ccs.length;
  for (let c = 0; c < top.chainCount; c++) {
    if (head[c] >= 0) continue;
    const A = from[c], B = to[c];
    let near = false;
    for (let i = 0; i < P && !near; i++) near = dists[i][A] <= Lmax || dists[i][B] <= Lmax;
    if (!near) continue;
    const s0 = first[c];
    if (first[c + 1] - s0 === 1) {
      const len = slotLength[s0];
      for (let k = 0; k < nT; k++) {
        const L = thresholds[k];
        let fa = 0, fb = 0;
        for (let i = 0; i < P; i++) {
          const x = unit((L - dists[i][A]) * ccs[i].ifw[s0]);
          const y = unit((L - dists[i][B]) * ccs[i].ibw[s0]);
          if (x > fa) fa = x;
          if (y > fb) fb = y;
        }
        meters[k] += (fa + fb < 1 ? fa + fb : 1) * len;
      }
      continue;
    }
    const T = top.chainLength[c];
    for (let k = 0; k < nT; k++) {
      const L = thresholds[k];
      let p = 0, s = T;
      for (let i = 0; i < P; i++) {
        const a = dists[i][A], b = dists[i][B];
        if (a <= L) {
          const x = prefixEnd(top, ccs[i], c, L - a);
          if (x > p) p = x;
        }
        if (b <= L) {
          const x = suffixStart(top, ccs[i], c, L - b);
          if (x < s) s = x;
        }
      }
      meters[k] += p >= s ? T : p + (T - s);
    }
  }
}

function addSingleProfile(top: ChainTopology, cc: ChainCosts, dist: Float64Array, thresholds: Float64Array, head: Int32Array, meters: Float64Array): void {
  const nT = thresholds.length, Lmax = thresholds[nT - 1];
  const first = top.chainFirst, from = top.chainFrom, to = top.chainTo, slotLength = top.slotLength;
  const chainLength = top.chainLength, bm = top.boundaryMeters;
  const fromA = cc.fromA, fromB = cc.fromB, ifw = cc.ifw, ibw = cc.ibw;
  for (let c = 0; c < top.chainCount; c++) {
    const a = dist[from[c]], b = dist[to[c]];
    if (!(a <= Lmax) && !(b <= Lmax)) continue;
    if (head[c] >= 0) continue;
    const s0 = first[c], n = first[c + 1] - s0;
    if (n === 1) {
      const ia = ifw[s0], ib = ibw[s0], len = slotLength[s0];
      for (let k = 0; k < nT; k++) {
        const L = thresholds[k];
        const f = unit((L - a) * ia) + unit((L - b) * ib);
        meters[k] += (f < 1 ? f : 1) * len;
      }
      continue;
    }
    const b0 = s0 + c, T = chainLength[c];
    const fullA = a + fromA[b0 + n], fullB = b + fromB[b0];
    for (let k = 0; k < nT; k++) {
      const L = thresholds[k];
      if (fullA <= L || fullB <= L) {
        // Reached end to end: so it is for every larger threshold.
        for (; k < nT; k++) meters[k] += T;
        break;
      }
      let p = 0, s = T;
      if (a <= L) {
        const budget = L - a;
        if (fromA[b0 + n] <= budget) p = T;
        else {
          let i = 0;
          while (fromA[b0 + i + 1] <= budget) i++;
          p = bm[b0 + i] + unit((budget - fromA[b0 + i]) * ifw[s0 + i]) * slotLength[s0 + i];
        }
      }
      if (b <= L) {
        const budget = L - b;
        if (fromB[b0] <= budget) s = 0;
        else {
          let i = n;
          while (fromB[b0 + i - 1] <= budget) i--;
          s = bm[b0 + i] - unit((budget - fromB[b0 + i]) * ibw[s0 + i - 1]) * slotLength[s0 + i - 1];
        }
      }
      meters[k] += p >= s ? T : p + (T - s);
    }
  }
}
