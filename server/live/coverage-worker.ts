// The live coverage thread's side: a coverage model of its own over the same graph, targets and
// options, measuring each refresh's units (see coverage-thread.ts).

import type { MessagePort } from 'node:worker_threads';
import type { RoadGraph } from '../../sim/graph/road-graph.ts';
import { CoverageModel, type CostsByProfile, type CoverageOptions, type CoverageTargets, type UnitGroup } from '../../sim/coverage/index.ts';

export interface CoverageSetupData {
  graph: RoadGraph;
  costs: CostsByProfile;
  targets: CoverageTargets;
  options: CoverageOptions;
}

export type CoverageJob = { kind: 'costs'; costs: CostsByProfile } | { kind: 'measure'; job: number; groups: UnitGroup[] };

export function serveCoverage(data: CoverageSetupData, port: MessagePort, signal: Int32Array): void {
  const model = new CoverageModel(data.graph, data.costs, data.targets, data.options);
  port.on('message', (m: CoverageJob) => {
    if (m.kind === 'costs') {
      model.setCosts(m.costs);
      return;
    }
    try {
      port.postMessage({ job: m.job, result: model.measure(m.groups) });
    } catch (err) {
      port.postMessage({ job: m.job, error: String((err as Error)?.stack ?? err) });
    }
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
  Atomics.store(signal, 2, 1); // ready
  Atomics.notify(signal, 0);
}
