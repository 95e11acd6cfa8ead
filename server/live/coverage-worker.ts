// The live coverage thread's side: a coverage model of its own over the same graph, targets and
// options, measuring each refresh's units, then taking contours of the refresh's rings off the
// shared list (see coverage-thread.ts).

import type { MessagePort } from 'node:worker_threads';
import type { RoadGraph } from '../../sim/graph/road-graph.ts';
import { CoverageModel, type CostsByProfile, type CoverageOptions, type CoverageResult, type CoverageTargets, type UnitGroup } from '../../sim/coverage/index.ts';
import { takeContours, type ContourShare } from '../../sim/rings/index.ts';
import type { ContourResult } from '../../sim/rings/contour.ts';

export interface CoverageSetupData {
  graph: RoadGraph;
  costs: CostsByProfile;
  targets: CoverageTargets;
  options: CoverageOptions;
}

export type CoverageJob =
  | { kind: 'costs'; costs: CostsByProfile }
  | { kind: 'measure'; job: number; groups: UnitGroup[] }
  | { kind: 'contours'; job: number; share: ContourShare };

export type CoverageAnswer =
  | { kind: 'measure'; job: number; result?: CoverageResult; error?: string }
  | { kind: 'contours'; job: number; drawn: [number, ContourResult][]; error?: string }
  | { kind: 'failed'; job?: undefined; failed: string };

export function serveCoverage(data: CoverageSetupData, port: MessagePort, signal: Int32Array): void {
  const model = new CoverageModel(data.graph, data.costs, data.targets, data.options);
  const answer = (a: CoverageAnswer) => {
    port.postMessage(a);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  port.on('message', (m: CoverageJob) => {
    if (m.kind === 'costs') {
      model.setCosts(m.costs);
      return;
    }
    if (m.kind === 'contours') {
      const drawn = new Map<number, ContourResult>();
      try {
        takeContours(m.share, drawn);
        answer({ kind: 'contours', job: m.job, drawn: [...drawn] });
      } catch (err) {
        // The ones it took and did not draw are drawn by the refresh (see CoverageThread.offer).
        answer({ kind: 'contours', job: m.job, drawn: [...drawn], error: String((err as Error)?.stack ?? err) });
      }
      return;
    }
    try {
      answer({ kind: 'measure', job: m.job, result: model.measure(m.groups) });
    } catch (err) {
      answer({ kind: 'measure', job: m.job, error: String((err as Error)?.stack ?? err) });
    }
  });
  Atomics.store(signal, 2, 1); // ready
  Atomics.notify(signal, 0);
}
