// Contraction Hierarchies preprocessing. Nodes are contracted one at a time in order of a
// priority (edge difference, deleted neighbours and hierarchy depth, kept fresh by lazy
// updates); contracting v adds a shortcut u → w for each pair of remaining neighbours whose
// shortest connection might run through v. Everything is deterministic: the same graph and
// costs give the same ranks and arcs.

import type { RoadGraph } from '../../graph/road-graph.ts';
import { MinHeap } from '../min-heap.ts';
import { ArcLists, ArcStore } from './dynamic-graph.ts';
import type { ContractionHierarchy } from './hierarchy.ts';
import { STATS, WitnessSearch } from './witness.ts';

/** The parts of a road graph contraction reads (tests pass hand-made multigraphs). */
export type ContractionInput = Pick<RoadGraph, 'nodeCount' | 'firstOut' | 'edgeTo'>;

export interface ContractionOptions {
  /** settled-node limit of the witness searches that decide shortcuts (default 500) */
  witnessSettleLimit?: number;
  /** hop limit of those searches (default 64) */
  witnessHopLimit?: number;
  /** settled-node limit when only estimating a node's priority (default 60) */
  simulateSettleLimit?: number;
  /** hop limit when estimating (default 8) */
  simulateHopLimit?: number;
}

const DEFAULTS: Required<ContractionOptions> = {
  witnessSettleLimit: 500,
  witnessHopLimit: 64,
  simulateSettleLimit: 60,
  simulateHopLimit: 8,
};

// Priority weights. Edge difference keeps the graph sparse, deleted neighbours spread the
// contraction evenly over the map, depth keeps the hierarchy shallow (small query search spaces).
const PW = JSON.parse(process.env.CHPW ?? '[2,1,1,1,0]');
const W_EDGE_DIFF = PW[0];
const W_HOP_DIFF = PW[1];
const W_DELETED = PW[2];
const W_DEPTH = PW[3];
const W_QUOT = PW[4];

class Contractor {
  readonly arcs: ArcStore;
  readonly out: ArcLists;
  readonly ins: ArcLists;
  private readonly witness: WitnessSearch;
  readonly contracted: Uint8Array;
  private readonly deleted: Uint32Array;
  private readonly depth: Uint32Array;
  private readonly seen: Uint32Array;
  private seenStamp = 0;
  // scratch: the out-neighbours of the node in hand
  private targets = new Int32Array(64);
  private targetPos = new Int32Array(64);
  private bounds = new Float64Array(64);
  // scratch: shortcuts found for the node in hand
  private scFrom = new Int32Array(64);
  private scTo = new Int32Array(64);
  private scWeight = new Float64Array(64);
  private scA = new Int32Array(64);
  private scB = new Int32Array(64);
  private addedHops = 0;
  // the distinct neighbours of the node last contracted
  private nbrs = new Int32Array(64);

  constructor(
    graph: ContractionInput,
    edgeSeconds: Float32Array,
    private readonly opts: Required<ContractionOptions>,
  ) {
    const n = graph.nodeCount;
    const outDeg = new Uint32Array(n), inDeg = new Uint32Array(n);
    for (let u = 0; u < n; u++) {
      for (let e = graph.firstOut[u]; e < graph.firstOut[u + 1]; e++) {
        outDeg[u]++;
        inDeg[graph.edgeTo[e]]++;
      }
    }
    this.arcs = new ArcStore(graph.firstOut[n] * 2);
    this.out = new ArcLists(outDeg);
    this.ins = new ArcLists(inDeg);
    this.witness = new WitnessSearch(n);
    this.contracted = new Uint8Array(n);
    this.deleted = new Uint32Array(n);
    this.depth = new Uint32Array(n);
    this.seen = new Uint32Array(n);
    this.addOriginalEdges(graph, edgeSeconds);
  }

