// The live server over HTTP (app.inject): health, units, position ingestion by batch and by the
// OsmAnd/Traccar protocol, and bad input answered 4xx with the field and the reason.
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMergedRings } from '../sim/rings/index.ts';
import { LIVE_RINGS_OPTIONS } from './live/live-rings.ts';
import { buildServer } from './app.ts';
import { createLiveCity } from './live/live-city.ts';
import { loadScenario } from './scenario/load-scenario.ts';

const town = fileURLToPath(new URL('./cli/fixtures/replay-town', import.meta.url));
const T0 = Date.parse('2026-03-02T08:00:00Z');
const clock = { t: T0 };
let app: FastifyInstance;
const ADMIN = 'test-admin-token';
/** Requests as the admin (access control has its own tests). */
const inject = (o: InjectOptions | string) => {
  const opts = typeof o === 'string' ? { url: o } : o;
  return app.inject({ ...opts, headers: { authorization: `Bearer ${ADMIN}`, ...opts.headers } });
};

beforeAll(async () => {
  const scenario = await loadScenario(path.join(town, 'scenario.json'));
  app = await buildServer({ city: createLiveCity(scenario, { now: () => clock.t }), logger: false, adminToken: ADMIN, bodyLimit: 64 * 1024, refreshMs: 0, rateLimitPerSecond: 1e6 });
});
afterAll(() => app.close());

const units = async () => (await inject({ url: '/api/units' })).json().units as { id: string; fix: { lon: number; lat: number; time: string; speedMps: number | null } | null; road: unknown; stale: boolean; version: number }[];
const unit = async (id: string) => (await units()).find((u) => u.id === id);

