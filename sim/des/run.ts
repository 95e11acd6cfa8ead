// One simulation run from a scenario: build the model, generate (or take) the incidents, attach
// coverage and patrol sampling, run the engine and assemble the result. Pure and deterministic:
// the same input and seed give the same result object.

import type { IncidentsConfig } from '../../shared/incident-schema.ts';
import { profileBit } from '../../shared/roads.ts';
import { CoverageModel, type CostsByProfile, type CoverageOptions, type CoverageResult, type CoverageTargets } from '../coverage/index.ts';
import { generateIncidents, type Incident } from '../incidents/index.ts';
import { Simulation, type CoverageProbe, type SimIncident } from './engine.ts';
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

/** Adds coverage results up for the result (equal intervals: plain sums suffice). */
export class CoverageTallier {
  readonly tally: CoverageTally;
  private readonly k180: number;

  constructor(thresholds: readonly number[], zones: number, lines: number, points: number) {
    const k = thresholds.length;
    this.k180 = Math.max(0, thresholds.indexOf(180));
    this.tally = {
      samples: 0,
      thresholds: [...thresholds],
      road: new Float64Array(k),
      hotspots: new Float64Array(k),
      zones: new Float64Array(zones * k),
      lines180: new Float64Array(lines),
      points180: new Float64Array(points),
      dayBins: { n: new Float64Array(96), road: Array.from({ length: k }, () => new Float64Array(96)) },
    };
  }

  /** One sample taken at simulation time t. */
  add(r: CoverageResult, t: number): void {
    const tally = this.tally, k = tally.thresholds.length;
    tally.samples++;
    const bin = Math.floor((((t % 86400) + 86400) % 86400) / 900);
    tally.dayBins.n[bin]++;
    for (let j = 0; j < k; j++) {
      tally.road[j] += r.road[j];
      tally.hotspots[j] += r.hotspots[j];
      tally.dayBins.road[j][bin] += r.road[j];
    }
    for (let z = 0; z < tally.zones.length; z++) tally.zones[z] += r.zones[z];
    for (let l = 0; l < tally.lines180.length; l++) tally.lines180[l] += r.lines[l * k + this.k180];
    for (let p = 0; p < tally.points180.length; p++) if (r.points[p] <= 180) tally.points180[p]++;
  }
}

/** Sums tallies (in the order given, so the result does not depend on timing). */
export function mergeTallies(parts: readonly CoverageTally[]): CoverageTally {
  const [first, ...rest] = parts;
  const out: CoverageTally = {
    ...first,
    road: Float64Array.from(first.road),
    hotspots: Float64Array.from(first.hotspots),
    zones: Float64Array.from(first.zones),
    lines180: Float64Array.from(first.lines180),
    points180: Float64Array.from(first.points180),
    dayBins: { n: Float64Array.from(first.dayBins.n), road: first.dayBins.road.map((r) => Float64Array.from(r)) },
  };
  const addInto = (a: Float64Array, b: ArrayLike<number>) => {
    for (let i = 0; i < a.length; i++) a[i] += b[i];
  };
  for (const t of rest) {
    out.samples += t.samples;
    addInto(out.road, t.road);
    addInto(out.hotspots, t.hotspots);
    addInto(out.zones, t.zones);
    addInto(out.lines180, t.lines180);
    addInto(out.points180, t.points180);
    addInto(out.dayBins.n, t.dayBins.n);
    out.dayBins.road.forEach((r, j) => addInto(r, t.dayBins.road[j]));
  }
  return out;
}

/** What a coverage probe is built from: the same inputs as a CoverageModel. */
export interface CoverageSetup {
  graph: RunInput['graph'];
  costs: CostsByProfile;
  targets: CoverageTargets;
  options: CoverageOptions;
  zones: number;
  lines: number;
  points: number;
}

/** A probe that also hands back its tally at the end (in-process or in worker threads). */
export interface TallyingProbe extends CoverageProbe {
  finish(): CoverageTally;
}

/** Coverage measured in-process, one sample after the other. */
export function inlineCoverage(setup: CoverageSetup, now: () => number): TallyingProbe {
  const model = new CoverageModel(setup.graph, setup.costs, setup.targets, setup.options);
  const tallier = new CoverageTallier(Array.from(model.thresholds), setup.zones, setup.lines, setup.points);
  return {
    setCosts: (costs) => model.setCosts(costs),
    measure: (groups) => tallier.add(model.measure(groups), now()),
    finish: () => tallier.tally,
  };
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

/** One run, coverage measured in-process. */
export function runSimulation(input: RunInput, opts: RunOptions): RunOutput {
  let probe: TallyingProbe | null = null;
  const run = prepareRun(input, opts, (setup, now) => (probe = inlineCoverage(setup, now)));
  run.sim.run();
  return run.finish((probe as TallyingProbe | null)?.finish() ?? null);
}
