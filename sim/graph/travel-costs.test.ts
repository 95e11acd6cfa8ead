// Travel time per edge: speed by road class, time of day and profile; access and one-way rules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RoadClass } from '../../shared/roads.ts';
import { buildRoadGraph } from './build-graph.ts';
import { closureMask } from './closures.ts';
import { DEFAULT_PROFILES } from './profiles.ts';
import type { RoadInput, RoadWay } from './road-input.ts';
import { factorAt, FREE_FLOW, parseClock, type TimeOfDayTable } from './time-of-day.ts';
import { computeTravelCosts } from './travel-costs.ts';

const all = { car: true, ebike: true, foot: true };

/** A closed square of four ways (so every profile keeps every part), plus the ways under test. */
function network(ways: Omit<RoadWay, 'nodes'>[]): RoadInput {
  // Nodes 0..3 a square of ~110 m sides; every way under test runs 0 → 1 (the south side).
  const lon = [117.6, 117.601, 117.601, 117.6], lat = [26.2, 26.2, 26.201, 26.201];
  const ring: RoadWay[] = [
    { nodes: [1, 2], cls: 'residential', oneway: 0, access: all },
    { nodes: [2, 3], cls: 'residential', oneway: 0, access: all },
    { nodes: [3, 0], cls: 'residential', oneway: 0, access: all },
  ];
  return { lon, lat, ways: [...ring, ...ways.map((w) => ({ ...w, nodes: [0, 1] }))] };
}

/** Seconds on the edge 0 → 1 and 1 → 0 of the way under test (the last way). */
function secondsOn(input: RoadInput, profile: 'car' | 'ebike' | 'foot', at = '12:00', table: TimeOfDayTable = FREE_FLOW) {
  const g = buildRoadGraph(input);
  const w = computeTravelCosts(g, profile, DEFAULT_PROFILES[profile], table, parseClock(at)).edgeSeconds;
  // The way under test is the only one along the south side.
  const fwd: number[] = [], back: number[] = [];
  let meters = 0;
  for (let e = 0; e < g.edgeCount; e++) {
    if (!(g.lat[g.edgeFrom[e]] < 26.2005 && g.lat[g.edgeTo[e]] < 26.2005)) continue;
    meters = g.edgeLength[e];
    (g.lon[g.edgeFrom[e]] < 117.6005 ? fwd : back).push(w[e]);
  }
  expect(fwd.length + back.length).toBeGreaterThan(0);
  return { fwd: fwd[0] ?? Infinity, back: back[0] ?? Infinity, meters };
}

const way = (cls: RoadClass, extra: Partial<RoadWay> = {}): Omit<RoadWay, 'nodes'> => ({ cls, oneway: 0, access: all, ...extra });

