// The live server as a Fastify app: built here, never listening (`xunfang serve` listens, tests
// inject). One plugin per feature; the live city is shared infrastructure.

import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { LiveCity } from './live/live-city.ts';
import { openDatabase } from './store/database.ts';
import errors from './plugins/errors.ts';
import health from './plugins/health.ts';
import incidents from './plugins/incidents.ts';
import ingestion, { type IngestionOptions } from './plugins/ingestion.ts';
import live from './plugins/live.ts';
import rings, { type RingsPluginOptions } from './plugins/rings.ts';
import units from './plugins/units.ts';

export interface ServerOptions extends IngestionOptions, RingsPluginOptions {
  city: LiveCity;
  /** data directory for the database (default: a database in memory, lost on exit) */
  dataDir?: string;
  /** pino logger options, or false for none (default: info level) */
  logger?: FastifyServerOptions['logger'];
  /** largest request body in bytes (default 1 MiB) */
  bodyLimit?: number;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? { level: 'info' },
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // JSON bodies are taken as typed: "117" is not a longitude. (Query strings are all strings,
    // and routes read them as such.)
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
  await app.register(errors);
  await app.register(live, { city: opts.city, db: openDatabase(opts.dataDir ?? ':memory:') });
  await app.register(health);
  await app.register(units);
  await app.register(ingestion, { osmandSpeedUnit: opts.osmandSpeedUnit });
  await app.register(rings, { refreshMs: opts.refreshMs });
  await app.register(incidents);
  await app.ready();
  return app;
}
