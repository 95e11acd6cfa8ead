// Shared infrastructure: the live city (units, roads, clock) as `app.live`.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { LiveCity } from '../live/live-city.ts';

declare module 'fastify' {
  interface FastifyInstance {
    live: LiveCity;
  }
}

export default fp(async function live(app: FastifyInstance, opts: { city: LiveCity }) {
  app.decorate('live', opts.city);
});
