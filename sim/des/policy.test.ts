// Dispatch and patrol policy on a small grid town: nearest unit by road ETA, reserves, priority-1
// diversion, return to assignment, point dwell, and byte-identical results for a seed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyFile, UnitFile } from '../../shared/fleet-schema.ts';
import { buildRoadGraph } from '../graph/build-graph.ts';
import { DEFAULT_PROFILES } from '../graph/profiles.ts';
import type { RoadInput, RoadWay } from '../graph/road-input.ts';
import { FREE_FLOW } from '../graph/time-of-day.ts';
import { Simulation, type SimIncident } from './engine.ts';
import { BlockedCoverage } from './coverage-blocks.ts';
import { prepareRun, runSimulation, type RunInput } from './run.ts';
import { buildSimModel, SimSetupError, type SimScenarioInput } from './sim-model.ts';

const all = { car: true, ebike: true, foot: true };
const N = 8, STEP = 0.0015; // 8 × 8 junctions about 150 m apart
const LON0 = 117.6, LAT0 = 26.2;
const at = (i: number, j: number): [number, number] => [LON0 + i * STEP, LAT0 + j * STEP * 0.9];

function grid(): RoadInput {
  const lon: number[] = [], lat: number[] = [];
  for (let j = 0; j < N; j++) for (let i = 0; i < N; i++) {
    const [x, y] = at(i, j);
    lon.push(x);
    lat.push(y);
  }
  const ways: RoadWay[] = [];
  for (let j = 0; j < N; j++) ways.push({ nodes: Array.from({ length: N }, (_, i) => j * N + i), cls: j % 3 === 0 ? 'secondary' : 'residential', oneway: 0, access: all });
  for (let i = 0; i < N; i++) ways.push({ nodes: Array.from({ length: N }, (_, j) => j * N + i), cls: 'residential', oneway: 0, access: all });
  return { lon, lat, ways };
}
const graph = buildRoadGraph(grid());
const box = (i0: number, j0: number, i1: number, j1: number) => {
  const [a, b] = at(i0 - 0.5, j0 - 0.5), [c, d] = at(i1 + 0.5, j1 + 0.5);
  return [[[a, b], [c, b], [c, d], [a, d], [a, b]]] as [number, number][][];
};

function input(units: UnitFile[], policy: PolicyFile = {}): SimScenarioInput {
  return {
    graph,
    profiles: DEFAULT_PROFILES,
    timeOfDay: FREE_FLOW,
    snapMaxMeters: 500,
    stations: [{ id: 'S', name: '所', lon: at(0, 0)[0], lat: at(0, 0)[1] }],
    patrolZones: [
      { id: 'west', name: '西', geometry: { coordinates: box(0, 0, 3, 7) } },
      { id: 'east', name: '东', geometry: { coordinates: box(4, 0, 7, 7) } },
    ],
    patrolLines: [{ id: 'ring', name: '环线', geometry: { coordinates: [at(1, 1), at(6, 1), at(6, 6), at(1, 6), at(1, 1)] } }],
    patrolPoints: [
      { id: 'A', name: 'A', geometry: { coordinates: at(2, 5) }, dwellMinutes: 12 },
      { id: 'B', name: 'B', geometry: { coordinates: at(6, 2) }, dwellMinutes: 12 },
    ],
    units,
    policy: { callProcessingSeconds: 0, ...policy },
  };
}
const post = (id: string, i: number, j: number, kind: UnitFile['kind'] = 'patrol_car'): UnitFile => ({
  id,
  kind,
  station: 'S',
  assignment: { type: 'post', lon: at(i, j)[0], lat: at(i, j)[1] },
});
const call = (id: string, t: number, i: number, j: number, extra: Partial<SimIncident> = {}): SimIncident => ({
  id,
  t,
  lon: at(i, j)[0] + 0.0002,
  lat: at(i, j)[1],
  category: 'x',
  priority: 2,
  onSceneSeconds: 1200,
  unitsNeeded: 1,
  ...extra,
});

