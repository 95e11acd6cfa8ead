// The simulation's future event list: a binary heap keyed (time, priority, seq) in typed arrays.
// Equal times are ordered by priority (lower first), then by insertion (seq), so ties resolve the
// same way on every run. Each event carries a kind and two integer arguments (unit, incident,
// trip token…), which keeps the heap free of objects and garbage.

export class EventQueue {
  private time: Float64Array;
  private prio: Int32Array;
  private seqs: Float64Array;
  private kinds: Uint8Array;
  private argA: Int32Array;
  private argB: Int32Array;
  private nextSeq = 0;
  length = 0;

  /** fields of the last popped event */
  t = 0;
  kind = 0;
  a = 0;
  b = 0;
  seq = 0;

  constructor(capacity = 1024) {
    this.time = new Float64Array(capacity);
    this.prio = new Int32Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.kinds = new Uint8Array(capacity);
    this.argA = new Int32Array(capacity);
    this.argB = new Int32Array(capacity);
  }

  /** Schedules an event; returns its sequence number. Times must be finite. */
  push(time: number, priority: number, kind: number, a = 0, b = 0): number {
    if (!Number.isFinite(time)) throw new RangeError(`Unexpected event time: ${time}.`);
    if (this.length === this.time.length) this.grow();
    const seq = this.nextSeq++;
    let pos = this.length++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (!this.before(time, priority, seq, parent)) break;
      this.move(parent, pos);
      pos = parent;
    }
    this.set(pos, time, priority, seq, kind, a, b);
    return seq;
  }

  /** Time of the next event (Infinity when empty). */
  peekTime(): number {
    return this.length > 0 ? this.time[0] : Infinity;
  }

  /** Removes the next event into t/kind/a/b/seq; false when empty. */
  pop(): boolean {
    if (this.length === 0) return false;
    this.t = this.time[0];
    this.kind = this.kinds[0];
    this.a = this.argA[0];
    this.b = this.argB[0];
    this.seq = this.seqs[0];
    const n = --this.length;
    if (n > 0) {
      const t = this.time[n], p = this.prio[n], s = this.seqs[n], k = this.kinds[n], a = this.argA[n], b = this.argB[n];
      let pos = 0;
      for (;;) {
        let child = 2 * pos + 1;
        if (child >= n) break;
        const right = child + 1;
        if (right < n && this.less(right, child)) child = right;
        if (!this.before(this.time[child], this.prio[child], this.seqs[child], -1, t, p, s)) break;
        this.move(child, pos);
        pos = child;
      }
      this.set(pos, t, p, s, k, a, b);
    }
    return true;
  }

  /** Whether (t, p, s) sorts before slot j, or before (t2, p2, s2) when j < 0. */
  private before(t: number, p: number, s: number, j: number, t2 = 0, p2 = 0, s2 = 0): boolean {
    if (j >= 0) {
      t2 = this.time[j];
      p2 = this.prio[j];
      s2 = this.seqs[j];
    }
    return t < t2 || (t === t2 && (p < p2 || (p === p2 && s < s2)));
  }

  private less(i: number, j: number): boolean {
    return this.before(this.time[i], this.prio[i], this.seqs[i], j);
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.prio[to] = this.prio[from];
    this.seqs[to] = this.seqs[from];
    this.kinds[to] = this.kinds[from];
    this.argA[to] = this.argA[from];
    this.argB[to] = this.argB[from];
  }

  private set(pos: number, t: number, p: number, s: number, k: number, a: number, b: number): void {
    this.time[pos] = t;
    this.prio[pos] = p;
    this.seqs[pos] = s;
    this.kinds[pos] = k;
    this.argA[pos] = a;
    this.argB[pos] = b;
  }

  private grow(): void {
    const n = this.time.length * 2;
    const g = <T extends Float64Array | Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const x = make(n);
      x.set(old);
      return x;
    };
    this.time = g(this.time, (k) => new Float64Array(k));
    this.prio = g(this.prio, (k) => new Int32Array(k));
    this.seqs = g(this.seqs, (k) => new Float64Array(k));
    this.kinds = g(this.kinds, (k) => new Uint8Array(k));
    this.argA = g(this.argA, (k) => new Int32Array(k));
    this.argB = g(this.argB, (k) => new Int32Array(k));
  }
}
