// The hot loops of `measure`. Without a unit on it, the part of a chain reached within L is a
// prefix [0, pre] (driving in from A) and a suffix [suf, length] (from B), in metres from A;
// several profiles merge by taking the longest prefix and the longest suffix. The pass visits
// only the chains at core nodes some search reached, and adds the reached part of every patrol
// zone and line stretch on a chain while it is there (see chain-targets.ts).

import type { ChainCosts } from './chain-costs.ts';
import type { ChainTargets } from './chain-targets.ts';
import type { ChainTopology } from './chains.ts';
import type { CoreSearch } from './core-search.ts';

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
 * Merges into pre[k] (max) the prefix of chain c one profile reaches within thresholds[k] from
 * its A end, labelled a ≤ the largest threshold, for the first nT thresholds. Thresholds ascend, so the slot the reach stops
 * in only moves on from one threshold to the next.
 */
function mergePrefix(top: ChainTopology, cc: ChainCosts, c: number, a: number, thresholds: Float64Array, nT: number, pre: Float64Array): void {
  const s0 = top.chainFirst[c], n = top.chainFirst[c + 1] - s0, b0 = s0 + c;
  const fromA = cc.fromA, whole = fromA[b0 + n];
  let i = 0;
  for (let k = 0; k < nT; k++) {
    const budget = thresholds[k] - a;
    if (budget < 0) continue;
    if (whole <= budget) {
      for (; k < nT; k++) pre[k] = top.chainLength[c];
      return;
    }
    while (fromA[b0 + i + 1] <= budget) i++;
    const x = top.boundaryMeters[b0 + i] + unit((budget - fromA[b0 + i]) * cc.ifw[s0 + i]) * top.slotLength[s0 + i];
    if (x > pre[k]) pre[k] = x;
  }
}

/** Merges into suf[k] (min) the suffix reached from the B end, labelled b; as mergePrefix. */
function mergeSuffix(top: ChainTopology, cc: ChainCosts, c: number, b: number, thresholds: Float64Array, nT: number, suf: Float64Array): void {
  const s0 = top.chainFirst[c], n = top.chainFirst[c + 1] - s0, b0 = s0 + c;
  const fromB = cc.fromB, whole = fromB[b0];
  let i = n;
  for (let k = 0; k < nT; k++) {
    const budget = thresholds[k] - b;
    if (budget < 0) continue;
    if (whole <= budget) {
      for (; k < nT; k++) suf[k] = 0;
      return;
    }
    while (fromB[b0 + i - 1] <= budget) i--;
    const x = top.boundaryMeters[b0 + i] - unit((budget - fromB[b0 + i]) * cc.ibw[s0 + i - 1]) * top.slotLength[s0 + i - 1];
    if (x < suf[k]) suf[k] = x;
  }
}

const BOTH_WAYS = 3;
const dominanceCache = new WeakMap<ChainCosts, WeakMap<ChainCosts, Uint8Array>>();

/**
 * Per chain: bit 0 when `fast` drives every slot from A to B in no more seconds than `slow`, bit 1
 * the same from B to A. Cost tables change hourly and repeat, so pairs are kept.
 */
export function dominance(top: ChainTopology, fast: ChainCosts, slow: ChainCosts): Uint8Array {
  let bySlow = dominanceCache.get(fast);
  if (!bySlow) dominanceCache.set(fast, (bySlow = new WeakMap()));
  let dom = bySlow.get(slow);
  if (dom) return dom;
  dom = new Uint8Array(top.chainCount);
  const first = top.chainFirst;
  for (let c = 0; c < top.chainCount; c++) {
    let fw = 1, bw = 2;
    for (let s = first[c]; s < first[c + 1]; s++) {
      if (!(fast.fw[s] <= slow.fw[s])) fw = 0;
      if (!(fast.bw[s] <= slow.bw[s])) bw = 0;
    }
    dom[c] = fw | bw;
  }
  bySlow.set(slow, dom);
  return dom;
}

