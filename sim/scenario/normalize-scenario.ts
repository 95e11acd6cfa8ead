// Turns a validated scenario file into the engine's inputs: defaults filled in, profile overrides
// merged over the built-in profiles, and patrol places as plain arrays whether they were written
// inline or in GeoJSON files. Assumes validateScenario found no problems.

import { PROFILES } from '../../shared/roads.ts';
import {
  DEFAULT_DWELL_MINUTES,
  DEFAULT_SNAP_MAX_METERS,
  type PatrolLine,
  type PatrolPoint,
  type PatrolPointInput,
  type PatrolZone,
  type ProfileOverrides,
  type ScenarioClosure,
  type ScenarioFile,
  type Station,
} from '../../shared/scenario-schema.ts';
import { DEFAULT_PROFILES, type ProfileTable } from '../graph/profiles.ts';
import { FREE_FLOW, type TimeOfDayTable } from '../graph/time-of-day.ts';

export interface NormalizedScenario {
  /** the file with snapMaxMeters, timeOfDay and inline dwellMinutes filled in */
  scenario: ScenarioFile & { snapMaxMeters: number; timeOfDay: TimeOfDayTable };
  profiles: ProfileTable;
  timeOfDay: TimeOfDayTable;
  stations: Station[];
  patrolZones: PatrolZone[];
  patrolLines: PatrolLine[];
  patrolPoints: PatrolPoint[];
  closures: ScenarioClosure[];
}

/** Overrides merged over a base table, speeds key by key; the base is not modified. */
export function mergeProfiles(base: ProfileTable, ...overrides: (ProfileOverrides | undefined)[]): ProfileTable {
  const out = {} as ProfileTable;
  for (const p of PROFILES) {
    let spec = { ...base[p], speedKmh: { ...base[p].speedKmh } };
    for (const o of overrides) {
      const ov = o?.[p];
      if (!ov) continue;
      spec = { ...spec, ...ov, speedKmh: { ...spec.speedKmh, ...ov.speedKmh } };
    }
    out[p] = spec;
  }
  return out;
}

type Feature = { properties: Record<string, unknown>; geometry: unknown };

// Known fields only: GIS tools add their own properties (fid, area…) that mean nothing here.
function fromFeature<T>(f: Feature, keys: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (f.properties[k] !== undefined) out[k] = f.properties[k];
  out.geometry = f.geometry;
  return out as T;
}

function places<T>(value: T[] | string | undefined, keys: readonly string[], fileJson: (name: string) => unknown): T[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  const fc = fileJson(value) as { features: Feature[] };
  return fc.features.map((f) => fromFeature<T>(f, keys));
}

const withDwell = (p: PatrolPointInput): PatrolPoint => ({
  ...p,
  dwellMinutes: p.dwellMinutes ?? DEFAULT_DWELL_MINUTES,
});

/** Engine inputs from a valid scenario; `fileJson` gives the parsed content of named GeoJSON files. */
export function normalizeScenario(
  doc: ScenarioFile,
  fileJson: (name: string) => unknown,
  profileOverrides?: ProfileOverrides,
): NormalizedScenario {
  const base = ['id', 'name', 'nameEn', 'category'];
  const timeOfDay: TimeOfDayTable = doc.timeOfDay ?? { default: [...FREE_FLOW.default] };
  const scenario = {
    ...doc,
    snapMaxMeters: doc.snapMaxMeters ?? DEFAULT_SNAP_MAX_METERS,
    timeOfDay,
    patrolPoints: Array.isArray(doc.patrolPoints) ? doc.patrolPoints.map(withDwell) : doc.patrolPoints,
  };
  return {
    scenario,
    profiles: mergeProfiles(DEFAULT_PROFILES, doc.profiles, profileOverrides),
    timeOfDay,
    stations: doc.stations,
    patrolZones: places<PatrolZone>(doc.patrolZones, base, fileJson),
    patrolLines: places<PatrolLine>(doc.patrolLines, base, fileJson),
    patrolPoints: places<PatrolPointInput>(doc.patrolPoints, [...base, 'dwellMinutes'], fileJson).map(withDwell),
    closures: doc.closures ?? [],
  };
}