describe('dispatch policy', () => {
  it('sends the available unit with the best road ETA (differential against plain routing)', () => {
    const cell = fc.integer({ min: 0, max: N - 1 });
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { minLength: 2, maxLength: 5 }), fc.tuple(cell, cell), (posts, [ci, cj]) => {
        const units = posts.map(([i, j], k) => post(`U${k}`, i, j));
        const model = buildSimModel(input(units));
        // Let the units reach their posts, then call.
        const sim = new Simulation(model, [call('c', 1800, ci, cj)], { seed: 1, seconds: 3600 }).run();
        const sent = sim.records[0].unitIds[0];
        const router = model.routers.at('car', 1800);
        const target = router.snap([at(ci, cj)[0] + 0.0002, at(ci, cj)[1]]);
        const times = model.units.map((u) => router.route(u.assignment.type === 'post' ? u.assignment.at : u.home, target)?.seconds ?? Infinity);
        const best = Math.min(...times);
        expect(times[sent]).toBeCloseTo(best, 6);
        expect(sim.records[0].arrivedAt - 1800).toBeCloseTo(best, 6);
      }),
      { seed: 5, numRuns: 40 },
    );
  });

  it('with many units (searched in batches by straight-line bound) still sends the k fastest', () => {
    const cell = fc.integer({ min: 0, max: N - 1 });
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { minLength: 20, maxLength: 45 }), fc.tuple(cell, cell), fc.integer({ min: 1, max: 3 }), (posts, [ci, cj], need) => {
        const units = posts.map(([i, j], k) => post(`U${k}`, i, j));
        const model = buildSimModel(input(units));
        const sim = new Simulation(model, [call('c', 1800, ci, cj, { unitsNeeded: need })], { seed: 1, seconds: 3600 }).run();
        const router = model.routers.at('car', 1800);
        const target = router.snap([at(ci, cj)[0] + 0.0002, at(ci, cj)[1]]);
        const times = model.units.map((u) => router.route(u.assignment.type === 'post' ? u.assignment.at : u.home, target)?.seconds ?? Infinity);
        const want = [...times].sort((a, b) => a - b).slice(0, need);
        const got = sim.records[0].unitIds.map((u) => times[u]).sort((a, b) => a - b);
        got.forEach((t, k) => expect(t).toBeCloseTo(want[k], 6));
      }),
      { seed: 6, numRuns: 30 },
    );
  });

  it('holds the reserve: a routine call may not take the last free units, an urgent one may', () => {
    const units = [post('U0', 0, 0), post('U1', 7, 7), post('U2', 0, 7)];
    const model = buildSimModel(input(units, { reserve: { units: 2 } }));
    const calls = [call('r1', 1800, 3, 3), call('r2', 1810, 4, 4), call('u1', 1820, 5, 5, { priority: 1 })];
    const sim = new Simulation(model, calls, { seed: 1, seconds: 7200 }).run();
    const [r1, r2, u1] = sim.records;
    expect(r1.dispatchedAt).toBe(1800); // 3 free, 2 kept back: one may go
    expect(r2.queued).toBe(true); // 2 free = the reserve: routine calls wait
    expect(u1.dispatchedAt).toBe(1820); // urgent calls may use the reserve
    expect(r2.dispatchedAt).toBeGreaterThan(1820);
    // It waited until a unit cleared and the reserve was whole again.
    expect(r2.dispatchedAt).toBeGreaterThanOrEqual(Math.min(r1.clearedAt, u1.clearedAt));
  });

  it('diverts a unit en route to a routine call to a priority-1 call; the routine call waits and is served later', () => {
    const model = buildSimModel(input([post('U0', 0, 0)]));
    const calls = [call('routine', 1800, 7, 7, { priority: 3 }), call('urgent', 1830, 1, 0, { priority: 1 })];
    const sim = new Simulation(model, calls, { seed: 1, seconds: 4 * 3600 }).run();
    const [routine, urgent] = sim.records;
    expect(routine.dispatchedAt).toBe(1800);
    expect(urgent.dispatchedAt).toBe(1830);
    expect(urgent.unitIds).toEqual([0]);
    expect(routine.diverted).toBe(1);
    expect(routine.arrivedAt).toBeGreaterThan(urgent.clearedAt);
    expect(routine.unitIds).toEqual([0, 0]);
    // Without diversion the urgent call waits instead.
    const noDivert = buildSimModel(input([post('U0', 0, 0)], { divertForPriority1: false }));
    const sim2 = new Simulation(noDivert, calls, { seed: 1, seconds: 4 * 3600 }).run();
    expect(sim2.records[1].queued).toBe(true);
    expect(sim2.records[0].diverted).toBe(0);
  });

  it('serves waiting calls FIFO within a priority, most urgent first', () => {
    const model = buildSimModel(input([post('U0', 3, 3)], { divertForPriority1: false }));
    const calls = [call('a', 1800, 3, 4), call('b', 1810, 3, 5, { priority: 3 }), call('c', 1820, 4, 3), call('d', 1830, 2, 3, { priority: 1 })];
    const sim = new Simulation(model, calls, { seed: 1, seconds: 6 * 3600 }).run();
    const order = sim.records.map((r, i) => [r.dispatchedAt, i] as const).sort((x, y) => x[0] - y[0]).map(([, i]) => calls[i].id);
    expect(order).toEqual(['a', 'd', 'c', 'b']);
  });

  it('only sends eligible kinds', () => {
    const units = [post('near-foot', 3, 3, 'auxiliary'), post('far-car', 7, 7)];
    const model = buildSimModel(input(units, { eligibility: { x: ['patrol_car'] } }));
    const sim = new Simulation(model, [call('c', 1800, 3, 3)], { seed: 1, seconds: 3600 }).run();
    expect(sim.records[0].unitIds).toEqual([1]);
  });
});

