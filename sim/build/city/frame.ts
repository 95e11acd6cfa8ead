// The generator's local frame: u runs along the river axis, v across it (positive to the left of
// the axis direction), both in metres around the city centre. Streets are laid out in (u, v) and
// converted to lon/lat once at the end.

import { createProjection } from '../../geo/projection.ts';

export interface CityFrame {
  readonly lon0: number;
  readonly lat0: number;
  readonly mPerDegLon: number;
  readonly mPerDegLat: number;
  /** compass bearing of +u, degrees clockwise from north */
  readonly rotationDeg: number;
  readonly sinB: number;
  readonly cosB: number;
}

export function createFrame(center: readonly [number, number], rotationDeg: number): CityFrame {
  const p = createProjection(center[0], center[1]);
  const b = (rotationDeg * Math.PI) / 180;
  return {
    lon0: center[0],
    lat0: center[1],
    mPerDegLon: p.mPerDegLon,
    mPerDegLat: p.mPerDegLat,
    rotationDeg,
    sinB: Math.sin(b),
    cosB: Math.cos(b),
  };
}

// +u points along bearing B: (east, north) = (sin B, cos B); +v is +u turned 90° left: (-cos B, sin B).
export const frameEast = (f: CityFrame, u: number, v: number): number => u * f.sinB - v * f.cosB;
export const frameNorth = (f: CityFrame, u: number, v: number): number => u * f.cosB + v * f.sinB;

export function frameToLngLat(f: CityFrame, u: number, v: number): [number, number] {
  return [f.lon0 + frameEast(f, u, v) / f.mPerDegLon, f.lat0 + frameNorth(f, u, v) / f.mPerDegLat];
}

export function lngLatToFrame(f: CityFrame, lon: number, lat: number): [number, number] {
  const e = (lon - f.lon0) * f.mPerDegLon;
  const n = (lat - f.lat0) * f.mPerDegLat;
  return [e * f.sinB + n * f.cosB, -e * f.cosB + n * f.sinB];
}

/** Converts parallel u/v arrays into new lon/lat arrays. */
export function frameToLngLatArrays(
  f: CityFrame,
  u: Float64Array,
  v: Float64Array,
  count: number,
): { lon: Float64Array; lat: Float64Array } {
  const lon = new Float64Array(count);
  const lat = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    lon[i] = f.lon0 + (u[i] * f.sinB - v[i] * f.cosB) / f.mPerDegLon;
    lat[i] = f.lat0 + (u[i] * f.cosB + v[i] * f.sinB) / f.mPerDegLat;
  }
  return { lon, lat };
}

/** Compass word (北/东/南/西) for a direction in the frame, used in street names. */
export function compassWord(f: CityFrame, du: number, dv: number): '北' | '东' | '南' | '西' {
  const e = frameEast(f, du, dv), n = frameNorth(f, du, dv);
  if (Math.abs(n) >= Math.abs(e)) return n >= 0 ? '北' : '南';
  return e >= 0 ? '东' : '西';
}
