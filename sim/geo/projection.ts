// A local equirectangular projection in metres around a fixed centre. Over a city (tens of km)
// its distance error is far below a metre per kilometre, and it keeps hot loops in plain x/y.

import type { LngLat } from '../../shared/units.ts';

export const EARTH_RADIUS_M = 6_371_008.8;
const DEG = Math.PI / 180;

export interface LocalProjection {
  readonly lon0: number;
  readonly lat0: number;
  /** metres per degree of longitude at lat0 */
  readonly mPerDegLon: number;
  /** metres per degree of latitude */
  readonly mPerDegLat: number;
}

export function createProjection(lon0: number, lat0: number): LocalProjection {
  return {
    lon0,
    lat0,
    mPerDegLon: EARTH_RADIUS_M * DEG * Math.cos(lat0 * DEG),
    mPerDegLat: EARTH_RADIUS_M * DEG,
  };
}

export function projectX(p: LocalProjection, lon: number): number {
  return (lon - p.lon0) * p.mPerDegLon;
}
export function projectY(p: LocalProjection, lat: number): number {
  return (lat - p.lat0) * p.mPerDegLat;
}
export function unprojectLon(p: LocalProjection, x: number): number {
  return p.lon0 + x / p.mPerDegLon;
}
export function unprojectLat(p: LocalProjection, y: number): number {
  return p.lat0 + y / p.mPerDegLat;
}
export function project(p: LocalProjection, [lon, lat]: LngLat): [number, number] {
  return [projectX(p, lon), projectY(p, lat)];
}
export function unproject(p: LocalProjection, x: number, y: number): [number, number] {
  return [unprojectLon(p, x), unprojectLat(p, y)];
}

/** Great-circle distance in metres. */
export function haversineMeters(a: LngLat, b: LngLat): number {
  const dLat = (b[1] - a[1]) * DEG;
  const dLon = (b[0] - a[0]) * DEG;
  const s =
    Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * DEG) * Math.cos(b[1] * DEG) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Checks a coordinate pair; returns a reason string if it is not a valid WGS84 position. */
export function lngLatProblem(lon: unknown, lat: unknown): string | null {
  if (typeof lon !== 'number' || !Number.isFinite(lon)) return `longitude must be a finite number, got ${String(lon)}`;
  if (typeof lat !== 'number' || !Number.isFinite(lat)) return `latitude must be a finite number, got ${String(lat)}`;
  if (lon < -180 || lon > 180) return `longitude ${lon} is out of range [-180, 180]`;
  if (lat < -90 || lat > 90) return `latitude ${lat} is out of range [-90, 90]`;
  return null;
}
