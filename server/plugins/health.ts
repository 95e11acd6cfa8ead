// GET /api/health: the server is up, with the scenario and how many units report.

import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { PUBLIC } from '../auth/roles.ts';

export const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  scenario: Type.String(),
  units: Type.Integer({ description: 'units the server knows' }),
  reporting: Type.Integer({ description: 'units with a fix that is not stale' }),
  uptimeS: Type.Number(),
});

export default async function health(app: FastifyInstance) {
  const started = performance.now();
  app.get('/api/health', { config: { roles: PUBLIC }, schema: { response: { 200: HealthSchema } } }, async () => {
    const { units, scenario } = app.live;
    const reporting = units.all().filter((u) => !units.isStale(u)).length;
    return { status: 'ok' as const, scenario: scenario.scenario.name, units: units.size, reporting, uptimeS: Math.round((performance.now() - started) / 1000) };
  });
}
