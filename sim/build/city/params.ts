// Parameters of the procedural city generator, their defaults and validation.

import { lngLatProblem } from '../../geo/projection.ts';

export interface CityParams {
  /** integer seed; the same parameters and seed always give the same city */
  seed: number;
  /** [lon, lat] of the city centre (WGS84); default DEFAULT_CITY_CENTER */
  center?: readonly [number, number];
  /** extent along the river axis, km */
  lengthKm?: number;
  /** extent across the river axis, km */
  widthKm?: number;
  /** spacing of local streets, m */
  blockM?: number;
  /** every n-th grid street is an arterial (primary and secondary alternate) */
  arterialEvery?: number;
  /** river width in m; 0 = no river */
  riverWidthM?: number;
  /** number of arterial bridges (the ring road adds its own two crossings) */
  bridges?: number;
  /** share of local street sections that are one-way (in opposite-direction pairs) */
  onewayShare?: number;
  /** a trunk ring road around the core, cars only, with interchanges at arterials */
  ringRoad?: boolean;
  /** random displacement of intersections, m */
  jitterM?: number;
  /** share of local block edges removed to break the perfect grid */
  removeShare?: number;
  /** number of pedestrian / footway street sections in the old town */
  pedestrianStreets?: number;
  /** shape nodes per block edge (slightly bent streets, OSM-like node density) */
  curvature?: number;
  /** compass bearing of the river axis in degrees, clockwise from north (30 = SSW→NNE) */
  rotationDeg?: number;
  /** if set, lengthKm and widthKm are scaled (same aspect) to give about this many road nodes */
  targetNodes?: number;
}

export type ResolvedCityParams = Required<Omit<CityParams, 'targetNodes' | 'center'>> & {
  center: [number, number];
  targetNodes?: number;
};

/** Centre of the embedded default city (Sanming's urban core, Fujian). */
export const DEFAULT_CITY_CENTER: readonly [number, number] = [117.62, 26.26];

export const DEFAULT_CITY_PARAMS = {
  lengthKm: 14,
  widthKm: 5,
  blockM: 80,
  arterialEvery: 6,
  riverWidthM: 150,
  bridges: 6,
  onewayShare: 0.15,
  ringRoad: true,
  jitterM: 8,
  removeShare: 0.06,
  pedestrianStreets: 3,
  curvature: 1,
  rotationDeg: 30,
} as const satisfies Omit<Required<CityParams>, 'seed' | 'center' | 'targetNodes'>;

export class CityParamsError extends Error {
  /** the same problem in the shape scenario loaders list (path relative to `roads.generate`) */
  readonly problems: { path: string; reason: string }[];
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`city params: ${field}: ${reason}`);
    this.name = 'CityParamsError';
    this.problems = [{ path: `roads.generate.${field}`, reason }];
  }
}

function num(field: string, value: unknown, lo: number, hi: number, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new CityParamsError(field, `must be a finite number, got ${String(value)}`);
  }
  if (integer && !Number.isInteger(value)) throw new CityParamsError(field, `must be an integer, got ${value}`);
  if (value < lo || value > hi) throw new CityParamsError(field, `must be in [${lo}, ${hi}], got ${value}`);
  return value;
}

/** Fills in defaults and checks ranges; throws CityParamsError naming the field. */
export function resolveCityParams(params: CityParams): ResolvedCityParams {
  const p = { ...DEFAULT_CITY_PARAMS, center: DEFAULT_CITY_CENTER, ...stripUndefined(params) } as CityParams &
    typeof DEFAULT_CITY_PARAMS & { center: readonly [number, number] };
  num('seed', p.seed, -(2 ** 53), 2 ** 53, true);
  if (!Array.isArray(p.center) || p.center.length !== 2) {
    throw new CityParamsError('center', 'must be [lon, lat]');
  }
  const problem = lngLatProblem(p.center[0], p.center[1]);
  if (problem) throw new CityParamsError('center', problem);
  if (Math.abs(p.center[1]) > 80) throw new CityParamsError('center', 'latitude beyond ±80° is not supported');
  if (typeof p.ringRoad !== 'boolean') throw new CityParamsError('ringRoad', `must be a boolean, got ${String(p.ringRoad)}`);
  const out: ResolvedCityParams = {
    seed: p.seed,
    center: [p.center[0], p.center[1]],
    lengthKm: num('lengthKm', p.lengthKm, 0.05, 400),
    widthKm: num('widthKm', p.widthKm, 0.05, 400),
    blockM: num('blockM', p.blockM, 20, 2000),
    arterialEvery: num('arterialEvery', p.arterialEvery, 2, 50, true),
    riverWidthM: num('riverWidthM', p.riverWidthM, 0, 5000),
    bridges: num('bridges', p.bridges, 0, 1000, true),
    onewayShare: num('onewayShare', p.onewayShare, 0, 1),
    ringRoad: p.ringRoad,
    jitterM: num('jitterM', p.jitterM, 0, 1000),
    removeShare: num('removeShare', p.removeShare, 0, 0.5),
    pedestrianStreets: num('pedestrianStreets', p.pedestrianStreets, 0, 1000, true),
    curvature: num('curvature', p.curvature, 0, 10, true),
    rotationDeg: num('rotationDeg', p.rotationDeg, -1e6, 1e6),
  };
  if (out.jitterM > out.blockM / 4) {
    throw new CityParamsError('jitterM', `must be at most blockM / 4 (${out.blockM / 4}), got ${out.jitterM}`);
  }
  if (p.targetNodes !== undefined) out.targetNodes = num('targetNodes', p.targetNodes, 10, 5_000_000, true);
  return out;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const r: Partial<T> = {};
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) r[k] = o[k];
  return r;
}
