// Dijkstra over the CSR graph with typed-array labels. One search space per graph is reused
// across queries. Seeds carry a start offset (time from a snapped point to the node) and a source
// index, so the same loop does one-to-many, many-to-one (on the reverse CSR), multi-source
// labelling and bounded searches.

import type { RoadGraph } from '../graph/road-graph.ts';
import { MinHeap } from './min-heap.ts';

export interface Seed {
  node: number;
  seconds: number;
  source: number;
}

export interface SearchOptions {
  /** settle nothing beyond this many seconds */
  cutoff?: number;
  /** search the reverse graph: labels become "seconds from node to the seeds" */
  reverse?: boolean;
  /** stop as soon as the popped label exceeds this (used for early exit by callers) */
  stopAbove?: () => number;
  /** stop once every node marked 1 here is settled */
  targets?: Uint8Array;
  targetCount?: number;
  /**
   * A* towards one place (forward searches only): heap keys become label + straight-line metres
   * to (x, y) × secondsPerMeter, which never overestimates when secondsPerMeter ≤ 1 / the
   * fastest speed. `stopAbove` then compares against that key, a lower bound on any route
   * through the node. Labels stay exact for every node settled.
   */
  goal?: { x: number; y: number; secondsPerMeter: number };
}

export class SearchSpace {
  readonly dist: Float64Array;
  readonly source: Int32Array;
  /** edge by which the node was reached, -1 at seeds */
  readonly predEdge: Int32Array;
  private readonly heap: MinHeap;
  settledCount = 0;

  constructor(readonly graph: RoadGraph) {
    const n = graph.nodeCount;
    this.dist = new Float64Array(n);
    this.source = new Int32Array(n);
    this.predEdge = new Int32Array(n);
    this.heap = new MinHeap(Math.max(1024, n >> 2));
  }

  /** Runs a search; labels are valid until the next run. Unreached nodes keep Infinity. */
  run(edgeSeconds: Float32Array, seeds: readonly Seed[], options: SearchOptions = {}): void {
    const g = this.graph;
    const dist = this.dist, source = this.source, pred = this.predEdge;
    dist.fill(Infinity);
    source.fill(-1);
    pred.fill(-1);
    const heap = this.heap;
    heap.clear();
    const cutoff = options.cutoff ?? Infinity;
    for (const s of seeds) {
      if (s.seconds < dist[s.node] && s.seconds <= cutoff) {
        dist[s.node] = s.seconds;
        source[s.node] = s.source;
        pred[s.node] = -1;
        heap.push(s.node, s.seconds);
      }
    }
    const stopAbove = options.stopAbove;
    const targets = options.targets;
    let remaining = options.targetCount ?? 0;
    let settled = 0;
    if (options.reverse === true) {
      const first = g.firstIn, inEdge = g.inEdge, ends = g.edgeFrom;
      while (heap.length > 0) {
        const u = heap.pop();
        const d = heap.lastKey;
        if (d > dist[u]) continue;
        if (stopAbove !== undefined && d > stopAbove()) break;
        settled++;
        if (targets !== undefined && targets[u] === 1) {
          targets[u] = 2;
          if (--remaining === 0) break;
        }
        const src = source[u];
        for (let i = first[u], end = first[u + 1]; i < end; i++) {
          const e = inEdge[i];
          const nd = d + edgeSeconds[e];
          const v = ends[e];
          if (nd < dist[v] && nd <= cutoff) {
            dist[v] = nd;
            source[v] = src;
            pred[v] = e;
            heap.push(v, nd);
          }
        }
      }
    } else if (options.goal !== undefined) {
      const first = g.firstOut, ends = g.edgeTo, xs = g.x, ys = g.y;
      const { x: gx, y: gy, secondsPerMeter: spm } = options.goal;
      const h = (v: number) => Math.sqrt((xs[v] - gx) * (xs[v] - gx) + (ys[v] - gy) * (ys[v] - gy)) * spm;
      // Seeds entered the heap keyed by their label; re-key them with the estimate.
      heap.clear();
      for (const sd of seeds) if (dist[sd.node] === sd.seconds && sd.seconds <= cutoff) heap.push(sd.node, sd.seconds + h(sd.node));
      while (heap.length > 0) {
        const u = heap.pop();
        const key = heap.lastKey;
        const d = dist[u];
        if (key > d + h(u) + 1e-9) continue; // stale
        if (stopAbove !== undefined && key > stopAbove()) break;
        settled++;
        if (targets !== undefined && targets[u] === 1) {
          targets[u] = 2;
          if (--remaining === 0) break;
        }
        const src = source[u];
        for (let e = first[u], end = first[u + 1]; e < end; e++) {
          const nd = d + edgeSeconds[e];
          const v = ends[e];
          if (nd < dist[v] && nd <= cutoff) {
            dist[v] = nd;
            source[v] = src;
            pred[v] = e;
            heap.push(v, nd + h(v));
          }
        }
      }
    } else {
      const first = g.firstOut, ends = g.edgeTo;
      while (heap.length > 0) {
        const u = heap.pop();
        const d = heap.lastKey;
        if (d > dist[u]) continue;
        if (stopAbove !== undefined && d > stopAbove()) break;
        settled++;
        if (targets !== undefined && targets[u] === 1) {
          targets[u] = 2;
          if (--remaining === 0) break;
        }
        const src = source[u];
        for (let e = first[u], end = first[u + 1]; e < end; e++) {
          const nd = d + edgeSeconds[e];
          const v = ends[e];
          if (nd < dist[v] && nd <= cutoff) {
            dist[v] = nd;
            source[v] = src;
            pred[v] = e;
            heap.push(v, nd);
          }
        }
      }
    }
    this.settledCount = settled;
  }
}
