// The scenario file format: a TypeBox schema that is at once the TypeScript type, the runtime
// structural check and (via scripts/write-scenario-schema.ts) the published JSON Schema that
// editors use to complete and check scenario.json. Meaning-level checks that a schema cannot
// express (closed rings, duplicate ids, missing files) live in sim/scenario/validate-scenario.ts.

import { PolicySchema, UnitSchema } from './fleet-schema.ts';
import { IncidentsSchema } from './incident-schema.ts';
import { Type, type Static, type TOptional, type TSchema } from '@sinclair/typebox';
import { PROFILES, ROAD_CLASSES, type ProfileName, type RoadClass } from './roads.ts';

/** One problem found in a scenario: the file it is in, where in that file, and why. */
export interface Problem {
  /** relative to the scenario directory, e.g. `scenario.json` or `zones.geojson` */
  file: string;
  /** dotted/bracket path, e.g. `patrolZones[3].geometry.coordinates[0]`; '' for the whole file */
  path: string;
  reason: string;
}

export const DEFAULT_SNAP_MAX_METERS = 500;
export const DEFAULT_DWELL_MINUTES = 12;
export const PATROL_CATEGORIES = ['crowded', 'complex', 'hotspot', 'district'] as const;
export type PatrolCategory = (typeof PATROL_CATEGORIES)[number];

// ---------------------------------------------------------------- GeoJSON geometry

/** [lon, lat] in WGS84 degrees. No altitude: the simulator is planar. */
export const PositionSchema = Type.Tuple(
  [
    Type.Number({ minimum: -180, maximum: 180, description: 'longitude, WGS84 degrees' }),
    Type.Number({ minimum: -90, maximum: 90, description: 'latitude, WGS84 degrees' }),
  ],
  { title: 'position', description: '[longitude, latitude]' },
);

/** A linear ring: at least 4 positions, the last equal to the first (checked semantically). */
export const LinearRingSchema = Type.Array(PositionSchema, { minItems: 4, title: 'linear ring' });

export const PolygonSchema = Type.Object(
  {
    type: Type.Literal('Polygon'),
    coordinates: Type.Array(LinearRingSchema, { minItems: 1, description: 'outer ring first, then holes' }),
  },
  { title: 'GeoJSON Polygon' },
);

export const LineStringSchema = Type.Object(
  {
    type: Type.Literal('LineString'),
    coordinates: Type.Array(PositionSchema, { minItems: 2 }),
  },
  { title: 'GeoJSON LineString' },
);

export const PointSchema = Type.Object(
  {
    type: Type.Literal('Point'),
    coordinates: PositionSchema,
  },
  { title: 'GeoJSON Point' },
);

// ---------------------------------------------------------------- small pieces

const Id = Type.String({ minLength: 1, description: 'unique within its list' });
const Name = Type.String({ minLength: 1 });
const Category = Type.Union(
  PATROL_CATEGORIES.map((c) => Type.Literal(c)),
  { description: 'crowded area, complex spot, incident hotspot, or a whole district' },
);
const FileName = (what: string) =>
  Type.String({ minLength: 1, title: 'file name', description: `${what}, relative to the scenario directory` });

/** An object with one optional property per key, each of the same schema, nothing else. */
function keyed<K extends string, S extends TSchema>(keys: readonly K[], value: S, description: string) {
  const props = {} as Record<K, TOptional<S>>;
  for (const k of keys) props[k] = Type.Optional(value) as TOptional<S>;
  return Type.Object(props, { additionalProperties: false, description });
}

// ---------------------------------------------------------------- roads

