// The live refresh with coverage measured on the other core gives the very snapshot of a refresh
// done all in one thread, and falls back to one thread when the worker is gone.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load-scenario.ts';
import { createLiveCity } from './live-city.ts';
import { LiveRings } from './live-rings.ts';

const town = fileURLToPath(new URL('../cli/fixtures/replay-town', import.meta.url));

describe('live rings with a coverage thread', () => {
  it('equal the rings and coverage of a refresh in one thread', async () => {
    const scenario = await loadScenario(path.join(town, 'scenario.json'));
    let now = Date.parse('2026-03-02T02:00:00Z');
    const city = createLiveCity(scenario, { now: () => now });
    const reports: [string, number, number][] = [['car-1', 117.62, 26.26], ['car-2', 117.625, 26.262], ['foot-1', 117.618, 26.261]];
    for (const [unitId, lon, lat] of reports) city.units.report({ unitId, lon, lat, time: now });
    const threaded = new LiveRings(city), alone = new LiveRings(city, { thread: false });
    try {
      const end = Date.now() + 10_000;
      while (!threaded.threadReady && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(threaded.threadReady).toBe(true);
      for (let step = 0; step < 3; step++) {
        now += 7000; // ages change the rings
        const a = threaded.current(), b = alone.current();
        expect(a.units).toBe(3);
        expect(a.coverage).toEqual(b.coverage);
        expect(a.rings.geojson).toEqual(b.rings.geojson);
        expect(a.rings.stats).toEqual(b.rings.stats);
      }
      // Without its worker the refresh measures here, with the same numbers.
      await threaded.close();
      now += 1000;
      const a = threaded.current(), b = alone.current();
      expect(a.coverage).toEqual(b.coverage);
      expect(a.rings.geojson).toEqual(b.rings.geojson);
    } finally {
      await threaded.close();
      await alone.close();
    }
  });
});
