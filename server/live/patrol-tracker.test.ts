// Last driven and last visited, from live fixes, on the default city's patrol lines and points.
import { describe, expect, it } from 'vitest';
import { loadScenario, resolveScenarioPath } from '../scenario/load-scenario.ts';
import { createLiveCity } from './live-city.ts';
import { LiveRings } from './live-rings.ts';
import { PatrolTracker } from './patrol-tracker.ts';

describe('patrol tracker', () => {
  it('marks a line driven when a unit is on its road, and a point visited within 50 m', async () => {
    const scenario = await loadScenario(resolveScenarioPath(undefined));
    const clock = { t: Date.parse('2026-03-02T02:00:00Z') };
    const city = createLiveCity(scenario, { now: () => clock.t });
    const rings = new LiveRings(city);
    const tracker = new PatrolTracker(city, (i) => rings.lineSegments(i));
    city.units.fixAccepted.add((u) => tracker.saw(u));
    const g = city.model.graph;
    const car = city.units.all().find((u) => u.profile === 'car');
    if (!car) throw new Error('no car');
    // On the middle of line 0's first segment.
    const e = rings.lineSegments(0)[0], a = g.edgeFrom[e], b = g.edgeTo[e];
    city.units.report({ unitId: car.id, lon: (g.lon[a] + g.lon[b]) / 2, lat: (g.lat[a] + g.lat[b]) / 2, time: clock.t });
    expect(tracker.lastDriven[0]).toBe(clock.t);
    expect(Number.isFinite(tracker.lastDriven[1])).toBe(false);
    // 30 m north of point 0: a visit; 200 m: not.
    const [plon, plat] = scenario.patrolPoints[0].geometry.coordinates;
    city.units.report({ unitId: car.id, lon: plon, lat: plat + 200 / 111_000, time: clock.t + 1000 });
    expect(Number.isFinite(tracker.lastVisit[0])).toBe(false);
    city.units.report({ unitId: car.id, lon: plon, lat: plat + 30 / 111_000, time: clock.t + 2000 });
    expect(tracker.lastVisit[0]).toBe(clock.t + 2000);
    expect(tracker.lastDriven[0]).toBe(clock.t); // not driven since
  });
});
