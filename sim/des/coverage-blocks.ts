// Coverage samples in blocks, measured in this thread or in a helper thread. Measuring coverage
// is most of the cost of a run sampled every minute, and it depends on nothing but the unit
// positions and the hour's costs at each sample, so the engine only records those; every block
// of samples becomes one tally, measured here or in a worker (whichever is free), and the
// tallies are summed in block order. Where a block was measured never changes a bit of the
// result: the same code measures it from the same numbers, and the sums run in the same order.
//
// The engine runs synchronously, so the worker is driven without the event loop: blocks go out
// by postMessage, results are read with receiveMessageOnPort, and a shared counter (Atomics)
// says when one is ready. A worker that fails or falls silent is given up on, and its blocks are
// measured here.

import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { PROFILES, type ProfileName } from '../../shared/roads.ts';
import { adoptChainCosts, chainCostsOf, type ChainCosts } from '../coverage/chain-costs.ts';
import { chainTopologyOf } from '../coverage/chains.ts';
import { CoverageModel, type CostsByProfile, type UnitGroup } from '../coverage/index.ts';
import type { TravelCosts } from '../graph/travel-costs.ts';
import { segmentIndexOf } from '../routing/context.ts';
import type { CoverageProbe } from './engine.ts';
import type { CoverageTally } from './result.ts';
import { CoverageTallier, mergeTallies, type CoverageSetup } from './coverage-tally.ts';

/** Samples per block: a fraction of a second of work, so both threads stay busy to the end. */
export const BLOCK_SAMPLES = 16;
/** A worker that has not answered for this long is given up on (default). */
const WORKER_SILENCE_MS = 60_000;

/** A cost array sent to a worker once, by number. */
export interface CostTable {
  id: number;
  costs: TravelCosts;
  /** its chain costs, in shared memory: sent with it, so the worker uses them instead of its own */
  chain?: ChainCosts;
}

/**
 * A block of samples as numbers: per sample t, then per profile of the model the id of its cost
 * table, then the group count, and per group the profile's index in PROFILES, the unit count and
 * (edge, t, offRoadSeconds) per unit.
 */
export interface CoverageBlock {
  index: number;
  data: Float64Array;
}

/** Measures blocks: a coverage model plus the cost tables seen so far. */
export class BlockMeasurer {
  private readonly tables = new Map<number, CostTable>();
  private readonly current: number[];

  constructor(
    private readonly model: CoverageModel,
    private readonly setup: CoverageSetup,
  ) {
    this.current = model.profiles.map(() => -1);
  }

  addTables(tables: readonly CostTable[]): void {
    for (const t of tables) {
      this.tables.set(t.id, t);
      if (t.chain) adoptChainCosts(t.costs.edgeSeconds, t.chain);
    }
  }

  measure(block: Float64Array): CoverageTally {
    const model = this.model, P = model.profiles.length;
    const tallier = new CoverageTallier(Array.from(model.thresholds), this.setup.zones, this.setup.lines, this.setup.points);
    let at = 0;
    while (at < block.length) {
      const t = block[at++];
      const changed: CostsByProfile = {};
      let any = false;
      for (let q = 0; q < P; q++) {
        const id = block[at++];
        if (id === this.current[q]) continue;
        const table = this.tables.get(id);
        if (!table) throw new Error(`coverage block: cost table ${id} was never sent`);
        changed[table.costs.profile] = table.costs;
        this.current[q] = id;
        any = true;
      }
      if (any) model.setCosts(changed);
      const groupCount = block[at++];
      const groups: UnitGroup[] = [];
      for (let k = 0; k < groupCount; k++) {
        const profile = PROFILES[block[at++]];
        const n = block[at++];
        const positions = [];
        for (let i = 0; i < n; i++, at += 3) positions.push({ edge: block[at], t: block[at + 1], offRoadSeconds: block[at + 2] });
        groups.push({ profile, positions });
      }
      tallier.add(model.measure(groups), t);
    }
    return tallier.tally;
  }
}

interface WorkerLink {
  worker: Worker;
  port: MessagePort;
  /** [0] = results posted so far, [1] = 1 once the worker has failed */
  signal: Int32Array;
  /** blocks sent and not yet answered, by index */
  pending: Map<number, Float64Array>;
  /** cost tables already sent */
  sent: Set<number>;
  seen: number;
  lastHeard: number;
  dead: boolean;
}

