// The scenario's police units (警力), their shifts and what each does when there is no call
// (巡区 zone patrol, 巡线 line patrol, 巡点 point patrol, 屯警街面 standby post), and the dispatch
// policy. TypeBox schemas, so the JSON Schema, the validator and the types come from one place.

import { Type, type Static } from '@sinclair/typebox';
import type { ProfileName } from './roads.ts';

/** Kinds of unit. Each has a routing profile (below) and may be limited to some call categories. */
export const UNIT_KINDS = ['patrol_car', 'traffic', 'station_officer', 'ebike', 'foot', 'auxiliary'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** How each kind moves: 巡特警 patrol cars, 交警 traffic cars and 派出所 station cars drive; 铁骑 ride e-bikes; foot and auxiliary (辅警/义警) patrols walk. */
export const KIND_PROFILE: Readonly<Record<UnitKind, ProfileName>> = {
  patrol_car: 'car',
  traffic: 'car',
  station_officer: 'car',
  ebike: 'ebike',
  foot: 'foot',
  auxiliary: 'foot',
};

/** What each kind is called on screen and in reports. */
export const UNIT_KIND_NAMES: Readonly<Record<UnitKind, { zh: string; en: string }>> = {
  patrol_car: { zh: '巡逻车', en: 'patrol car' },
  traffic: { zh: '交警', en: 'traffic police' },
  station_officer: { zh: '派出所民警', en: 'station officer' },
  ebike: { zh: '铁骑', en: 'e-bike' },
  foot: { zh: '步巡', en: 'foot patrol' },
  auxiliary: { zh: '辅警', en: 'auxiliary' },
};

export const DEFAULT_CALL_PROCESSING_SECONDS = 60;

const Id = Type.String({ minLength: 1, description: 'unique within its list' });
const Clock = Type.String({ pattern: '^([01]?[0-9]|2[0-3]):[0-5][0-9]$', description: 'time of day, HH:MM' });

export const BreakSchema = Type.Object(
  { start: Clock, minutes: Type.Number({ exclusiveMinimum: 0, maximum: 240 }) },
  { additionalProperties: false, description: 'a meal or rest break; taken when the unit is next free if it is busy' },
);

export const ShiftSchema = Type.Object(
  {
    start: Clock,
    end: Type.String({ ...Clock, description: 'HH:MM; an end at or before the start runs past midnight' }),
    breaks: Type.Optional(Type.Array(BreakSchema)),
  },
  { additionalProperties: false },
);

export const AssignmentSchema = Type.Union([
  Type.Object(
    { type: Type.Literal('zone'), zone: Type.String({ minLength: 1, description: 'id of a patrol zone' }) },
    { additionalProperties: false, title: 'zone patrol (巡区)', description: "cruise the zone's roads, preferring those not driven recently" },
  ),
  Type.Object(
    { type: Type.Literal('line'), line: Type.String({ minLength: 1, description: 'id of a patrol line' }) },
    { additionalProperties: false, title: 'line patrol (巡线)', description: 'drive the line as a loop' },
  ),
  Type.Object(
    {
      type: Type.Literal('points'),
      points: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'ids of patrol points, visited in this order, then again' }),
      dwellMinutes: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: "minutes at each point (default: the point's own, else 12)" })),
    },
    { additionalProperties: false, title: 'point patrol (巡点)' },
  ),
  Type.Object(
    {
      type: Type.Literal('post'),
      lon: Type.Number({ minimum: -180, maximum: 180 }),
      lat: Type.Number({ minimum: -90, maximum: 90 }),
    },
    { additionalProperties: false, title: 'standby post (屯警街面)', description: 'wait at a street post' },
  ),
  Type.Object(
    { type: Type.Literal('station') },
    { additionalProperties: false, title: 'station standby', description: 'wait at the home station' },
  ),
]);

export const UnitSchema = Type.Object(
  {
    id: Id,
    name: Type.Optional(Type.String({ minLength: 1 })),
    kind: Type.Union(UNIT_KINDS.map((k) => Type.Literal(k))),
    station: Type.String({ minLength: 1, description: 'id of the home police station' }),
    shifts: Type.Optional(Type.Array(ShiftSchema, { description: 'on duty during these; none = around the clock' })),
    assignment: AssignmentSchema,
  },
  { additionalProperties: false },
);

export const PolicySchema = Type.Object(
  {
    callProcessingSeconds: Type.Optional(
      Type.Number({ minimum: 0, maximum: 3600, description: `from the call to the dispatch decision (default ${DEFAULT_CALL_PROCESSING_SECONDS})` }),
    ),
    reserve: Type.Optional(
      Type.Object(
        {
          units: Type.Integer({ minimum: 1, description: 'keep this many eligible units free' }),
          forPriority: Type.Optional(Type.Integer({ minimum: 1, description: 'for calls of this priority or more urgent (default 1)' })),
        },
        { additionalProperties: false, description: 'less urgent calls wait rather than take the last units' },
      ),
    ),
    divertForPriority1: Type.Optional(
      Type.Boolean({ description: 'a priority-1 call with no free unit takes one en route to a less urgent call (default true)' }),
    ),
    eligibility: Type.Optional(
      Type.Record(Type.String(), Type.Array(Type.Union(UNIT_KINDS.map((k) => Type.Literal(k))), { minItems: 1 }), {
        description: 'per incident category, the unit kinds that may respond (default: every kind)',
      }),
    ),
  },
  { additionalProperties: false },
);

export type UnitFile = Static<typeof UnitSchema>;
export type ShiftFile = Static<typeof ShiftSchema>;
export type AssignmentFile = Static<typeof AssignmentSchema>;
export type PolicyFile = Static<typeof PolicySchema>;
