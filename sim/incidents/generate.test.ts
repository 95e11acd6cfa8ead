import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IncidentModel } from '../../shared/incident-schema.ts';
import { profileBit } from '../../shared/roads.ts';
import { projectX, projectY } from '../geo/projection.ts';
import { buildRoadGraph } from '../graph/build-graph.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import { createRandom } from '../random.ts';
import { syntheticCity } from '../rings/synthetic-city.ts';
import { sampleIncidents } from './fixtures/sample-incidents.ts';
import { generateIncidents, hourlyRates } from './generate.ts';
import type { Incident } from './incident.ts';
import { createLocationSampler, roadLengthTable } from './locations.ts';
import { meanOnSceneSeconds } from './sampling.ts';

const DAY = 86_400;
const cfg = sampleIncidents();
const graph = buildRoadGraph(syntheticCity({ seed: 7, cols: 30, rows: 20 }));
const space = { graph };
const CAR = profileBit('car');

/** A model with the sample's categories and hotspots but a chosen volume and weekly profile. */
function model(over: Partial<IncidentModel> = {}): IncidentModel {
  return { ...cfg.model!, weekly: undefined, ...over };
}
const gen = (m: IncidentModel, days: number, seed = 1, startWeekday = 0) =>
  generateIncidents(m, cfg.categories, cfg.priorities, space, { days, seed, startWeekday });

/** |observed − expected| in standard errors. */
const z = (observed: number, expected: number, sd: number) => Math.abs(observed - expected) / sd;

/** Distance in metres from (px, py) to the segment of edge e. */
function distToEdge(g: RoadGraph, e: number, px: number, py: number): number {
  const a = g.edgeFrom[e], b = g.edgeTo[e];
  const dx = g.x[b] - g.x[a], dy = g.y[b] - g.y[a];
  const len2 = dx * dx + dy * dy;
  const f = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - g.x[a]) * dx + (py - g.y[a]) * dy) / len2));
  return Math.hypot(px - (g.x[a] + f * dx), py - (g.y[a] + f * dy));
}

