// One upward Dijkstra over a rank-indexed CSR (the forward or backward upward graph), with
// stall-on-demand and stamped labels so that a search costs only what it touches.
//
// Stall-on-demand: x is reached via the upward graph only; if some higher node y already has a
// label with d(y) + (arc y–x in the opposite graph) < d(x), then d(x) is not the true distance
// and x cannot be the meeting point of a shortest path, so it is neither expanded nor reported.
// A tiny relative margin keeps rounding noise from ever stalling a node on a shortest path.

import { MinHeap } from '../min-heap.ts';

const STALL_MARGIN = 1 - 1e-9;

/** A rank-indexed CSR: arcs of r are i in first[r] .. first[r+1]-1 to other[i] with weight[i]. */
export interface RankCsr {
  readonly first: Uint32Array;
  readonly other: Uint32Array;
  readonly weight: Float64Array;
}

export class UpwardSearch {
  readonly dist: Float64Array;
  private readonly stamp: Uint32Array;
  private current = 0;
  readonly heap: MinHeap;
  /** ranks settled (and not stalled) by the last `runAll`, with their labels */
  readonly settledRank: Uint32Array;
  readonly settledDist: Float64Array;
  settledCount = 0;

  constructor(nodeCount: number) {
    this.dist = new Float64Array(nodeCount);
    this.stamp = new Uint32Array(nodeCount);
    this.settledRank = new Uint32Array(nodeCount);
    this.settledDist = new Float64Array(nodeCount);
    this.heap = new MinHeap(256);
  }

  /** Starts a new search: all labels become Infinity without touching the arrays. */
  begin(): void {
    if (++this.current === 0xffffffff) {
      this.stamp.fill(0);
      this.current = 1;
    }
    this.heap.clear();
    this.settledCount = 0;
  }

  label(r: number): number {
    return this.stamp[r] === this.current ? this.dist[r] : Infinity;
  }

  seed(r: number, seconds: number): void {
    if (!(seconds < this.label(r))) return;
    this.stamp[r] = this.current;
    this.dist[r] = seconds;
    this.heap.push(r, seconds);
  }

  /**
   * Settles the next node: returns its rank, or -1 when the popped entry was stale or the node
   * was stalled (call again while the heap is not empty).
   */
  step(up: RankCsr, down: RankCsr): number {
    const heap = this.heap, dist = this.dist, stamp = this.stamp, cur = this.current;
    const x = heap.pop();
    const d = heap.lastKey;
    if (d > dist[x]) return -1;
    // Stall check through the opposite graph's arcs at x (they all touch higher nodes).
    const dOther = down.other, dWeight = down.weight;
    const bound = d * STALL_MARGIN;
    for (let i = down.first[x], end = down.first[x + 1]; i < end; i++) {
      const y = dOther[i];
      if (stamp[y] === cur && dist[y] + dWeight[i] < bound) return -1;
    }
    const other = up.other, weight = up.weight;
    for (let i = up.first[x], end = up.first[x + 1]; i < end; i++) {
      const y = other[i];
      const nd = d + weight[i];
      if (stamp[y] !== cur || nd < dist[y]) {
        stamp[y] = cur;
        dist[y] = nd;
        heap.push(y, nd);
      }
    }
    return x;
  }

  /** Runs to exhaustion, recording the settled, unstalled ranks in settledRank/settledDist. */
  runAll(up: RankCsr, down: RankCsr): void {
    const heap = this.heap;
    let n = 0;
    while (heap.length > 0) {
      const x = this.step(up, down);
      if (x < 0) continue;
      this.settledRank[n] = x;
      this.settledDist[n] = this.dist[x];
      n++;
    }
    this.settledCount = n;
  }
}
