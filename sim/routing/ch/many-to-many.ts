// Queries on a contraction hierarchy. Sources and targets are lists of seeds (graph node plus
// the seconds already spent reaching it), so a snapped point enters with both segment ends.
//
// Many-to-many (bucket method): a backward upward search from every target leaves, at each node
// x it settles, a bucket entry (target, seconds x → target). A forward upward search from each
// source then scans the buckets of the nodes it settles; every shortest path has a highest node
// that both searches settle with exact labels, so the minimum over buckets is the answer.

import type { Seed } from '../dijkstra.ts';
import type { ContractionHierarchy } from './hierarchy.ts';
import { UpwardSearch, type RankCsr } from './upward-search.ts';

/** A seed: graph node and the seconds from the point to it (or from it to the point). */
export type ChSeed = Pick<Seed, 'node' | 'seconds'>;

/** Bucket entries as linked lists per rank; heads are stamped so a reset costs nothing. */
class Buckets {
  private readonly head: Int32Array;
  private readonly headStamp: Uint32Array;
  private current = 0;
  private next = new Int32Array(1024);
  private target = new Uint32Array(1024);
  private dist = new Float64Array(1024);
  private count = 0;

  constructor(nodeCount: number) {
    this.head = new Int32Array(nodeCount);
    this.headStamp = new Uint32Array(nodeCount);
  }

  reset(): void {
    if (++this.current === 0xffffffff) {
      this.headStamp.fill(0);
      this.current = 1;
    }
    this.count = 0;
  }

  add(r: number, target: number, seconds: number): void {
    if (this.count === this.next.length) this.grow();
    const k = this.count++;
    this.next[k] = this.headStamp[r] === this.current ? this.head[r] : -1;
    this.target[k] = target;
    this.dist[k] = seconds;
    this.head[r] = k;
    this.headStamp[r] = this.current;
  }

  /** row[t] = min(row[t], d + bucket seconds) over the entries at rank r. */
  scan(r: number, d: number, row: Float64Array): void {
    if (this.headStamp[r] !== this.current) return;
    const next = this.next, target = this.target, dist = this.dist;
    for (let k = this.head[r]; k >= 0; k = next[k]) {
      const t = d + dist[k];
      if (t < row[target[k]]) row[target[k]] = t;
    }
  }

  private grow(): void {
    const n = this.next.length * 2;
    const next = new Int32Array(n), target = new Uint32Array(n), dist = new Float64Array(n);
    next.set(this.next);
    target.set(this.target);
    dist.set(this.dist);
    this.next = next;
    this.target = target;
    this.dist = dist;
  }
}

/** Reusable query state for one hierarchy (allocated once, on first use). */
class Workspace {
  readonly forward: UpwardSearch;
  readonly backward: UpwardSearch;
  readonly buckets: Buckets;
  readonly fwd: RankCsr;
  readonly bwd: RankCsr;

  constructor(readonly ch: ContractionHierarchy) {
    this.forward = new UpwardSearch(ch.nodeCount);
    this.backward = new UpwardSearch(ch.nodeCount);
    this.buckets = new Buckets(ch.nodeCount);
    this.fwd = { first: ch.fwdFirst, other: ch.fwdHead, weight: ch.fwdWeight };
    this.bwd = { first: ch.bwdFirst, other: ch.bwdTail, weight: ch.bwdWeight };
  }
}

const workspaces = new WeakMap<ContractionHierarchy, Workspace>();

function workspaceFor(ch: ContractionHierarchy): Workspace {
  let ws = workspaces.get(ch);
  if (ws === undefined) {
    ws = new Workspace(ch);
    workspaces.set(ch, ws);
  }
  return ws;
}

function seedAll(ch: ContractionHierarchy, search: UpwardSearch, seeds: readonly ChSeed[]): void {
  search.begin();
  for (const s of seeds) {
    if (!Number.isInteger(s.node) || s.node < 0 || s.node >= ch.nodeCount) throw new RangeError(`seed node ${s.node} is not in the graph`);
    search.seed(ch.rank[s.node], s.seconds);
  }
}

/** Seconds from each source to each target: rows are sources, Infinity = unreachable. */
export function chMatrix(ch: ContractionHierarchy, sources: readonly (readonly ChSeed[])[], targets: readonly (readonly ChSeed[])[]): Float64Array[] {
  const ws = workspaceFor(ch);
  const { forward, backward, buckets, fwd, bwd } = ws;
  buckets.reset();
  targets.forEach((seeds, j) => {
    seedAll(ch, backward, seeds);
    backward.runAll(bwd, fwd);
    for (let k = 0; k < backward.settledCount; k++) buckets.add(backward.settledRank[k], j, backward.settledDist[k]);
  });
  return sources.map((seeds) => {
    const row = new Float64Array(targets.length).fill(Infinity);
    seedAll(ch, forward, seeds);
    forward.runAll(fwd, bwd);
    for (let k = 0; k < forward.settledCount; k++) buckets.scan(forward.settledRank[k], forward.settledDist[k], row);
    return row;
  });
}

/** Seconds from one seed set to another (bidirectional upward search), Infinity = unreachable. */
export function chQuery(ch: ContractionHierarchy, source: readonly ChSeed[], target: readonly ChSeed[]): number {
  const ws = workspaceFor(ch);
  const { forward, backward, fwd, bwd } = ws;
  seedAll(ch, forward, source);
  seedAll(ch, backward, target);
  let best = Infinity;
  const fh = forward.heap, bh = backward.heap;
  // Advance the side with the smaller next label; stop when neither can still improve `best`.
  while (fh.length > 0 || bh.length > 0) {
    const fMin = fh.length > 0 ? fh.peekKey() : Infinity;
    const bMin = bh.length > 0 ? bh.peekKey() : Infinity;
    if (Math.min(fMin, bMin) >= best) break;
    if (fMin <= bMin) {
      const x = forward.step(fwd, bwd);
      if (x >= 0) {
        const t = forward.dist[x] + backward.label(x);
        if (t < best) best = t;
      }
    } else {
      const x = backward.step(bwd, fwd);
      if (x >= 0) {
        const t = backward.dist[x] + forward.label(x);
        if (t < best) best = t;
      }
    }
  }
  return best;
}
