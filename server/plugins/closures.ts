// Live closures: GET /api/closures, POST /api/closures ({name, polygon}: GeoJSON Polygon
// coordinates) and DELETE /api/closures/:id. Rings and coverage follow at once.

import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { LngLat } from '../../shared/units.ts';
import { DISPATCH, VIEW } from '../auth/roles.ts';
import type { LiveClosure } from '../live/live-closures.ts';

const view = (c: LiveClosure) => ({ id: c.id, name: c.name, polygon: { type: 'Polygon' as const, coordinates: c.polygon }, createdAt: new Date(c.createdAt).toISOString() });
const AddSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    polygon: Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Type.Array(Type.Array(Type.Number(), { minItems: 2, maxItems: 3 }), { maxItems: 10_000 }), { minItems: 1, maxItems: 20 }) }),
  },
  { additionalProperties: false },
);

export default async function closures(app: FastifyInstance) {
  app.get('/api/closures', { config: { roles: VIEW } }, async () => ({ closures: app.closures.all().map(view) }));
  app.post<{ Body: { name: string; polygon: { type: 'Polygon'; coordinates: number[][][] } } }>('/api/closures', { config: { roles: DISPATCH }, schema: { body: AddSchema } }, async (req, reply) => {
    const c = app.closures.add(req.body.name, req.body.polygon.coordinates as unknown as LngLat[][]);
    return reply.code(201).send(view(c));
  });
  app.delete<{ Params: { id: string } }>('/api/closures/:id', { config: { roles: DISPATCH }, schema: { params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) }) } }, async (req, reply) => {
    app.closures.remove(req.params.id);
    return reply.code(204).send();
  });
}
