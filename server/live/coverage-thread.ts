// Live coverage measured on the other core: while this thread draws the rings, a worker thread
// measures the coverage of the same units with a model of its own; once done, it helps draw the
// rings' contours (whichever thread is free takes the next one). The refresh waits for it only at
// the end. Blocking and synchronous on purpose, like the refresh it speeds up: the caller gets
// the coverage or null (worker not ready yet, or gone), and then measures it itself; contours the
// worker did not deliver are drawn here.

import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { CostsByProfile, CoverageResult, UnitGroup } from '../../sim/coverage/index.ts';
import type { ContourHelper, ContourShare } from '../../sim/rings/index.ts';
import type { ContourResult } from '../../sim/rings/contour.ts';
import type { CoverageAnswer, CoverageJob, CoverageSetupData } from './coverage-worker.ts';

/** How long a refresh waits for the worker before doing its work itself: the event loop is
 *  blocked meanwhile, so not long (the worker takes some 15 ms on 1,000 units). */
const WAIT_MS = 300;

export class CoverageThread implements ContourHelper {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  /** [answers, failed, ready] */
  private readonly signal = new Int32Array(new SharedArrayBuffer(12));
  private job = 0;
  private dead = false;
  /** answers received while waiting for another one */
  private inbox: CoverageAnswer[] = [];

  constructor(setup: CoverageSetupData) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    // A young generation larger than the default: each refresh's units arrive as fresh objects,
    // and with the default size the collections that follow showed in the refresh's slowest tenth.
    this.worker = new Worker(new URL('./coverage-worker.mjs', import.meta.url), {
      workerData: { ...setup, signal: this.signal, port: port2 },
      execArgv: [],
      transferList: [port2],
      resourceLimits: { maxYoungGenerationSizeMb: 64 },
    });
    // Never keeps the process alive; its failures show through the signal.
    this.worker.unref();
    this.worker.on('error', () => {
      Atomics.store(this.signal, 1, 1);
      Atomics.notify(this.signal, 0);
    });
  }

  /** Ready for work (its code loaded, its model built) and not failed. */
  get ready(): boolean {
    return !this.dead && Atomics.load(this.signal, 1) === 0 && Atomics.load(this.signal, 2) === 1;
  }

  /** New travel costs (the hour changed, a closure); messages keep their order, so later measures use them. */
  setCosts(costs: CostsByProfile): void {
    if (!this.dead) this.port.postMessage({ kind: 'costs', costs } satisfies CoverageJob);
  }

  /** Sends a refresh's units to measure; false when the worker cannot take them (measure here). */
  start(groups: readonly UnitGroup[]): boolean {
    if (!this.ready) return false;
    this.port.postMessage({ kind: 'measure', job: ++this.job, groups: [...groups] } satisfies CoverageJob);
    // Answers to earlier refreshes that were given up on are of no use now.
    this.inbox = [];
    return true;
  }

  /** The coverage of the last units sent, waiting for it; null if the worker failed or took too long. */
  finish(): CoverageResult | null {
    const m = this.await((a) => a.kind === 'measure');
    return m?.kind === 'measure' ? (m.result ?? null) : null;
  }

  /** Offers the current refresh's contours to the worker, which takes some once it has measured. */
  offer(share: ContourShare): (taken: ReadonlySet<number>) => Map<number, ContourResult> | null {
    if (this.dead) return () => null;
    const job = this.job;
    this.port.postMessage({ kind: 'contours', job, share } satisfies CoverageJob);
    return (taken) => {
      // Everything taken here: the worker found none left, and its (empty) answer is not needed.
      if (taken.size >= share.tasks.length) return new Map();
      const m = job === this.job ? this.await((a) => a.kind === 'contours') : null;
      return m?.kind === 'contours' ? new Map(m.drawn) : null;
    };
  }

  /** Waits for the current job's answer that `wanted` picks, keeping the others; null on failure or timeout. */
  private await(wanted: (a: CoverageAnswer) => boolean): CoverageAnswer | null {
    const end = Date.now() + WAIT_MS;
    for (;;) {
      const at = this.inbox.findIndex((a) => a.job === this.job && wanted(a));
      if (at >= 0) return this.inbox.splice(at, 1)[0];
      const seen = Atomics.load(this.signal, 0);
      for (let msg = receiveMessageOnPort(this.port); msg; msg = receiveMessageOnPort(this.port)) {
        const a = msg.message as CoverageAnswer;
        if (a.kind === 'failed') {
          this.dead = true;
          return null;
        }
        if (a.job !== this.job) continue; // an answer given up on earlier
        if (wanted(a)) return a;
        this.inbox.push(a);
      }
      if (Atomics.load(this.signal, 1) === 1) this.dead = true;
      const left = end - Date.now();
      if (this.dead || left <= 0) return null;
      Atomics.wait(this.signal, 0, seen, left);
    }
  }

  close(): Promise<number> {
    this.dead = true;
    return this.worker.terminate();
  }
}
