// The graph while it is being contracted: a growable arc store plus per-node in/out lists of
// arc ids between nodes not yet contracted. Lists live in one pooled Int32Array; a full list
// moves to the end of the pool with twice the room, which keeps additions amortised O(1)
// without a JS array per node.

function grownInt32(a: Int32Array, min: number): Int32Array {
  const b = new Int32Array(Math.max(min, a.length * 2));
  b.set(a);
  return b;
}

function grownUint32(a: Uint32Array, min: number): Uint32Array {
  const b = new Uint32Array(Math.max(min, a.length * 2));
  b.set(a);
  return b;
}

function grownFloat64(a: Float64Array, min: number): Float64Array {
  const b = new Float64Array(Math.max(min, a.length * 2));
  b.set(a);
  return b;
}

/** Every arc ever made: original edges (childA = -1) and shortcuts (two child arcs). */
export class ArcStore {
  count = 0;
  from: Uint32Array;
  to: Uint32Array;
  weight: Float64Array;
  childA: Int32Array;
  childB: Int32Array;
  /** graph edge of an original arc, -1 for shortcuts */
  edge: Int32Array;
  /** how many original edges the arc stands for (used by the node-order priority) */
  hops: Uint32Array;

  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.from = new Uint32Array(c);
    this.to = new Uint32Array(c);
    this.weight = new Float64Array(c);
    this.childA = new Int32Array(c);
    this.childB = new Int32Array(c);
    this.edge = new Int32Array(c);
    this.hops = new Uint32Array(c);
  }

  add(from: number, to: number, weight: number, childA: number, childB: number, edge: number, hops: number): number {
    if (this.count === this.from.length) this.grow();
    const a = this.count++;
    this.from[a] = from;
    this.to[a] = to;
    this.weight[a] = weight;
    this.childA[a] = childA;
    this.childB[a] = childB;
    this.edge[a] = edge;
    this.hops[a] = hops;
    return a;
  }

  private grow(): void {
    const n = this.count + 1;
    this.from = grownUint32(this.from, n);
    this.to = grownUint32(this.to, n);
    this.weight = grownFloat64(this.weight, n);
    this.childA = grownInt32(this.childA, n);
    this.childB = grownInt32(this.childB, n);
    this.edge = grownInt32(this.edge, n);
    this.hops = grownUint32(this.hops, n);
  }
}

/**
 * Per-node lists of arcs in one pool: list u is positions start[u] .. start[u]+length[u]-1 of
 * `arc` (arc id), `other` (the node at the far end) and `weight`. The far end and weight are
 * copied in so the witness search reads one contiguous run per node.
 */
export class ArcLists {
  readonly start: Int32Array;
  readonly length: Int32Array;
  private readonly capacity: Int32Array;
  arc: Int32Array;
  other: Int32Array;
  weight: Float64Array;
  private top = 0;

  /** `initial[u]` is the room reserved for u up front (its degree in the input graph). */
  constructor(initial: ArrayLike<number>) {
    const n = initial.length;
    this.start = new Int32Array(n);
    this.length = new Int32Array(n);
    this.capacity = new Int32Array(n);
    let total = 0;
    for (let u = 0; u < n; u++) {
      this.start[u] = total;
      this.capacity[u] = initial[u] + 2;
      total += initial[u] + 2;
    }
    const size = Math.max(16, total * 2);
    this.arc = new Int32Array(size);
    this.other = new Int32Array(size);
    this.weight = new Float64Array(size);
    this.top = total;
  }

  push(u: number, arc: number, other: number, weight: number): void {
    if (this.length[u] === this.capacity[u]) this.move(u);
    const i = this.start[u] + this.length[u]++;
    this.arc[i] = arc;
    this.other[i] = other;
    this.weight[i] = weight;
  }

  /** Position of an arc in u's list, or -1. */
  find(u: number, arc: number): number {
    const a = this.arc;
    for (let i = this.start[u], end = i + this.length[u]; i < end; i++) if (a[i] === arc) return i;
    return -1;
  }

  /** Position of the arc to (or from) node x in u's list, or -1. */
  findOther(u: number, x: number): number {
    const o = this.other;
    for (let i = this.start[u], end = i + this.length[u]; i < end; i++) if (o[i] === x) return i;
    return -1;
  }

  /** Removes one arc from u's list (order is not kept). */
  remove(u: number, arc: number): void {
    const i = this.find(u, arc);
    if (i < 0) throw new Error(`arc ${arc} is not in the list of node ${u}`);
    const last = this.start[u] + --this.length[u];
    this.arc[i] = this.arc[last];
    this.other[i] = this.other[last];
    this.weight[i] = this.weight[last];
  }

  /** Puts a new arc (same end nodes) in the place of an old one. */
  replace(u: number, oldArc: number, newArc: number, weight: number): void {
    const i = this.find(u, oldArc);
    if (i < 0) throw new Error(`arc ${oldArc} is not in the list of node ${u}`);
    this.arc[i] = newArc;
    this.weight[i] = weight;
  }

  private move(u: number): void {
    const cap = Math.max(4, this.capacity[u] * 2);
    if (this.top + cap > this.arc.length) {
      const n = this.top + cap;
      this.arc = grownInt32(this.arc, n);
      this.other = grownInt32(this.other, n);
      this.weight = grownFloat64(this.weight, n);
    }
    const s = this.start[u], e = s + this.length[u];
    this.arc.copyWithin(this.top, s, e);
    this.other.copyWithin(this.top, s, e);
    this.weight.copyWithin(this.top, s, e);
    this.start[u] = this.top;
    this.capacity[u] = cap;
    this.top += cap;
  }
}