/** Metres of [x0, x1] inside [0, p] ∪ [s, T] (one piece when p ≥ s). */
const stretchMeters = (x0: number, x1: number, p: number, s: number): number => {
  if (p >= s) return x1 - x0;
  let got = 0;
  if (p > x0) got += (p < x1 ? p : x1) - x0;
  if (s < x1) got += x1 - (s > x0 ? s : x0);
  return got;
};

/**
 * The pass over the chains of one measure. Only chains incident to a core node that some active
 * profile reached within the largest threshold can be reached from their ends, so only those are
 * visited. The profile that reached the most of the graph (the cars) is read straight from its
 * labels in one tight loop over the chains; every other profile marks the chains at the nodes it
 * reached (a bit per profile), so one that reached little (units on foot) costs little. A chain
 * several profiles reached takes the longest prefix and suffix over them. Chains are visited in
 * their own order, which is the order of their data in memory.
 */
/** Some chains only: a mask over all chains (1 = in) and the same as a list. */
export interface ChainSubset {
  mask: Uint8Array;
  list: Uint32Array;
}

export class ReachPass {
  private readonly mask: Uint8Array;
  private readonly pre: Float64Array;
  private readonly suf: Float64Array;
  /** per threshold: metres of the chains reached end to end from that threshold on */
  private readonly wholeFrom: Float64Array;
  /** the same per target row, like acc */
  private accWhole = new Float64Array(0);
  /** 0 .. chainCount−1: the chains a pass visits without a subset */
  private readonly allChains: Uint32Array;

  constructor(
    readonly top: ChainTopology,
    readonly thresholds: Float64Array,
  ) {
    this.mask = new Uint8Array(top.chainCount);
    this.pre = new Float64Array(thresholds.length);
    this.suf = new Float64Array(thresholds.length);
    this.wholeFrom = new Float64Array(thresholds.length + 1);
    this.allChains = Uint32Array.from({ length: top.chainCount }, (_, c) => c);
  }

  /**
   * Adds to meters[k] the road reached within thresholds[k] on every chain without a unit on it
   * (`head[c] < 0`; chains with units are left to the caller), and to acc[row * nT + k] the
   * reached metres of each target stretch on those chains. `searches[i]` has run with the costs
   * `ccs[i]` (at most 8 profiles). With `subset`, only its chains are counted.
   */
  run(
    searches: readonly CoreSearch[],
    ccs: readonly ChainCosts[],
    head: Int32Array,
    meters: Float64Array,
    targets: ChainTargets,
    acc: Float64Array,
    subset: ChainSubset | null = null,
  ): void {
    const P = searches.length;
    if (P > 8) throw new RangeError(`Unexpected profile count: ${P}.`);
    // The profile read from its labels: the one that reached the most, if that is much.
    let big = -1;
    for (let i = 0; i < P; i++) {
      const n = searches[i].reachedCount;
      if (n > searches[i].dist.length >> 4 && (big < 0 || n > searches[big].reachedCount)) big = i;
    }
    let marked = false;
    const bigDist = big >= 0 ? searches[big].dist : null;
    for (let i = 0; i < P; i++) {
      if (i === big) continue;
      const dom = bigDist ? dominance(this.top, ccs[big], ccs[i]) : null;
      marked = this.mark(searches[i], 1 << i, bigDist, dom, subset) || marked;
    }
    if (big >= 0) this.bigProfile(big, marked, searches, ccs, head, meters, targets, acc, subset);
    if (marked) this.markedChains(big, searches, ccs, head, meters, targets, acc, subset);
  }

  /**
   * Sets `bit` on the chains at the nodes a search reached, except where the big profile reaches
   * as much: it got to both ends no later (`bigDist`) and drives every slot of the chain no slower
   * either way (`dom`), so its prefix and suffix are at least this profile's at every threshold.
   * False when it marked none.
   */
  private mark(search: CoreSearch, bit: number, bigDist: Float64Array | null, dom: Uint8Array | null, subset: ChainSubset | null): boolean {
    const only = subset?.mask ?? null;
    const mask = this.mask, ccFirst = this.top.coreChainFirst, ccList = this.top.coreChain;
    const from = this.top.chainFrom, to = this.top.chainTo, dist = search.dist;
    const { reached, reachedCount } = search;
    let any = false;
    for (let j = 0; j < reachedCount; j++) {
      const u = reached[j];
      for (let x = ccFirst[u]; x < ccFirst[u + 1]; x++) {
        const c = ccList[x];
        if (only !== null && only[c] === 0) continue;
        if (bigDist !== null && dom !== null && dom[c] === BOTH_WAYS && bigDist[from[c]] <= dist[from[c]] && bigDist[to[c]] <= dist[to[c]]) continue;
        mask[c] |= bit;
        any = true;
      }
    }
    return any;
  }

