// The demo feed: the engine advanced in steps runs exactly as in one go; what the feed sends is
// what a well-behaved dispatcher and units would send (checked against the server's rules by a
// recording port); and against a real server, the city comes alive with no refused sends.
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PositionReportBody } from '../../shared/live-schema.ts';
import { readPositions, type ClientToServerEvents, type Delta, type ServerToClientEvents, type Snapshot } from '../../shared/realtime.ts';
import { isBusyWithCall, type UnitStatus } from '../../shared/unit-status.ts';
import { prepareRun } from '../../sim/des/run.ts';
import { buildServer } from '../app.ts';
import type { UnitAction } from '../live/incident-log.ts';
import { createLiveCity } from '../live/live-city.ts';
import { loadScenario } from '../scenario/load-scenario.ts';
import { simInput } from '../scenario/sim-input.ts';
import { DEMO_DISPOSITION, DemoFeed, type DemoPort } from './demo-feed.ts';
import { DemoClock, startDemo } from './start-demo.ts';

const town = fileURLToPath(new URL('../cli/fixtures/replay-town', import.meta.url));
const scenarioP = loadScenario(path.join(town, 'scenario.json'));

describe('engine advanced in steps', () => {
  it('gives the same run as one run(), whatever the steps', async () => {
    const scenario = await scenarioP;
    const input = { ...simInput(scenario), name: 'town', incidents: scenario.scenario.incidents };
    const summary = (sim: ReturnType<typeof prepareRun>['sim']) => JSON.stringify({ records: sim.records, stats: sim.stats, status: sim.status, events: sim.events });
    const whole = prepareRun(input, { seed: 5, days: 0.5, sampleEverySeconds: 0 }, null).sim.run();
    const expected = summary(whole);
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 4000, noNaN: true }), { minLength: 1, maxLength: 40 }), (steps) => {
        const sim = prepareRun(input, { seed: 5, days: 0.5, sampleEverySeconds: 0 }, null).sim.start();
        let t = 0;
        for (const s of steps) sim.advanceTo((t += s));
        sim.advanceTo(0.5 * 86400).finish();
        expect(summary(sim)).toBe(expected);
      }),
      { numRuns: 8, seed: 3 },
    );
  });
});

/** A port that applies the server's rules for incidents and unit statuses, and records breaches. */
class RulePort implements DemoPort {
  readonly problems: string[] = [];
  readonly incidents = new Map<string, { units: Map<string, string>; closed: string | null }>();
  readonly statuses = new Map<string, UnitStatus>();
  readonly lastReport = new Map<string, number>();
  reports = 0;
  private next = 1;

  async positions(reports: PositionReportBody[]) {
    for (const r of reports) {
      const t = Number(r.time), before = this.lastReport.get(r.unitId) ?? -Infinity;
      if (!(t > before)) this.problems.push(`${r.unitId} reported at ${t}, not after ${before}`);
      if (!(Math.abs(r.lon - 117.62) < 0.2 && Math.abs(r.lat - 26.26) < 0.2)) this.problems.push(`${r.unitId} reported far away (${r.lon}, ${r.lat})`);
      this.lastReport.set(r.unitId, t);
      this.reports++;
    }
  }
  async unitStatus(unitId: string, status: UnitStatus) {
    if (isBusyWithCall(status)) this.problems.push(`status ${status} set directly for ${unitId}`);
    for (const [id, inc] of this.incidents) if (inc.units.has(unitId)) this.problems.push(`status of ${unitId} set while on ${id}`);
    this.statuses.set(unitId, status);
  }
  async createIncident() {
    const id = `I${this.next++}`;
    this.incidents.set(id, { units: new Map(), closed: null });
    return id;
  }
  async act(id: string, unitId: string, action: UnitAction) {
    const inc = this.incidents.get(id);
    if (!inc || inc.closed) return void this.problems.push(`${action} on ${inc ? 'closed' : 'unknown'} ${id}`);
    const part = inc.units.get(unitId);
    const ok =
      action === 'dispatch' ? !part && ![...this.incidents.values()].some((o) => o.units.has(unitId)) : action === 'en_route' ? part === 'dispatched' : action === 'on_scene' ? part === 'dispatched' || part === 'en_route' : action === 'clear' ? part !== undefined : part !== undefined && part !== 'on_scene';
    if (!ok) this.problems.push(`${action} of ${unitId} on ${id} while it is ${part ?? 'not on it'}`);
    if (action === 'clear' || action === 'return') {
      inc.units.delete(unitId);
      this.statuses.set(unitId, 'returning');
    } else inc.units.set(unitId, action === 'dispatch' ? 'dispatched' : action);
  }
  async close(id: string, disposition: string) {
    const inc = this.incidents.get(id);
    if (!inc || inc.closed) return void this.problems.push(`close of ${inc ? 'closed' : 'unknown'} ${id}`);
    if (disposition === DEMO_DISPOSITION && inc.units.size > 0) this.problems.push(`${id} closed as handled with units still on it`);
    inc.closed = disposition;
  }
  async openIncidents() {
    return [...this.incidents].filter(([, i]) => !i.closed).map(([id]) => id);
  }
}

