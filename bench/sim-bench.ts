// Simulation benchmarks: a day and a year of the default city, and a large city's day
// (11,000 calls, 1,500 units, a 200,000-node generated city). Each reports wall time, events per
// second and the simulated-to-wall speed-up. Seeded; the same seed gives the same runs.

import type { UnitFile } from '../shared/fleet-schema.ts';
import type { IncidentsConfig } from '../shared/incident-schema.ts';
import type { LngLat } from '../shared/units.ts';
import { generateCity } from '../sim/build/city-generator.ts';
import { autoThreads } from '../sim/des/coverage-blocks.ts';
import { runSimulation, type RunInput } from '../sim/des/run.ts';
import { buildRoadGraph } from '../sim/graph/build-graph.ts';
import { DEFAULT_PROFILES } from '../sim/graph/profiles.ts';
import type { RoadGraph } from '../sim/graph/road-graph.ts';
import { createRandom } from '../sim/random.ts';
import { SANMING_INCIDENTS } from '../scripts/sanming-fleet.ts';

export interface SimBench {
  wallMs: number;
  events: number;
  incidents: number;
  units: number;
  days: number;
  /** helper threads that measured coverage */
  threads: number;
}

/** One run; `threads` as `run` chooses by default (a helper thread for long runs) unless given. */
export function timeRun(input: RunInput, seed: number, days: number, sampleEverySeconds: number, threads?: number): SimBench {
  const coverageThreads = threads ?? autoThreads((days * 86400) / sampleEverySeconds);
  const t0 = performance.now();
  const { result, sim } = runSimulation(input, { seed, days, sampleEverySeconds, coverageThreads });
  return { wallMs: performance.now() - t0, events: sim.events, incidents: result.kpis.incidents, units: sim.model.units.length, days, threads: coverageThreads };
}

/** Events per second and speed-up at `wallMs` (the median of the runs; default this run's). */
export const speedNote = (b: SimBench, wallMs = b.wallMs) =>
  `${Math.round(b.events / (wallMs / 1000)).toLocaleString('en-US')} events/s, ${Math.round((b.days * 86400) / (wallMs / 1000)).toLocaleString('en-US')}× real time, ${b.incidents.toLocaleString('en-US')} calls, ${b.units} units, ${b.threads ? `coverage also in ${b.threads} helper thread` : 'one thread'}`;

const square = (c: LngLat, halfM: number, g: RoadGraph): LngLat[][] => {
  const dLon = halfM / g.projection.mPerDegLon, dLat = halfM / g.projection.mPerDegLat;
  const [x, y] = c;
  return [[[x - dLon, y - dLat], [x + dLon, y - dLat], [x + dLon, y + dLat], [x - dLon, y + dLat], [x - dLon, y - dLat]]];
};

/**
 * A large city: a generated city of about 200,000 road nodes policed by 1,500 units in 150
 * zones (zone cars, station cars, foot patrols at points, posts), and 11,000 calls a day —
 * Guangzhou's volume (about 11,000 calls a day in 2004).
 */
export function largeCity(seed: number): RunInput {
  const city = generateCity({ seed, targetNodes: 200_000 });
  const graph = buildRoadGraph(city.input);
  const rnd = createRandom(seed);
  // Places on random road nodes the car may use.
  const nodeAt = (): LngLat => {
    for (;;) {
      const u = rnd.int(0, graph.nodeCount - 1);
      if (graph.nodeAccess[u] === 7) return [graph.lon[u], graph.lat[u]];
    }
  };
  const stations = Array.from({ length: 60 }, (_, i) => {
    const [lon, lat] = nodeAt();
    return { id: `S${i}`, name: `派出所${i}`, lon, lat };
  });
  // Each station's zones, points and posts lie around it (within about 1.5 km), as a station's
  // patrol area does.
  const near = (st: { lon: number; lat: number }, meters: number): LngLat => {
    for (;;) {
      const p = nodeAt();
      const dx = (p[0] - st.lon) * graph.projection.mPerDegLon, dy = (p[1] - st.lat) * graph.projection.mPerDegLat;
      if (dx * dx + dy * dy <= meters * meters) return p;
    }
  };
  const zones = Array.from({ length: 150 }, (_, i) => ({
    id: `Z${i}`,
    name: `巡区${i}`,
    category: 'district' as const,
    geometry: { type: 'Polygon' as const, coordinates: square(near(stations[i % 60], 1500), 600, graph) },
  }));
  const points = Array.from({ length: 300 }, (_, i) => ({ id: `P${i}`, name: `巡点${i}`, geometry: { type: 'Point' as const, coordinates: near(stations[i % 60], 1200) }, dwellMinutes: 12 }));
  const units: UnitFile[] = [];
  const day = { start: '08:00', end: '20:00' }, night = { start: '20:00', end: '08:00' };
  for (let i = 0; i < 1500; i++) {
    const st = i % 60, station = `S${st}`;
    const shifts = [i % 2 === 0 ? day : night];
    const k = Math.floor(i / 60) % 10, round = Math.floor(i / 600);
    if (k < 5) units.push({ id: `C${i}`, kind: 'patrol_car', station, shifts, assignment: { type: 'zone', zone: `Z${st + 60 * ((k + round) % 2)}` } });
    else if (k < 7) units.push({ id: `T${i}`, kind: 'station_officer', station, shifts, assignment: { type: 'station' } });
    else if (k < 9) units.push({ id: `F${i}`, kind: 'foot', station, shifts, assignment: { type: 'points', points: [`P${st}`, `P${st + 60}`] } });
    else {
      const [lon, lat] = near(stations[st], 1000);
      units.push({ id: `B${i}`, kind: 'ebike', station, shifts, assignment: { type: 'post', lon, lat } });
    }
  }
  // Guangzhou's call volume on the same category mix, priorities and on-scene times as the default city.
  const incidents: IncidentsConfig = {
    ...SANMING_INCIDENTS,
    model: {
      ...SANMING_INCIDENTS.model!,
      callsPerDay: 11_000,
      weekly: [1, 1, 1, 1, 1, 1, 1],
      hotspots: Array.from({ length: 40 }, (_, i) => {
        const [lon, lat] = nodeAt();
        return { id: `H${i}`, lon, lat, radiusMeters: 250, weight: 1 };
      }),
      backgroundWeight: 40,
    },
  };
  return {
    name: 'large-city',
    graph,
    profiles: DEFAULT_PROFILES,
    timeOfDay: { default: new Array(24).fill(1) },
    snapMaxMeters: 500,
    stations,
    patrolZones: zones,
    patrolLines: [],
    patrolPoints: points,
    units,
    policy: { callProcessingSeconds: 60 },
    incidents,
  };
}
