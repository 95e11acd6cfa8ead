// `xunfang rings`: merged response rings of many units. Each unit travels with its own profile
// (patrol car, e-bike, on foot); a place's time is that of the fastest available unit.

import { PROFILES, type ProfileName } from '../../shared/roads.ts';
import type { LngLat } from '../../shared/units.ts';
import { lngLatProblem } from '../../sim/geo/projection.ts';
import { buildMergedRings, type RingsGroup } from '../../sim/rings/index.ts';
import { loadScenarioArg, scenarioRouter } from '../scenario/scenario-routing.ts';
import { parseCell } from './isochrone.ts';
import { parseAt, parseMinutes, parseProfile, UsageError } from './options.ts';
import { readJsonFile, writeOutput } from './output.ts';

export interface RingsUnit {
  id: string;
  position: LngLat;
  profile: ProfileName;
  available: boolean;
}

/**
 * Units from the --units file: an array of {id, lon, lat, profile?, available?} objects, or of
 * plain [lon, lat] positions (cars, all available). Every problem names the entry and field.
 */
export function parseUnits(data: unknown, field = '--units'): RingsUnit[] {
  if (!Array.isArray(data)) throw new UsageError(field, 'expected a JSON array of units ({"id","lon","lat","profile"?,"available"?}) or of [lon, lat]');
  if (data.length === 0) throw new UsageError(field, 'is empty');
  const ids = new Set<string>();
  return data.map((u: unknown, i): RingsUnit => {
    const at = `${field}[${i}]`;
    if (Array.isArray(u)) {
      if (u.length < 2) throw new UsageError(at, 'expected [lon, lat]');
      const problem = lngLatProblem(u[0], u[1]);
      if (problem) throw new UsageError(at, problem);
      return { id: `#${i}`, position: [u[0], u[1]], profile: 'car', available: true };
    }
    if (typeof u !== 'object' || u === null) throw new UsageError(at, 'expected an object {"id","lon","lat"} or [lon, lat]');
    const o = u as Record<string, unknown>;
    const known = new Set(['id', 'lon', 'lat', 'profile', 'available']);
    for (const k of Object.keys(o)) if (!known.has(k)) throw new UsageError(`${at}.${k}`, `unknown field; expected ${[...known].join(', ')}`);
    const id = o.id === undefined ? `#${i}` : o.id;
    if (typeof id !== 'string' && typeof id !== 'number') throw new UsageError(`${at}.id`, 'must be a string or number');
    const key = String(id);
    if (ids.has(key)) throw new UsageError(`${at}.id`, `duplicate unit id "${key}"`);
    ids.add(key);
    const problem = lngLatProblem(o.lon, o.lat);
    if (problem) throw new UsageError(`${at}${problem.startsWith('lat') ? '.lat' : '.lon'}`, problem.replace(/^(longitude|latitude) /, ''));
    if (o.profile !== undefined && typeof o.profile !== 'string') throw new UsageError(`${at}.profile`, `must be one of ${PROFILES.join(', ')}`);
    const profile = parseProfile(o.profile as string | undefined, `${at}.profile`);
    if (o.available !== undefined && typeof o.available !== 'boolean') throw new UsageError(`${at}.available`, 'must be true or false');
    return { id: key, position: [o.lon as number, o.lat as number], profile, available: o.available !== false };
  });
}

export async function ringsCommand(
  scenarioArg: string,
  opts: { units: string; minutes?: string; at?: string; cell?: string; out?: string },
): Promise<void> {
  const minutes = parseMinutes(opts.minutes);
  const at = parseAt(opts.at);
  const cellMeters = parseCell(opts.cell);
  const units = parseUnits(await readJsonFile(opts.units, '--units'));
  const loaded = await loadScenarioArg(scenarioArg);
  const groups: RingsGroup[] = [];
  const counts: string[] = [];
  for (const profile of PROFILES) {
    const mine = units.filter((u) => u.available && u.profile === profile);
    if (mine.length === 0) continue;
    const router = scenarioRouter(loaded, profile, at);
    const origins = mine.map((u) => router.snap(u.position, `--units[${units.indexOf(u)}] (unit ${u.id})`));
    groups.push({ router, origins });
    counts.push(`${mine.length} ${profile}`);
  }
  if (groups.length === 0) throw new UsageError('--units', 'no available unit (every unit has "available": false)');
  const result = buildMergedRings(groups, minutes, { cellMeters });
  await writeOutput(opts.out, JSON.stringify(result.geojson));
  const summary = result.stats.map((s) => `${s.contour} min: ${(s.reachableRoadMeters / 1000).toFixed(1)} km of road, ${s.areaKm2.toFixed(2)} km²`);
  const skipped = units.filter((u) => !u.available).length;
  process.stderr.write(
    `units: ${counts.join(', ')}${skipped ? ` (${skipped} unavailable, left out)` : ''}\n${summary.join('\n')}\n` +
      `(cell ${result.cellMeters} m, ${result.timings.totalMs.toFixed(0)} ms)\n`,
  );
}