describe('generateIncidents: the Poisson process in time', () => {
  // 1000 days at 100 calls a day: each hour of the day expects 1000·100·w_h calls (≈ 4,200 on
  // average, standard error √E ≈ 65, so 4 standard errors are ±6% of the quietest hour and ±5%
  // of an average one). Checking 24 hours at 4 s.e. would fail by chance with probability ≈ 0.2%.
  const DAYS = 1000;
  const PER_DAY = 100;
  const m = model({ callsPerDay: PER_DAY });
  const calls = gen(m, DAYS, 11);
  const hourSum = m.hourly.reduce((a, b) => a + b, 0);

  it('is sorted by time and inside the horizon, with unique ids', () => {
    const firstUnsorted = calls.findIndex((c, i) => i > 0 && c.t < calls[i - 1].t);
    expect(firstUnsorted).toBe(-1);
    expect(calls[0].t).toBeGreaterThanOrEqual(0);
    expect(calls[calls.length - 1].t).toBeLessThan(DAYS * DAY);
    expect(new Set(calls.map((c) => c.id)).size).toBe(calls.length);
  });

  it('matches the hourly profile within 4 standard errors in every hour', () => {
    const byHour = new Array(24).fill(0);
    for (const c of calls) byHour[Math.floor((c.t % DAY) / 3600)]++;
    let chi2 = 0;
    for (let h = 0; h < 24; h++) {
      const expected = (DAYS * PER_DAY * m.hourly[h]) / hourSum;
      expect(z(byHour[h], expected, Math.sqrt(expected)), `hour ${h}: ${byHour[h]} vs ${expected.toFixed(0)}`).toBeLessThan(4);
      chi2 += (byHour[h] - expected) ** 2 / expected;
    }
    // χ² with 24 degrees of freedom: mean 24, sd √48 ≈ 6.9; 60 is beyond the 99.99th percentile.
    expect(chi2).toBeLessThan(60);
  });

  it('has uniform times within an hour', () => {
    // Quarter-hours of all hours: each expects a quarter of the calls (binomial, 4 s.e.).
    const q = [0, 0, 0, 0];
    for (const c of calls) q[Math.floor((c.t % 3600) / 900)]++;
    const n = calls.length;
    for (const k of q) expect(z(k, n / 4, Math.sqrt(n * 0.25 * 0.75))).toBeLessThan(4);
  });

  it('has a Poisson count per day: mean ≈ callsPerDay and variance ≈ mean', () => {
    const perDay = new Array(DAYS).fill(0);
    for (const c of calls) perDay[Math.floor(c.t / DAY)]++;
    const mean = perDay.reduce((a, b) => a + b, 0) / DAYS;
    const variance = perDay.reduce((a, b) => a + (b - mean) ** 2, 0) / (DAYS - 1);
    // Standard error of the mean √(100/1000) ≈ 0.32; of the sample variance of a Poisson(100)
    // about λ·√(2/n) ≈ 4.5. A fixed count per day (variance 0) or a doubly stochastic one
    // (variance ≫ mean) fails this.
    expect(z(mean, PER_DAY, Math.sqrt(PER_DAY / DAYS))).toBeLessThan(4);
    expect(z(variance, PER_DAY, PER_DAY * Math.sqrt(2 / DAYS))).toBeLessThan(4);
  });

  it('draws categories, priorities, time on scene and units from their distributions', () => {
    const n = calls.length;
    for (const c of cfg.categories) {
      const mine = calls.filter((x) => x.category === c.id);
      const p = m.categoryShares[c.id];
      expect(z(mine.length, n * p, Math.sqrt(n * p * (1 - p))), c.id).toBeLessThan(4);
      c.priorityShares.forEach((share, i) => {
        const k = mine.filter((x) => x.priority === i + 1).length;
        if (share === 0) expect(k).toBe(0);
        else expect(z(k, mine.length * share, Math.sqrt(mine.length * share * (1 - share))), `${c.id} P${i + 1}`).toBeLessThan(4);
      });
      const mean = mine.reduce((a, x) => a + x.onSceneSeconds, 0) / mine.length;
      const expected = meanOnSceneSeconds(c.onScene);
      const sd = c.onScene.dist === 'exponential' ? expected : c.onScene.dist === 'lognormal' ? expected * Math.sqrt(Math.exp(c.onScene.sigma ** 2) - 1) : 0;
      if (sd === 0) expect(mine.every((x) => x.onSceneSeconds === expected)).toBe(true);
      else expect(z(mean, expected, sd / Math.sqrt(mine.length)), `${c.id} on scene`).toBeLessThan(4);
    }
    const po = calls.filter((x) => x.category === 'public_order');
    for (const { units, share } of [{ units: 1, share: 0.6 }, { units: 2, share: 0.3 }, { units: 4, share: 0.1 }]) {
      const k = po.filter((x) => x.unitsNeeded === units).length;
      expect(z(k, po.length * share, Math.sqrt(po.length * share * (1 - share)))).toBeLessThan(4);
    }
    expect(po.every((x) => [1, 2, 4].includes(x.unitsNeeded))).toBe(true);
    expect(calls.filter((x) => x.category === 'dispute').every((x) => x.unitsNeeded === 2)).toBe(true);
    expect(calls.filter((x) => x.category === 'crime').every((x) => x.unitsNeeded === 1)).toBe(true);
  });
});

