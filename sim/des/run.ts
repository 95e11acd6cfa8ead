// One simulation run from a scenario: build the model, generate (or take) the incidents, attach
// coverage and patrol sampling, run the engine and assemble the result. Pure and deterministic:
// the same input and seed give the same result object.

import type { IncidentsConfig } from '../../shared/incident-schema.ts';
import { profileBit } from '../../shared/roads.ts';
import type { CostsByProfile } from '../coverage/index.ts';
import { generateIncidents, type Incident } from '../incidents/index.ts';
import { Simulation, type CoverageProbe, type SimIncident } from './engine.ts';
import { PatrolSampler } from './patrol-metrics.ts';
import { autoThreads, BlockedCoverage } from './coverage-blocks.ts';
import type { CoverageSetup } from './coverage-tally.ts';
import { buildResult, type CoverageTally, type SimResult } from './result.ts';
import { buildSimModel, type SimModel, type SimScenarioInput } from './sim-model.ts';

export interface RunInput extends SimScenarioInput {
  name: string;
  incidents?: IncidentsConfig;
}

export interface RunOptions {
  seed: number;
  days: number;
  /** 0 = Monday (default) */
  startWeekday?: number;
  /** seconds between coverage and patrol samples (default 60; 0 = none) */
  sampleEverySeconds?: number;
  /** a historic list instead of the incident model */
  incidents?: readonly Incident[];
  onProgress?: (fraction: number) => void;
  /** helper threads measuring coverage, 0 or 1 (default: 1 for runs of 384 samples or more when
   *  there is a spare core); the result is the same either way */
  coverageThreads?: number;
}

export { CoverageTallier, mergeTallies, type CoverageSetup } from './coverage-tally.ts';

export class RunSetupError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'RunSetupError';
  }
}

/** A run set up but not yet run: run `sim`, then `finish` with the coverage tally. */
export interface PreparedRun {
  sim: Simulation;
  model: SimModel;
  coverageSetup: CoverageSetup | null;
  finish(tally: CoverageTally | null): RunOutput;
}

export interface RunOutput {
  result: SimResult;
  sim: Simulation;
  model: SimModel;
}

/**
 * Builds the model, the incidents and the engine. `probe` receives the coverage samples; pass
 * null for none (coverageSetup says what a probe must be built from).
 */
export function prepareRun(input: RunInput, opts: RunOptions, makeProbe: ((setup: CoverageSetup, now: () => number) => CoverageProbe) | null): PreparedRun {
  if (!Number.isInteger(opts.seed)) throw new RunSetupError('seed', `must be an integer, got ${opts.seed}`);
  if (!(opts.days > 0 && opts.days <= 3660)) throw new RunSetupError('days', `must be a number of days in (0, 3660], got ${opts.days}`);
  const model = buildSimModel(input);
  if (model.units.length === 0) throw new RunSetupError('units', 'the scenario has no units to simulate');
  const cfg = input.incidents;
  let incidents: readonly SimIncident[];
  let source: 'model' | 'list';
  if (opts.incidents) {
    incidents = opts.incidents;
    source = 'list';
  } else {
    if (!cfg?.model) throw new RunSetupError('incidents.model', 'the scenario has no incident model (add one, or replay a call list)');
    incidents = generateIncidents(cfg.model, cfg.categories, cfg.priorities, { graph: input.graph, profileMask: profileBit('car') }, {
      days: Math.ceil(opts.days),
      seed: opts.seed,
      startWeekday: opts.startWeekday ?? 0,
    });
    source = 'model';
  }
  // Only calls inside the run (a model generates whole days).
  const end = opts.days * 86400;
  if (incidents.some((i) => i.t >= end)) incidents = incidents.filter((i) => i.t < end);
  const every = opts.sampleEverySeconds ?? 60;
  const hotspots = (cfg?.model?.hotspots ?? []).map((h) => ({ lon: h.lon, lat: h.lat, weight: h.weight }));
  let coverageSetup: CoverageSetup | null = null;
  let probe: CoverageProbe | null = null;
  let sim: Simulation | null = null;
  if (every > 0) {
    const costs: CostsByProfile = {};
    for (const p of model.profilesUsed) costs[p] = model.routers.costsAt(p, 0);
    coverageSetup = {
      graph: input.graph,
      costs,
      targets: { hotspots, zones: input.patrolZones, lines: input.patrolLines, points: input.patrolPoints },
      options: { snapMaxMeters: input.snapMaxMeters },
      zones: input.patrolZones.length,
      lines: input.patrolLines.length,
      points: input.patrolPoints.length,
    };
    if (makeProbe) probe = makeProbe(coverageSetup, () => sim?.now ?? 0);
  }
  let patrol: PatrolSampler | null = null;
  sim = new Simulation(model, incidents, {
    seed: opts.seed,
    seconds: end,
    sampleEverySeconds: every,
    ...(probe ? { coverage: probe } : {}),
    onSample: (_s, t) => patrol?.sample(t),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  patrol = new PatrolSampler(sim, hotspots);
  const ran = sim;
  const finalPatrol = patrol;
  return {
    sim: ran,
    model,
    coverageSetup,
    finish: (tally) => ({
      result: buildResult(
        ran,
        { scenario: input.name, seed: opts.seed, days: opts.days, startWeekday: opts.startWeekday ?? 0, incidentSource: source, sampleEverySeconds: every },
        cfg?.priorities ?? [],
        every > 0 ? finalPatrol : null,
        tally,
      ),
      sim: ran,
      model,
    }),
  };
}

/** One run. Coverage is measured in blocks, in this thread or a helper thread (coverage-blocks.ts). */
export function runSimulation(input: RunInput, opts: RunOptions): RunOutput {
  let probe: BlockedCoverage | null = null;
  const every = opts.sampleEverySeconds ?? 60;
  const given = opts.coverageThreads;
  if (given !== undefined && given !== 0 && given !== 1) throw new RunSetupError('coverageThreads', `must be 0 or 1, got ${String(given)}`);
  const threads = given ?? (every > 0 ? autoThreads((opts.days * 86400) / every) : 0);
  const run = prepareRun(input, opts, (setup, now) => (probe = new BlockedCoverage(setup, now, { threads })));
  run.sim.run();
  return run.finish((probe as BlockedCoverage | null)?.finish() ?? null);
}