  /** One arc per ordered node pair: the fastest of parallel edges; self-loops and closed edges never help. */
  private addOriginalEdges(graph: ContractionInput, w: Float32Array): void {
    const arcs = this.arcs, out = this.out, ins = this.ins;
    for (let u = 0; u < graph.nodeCount; u++) {
      for (let e = graph.firstOut[u]; e < graph.firstOut[u + 1]; e++) {
        const v = graph.edgeTo[e], s = w[e];
        if (s < 0) throw new RangeError(`edge ${e} has negative travel time ${s}`);
        if (v === u || !(s < Infinity)) continue;
        const i = out.findOther(u, v);
        if (i >= 0) {
          // Not yet a child of any shortcut, so it may be overwritten in place.
          const a = out.arc[i];
          if (s < arcs.weight[a]) {
            arcs.weight[a] = s;
            arcs.edge[a] = e;
            out.weight[i] = s;
            ins.weight[ins.find(v, a)] = s;
          }
          continue;
        }
        const a = arcs.add(u, v, s, -1, -1, e, 1);
        out.push(u, a, v, s);
        ins.push(v, a, u, s);
      }
    }
  }

  /**
   * Shortcuts contracting v would need right now (witness searches with the given limits).
   * With `record`, they are kept in the sc* scratch arrays. Sets `addedHops`.
   */
  private shortcuts(v: number, settleLimit: number, hopLimit: number, record: boolean): number {
    const out = this.out, ins = this.ins, hops = this.arcs.hops;
    const inLen = ins.length[v], outLen = out.length[v];
    this.addedHops = 0;
    if (inLen === 0 || outLen === 0) return 0;
    if (outLen > this.targets.length) {
      this.targets = new Int32Array(outLen * 2);
      this.targetPos = new Int32Array(outLen * 2);
      this.bounds = new Float64Array(outLen * 2);
    }
    const targets = this.targets, targetPos = this.targetPos, bounds = this.bounds;
    const outStart = out.start[v], inStart = ins.start[v];
    let count = 0, addedHops = 0;
    for (let i = inStart; i < inStart + inLen; i++) {
      const u = ins.other[i], d1 = ins.weight[i];
      // Targets: v's out-neighbours other than u, each with the length of its path via v.
      let k = 0;
      for (let j = outStart; j < outStart + outLen; j++) {
        if (out.other[j] === u) continue;
        targets[k] = out.other[j];
        targetPos[k] = j;
        bounds[k++] = d1 + out.weight[j];
      }
      if (k === 0) continue;
      this.witness.run(out, u, v, targets, bounds, k, settleLimit, hopLimit);
      for (let t = 0; t < k; t++) {
        if (this.witness.distTo(targets[t]) <= bounds[t]) continue;
        const a1 = ins.arc[i], a2 = out.arc[targetPos[t]];
        if (record) this.keepShortcut(count, u, targets[t], bounds[t], a1, a2);
        count++;
        addedHops += hops[a1] + hops[a2];
      }
    }
    this.addedHops = addedHops;
    return count;
  }

  private keepShortcut(i: number, u: number, w: number, d: number, a1: number, a2: number): void {
    if (i === this.scFrom.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.scFrom = grow(this.scFrom);
      this.scTo = grow(this.scTo);
      this.scWeight = grow(this.scWeight);
      this.scA = grow(this.scA);
      this.scB = grow(this.scB);
    }
    this.scFrom[i] = u;
    this.scTo[i] = w;
    this.scWeight[i] = d;
    this.scA[i] = a1;
    this.scB[i] = a2;
  }

  /** Lower = contract sooner. Estimated with the cheap (simulation) witness limits. */
  priority(v: number): number {
    const added = this.shortcuts(v, this.opts.simulateSettleLimit, this.opts.simulateHopLimit, false);
    const out = this.out, ins = this.ins, hops = this.arcs.hops;
    const removed = out.length[v] + ins.length[v];
    let removedHops = 0;
    for (let i = out.start[v], end = i + out.length[v]; i < end; i++) removedHops += hops[out.arc[i]];
    for (let i = ins.start[v], end = i + ins.length[v]; i < end; i++) removedHops += hops[ins.arc[i]];
    return (
      W_EDGE_DIFF * (added - removed) + W_QUOT * added / Math.max(1, removed) +
      (W_HOP_DIFF * this.addedHops) / Math.max(1, removedHops) +
      W_DELETED * this.deleted[v] +
      W_DEPTH * this.depth[v]
    );
  }

