// End to end over a real port: positions by OsmAnd GET move a unit; position frames, ring and
// coverage deltas reach a socket.io client; an incident is created and its recommendations are
// ranked by road ETA as the routing engine routes; the dispatch flows to the client as numbered
// deltas; a client that asks to resync gets a snapshot at the current sequence number.
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPositions, type ClientToServerEvents, type Delta, type PositionsFrame, type ServerToClientEvents, type Snapshot } from '../shared/realtime.ts';
import { buildServer } from './app.ts';
import { createLiveCity } from './live/live-city.ts';
import { loadScenario } from './scenario/load-scenario.ts';

const town = fileURLToPath(new URL('./cli/fixtures/replay-town', import.meta.url));
const ADMIN = 'rt-admin';
let app: FastifyInstance, url = '';

beforeAll(async () => {
  const scenario = await loadScenario(path.join(town, 'scenario.json'));
  app = await buildServer({ city: createLiveCity(scenario), logger: false, adminToken: ADMIN, refreshMs: 100, positionsEveryMs: 100 });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => app.close());

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const until = async <T>(get: () => T | undefined, what: string, ms = 5000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('realtime feed', () => {
  it('refuses a socket without a viewing token', async () => {
    const bad: Client = connect(url, { auth: { token: 'nope' }, transports: ['websocket'], reconnection: false });
    const err = await new Promise<Error>((resolve) => bad.on('connect_error', resolve));
    expect(err.message).toMatch(/unauthorized/);
    bad.close();
  });

  it('shrugs off malformed socket events and keeps serving the client', async () => {
    const client: Client = connect(url, { auth: { token: ADMIN }, transports: ['websocket'] });
    const snapshots: Snapshot[] = [];
    client.on('snapshot', (s) => snapshots.push(s));
    try {
      await until(() => snapshots[0], 'snapshot');
      const raw = client as unknown as { emit: (ev: string, ...args: unknown[]) => void };
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.constant('resync'), fc.string({ maxLength: 20 })), fc.array(fc.jsonValue(), { maxLength: 3 }), async (ev, args) => {
          if (['connect', 'disconnect', 'connect_error', 'disconnecting', 'newListener', 'removeListener'].includes(ev)) return;
          raw.emit(ev, ...args);
        }),
        { seed: 99, numRuns: 300 },
      );
      const before = snapshots.length;
      client.emit('resync');
      await until(() => (snapshots.length > before ? true : undefined), 'snapshot after the noise');
      expect(client.connected).toBe(true);
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
    } finally {
      client.close();
    }
  });

  it('carries positions, rings, coverage, incidents and dispatches, in numbered order', async () => {
    const client: Client = connect(url, { auth: { token: ADMIN }, transports: ['websocket'] });
    try {
    const snapshots: Snapshot[] = [], deltas: Delta[] = [], frames: PositionsFrame[] = [];
    client.on('snapshot', (s) => snapshots.push(s));
    client.on('delta', (d) => deltas.push(d));
    client.on('positions', (p) => frames.push(p));
    const first = await until(() => snapshots[0], 'snapshot');
    expect(first.unitIds).toEqual(['car-1', 'car-2', 'foot-1']);

    // A device reports by OsmAnd GET: the unit moves, and the frame says so.
    const t = Date.now();
    for (const [id, lon] of [['car-1', 117.62], ['car-2', 117.626], ['foot-1', 117.618]] as const) {
      const r = await fetch(`${url}/osmand?id=${id}&lat=26.26&lon=${lon}&timestamp=${t}&speed=10&key=${ADMIN}`);
      expect(r.status).toBe(200);
    }
    const moved = await until(() => frames.map((f) => readPositions(f.data)).find((rows) => rows.length === 3), 'positions');
    const car1 = moved.find((r) => first.unitIds[r.index] === 'car-1');
    expect(car1?.lon).toBeCloseTo(117.62, 4);
    expect(car1?.speedMps).toBeCloseTo(10 * 0.514444, 3);
    // Ring and coverage deltas follow from the refresh.
    const rings = await until(() => deltas.find((d): d is Extract<Delta, { kind: 'rings' }> => d.kind === 'rings' && (d.rings.features as { properties: { reachableRoadMeters: number } }[])[0].properties.reachableRoadMeters > 0), 'rings');
    expect(rings.rings.features).toHaveLength(3);
    const coverage = await until(() => deltas.find((d): d is Extract<Delta, { kind: 'coverage' }> => d.kind === 'coverage' && d.coverage.units === 3), 'coverage');
    expect(coverage.coverage.road['300']).toBeGreaterThan(0);

    // A call: ranked by ETA as the routing engine routes; then a dispatch.
    const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
    const call = { lon: 117.628, lat: 26.262, category: 'crime', priority: 1 };
    const made = await (await fetch(`${url}/api/incidents`, { method: 'POST', headers: auth, body: JSON.stringify(call) })).json();
    const recs = made.recommendations.units as { unitId: string; etaS: number }[];
    expect(recs.length).toBeGreaterThan(0);
    const live = app.live;
    for (const rec of recs) {
      const u = live.units.get(rec.unitId);
      if (!u?.road || !u.fix) throw new Error('no place');
      const route = live.model.routers.at(u.profile, live.timeOfDay()).route({ ...u.road, distance: 0, input: [u.fix.lon, u.fix.lat] }, [call.lon, call.lat]);
      expect(route?.seconds).toBeCloseTo(rec.etaS, 1);
    }
    const best = recs[0].unitId;
    const sent = await fetch(`${url}/api/incidents/${made.incident.id}/units`, { method: 'POST', headers: auth, body: JSON.stringify({ unitId: best, action: 'dispatch' }) });
    expect(sent.status).toBe(200);
    const incidentDelta = await until(() => deltas.find((d) => d.kind === 'incident' && d.incident.id === made.incident.id && d.incident.state === 'dispatched'), 'incident delta');
    const unitDelta = await until(() => deltas.find((d) => d.kind === 'unit' && d.unit.id === best && d.unit.status === 'dispatched'), 'unit delta');
    expect(unitDelta.seq).not.toBe(incidentDelta.seq);

    // Deltas come numbered one after another from the snapshot on.
    const seqs = deltas.map((d) => d.seq);
    expect(seqs[0]).toBe(first.seq + 1);
    seqs.forEach((s, i) => i > 0 && expect(s).toBe(seqs[i - 1] + 1));

    // A resync gives a snapshot at the current number (deltas up to it are in it), with the
    // incident and the unit's state; the next change is numbered right after it.
    const lastSeen = deltas[deltas.length - 1].seq;
    client.emit('resync');
    const again = await until(() => snapshots[1], 'second snapshot');
    expect(again.seq).toBeGreaterThanOrEqual(lastSeen);
    expect(again.incidents.find((i) => i.id === made.incident.id)?.state).toBe('dispatched');
    expect(again.units.find((u) => u.id === best)?.status).toBe('dispatched');
    await fetch(`${url}/api/incidents/${made.incident.id}/units`, { method: 'POST', headers: auth, body: JSON.stringify({ unitId: best, action: 'en_route' }) });
    const next = await until(() => deltas.find((d) => d.seq > again.seq), 'a delta after the snapshot');
    expect(next.seq).toBe(again.seq + 1);
    // And no delta was lost: every number from the first snapshot on has arrived.
    const all = await until(() => {
      const got = new Set(deltas.map((d) => d.seq));
      for (let q = first.seq + 1; q <= next.seq; q++) if (!got.has(q)) return undefined;
      return got;
    }, 'every delta up to the last');
    expect(all.size).toBeGreaterThanOrEqual(next.seq - first.seq);
    } finally {
      client.close();
    }
  }, 20_000);
});