describe('generateIncidents: weekly factors', () => {
  it('scales each weekday by its factor over the weekly mean', () => {
    const weekly = [1, 1, 1, 1, 1.5, 2, 0.5]; // mean 8/7
    const m = model({ callsPerDay: 80, weekly });
    const DAYS = 700, start = 3; // day 0 is a Thursday
    const calls = gen(m, DAYS, 5, start);
    const byWeekday = new Array(7).fill(0);
    for (const c of calls) byWeekday[(Math.floor(c.t / DAY) + start) % 7]++;
    const mean = 8 / 7;
    for (let w = 0; w < 7; w++) {
      // 100 days of each weekday; Poisson total, so s.e. = √expected (about 7,000 → ±4% at 4 s.e.)
      const expected = 100 * 80 * (weekly[w] / mean);
      expect(z(byWeekday[w], expected, Math.sqrt(expected)), `weekday ${w}`).toBeLessThan(4);
    }
  });

  it('gives no calls on a weekday of weight 0 and none in hours of weight 0', () => {
    const hourly = new Array(24).fill(0);
    hourly[9] = 1;
    hourly[21] = 3;
    const calls = gen(model({ callsPerDay: 50, hourly, weekly: [1, 1, 1, 1, 1, 1, 0] }), 28, 3, 0);
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) {
      expect(Math.floor(c.t / DAY) % 7).not.toBe(6);
      expect([9, 21]).toContain(Math.floor((c.t % DAY) / 3600));
    }
  });

  it('turns the model into hourly rates that sum to callsPerDay over an average day', () => {
    const rates = hourlyRates(model({ callsPerDay: 240, weekly: [2, 1, 1, 1, 1, 1, 0] }));
    const perWeekday = rates.map((r) => r.reduce((a, b) => a + b, 0));
    expect(perWeekday[0]).toBeCloseTo(480, 9);
    expect(perWeekday[6]).toBe(0);
    expect(perWeekday.reduce((a, b) => a + b, 0) / 7).toBeCloseTo(240, 9);
  });
});

describe('generateIncidents: places', () => {
  const hotspots = cfg.model!.hotspots!;
  const sampler = createLocationSampler(hotspots, cfg.model!.backgroundWeight, space);
  const rng = createRandom(99);
  const N = 40_000;
  const draws = Array.from({ length: N }, () => sampler.sample(rng));

  it('splits calls between hotspots and background by weight', () => {
    // weights 3, 2 and background 5: shares 0.3, 0.2, 0.5; binomial s.e. ≤ 0.0025, so ±1% at 4 s.e.
    const expected = [0.3, 0.2, 0.5];
    expect(sampler.shares).toEqual(expected);
    expected.forEach((p, k) => {
      const got = draws.filter((d) => (k < hotspots.length ? d.hotspot === k : d.hotspot === -1)).length;
      expect(z(got, N * p, Math.sqrt(N * p * (1 - p))), `component ${k}`).toBeLessThan(4);
    });
  });

  it('puts hotspot calls uniformly in the disc', () => {
    hotspots.forEach((h, k) => {
      const cx = projectX(graph.projection, h.lon), cy = projectY(graph.projection, h.lat);
      const mine = draws.filter((d) => d.hotspot === k);
      const r = mine.map((d) => Math.hypot(d.x - cx, d.y - cy));
      expect(Math.max(...r)).toBeLessThanOrEqual(h.radiusMeters + 1e-6);
      // Uniform in area: half the calls within R/√2 (a normal with sd R would put 39% there).
      const inner = r.filter((x) => x < h.radiusMeters / Math.SQRT2).length;
      expect(z(inner, mine.length / 2, Math.sqrt(mine.length / 4))).toBeLessThan(4);
    });
  });

  it('puts background calls on car roads, in proportion to road length', () => {
    const bg = draws.filter((d) => d.hotspot === -1);
    for (const d of bg) {
      expect(graph.edgeAccess[d.edge] & CAR).not.toBe(0);
      expect(distToEdge(graph, d.edge, d.x, d.y)).toBeLessThan(1e-6);
    }
    // Length share of arterial-class roads vs the share of calls on them.
    const table = roadLengthTable(graph, CAR);
    const major = (e: number) => graph.edgeClass[e] <= 3; // motorway..secondary
    let majorLen = 0;
    table.edges.forEach((e) => (majorLen += major(e) ? graph.edgeLength[e] : 0));
    const p = majorLen / table.totalMeters;
    expect(p).toBeGreaterThan(0.05);
    const k = bg.filter((d) => major(d.edge)).length;
    expect(z(k, bg.length * p, Math.sqrt(bg.length * p * (1 - p)))).toBeLessThan(4);
  });

  it('counts each two-way segment once and leaves out roads cars may not use', () => {
    const table = roadLengthTable(graph, CAR);
    let expected = 0;
    for (let e = 0; e < graph.edgeCount; e++) {
      if ((graph.edgeAccess[e] & CAR) === 0) continue;
      const r = graph.edgeReverse[e];
      if (r >= 0 && (graph.edgeAccess[r] & CAR) !== 0) expected += graph.edgeLength[e] / 2;
      else expected += graph.edgeLength[e];
    }
    expect(table.totalMeters).toBeCloseTo(expected, 3);
    const footOnly = roadLengthTable(graph, 0xff).totalMeters - table.totalMeters;
    expect(footOnly).toBeGreaterThan(0); // the synthetic city has footways
  });

  it('places every generated call in a hotspot disc or on a car road', () => {
    const calls = gen(model({ callsPerDay: 300 }), 3, 2);
    const table = roadLengthTable(graph, CAR);
    for (const c of calls) {
      const x = projectX(graph.projection, c.lon), y = projectY(graph.projection, c.lat);
      const inHotspot = hotspots.some((h) => Math.hypot(x - projectX(graph.projection, h.lon), y - projectY(graph.projection, h.lat)) <= h.radiusMeters + 1e-6);
      if (inHotspot) continue;
      let best = Infinity;
      for (const e of table.edges) best = Math.min(best, distToEdge(graph, e, x, y));
      expect(best).toBeLessThan(1e-6);
    }
  });
});

