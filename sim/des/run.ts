// One simulation run from a scenario: build the model, generate (or take) the incidents, attach
// coverage and patrol sampling, run the engine and assemble the result. Pure and deterministic:
// the same input and seed give the same result object.

import type { IncidentsConfig } from '../../shared/incident-schema.ts';
import { profileBit } from '../../shared/roads.ts';
import { CoverageModel, type CostsByProfile } from '../coverage/index.ts';
import { generateIncidents, type Incident } from '../incidents/index.ts';
import { Simulation, type CoverageProbe, type SimIncident, type UnitGroup } from './engine.ts';
import { PatrolSampler } from './patrol-metrics.ts';
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
}

export class RunSetupError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'RunSetupError';
  }
}

/** Accumulates coverage samples for the result (equal intervals: plain sums suffice). */
class CoverageAccumulator implements CoverageProbe {
  readonly tally: CoverageTally;

  constructor(
    private readonly model: CoverageModel,
    private readonly now: () => number,
    zones: number,
    lines: number,
    points: number,
  ) {
    const k = model.thresholds.length;
    this.tally = {
      samples: 0,
      thresholds: Array.from(model.thresholds),
      road: new Float64Array(k),
      hotspots: new Float64Array(k),
      zones: new Float64Array(zones * k),
      lines180: new Float64Array(lines),
      points180: new Float64Array(points),
      dayBins: { n: new Float64Array(96), road: Array.from({ length: k }, () => new Float64Array(96)) },
    };
  }

  setCosts(costs: CostsByProfile): void {
    this.model.setCosts(costs);
  }

  measure(groups: readonly UnitGroup[]): void {
    const r = this.model.measure(groups);
    const t = this.tally, k = this.model.thresholds.length;
    const k180 = Math.max(0, Array.from(this.model.thresholds).indexOf(180));
    t.samples++;
    const bin = Math.floor((((this.now() % 86400) + 86400) % 86400) / 900);
    t.dayBins.n[bin]++;
    for (let j = 0; j < k; j++) {
      t.road[j] += r.road[j];
      t.hotspots[j] += r.hotspots[j];
      t.dayBins.road[j][bin] += r.road[j];
    }
    for (let z = 0; z < t.zones.length; z++) t.zones[z] += r.zones[z];
    for (let l = 0; l < t.lines180.length; l++) t.lines180[l] += r.lines[l * k + k180];
    for (let p = 0; p < t.points180.length; p++) if (r.points[p] <= 180) t.points180[p]++;
  }
}

export interface RunOutput {
  result: SimResult;
  sim: Simulation;
  model: SimModel;
}

export function runSimulation(input: RunInput, opts: RunOptions): RunOutput {
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
  let accumulator: CoverageAccumulator | null = null;
  let sim: Simulation | null = null;
  if (every > 0) {
    const costs: CostsByProfile = {};
    for (const p of model.profilesUsed) costs[p] = model.routers.costsAt(p, 0);
    const coverage = new CoverageModel(
      input.graph,
      costs,
      { hotspots, zones: input.patrolZones, lines: input.patrolLines, points: input.patrolPoints },
      { snapMaxMeters: input.snapMaxMeters },
    );
    accumulator = new CoverageAccumulator(coverage, () => sim?.now ?? 0, input.patrolZones.length, input.patrolLines.length, input.patrolPoints.length);
  }
  let patrol: PatrolSampler | null = null;
  sim = new Simulation(model, incidents, {
    seed: opts.seed,
    seconds: end,
    sampleEverySeconds: every,
    ...(accumulator ? { coverage: accumulator } : {}),
    onSample: (s, t) => patrol?.sample(t),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  patrol = new PatrolSampler(sim, hotspots);
  sim.run();
  const result = buildResult(
    sim,
    { scenario: input.name, seed: opts.seed, days: opts.days, startWeekday: opts.startWeekday ?? 0, incidentSource: source, sampleEverySeconds: every },
    cfg?.priorities ?? [],
    every > 0 ? patrol : null,
    accumulator?.tally ?? null,
  );
  return { result, sim, model };
}
