// Bounded multi-source shortest times on the core graph with a bucket queue (Δ-stepping run on
// one thread). Labels fall into buckets of width Δ seconds that are emptied in order; inside a
// bucket a node is scanned again whenever its label improves, so the result is exact for any Δ
// (an arc shorter than Δ only costs a rescan). Bucket pushes and pops are O(1), which beats a
// binary heap on road graphs whose arcs are mostly several seconds long. All buffers are reused,
// and the search keeps the list of nodes it labelled, so resetting it and everything that reads
// its labels afterwards costs what it reached, not the size of the graph.

import type { ChainTopology } from './chains.ts';

/** Default bucket width in seconds: below almost every core arc of a city, so rescans are rare. */
export const DEFAULT_BUCKET_SECONDS = 0.5;
const MAX_BUCKETS = 1 << 16;

export class CoreSearch {
  /** seconds to each core node (Infinity = beyond the cutoff); valid until the next run */
  readonly dist: Float64Array;
  /** the nodes with a finite label, in the order they got one: reached[0 .. reachedCount-1] */
  readonly reached: Uint32Array;
  reachedCount = 0;
  private heads = new Int32Array(0);
  private next = new Int32Array(1024);
  private item = new Uint32Array(1024);
  /** the label an entry was pushed with: stale once the node's label is lower */
  private label = new Float64Array(1024);
  private used = 0;

  constructor(
    readonly topology: ChainTopology,
    readonly bucketSeconds = DEFAULT_BUCKET_SECONDS,
  ) {
    this.dist = new Float64Array(topology.coreCount).fill(Infinity);
    this.reached = new Uint32Array(topology.coreCount);
  }

  /** Clears the labels; then call `seed` for every start and `run` once. */
  reset(cutoff: number): void {
    const dist = this.dist, reached = this.reached;
    if (this.reachedCount > dist.length >> 3) {
      // Most of the graph: in order is faster than jumping around.
      dist.fill(Infinity);
    } else {
      for (let j = 0; j < this.reachedCount; j++) dist[reached[j]] = Infinity;
    }
    this.reachedCount = 0;
    const width = Math.max(this.bucketSeconds, cutoff / MAX_BUCKETS);
    const count = Math.floor(cutoff / width) + 1;
    if (this.heads.length < count) this.heads = new Int32Array(count);
    this.heads.fill(-1, 0, count);
    this.used = 0;
  }

  seed(core: number, seconds: number, cutoff: number): void {
    if (seconds < this.dist[core] && seconds <= cutoff) {
      if (this.dist[core] === Infinity) this.reached[this.reachedCount++] = core;
      this.dist[core] = seconds;
      this.push(core, Math.floor(seconds / this.width(cutoff)));
    }
  }

  /**
   * A label known before the search, not queued: a part of the answer already final (the field
   * of units that have not moved, see StationaryFields). Nodes it reaches first are skipped by
   * the search. Call after `reset` and before `run`.
   */
  preset(core: number, seconds: number): void {
    if (seconds < this.dist[core]) {
      if (this.dist[core] === Infinity) this.reached[this.reachedCount++] = core;
      this.dist[core] = seconds;
    }
  }

  run(arcSeconds: Float64Array, cutoff: number): void {
    const t = this.topology;
    const first = t.coreArcFirst, to = t.coreArcTo;
    const dist = this.dist, reached = this.reached;
    let reachedCount = this.reachedCount;
    const width = this.width(cutoff), inv = 1 / width;
    const count = Math.floor(cutoff / width) + 1;
    const heads = this.heads;
    let next = this.next, item = this.item, label = this.label, used = this.used;
    for (let k = 0; k < count; k++) {
      while (heads[k] >= 0) {
        const entry = heads[k];
        heads[k] = next[entry];
        const u = item[entry];
        const d = label[entry];
        if (d !== dist[u]) continue; // a later entry holds its lower label
        const end = first[u + 1];
        if (used + end - first[u] > item.length) {
          // Room for every push of this scan, so the loop below needs no check.
          this.used = used;
          this.grow(used + end - first[u]);
          next = this.next;
          item = this.item;
          label = this.label;
        }
        for (let i = first[u]; i < end; i++) {
          const nd = d + arcSeconds[i];
          const v = to[i];
          if (nd < dist[v] && nd <= cutoff) {
            if (dist[v] === Infinity) reached[reachedCount++] = v;
            dist[v] = nd;
            let b = Math.floor(nd * inv);
            if (b < k) b = k; // rounding of nd·(1/Δ) can never move a label behind the open bucket
            else if (b >= count) b = count - 1;
            item[used] = v;
            label[used] = nd;
            next[used] = heads[b];
            heads[b] = used++;
          }
        }
      }
    }
    this.used = used;
    this.reachedCount = reachedCount;
  }

  private width(cutoff: number): number {
    return Math.max(this.bucketSeconds, cutoff / MAX_BUCKETS);
  }

  private push(node: number, bucket: number): void {
    if (this.used === this.item.length) this.grow(this.used + 1);
    const entry = this.used++;
    this.item[entry] = node;
    this.label[entry] = this.dist[node];
    this.next[entry] = this.heads[bucket];
    this.heads[bucket] = entry;
  }

  private grow(atLeast: number): void {
    const size = Math.max(atLeast, this.item.length * 2);
    const next = new Int32Array(size), item = new Uint32Array(size), label = new Float64Array(size);
    next.set(this.next.subarray(0, this.used));
    item.set(this.item.subarray(0, this.used));
    label.set(this.label.subarray(0, this.used));
    this.next = next;
    this.item = item;
    this.label = label;
  }
}
