// Shared infrastructure: the live city (units, roads, clock) as `app.live`, its rings and
// coverage as `app.rings`, the incident log as `app.incidents`, and the database.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { IncidentLog } from '../live/incident-log.ts';
import type { LiveCity } from '../live/live-city.ts';
import { LiveClosures } from '../live/live-closures.ts';
import { LiveRings } from '../live/live-rings.ts';
import { PatrolTracker } from '../live/patrol-tracker.ts';
import { PositionHistory } from '../live/position-history.ts';
import type { Db } from '../store/database.ts';

declare module 'fastify' {
  interface FastifyInstance {
    live: LiveCity;
    rings: LiveRings;
    incidents: IncidentLog;
    patrol: PatrolTracker;
    closures: LiveClosures;
    history: PositionHistory;
    db: Db;
  }
}

/** Patrol times are written this often (ms); a crash loses at most this much of them. */
export const PATROL_FLUSH_MS = 5000;

/** The live city, its rings, and the incident log on the database (restored from it first). */
export default fp(async function live(app: FastifyInstance, opts: { city: LiveCity; db: Db }) {
  app.decorate('live', opts.city);
  app.decorate('db', opts.db);
  app.decorate('incidents', new IncidentLog(opts.db, opts.city.units));
  const rings = new LiveRings(opts.city);
  app.decorate('rings', rings);
  const patrol = new PatrolTracker(opts.city, (i) => rings.lineSegments(i), opts.db);
  // Patrol times reach the database every few seconds, and once more on close.
  const flushTimer = setInterval(() => patrol.flush(), PATROL_FLUSH_MS);
  flushTimer.unref();
  app.decorate('patrol', patrol);
  const history = new PositionHistory(opts.db);
  app.decorate('history', history);
  opts.city.units.fixAccepted.add((u) => patrol.saw(u));
  opts.city.units.fixAccepted.add((u) => history.saw(u));
  const closures = new LiveClosures(opts.city, opts.db);
  closures.changed.add(() => rings.invalidate());
  if (closures.all().length > 0) rings.invalidate();
  app.decorate('closures', closures);
  app.addHook('onClose', async () => {
    await rings.close();
    clearInterval(flushTimer);
    patrol.flush();
    history.close();
    opts.db.close();
  });
});
