// Binary min-heap of (key, id) pairs in typed arrays. Lazy deletion: callers push duplicates and
// skip stale pops, which beats decrease-key bookkeeping on road graphs.

export class MinHeap {
  private keys: Float64Array;
  private ids: Uint32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.keys = new Float64Array(capacity);
    this.ids = new Uint32Array(capacity);
  }

  clear(): void {
    this.length = 0;
  }

  push(id: number, key: number): void {
    if (this.length === this.keys.length) this.grow();
    let pos = this.length++;
    const keys = this.keys, ids = this.ids;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pk = keys[parent];
      if (key >= pk) break;
      keys[pos] = pk;
      ids[pos] = ids[parent];
      pos = parent;
    }
    keys[pos] = key;
    ids[pos] = id;
  }

  /** Key of the minimum (undefined behaviour when empty). */
  peekKey(): number {
    return this.keys[0];
  }

  /** Removes the minimum and returns its id; its key is in `lastKey`. */
  pop(): number {
    const keys = this.keys, ids = this.ids;
    const top = ids[0];
    this.lastKey = keys[0];
    const n = --this.length;
    if (n > 0) {
      const key = keys[n], id = ids[n];
      let pos = 0;
      const half = n >> 1;
      while (pos < half) {
        let child = 2 * pos + 1;
        const right = child + 1;
        if (right < n && keys[right] < keys[child]) child = right;
        if (keys[child] >= key) break;
        keys[pos] = keys[child];
        ids[pos] = ids[child];
        pos = child;
      }
      keys[pos] = key;
      ids[pos] = id;
    }
    return top;
  }

  lastKey = 0;

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const ids = new Uint32Array(this.ids.length * 2);
    keys.set(this.keys);
    ids.set(this.ids);
    this.keys = keys;
    this.ids = ids;
  }
}