/** Parameters of the procedural city generator (sim/build/city-generator.ts). */
export const CityParamsSchema = Type.Object(
  {
    seed: Type.Integer({ description: 'PRNG seed; the same seed gives the same city' }),
    center: Type.Optional(PositionSchema),
    lengthKm: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'extent along the river' })),
    widthKm: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'extent across the river' })),
    blockM: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'street spacing in metres' })),
    arterialEvery: Type.Optional(Type.Integer({ minimum: 2, description: 'every n-th street is an arterial' })),
    riverWidthM: Type.Optional(Type.Number({ minimum: 0, description: '0 = no river' })),
    bridges: Type.Optional(Type.Integer({ minimum: 0 })),
    onewayShare: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    ringRoad: Type.Optional(Type.Boolean()),
    jitterM: Type.Optional(Type.Number({ minimum: 0 })),
    removeShare: Type.Optional(Type.Number({ minimum: 0, maximum: 0.5, description: 'share of street segments removed' })),
    pedestrianStreets: Type.Optional(Type.Integer({ minimum: 0 })),
    curvature: Type.Optional(Type.Integer({ minimum: 0 })),
    rotationDeg: Type.Optional(Type.Number()),
    targetNodes: Type.Optional(Type.Integer({ minimum: 10 })),
  },
  { additionalProperties: false },
);

export const RoadsSchema = Type.Union(
  [
    Type.Object({ generate: CityParamsSchema }, { additionalProperties: false, title: 'generated city' }),
    Type.Object({ osm: FileName('OpenStreetMap extract (.osm or .osm.pbf)') }, { additionalProperties: false, title: 'OpenStreetMap file' }),
    Type.Object({ geojson: FileName('GeoJSON FeatureCollection of LineStrings') }, { additionalProperties: false, title: 'GeoJSON roads file' }),
  ],
  { description: 'exactly one of generate, osm or geojson' },
);

// ---------------------------------------------------------------- speeds and time of day

