// Change listeners: any number of parts of the server may follow the same change (the realtime
// feed, the patrol tracker, the position history…); each gets a function that stops it.

export class Listeners<A extends unknown[]> {
  private list: ((...args: A) => void)[] = [];

  /** Calls `f` on every change from now on; returns the function that stops it. */
  add(f: (...args: A) => void): () => void {
    this.list.push(f);
    return () => {
      this.list = this.list.filter((g) => g !== f);
    };
  }

  emit(...args: A): void {
    for (const f of this.list) f(...args);
  }

  get size(): number {
    return this.list.length;
  }
}
