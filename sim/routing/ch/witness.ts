// Witness search: a bounded Dijkstra from an in-neighbour u of the node v being contracted, over
// the not-yet-contracted graph without v. A path u → w no longer than u → v → w makes the
// shortcut unnecessary. Limits (settled nodes, hops) only ever cost a redundant shortcut: an
// unfinished search reports a distance that is too long, never too short, because every label
// (settled or not) is the length of a real path.

import { MinHeap } from '../min-heap.ts';
import type { ArcLists } from './dynamic-graph.ts';

export const STATS = { runs: 0, settled: 0, relaxed: 0, pushes: 0, limitHits: 0 };
export class WitnessSearch {
  private readonly dist: Float64Array;
  private readonly hops: Uint16Array;
  /** dist/hops of x are valid when stamp[x] === current (saves clearing whole arrays) */
  private readonly stamp: Uint32Array;
  /** x is a target of this run when targetStamp[x] === current; doneStamp: already witnessed */
  private readonly targetStamp: Uint32Array;
  private readonly doneStamp: Uint32Array;
  private readonly bound: Float64Array;
  private current = 0;
  private readonly heap: MinHeap;

  constructor(nodeCount: number) {
    this.dist = new Float64Array(nodeCount);
    this.hops = new Uint16Array(nodeCount);
    this.stamp = new Uint32Array(nodeCount);
    this.targetStamp = new Uint32Array(nodeCount);
    this.doneStamp = new Uint32Array(nodeCount);
    this.bound = new Float64Array(nodeCount);
    this.heap = new MinHeap(256);
  }

  /** Length of the best path source → x avoiding `skip` found by the last run (Infinity if none). */
  distTo(x: number): number {
    return this.stamp[x] === this.current ? this.dist[x] : Infinity;
  }

  /**
   * Searches from `source` avoiding `skip` until every target t has a path no longer than its
   * bound (the length via the skipped node), no remaining target can get one, `settleLimit`
   * nodes are settled, or the heap is empty. Nodes `hopLimit` arcs away are not expanded.
   */
  run(
    out: ArcLists,
    source: number,
    skip: number,
    targets: Int32Array,
    bounds: Float64Array,
    targetCount: number,
    settleLimit: number,
    hopLimit: number,
  ): void {
    if (++this.current === 0xffffffff) {
      this.stamp.fill(0);
      this.targetStamp.fill(0);
      this.doneStamp.fill(0);
      this.current = 1;
    }
    const cur = this.current;
    const dist = this.dist, hops = this.hops, stamp = this.stamp, heap = this.heap;
    const tstamp = this.targetStamp, done = this.doneStamp, bound = this.bound;
    let remaining = targetCount, maxDist = -Infinity;
    for (let i = 0; i < targetCount; i++) {
      const t = targets[i];
      tstamp[t] = cur;
      bound[t] = bounds[i];
      if (bounds[i] > maxDist) maxDist = bounds[i];
    }
    heap.clear();
    STATS.runs++;
    dist[source] = 0;
    hops[source] = 0;
    stamp[source] = cur;
    heap.push(source, 0);
    const start = out.start, len = out.length, other = out.other, weight = out.weight;
    let settled = 0;
    while (heap.length > 0) {
      const x = heap.pop();
      const d = heap.lastKey;
      if (d > dist[x]) continue; // stale duplicate
      if (d > maxDist) break;
      if (++settled > settleLimit) { STATS.limitHits++; break; }
      STATS.settled++;
      const h = hops[x] + 1;
      if (h > hopLimit) continue;
      for (let i = start[x], end = i + len[x]; i < end; i++) {
        const y = other[i];
        if (y === skip) continue;
        const nd = d + weight[i];
        STATS.relaxed++;
        if (stamp[y] !== cur || nd < dist[y]) {
          stamp[y] = cur;
          dist[y] = nd;
          hops[y] = h;
          heap.push(y, nd);
          STATS.pushes++;
          // A target is witnessed as soon as any path is short enough; no need to settle it.
          if (tstamp[y] === cur && done[y] !== cur && nd <= bound[y]) {
            done[y] = cur;
            if (--remaining === 0) return;
            if (bound[y] === maxDist) maxDist = this.largestOpenBound(targets, targetCount);
          }
        }
      }
    }
  }

  private largestOpenBound(targets: Int32Array, count: number): number {
    const cur = this.current;
    let m = -Infinity;
    for (let i = 0; i < count; i++) {
      const t = targets[i];
      if (this.doneStamp[t] !== cur && this.bound[t] > m) m = this.bound[t];
    }
    return m;
  }
}
