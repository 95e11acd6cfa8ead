// POST /api/incidents: a call comes in (location, category, priority); the answer ranks the
// eligible units by road ETA from their live positions, each with its coverage cost.
// (Incidents are kept in memory for now: not yet durable, see the README.)

import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { recommend, type Recommendations } from '../live/recommend.ts';

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

interface IncidentRecord {
  id: string;
  receivedAt: string;
  lon: number;
  lat: number;
  category: string;
  priority: number;
  status: 'active';
}

export default async function incidents(app: FastifyInstance) {
  const list: IncidentRecord[] = [];
  let next = 1;
  app.post<{ Body: { lon: number; lat: number; category: string; priority: number; best?: number } }>('/api/incidents', { schema: { body: CallSchema } }, async (req, reply) => {
    const { lon, lat, category, priority, best } = req.body;
    const t0 = performance.now();
    const recommendations: Recommendations = recommend(app.live, app.rings, { lon, lat, category, priority }, best ?? 10);
    const incident: IncidentRecord = { id: `I${next++}`, receivedAt: new Date(app.live.units.clock()).toISOString(), lon, lat, category, priority, status: 'active' };
    list.push(incident);
    return reply.code(201).send({ incident, recommendations, computeMs: Math.round((performance.now() - t0) * 10) / 10 });
  });
  app.get('/api/incidents', async () => ({ incidents: list }));
}
