// GET /api/units: every unit, or those in a box, with status (and its EIDO form), freshness and
// place.

import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { VIEW } from '../auth/roles.ts';
import { UnitsAnswerSchema, type UnitView } from '../../shared/live-schema.ts';
import { eidoStatus, isAvailable } from '../../shared/unit-status.ts';
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
  const n = s.split(',').map((x) => Number(x.trim()));
  if (n.length !== 4 || n.some((x) => !Number.isFinite(x) || x === null)) throw new ReportError('query.bbox', `expected minLon,minLat,maxLon,maxLat, got "${s.slice(0, 60)}"`);
  const [x0, y0, x1, y1] = n;
  if (x0 < -180 || x1 > 180 || y0 < -90 || y1 > 90) throw new ReportError('query.bbox', 'outside [-180, 180] × [-90, 90]');
  if (x0 > x1 || y0 > y1) throw new ReportError('query.bbox', 'min exceeds max');
  return [x0, y0, x1, y1];
}

export default async function units(app: FastifyInstance) {
  app.get<{ Querystring: { bbox?: string; available?: 'true' | 'false' } }>('/api/units', { config: { roles: VIEW }, schema: { querystring: Query, response: { 200: UnitsAnswerSchema } } }, async (req) => {
    const live = app.live.units, now = live.clock();
    let list = req.query.bbox ? live.inBox(...parseBbox(req.query.bbox)) : live.all();
    if (req.query.available === 'true') list = list.filter((u) => isAvailable(u.status) && !live.isStale(u, now));
    return { at: new Date(now).toISOString(), units: list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((u) => unitView(u, live, now)) };
  });
}
