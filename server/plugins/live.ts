// Shared infrastructure: the live city (units, roads, clock) as `app.live`, its rings and
// coverage as `app.rings`, the incident log as `app.incidents`, and the database.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { IncidentLog } from '../live/incident-log.ts';
import type { LiveCity } from '../live/live-city.ts';
import { LiveRings } from '../live/live-rings.ts';
import type { Db } from '../store/database.ts';

declare module 'fastify' {
  interface FastifyInstance {
    live: LiveCity;
    rings: LiveRings;
    incidents: IncidentLog;
    db: Db;
  }
}

/** The live city, its rings, and the incident log on the database (restored from it first). */
export default fp(async function live(app: FastifyInstance, opts: { city: LiveCity; db: Db }) {
  app.decorate('live', opts.city);
  app.decorate('db', opts.db);
  app.decorate('incidents', new IncidentLog(opts.db, opts.city.units));
  app.decorate('rings', new LiveRings(opts.city));
  app.addHook('onClose', async () => opts.db.close());
});
