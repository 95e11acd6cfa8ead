// Access control: a bearer token on every route that is not public (devices may also put their
// key in the OsmAnd query as `key=`, since tracker apps cannot set headers). The token's role
// must be one the route names in `config.roles`; admin may do everything.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { RouteRoles } from '../auth/roles.ts';
import type { TokenInfo, TokenStore } from '../auth/tokens.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    roles?: RouteRoles;
  }
  interface FastifyRequest {
    principal: TokenInfo | null;
  }
  interface FastifyInstance {
    tokens: TokenStore;
  }
}

function tokenOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
    return m ? m[1] : '';
  }
  const key = (req.query as Record<string, unknown> | undefined)?.key;
  if (req.url.startsWith('/osmand') && typeof key === 'string') return key;
  return null;
}

const deny = (reply: FastifyReply, code: 401 | 403, reason: string) => reply.code(code).send({ error: code === 401 ? 'unauthorized' : 'forbidden', reason });

export default fp(async function auth(app: FastifyInstance, opts: { tokens: TokenStore }) {
  app.decorate('tokens', opts.tokens);
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req, reply) => {
    const roles = req.routeOptions.config?.roles;
    if (roles === undefined || roles === 'public') return; // unknown routes get their 404
    const token = tokenOf(req);
    if (token === null) return deny(reply, 401, 'missing token: send Authorization: Bearer <token> (devices on /osmand may send key=<token>)');
    if (token === '') return deny(reply, 401, 'malformed Authorization header: expected "Bearer <token>"');
    const who = opts.tokens.lookup(token);
    if (!who) return deny(reply, 401, 'unknown or revoked token');
    if (who.role !== 'admin' && !roles.includes(who.role)) return deny(reply, 403, `role ${who.role} may not ${req.method} ${req.routeOptions.url}; it needs ${roles.join(' or ')}`);
    req.principal = who;
  });
});