describe('generateIncidents: determinism', () => {
  const m = model({ callsPerDay: 120 });
  const firstDays = (xs: Incident[], days: number) => xs.filter((x) => x.t < days * DAY);

  it('gives the same calls for the same inputs and seed, and others for another seed', () => {
    expect(gen(m, 4, 42)).toEqual(gen(m, 4, 42));
    expect(gen(m, 4, 43).map((x) => x.t)).not.toEqual(gen(m, 4, 42).map((x) => x.t));
  });

  it('keeps the first days when more days are generated', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), (seed, d1, extra) => {
        const short = gen(m, d1, seed);
        const long = gen(m, d1 + extra, seed);
        expect(firstDays(long, d1)).toEqual(short);
      }),
      { numRuns: 15 },
    );
  });

  it('cuts a fractional day at the horizon without changing the calls before it', () => {
    const half = gen(m, 1.5, 9);
    expect(half.every((x) => x.t < 1.5 * DAY)).toBe(true);
    expect(half).toEqual(firstDays(gen(m, 2, 9), 1.5));
  });

  it('keeps call times when only the places or the category mix change', () => {
    const base = gen(m, 3, 8);
    const moved = gen(model({ callsPerDay: 120, backgroundWeight: 1, categoryShares: { crime: 1 } }), 3, 8);
    expect(moved.map((x) => x.t)).toEqual(base.map((x) => x.t));
    expect(moved.map((x) => x.lon)).not.toEqual(base.map((x) => x.lon));
  });

  it('does not depend on the key order of categoryShares', () => {
    const shares = m.categoryShares;
    const reversed = Object.fromEntries(Object.entries(shares).reverse());
    expect(gen(model({ callsPerDay: 120, categoryShares: reversed }), 2, 4)).toEqual(gen(m, 2, 4));
  });

  it('rejects a bad horizon, weekday or model', () => {
    expect(() => gen(m, -1)).toThrow(/days/);
    expect(() => gen(m, 1, 1, 7)).toThrow(/startWeekday/);
    expect(() => gen(model({ categoryShares: { theft: 1 } }), 1)).toThrow(/"theft"/);
    expect(() => gen(model({ hourly: new Array(24).fill(0) }), 1)).toThrow(/hourly/);
  });
});