export const ProfileOverrideSchema = Type.Object(
  {
    speedKmh: Type.Optional(
      keyed(ROAD_CLASSES, Type.Number({ exclusiveMinimum: 0 }), 'free-flow km/h by road class, merged over the defaults'),
    ),
    offRoadKmh: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    congestionSensitivity: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    obeyMaxSpeed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ProfilesSchema = keyed(PROFILES, ProfileOverrideSchema, 'overrides merged over the built-in profiles');

/** 24 hourly multipliers of free-flow speed; a road is never stopped by time of day (use a closure). */
export const HourlyFactorsSchema = Type.Array(Type.Number({ exclusiveMinimum: 0, maximum: 1.5 }), {
  minItems: 24,
  maxItems: 24,
});

export const TimeOfDaySchema = Type.Object(
  {
    default: HourlyFactorsSchema,
    byClass: Type.Optional(keyed(ROAD_CLASSES, HourlyFactorsSchema, 'rows for road classes that differ from default')),
  },
  { additionalProperties: false },
);

// ---------------------------------------------------------------- places

export const StationSchema = Type.Object(
  {
    id: Id,
    name: Name,
    nameEn: Type.Optional(Name),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
  },
  { additionalProperties: false },
);

const patrolFields = { id: Id, name: Name, nameEn: Type.Optional(Name) };

export const PatrolZoneSchema = Type.Object(
  { ...patrolFields, category: Category, geometry: PolygonSchema },
  { additionalProperties: false },
);
export const PatrolLineSchema = Type.Object(
  { ...patrolFields, category: Type.Optional(Category), geometry: LineStringSchema },
  { additionalProperties: false },
);
const Dwell = Type.Number({ exclusiveMinimum: 0, description: `minutes spent at the point per visit (default ${DEFAULT_DWELL_MINUTES})` });
export const PatrolPointSchema = Type.Object(
  { ...patrolFields, category: Type.Optional(Category), geometry: PointSchema, dwellMinutes: Type.Optional(Dwell) },
  { additionalProperties: false },
);

// The same places as GeoJSON files: geometry on the feature, the other fields in `properties`.
// Extra properties and GeoJSON foreign members are allowed, since GIS tools add their own.
function featureCollection(geometry: TSchema, properties: TSchema) {
  return Type.Object({
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(Type.Object({ type: Type.Literal('Feature'), properties, geometry })),
  });
}
export const PatrolZoneFileSchema = featureCollection(PolygonSchema, Type.Object({ ...patrolFields, category: Category }));
export const PatrolLineFileSchema = featureCollection(
  LineStringSchema,
  Type.Object({ ...patrolFields, category: Type.Optional(Category) }),
);
export const PatrolPointFileSchema = featureCollection(
  PointSchema,
  Type.Object({ ...patrolFields, category: Type.Optional(Category), dwellMinutes: Type.Optional(Dwell) }),
);

// ---------------------------------------------------------------- closures

const closureFields = { id: Id, reason: Type.Optional(Type.String()) };
export const ClosureSchema = Type.Union([
  Type.Object({ ...closureFields, polygon: PolygonSchema }, { additionalProperties: false, title: 'area closure' }),
  Type.Object(
    {
      ...closureFields,
      segments: Type.Array(Type.Tuple([PositionSchema, PositionSchema], { title: 'segment' }), {
        minItems: 1,
        description: 'closes the road segment nearest each pair of positions',
      }),
    },
    { additionalProperties: false, title: 'segment closure' },
  ),
]);

// ---------------------------------------------------------------- the file

const placeList = <T extends TSchema>(item: T, what: string) =>
  Type.Union([Type.Array(item), FileName(`GeoJSON FeatureCollection of ${what}`)]);

export const ScenarioSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Type.String({ pattern: '^[a-z0-9_-]+$', description: 'short machine name: lowercase letters, digits, - and _' }),
    title: Type.Object({ zh: Name, en: Name }, { additionalProperties: false }),
    description: Type.Optional(Type.String()),
    synthetic: Type.Optional(Type.Boolean({ description: 'true if the city is made up' })),
    attribution: Type.Optional(Type.String()),
    timezone: Type.Optional(Type.String({ description: 'IANA time zone, e.g. Asia/Shanghai' })),
    roads: RoadsSchema,
    snapMaxMeters: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: `farthest a place may lie from a road (default ${DEFAULT_SNAP_MAX_METERS})` }),
    ),
    profiles: Type.Optional(ProfilesSchema),
    timeOfDay: Type.Optional(TimeOfDaySchema),
    stations: Type.Array(StationSchema),
    patrolZones: Type.Optional(placeList(PatrolZoneSchema, 'Polygons')),
    patrolLines: Type.Optional(placeList(PatrolLineSchema, 'LineStrings')),
    patrolPoints: Type.Optional(placeList(PatrolPointSchema, 'Points')),
    closures: Type.Optional(Type.Array(ClosureSchema)),
    units: Type.Optional(Type.Array(UnitSchema, { description: 'the police units (警力) and their assignments' })),
    incidents: Type.Optional(IncidentsSchema),
    policy: Type.Optional(PolicySchema),
  },
  { additionalProperties: false, title: 'Xunfang scenario' },
);

export type ScenarioFile = Static<typeof ScenarioSchema>;
export type CityParamsFile = Static<typeof CityParamsSchema>;
export type Position = Static<typeof PositionSchema>;
export type PolygonGeometry = Static<typeof PolygonSchema>;
export type LineStringGeometry = Static<typeof LineStringSchema>;
export type PointGeometry = Static<typeof PointSchema>;
export type Station = Static<typeof StationSchema>;
export type PatrolZone = Static<typeof PatrolZoneSchema>;
export type PatrolLine = Static<typeof PatrolLineSchema>;
/** A patrol point as written; dwellMinutes may be left out. */
export type PatrolPointInput = Static<typeof PatrolPointSchema>;
/** A patrol point after defaults: dwellMinutes is always set. */
export type PatrolPoint = PatrolPointInput & { dwellMinutes: number };
export type ScenarioClosure = Static<typeof ClosureSchema>;
export type ProfileOverride = Static<typeof ProfileOverrideSchema>;
export type ProfileOverrides = Partial<Record<ProfileName, ProfileOverride>>;
export type HourlyFactors = number[];
export type TimeOfDayFile = { default: HourlyFactors; byClass?: Partial<Record<RoadClass, HourlyFactors>> };

/** Top-level keys, for "did you mean" hints. */
export const SCENARIO_KEYS = Object.keys(ScenarioSchema.properties);
