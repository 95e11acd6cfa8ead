// GET /api/units: every unit, or those in a box, with status (and its EIDO form), freshness and
// place.

import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { DISPATCH, REPORT, VIEW } from '../auth/roles.ts';
import { UnitsAnswerSchema, type UnitView } from '../../shared/live-schema.ts';
import { eidoStatus, isAvailable, isBusyWithCall, UNIT_STATUSES, type UnitStatus } from '../../shared/unit-status.ts';
import type { LiveUnit, LiveUnits } from '../live/live-units.ts';
import { ReportError } from '../live/report-errors.ts';

export function unitView(u: LiveUnit, units: LiveUnits, now: number): UnitView {
  return {
    id: u.id,
    name: u.name,
    kind: u.kind,
    profile: u.profile,
    station: u.station,
    status: u.status,
    eido: eidoStatus(u.status),
    stale: units.isStale(u, now),
    fix: u.fix && { ...u.fix, time: new Date(u.fix.time).toISOString() },
    road: u.road && { lon: u.road.lon, lat: u.road.lat, offRoadSeconds: u.road.offRoadSeconds },
    offNetwork: u.offNetwork,
    version: u.version,
  };
}

const Query = Type.Object(
  {
    bbox: Type.Optional(Type.String({ description: 'minLon,minLat,maxLon,maxLat' })),
    available: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'true: only units free for a call and reporting' })),
  },
  { additionalProperties: false },
);

/** "minLon,minLat,maxLon,maxLat" → numbers, or a ReportError naming the query field. */
export function parseBbox(s: string): [number, number, number, number] {
  const parts = s.split(',').map((x) => x.trim());
  const n = parts.map(Number);
  // (An empty part would read as 0.)
  if (n.length !== 4 || parts.some((x) => x === '') || n.some((x) => !Number.isFinite(x))) throw new ReportError('query.bbox', `expected minLon,minLat,maxLon,maxLat, got "${s.slice(0, 60)}"`);
  const [x0, y0, x1, y1] = n;
  if (x0 < -180 || x1 > 180 || y0 < -90 || y1 > 90) throw new ReportError('query.bbox', 'outside [-180, 180] × [-90, 90]');
  if (x0 > x1 || y0 > y1) throw new ReportError('query.bbox', 'min exceeds max');
  return [x0, y0, x1, y1];
}

const TrackQuery = Type.Object(
  { from: Type.Optional(Type.String({ description: 'ISO-8601 (default: an hour ago)' })), to: Type.Optional(Type.String({ description: 'ISO-8601 (default: now)' })) },
  { additionalProperties: false },
);

/** An ISO-8601 time from the query, or a ReportError naming it. */
function queryTime(v: string | undefined, field: string, fallback: number): number {
  if (v === undefined) return fallback;
  const t = Date.parse(v);
  if (!Number.isFinite(t)) throw new ReportError(`query.${field}`, `expected an ISO-8601 time, got "${v.slice(0, 40)}"`);
  return t;
}

export default async function units(app: FastifyInstance) {
  app.get<{ Params: { id: string }; Querystring: { from?: string; to?: string } }>(
    '/api/units/:id/track',
    { config: { roles: VIEW }, schema: { params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }), querystring: TrackQuery } },
    async (req) => {
      if (!app.live.units.get(req.params.id)) throw new ReportError('id', `no unit "${req.params.id}" is known`, 'unknown_unit');
      const now = app.live.units.clock();
      const to = queryTime(req.query.to, 'to', now), from = queryTime(req.query.from, 'from', to - 3_600_000);
      return { unitId: req.params.id, points: app.history.track(req.params.id, from, to).map((p) => ({ time: new Date(p.time).toISOString(), lon: p.lon, lat: p.lat })) };
    },
  );

  // A unit's status outside calls: from its own terminal (a device token bound to it) or a dispatcher.
  const StatusBody = Type.Object(
    { status: Type.Union(UNIT_STATUSES.filter((s) => !isBusyWithCall(s)).map((s) => Type.Literal(s)), { description: 'off_duty, on_break, patrolling, posted or returning (call statuses come from incident actions)' }) },
    { additionalProperties: false },
  );
  app.post<{ Params: { id: string }; Body: { status: UnitStatus } }>(
    '/api/units/:id/status',
    { config: { roles: [...new Set([...DISPATCH, ...REPORT])] }, schema: { params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }), body: StatusBody } },
    async (req) => {
      const who = req.principal;
      if (who?.role === 'device' && who.unitId !== null && who.unitId !== req.params.id) throw new ReportError('id', `this device's token is for unit "${who.unitId}", not "${req.params.id}"`, 'forbidden');
      app.incidents.setUnitStatus(req.params.id, req.body.status);
      const live = app.live.units;
      const u = live.get(req.params.id);
      if (!u) throw new ReportError('id', `no unit "${req.params.id}" is known`, 'unknown_unit');
      return unitView(u, live, live.clock());
    },
  );

  app.get<{ Querystring: { bbox?: string; available?: 'true' | 'false' } }>('/api/units', { config: { roles: VIEW }, schema: { querystring: Query, response: { 200: UnitsAnswerSchema } } }, async (req) => {
    const live = app.live.units, now = live.clock();
    let list = req.query.bbox ? live.inBox(...parseBbox(req.query.bbox)) : live.all();
    if (req.query.available === 'true') list = list.filter((u) => isAvailable(u.status) && !live.isStale(u, now));
    return { at: new Date(now).toISOString(), units: list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((u) => unitView(u, live, now)) };
  });
}