describe('demo feed', () => {
  it('sends calls, dispatches, arrivals, clears and statuses in an order the server accepts', async () => {
    const scenario = await scenarioP;
    const city = createLiveCity(scenario);
    const port = new RulePort();
    let wall = Date.parse('2026-03-02T00:00:00Z');
    // 10 simulated minutes a tick, starting at 08:00 on a Monday, for a day and a half.
    const feed = new DemoFeed(city.model, scenario.scenario.incidents!, port, { seed: 9, speed: 120, now: () => wall, startSecondOfDay: 8 * 3600, startWeekday: 0 });
    await feed.start();
    for (let k = 0; k < 216; k++) {
      await feed.tick();
      wall += 5000;
    }
    expect(port.problems).toEqual([]);
    expect(feed.counts.failures).toBe(0);
    expect(feed.counts.incidents).toBeGreaterThan(10);
    expect(feed.counts.dispatches).toBeGreaterThanOrEqual(feed.counts.closed);
    expect(feed.counts.arrivals).toBeGreaterThan(0);
    const closed = [...port.incidents.values()].filter((i) => i.closed === DEMO_DISPOSITION).length;
    expect(closed).toBe(feed.counts.closed);
    expect(closed).toBeGreaterThan(5);
    // Units went off duty and came back, or patrolled: statuses beyond the call ones were sent.
    expect(new Set(port.statuses.values()).size).toBeGreaterThan(1);
    expect(port.reports).toBeGreaterThan(216);
    // The same seed and clock give the same sends.
    const again = new RulePort();
    wall = Date.parse('2026-03-02T00:00:00Z');
    const feed2 = new DemoFeed(city.model, scenario.scenario.incidents!, again, { seed: 9, speed: 120, now: () => wall, startSecondOfDay: 8 * 3600, startWeekday: 0 });
    await feed2.start();
    for (let k = 0; k < 216; k++) {
      await feed2.tick();
      wall += 5000;
    }
    expect(feed2.counts).toEqual(feed.counts);
    expect([...again.incidents]).toEqual([...port.incidents]);
  });

  it('refuses a speed out of range, naming it', async () => {
    const scenario = await scenarioP;
    const city = createLiveCity(scenario);
    expect(() => new DemoFeed(city.model, scenario.scenario.incidents!, new RulePort(), { seed: 1, speed: 0, now: Date.now, startSecondOfDay: 0, startWeekday: 0 })).toThrow(/speed: must be in/);
  });
});

describe('demo feed against a live server', () => {
  let app: FastifyInstance, url = '', stop = () => {};
  let feed: DemoFeed;
  const ADMIN = 'demo-admin';
  beforeAll(async () => {
    const scenario = await scenarioP;
    const clock = new DemoClock(scenario.scenario.timezone);
    app = await buildServer({ city: createLiveCity(scenario, { timeOfDay: clock.timeOfDay }), logger: false, adminToken: ADMIN, refreshMs: 200, positionsEveryMs: 100 });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    ({ feed, stop } = await startDemo(app, url, { seed: 4, speed: 1200, everyMs: 100, startAt: { secondOfDay: 9 * 3600, weekday: 2 } }, clock));
  });
  afterAll(async () => {
    stop();
    await app.close();
  });

  it('brings the city to life through the server’s own doors, with nothing refused', async () => {
    const client: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, { auth: { token: ADMIN }, transports: ['websocket'], reconnection: false });
    const deltas: Delta[] = [];
    let snapshot: Snapshot | null = null;
    const moved = new Set<number>();
    client.on('snapshot', (s) => (snapshot = s));
    client.on('delta', (d) => deltas.push(d));
    client.on('positions', (p) => readPositions(p.data).forEach((r) => moved.add(r.index)));
    try {
      const end = Date.now() + 10_000;
      while (Date.now() < end && !(deltas.some((d) => d.kind === 'incident' && d.incident.state === 'on_scene') && feed.counts.closed > 0)) await new Promise((r) => setTimeout(r, 100));
      expect(feed.counts.failures).toBe(0);
      expect(snapshot).not.toBeNull();
      expect(feed.counts.incidents).toBeGreaterThan(0);
      expect(feed.counts.closed).toBeGreaterThan(0);
      // Units report and move; states and incidents flow to the socket client as deltas.
      expect(moved.size).toBeGreaterThan(0);
      expect(deltas.some((d) => d.kind === 'unit')).toBe(true);
      expect(deltas.some((d) => d.kind === 'incident' && d.incident.units.some((u) => u.part === 'en_route'))).toBe(true);
      const health = await (await fetch(`${url}/api/health`)).json();
      expect(health.reporting).toBeGreaterThan(0);
      // The city's clock follows the simulated day (sped up 1200×, from 09:00).
      expect(app.live.timeOfDay()).toBeGreaterThan(9 * 3600);
    } finally {
      client.disconnect();
    }
  });
});