  /** Contracts v; returns how many distinct neighbours it had (they need a fresh priority). */
  contract(v: number): number {
    const out = this.out, ins = this.ins;
    const count = this.shortcuts(v, this.opts.witnessSettleLimit, this.opts.witnessHopLimit, true);
    this.contracted[v] = 1;
    // v's remaining lists become its upward arcs; detach them from the neighbours' lists.
    for (let i = out.start[v], end = i + out.length[v]; i < end; i++) ins.remove(out.other[i], out.arc[i]);
    for (let i = ins.start[v], end = i + ins.length[v]; i < end; i++) out.remove(ins.other[i], ins.arc[i]);
    for (let s = 0; s < count; s++) this.addShortcut(this.scFrom[s], this.scTo[s], this.scWeight[s], this.scA[s], this.scB[s]);
    return this.collectNeighbours(v);
  }

  private addShortcut(u: number, w: number, d: number, a1: number, a2: number): void {
    const arcs = this.arcs, out = this.out, ins = this.ins;
    // An arc u → w may already exist (scan whichever list is shorter); keep the faster one.
    let existing = -1;
    if (out.length[u] <= ins.length[w]) {
      const i = out.findOther(u, w);
      if (i >= 0) existing = out.arc[i];
    } else {
      const i = ins.findOther(w, u);
      if (i >= 0) existing = ins.arc[i];
    }
    if (existing >= 0 && arcs.weight[existing] <= d) return;
    const a = arcs.add(u, w, d, a1, a2, -1, arcs.hops[a1] + arcs.hops[a2]);
    if (existing >= 0) {
      out.replace(u, existing, a, d);
      ins.replace(w, existing, a, d);
    } else {
      out.push(u, a, w, d);
      ins.push(w, a, u, d);
    }
  }

  private collectNeighbours(v: number): number {
    const out = this.out, ins = this.ins;
    if (++this.seenStamp === 0xffffffff) {
      this.seen.fill(0);
      this.seenStamp = 1;
    }
    const outLen = out.length[v], need = outLen + ins.length[v];
    if (need > this.nbrs.length) this.nbrs = new Int32Array(need * 2);
    let count = 0;
    for (let k = 0; k < need; k++) {
      const x = k < outLen ? out.other[out.start[v] + k] : ins.other[ins.start[v] + k - outLen];
      if (this.seen[x] === this.seenStamp) continue;
      this.seen[x] = this.seenStamp;
      this.deleted[x]++;
      if (this.depth[x] < this.depth[v] + 1) this.depth[x] = this.depth[v] + 1;
      this.nbrs[count++] = x;
    }
    return count;
  }

  degree(x: number): number { return this.out.length[x] + this.ins.length[x]; }
  /** Neighbour i listed by the last `contract`. */
  neighbour(i: number): number {
    return this.nbrs[i];
  }
}

