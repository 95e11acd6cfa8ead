// Maps OpenStreetMap way tags to the fields of a RoadWay: road class, one-way rule, e-bike
// contraflow, speed limit, per-profile access, name and bridge. Pure functions, no I/O.
// E-bikes are treated as bicycles: in China they are legally non-motor vehicles and use the
// bicycle lanes, so they follow `bicycle=*` tags and ignore `motor_vehicle=*`.

import type { RoadClass } from '../../shared/roads.ts';
import type { RoadAccess, RoadWay } from '../graph/road-input.ts';

/** Tags of one OSM element (keys and values as written in the file). */
export type OsmTags = Readonly<Record<string, string | undefined>>;

/** A RoadWay without its node list. */
export type WayAttributes = Omit<RoadWay, 'nodes'>;

const HIGHWAY_CLASS: Readonly<Record<string, RoadClass>> = {
  motorway: 'motorway',
  motorway_link: 'motorway',
  trunk: 'trunk',
  trunk_link: 'trunk',
  primary: 'primary',
  primary_link: 'primary',
  secondary: 'secondary',
  secondary_link: 'secondary',
  tertiary: 'tertiary',
  tertiary_link: 'tertiary',
  unclassified: 'unclassified',
  road: 'unclassified',
  residential: 'residential',
  living_street: 'living_street',
  service: 'service',
  pedestrian: 'pedestrian',
  track: 'track',
  cycleway: 'cycleway',
  footway: 'footway',
  path: 'path',
  steps: 'steps',
};

// `highway=*` values on ways that are known not to be travelable roads (not built, not for
// street vehicles or people on foot, or indoor). Anything else unrecognised is 'unknown'.
const NOT_ROADS = new Set([
  'proposed',
  'construction',
  'planned',
  'disused',
  'abandoned',
  'razed',
  'platform',
  'bus_guideway',
  'raceway',
  'corridor',
  'elevator',
  'escalator',
  'bus_stop',
  'rest_area',
  'services',
  'emergency_bay',
  'escape',
  'busway',
  'bridleway',
  'via_ferrata',
  'traffic_island',
  'no',
]);

/**
 * Road class of a `highway=*` value: links fold into their parent class, `road` counts as
 * unclassified. 'ignored' marks values that are known not to be roads; 'unknown' anything else.
 */
export function classifyHighway(value: string): RoadClass | 'ignored' | 'unknown' {
  const cls = HIGHWAY_CLASS[value];
  if (cls !== undefined && Object.hasOwn(HIGHWAY_CLASS, value)) return cls;
  return NOT_ROADS.has(value) ? 'ignored' : 'unknown';
}

/** The road class of a `highway=*` value, or null if it is not a road we route on. */
export function roadClassFromHighway(value: string | undefined): RoadClass | null {
  if (value === undefined) return null;
  const c = classifyHighway(value);
  return c === 'ignored' || c === 'unknown' ? null : c;
}

/** Who may use a road of this class when no access tags say otherwise. */
export function defaultAccess(cls: RoadClass): RoadAccess {
  switch (cls) {
    case 'motorway':
    case 'trunk':
      return { car: true, ebike: false, foot: false };
    case 'footway':
    case 'steps':
    case 'pedestrian':
      return { car: false, ebike: false, foot: true };
    case 'path':
    case 'cycleway':
      return { car: false, ebike: true, foot: true };
    default:
      return { car: true, ebike: true, foot: true };
  }
}

const ALLOWED = new Set(['yes', 'permissive', 'designated', 'destination', 'customers', 'official', 'discouraged', 'permit']);
// `destination` stays allowed: a patrol responding to an incident has business there.
// `use_sidepath` and `dismount` mean riding here is not allowed (a parallel path must be used).
const DENIED = new Set(['no', 'private', 'agricultural', 'forestry', 'delivery', 'use_sidepath', 'dismount', 'military', 'emergency']);

/** Meaning of one access tag value: true/false, or undefined when it does not decide anything. */
export function accessValue(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  // Conditional or multi-valued tags ("no;destination") count by their first value.
  const v = value.split(';')[0].trim().toLowerCase();
  if (ALLOWED.has(v)) return true;
  if (DENIED.has(v)) return false;
  return undefined;
}