export interface BlockedCoverageOptions {
  /** helper threads (0 = measure everything in this thread) */
  threads: number;
  blockSamples?: number;
  /** give up on a worker silent this long while blocks wait (default 60 s) */
  silenceMs?: number;
  /** blocks the worker may hold before this thread measures one itself (default 3) */
  inFlight?: number;
}

/**
 * How many helper threads a run is worth: one when there is a spare core and the run has many
 * samples. Starting a helper costs about as much as building the coverage model again, which
 * grows with the city like a sample does, so the count of samples is what decides.
 */
export function autoThreads(samples: number): number {
  return samples >= 384 && availableParallelism() > 1 ? 1 : 0;
}

/** A coverage probe that records samples in blocks and measures them here or in a worker. */
export class BlockedCoverage implements CoverageProbe {
  private readonly measurer: BlockMeasurer;
  private readonly blockSamples: number;
  private readonly tallies: (CoverageTally | null)[] = [];
  private readonly blocks = new Map<number, Float64Array>();
  private readonly tables = new Map<Float32Array, CostTable>();
  private readonly current: number[];
  private readonly profiles: readonly ProfileName[];
  private buffer: number[] = [];
  private samplesInBlock = 0;
  private link: WorkerLink | null = null;
  private readonly silenceMs: number;
  private readonly inFlight: number;
  /** blocks the worker measured / this thread measured (for benchmarks and tests) */
  readonly measuredBy = { worker: 0, here: 0 };

  constructor(
    private readonly setup: CoverageSetup,
    private readonly now: () => number,
    options: BlockedCoverageOptions,
  ) {
    // The helper first: it takes a few hundred milliseconds to start, which this thread spends
    // building its own model.
    this.silenceMs = options.silenceMs ?? WORKER_SILENCE_MS;
    this.inFlight = options.inFlight ?? 3;
    if (options.threads > 0) {
      try {
        this.link = startWorker(setup);
      } catch {
        this.link = null; // no thread to be had: everything is measured here
      }
    }
    let model: CoverageModel;
    try {
      model = new CoverageModel(setup.graph, setup.costs, setup.targets, setup.options);
    } catch (err) {
      this.stopWorker();
      throw err;
    }
    this.measurer = new BlockMeasurer(model, setup);
    this.profiles = model.profiles;
    this.blockSamples = options.blockSamples ?? BLOCK_SAMPLES;
    this.current = model.profiles.map((p) => this.tableOf(setup.costs[p] as TravelCosts).id);
    this.measurer.addTables([...this.tables.values()]);
  }

  private tableOf(c: TravelCosts): CostTable {
    let t = this.tables.get(c.edgeSeconds);
    if (!t) {
      t = { id: this.tables.size, costs: c };
      this.tables.set(c.edgeSeconds, t);
    }
    return t;
  }

  setCosts(costs: CostsByProfile): void {
    const added: CostTable[] = [];
    this.profiles.forEach((p, q) => {
      const c = costs[p];
      if (!c) return;
      const before = this.tables.size;
      const t = this.tableOf(c);
      if (this.tables.size > before) added.push(t);
      this.current[q] = t.id;
    });
    if (added.length > 0) this.measurer.addTables(added);
  }

  measure(groups: readonly UnitGroup[]): void {
    const b = this.buffer;
    b.push(this.now(), ...this.current, groups.length);
    for (const g of groups) {
      b.push(PROFILES.indexOf(g.profile), g.positions.length);
      for (const p of g.positions) b.push(p.edge, p.t, p.offRoadSeconds);
    }
    if (++this.samplesInBlock >= this.blockSamples) this.flush();
  }

  /** Ends the helper thread at once (its blocks are then measured here); for tests. */
  stopWorker(): void {
    void this.link?.worker.terminate();
  }

