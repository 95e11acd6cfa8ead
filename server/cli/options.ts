// Parsing and checking of CLI flag values. Every error names the flag and the reason.

import { isProfileName, PROFILES, type ProfileName } from '../../shared/roads.ts';
import type { LngLat, Seconds } from '../../shared/units.ts';
import { lngLatProblem } from '../../sim/geo/projection.ts';
import { parseClock } from '../../sim/graph/time-of-day.ts';

export class UsageError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'UsageError';
  }
}

export function parseProfile(value: string | undefined, field = '--profile'): ProfileName {
  const v = value ?? 'car';
  if (!isProfileName(v)) throw new UsageError(field, `unknown profile "${v}"; expected one of ${PROFILES.join(', ')}`);
  return v;
}

/** Time of day from --at HH:MM; default 12:00 (off-peak midday). */
export function parseAt(value: string | undefined, field = '--at'): Seconds {
  if (value === undefined) return (12 * 3600) as Seconds;
  try {
    return parseClock(value);
  } catch (err) {
    throw new UsageError(field, (err as Error).message);
  }
}

export function parseMinutes(value: string | undefined, field = '--minutes'): number[] {
  const text = value ?? '1,3,5';
  const parts = text.split(',').map((s) => s.trim());
  return parts.map((p, i) => {
    const n = Number(p);
    if (p === '' || !Number.isFinite(n) || n <= 0) {
      throw new UsageError(`${field}[${i}]`, `must be a positive number of minutes, got "${p}"`);
    }
    if (n > 120) throw new UsageError(`${field}[${i}]`, `at most 120 minutes, got ${n}`);
    return n;
  });
}

export function parseLngLat(value: string | undefined, field: string): LngLat {
  if (value === undefined) throw new UsageError(field, 'is required (lon,lat)');
  const parts = value.split(',').map((s) => s.trim());
  if (parts.length !== 2) throw new UsageError(field, `expected "lon,lat", got "${value}"`);
  const [lon, lat] = parts.map((p) => (p === '' ? Number.NaN : Number(p)));
  const problem = lngLatProblem(lon, lat);
  if (problem) throw new UsageError(field, problem);
  return [lon, lat];
}

export function parsePort(value: string | undefined, field = '--port'): number {
  const n = Number(value ?? '8080');
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(field, `must be an integer port 0–65535, got "${value}"`);
  return n;
}

/** A JSON array of [lon, lat] positions, e.g. the contents of a.json for `matrix`. */
export function checkPositions(data: unknown, field: string): LngLat[] {
  if (!Array.isArray(data)) throw new UsageError(field, 'expected a JSON array of [lon, lat] positions');
  if (data.length === 0) throw new UsageError(field, 'is empty');
  return data.map((p, i) => {
    if (!Array.isArray(p) || p.length < 2) throw new UsageError(`${field}[${i}]`, 'expected [lon, lat]');
    const problem = lngLatProblem(p[0], p[1]);
    if (problem) throw new UsageError(`${field}[${i}]`, problem);
    return [p[0], p[1]] as LngLat;
  });
}
