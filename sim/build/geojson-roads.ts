// Builds a RoadInput from a GeoJSON FeatureCollection of LineString / MultiLineString roads.
// Lines connect where they share an exact coordinate. Every problem in the file is collected
// (with its path, e.g. `features[3].geometry.coordinates[2]`) and reported together in one
// GeoJsonRoadsError, so a user can fix them all in one go.
//
// Feature properties:
//   class            a RoadClass, or else `highway`: an OSM highway value (mapped like OSM data)
//   oneway           true/false, 1/0/-1 or an OSM string ("yes", "no", "-1"); absent: one-way
//                    for motorways and roundabouts
//   maxspeed         km/h (a number; OSM strings such as "30 mph" are also read)
//   access           {car, ebike, foot} booleans, each defaulting to the class default
//   name, bridge, roundabout, ebikeContraflow
// Other string properties are read as OSM tags (e.g. "foot": "no", "junction": "roundabout").

import { ROAD_CLASSES, isRoadClass, type RoadClass } from '../../shared/roads.ts';
import { lngLatProblem } from '../geo/projection.ts';
import type { RoadAccess, RoadInput, RoadWay } from '../graph/road-input.ts';
import {
  accessValue,
  classifyHighway,
  impliedOneway,
  parseMaxSpeed,
  parseOnewayValue,
  wayAttributesFromTags,
  type OsmTags,
} from './osm-tags.ts';

export interface GeoJsonRoadsProblem {
  /** where in the document, e.g. `features[0].properties.class`; '' for the whole document */
  path: string;
  reason: string;
}

const LISTED_IN_MESSAGE = 20;

export class GeoJsonRoadsError extends Error {
  constructor(readonly problems: GeoJsonRoadsProblem[]) {
    const n = problems.length;
    const lines = problems.slice(0, LISTED_IN_MESSAGE).map((p) => `  ${p.path || '(document)'}: ${p.reason}`);
    if (n > LISTED_IN_MESSAGE) lines.push(`  … and ${n - LISTED_IN_MESSAGE} more`);
    super(`roads GeoJSON has ${n} ${n === 1 ? 'problem' : 'problems'}:\n${lines.join('\n')}`);
    this.name = 'GeoJsonRoadsError';
  }
}

type Problems = GeoJsonRoadsProblem[];
type Position = [number, number];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A short description of a JSON value for messages. */
function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  const s = JSON.stringify(v);
  if (s.length <= 40) return s;
  return Array.isArray(v) ? `an array of ${v.length} items` : `${s.slice(0, 37)}…`;
}

/** Positions of one line, or null (with problems recorded) if it is unusable. */
function readLine(v: unknown, path: string, problems: Problems): Position[] | null {
  if (!Array.isArray(v)) {
    problems.push({ path, reason: `expected an array of [longitude, latitude] positions, got ${show(v)}` });
    return null;
  }
  if (v.length < 2) {
    problems.push({ path, reason: `a line needs at least 2 positions, got ${v.length}` });
    return null;
  }
  const out: Position[] = [];
  let ok = true;
  v.forEach((p: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!Array.isArray(p) || p.length < 2) {
      problems.push({ path: at, reason: `expected a [longitude, latitude] position, got ${show(p)}` });
      ok = false;
      return;
    }
    const why = lngLatProblem(p[0], p[1]);
    if (why) {
      problems.push({ path: at, reason: why });
      ok = false;
      return;
    }
    out.push([p[0] as number, p[1] as number]);
  });
  return ok ? out : null;
}

function readGeometry(g: unknown, path: string, problems: Problems): Position[][] | null {
  if (!isObject(g)) {
    problems.push({ path, reason: `expected a LineString or MultiLineString geometry, got ${show(g)}` });
    return null;
  }
  if (g.type === 'LineString') {
    const line = readLine(g.coordinates, `${path}.coordinates`, problems);
    return line ? [line] : null;
  }
  if (g.type === 'MultiLineString') {
    const parts = g.coordinates;
    if (!Array.isArray(parts) || parts.length === 0) {
      problems.push({ path: `${path}.coordinates`, reason: `expected a non-empty array of lines, got ${show(parts)}` });
      return null;
    }
    const lines = parts.map((p: unknown, i) => readLine(p, `${path}.coordinates[${i}]`, problems));
    return lines.every((l) => l !== null) ? (lines as Position[][]) : null;
  }
  problems.push({ path: `${path}.type`, reason: `unsupported geometry type ${show(g.type)}; expected "LineString" or "MultiLineString"` });
  return null;
}