  /** The tally of every sample, summed block by block in order; ends the worker. */
  finish(): CoverageTally | null {
    this.flush();
    const link = this.link;
    if (link) {
      // The worker takes its blocks oldest first: while it is busy with one, the newest of the
      // others is measured here rather than waited for.
      while (link.pending.size > 0 && !link.dead) {
        this.collect(false);
        if (link.pending.size >= 2) {
          const newest = Math.max(...link.pending.keys());
          this.tallies[newest] = this.measureHere(link.pending.get(newest) as Float64Array);
          link.pending.delete(newest);
        } else if (link.pending.size === 1) this.collect(true);
      }
      if (link.dead) for (const [index, data] of link.pending) this.tallies[index] = this.measureHere(data);
      link.pending.clear();
      link.worker.terminate().catch(() => undefined);
      this.link = null;
    }
    if (this.tallies.length === 0) return null;
    return mergeTallies(this.tallies.map((t, i) => t ?? failBlock(i)));
  }

  private flush(): void {
    if (this.samplesInBlock === 0) return;
    const data = Float64Array.from(this.buffer);
    this.buffer = [];
    this.samplesInBlock = 0;
    const index = this.tallies.length;
    this.tallies.push(null);
    const link = this.link;
    if (link && !link.dead) {
      this.collect(false);
      // A few blocks in flight keep the worker busy while this thread records the next ones.
      if (!link.dead && link.pending.size < this.inFlight) {
        const g = this.setup.graph, top = chainTopologyOf(g);
        const tables = [...this.tables.values()].filter((t) => !link.sent.has(t.id)).map((t) => ({ ...t, chain: chainCostsOf(g, top, t.costs.edgeSeconds) }));
        tables.forEach((t) => link.sent.add(t.id));
        link.pending.set(index, data);
        link.port.postMessage({ index, data, tables });
        return;
      }
    }
    this.tallies[index] = this.measureHere(data);
  }

  private measureHere(data: Float64Array): CoverageTally {
    this.measuredBy.here++;
    return this.measurer.measure(data);
  }

  /** Takes the worker's answers; with `wait`, blocks until one arrives (or the worker is given up on). */
  private collect(wait: boolean): void {
    const link = this.link as WorkerLink;
    for (;;) {
      let got = false;
      for (let msg = receiveMessageOnPort(link.port); msg; msg = receiveMessageOnPort(link.port)) {
        const m = msg.message as { index: number; tally: CoverageTally } | { failed: string };
        if ('failed' in m) {
          link.dead = true;
          return;
        }
        link.pending.delete(m.index);
        // (A block measured here meanwhile has the same tally: the first one stays.)
        if (this.tallies[m.index] === null) this.tallies[m.index] = m.tally;
        this.measuredBy.worker++;
        link.seen++;
        got = true;
      }
      if (got) link.lastHeard = Date.now();
      if (Atomics.load(link.signal, 1) === 1) link.dead = true;
      if (!wait || got || link.dead || link.pending.size === 0) return;
      if (Date.now() - link.lastHeard > this.silenceMs) {
        link.dead = true;
        return;
      }
      Atomics.wait(link.signal, 0, link.seen, Math.min(1000, this.silenceMs));
    }
  }
}

function failBlock(i: number): never {
  throw new Error(`coverage block ${i} was never measured`);
}

function startWorker(setup: CoverageSetup): WorkerLink {
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  // What this thread has built from the same inputs goes along (shared, or copied once) so the
  // worker does not build it again: the chain topology, the first hour's chain costs and the
  // segment index. The worker runs without this process's loader flags: it loads its sources
  // itself, faster (coverage-worker.mjs).
  const top = chainTopologyOf(setup.graph);
  const chains: Partial<Record<ProfileName, ChainCosts>> = {};
  for (const [p, c] of Object.entries(setup.costs) as [ProfileName, TravelCosts][]) chains[p] = chainCostsOf(setup.graph, top, c.edgeSeconds);
  const seg = segmentIndexOf(setup.graph);
  const worker = new Worker(new URL('./coverage-worker.mjs', import.meta.url), {
    workerData: { setup, topology: top, chains, segments: { data: seg.index.data, itemEdge: seg.itemEdge }, signal, port: port2 },
    execArgv: [],
    transferList: [port2],
  });
  // The worker must never keep the process alive, and its errors are handled through `signal`.
  worker.unref();
  worker.on('error', () => {
    Atomics.store(signal, 1, 1);
    Atomics.notify(signal, 0);
  });
  return { worker, port: port1, signal, pending: new Map(), sent: new Set(), seen: 0, lastHeard: Date.now(), dead: false };
}
