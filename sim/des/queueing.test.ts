// Queueing theory agrees with the engine: units at fixed posts, exponential on-scene times,
// negligible travel (every call at the post) and Poisson arrivals make an M/M/c queue, whose
// waiting probability and mean wait are given by the Erlang C formula.
import { describe, expect, it } from 'vitest';
import type { UnitFile } from '../../shared/fleet-schema.ts';
import { buildRoadGraph } from '../graph/build-graph.ts';
import { DEFAULT_PROFILES } from '../graph/profiles.ts';
import type { RoadInput } from '../graph/road-input.ts';
import { FREE_FLOW } from '../graph/time-of-day.ts';
import { createRandom } from '../random.ts';
import { erlangC, mmcMeanWait } from '../stats/erlang.ts';
import { Simulation, type SimIncident } from './engine.ts';
import { buildSimModel } from './sim-model.ts';

const all = { car: true, ebike: true, foot: true };
// A small square block; the post and every call are at its south-west corner.
const input: RoadInput = {
  lon: [117.6, 117.601, 117.601, 117.6],
  lat: [26.2, 26.2, 26.201, 26.201],
  ways: [{ nodes: [0, 1, 2, 3, 0], cls: 'residential', oneway: 0, access: all }],
};
const graph = buildRoadGraph(input);
const post: [number, number] = [117.6, 26.2];

function mmc(c: number, offeredLoad: number, calls: number, seed: number) {
  const meanService = 1800; // 30 min on scene
  const lambda = offeredLoad / meanService;
  const units: UnitFile[] = Array.from({ length: c }, (_, i) => ({
    id: `U${i}`,
    kind: 'patrol_car',
    station: 'S',
    assignment: { type: 'post', lon: post[0], lat: post[1] },
  }));
  const model = buildSimModel({
    graph,
    profiles: DEFAULT_PROFILES,
    timeOfDay: FREE_FLOW,
    snapMaxMeters: 500,
    stations: [{ id: 'S', name: 'S', lon: post[0], lat: post[1] }],
    patrolZones: [],
    patrolLines: [],
    patrolPoints: [],
    units,
    policy: { callProcessingSeconds: 0 },
  });
  const rng = createRandom(seed);
  const incidents: SimIncident[] = [];
  let t = 0;
  for (let i = 0; i < calls; i++) {
    t += -Math.log(1 - rng.next()) / lambda;
    incidents.push({ id: `c${i}`, t, lon: post[0], lat: post[1], category: 'x', priority: 2, onSceneSeconds: -Math.log(1 - rng.next()) * meanService, unitsNeeded: 1 });
  }
  const end = t + 1;
  const sim = new Simulation(model, incidents, { seed, seconds: end }).run();
  // Skip a warm-up (the queue starts empty).
  const recs = sim.records.slice(Math.floor(calls * 0.02));
  const waited = recs.filter((r) => r.queued).length / recs.length;
  const meanWait = recs.reduce((s, r) => s + r.queuedSeconds, 0) / recs.length;
  // Batch means give the standard error of the mean wait despite the correlation between calls.
  const batches = 40, size = Math.floor(recs.length / batches);
  const means = Array.from({ length: batches }, (_, b) => recs.slice(b * size, (b + 1) * size).reduce((s, r) => s + r.queuedSeconds, 0) / size);
  const bm = means.reduce((a, b) => a + b, 0) / batches;
  const se = Math.sqrt(means.reduce((s, m) => s + (m - bm) ** 2, 0) / (batches - 1) / batches);
  const busy = sim.stats.reduce((s, st) => s + st.busySeconds / st.onShiftSeconds, 0);
  return { waited, meanWait, se, busy, expectWait: erlangC(c, offeredLoad), expectMean: mmcMeanWait(c, lambda, 1 / meanService), sim };
}

describe('M/M/c: the engine matches Erlang C', () => {
  it.each([
    [1, 0.5, 200_000],
    [3, 2.4, 400_000],
    [8, 6.8, 1_000_000],
  ])('c = %i, offered load %f (%i calls)', (c, a, calls) => {
    const r = mmc(c, a, calls, 100 + c);
    console.log(
      `M/M/${c} a=${a}: P(wait) ${r.waited.toFixed(4)} vs ${r.expectWait.toFixed(4)}; mean wait ${r.meanWait.toFixed(1)} s ± ${r.se.toFixed(1)} (1 SE) vs ${r.expectMean.toFixed(1)} s; Σ busy ${r.busy.toFixed(4)} vs ${a}`,
    );
    // The tolerance is honest only if it is at least two standard errors of the estimate.
    expect(2 * r.se).toBeLessThan(0.05 * r.expectMean);
    expect(Math.abs(r.waited - r.expectWait)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(r.meanWait - r.expectMean)).toBeLessThanOrEqual(0.05 * r.expectMean);
    // Each unit's busy fraction sums to the offered load.
    expect(Math.abs(r.busy - a)).toBeLessThanOrEqual(0.02 * a);
  });
});
