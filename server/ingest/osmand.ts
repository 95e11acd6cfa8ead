// The OsmAnd protocol as Traccar speaks it, so real tracker apps and GPS devices can report:
// parameters in the query string or a form body (`id` or `deviceid`; `lat` and `lon`, or
// `location=lat,lon`; `timestamp` as epoch seconds, epoch milliseconds or ISO-8601; `speed`,
// `bearing` or `heading`, `accuracy`), or the JSON body of the Traccar Client app
// (`{device_id, location: {timestamp, coords: {latitude, longitude, speed, heading, accuracy}}}`).
// Parsing only: every problem is a ReportError naming the parameter.

import type { PositionReport } from '../live/live-units.ts';
import { ReportError } from '../live/report-errors.ts';

/** Units of the `speed` parameter. OsmAnd and most devices send knots; sources may differ. */
export type SpeedUnit = 'knots' | 'kmh' | 'mps';
export const SPEED_UNITS: readonly SpeedUnit[] = ['knots', 'kmh', 'mps'];
const MPS_PER: Record<SpeedUnit, number> = { knots: 1852 / 3600, kmh: 1 / 3.6, mps: 1 };

/** Epoch seconds below this, milliseconds above (1e11 s is the year 5138; 1e11 ms is 1973). */
const SECONDS_BELOW = 1e11;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;

const text = (v: unknown): string | undefined => {
  if (Array.isArray(v)) v = v[v.length - 1]; // a repeated parameter: the last one counts
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' ? v.trim() : undefined;
};

/** A finite number from a parameter, or undefined when absent; ReportError when malformed. */
function numberParam(params: Record<string, unknown>, name: string): number | undefined {
  const raw = params[name];
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw new ReportError(name, `must be a finite number, got ${raw}`);
    return raw;
  }
  const s = text(raw);
  if (s === undefined || s === '') return undefined;
  const n = Number(s);
  if (!Number.isFinite(n)) throw new ReportError(name, `must be a number, got "${s.slice(0, 40)}"`);
  return n;
}

/** Device time in ms from epoch seconds, epoch ms or ISO-8601 (no zone = UTC). */
export function parseTimestamp(value: unknown, field = 'timestamp'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new ReportError(field, `must be a time ≥ 0, got ${value}`);
    return value < SECONDS_BELOW ? value * 1000 : value;
  }
  const s = text(value);
  if (s === undefined || s === '') throw new ReportError(field, 'is empty');
  if (/^\d+(\.\d+)?$/.test(s)) return parseTimestamp(Number(s), field);
  if (!ISO_8601.test(s)) throw new ReportError(field, `expected epoch seconds, epoch milliseconds or ISO-8601, got "${s.slice(0, 40)}"`);
  const zoned = /(Z|[+-]\d{2}(:?\d{2})?)$/.test(s) ? s : `${s}Z`;
  const ms = Date.parse(zoned.replace(' ', 'T'));
  if (!Number.isFinite(ms)) throw new ReportError(field, `is not a valid date: "${s}"`);
  return ms;
}

function checkRange(field: string, v: number | undefined, lo: number, hi: number): number | null {
  if (v === undefined) return null;
  if (!Number.isFinite(v)) throw new ReportError(field, `must be a number, got ${v}`);
  if (v < lo || v > hi) throw new ReportError(field, `${v} is out of range [${lo}, ${hi}]`);
  return v;
}

export interface OsmAndOptions {
  speedUnit?: SpeedUnit;
  /** server time (ms) used when a report carries no timestamp */
  now: number;
}

/** One report from OsmAnd parameters (query string or form body). */
export function parseOsmAnd(params: Record<string, unknown>, opts: OsmAndOptions): PositionReport {
  if (params === null || typeof params !== 'object') throw new ReportError('body', 'expected OsmAnd parameters');
  const id = text(params.id) ?? text(params.deviceid);
  if (!id) throw new ReportError('id', 'missing (send id or deviceid)');
  let lat = numberParam(params, 'lat'), lon = numberParam(params, 'lon');
  const location = text(params.location);
  if ((lat === undefined || lon === undefined) && location !== undefined) {
    const m = /^\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*$/.exec(location);
    if (!m) throw new ReportError('location', `expected "lat,lon", got "${location.slice(0, 40)}"`);
    lat = Number(m[1]);
    lon = Number(m[2]);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) throw new ReportError('location', `expected "lat,lon" as two numbers, got "${location.slice(0, 40)}"`);
  }
  if (lat === undefined) throw new ReportError('lat', 'missing (send lat and lon, or location=lat,lon)');
  if (lon === undefined) throw new ReportError('lon', 'missing (send lat and lon, or location=lat,lon)');
  checkRange('lat', lat, -90, 90);
  checkRange('lon', lon, -180, 180);
  const ts = params.timestamp;
  const time = ts === undefined || text(ts) === '' ? opts.now : parseTimestamp(ts);
  const speed = checkRange('speed', numberParam(params, 'speed'), 0, 1e4);
  const bearing = numberParam(params, 'bearing') ?? numberParam(params, 'heading');
  return {
    unitId: id,
    lon,
    lat,
    time,
    speedMps: speed === null ? null : speed * MPS_PER[opts.speedUnit ?? 'knots'],
    headingDeg: checkRange(params.bearing !== undefined ? 'bearing' : 'heading', bearing, 0, 360),
    accuracyM: checkRange('accuracy', numberParam(params, 'accuracy'), 0, 1e6),
  };
}

/** One report from the Traccar Client JSON body (speed in m/s there). */
export function parseTraccarJson(body: unknown, opts: OsmAndOptions): PositionReport {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ReportError('body', 'expected a JSON object');
  const b = body as Record<string, unknown>;
  const loc = b.location as Record<string, unknown> | undefined;
  if (loc === null || typeof loc !== 'object') throw new ReportError('location', 'expected an object with timestamp and coords');
  const coords = loc.coords as Record<string, unknown> | undefined;
  if (coords === null || typeof coords !== 'object') throw new ReportError('location.coords', 'expected an object with latitude and longitude');
  return parseOsmAnd(
    {
      id: b.device_id ?? b.deviceid ?? b.id,
      lat: coords.latitude,
      lon: coords.longitude,
      timestamp: loc.timestamp,
      speed: typeof coords.speed === 'number' && coords.speed < 0 ? undefined : coords.speed, // -1 = unknown
      heading: typeof coords.heading === 'number' && coords.heading < 0 ? undefined : coords.heading,
      accuracy: coords.accuracy,
    },
    { ...opts, speedUnit: 'mps' },
  );
}