  /**
   * The chains only the big profile reached: its closed forms inline, in a loop without calls
   * (so the compiler keeps the arrays in registers).
   */
  private bigProfile(
    big: number,
    marked: boolean,
    searches: readonly CoreSearch[],
    ccs: readonly ChainCosts[],
    head: Int32Array,
    meters: Float64Array,
    targets: ChainTargets,
    acc: Float64Array,
    subset: ChainSubset | null,
  ): void {
    const top = this.top, thresholds = this.thresholds, nT = thresholds.length, Lmax = thresholds[nT - 1];
    const mask = this.mask;
    const first = top.chainFirst, from = top.chainFrom, to = top.chainTo, len = top.slotLength;
    const chainLength = top.chainLength, bm = top.boundaryMeters;
    const cc = ccs[big], dist = searches[big].dist;
    const fromA = cc.fromA, fromB = cc.fromB, ifw = cc.ifw, ibw = cc.ibw, wholeFw = cc.wholeFw, wholeBw = cc.wholeBw;
    const tFirst = targets.first, tx0 = targets.x0, tx1 = targets.x1, tRow = targets.row;
    const wholeFrom = this.wholeFrom.fill(0), hasTargets = tx0.length > 0;
    if (this.accWhole.length < acc.length) this.accWhole = new Float64Array(acc.length);
    const accWhole = this.accWhole.subarray(0, acc.length).fill(0);
    const list = subset?.list ?? this.allChains, count = list.length;
    for (let x = 0; x < count; x++) {
      const c = list[x];
      const a = dist[from[c]], b = dist[to[c]];
      if (!(a <= Lmax) && !(b <= Lmax)) continue;
      if ((marked && mask[c] !== 0) || head[c] >= 0) continue;
      const T = chainLength[c];
      const wholeA = a + wholeFw[c], wholeB = b + wholeBw[c];
      const e0 = hasTargets ? tFirst[c] : 0, e1 = hasTargets ? tFirst[c + 1] : 0;
      // Reached end to end from the first threshold kw ≥ wholeA or wholeB on: counted once, in
      // wholeFrom[kw], and summed over the thresholds at the end.
      // (Counted without early exits: which threshold a chain falls at is data the branch
      // predictor cannot guess.)
      const whole = wholeA < wholeB ? wholeA : wholeB;
      const near = a < b ? a : b;
      let kw = 0, k0 = 0;
      for (let k = 0; k < nT; k++) {
        const L = thresholds[k];
        kw += whole <= L ? 0 : 1;
        k0 += near <= L ? 0 : 1;
      }
      wholeFrom[kw] += T; // wholeFrom[nT]: never reached end to end
      if (e0 < e1 && kw < nT) for (let e = e0; e < e1; e++) accWhole[tRow[e] * nT + kw] += tx1[e] - tx0[e];
      // Below k0 neither end is reached, so nothing of the chain is.
      if (k0 >= kw) continue;
      const s0 = first[c], n = first[c + 1] - s0, b0 = s0 + c;
      // Below kw, the slot where each end's reach stops only moves inwards as thresholds grow.
      let i = 0, j = n;
      for (let k = k0; k < kw; k++) {
        const L = thresholds[k];
        let p = 0, s = T;
        if (a <= L) {
          const budget = L - a;
          if (wholeFw[c] <= budget) p = T;
          else {
            while (fromA[b0 + i + 1] <= budget) i++;
            p = bm[b0 + i] + unit((budget - fromA[b0 + i]) * ifw[s0 + i]) * len[s0 + i];
          }
        }
        if (b <= L) {
          const budget = L - b;
          if (wholeBw[c] <= budget) s = 0;
          else {
            while (fromB[b0 + j - 1] <= budget) j--;
            s = bm[b0 + j] - unit((budget - fromB[b0 + j]) * ibw[s0 + j - 1]) * len[s0 + j - 1];
          }
        }
        meters[k] += p >= s ? T : p + (T - s);
        for (let e = e0; e < e1; e++) acc[tRow[e] * nT + k] += stretchMeters(tx0[e], tx1[e], p, s);
      }
    }
    for (let k = 0; k < nT; k++) {
      let sum = 0;
      for (let x = 0; x <= k; x++) sum += wholeFrom[x];
      meters[k] += sum;
    }
    for (let r = 0; r < accWhole.length; r += nT) {
      let sum = 0;
      for (let k = 0; k < nT; k++) {
        sum += accWhole[r + k];
        acc[r + k] += sum;
      }
    }
  }

