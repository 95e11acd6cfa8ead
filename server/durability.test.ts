// What the live server keeps across a restart besides incidents and statuses: live closures
// (lifted ones stay lifted, ids are never given twice) and patrol points' last visits.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer } from './app.ts';
import { createLiveCity } from './live/live-city.ts';
import { loadScenario } from './scenario/load-scenario.ts';

const town = fileURLToPath(new URL('./cli/fixtures/replay-town/scenario.json', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'xunfang-durable-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const ADMIN = 'durable-admin';

async function start(): Promise<FastifyInstance> {
  return buildServer({ city: createLiveCity(await loadScenario(town)), logger: false, adminToken: ADMIN, refreshMs: 0, dataDir });
}

describe('after a restart', () => {
  it('live closures and patrol visits are back', async () => {
    let app = await start();
    const inject = (o: InjectOptions | string) => app.inject({ ...(typeof o === 'string' ? { url: o } : o), headers: { authorization: `Bearer ${ADMIN}` } });
    const road5 = async () => (await inject('/api/rings')).json().features[0].properties.reachableRoadMeters as number;
    const t = Date.now();
    await inject({ method: 'POST', url: '/api/positions', payload: { reports: [{ unitId: 'car-1', lon: 117.6181, lat: 26.2621, time: t }] } });
    const open = await road5();
    const d = 0.002, [x, y] = [117.62, 26.26];
    const area = { type: 'Polygon', coordinates: [[[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d], [x - d, y - d]]] };
    const first = (await inject({ method: 'POST', url: '/api/closures', payload: { name: '施工封路', polygon: area } })).json().id;
    const second = (await inject({ method: 'POST', url: '/api/closures', payload: { name: '临时管制', polygon: area } })).json().id;
    expect((await inject({ method: 'DELETE', url: `/api/closures/${second}` })).statusCode).toBe(204);
    const closed = await road5();
    expect(closed).toBeLessThan(open);
    const visit = (await inject('/api/coverage')).json().points.find((p: { id: string }) => p.id === 'P1').lastVisitAt;
    expect(visit).toBe(new Date(t).toISOString());
    await app.close();

    app = await start();
    const list = (await inject('/api/closures')).json().closures;
    expect(list.map((c: { id: string; name: string }) => [c.id, c.name])).toEqual([[first, '施工封路']]);
    expect((await inject('/api/coverage')).json().points.find((p: { id: string }) => p.id === 'P1').lastVisitAt).toBe(new Date(t).toISOString());
    await inject({ method: 'POST', url: '/api/positions', payload: { reports: [{ unitId: 'car-1', lon: 117.6181, lat: 26.2621, time: t + 1000 }] } });
    expect(await road5()).toBeLessThan(open);
    // A new closure gets a new id, not the lifted one's.
    const third = (await inject({ method: 'POST', url: '/api/closures', payload: { name: 'x', polygon: area } })).json().id;
    expect([first, second]).not.toContain(third);
    expect((await inject('/api/coverage')).json().points.find((p: { id: string }) => p.id === 'P1').lastVisitAt).toBe(new Date(t + 1000).toISOString());
    await app.close();
    app = await start();
    // The visit of the second run was written on close.
    expect((await inject('/api/coverage')).json().points.find((p: { id: string }) => p.id === 'P1').lastVisitAt).toBe(new Date(t + 1000).toISOString());
    await app.close();
  });
});