describe('live server', () => {
  it('answers health with the scenario and unit counts', async () => {
    const r = await inject({ url: '/api/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', scenario: 'replay-town', units: 3, reporting: 0 });
  });

  it('serves the page the login URL opens: self-contained, the token kept in the browser', async () => {
    const r = await app.inject({ url: '/' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toMatch(/default-src 'self'/);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(r.body).toContain(`<script nonce="${nonce}">`);
    expect(r.body).toContain('巡防');
    expect(r.body).toMatch(/#&\]token=|token=\(/);
    // Nothing is fetched from elsewhere.
    expect(r.body).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(r.body).not.toMatch(/fetch\('https?:/);
    expect((await app.inject({ url: '/' })).headers['content-security-policy']).not.toBe(csp); // a nonce per answer
  });

  it('lists the units, stale until they report', async () => {
    const list = await units();
    expect(list.map((u) => u.id)).toEqual(['car-1', 'car-2', 'foot-1']);
    expect(list.every((u) => u.stale && u.fix === null)).toBe(true);
  });

  it('takes a batch of positions: moves units, snaps them, ignores older reports, refuses bad ones alone', async () => {
    const r = await inject({
      method: 'POST',
      url: '/api/positions',
      payload: {
        reports: [
          { unitId: 'car-1', lon: 117.62, lat: 26.26, time: new Date(T0 - 5000).toISOString(), speedMps: 8 },
          { unitId: 'car-1', lon: 117.621, lat: 26.26, time: T0 - 10_000 },
          { unitId: 'nobody', lon: 117.62, lat: 26.26, time: T0 },
          { unitId: 'car-2', lon: 117.63, lat: 95, time: T0 },
          { unitId: 'foot-1', lon: 117.615, lat: 26.255, time: T0 / 1000 },
        ],
      },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      accepted: 2,
      ignored: [{ index: 1, reason: 'older' }],
      rejected: [
        { index: 2, error: 'unknown_unit', field: 'reports[2].unitId', reason: 'no unit "nobody" is known' },
        { index: 3, error: 'bad_request', field: 'reports[3].lat', reason: 'latitude 95 is out of range [-90, 90]' },
      ],
    });
    const car = await unit('car-1');
    expect(car?.fix).toMatchObject({ lon: 117.62, lat: 26.26, time: new Date(T0 - 5000).toISOString(), speedMps: 8 });
    expect(car?.road).not.toBeNull();
    expect(car?.stale).toBe(false);
    expect((await unit('foot-1'))?.fix?.time).toBe(new Date(T0).toISOString()); // epoch seconds
    expect((await inject({ url: '/api/health' })).json().reporting).toBe(2);
  });

  it('answers 400 when every report of a batch is refused', async () => {
    const r = await inject({ method: 'POST', url: '/api/positions', payload: { reports: [{ unitId: 'nobody', lon: 1, lat: 1, time: T0 }] } });
    expect(r.statusCode).toBe(400);
    expect(r.json().rejected[0].field).toBe('reports[0].unitId');
  });

  it('takes OsmAnd reports by GET, form POST and the Traccar Client JSON body', async () => {
    clock.t = T0 + 60_000;
    let r = await inject({ url: `/osmand?id=car-2&lat=26.261&lon=117.622&timestamp=${(T0 + 30_000) / 1000}&speed=10&bearing=90&accuracy=5&batt=88` });
    expect(r.statusCode).toBe(200);
    expect(r.body).toBe('');
    let car = await unit('car-2');
    expect(car?.fix).toMatchObject({ lon: 117.622, lat: 26.261, headingDeg: 90, accuracyM: 5 });
    expect(car?.fix?.speedMps).toBeCloseTo(10 * 0.514444, 5); // knots
    r = await inject({ method: 'POST', url: '/osmand', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `deviceid=car-2&location=26.262,117.623&timestamp=${new Date(T0 + 40_000).toISOString()}` });
    expect(r.statusCode).toBe(200);
    expect((await unit('car-2'))?.fix).toMatchObject({ lon: 117.623, lat: 26.262 });
    r = await inject({
      method: 'POST',
      url: '/osmand',
      payload: { device_id: 'car-2', location: { timestamp: new Date(T0 + 50_000).toISOString(), coords: { latitude: 26.263, longitude: 117.624, speed: 3, heading: -1, accuracy: 8 } } },
    });
    expect(r.statusCode).toBe(200);
    car = await unit('car-2');
    expect(car?.fix).toMatchObject({ lon: 117.624, lat: 26.263, speedMps: 3, headingDeg: null, accuracyM: 8 });
  });

  it.each([
    ['/osmand?lat=26.2&lon=117.6', 400, 'id', /missing/],
    ['/osmand?id=car-1&lat=abc&lon=117.6', 400, 'lat', /must be a number/],
    ['/osmand?id=car-1&lat=26.2&lon=200', 400, 'lon', /out of range/],
    ['/osmand?id=car-1&location=26.2', 400, 'location', /expected "lat,lon"/],
    ['/osmand?id=car-1&location=26.2.1,117.6', 400, 'location', /two numbers/],
    ['/osmand?id=car-1&lat=26.2&lon=117.6&timestamp=yesterday', 400, 'timestamp', /expected epoch seconds/],
    ['/osmand?id=car-1&lat=26.2&lon=117.6&timestamp=2099-01-01T00:00:00Z', 400, 'timestamp', /ahead of the server clock/],
    ['/osmand?id=ghost&lat=26.2&lon=117.6', 404, 'id', /no unit "ghost"/],
  ])('refuses %s with %i naming %s', async (url, code, field, reason) => {
    const r = await inject({ url });
    expect(r.statusCode).toBe(code);
    expect(r.json().field).toBe(field);
    expect(r.json().reason).toMatch(reason);
  });

  it('refuses malformed JSON, wrong shapes, unknown routes and oversized bodies', async () => {
    let r = await inject({ method: 'POST', url: '/api/positions', headers: { 'content-type': 'application/json' }, payload: '{"reports": [' });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ error: 'bad_request', field: 'body' });
    r = await inject({ method: 'POST', url: '/api/positions', payload: { reports: [{ unitId: 'car-1', lon: '117', lat: 26, time: T0 }] } });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ error: 'bad_request', field: 'body.reports[0].lon' });
    r = await inject({ method: 'POST', url: '/api/positions', payload: { reports: [] } });
    expect(r.json()).toMatchObject({ error: 'bad_request', field: 'body.reports' });
    r = await inject({ url: '/api/nothing' });
    expect(r.statusCode).toBe(404);
    expect(r.json().error).toBe('not_found');
    const big = { reports: Array.from({ length: 2000 }, () => ({ unitId: 'car-1', lon: 117.62, lat: 26.26, time: T0 })) };
    r = await inject({ method: 'POST', url: '/api/positions', payload: big });
    expect(r.statusCode).toBe(413);
    expect(r.json().error).toBe('payload_too_large');
    r = await inject({ url: '/api/units?bbox=1,2,3' });
    expect(r.statusCode).toBe(400);
    expect(r.json().field).toBe('query.bbox');
    expect((await inject({ url: '/api/units?bbox=117.6,,117.7,26.3' })).statusCode).toBe(400); // not a 0
  });

  it('finds units in a box', async () => {
    const r = await inject({ url: '/api/units?bbox=117.619,26.259,117.621,26.261' });
    expect(r.json().units.map((u: { id: string }) => u.id)).toEqual(['car-1']);
  });

  it('keeps live rings of the available, reporting units: largest first, shrinking as fixes age, without busy units', async () => {
    clock.t = T0 + 60_000;
    const rings = async (q = '') => (await inject({ url: `/api/rings${q}` })).json();
    const r = await rings();
    expect(r.type).toBe('FeatureCollection');
    expect(r.features.map((f: { properties: { contour: number } }) => f.properties.contour)).toEqual([5, 3, 1]);
    expect(r.units).toBe(3);
    const km = (x: typeof r) => x.features.map((f: { properties: { reachableRoadMeters: number } }) => f.properties.reachableRoadMeters);
    const [k5, k3, k1] = km(r);
    expect(k5).toBeGreaterThan(k3);
    expect(k3).toBeGreaterThan(k1);
    expect(k1).toBeGreaterThan(0);
    // The road length comes from the coverage model: it equals the rings' own exact reach pass.
    const exact = buildMergedRings(
      [...app.rings.origins()].map(([profile, origins]) => ({ router: app.live.model.routers.at(profile, app.live.timeOfDay()), origins })),
      [1, 3, 5],
      LIVE_RINGS_OPTIONS,
    );
    [...exact.stats].reverse().forEach((s, i) => expect(km(r)[i]).toBeCloseTo(s.reachableRoadMeters, 0));
    // The polygons, drawn from the coverage search's node labels, are those of a search of their own.
    const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x as number]);
    const own = exact.geojson.features.map((f) => flat(f.geometry.coordinates));
    r.features.forEach((f: { geometry: { coordinates: unknown } }, i: number) => {
      const got = flat(f.geometry.coordinates);
      expect(got.length).toBe(own[i].length);
      got.forEach((c, j) => expect(Math.abs(c - own[i][j])).toBeLessThan(1e-7));
    });
    // Thirty seconds without news: the same units, smaller rings.
    clock.t += 30_000;
    const older = await rings();
    expect(older.version).toBeGreaterThan(r.version);
    expect(km(older)[0]).toBeLessThan(k5);
    // A unit sent to a call no longer counts.
    app.live.units.setStatus('car-2', 'dispatched');
    const fewer = await rings();
    expect(fewer.units).toBe(2);
    expect(km(fewer)[0]).toBeLessThanOrEqual(km(older)[0]);
    app.live.units.setStatus('car-2', 'patrolling');
    // Other contours on demand; bad ones named.
    expect((await rings('?minutes=2,4')).features.map((f: { properties: { contour: number } }) => f.properties.contour)).toEqual([4, 2]);
    const bad = await inject({ url: '/api/rings?minutes=1,x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'bad_request', field: 'query.minutes[1]' });
    clock.t = T0 + 60_000;
  });

  it('closes an area live: the rings shrink at once and come back when it is lifted', async () => {
    const road5 = async () => (await inject('/api/rings')).json().features[0].properties.reachableRoadMeters as number;
    const before = await road5();
    const d = 0.002, [x, y] = [117.62, 26.26];
    const area = { type: 'Polygon', coordinates: [[[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d], [x - d, y - d]]] };
    const added = await inject({ method: 'POST', url: '/api/closures', payload: { name: '施工封路', polygon: area } });
    expect(added.statusCode).toBe(201);
    const id = added.json().id;
    expect((await inject('/api/closures')).json().closures.map((c: { id: string }) => c.id)).toEqual([id]);
    expect(await road5()).toBeLessThan(before);
    const open = { ...area, coordinates: [area.coordinates[0].slice(0, 4)] };
    const bad = await inject({ method: 'POST', url: '/api/closures', payload: { name: 'x', polygon: open } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'polygon[0]', reason: 'a ring must end where it starts' });
    expect((await inject({ method: 'DELETE', url: `/api/closures/${id}` })).statusCode).toBe(204);
    expect(await road5()).toBe(before);
    expect((await inject({ method: 'DELETE', url: `/api/closures/${id}` })).statusCode).toBe(404);
  });

  it('reports live coverage: road and hotspot shares per ring, zones, lines and points within 3 minutes', async () => {
    const c = (await inject({ url: '/api/coverage' })).json();
    expect(Object.keys(c.road)).toEqual(['60', '180', '300']);
    expect(c.road['60']).toBeLessThanOrEqual(c.road['180']);
    expect(c.road['180']).toBeLessThanOrEqual(c.road['300']);
    expect(c.road['300']).toBeGreaterThan(0);
    expect(c.road['300']).toBeLessThanOrEqual(1);
    expect(c.units).toBe(3);
    for (const z of c.zones) expect(z.within180).toBeGreaterThanOrEqual(0);
    for (const p of c.points) expect(p.within180).toBe(p.seconds !== null && p.seconds <= 180);
    // A unit at the patrol point visits it: the last visit and the gap since.
    const [plon, plat] = (await import('./cli/fixtures/replay-town/scenario.json', { with: { type: 'json' } })).default.patrolPoints[0].geometry.coordinates;
    clock.t += 1000;
    await inject({ method: 'POST', url: '/api/positions', payload: { reports: [{ unitId: 'foot-1', lon: plon, lat: plat, time: clock.t }] } });
    clock.t += 90_000;
    const after = (await inject({ url: '/api/coverage' })).json();
    expect(after.points[0]).toMatchObject({ lastVisitAt: new Date(clock.t - 90_000).toISOString(), gapS: 90 });
    clock.t -= 91_000;
  });

  it('recommends the eligible units ranked by road ETA (as the routing engine routes them), with what sending each costs', async () => {
    const cat = (await import('./cli/fixtures/replay-town/scenario.json', { with: { type: 'json' } })).default.incidents.categories[0].id;
    const call = { lon: 117.628, lat: 26.262, category: cat, priority: 1 };
    const r = await inject({ method: 'POST', url: '/api/incidents', payload: call });
    expect(r.statusCode).toBe(201);
    const { incident, recommendations } = r.json();
    expect(incident).toMatchObject({ id: expect.stringMatching(/^I\d+$/), category: cat, priority: 1, state: 'new', eido: 'Active', units: [] });
    const recs = recommendations.units as { unitId: string; etaS: number; coverageIfSent: { road180: number; road180Change: number } }[];
    expect(recs.length).toBe(recommendations.eligible);
    expect(recs.length).toBeGreaterThan(1);
    for (let i = 1; i < recs.length; i++) expect(recs[i].etaS).toBeGreaterThanOrEqual(recs[i - 1].etaS);
    const live = app.live, t = live.timeOfDay();
    for (const rec of recs) {
      const u = live.units.get(rec.unitId);
      const road = u?.road;
      if (!u || !road || !u.fix) throw new Error('recommended unit without a place');
      const router = live.model.routers.at(u.profile, t);
      const from = { ...road, distance: 0, input: [u.fix.lon, u.fix.lat] as const };
      const route = router.route(from, [call.lon, call.lat]);
      expect(route?.seconds).toBeCloseTo(rec.etaS, 1);
      expect(rec.coverageIfSent.road180Change).toBeLessThanOrEqual(1e-12);
      // The what-if model (3 minutes only) gives the full model's 3-minute figures.
      const groups = [...app.rings.origins(rec.unitId)].map(([profile, positions]) => ({ profile, positions }));
      const full = app.rings.measureCoverage(groups), k = Array.from(app.rings.thresholds).indexOf(180), nT = app.rings.thresholds.length;
      expect(rec.coverageIfSent.road180).toBeCloseTo(full.road[k], 12);
      const zones = (rec.coverageIfSent as unknown as { zones: { id: string; within180: number }[] }).zones;
      for (const z of zones) expect(z.within180).toBeCloseTo(full.zones[app.rings.targets.zones.findIndex((x) => x.id === z.id) * nT + k], 12);
    }
    // Bad calls are named.
    for (const [body, field] of [
      [{ ...call, category: 'alien' }, 'category'],
      [{ ...call, priority: 7 }, 'priority'],
      [{ ...call, lat: 100 }, 'lat'],
      [{ ...call, priority: 'high' }, 'body.priority'],
    ] as const) {
      const bad = await inject({ method: 'POST', url: '/api/incidents', payload: body });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().field).toBe(field);
    }
  });

  it('keeps a sampled track of each unit (one fix per 10 s) for replay', async () => {
    const base = T0 + 200_000;
    const reports = Array.from({ length: 16 }, (_, i) => ({ unitId: 'foot-1', lon: 117.615 + i * 1e-4, lat: 26.255, time: base + i * 2000 }));
    clock.t = base + 40_000;
    await inject({ method: 'POST', url: '/api/positions', payload: { reports } });
    const track = (await inject(`/api/units/foot-1/track?from=${new Date(base).toISOString()}&to=${new Date(base + 30_000).toISOString()}`)).json().points as { time: string }[];
    expect(track.map((p) => Date.parse(p.time) - base)).toEqual([0, 10_000, 20_000, 30_000]);
    expect((await inject('/api/units/nobody/track')).statusCode).toBe(404);
    expect((await inject('/api/units/foot-1/track?from=soon')).json()).toMatchObject({ field: 'query.from' });
    clock.t = T0 + 60_000;
  });

  it('keeps serving whatever is thrown at it (fuzz: random bodies and queries on every route)', async () => {
    const routes = [
      ['POST', '/api/positions'],
      ['POST', '/osmand'],
      ['GET', '/osmand'],
      ['GET', '/api/units'],
      ['GET', '/api/health'],
      ['GET', '/api/rings'],
      ['GET', '/api/coverage'],
      ['POST', '/api/incidents'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.oneof(fc.json(), fc.jsonValue().map((v) => JSON.stringify({ reports: [v] })), fc.string()), fc.dictionary(fc.constantFrom('id', 'lat', 'lon', 'timestamp', 'bbox', 'speed', 'location', 'available', 'minutes'), fc.string({ maxLength: 12 })), async ([method, url], body, query) => {
        const r = await inject({ method, url, query, ...(method === 'POST' ? { payload: body, headers: { 'content-type': 'application/json' } } : {}) });
        expect(r.statusCode).toBeLessThan(500);
        if (r.statusCode >= 400) expect(r.json()).toHaveProperty('reason');
      }),
      { seed: 2026, numRuns: 1500 },
    );
    expect((await inject({ url: '/api/health' })).statusCode).toBe(200);
  });
});
