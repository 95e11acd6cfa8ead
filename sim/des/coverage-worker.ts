// The worker side of coverage-blocks.ts: builds its own coverage model from the run's setup (on
// the main thread's chain topology and chain costs, shared) and answers each block with its
// tally, then bumps the shared counter so a waiting thread wakes.

import type { MessagePort } from 'node:worker_threads';
import { adoptChainTopology, type ChainTopology } from '../coverage/chains.ts';
import { CoverageModel } from '../coverage/index.ts';
import { BlockMeasurer, type CostTable } from './coverage-blocks.ts';
import type { CoverageSetup } from './coverage-tally.ts';

export function serveCoverageBlocks(setup: CoverageSetup, topology: ChainTopology, port: MessagePort, signal: Int32Array): void {
  // The main thread's chain topology, in shared memory: one copy for both threads.
  adoptChainTopology(setup.graph, topology);
  const measurer = new BlockMeasurer(new CoverageModel(setup.graph, setup.costs, setup.targets, setup.options), setup);
  port.on('message', (m: { index: number; data: Float64Array; tables: CostTable[] }) => {
    try {
      measurer.addTables(m.tables);
      const tally = measurer.measure(m.data);
      port.postMessage({ index: m.index, tally });
      Atomics.add(signal, 0, 1);
      Atomics.notify(signal, 0);
    } catch (err) {
      port.postMessage({ failed: String((err as Error)?.stack ?? err) });
      Atomics.store(signal, 1, 1);
      Atomics.notify(signal, 0);
    }
  });
}
