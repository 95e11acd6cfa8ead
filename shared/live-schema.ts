// The live server's wire shapes (HTTP now; socket.io later), as TypeBox schemas: the server
// validates with them, the client and tests type against them.

import { Type, type Static } from '@sinclair/typebox';
import { UNIT_KINDS } from './fleet-schema.ts';
import { PROFILES } from './roads.ts';
import { UNIT_STATUSES } from './unit-status.ts';

// Ranges are checked per report by the server (a bad report is refused alone, not its batch).
const Lon = Type.Number({ description: 'WGS84 longitude, -180 to 180' });
const Lat = Type.Number({ description: 'WGS84 latitude, -90 to 90' });
const Time = Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Number({ minimum: 0 })], {
  description: 'device time: ISO-8601 (no zone = UTC), epoch milliseconds, or epoch seconds (below 1e11)',
});

export const PositionReportSchema = Type.Object(
  {
    unitId: Type.String({ minLength: 1, maxLength: 100 }),
    lon: Lon,
    lat: Lat,
    time: Time,
    speedMps: Type.Optional(Type.Number({ minimum: 0, maximum: 1e4 })),
    headingDeg: Type.Optional(Type.Number({ minimum: 0, maximum: 360 })),
    accuracyM: Type.Optional(Type.Number({ minimum: 0, maximum: 1e6 })),
  },
  { additionalProperties: false },
);
export type PositionReportBody = Static<typeof PositionReportSchema>;

export const MAX_BATCH_REPORTS = 10_000;

export const PositionBatchSchema = Type.Object(
  { reports: Type.Array(PositionReportSchema, { minItems: 1, maxItems: MAX_BATCH_REPORTS }) },
  { additionalProperties: false },
);
export type PositionBatch = Static<typeof PositionBatchSchema>;

export const BatchAnswerSchema = Type.Object({
  accepted: Type.Integer({ description: 'reports that moved their unit' }),
  ignored: Type.Array(Type.Object({ index: Type.Integer(), reason: Type.Union([Type.Literal('older'), Type.Literal('duplicate')]) }), {
    description: 'reports not newer than the unit’s last fix (a unit never moves backwards)',
  }),
  rejected: Type.Array(Type.Object({ index: Type.Integer(), error: Type.String(), field: Type.String(), reason: Type.String() })),
});
export type BatchAnswer = Static<typeof BatchAnswerSchema>;

/** Every 4xx and 5xx answer: a stable code, the field when there is one, and the reason. */
export const ErrorBodySchema = Type.Object({
  error: Type.String({ description: 'bad_request, unknown_unit, not_found, payload_too_large, unsupported_media_type, internal' }),
  field: Type.Optional(Type.String()),
  reason: Type.String(),
});
export type ErrorBody = Static<typeof ErrorBodySchema>;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const UnitViewSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.Union(UNIT_KINDS.map((k) => Type.Literal(k))),
  profile: Type.Union(PROFILES.map((p) => Type.Literal(p))),
  station: Type.String(),
  status: Type.Union(UNIT_STATUSES.map((s) => Type.Literal(s))),
  eido: Type.Object({ primary: Type.String(), secondary: Type.String() }),
  stale: Type.Boolean({ description: 'no fix, or the last one older than the stale limit' }),
  fix: Nullable(
    Type.Object({
      lon: Type.Number(),
      lat: Type.Number(),
      time: Type.String({ description: 'ISO-8601' }),
      speedMps: Nullable(Type.Number()),
      headingDeg: Nullable(Type.Number()),
      accuracyM: Nullable(Type.Number()),
    }),
  ),
  road: Nullable(Type.Object({ lon: Type.Number(), lat: Type.Number(), offRoadSeconds: Type.Number() }, { description: 'the fix snapped to the unit’s roads' })),
  offNetwork: Nullable(Type.String({ description: 'why a fix has no road place' })),
  version: Type.Integer(),
});
export type UnitView = Static<typeof UnitViewSchema>;

export const UnitsAnswerSchema = Type.Object({ at: Type.String(), units: Type.Array(UnitViewSchema) });

const ByRing = Type.Record(Type.String({ description: 'threshold in seconds: 60, 180, 300' }), Type.Number({ minimum: 0, maximum: 1 }));

/** GET /api/coverage: shares of road length and hotspot weight per ring, and 3-minute coverage of
 *  each patrol zone, line and point. */
export const CoverageAnswerSchema = Type.Object({
  version: Type.Integer(),
  at: Type.String(),
  units: Type.Integer({ description: 'units that counted: available, reporting, on the road network' }),
  refreshMs: Type.Number(),
  road: ByRing,
  hotspots: ByRing,
  zones: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), within180: Type.Number() })),
  lines: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), within180: Type.Number(), lastDrivenAt: Nullable(Type.String({ description: 'last fix of a unit on the line' })) })),
  points: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      seconds: Nullable(Type.Number({ description: 'from the nearest unit' })),
      within180: Type.Boolean(),
      lastVisitAt: Nullable(Type.String({ description: 'last fix of a unit within 50 m' })),
      gapS: Nullable(Type.Integer({ description: 'seconds since that visit' })),
    }),
  ),
});
export type CoverageAnswer = Static<typeof CoverageAnswerSchema>;