describe('patrol assignments', () => {
  it('after a call a zone unit returns to its zone and cruises it', () => {
    const model = buildSimModel(input([{ id: 'Z', kind: 'patrol_car', station: 'S', assignment: { type: 'zone', zone: 'east' } }]));
    const sim = new Simulation(model, [call('c', 3600, 0, 6, { onSceneSeconds: 600 })], { seed: 2, seconds: 3 * 3600 });
    const seen: string[] = [];
    sim.options.onSample = (s) => {
      const p = s.positionOf(0);
      seen.push(`${s.status[0]}:${model.zones[1].edgeInside[p.edge]}`);
    };
    (sim.options as { sampleEverySeconds: number }).sampleEverySeconds = 300;
    sim.run();
    const rec = sim.records[0];
    expect(rec.clearedAt).toBeGreaterThan(0);
    // Patrolling inside the east zone before the call and again at the end.
    expect(seen[6]).toBe('patrolling:1');
    expect(seen[seen.length - 1]).toBe('patrolling:1');
    // The zone's streets got driven, and no street outside it (apart from getting there and back).
    const inside = [...model.zones[1].segments].filter((e) => sim.lastVisit[e] > 0).length;
    expect(inside / model.zones[1].segments.length).toBeGreaterThan(0.8);
  });

  it('a post unit goes back to its post after the call', () => {
    const model = buildSimModel(input([post('P', 2, 2)]));
    const sim = new Simulation(model, [call('c', 1800, 6, 6, { onSceneSeconds: 300 })], { seed: 1, seconds: 3 * 3600 }).run();
    expect(sim.status[0]).toBe('posted');
    const p = sim.snappedOf(0);
    const home = model.units[0].assignment;
    expect(home.type === 'post' && Math.hypot(p.lon - home.at.lon, p.lat - home.at.lat)).toBeLessThan(1e-6);
  });

  it('point patrol visits its points in turn and keeps the dwell unless a call cuts it short', () => {
    const model = buildSimModel(input([{ id: 'F', kind: 'foot', station: 'S', assignment: { type: 'points', points: ['A', 'B'] } }]));
    const quiet = new Simulation(model, [], { seed: 1, seconds: 6 * 3600 }).run();
    const a = quiet.pointVisitTimes[0], b = quiet.pointVisitTimes[1];
    expect(a.length).toBeGreaterThanOrEqual(2);
    expect(b.length).toBeGreaterThanOrEqual(2);
    // Alternating, and each stay lasts the dwell (next arrival ≥ this arrival + 12 min + walk).
    for (let k = 0; k + 1 < Math.min(a.length, b.length); k++) {
      expect(b[k]).toBeGreaterThanOrEqual(a[k] + 12 * 60);
      expect(a[k + 1]).toBeGreaterThanOrEqual(b[k] + 12 * 60);
    }
    expect(quiet.stats[0].dwellsKept).toBeGreaterThanOrEqual(quiet.stats[0].pointVisits - 1);
    // A call during the first dwell at A cuts it short.
    const first = a[0];
    const busy = new Simulation(model, [call('c', first + 60, 2, 4, { onSceneSeconds: 300 })], { seed: 1, seconds: 6 * 3600 }).run();
    expect(busy.records[0].unitIds).toEqual([0]);
    expect(busy.stats[0].dwellsKept).toBeLessThan(busy.stats[0].pointVisits);
  });

  it('a line unit drives its loop lap after lap', () => {
    const model = buildSimModel(input([{ id: 'L', kind: 'ebike', station: 'S', assignment: { type: 'line', line: 'ring' } }]));
    const sim = new Simulation(model, [], { seed: 1, seconds: 4 * 3600 }).run();
    const loop = sim.lineLoop(0)!;
    const meters = loop.edges.reduce((s, e, i) => s + graph.edgeLength[e] * (loop.f1[i] - loop.f0[i]), 0);
    expect(meters).toBeGreaterThan(2500);
    // At 18 km/h a ~3 km loop takes ~10 min: about 20 laps in 4 h.
    const lapMinutes = meters / (18 / 3.6) / 60;
    expect(sim.stats[0].laps).toBeGreaterThanOrEqual(Math.floor((4 * 60 - 10) / lapMinutes) - 1);
  });

  it('reports setup problems naming the unit and field', () => {
    const far: UnitFile = { id: 'X', kind: 'patrol_car', station: 'S', assignment: { type: 'post', lon: 117.7, lat: 26.3 } };
    expect(() => buildSimModel(input([far]))).toThrow(SimSetupError);
    expect(() => buildSimModel(input([far]))).toThrow(/units\[0\]\.assignment \(post, for car\): .*m from the nearest road/);
  });
});