function readOneway(v: unknown): 0 | 1 | -1 | undefined {
  if (v === true || v === 1) return 1;
  if (v === false || v === 0) return 0;
  if (v === -1) return -1;
  if (typeof v === 'string') return parseOnewayValue(v);
  return undefined;
}

const SYMBOLIC_SPEED = /^(none|signals|variable|[a-z]{2}:.+)$/i;

/** Way attributes from a feature's properties, or null (problems recorded / feature skipped). */
function readProperties(props: unknown, path: string, problems: Problems): Omit<RoadWay, 'nodes'> | 'skip' | null {
  if (!isObject(props)) {
    problems.push({ path, reason: `expected an object with a "class" (or OSM "highway"), got ${show(props)}` });
    return null;
  }
  const before = problems.length;
  const bad = (key: string, reason: string) => problems.push({ path: `${path}.${key}`, reason });

  let cls: RoadClass | null = null;
  if (props.class !== undefined) {
    if (isRoadClass(props.class)) cls = props.class;
    else bad('class', `unknown road class ${show(props.class)}; expected one of ${ROAD_CLASSES.join(', ')}`);
  } else if (props.highway !== undefined) {
    const c = typeof props.highway === 'string' ? classifyHighway(props.highway) : 'unknown';
    // Known non-roads (construction, platform, …) are left out, as in an OSM import.
    if (c === 'ignored') return 'skip';
    if (c === 'unknown') bad('highway', `unknown OSM highway value ${show(props.highway)}`);
    else cls = c;
  } else {
    bad('class', `missing; give a road class (${ROAD_CLASSES.join(', ')}) or an OSM "highway" value`);
  }

  // String properties double as OSM tags, so OSM-style files (oneway "yes", foot "no") work.
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) if (typeof v === 'string') tags[k] = v;
  const base = wayAttributesFromTags({ ...(tags as OsmTags), highway: cls ?? 'road' });
  if (base === null) return null;

  let roundabout = base.roundabout === true;
  if (props.roundabout !== undefined && props.roundabout !== null) {
    if (typeof props.roundabout === 'boolean') roundabout = props.roundabout;
    else bad('roundabout', `expected true or false, got ${show(props.roundabout)}`);
  }

  let oneway = base.oneway;
  if (props.oneway === undefined || props.oneway === null) {
    // A roundabout given as a boolean property implies one-way just like junction=roundabout.
    if (roundabout) oneway = impliedOneway(base.cls, true);
  } else {
    const o = readOneway(props.oneway);
    if (o === undefined) bad('oneway', `expected true/false, 1/0/-1 or "yes"/"no"/"-1", got ${show(props.oneway)}`);
    else oneway = o;
  }

  let maxSpeedKmh: number | undefined;
  const ms = props.maxspeed;
  if (typeof ms === 'number') {
    if (Number.isFinite(ms) && ms > 0) maxSpeedKmh = ms;
    else bad('maxspeed', `expected a speed in km/h above 0, got ${show(ms)}`);
  } else if (typeof ms === 'string') {
    maxSpeedKmh = parseMaxSpeed(ms);
    if (maxSpeedKmh === undefined && !SYMBOLIC_SPEED.test(ms.trim())) bad('maxspeed', `expected a speed in km/h, got ${show(ms)}`);
  } else if (ms !== undefined && ms !== null) {
    bad('maxspeed', `expected a speed in km/h, got ${show(ms)}`);
  }

  const access: RoadAccess = { ...base.access };
  const acc = props.access;
  if (isObject(acc)) {
    for (const [k, v] of Object.entries(acc)) {
      if (k !== 'car' && k !== 'ebike' && k !== 'foot') bad(`access.${k}`, 'unknown profile; expected car, ebike or foot');
      else if (typeof v === 'boolean') access[k] = v;
      else if (v !== undefined && v !== null) bad(`access.${k}`, `expected true or false, got ${show(v)}`);
    }
  } else if (typeof acc === 'string') {
    if (accessValue(acc) === undefined) bad('access', `unknown OSM access value ${show(acc)}; or give an object {car, ebike, foot}`);
  } else if (acc !== undefined && acc !== null) {
    bad('access', `expected an object {car, ebike, foot} of booleans, got ${show(acc)}`);
  }

  const flag = (key: 'bridge' | 'ebikeContraflow', fallback: boolean): boolean => {
    const v = props[key];
    if (typeof v === 'boolean') return v;
    if (v === undefined || v === null || (key === 'bridge' && typeof v === 'string')) return fallback;
    bad(key, `expected true or false, got ${show(v)}`);
    return fallback;
  };
  const bridge = flag('bridge', base.bridge === true);
  const ebikeContraflow = flag('ebikeContraflow', base.ebikeContraflow === true);

  let name: string | undefined;
  if (typeof props.name === 'string') name = props.name || undefined;
  else if (props.name !== undefined && props.name !== null) bad('name', `expected a string, got ${show(props.name)}`);

  if (problems.length > before || cls === null) return null;
  const attrs: Omit<RoadWay, 'nodes'> = { cls, oneway, access };
  if (ebikeContraflow) attrs.ebikeContraflow = true;
  if (maxSpeedKmh !== undefined) attrs.maxSpeedKmh = maxSpeedKmh;
  if (name !== undefined) attrs.name = name;
  if (bridge) attrs.bridge = true;
  if (roundabout) attrs.roundabout = true;
  return attrs;
}