describe('travel time per edge', () => {
  it('uses the profile speed for the road class', () => {
    const { fwd, meters } = secondsOn(network([way('primary')]), 'car');
    expect(fwd).toBeCloseTo(meters / (45 / 3.6), 3);
    expect(secondsOn(network([way('primary')]), 'ebike').fwd).toBeCloseTo(meters / (22 / 3.6), 3);
    expect(secondsOn(network([way('primary')]), 'foot').fwd).toBeCloseTo(meters / (5 / 3.6), 3);
  });

  it('slows down with the time-of-day factor, scaled by the profile sensitivity', () => {
    const rush = new Array(24).fill(1);
    rush[8] = 0.5; // applies at 08:30, the middle of the hour
    const table: TimeOfDayTable = { default: FREE_FLOW.default, byClass: { primary: rush } };
    const input = network([way('primary')]);
    const free = secondsOn(input, 'car', '08:30').fwd;
    expect(secondsOn(input, 'car', '08:30', table).fwd).toBeCloseTo(free / 0.5, 2);
    // Halfway between the centres of 07 and 08: factor 0.75.
    expect(secondsOn(input, 'car', '08:00', table).fwd).toBeCloseTo(free / 0.75, 2);
    // E-bikes filter through traffic (sensitivity 0.3), officers on foot do not notice it.
    const bike = secondsOn(input, 'ebike', '08:30').fwd;
    expect(secondsOn(input, 'ebike', '08:30', table).fwd).toBeCloseTo(bike / (1 - 0.3 * 0.5), 2);
    const foot = secondsOn(input, 'foot', '08:30').fwd;
    expect(secondsOn(input, 'foot', '08:30', table).fwd).toBeCloseTo(foot, 3);
    // Other classes follow the default row.
    const res = network([way('residential')]);
    expect(secondsOn(res, 'car', '08:30', table).fwd).toBeCloseTo(secondsOn(res, 'car', '08:30').fwd, 3);
  });

  it('caps cars and e-bikes at a tagged speed limit; walkers ignore it', () => {
    const input = network([way('primary', { maxSpeedKmh: 30 })]);
    const { fwd, meters } = secondsOn(input, 'car');
    expect(fwd).toBeCloseTo(meters / (30 / 3.6), 3);
    expect(secondsOn(input, 'ebike').fwd).toBeCloseTo(meters / (22 / 3.6), 3); // already slower
    expect(secondsOn(network([way('primary', { maxSpeedKmh: 3 })]), 'foot').fwd).toBeCloseTo(meters / (5 / 3.6), 3);
  });

  it('keeps each profile to the roads it may use', () => {
    expect(secondsOn(network([way('footway')]), 'car').fwd).toBe(Infinity);
    expect(secondsOn(network([way('footway')]), 'foot').fwd).toBeLessThan(Infinity);
    expect(secondsOn(network([way('motorway')]), 'ebike').fwd).toBe(Infinity);
    expect(secondsOn(network([way('motorway')]), 'foot').fwd).toBe(Infinity);
    expect(secondsOn(network([way('residential', { access: { car: false, ebike: true, foot: true } })]), 'car').fwd).toBe(Infinity);
  });

  it('applies one-way rules per profile', () => {
    const oneway = network([way('residential', { oneway: 1 })]);
    expect(secondsOn(oneway, 'car').back).toBe(Infinity);
    expect(secondsOn(oneway, 'car').fwd).toBeLessThan(Infinity);
    expect(secondsOn(oneway, 'ebike').back).toBe(Infinity);
    expect(secondsOn(oneway, 'foot').back).toBeLessThan(Infinity);
    const reversed = network([way('residential', { oneway: -1 })]);
    expect(secondsOn(reversed, 'car').fwd).toBe(Infinity);
    expect(secondsOn(reversed, 'car').back).toBeLessThan(Infinity);
    const contraflow = network([way('residential', { oneway: 1, ebikeContraflow: true })]);
    expect(secondsOn(contraflow, 'ebike').back).toBeLessThan(Infinity);
    expect(secondsOn(contraflow, 'car').back).toBe(Infinity);
  });

  it('closes edges under a closure polygon for every profile', () => {
    const input = network([way('primary')]);
    const g = buildRoadGraph(input);
    const closed = closureMask(g, { polygons: [[[[117.6002, 26.1999], [117.6008, 26.1999], [117.6008, 26.2001], [117.6002, 26.2001], [117.6002, 26.1999]]]] });
    for (const p of ['car', 'ebike', 'foot'] as const) {
      const w = computeTravelCosts(g, p, DEFAULT_PROFILES[p], FREE_FLOW, parseClock('12:00'), closed).edgeSeconds;
      for (let e = 0; e < g.edgeCount; e++) {
        const south = g.lat[g.edgeFrom[e]] < 26.2005 && g.lat[g.edgeTo[e]] < 26.2005;
        if (south) expect(w[e]).toBe(Infinity);
        else expect(w[e]).toBeLessThan(Infinity);
      }
    }
  });
});

describe('time-of-day factors', () => {
  const rowArb = fc.array(fc.double({ min: 0.2, max: 1, noNaN: true }), { minLength: 24, maxLength: 24 });

  it('equal the table at each hour centre and stay between neighbouring values, wrapping at midnight', () => {
    fc.assert(
      fc.property(rowArb, fc.integer({ min: 0, max: 86399 }), (row, t) => {
        const h = Math.floor(t / 3600);
        expect(factorAt(row, h * 3600 + 1800)).toBeCloseTo(row[h], 12);
        const f = factorAt(row, t);
        const lo = Math.min(...row), hi = Math.max(...row);
        expect(f).toBeGreaterThanOrEqual(lo - 1e-12);
        expect(f).toBeLessThanOrEqual(hi + 1e-12);
        // Continuous: one second later changes the factor by at most 1/3600 of a jump between hours.
        expect(Math.abs(factorAt(row, t + 1) - f)).toBeLessThanOrEqual((hi - lo) / 3600 + 1e-12);
      }),
      { seed: 3 },
    );
  });

  it('parses HH:MM and explains bad times', () => {
    expect(parseClock('07:45')).toBe(7 * 3600 + 45 * 60);
    expect(() => parseClock('24:00')).toThrow(/out of range/);
    expect(() => parseClock('7h')).toThrow(/not HH:MM/);
  });
});
