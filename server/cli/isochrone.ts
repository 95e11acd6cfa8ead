// `xunfang isochrone`: response rings from one origin as GeoJSON (one (Multi)Polygon per contour,
// properties.contour in minutes, metric "time", largest first).

import { buildRings } from '../../sim/rings/index.ts';
import { loadScenarioArg, scenarioRouter } from '../scenario/scenario-routing.ts';
import { parseAt, parseLngLat, parseMinutes, parseProfile, UsageError } from './options.ts';
import { writeOutput } from './output.ts';

export function parseCell(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 5 || n > 500) throw new UsageError('--cell', `must be a number of metres in 5–500, got "${value}"`);
  return n;
}

export async function isochroneCommand(
  scenarioArg: string,
  opts: { from: string; minutes?: string; at?: string; profile?: string; cell?: string; out?: string },
): Promise<void> {
  const origin = parseLngLat(opts.from, '--from');
  const minutes = parseMinutes(opts.minutes);
  const profile = parseProfile(opts.profile);
  const at = parseAt(opts.at);
  const cellMeters = parseCell(opts.cell);
  const loaded = await loadScenarioArg(scenarioArg);
  const router = scenarioRouter(loaded, profile, at);
  const start = router.snap(origin, '--from');
  const result = buildRings(router, [start], minutes, { cellMeters });
  await writeOutput(opts.out, JSON.stringify(result.geojson));
  const summary = result.stats.map((s) => `${s.contour} min: ${(s.reachableRoadMeters / 1000).toFixed(1)} km of road, ${s.areaKm2.toFixed(2)} km²`);
  process.stderr.write(`${summary.join('\n')}\n(cell ${result.cellMeters} m, ${result.timings.totalMs.toFixed(0)} ms)\n`);
}
