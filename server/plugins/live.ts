// Shared infrastructure: the live city (units, roads, clock) as `app.live`, and its rings and
// coverage as `app.rings`.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { LiveCity } from '../live/live-city.ts';
import { LiveRings } from '../live/live-rings.ts';

declare module 'fastify' {
  interface FastifyInstance {
    live: LiveCity;
    rings: LiveRings;
  }
}

export default fp(async function live(app: FastifyInstance, opts: { city: LiveCity }) {
  app.decorate('live', opts.city);
  app.decorate('rings', new LiveRings(opts.city));
});
