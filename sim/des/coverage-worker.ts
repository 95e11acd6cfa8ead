// The worker side of coverage-blocks.ts: builds its own coverage model from the run's setup (on
// the main thread's chain topology and chain costs, shared) and answers each block with its
// tally, then bumps the shared counter so a waiting thread wakes.

import type { MessagePort } from 'node:worker_threads';
import type { ProfileName } from '../../shared/roads.ts';
import { adoptChainCosts, type ChainCosts } from '../coverage/chain-costs.ts';
import { adoptChainTopology, type ChainTopology } from '../coverage/chains.ts';
import { CoverageModel } from '../coverage/index.ts';
import { adoptSegmentIndex } from '../routing/context.ts';
import { BlockMeasurer, type CostTable } from './coverage-blocks.ts';
import type { CoverageSetup } from './coverage-tally.ts';

/** What the main thread sends: the run's setup and what it has already built from it. */
export interface CoverageWorkerData {
  setup: CoverageSetup;
  /** the chain topology, in shared memory: one copy for both threads */
  topology: ChainTopology;
  /** the chain costs of setup.costs, in shared memory */
  chains: Partial<Record<ProfileName, ChainCosts>>;
  /** the segment index's packed data */
  segments: { data: ArrayBuffer; itemEdge: Uint32Array };
}

export function serveCoverageBlocks(data: CoverageWorkerData, port: MessagePort, signal: Int32Array): void {
  const { setup, topology, chains, segments } = data;
  adoptChainTopology(setup.graph, topology);
  for (const [p, cc] of Object.entries(chains) as [ProfileName, ChainCosts][]) {
    const costs = setup.costs[p];
    if (costs) adoptChainCosts(costs.edgeSeconds, cc);
  }
  adoptSegmentIndex(setup.graph, segments.data, segments.itemEdge);
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