export function buildContractionHierarchy(
  graph: ContractionInput,
  edgeSeconds: Float32Array,
  options: ContractionOptions = {},
): ContractionHierarchy {
  const opts = { ...DEFAULTS, ...options };
  for (const [key, value] of Object.entries(opts)) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`contraction option ${key} must be a positive integer, got ${value}`);
  }
  const n = graph.nodeCount;
  if (edgeSeconds.length < graph.firstOut[n]) throw new RangeError(`edgeSeconds has ${edgeSeconds.length} entries for ${graph.firstOut[n]} edges`);
  const T0 = performance.now();
  const c = new Contractor(graph, edgeSeconds, opts);
  const prio = new Float64Array(n);
  const queue = new MinHeap(Math.max(16, n * 2));
  for (let v = 0; v < n; v++) {
    prio[v] = c.priority(v);
    queue.push(v, prio[v]);
  }
  const rank = new Uint32Array(n);
  const nodeAtRank = new Uint32Array(n);
  let next = 0;
  while (queue.length > 0) {
    const v = queue.pop();
    if (c.contracted[v] === 1 || queue.lastKey !== prio[v]) continue; // stale entry
    // Lazy update: the priority may have grown since it was queued.
    const p = c.priority(v);
    if (queue.length > 0 && p > queue.peekKey()) {
      prio[v] = p;
      queue.push(v, p);
      continue;
    }
    rank[v] = next;
    nodeAtRank[next++] = v;
    if (process.env.CHDBG && next % Math.floor(n / 10) === 0) console.log('progress', next, (performance.now() - T0).toFixed(0), 'deg', c.out.length[v] + c.ins.length[v], JSON.stringify(STATS));
    const count = c.contract(v);
    for (let i = 0; i < count; i++) {
      const x = c.neighbour(i);
      const T = Number(process.env.CHT ?? 1e9);
      prio[x] = c.degree(x) <= T ? c.priority(x) : prio[x] + W_DELETED;
      queue.push(x, prio[x]);
    }
  }
  return assemble(c, rank, nodeAtRank, edgeSeconds);
}

/** Rank-indexed CSR of each node's arcs as they stood when it was contracted (all upward). */
function assemble(c: Contractor, rank: Uint32Array, nodeAtRank: Uint32Array, edgeSeconds: Float32Array): ContractionHierarchy {
  const n = rank.length, arcs = c.arcs, out = c.out, ins = c.ins;
  const fwdFirst = new Uint32Array(n + 1), bwdFirst = new Uint32Array(n + 1);
  for (let r = 0; r < n; r++) {
    fwdFirst[r + 1] = fwdFirst[r] + out.length[nodeAtRank[r]];
    bwdFirst[r + 1] = bwdFirst[r] + ins.length[nodeAtRank[r]];
  }
  const fwdHead = new Uint32Array(fwdFirst[n]), fwdWeight = new Float64Array(fwdFirst[n]), fwdArc = new Uint32Array(fwdFirst[n]);
  const bwdTail = new Uint32Array(bwdFirst[n]), bwdWeight = new Float64Array(bwdFirst[n]), bwdArc = new Uint32Array(bwdFirst[n]);
  let shortcutCount = 0;
  for (let r = 0; r < n; r++) {
    const v = nodeAtRank[r];
    for (let k = 0, i = out.start[v]; k < out.length[v]; k++, i++) {
      const a = out.arc[i], j = fwdFirst[r] + k;
      fwdHead[j] = rank[arcs.to[a]];
      fwdWeight[j] = arcs.weight[a];
      fwdArc[j] = a;
      if (arcs.childA[a] >= 0) shortcutCount++;
    }
    for (let k = 0, i = ins.start[v]; k < ins.length[v]; k++, i++) {
      const a = ins.arc[i], j = bwdFirst[r] + k;
      bwdTail[j] = rank[arcs.from[a]];
      bwdWeight[j] = arcs.weight[a];
      bwdArc[j] = a;
      if (arcs.childA[a] >= 0) shortcutCount++;
    }
  }
  const m = arcs.count;
  return {
    nodeCount: n,
    rank,
    nodeAtRank,
    fwdFirst,
    fwdHead,
    fwdWeight,
    fwdArc,
    bwdFirst,
    bwdTail,
    bwdWeight,
    bwdArc,
    arcFrom: arcs.from.slice(0, m),
    arcTo: arcs.to.slice(0, m),
    arcWeight: arcs.weight.slice(0, m),
    arcChildA: arcs.childA.slice(0, m),
    arcChildB: arcs.childB.slice(0, m),
    arcEdge: arcs.edge.slice(0, m),
    shortcutCount,
    edgeSeconds,
  };
}
