// Exact reach inside one chain for one profile, from the times at its two ends (and from units
// standing on it). Positions along a chain are metres from its A end. Driving from A covers a
// prefix of the chain, driving from B a suffix, and a unit on the chain covers an interval
// around itself; the time along each is piecewise linear, so the ends of these pieces are
// computed, not sampled. A term exists only where the profile may drive that way, as in
// sim/rings/road-times.ts, whose per-segment field this reproduces chain by chain.

import type { ChainCosts } from './chain-costs.ts';
import type { ChainTopology } from './chains.ts';

/** A unit standing on a chain: slot, fraction from the slot's A side, seconds already spent. */
export interface ChainOrigin {
  slot: number;
  t: number;
  off: number;
}

/** Metres from A of fraction t of a slot. */
export function slotPosition(top: ChainTopology, slot: number, t: number): number {
  const c = top.slotChain[slot];
  return top.boundaryMeters[slot + c] + t * top.slotLength[slot];
}

/**
 * The interval a unit on the chain reaches within `budget` ≥ 0 seconds (its own off-road leg
 * already taken off), written as [start, end] metres into out[at], out[at+1]; returns how many
 * numbers were written (0, 2 or 4: one interval per drivable direction).
 */
export function originIntervals(top: ChainTopology, cc: ChainCosts, o: ChainOrigin, budget: number, out: Float64Array, at: number): number {
  const c = top.slotChain[o.slot];
  const s0 = top.chainFirst[c], s1 = top.chainFirst[c + 1];
  const x0 = slotPosition(top, o.slot, o.t);
  const fw = cc.fw, bw = cc.bw, len = top.slotLength, bm = top.boundaryMeters;
  let n = 0;
  if (fw[o.slot] !== Infinity) {
    // Forward: the rest of the own slot, then whole slots while the budget lasts.
    let s = o.slot, left = budget, f = o.t, end = x0;
    for (;;) {
      const w = fw[s];
      if (w === Infinity) break;
      const need = (1 - f) * w;
      if (need > left) {
        end = bm[s + c] + Math.min(1, f + left / w) * len[s];
        break;
      }
      left -= need;
      end = bm[s + c + 1];
      if (++s === s1) break;
      f = 0;
    }
    out[at + n++] = x0;
    out[at + n++] = end;
  }
  if (bw[o.slot] !== Infinity) {
    let s = o.slot, left = budget, f = o.t, start = x0;
    for (;;) {
      const w = bw[s];
      if (w === Infinity) break;
      const need = f * w;
      if (need > left) {
        start = bm[s + c] + Math.max(0, f - left / w) * len[s];
        break;
      }
      left -= need;
      start = bm[s + c];
      if (--s < s0) break;
      f = 1;
    }
    out[at + n++] = start;
    out[at + n++] = x0;
  }
  return n;
}

/** Seconds from a unit on the chain to its ends A and B along the chain (Infinity if blocked). */
export function originToEnds(top: ChainTopology, cc: ChainCosts, o: ChainOrigin): [toA: number, toB: number] {
  const c = top.slotChain[o.slot];
  const s0 = top.chainFirst[c], s1 = top.chainFirst[c + 1];
  let toB = Infinity, toA = Infinity;
  if (cc.fw[o.slot] !== Infinity) {
    toB = o.off + (1 - o.t) * cc.fw[o.slot];
    for (let s = o.slot + 1; s < s1; s++) toB += cc.fw[s];
  }
  if (cc.bw[o.slot] !== Infinity) {
    toA = o.off + o.t * cc.bw[o.slot];
    for (let s = o.slot - 1; s >= s0; s--) toA += cc.bw[s];
  }
  return [toA, toB];
}

/** Seconds to fraction t of a slot from the chain ends labelled a (at A) and b (at B). */
export function timeFromEnds(top: ChainTopology, cc: ChainCosts, a: number, b: number, slot: number, t: number): number {
  const c = top.slotChain[slot];
  let best = Infinity;
  const wf = cc.fw[slot], wb = cc.bw[slot];
  if (wf !== Infinity) best = a + cc.fromA[slot + c] + t * wf;
  if (wb !== Infinity) {
    const x = b + cc.fromB[slot + c + 1] + (1 - t) * wb;
    if (x < best) best = x;
  }
  return best;
}

/** Seconds to fraction t of a slot driving from a unit on the same chain (Infinity if blocked). */
export function timeFromOrigin(top: ChainTopology, cc: ChainCosts, o: ChainOrigin, slot: number, t: number): number {
  // Right where the unit stands: either drivable direction will do (the rest looks ahead only).
  if (slot === o.slot && t === o.t) return cc.fw[slot] !== Infinity || cc.bw[slot] !== Infinity ? o.off : Infinity;
  if (slot > o.slot || (slot === o.slot && t >= o.t)) {
    if (cc.fw[slot] === Infinity) return Infinity;
    if (slot === o.slot) return o.off + (t - o.t) * cc.fw[slot];
    // Leaving the own slot forwards needs it drivable that way, even from its very end (as a
    // route from a point does); 0 · Infinity would give NaN.
    if (cc.fw[o.slot] === Infinity) return Infinity;
    let x = o.off + (1 - o.t) * cc.fw[o.slot];
    for (let s = o.slot + 1; s < slot; s++) x += cc.fw[s];
    return x + t * cc.fw[slot];
  }
  if (cc.bw[slot] === Infinity) return Infinity;
  if (slot === o.slot) return o.off + (o.t - t) * cc.bw[slot];
  if (cc.bw[o.slot] === Infinity) return Infinity;
  let x = o.off + o.t * cc.bw[o.slot];
  for (let s = o.slot - 1; s > slot; s--) x += cc.bw[s];
  return x + (1 - t) * cc.bw[slot];
}

/**
 * Sorts `count` [start, end] pairs of `pairs` by start and merges them in place into disjoint
 * intervals; returns how many remain.
 */
export function mergeIntervals(pairs: Float64Array, count: number, order: number[]): number {
  order.length = 0;
  for (let i = 0; i < count; i++) if (pairs[2 * i + 1] > pairs[2 * i]) order.push(i);
  order.sort((i, j) => pairs[2 * i] - pairs[2 * j]);
  const starts: number[] = [], ends: number[] = [];
  for (const i of order) {
    const s = pairs[2 * i], e = pairs[2 * i + 1];
    const last = ends.length - 1;
    if (last >= 0 && s <= ends[last]) {
      if (e > ends[last]) ends[last] = e;
    } else {
      starts.push(s);
      ends.push(e);
    }
  }
  for (let i = 0; i < starts.length; i++) {
    pairs[2 * i] = starts[i];
    pairs[2 * i + 1] = ends[i];
  }
  return starts.length;
}

/** Metres of [x0, x1] inside `count` disjoint intervals of `pairs`. */
export function overlapMeters(pairs: Float64Array, count: number, x0: number, x1: number): number {
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const lo = pairs[2 * i] > x0 ? pairs[2 * i] : x0;
    const hi = pairs[2 * i + 1] < x1 ? pairs[2 * i + 1] : x1;
    if (hi > lo) sum += hi - lo;
  }
  return sum;
}
