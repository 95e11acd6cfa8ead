// Access control: every route checks its role; tokens are created, listed and revoked by an
// admin; a device token bound to a unit reports that unit only.
import type { FastifyInstance, InjectOptions } from 'fastify';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, redactKey } from './app.ts';
import { ROLES, type Role } from './auth/tokens.ts';
import { createLiveCity } from './live/live-city.ts';
import { loadScenario } from './scenario/load-scenario.ts';

const town = fileURLToPath(new URL('./cli/fixtures/replay-town', import.meta.url));
const ADMIN = 'admin-secret';
let app: FastifyInstance;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  const scenario = await loadScenario(path.join(town, 'scenario.json'));
  app = await buildServer({ city: createLiveCity(scenario), logger: false, refreshMs: 0, adminToken: ADMIN });
  tokens.admin = ADMIN;
  for (const role of ROLES.filter((r) => r !== 'admin')) {
    const r = await app.inject({ method: 'POST', url: '/api/tokens', headers: { authorization: `Bearer ${ADMIN}` }, payload: { role, name: `${role} test` } });
    expect(r.statusCode).toBe(201);
    tokens[role] = r.json().token;
  }
});
afterAll(() => app.close());

const as = (role: Role | null, o: InjectOptions) => app.inject({ ...o, headers: { ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}), ...o.headers } });
const now = () => Date.now();

// Each route, a request for it, and the roles that may make it.
const VIEWERS: Role[] = ['admin', 'dispatcher', 'planner', 'trainer'];
const routes: [string, () => InjectOptions, Role[]][] = [
  ['units', () => ({ url: '/api/units' }), ['admin', 'dispatcher', 'planner', 'trainer']],
  ['rings', () => ({ url: '/api/rings' }), ['admin', 'dispatcher', 'planner', 'trainer']],
  ['coverage', () => ({ url: '/api/coverage' }), ['admin', 'dispatcher', 'planner', 'trainer']],
  ['incident list', () => ({ url: '/api/incidents' }), ['admin', 'dispatcher', 'planner', 'trainer']],
  ['new incident', () => ({ method: 'POST', url: '/api/incidents', payload: { lon: 117.62, lat: 26.26, category: 'crime', priority: 2 } }), ['admin', 'dispatcher']],
  ['positions', () => ({ method: 'POST', url: '/api/positions', payload: { reports: [{ unitId: 'car-1', lon: 117.62, lat: 26.26, time: now() }] } }), ['admin', 'device']],
  ['osmand', () => ({ url: `/osmand?id=car-1&lat=26.26&lon=117.62&timestamp=${now()}` }), ['admin', 'device']],
  ['token list', () => ({ url: '/api/tokens' }), ['admin']],
  ['new token', () => ({ method: 'POST', url: '/api/tokens', payload: { role: 'planner', name: 'made in the role test' } }), ['admin']],
  ['revoke token', () => ({ method: 'DELETE', url: '/api/tokens/T000000000000' }), ['admin']],
  ['unit track', () => ({ url: '/api/units/car-1/track' }), VIEWERS],
  ['unit status', () => ({ method: 'POST', url: '/api/units/car-3/status', payload: { status: 'patrolling' } }), ['admin', 'dispatcher', 'device']],
  ['one incident', () => ({ url: '/api/incidents/I999' }), VIEWERS],
  ['incident action', () => ({ method: 'POST', url: '/api/incidents/I999/units', payload: { unitId: 'car-1', action: 'dispatch' } }), ['admin', 'dispatcher']],
  ['close incident', () => ({ method: 'POST', url: '/api/incidents/I999/close', payload: { disposition: 'x' } }), ['admin', 'dispatcher']],
  ['closure list', () => ({ url: '/api/closures' }), VIEWERS],
  ['new closure', () => ({ method: 'POST', url: '/api/closures', payload: { name: 'x', polygon: { type: 'Polygon', coordinates: [[[0, 0], [0.001, 0], [0, 0.001], [0, 0]]] } } }), ['admin', 'dispatcher']],
  ['lift closure', () => ({ method: 'DELETE', url: '/api/closures/C999' }), ['admin', 'dispatcher']],
  ['run list', () => ({ url: '/api/runs' }), VIEWERS],
  ['one run', () => ({ url: '/api/runs/R999' }), VIEWERS],
  ['new run', () => ({ method: 'POST', url: '/api/runs', payload: { days: 1000 } }), ['admin', 'planner', 'trainer']],
  ['cancel run', () => ({ method: 'DELETE', url: '/api/runs/R999' }), ['admin', 'planner', 'trainer']],
];
/** Routes anyone may call. */
const OPEN = ['GET /api/health', 'GET /metrics'];

