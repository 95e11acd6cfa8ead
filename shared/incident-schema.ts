// The scenario's `incidents` section: priority levels, incident categories, and where calls come
// from — a statistical model (a non-homogeneous Poisson process in time, a hotspot/background
// mixture in space) for `run`, a historic call list (CSV) for `replay`, or both. The schema checks
// structure and simple bounds; meaning-level checks (shares summing to 1, consecutive levels,
// category ids that exist) live in sim/incidents/check-incidents.ts.

import { Type, type Static } from '@sinclair/typebox';

/** Timezone offset applied to naive times in a call list when none is given. */
export const DEFAULT_LIST_TIMEZONE = '+08:00';
/** Category used for calls whose category is missing from a list, when the scenario defines it. */
export const FALLBACK_CATEGORY_ID = 'other';
/** Category ids the documentation and the default city use; any other id is allowed too. */
export const SUGGESTED_CATEGORY_IDS = ['crime', 'public_order', 'traffic', 'dispute', 'assistance', 'other'] as const;
/** Time formats with a fixed meaning; any other format is a date-time pattern (see ListSchema). */
export const NAMED_TIME_FORMATS = ['auto', 'iso', 'epoch-seconds', 'epoch-ms'] as const;

const Id = Type.String({ minLength: 1 });
const Share = Type.Number({ minimum: 0, maximum: 1 });
const Lon = Type.Number({ minimum: -180, maximum: 180, description: 'longitude, WGS84 degrees' });
const Lat = Type.Number({ minimum: -90, maximum: 90, description: 'latitude, WGS84 degrees' });

// ---------------------------------------------------------------- priorities

export const PrioritySchema = Type.Object(
  {
    level: Type.Integer({ minimum: 1, description: '1 = most urgent (一级); levels run 1, 2, 3 … without gaps' }),
    name: Type.String({ minLength: 1, description: 'display name, e.g. 一级/紧急' }),
    nameEn: Type.Optional(Type.String({ minLength: 1, description: 'English display name, e.g. urgent' })),
    targetMinutes: Type.Number({ exclusiveMinimum: 0, description: 'arrival target from call to arrival, minutes' }),
  },
  { additionalProperties: false, title: 'priority level' },
);

// ---------------------------------------------------------------- categories

export const OnSceneSchema = Type.Union(
  [
    Type.Object(
      {
        dist: Type.Literal('exponential'),
        meanMinutes: Type.Number({ exclusiveMinimum: 0, description: 'mean time on scene, minutes' }),
      },
      { additionalProperties: false, title: 'exponential' },
    ),
    Type.Object(
      {
        dist: Type.Literal('lognormal'),
        medianMinutes: Type.Number({ exclusiveMinimum: 0, description: 'median time on scene, minutes' }),
        sigma: Type.Number({ minimum: 0, description: 'standard deviation of the natural log of the time' }),
      },
      { additionalProperties: false, title: 'lognormal' },
    ),
    Type.Object(
      {
        dist: Type.Literal('fixed'),
        minutes: Type.Number({ minimum: 0, description: 'every call takes exactly this long on scene' }),
      },
      { additionalProperties: false, title: 'fixed' },
    ),
  ],
  { description: 'distribution of the time units spend on scene (处置), by `dist`' },
);

export const UnitsShareSchema = Type.Object(
  {
    units: Type.Integer({ minimum: 1, description: 'number of units the call needs' }),
    share: Share,
  },
  { additionalProperties: false },
);

export const UnitsNeededSchema = Type.Union(
  [
    Type.Integer({ minimum: 1, description: 'every call needs this many units' }),
    Type.Array(UnitsShareSchema, { minItems: 1, description: 'a distribution: shares sum to 1' }),
  ],
  { description: 'units a call needs (default 1)' },
);

export const CategorySchema = Type.Object(
  {
    id: Type.String({
      minLength: 1,
      description: `unique category id, e.g. ${SUGGESTED_CATEGORY_IDS.join(', ')}`,
    }),
    name: Type.Optional(Type.String({ minLength: 1, description: 'display name, e.g. 刑事 or 治安' })),
    nameEn: Type.Optional(Type.String({ minLength: 1 })),
    priorityShares: Type.Array(Share, {
      minItems: 1,
      description: 'probability of each priority level, most urgent first (index 0 = level 1); sums to 1',
    }),
    onScene: OnSceneSchema,
    unitsNeeded: Type.Optional(UnitsNeededSchema),
  },
  { additionalProperties: false, title: 'incident category' },
);

// ---------------------------------------------------------------- the generating model

export const HotspotSchema = Type.Object(
  {
    id: Type.Optional(Id),
    name: Type.Optional(Type.String({ minLength: 1 })),
    lon: Lon,
    lat: Lat,
    radiusMeters: Type.Number({
      exclusiveMinimum: 0,
      description: 'calls fall uniformly inside the disc of this radius around (lon, lat)',
    }),
    weight: Type.Number({ minimum: 0, description: 'relative share of calls, on the same scale as backgroundWeight' }),
  },
  { additionalProperties: false, title: 'hotspot' },
);

