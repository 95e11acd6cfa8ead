// Token administration (admin only): POST /api/tokens creates one and shows its secret once,
// GET /api/tokens lists them (no secrets), DELETE /api/tokens/:id revokes one.

import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ADMIN } from '../auth/roles.ts';
import { ROLES, type Role } from '../auth/tokens.ts';
import { ReportError } from '../live/report-errors.ts';

const CreateSchema = Type.Object(
  {
    role: Type.Union(ROLES.map((r) => Type.Literal(r))),
    name: Type.String({ minLength: 1, maxLength: 100, description: 'who or what holds it' }),
    unitId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'device tokens: the one unit it may report' })),
  },
  { additionalProperties: false },
);

const view = (t: { id: string; role: Role; unitId: string | null; name: string; createdAt: number }) => ({ ...t, createdAt: new Date(t.createdAt).toISOString() });

export default async function tokens(app: FastifyInstance) {
  app.post<{ Body: { role: Role; name: string; unitId?: string } }>('/api/tokens', { config: { roles: ADMIN }, schema: { body: CreateSchema } }, async (req, reply) => {
    const { role, name, unitId } = req.body;
    if (unitId !== undefined && role !== 'device') throw new ReportError('unitId', 'only device tokens are bound to a unit');
    if (unitId !== undefined && !app.live.units.get(unitId)) throw new ReportError('unitId', `no unit "${unitId}" is known`, 'unknown_unit');
    const { token, info } = app.tokens.create(role, name, unitId ?? null);
    return reply.code(201).send({ token, ...view(info) });
  });
  app.get('/api/tokens', { config: { roles: ADMIN } }, async () => ({ tokens: app.tokens.list().map(view) }));
  app.delete<{ Params: { id: string } }>('/api/tokens/:id', { config: { roles: ADMIN }, schema: { params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) }) } }, async (req, reply) => {
    if (!app.tokens.revoke(req.params.id)) throw new ReportError('id', `no token "${req.params.id}"`, 'not_found');
    return reply.code(204).send();
  });
}
