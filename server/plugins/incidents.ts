// Incidents: POST /api/incidents takes a call (location, category, priority), stores it, and
// answers with the eligible units ranked by road ETA from their live positions, each with its
// coverage cost. Then units are dispatched, report en route / on scene / cleared / returned (退单),
// and the incident is closed with a disposition. Every change is stored before it is answered.

import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { DISPATCH, VIEW } from '../auth/roles.ts';
import { UNIT_ACTIONS, type UnitAction } from '../live/incident-log.ts';
import { recommend } from '../live/recommend.ts';

const CallSchema = Type.Object(
  {
    lon: Type.Number({ description: 'WGS84 longitude' }),
    lat: Type.Number({ description: 'WGS84 latitude' }),
    category: Type.String({ minLength: 1, maxLength: 64, description: 'an incident category id of the scenario' }),
    priority: Type.Integer({ minimum: 1, maximum: 9, description: '1 = most urgent' }),
    best: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: 'how many units to rank (default 10)' })),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const ActionSchema = Type.Object(
  { unitId: Type.String({ minLength: 1, maxLength: 100 }), action: Type.Union(UNIT_ACTIONS.map((a) => Type.Literal(a))) },
  { additionalProperties: false },
);
const CloseSchema = Type.Object({ disposition: Type.String({ minLength: 1, maxLength: 500, description: 'how it ended (处结)' }) }, { additionalProperties: false });
const ListQuery = Type.Object({ all: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])) }, { additionalProperties: false });

export default async function incidents(app: FastifyInstance) {
  app.post<{ Body: { lon: number; lat: number; category: string; priority: number; best?: number } }>('/api/incidents', { config: { roles: DISPATCH }, schema: { body: CallSchema } }, async (req, reply) => {
    const { lon, lat, category, priority, best } = req.body;
    const t0 = performance.now();
    // Ranked first: a call the server cannot place (unknown category, bad position) is refused
    // before anything is stored.
    const recommendations = recommend(app.live, app.rings, { lon, lat, category, priority }, best ?? 10);
    const incident = app.incidents.create({ lon, lat, category, priority });
    return reply.code(201).send({ incident: app.incidents.view(incident), recommendations, computeMs: Math.round((performance.now() - t0) * 10) / 10 });
  });

  app.get<{ Querystring: { all?: 'true' | 'false' } }>('/api/incidents', { config: { roles: VIEW }, schema: { querystring: ListQuery } }, async (req) => ({ incidents: app.incidents.list(req.query.all === 'true') }));

  app.get<{ Params: { id: string } }>('/api/incidents/:id', { config: { roles: VIEW }, schema: { params: IdParams } }, async (req) => app.incidents.get(req.params.id));

  app.post<{ Params: { id: string }; Body: { unitId: string; action: UnitAction } }>('/api/incidents/:id/units', { config: { roles: DISPATCH }, schema: { params: IdParams, body: ActionSchema } }, async (req) =>
    app.incidents.view(app.incidents.act(req.params.id, req.body.unitId, req.body.action)),
  );

  app.post<{ Params: { id: string }; Body: { disposition: string } }>('/api/incidents/:id/close', { config: { roles: DISPATCH }, schema: { params: IdParams, body: CloseSchema } }, async (req) =>
    app.incidents.view(app.incidents.close(req.params.id, req.body.disposition)),
  );
}