describe('determinism', () => {
  const scenario: RunInput = {
    ...input([
      { id: 'Z1', kind: 'patrol_car', station: 'S', assignment: { type: 'zone', zone: 'west' } },
      { id: 'Z2', kind: 'patrol_car', station: 'S', assignment: { type: 'zone', zone: 'east' }, shifts: [{ start: '06:00', end: '22:00', breaks: [{ start: '12:00', minutes: 30 }] }] },
      { id: 'L1', kind: 'ebike', station: 'S', assignment: { type: 'line', line: 'ring' } },
      { id: 'F1', kind: 'foot', station: 'S', assignment: { type: 'points', points: ['A', 'B'] } },
    ]),
    name: 'grid',
    incidents: {
      priorities: [
        { level: 1, name: '一级', targetMinutes: 5 },
        { level: 2, name: '二级', targetMinutes: 15 },
      ],
      categories: [{ id: 'x', priorityShares: [0.3, 0.7], onScene: { dist: 'exponential', meanMinutes: 20 } }],
      model: { callsPerDay: 60, hourly: Array.from({ length: 24 }, (_, h) => 1 + (h > 8 ? 1 : 0)), categoryShares: { x: 1 }, hotspots: [{ lon: at(5, 5)[0], lat: at(5, 5)[1], radiusMeters: 200, weight: 1 }], backgroundWeight: 1 },
    },
  };

  it('gives byte-identical results for a seed, and different results for different seeds', () => {
    const a = JSON.stringify(runSimulation(scenario, { seed: 7, days: 2, sampleEverySeconds: 300 }).result);
    const b = JSON.stringify(runSimulation(scenario, { seed: 7, days: 2, sampleEverySeconds: 300 }).result);
    const c = JSON.stringify(runSimulation(scenario, { seed: 8, days: 2, sampleEverySeconds: 300 }).result);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    const r = JSON.parse(a);
    expect(r.kpis.incidents).toBeGreaterThan(80);
    expect(r.kpis.coverage.road['300']).toBeGreaterThan(0.5);
    expect(r.lines[0].laps).toBeGreaterThan(10);
    // Coverage measured partly in a helper thread or all in this one: the same bytes.
    const here = JSON.stringify(runSimulation(scenario, { seed: 7, days: 2, sampleEverySeconds: 300, coverageThreads: 0 }).result);
    const helped = JSON.stringify(runSimulation(scenario, { seed: 7, days: 2, sampleEverySeconds: 300, coverageThreads: 1 }).result);
    expect(here).toBe(a);
    expect(helped).toBe(a);
  });

  it('has the helper thread measure blocks (it loads its own code), with the same result', () => {
    const expected = JSON.stringify(runSimulation(scenario, { seed: 7, days: 2, sampleEverySeconds: 300, coverageThreads: 0 }).result);
    let probe: BlockedCoverage | null = null;
    const run = prepareRun(scenario, { seed: 7, days: 2, sampleEverySeconds: 300 }, (setup, now) => (probe = new BlockedCoverage(setup, now, { threads: 1, blockSamples: 16 })));
    const blocks = probe as unknown as BlockedCoverage;
    run.sim.run();
    const got = JSON.stringify(run.finish(blocks.finish()).result);
    expect(got).toBe(expected);
    // The first blocks go to the helper and are waited for: a helper that failed to start would
    // leave this at 0 (its blocks measured here instead).
    expect(blocks.measuredBy.worker).toBeGreaterThan(0);
  });

  it('sends the same units the same way whatever the sampling interval (measuring changes nothing)', () => {
    const what = (every: number) => {
      const r = runSimulation(scenario, { seed: 7, days: 2, sampleEverySeconds: every, coverageThreads: 0 }).result;
      return JSON.stringify({ incidents: r.incidents, units: r.units, response: r.kpis.responseS, lines: r.lines.map((l) => l.laps) });
    };
    const every5 = what(300);
    expect(what(60)).toBe(every5);
    expect(what(0)).toBe(every5);
  });

  it('names a bad coverageThreads and says why', () => {
    for (const bad of [-1, 2, 0.5, NaN]) {
      expect(() => runSimulation(scenario, { seed: 7, days: 1, coverageThreads: bad })).toThrow(/^coverageThreads: must be 0 or 1, got /);
    }
  });

  it('measures the blocks of a helper thread that stops answering in this thread, with the same result', () => {
    const expected = JSON.stringify(runSimulation(scenario, { seed: 7, days: 2, sampleEverySeconds: 300, coverageThreads: 0 }).result);
    let probe: BlockedCoverage | null = null;
    const run = prepareRun(scenario, { seed: 7, days: 2, sampleEverySeconds: 300 }, (setup, now) => (probe = new BlockedCoverage(setup, now, { threads: 1, blockSamples: 16, silenceMs: 300 })));
    const blocks = probe as unknown as BlockedCoverage;
    blocks.stopWorker();
    run.sim.run();
    const got = JSON.stringify(run.finish(blocks.finish()).result);
    expect(got).toBe(expected);
    expect(blocks.measuredBy.worker).toBe(0);
    expect(blocks.measuredBy.here).toBeGreaterThan(4);
  });
});
