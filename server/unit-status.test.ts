// A unit's own status outside calls (POST /api/units/:id/status) and the socket.io position feed
// (namespace /feed): stored and restored, refused with reasons when they do not fit.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io as connect } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { FEED_NAMESPACE } from '../shared/feed-protocol.ts';
import { buildServer } from './app.ts';
import { createLiveCity } from './live/live-city.ts';
import { loadScenario } from './scenario/load-scenario.ts';

const town = fileURLToPath(new URL('./cli/fixtures/replay-town/scenario.json', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'xunfang-status-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const ADMIN = 'status-admin';

async function start(): Promise<FastifyInstance> {
  return buildServer({ city: createLiveCity(await loadScenario(town)), logger: false, adminToken: ADMIN, refreshMs: 0, dataDir });
}

describe('unit status', () => {
  it('is set outside calls, refused on a call or for call statuses, and kept across a restart', async () => {
    let app = await start();
    const as = (token: string) => (o: InjectOptions) => app.inject({ ...o, headers: { authorization: `Bearer ${token}` } });
    const admin = as(ADMIN);
    const status = (who: typeof admin, id: string, s: unknown) => who({ method: 'POST', url: `/api/units/${id}/status`, payload: { status: s } });
    let r = await status(admin, 'car-1', 'on_break');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ id: 'car-1', status: 'on_break', eido: { primary: 'NotAvailable', secondary: 'Break' } });
    expect((await status(admin, 'car-1', 'on_scene')).json()).toMatchObject({ error: 'bad_request', field: expect.stringContaining('status') });
    expect((await status(admin, 'car-1', 'asleep')).statusCode).toBe(400);
    expect((await status(admin, 'nobody', 'posted')).statusCode).toBe(404);
    // A device token bound to car-2 sets car-2 only; a planner may not.
    const dev = (await admin({ method: 'POST', url: '/api/tokens', payload: { role: 'device', name: 'car-2 phone', unitId: 'car-2' } })).json().token;
    const planner = (await admin({ method: 'POST', url: '/api/tokens', payload: { role: 'planner', name: 'p' } })).json().token;
    expect((await status(as(dev), 'car-2', 'patrolling')).statusCode).toBe(200);
    expect((await status(as(dev), 'car-1', 'patrolling')).statusCode).toBe(403);
    expect((await status(as(planner), 'car-1', 'posted')).statusCode).toBe(403);
    // On a call: refused until cleared.
    await admin({ method: 'POST', url: '/api/positions', payload: { reports: [{ unitId: 'car-2', lon: 117.62, lat: 26.26, time: Date.now() }] } });
    const inc = (await admin({ method: 'POST', url: '/api/incidents', payload: { lon: 117.628, lat: 26.262, category: 'crime', priority: 1 } })).json().incident.id;
    await admin({ method: 'POST', url: `/api/incidents/${inc}/units`, payload: { unitId: 'car-2', action: 'dispatch' } });
    r = await status(admin, 'car-2', 'off_duty');
    expect(r.statusCode).toBe(409);
    expect(r.json().reason).toMatch(/dispatched on I/);
    await app.close();
    app = await start();
    const units = (await app.inject({ method: 'GET', url: '/api/units', headers: { authorization: `Bearer ${ADMIN}` } })).json().units;
    expect(units.find((u: { id: string }) => u.id === 'car-1').status).toBe('on_break');
    expect(units.find((u: { id: string }) => u.id === 'car-2').status).toBe('dispatched');
    await app.close();
  });
});

describe('socket position feed', () => {
  it('takes batches from reporting roles, answers like the HTTP route, and names bad events', async () => {
    const app = await start();
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const dev = app.tokens.create('device', 'gateway').token;
    const viewer = app.tokens.create('dispatcher', 'd').token;
    try {
      const refused = connect(`${url}${FEED_NAMESPACE}`, { auth: { token: viewer }, transports: ['websocket'], reconnection: false });
      const err = await new Promise<Error>((res) => refused.on('connect_error', res));
      expect(err.message).toMatch(/forbidden: role dispatcher may not report/);
      refused.disconnect();
      const feed = connect(`${url}${FEED_NAMESPACE}`, { auth: { token: dev }, transports: ['websocket'], reconnection: false });
      await new Promise((res) => feed.on('connect', () => res(null)));
      const t = Date.now();
      const ok = await feed.timeout(5000).emitWithAck('positions', { reports: [{ unitId: 'car-1', lon: 117.62, lat: 26.26, time: t }, { unitId: 'car-1', lon: 117.62, lat: 26.26, time: t - 1000 }, { unitId: 'ghost', lon: 117.62, lat: 26.26, time: t }] });
      expect(ok).toMatchObject({ accepted: 1, ignored: [{ index: 1, reason: 'older' }], rejected: [{ index: 2, error: 'unknown_unit', field: 'reports[2].unitId' }] });
      expect(app.live.units.get('car-1')?.fix?.time).toBe(t);
      const bad = await feed.timeout(5000).emitWithAck('positions', { reports: [{ unitId: 'car-1', lon: 'east', lat: 26.26, time: t }] } as never);
      expect(bad).toMatchObject({ error: 'bad_request', field: 'body.reports.0.lon' });
      // Events without an answer function, and nonsense, leave the connection serving.
      feed.emit('positions', null as never);
      feed.emit('nonsense' as never);
      const still = await feed.timeout(5000).emitWithAck('positions', { reports: [{ unitId: 'car-1', lon: 117.621, lat: 26.26, time: t + 1000 }] });
      expect(still).toMatchObject({ accepted: 1 });
      feed.disconnect();
    } finally {
      await app.close();
    }
  });
});
