// Incident lifecycle over HTTP, stored before it is answered: dispatch, en route, on scene,
// cleared or returned (退单), closed; wrong moves refused 409; everything back after a restart.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer } from './app.ts';
import { createLiveCity } from './live/live-city.ts';
import { loadScenario, type LoadedScenario } from './scenario/load-scenario.ts';

const town = fileURLToPath(new URL('./cli/fixtures/replay-town/scenario.json', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'xunfang-incidents-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const T0 = Date.parse('2026-03-02T08:00:00Z');
const ADMIN = 'test-admin-token';

async function start(scenario: LoadedScenario): Promise<FastifyInstance> {
  return buildServer({ city: createLiveCity(scenario, { now: () => T0 }), logger: false, adminToken: ADMIN, refreshMs: 0, dataDir });
}

describe('incidents', () => {
  it('follow a call from 接警 to 处结, refuse wrong moves, and come back after a restart', async () => {
    const scenario = await loadScenario(town);
    let app = await start(scenario);
    const inject = (o: InjectOptions) => app.inject({ ...o, headers: { authorization: `Bearer ${ADMIN}`, ...o.headers } });
    const post = (url: string, payload: object) => inject({ method: 'POST', url, payload });
    await post('/api/positions', { reports: [{ unitId: 'car-1', lon: 117.62, lat: 26.26, time: T0 }, { unitId: 'car-2', lon: 117.625, lat: 26.262, time: T0 }] });
    const created = (await post('/api/incidents', { lon: 117.628, lat: 26.262, category: 'crime', priority: 1 })).json().incident;
    const id = created.id;
    const act = (unitId: string, action: string) => post(`/api/incidents/${id}/units`, { unitId, action });

    let r = await act('car-1', 'dispatch');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ state: 'dispatched', eido: 'ResourcesAssigned', units: [{ unitId: 'car-1', part: 'dispatched' }] });
    expect((await act('car-1', 'dispatch')).statusCode).toBe(409);
    expect((await act('car-2', 'on_scene')).json()).toMatchObject({ error: 'conflict', field: 'action' });
    expect((await act('car-1', 'en_route')).json().state).toBe('en_route');
    await act('car-2', 'dispatch');
    expect((await act('car-2', 'return')).json().units).toEqual([{ unitId: 'car-1', part: 'en_route' }]); // 退单
    expect((await act('car-1', 'on_scene')).json()).toMatchObject({ state: 'on_scene', eido: 'ResourcesOnscene' });
    expect((await act('car-1', 'return')).statusCode).toBe(409); // on scene: clear, not return
    const units = (await inject({ url: '/api/units' })).json().units;
    expect(units.find((u: { id: string }) => u.id === 'car-1')).toMatchObject({ status: 'on_scene', eido: { primary: 'NotAvailable', secondary: 'OnScene' } });
    expect(units.find((u: { id: string }) => u.id === 'car-2').status).toBe('returning');

    // A second incident stays open across the restart.
    const second = (await post('/api/incidents', { lon: 117.622, lat: 26.258, category: 'traffic', priority: 2 })).json().incident.id;
    await app.close();

    app = await start(scenario);
    const open = (await inject({ url: '/api/incidents' })).json().incidents;
    expect(open.map((i: { id: string }) => i.id).sort()).toEqual([id, second].sort());
    expect(open.find((i: { id: string }) => i.id === id)).toMatchObject({ state: 'on_scene', units: [{ unitId: 'car-1', part: 'on_scene' }] });
    expect((await inject({ url: '/api/units' })).json().units.find((u: { id: string }) => u.id === 'car-1').status).toBe('on_scene');

    r = await post(`/api/incidents/${id}/close`, { disposition: '已调解' });
    expect(r.json()).toMatchObject({ state: 'closed', eido: 'Closed', disposition: '已调解', units: [] });
    expect((await inject({ url: '/api/units' })).json().units.find((u: { id: string }) => u.id === 'car-1').status).toBe('returning');
    expect((await post(`/api/incidents/${id}/close`, { disposition: 'again' })).statusCode).toBe(409);
    expect((await inject({ url: '/api/incidents/I999' })).statusCode).toBe(404);
    expect((await inject({ url: `/api/incidents/${id}` })).json().state).toBe('closed');
    const every = (await inject({ url: '/api/incidents?all=true' })).json().incidents as { id: string }[];
    expect(every).toHaveLength(2);
    // The list (two queries for the page) shows each incident as its own route does.
    for (const inc of every) expect(inc).toEqual((await inject({ url: `/api/incidents/${inc.id}` })).json());
    const third = (await post('/api/incidents', { lon: 117.622, lat: 26.258, category: 'crime', priority: 3 })).json().incident.id;
    expect(third).toBe('I3'); // numbering goes on after a restart
    await app.close();
  });
});