/** First decisive value among tag keys, most specific first. */
function firstDecisive(tags: OsmTags, keys: readonly string[]): boolean | undefined {
  for (const k of keys) {
    const v = accessValue(tags[k]);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Per-profile access from class defaults and OSM access tags (the most specific tag wins). */
export function accessFromTags(cls: RoadClass, tags: OsmTags): RoadAccess {
  const d = defaultAccess(cls);
  if (cls === 'pedestrian' && accessValue(tags.bicycle) !== true) d.ebike = false;
  // motorroad=yes: an expressway open to motor traffic only, whatever its class.
  if (tags.motorroad === 'yes') d.ebike = d.foot = false;
  return {
    car: firstDecisive(tags, ['motorcar', 'motor_vehicle', 'vehicle', 'access']) ?? d.car,
    ebike: firstDecisive(tags, ['bicycle', 'vehicle', 'access']) ?? d.ebike,
    foot: firstDecisive(tags, ['foot', 'access']) ?? d.foot,
  };
}

/** Meaning of a `oneway=*` value, or undefined if the value is not recognised. */
export function parseOnewayValue(value: string): 0 | 1 | -1 | undefined {
  switch (value.trim().toLowerCase()) {
    case 'yes':
    case 'true':
    case '1':
      return 1;
    case '-1':
    case 'reverse':
      return -1;
    case 'no':
    case 'false':
    case '0':
    // Direction changes with time or by signals; either way both directions are usable.
    case 'reversible':
    case 'alternating':
      return 0;
    default:
      return undefined;
  }
}

/** Implied one-way rule when `oneway` is absent: roundabouts and motorways are one-way. */
export function impliedOneway(cls: RoadClass, circular: boolean): 0 | 1 {
  return circular || cls === 'motorway' ? 1 : 0;
}

function isCircularJunction(tags: OsmTags): boolean {
  return tags.junction === 'roundabout' || tags.junction === 'circular';
}

export function onewayFromTags(cls: RoadClass, tags: OsmTags): 0 | 1 | -1 {
  const explicit = tags.oneway === undefined ? undefined : parseOnewayValue(tags.oneway);
  return explicit ?? impliedOneway(cls, isCircularJunction(tags));
}

/** E-bikes may ride against the one-way direction (bicycle exemption or contraflow lane). */
export function ebikeContraflowFromTags(tags: OsmTags): boolean {
  if (tags['oneway:bicycle'] !== undefined && parseOnewayValue(tags['oneway:bicycle']) === 0) return true;
  for (const k of ['cycleway', 'cycleway:left', 'cycleway:right', 'cycleway:both']) {
    if (tags[k]?.startsWith('opposite')) return true;
  }
  return false;
}

const SPEED_RE = /^(\d+(?:\.\d+)?)\s*(km\/h|kmh|kph|mph|knots)?$/;
const UNIT_KMH: Readonly<Record<string, number>> = { 'km/h': 1, kmh: 1, kph: 1, mph: 1.609344, knots: 1.852 };

/**
 * A `maxspeed=*` value in km/h: plain numbers are km/h, "mph" and "knots" are converted, "walk"
 * is walking pace. Symbolic limits ("none", "signals", country zones like "RU:urban") and
 * anything unparseable give undefined.
 */
export function parseMaxSpeed(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  // "50;30" (several limits) counts by the first.
  const v = value.split(';')[0].trim().toLowerCase();
  if (v === 'walk') return 6;
  const m = SPEED_RE.exec(v);
  if (!m) return undefined;
  const kmh = Number(m[1]) * UNIT_KMH[m[2] ?? 'km/h'];
  return kmh > 0 && kmh < 500 ? Math.round(kmh * 100) / 100 : undefined;
}

/**
 * RoadWay fields of an OSM way, or null if the way is not a road we route on (no or ignored
 * `highway=*`). A road that no profile may use is still returned; callers decide.
 */
export function wayAttributesFromTags(tags: OsmTags): WayAttributes | null {
  const cls = roadClassFromHighway(tags.highway);
  if (cls === null) return null;
  const oneway = onewayFromTags(cls, tags);
  const attrs: WayAttributes = { cls, oneway, access: accessFromTags(cls, tags) };
  if (oneway !== 0 && ebikeContraflowFromTags(tags)) attrs.ebikeContraflow = true;
  const maxSpeedKmh = parseMaxSpeed(tags.maxspeed);
  if (maxSpeedKmh !== undefined) attrs.maxSpeedKmh = maxSpeedKmh;
  if (tags.name) attrs.name = tags.name;
  if (tags.bridge !== undefined && tags.bridge !== 'no') attrs.bridge = true;
  if (tags.junction === 'roundabout') attrs.roundabout = true;
  return attrs;
}