  /** The marked chains, with the big profile where it reached them too; clears the marks. */
  private markedChains(
    big: number,
    searches: readonly CoreSearch[],
    ccs: readonly ChainCosts[],
    head: Int32Array,
    meters: Float64Array,
    targets: ChainTargets,
    acc: Float64Array,
    subset: ChainSubset | null,
  ): void {
    const mask = this.mask, pre = this.pre, suf = this.suf, nT = this.thresholds.length;
    const chainLength = this.top.chainLength, from = this.top.chainFrom, to = this.top.chainTo;
    const Lmax = this.thresholds[nT - 1], bigDist = big >= 0 ? searches[big].dist : null;
    const list = subset?.list ?? this.allChains, count = list.length;
    for (let x = 0; x < count; x++) {
      const c = list[x];
      const m = mask[c];
      if (m === 0) continue;
      mask[c] = 0;
      if (head[c] >= 0) continue;
      for (let k = 0; k < nT; k++) {
        pre[k] = 0;
        suf[k] = chainLength[c];
      }
      // The big profile first: the others matter only below the threshold where it has
      // reached the whole chain (mostly the first).
      let kEnd = nT;
      if (bigDist !== null && (bigDist[from[c]] <= Lmax || bigDist[to[c]] <= Lmax)) {
        this.mergeProfile(c, big, nT, searches, ccs);
        while (kEnd > 0 && pre[kEnd - 1] >= suf[kEnd - 1]) kEnd--;
      }
      if (kEnd > 0) for (let i = 0; i < searches.length; i++) if ((m >> i) & 1) this.mergeProfile(c, i, kEnd, searches, ccs);
      this.addMerged(c, meters, targets, acc);
    }
  }

  /** Merges profile i's reach on chain c into pre/suf for the first nT thresholds. */
  private mergeProfile(c: number, i: number, nT: number, searches: readonly CoreSearch[], ccs: readonly ChainCosts[]): void {
    const top = this.top, thr = this.thresholds, Lmax = thr[thr.length - 1];
    const dist = searches[i].dist, a = dist[top.chainFrom[c]], b = dist[top.chainTo[c]];
    if (a <= Lmax) mergePrefix(top, ccs[i], c, a, thr, nT, this.pre);
    if (b <= Lmax) mergeSuffix(top, ccs[i], c, b, thr, nT, this.suf);
  }

  /** Adds chain c's merged pre/suf to the road and its target stretches. */
  private addMerged(c: number, meters: Float64Array, targets: ChainTargets, acc: Float64Array): void {
    const nT = this.thresholds.length, pre = this.pre, suf = this.suf, T = this.top.chainLength[c];
    const e0 = targets.first[c], e1 = targets.first[c + 1];
    for (let k = 0; k < nT; k++) {
      const p = pre[k], s = suf[k];
      meters[k] += p >= s ? T : p + (T - s);
      for (let e = e0; e < e1; e++) acc[targets.row[e] * nT + k] += stretchMeters(targets.x0[e], targets.x1[e], p, s);
    }
  }
}
