// The live server as a Fastify app: built here, never listening (`xunfang serve` listens, tests
// inject). One plugin per feature; the live city is shared infrastructure.

import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { TokenStore } from './auth/tokens.ts';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import auth from './plugins/auth.ts';
import closures from './plugins/closures.ts';
import metrics from './plugins/metrics.ts';
import realtime, { type RealtimeOptions } from './plugins/realtime.ts';
import tokens from './plugins/tokens.ts';
import type { LiveCity } from './live/live-city.ts';
import { openDatabase } from './store/database.ts';
import errors from './plugins/errors.ts';
import feedSocket from './plugins/feed-socket.ts';
import health from './plugins/health.ts';
import home from './plugins/home.ts';
import incidents from './plugins/incidents.ts';
import ingestion, { type IngestionOptions } from './plugins/ingestion.ts';
import live from './plugins/live.ts';
import rings, { type RingsPluginOptions } from './plugins/rings.ts';
import runs from './plugins/runs.ts';
import units from './plugins/units.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** the admin token created at this start (no admin existed), to show once; else null */
    firstAdminToken: string | null;
  }
}

export interface ServerOptions extends IngestionOptions, RingsPluginOptions, RealtimeOptions {
  city: LiveCity;
  /** an admin token to accept (created if the database lacks it): for tests and scripted set-ups */
  adminToken?: string;
  /** data directory for the database (default: a database in memory, lost on exit) */
  dataDir?: string;
  /** pino logger options, or false for none (default: info level) */
  logger?: FastifyServerOptions['logger'];
  /** largest request body in bytes (default 1 MiB) */
  bodyLimit?: number;
  /** requests a second per token, or per address without one (default 200) */
  rateLimitPerSecond?: number;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const DEFAULT_RATE_LIMIT = 200;

/** Device keys travel in OsmAnd query strings: the request log shows `key=***` instead. */
export const redactKey = (url: string): string => url.replace(/([?&]key=)[^&]*/g, '$1***');

function withRedaction(logger: NonNullable<FastifyServerOptions['logger']>): FastifyServerOptions['logger'] {
  if (typeof logger !== 'object') return logger;
  return {
    ...logger,
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: redactKey(req.url), remoteAddress: req.ip }),
      ...(logger as { serializers?: object }).serializers,
    },
  };
}

/**
 * The admin token: the one given (added if new), else on a first start a new one, which is also
 * written to `<dataDir>/admin-token` (readable by the owner only). Returns a token created now.
 */
function firstAdmin(store: TokenStore, opts: ServerOptions): string | null {
  if (opts.adminToken !== undefined) {
    if (!store.lookup(opts.adminToken)) store.create('admin', 'given at start', null, opts.adminToken);
    return null;
  }
  if (store.hasAdmin()) return null;
  const { token } = store.create('admin', 'first start');
  if (opts.dataDir) writeFileSync(path.join(opts.dataDir, 'admin-token'), `${token}\n`, { mode: 0o600 });
  return token;
}

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: withRedaction(opts.logger ?? { level: 'info' }),
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // JSON bodies are taken as typed: "117" is not a longitude. (Query strings are all strings,
    // and routes read them as such.)
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
  const db = openDatabase(opts.dataDir ?? ':memory:');
  const store = new TokenStore(db);
  app.decorate('firstAdminToken', firstAdmin(store, opts));
  await app.register(errors);
  // Per token (or per address without one), before anything else is looked at.
  await app.register(rateLimit, {
    global: true,
    max: opts.rateLimitPerSecond ?? DEFAULT_RATE_LIMIT,
    timeWindow: 1000,
    keyGenerator: (req) => {
      const key = req.headers.authorization ?? (req.query as Record<string, unknown> | undefined)?.key;
      return typeof key === 'string' ? `t:${key}` : `a:${req.ip}`;
    },
    errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, error: 'rate_limited', reason: `more than ${ctx.max} requests a second; retry in ${Math.ceil(ctx.ttl / 1000)} s` }),
  });
  await app.register(auth, { tokens: store });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Xunfang (巡防) live server', version: '0.1.0', description: 'Unit positions, live 1/3/5-minute rings and coverage, incidents with unit recommendations.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiHooks: {} });
  await app.register(live, { city: opts.city, db });
  await app.register(metrics);
  await app.register(health);
  await app.register(home);
  await app.register(units);
  await app.register(ingestion, { osmandSpeedUnit: opts.osmandSpeedUnit });
  await app.register(rings, { refreshMs: opts.refreshMs });
  await app.register(incidents);
  await app.register(tokens);
  await app.register(closures);
  await app.register(runs);
  await app.register(realtime, { positionsEveryMs: opts.positionsEveryMs });
  await app.register(feedSocket);
  await app.ready();
  return app;
}
