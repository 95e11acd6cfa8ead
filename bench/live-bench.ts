// Live-server figures, in process: a ring and coverage refresh with 1,000 units on the default
// city (half of them moved since the last refresh, as when each reports every 2 s and the rings
// refresh every second), and a recommendation with coverage impact for the 10 best units, each
// after warm-up runs that are not counted.
// p95 against the live-server issue's targets. Seeded.

import { buildSimModel } from '../sim/des/sim-model.ts';
import { projectX, projectY } from '../sim/geo/projection.ts';
import type { Random } from '../sim/random.ts';
import { createRandom } from '../sim/random.ts';
import type { LiveCity } from '../server/live/live-city.ts';
import { LiveRings } from '../server/live/live-rings.ts';
import { LiveUnits, type UnitInfo } from '../server/live/live-units.ts';
import { recommend } from '../server/live/recommend.ts';
import type { LoadedScenario } from '../server/scenario/load-scenario.ts';
import { simInput } from '../server/scenario/sim-input.ts';
import { median, quantile, type Measurement } from './harness.ts';

const KINDS = [['patrol_car', 'car'], ['ebike', 'ebike'], ['foot', 'foot']] as const;

/** The default city with `n` live units (cars, e-bikes, foot patrols 6:2:2), all reporting. */
export function liveCity(scenario: LoadedScenario, n: number, rnd: Random, clock: { t: number }): LiveCity {
  const model = buildSimModel(simInput(scenario));
  const g = model.graph;
  const infos: UnitInfo[] = Array.from({ length: n }, (_, i) => {
    const [kind, profile] = KINDS[i % 10 < 6 ? 0 : i % 10 < 8 ? 1 : 2];
    return { id: `L${i}`, name: `单位${i}`, kind, profile, station: '' };
  });
  const timeOfDay = () => 12 * 3600;
  const units = new LiveUnits(infos, {
    now: () => clock.t,
    project: (lon, lat) => [projectX(g.projection, lon), projectY(g.projection, lat)],
    snap: (profile, at, nearEdge) => model.routers.at(profile, timeOfDay()).snap(at, 'position', nearEdge),
  });
  const city: LiveCity = { scenario, model, units, timeOfDay };
  for (const u of units.all()) report(city, u.id, rnd, clock.t);
  return city;
}

/** A report of unit `id` near a random road node its profile may use. */
export function report(city: LiveCity, id: string, rnd: Random, t: number): void {
  const g = city.model.graph;
  for (;;) {
    const v = rnd.int(0, g.nodeCount - 1);
    if (g.nodeAccess[v] !== 7) continue;
    city.units.report({ unitId: id, lon: g.lon[v] + rnd.uniform(-1e-4, 1e-4), lat: g.lat[v] + rnd.uniform(-1e-4, 1e-4), time: t });
    return;
  }
}

const row = (name: string, times: number[], targetMs: number): Measurement => {
  const p95 = quantile(times, 0.95);
  return { name, medianMs: median(times), p90Ms: quantile(times, 0.9), runs: times.length, target: `≤ ${targetMs} ms p95`, ok: p95 <= targetMs, note: `p95 ${p95.toFixed(1)} ms` };
};

/** Refreshes before the measured ones. */
const WARMUP = 20;

export function liveBench(scenario: LoadedScenario, seed: number, runs = 40): Measurement[] {
  const rnd = createRandom(seed), clock = { t: Date.parse('2026-03-02T04:00:00Z') };
  const city = liveCity(scenario, 1000, rnd, clock);
  const rings = new LiveRings(city);
  const refresh: number[] = [];
  const ids = city.units.all().map((u) => u.id);
  // A server runs for days: the figures are of the steady state, after the rings thread has
  // started and WARMUP refreshes (not counted) have warmed the compiler up.
  const deadline = Date.now() + 5000;
  while (!rings.threadReady && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  for (let r = 0; r < WARMUP + runs; r++) {
    clock.t += 1000;
    for (let i = r % 2; i < ids.length; i += 2) report(city, ids[i], rnd, clock.t);
    const ms = rings.current().refreshMs;
    if (r >= WARMUP) refresh.push(ms);
  }
  const g = city.model.graph, rec: number[] = [];
  for (let r = 0; r < WARMUP + runs; r++) {
    const v = rnd.int(0, g.nodeCount - 1);
    const t0 = performance.now();
    recommend(city, rings, { lon: g.lon[v], lat: g.lat[v], category: 'crime', priority: 1 }, 10);
    if (r >= WARMUP) rec.push(performance.now() - t0);
  }
  void rings.close();
  return [row('live rings + coverage refresh, 1,000 units, default city', refresh, 50), row('incident recommendation, 10 best units with coverage impact', rec, 100)];
}
