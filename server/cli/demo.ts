// `xunfang demo` (what `npm start` runs until the live server lands): builds the city, then
// shows how the 1/3/5-minute rings from all police stations shrink in the rush hours, and which
// patrol points lie outside the 3-minute ring.

import { runSimulation } from '../../sim/des/run.ts';
import { simInput } from '../scenario/sim-input.ts';
import { kpiTable } from './run.ts';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LngLat, Seconds } from '../../shared/units.ts';
import { networkLengthMeters } from '../../sim/graph/road-graph.ts';
import { profileBit } from '../../shared/roads.ts';
import { formatClock } from '../../sim/graph/time-of-day.ts';
import { buildRings } from '../../sim/rings/index.ts';
import { arrivalFromLabels } from '../../sim/routing/snapped-seeds.ts';
import { loadScenarioArg, scenarioRouter } from '../scenario/scenario-routing.ts';
import { scenarioSummary } from './validate.ts';

const CLOCKS = [3 * 3600, 8 * 3600, 12 * 3600, 18 * 3600] as Seconds[];

export async function demoCommand(scenarioArg: string | undefined, opts: { out?: string }): Promise<void> {
  const loaded = await loadScenarioArg(scenarioArg);
  const out = process.stdout;
  out.write(`${scenarioSummary(loaded)}\n\n`);
  if (loaded.stations.length === 0) {
    out.write('no police stations in this scenario: nothing to draw rings from\n');
    return;
  }
  const totalKm = networkLengthMeters(loaded.graph, profileBit('car')) / 1000;
  out.write(`1/3/5-minute rings of patrol cars leaving all ${loaded.stations.length} police stations (car road network ${totalKm.toFixed(0)} km)\n`);
  out.write('time   | 1 min road km / km² | 3 min road km / km² | 5 min road km / km² | patrol points ≤ 3 min | ms\n');
  for (const at of CLOCKS) {
    const router = scenarioRouter(loaded, 'car', at);
    const origins = loaded.stations.map((s, i) => router.snap([s.lon, s.lat] as LngLat, `stations[${i}]`));
    const rings = buildRings(router, origins, [1, 3, 5]);
    const labels = router.label(origins, 180).seconds;
    const points = loaded.patrolPoints.map((p) => router.snap(p.geometry.coordinates as unknown as LngLat));
    const within = points.filter((p) => arrivalFromLabels(loaded.graph, router.costs.edgeSeconds, labels, p) <= 180).length;
    const cells = rings.stats.map((s) => `${(s.reachableRoadMeters / 1000).toFixed(1).padStart(6)} / ${s.areaKm2.toFixed(2).padStart(6)}`.padEnd(19));
    out.write(`${formatClock(at)}  | ${cells.join(' | ')} | ${`${within}/${points.length}`.padEnd(21)} | ${rings.timings.totalMs.toFixed(0)}\n`);
    if (opts.out) {
      await mkdir(opts.out, { recursive: true });
      const file = path.join(opts.out, `station-rings-${formatClock(at).replace(':', '')}.geojson`);
      await writeFile(file, JSON.stringify(rings.geojson));
    }
  }
  // One simulated day of the scenario's own fleet and incident model, when it has them.
  const cfg = loaded.scenario.incidents;
  if ((loaded.scenario.units?.length ?? 0) > 0 && cfg?.model) {
    out.write(`\nOne simulated day (有警接警、无警巡逻) with the scenario's ${loaded.scenario.units?.length} units, seed 1, coverage every 5 minutes:\n`);
    const t0 = performance.now();
    const { result } = runSimulation(simInput(loaded), { seed: 1, days: 1, sampleEverySeconds: 300 });
    out.write(`${kpiTable(result, performance.now() - t0)}\n`);
    out.write('\nTry: npx xunfang run sanming --days 7 --report report.html\n');
  }
  out.write('Try: npx xunfang isochrone sanming --from 117.62,26.26 --at 08:00 --out rings.geojson\n');
}