/** Reads a roads FeatureCollection; throws GeoJsonRoadsError listing every problem. */
export function roadInputFromGeoJson(fc: unknown): RoadInput {
  const problems: Problems = [];
  const fail = (path: string, reason: string): never => {
    throw new GeoJsonRoadsError([{ path, reason }]);
  };
  if (!isObject(fc)) return fail('', `expected a GeoJSON FeatureCollection object, got ${show(fc)}`);
  if (fc.type !== 'FeatureCollection') return fail('type', `expected "FeatureCollection", got ${show(fc.type)}`);
  if (!Array.isArray(fc.features)) return fail('features', `expected an array of features, got ${show(fc.features)}`);

  const lon: number[] = [];
  const lat: number[] = [];
  const nodeAt = new Map<string, number>();
  const ways: RoadWay[] = [];
  const node = ([x, y]: Position): number => {
    // Exact coordinates identify a node: that is how lines connect.
    const key = `${x},${y}`;
    let i = nodeAt.get(key);
    if (i === undefined) {
      i = lon.length;
      nodeAt.set(key, i);
      lon.push(x);
      lat.push(y);
    }
    return i;
  };

  fc.features.forEach((f: unknown, i) => {
    const path = `features[${i}]`;
    if (!isObject(f)) {
      problems.push({ path, reason: `expected a GeoJSON Feature object, got ${show(f)}` });
      return;
    }
    if (f.type !== 'Feature') problems.push({ path: `${path}.type`, reason: `expected "Feature", got ${show(f.type)}` });
    const lines = readGeometry(f.geometry, `${path}.geometry`, problems);
    const attrs = readProperties(f.properties, `${path}.properties`, problems);
    if (!lines || attrs === null || attrs === 'skip' || problems.length > 0) return;
    for (const line of lines) ways.push({ nodes: line.map(node), ...attrs, access: { ...attrs.access } });
  });

  if (problems.length === 0 && ways.length === 0) problems.push({ path: 'features', reason: 'contains no road lines' });
  if (problems.length > 0) throw new GeoJsonRoadsError(problems);
  return { lon: Float64Array.from(lon), lat: Float64Array.from(lat), ways };
}
