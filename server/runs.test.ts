// Server-side runs over HTTP: queued, run in a worker thread, polled to done with the result
// `xunfang run` writes; the same seed and scenario give the same result; bad bodies, unknown ids
// and wrong roles refused; cancelling a queued and a running run; a full queue; and runs a
// stopped server left behind marked failed on the next start.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSimulation } from '../sim/des/run.ts';
import { buildServer } from './app.ts';
import { createLiveCity } from './live/live-city.ts';
import { DEFAULT_MAX_QUEUED, STOPPED_REASON } from './runs/run-manager.ts';
import { loadScenario, type LoadedScenario } from './scenario/load-scenario.ts';
import { simInput } from './scenario/sim-input.ts';
import { openDatabase } from './store/database.ts';

const townFile = fileURLToPath(new URL('./cli/fixtures/replay-town/scenario.json', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'xunfang-runs-'));
const T0 = Date.parse('2026-03-02T08:00:00Z');
const ADMIN = 'test-admin-token';
const SHORT = 0.05; // 72 simulated minutes: a fraction of a second

/** The fixture town as an inline document: the same scenario, without its call list (a file). */
function townDoc(): Record<string, unknown> {
  const doc = JSON.parse(readFileSync(townFile, 'utf8'));
  delete doc.incidents.list;
  return doc;
}

let town: LoadedScenario;
let app: FastifyInstance;
const start = (dir = dataDir) => buildServer({ city: createLiveCity(town, { now: () => T0 }), logger: false, adminToken: ADMIN, refreshMs: 0, dataDir: dir });
const inject = (o: InjectOptions, token = ADMIN) => app.inject({ ...o, headers: { authorization: `Bearer ${token}`, ...o.headers } });
const post = (payload: object, token?: string) => inject({ method: 'POST', url: '/api/runs', payload }, token);
const get = (id: string) => inject({ url: `/api/runs/${id}` });

async function waitFor(id: string, states: string[] = ['done', 'failed', 'cancelled']) {
  for (let i = 0; i < 600; i++) {
    const run = (await get(id)).json();
    if (states.includes(run.state)) return run;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`run ${id} never reached ${states.join(' or ')}`);
}