export const ModelSchema = Type.Object(
  {
    callsPerDay: Type.Number({ exclusiveMinimum: 0, description: 'expected calls on an average day' }),
    hourly: Type.Array(Type.Number({ minimum: 0 }), {
      minItems: 24,
      maxItems: 24,
      description: 'relative call rate for each hour of the day, 00–01 first; not all zero',
    }),
    weekly: Type.Optional(
      Type.Array(Type.Number({ minimum: 0 }), {
        minItems: 7,
        maxItems: 7,
        description: 'relative call volume Monday..Sunday, scaled to mean 1 (default all equal)',
      }),
    ),
    categoryShares: Type.Record(Type.String({ minLength: 1 }), Share, {
      description: 'share of calls in each category id; sums to 1; categories left out get none',
    }),
    hotspots: Type.Optional(Type.Array(HotspotSchema, { description: 'incident hotspots (default none)' })),
    backgroundWeight: Type.Number({
      minimum: 0,
      description: 'relative share of calls spread over the road network in proportion to road length',
    }),
  },
  { additionalProperties: false, title: 'incident model' },
);

// ---------------------------------------------------------------- a historic call list

export const ListColumnsSchema = Type.Object(
  {
    time: Type.String({ minLength: 1, description: 'header of the call time column, e.g. 接警时间' }),
    lon: Type.String({ minLength: 1, description: 'header of the longitude column, e.g. 经度' }),
    lat: Type.String({ minLength: 1, description: 'header of the latitude column, e.g. 纬度' }),
    category: Type.Optional(Type.String({ minLength: 1, description: 'e.g. 警情类别; default category when absent' })),
    priority: Type.Optional(Type.String({ minLength: 1, description: "e.g. 警情级别; default the category's most likely level" })),
    onSceneMinutes: Type.Optional(Type.String({ minLength: 1, description: "minutes on scene; default drawn from the category's distribution" })),
    units: Type.Optional(Type.String({ minLength: 1, description: "units sent; default drawn from the category's unitsNeeded" })),
    id: Type.Optional(Type.String({ minLength: 1, description: 'call id (接警单号); default the file name and row' })),
  },
  { additionalProperties: false, description: 'which header holds each field' },
);

export const TimeFormatSchema = Type.Union(
  [
    Type.Literal('auto', { description: 'ISO 8601 or YYYY-MM-DD / YYYY/MM/DD dates with H:mm[:ss[.SSS]] times (default)' }),
    Type.Literal('iso', { description: 'ISO 8601, e.g. 2024-03-01T08:15:00+08:00; naive times take `timezone`' }),
    Type.Literal('epoch-seconds', { description: 'Unix time in seconds' }),
    Type.Literal('epoch-ms', { description: 'Unix time in milliseconds' }),
    Type.String({
      pattern: '^(?=.*YYYY)(?=.*M)(?=.*D)(?=.*H).+$',
      title: 'date-time pattern',
      description:
        'tokens YYYY, MM/M (month), DD/D (day), HH/H (hour 0–23), mm, ss, SSS (fraction); other characters match ' +
        'themselves, e.g. "YYYY-MM-DD HH:mm:ss", "YYYY/M/D H:mm", "YYYYMMDDHHmmss", "YYYY年M月D日 HH:mm"',
    }),
  ],
  { description: 'how the time column is written' },
);

export const ListSchema = Type.Object(
  {
    file: Type.String({ minLength: 1, title: 'file name', description: 'CSV file of calls, relative to the scenario directory' }),
    columns: ListColumnsSchema,
    timeFormat: Type.Optional(TimeFormatSchema),
    timezone: Type.Optional(
      Type.String({
        pattern: '^(Z|[+-]\\d{2}:\\d{2})$',
        description: `UTC offset of naive times in the file (default ${DEFAULT_LIST_TIMEZONE})`,
      }),
    ),
    delimiter: Type.Optional(
      Type.Union([Type.Literal(','), Type.Literal(';'), Type.Literal('\t'), Type.Literal('|')], { description: 'field separator (default ,)' }),
    ),
    categoryMap: Type.Optional(
      Type.Record(Type.String(), Type.String({ minLength: 1 }), { description: 'value in the file → category id' }),
    ),
    priorityMap: Type.Optional(
      Type.Record(Type.String(), Type.Integer({ minimum: 1 }), { description: 'value in the file → priority level' }),
    ),
  },
  { additionalProperties: false, title: 'historic call list' },
);

// ---------------------------------------------------------------- the section

export const IncidentsSchema = Type.Object(
  {
    priorities: Type.Array(PrioritySchema, { minItems: 1, description: 'priority levels, 1 = most urgent' }),
    categories: Type.Array(CategorySchema, { minItems: 1, description: 'incident categories (警情类别)' }),
    model: Type.Optional(ModelSchema),
    list: Type.Optional(ListSchema),
  },
  {
    additionalProperties: false,
    title: 'incidents',
    description: 'at least one of `model` (used by run) and `list` (used by replay)',
  },
);

export type PriorityLevel = Static<typeof PrioritySchema>;
export type OnSceneDistribution = Static<typeof OnSceneSchema>;
export type UnitsNeeded = Static<typeof UnitsNeededSchema>;
export type IncidentCategory = Static<typeof CategorySchema>;
export type Hotspot = Static<typeof HotspotSchema>;
export type IncidentModel = Static<typeof ModelSchema>;
export type ListColumns = Static<typeof ListColumnsSchema>;
export type TimeFormat = Static<typeof TimeFormatSchema>;
export type IncidentList = Static<typeof ListSchema>;
export type IncidentsConfig = Static<typeof IncidentsSchema>;
export type ListField = keyof ListColumns;