describe('access control', () => {
  it.each(routes)('%s: only its roles get in', async (_name, request, allowed) => {
    for (const role of ROLES) {
      const r = await as(role, request());
      if (allowed.includes(role)) expect([401, 403], `${role}`).not.toContain(r.statusCode);
      else {
        expect(r.statusCode, `${role}`).toBe(403);
        expect(r.json()).toMatchObject({ error: 'forbidden', reason: expect.stringContaining(`role ${role} may not`) });
      }
    }
    const none = await as(null, request());
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ error: 'unauthorized', reason: expect.stringMatching(/missing token/) });
    const wrong = await app.inject({ ...request(), headers: { authorization: 'Bearer not-a-token' } });
    expect(wrong.json()).toMatchObject({ error: 'unauthorized', reason: 'unknown or revoked token' });
    const malformed = await app.inject({ ...request(), headers: { authorization: 'Token abc' } });
    expect(malformed.statusCode).toBe(401);
  });

  it('the table above holds every route the server documents', async () => {
    const spec = (await app.inject({ url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const tested = new Set<string>();
    for (const [, request] of routes) {
      const r = request();
      tested.add(`${r.method ?? 'GET'} ${String(r.url).split('?')[0]}`);
    }
    const concrete = (p: string) => p.replace('{id}', p.startsWith('/api/tokens') ? 'T000000000000' : p.startsWith('/api/units') ? (p.endsWith('status') ? 'car-3' : 'car-1') : p.startsWith('/api/closures') ? 'C999' : p.startsWith('/api/runs') ? 'R999' : 'I999');
    const missing: string[] = [];
    for (const [p, methods] of Object.entries(spec.paths)) {
      for (const m of Object.keys(methods)) {
        const key = `${m.toUpperCase()} ${concrete(p)}`;
        if (m === 'head' || OPEN.includes(key) || key.startsWith('POST /osmand')) continue;
        if (!tested.has(key)) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });

  it('keeps device keys out of the request log', () => {
    expect(redactKey('/osmand?id=car-1&key=s3cret&lat=1')).toBe('/osmand?id=car-1&key=***&lat=1');
    expect(redactKey('/osmand?key=s3cret')).toBe('/osmand?key=***');
  });

  it('lets anyone read health', async () => {
    expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
  });

  it('takes a device key in the OsmAnd query, and holds a bound device to its unit', async () => {
    const made = await as('admin', { method: 'POST', url: '/api/tokens', payload: { role: 'device', name: 'tracker of car-2', unitId: 'car-2' } });
    const key = made.json().token;
    expect((await app.inject({ url: `/osmand?id=car-2&lat=26.26&lon=117.621&timestamp=${now()}&key=${key}` })).statusCode).toBe(200);
    const other = await app.inject({ url: `/osmand?id=car-1&lat=26.26&lon=117.621&timestamp=${now()}&key=${key}` });
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ error: 'forbidden', field: 'id', reason: expect.stringMatching(/token is for unit "car-2"/) });
    const batch = await app.inject({ method: 'POST', url: '/api/positions', headers: { authorization: `Bearer ${key}` }, payload: { reports: [{ unitId: 'car-1', lon: 117.62, lat: 26.26, time: now() + 1 }, { unitId: 'car-2', lon: 117.62, lat: 26.26, time: now() + 2 }] } });
    expect(batch.json()).toMatchObject({ accepted: 1, rejected: [{ index: 0, error: 'forbidden', field: 'reports[0].unitId' }] });
    expect((await as('admin', { method: 'POST', url: '/api/tokens', payload: { role: 'dispatcher', name: 'x', unitId: 'car-1' } })).json().field).toBe('unitId');
  });

  it('lists tokens without their secrets and revokes them', async () => {
    const list = (await as('admin', { url: '/api/tokens' })).json().tokens as { id: string; role: string }[];
    expect(list.length).toBeGreaterThanOrEqual(ROLES.length);
    expect(JSON.stringify(list)).not.toContain(tokens.dispatcher);
    const made = await as('admin', { method: 'POST', url: '/api/tokens', payload: { role: 'planner', name: 'to revoke' } });
    const { id, token } = made.json();
    expect((await app.inject({ url: '/api/units', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    expect((await as('admin', { method: 'DELETE', url: `/api/tokens/${id}` })).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/units', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect((await as('admin', { method: 'DELETE', url: `/api/tokens/${id}` })).statusCode).toBe(404);
  });
});

describe('rate limits', () => {
  it('answers 429 past the limit per token, and other tokens go on', async () => {
    const scenario = await loadScenario(path.join(town, 'scenario.json'));
    const small = await buildServer({ city: createLiveCity(scenario), logger: false, refreshMs: 0, adminToken: ADMIN, rateLimitPerSecond: 5 });
    try {
      // Twelve at once: however the one-second windows fall, at most ten pass.
      const answers = await Promise.all(Array.from({ length: 12 }, () => small.inject({ url: '/api/tokens', headers: { authorization: `Bearer ${ADMIN}` } })));
      const limited = answers.filter((a) => a.statusCode === 429);
      expect(answers.filter((a) => a.statusCode === 200).length).toBeLessThanOrEqual(10);
      expect(limited.length).toBeGreaterThan(0);
      expect(limited[0].json()).toMatchObject({ error: 'rate_limited', reason: expect.stringMatching(/more than 5 requests a second/) });
      expect((await small.inject({ url: '/api/health' })).statusCode).toBe(200); // another key
    } finally {
      await small.close();
    }
  });
});

describe('docs and metrics', () => {
  it('publishes the OpenAPI description of every API route at /docs', async () => {
    expect((await app.inject({ url: '/docs' })).statusCode).toBe(200);
    const spec = (await app.inject({ url: '/docs/json' })).json();
    for (const p of ['/api/health', '/api/units', '/api/positions', '/osmand', '/api/rings', '/api/coverage', '/api/incidents', '/api/incidents/{id}/units', '/api/tokens']) expect(spec.paths).toHaveProperty([p]);
    expect(spec.paths['/api/positions'].post.requestBody.content['application/json'].schema.properties.reports.maxItems).toBe(10_000);
  });

  it('serves Prometheus metrics that count requests and reports', async () => {
    await app.inject({ url: `/osmand?id=car-1&lat=26.26&lon=117.62&timestamp=${Date.now() + 5}&key=${tokens.device}` });
    const text = (await app.inject({ url: '/metrics' })).body;
    expect(text).toMatch(/^# TYPE xunfang_http_requests_total counter$/m);
    expect(text).toMatch(/^xunfang_http_requests_total\{code="200"\} \d+$/m);
    expect(Number(/^xunfang_position_requests_total (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
    expect(text).toMatch(/^xunfang_units\{state="known"\} 3$/m);
    expect(text).toMatch(/^xunfang_ring_refresh_seconds [\d.e-]+$/m);
    // Reports counted by path and outcome: a bad one too.
    const count = (t: string, path: string, outcome: string) => Number(new RegExp(`^xunfang_positions_total\\{path="${path}",outcome="${outcome}"\\} (\\d+)$`, 'm').exec(t)?.[1] ?? 0);
    const before = count(text, 'osmand', 'rejected');
    await app.inject({ url: `/osmand?id=car-1&lat=95&lon=117.62&key=${tokens.device}` });
    const after = (await app.inject({ url: '/metrics' })).body;
    expect(count(after, 'osmand', 'rejected')).toBe(before + 1);
    expect(count(after, 'osmand', 'accepted')).toBeGreaterThan(0);
    expect(after).toMatch(/^xunfang_socket_clients\{namespace="\/"\} \d+$/m);
    expect(after).toMatch(/^xunfang_incidents_open\{state="new"\} \d+$/m);
  });
});