beforeAll(async () => {
  town = await loadScenario(townFile);
  app = await start();
});
afterAll(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('runs', () => {
  it('run in a thread to done, with the result `xunfang run` writes, the same for the same seed and scenario', async () => {
    const r = await post({ seed: 7, days: SHORT, name: 'morning check' });
    expect(r.statusCode).toBe(202);
    const created = r.json();
    expect(created).toMatchObject({ name: 'morning check', scenario: 'replay-town', inlineScenario: false, seed: 7, days: SHORT, progress: 0 });
    expect(['queued', 'running']).toContain(created.state);
    expect(r.headers.location).toBe(`/api/runs/${created.id}`);
    // The same scenario given inline, and the live one again: they queue behind each other.
    const inline = (await post({ seed: 7, days: SHORT, scenario: townDoc() })).json();
    const again = (await post({ seed: 7, days: SHORT })).json();
    expect(inline).toMatchObject({ inlineScenario: true, name: 'replay-town' });
    expect(again.state).toBe('queued');

    const done = await waitFor(created.id);
    expect(done).toMatchObject({ state: 'done', progress: 1 });
    expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.startedAt));
    const k = done.result.kpis;
    for (const key of ['incidents', 'responseS', 'withinS', 'queuedFraction', 'meanQueueWaitS', 'utilization', 'coverage']) expect(k).toHaveProperty(key);
    expect(Object.keys(k.responseS)).toEqual(expect.arrayContaining(['mean', 'p50', 'p90', 'p95']));
    expect(Object.keys(k.withinS)).toEqual(['60', '180', '300']);
    expect(Object.keys(k.coverage.road)).toEqual(['60', '180', '300']);
    expect(done.result).toMatchObject({ seed: 7, days: SHORT });
    expect(done.result.units.length).toBe(3);
    // Byte for byte what a run of the same input in this process gives.
    const local = runSimulation(simInput(town), { seed: 7, days: SHORT }).result;
    expect(JSON.stringify(done.result)).toBe(JSON.stringify(local));

    const [a, b] = [await waitFor(inline.id), await waitFor(again.id)];
    expect(a.state).toBe('done');
    expect(a.result).toEqual(done.result);
    expect(b.result).toEqual(done.result);

    const list = (await inject({ url: '/api/runs?limit=2' })).json();
    expect(list.runs.map((x: { id: string }) => x.id)).toEqual([again.id, inline.id]);
    expect(list.runs[0]).not.toHaveProperty('result');
    expect(list.runs[0].kpis).toEqual({
      incidents: k.incidents,
      responseS: { mean: k.responseS.mean, p90: k.responseS.p90 },
      withinS: k.withinS,
      queuedFraction: k.queuedFraction,
      utilization: k.utilization,
      coverage: { road: k.coverage.road },
    });
    expect((await inject({ url: '/metrics' })).body).toContain('xunfang_runs{state="queued"} 0');
  });

  it('refuse bad bodies, naming the field', async () => {
    const count = async () => (await inject({ url: '/api/runs' })).json().runs.length;
    const before = await count();
    const field = async (payload: object) => {
      const r = await post(payload);
      expect(r.statusCode).toBe(400);
      expect(r.json().error).toBe('bad_request');
      return r.json().field;
    };
    expect(await field({ days: 0 })).toBe('body.days');
    expect(await field({ days: 1000 })).toBe('body.days');
    expect(await field({ seed: -1 })).toBe('body.seed');
    expect(await field({ seed: 'x' })).toBe('body.seed');
    expect(await field({ seed: 1.5 })).toBe('body.seed');
    expect(await field({ sampleEverySeconds: 1 })).toBe('body.sampleEverySeconds');
    expect(await field({ colour: 'red' })).toBe('body.colour');
    expect(await field({ scenario: [] })).toBe('body.scenario');

    const doc = townDoc();
    (doc.units as { kind: string }[])[0].kind = 'tank';
    const r = await post({ scenario: doc });
    expect(r.json()).toMatchObject({ field: 'body.scenario.units[0].kind' });
    expect(r.json().problems[0].reason).toMatch(/patrol_car/);

    const withList = JSON.parse(readFileSync(townFile, 'utf8'));
    expect(await field({ scenario: withList })).toBe('body.scenario.incidents.list.file');

    // Only building the roads shows this one (in a loading thread, as `xunfang validate` finds it).
    const far = townDoc();
    (far.stations as { lon: number }[])[0].lon = 120;
    const rf = await post({ scenario: far });
    expect(rf.json()).toMatchObject({ field: 'body.scenario.stations[0]', reason: expect.stringMatching(/no road within 500 m/) });
    expect(await count()).toBe(before); // nothing was queued
  });

  it('answer unknown ids 404 and wrong roles 403', async () => {
    expect((await get('R999')).json()).toMatchObject({ error: 'not_found', field: 'id' });
    expect((await inject({ method: 'DELETE', url: '/api/runs/R999' })).statusCode).toBe(404);
    const token = (await inject({ method: 'POST', url: '/api/tokens', payload: { role: 'dispatcher', name: 'desk 1' } })).json().token;
    expect((await post({ days: SHORT }, token)).json()).toMatchObject({ error: 'forbidden' });
    expect((await inject({ method: 'DELETE', url: '/api/runs/R1' }, token)).statusCode).toBe(403);
    expect((await inject({ url: '/api/runs/R1' }, token)).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/runs' })).statusCode).toBe(401);
    const planner = (await inject({ method: 'POST', url: '/api/tokens', payload: { role: 'planner', name: 'plans' } })).json().token;
    const r = await post({ days: SHORT }, planner);
    expect(r.statusCode).toBe(202);
    await waitFor(r.json().id);
  });

  it('cancel a running and a queued run, and refuse runs past a full queue', async () => {
    const long = (await post({ days: 31 })).json();
    const waiting = [];
    for (let i = 0; i < DEFAULT_MAX_QUEUED; i++) waiting.push((await post({ days: SHORT, seed: i })).json());
    const full = await post({ days: SHORT });
    expect(full.statusCode).toBe(429);
    expect(full.json()).toMatchObject({ error: 'rate_limited', reason: expect.stringMatching(/queue is full/) });
    expect((await inject({ url: '/metrics' })).body).toContain(`xunfang_runs{state="queued"} ${DEFAULT_MAX_QUEUED}`);

    let running = await waitFor(long.id, ['running']);
    expect(running.startedAt).not.toBeNull();
    while (running.progress === 0) {
      await new Promise((r) => setTimeout(r, 20)); // the thread reports as it goes
      running = (await get(long.id)).json();
    }
    expect(running).toMatchObject({ state: 'running', progress: expect.any(Number) });
    expect(running.progress).toBeLessThan(1);
    let r = await inject({ method: 'DELETE', url: `/api/runs/${waiting[0].id}` });
    expect(r.json()).toMatchObject({ id: waiting[0].id, state: 'cancelled', startedAt: null });
    r = await inject({ method: 'DELETE', url: `/api/runs/${long.id}` });
    expect(r.json()).toMatchObject({ state: 'cancelled' });
    expect((await inject({ method: 'DELETE', url: `/api/runs/${long.id}` })).json()).toMatchObject({ error: 'conflict' });
    // The next in line starts at once; the rest are cancelled to keep the test short.
    for (const w of waiting.slice(2)) expect((await inject({ method: 'DELETE', url: `/api/runs/${w.id}` })).statusCode).toBe(200);
    expect((await waitFor(waiting[1].id)).state).toBe('done');
    expect((await get(long.id)).json().state).toBe('cancelled');
  });

  it('mark runs a stopped server left queued or running as failed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xunfang-runs-restart-'));
    try {
      let server = await start(dir);
      const inject2 = (o: InjectOptions) => server.inject({ ...o, headers: { authorization: `Bearer ${ADMIN}` } });
      const left = (await inject2({ method: 'POST', url: '/api/runs', payload: { days: 31 } })).json();
      await server.close(); // stops the thread; the run cannot finish
      const db = openDatabase(dir);
      expect(db.prepare(`SELECT state, error FROM runs WHERE id = ?`).get(left.id)).toEqual({ state: 'failed', error: JSON.stringify({ reason: STOPPED_REASON }) });
      // A process killed outright leaves its rows as they were: write one such row.
      db.prepare(`INSERT INTO runs (id, created_at, scenario, seed, name, state, days) VALUES ('R50', ?, 'replay-town', 1, 'killed', 'running', 1)`).run(T0);
      db.close();
      server = await start(dir);
      for (const id of [left.id, 'R50']) {
        expect((await inject2({ url: `/api/runs/${id}` })).json()).toMatchObject({ state: 'failed', error: { reason: STOPPED_REASON } });
      }
      expect((await inject2({ method: 'POST', url: '/api/runs', payload: { days: SHORT } })).json().id).toBe('R51');
      await server.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
