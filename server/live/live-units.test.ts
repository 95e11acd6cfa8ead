// The live unit store: ordering by device time (never backwards), snapping, staleness, and the
// R-tree queries against a plain scan (differential, random fleets).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SnapError } from '../../sim/routing/snap.ts';
import { LiveUnits, type LiveUnit, type UnitInfo } from './live-units.ts';
import { ReportError } from './report-errors.ts';

const info = (n: number): UnitInfo[] => Array.from({ length: n }, (_, i) => ({ id: `U${i}`, name: `单位${i}`, kind: 'patrol_car', profile: 'car', station: 'S' }));
// Metres on a flat patch: 1° of longitude ≈ 100 km here, enough for ordering checks.
const project = (lon: number, lat: number): [number, number] => [lon * 100_000, lat * 111_000];

function store(n: number, clock = { t: 1_700_000_000_000 }) {
  const units = new LiveUnits(info(n), {
    project,
    now: () => clock.t,
    staleAfterMs: 60_000,
    snap: (_p, [lon, lat]) => {
      if (lon > 117.9) throw new SnapError('position', `point (${lon}, ${lat}) is 900 m from the nearest road usable by profile car (limit 500 m)`);
      return { edge: 7, t: 0.5, distance: 3, offRoadSeconds: 1, lon, lat, input: [lon, lat] };
    },
  });
  return { units, clock };
}

describe('live units', () => {
  it('never moves a unit backwards: older and repeated reports are ignored', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ dt: fc.integer({ min: -60_000, max: 60_000 }), lon: fc.double({ min: 117, max: 117.8, noNaN: true }) }), { minLength: 1, maxLength: 40 }), (steps) => {
        const { units, clock } = store(1);
        let newest = -Infinity, newestLon = NaN;
        for (const s of steps) {
          const time = clock.t - 120_000 + s.dt;
          const out = units.report({ unitId: 'U0', lon: s.lon, lat: 26.2, time });
          if (time > newest) {
            expect(out.accepted).toBe(true);
            newest = time;
            newestLon = s.lon;
          } else expect(out).toMatchObject({ accepted: false, reason: time === newest ? 'duplicate' : 'older' });
          const u = units.get('U0') as LiveUnit;
          expect(u.fix?.time).toBe(newest);
          expect(u.fix?.lon).toBe(newestLon);
        }
      }),
      { seed: 41, numRuns: 200 },
    );
  });

  it('refuses unknown units, bad positions and times far ahead, naming the field', () => {
    const { units, clock } = store(2);
    const ok = { unitId: 'U1', lon: 117.5, lat: 26.2, time: clock.t };
    expect(() => units.report({ ...ok, unitId: 'X9' })).toThrow(ReportError);
    expect(() => units.report({ ...ok, unitId: 'X9' })).toThrow(/unitId: no unit "X9" is known/);
    expect(() => units.report({ ...ok, lon: NaN })).toThrow(/^lon: longitude must be a finite number/);
    expect(() => units.report({ ...ok, lat: 91 })).toThrow(/^lat: latitude 91 is out of range/);
    expect(() => units.report({ ...ok, time: clock.t + 3_600_000 })).toThrow(/^time: .* 3600 s ahead of the server clock/);
    expect(units.report({ ...ok, time: clock.t + 60_000 }).accepted).toBe(true); // a little clock skew is fine
    expect(units.get('U1')?.version).toBe(1);
  });

  it('keeps a fix off the road network, without a road place, and says why', () => {
    const { units, clock } = store(1);
    units.report({ unitId: 'U0', lon: 118, lat: 26.2, time: clock.t });
    const u = units.get('U0') as LiveUnit;
    expect(u.fix?.lon).toBe(118);
    expect(u.road).toBeNull();
    expect(u.offNetwork).toMatch(/900 m from the nearest road/);
    units.report({ unitId: 'U0', lon: 117.5, lat: 26.2, time: clock.t + 1 });
    expect(u.road).toMatchObject({ edge: 7 });
    expect(u.offNetwork).toBeNull();
  });

  it('marks a unit stale when its last fix is older than the limit', () => {
    const { units, clock } = store(1);
    const u = units.get('U0') as LiveUnit;
    expect(units.isStale(u)).toBe(true); // no fix yet
    units.report({ unitId: 'U0', lon: 117.5, lat: 26.2, time: clock.t - 30_000 });
    expect(units.isStale(u)).toBe(false);
    clock.t += 31_000;
    expect(units.isStale(u)).toBe(true);
  });

  it('finds the units in a box and the nearest units as a plain scan does (random fleets)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ lon: fc.double({ min: 117, max: 117.8, noNaN: true }), lat: fc.double({ min: 26, max: 26.5, noNaN: true }), busy: fc.boolean(), age: fc.integer({ min: 0, max: 120_000 }) }), { minLength: 1, maxLength: 60 }),
        fc.record({ lon: fc.double({ min: 117, max: 117.8, noNaN: true }), lat: fc.double({ min: 26, max: 26.5, noNaN: true }), w: fc.double({ min: 0, max: 0.5, noNaN: true }), k: fc.integer({ min: 1, max: 8 }) }),
        (fleet, q) => {
          const { units, clock } = store(fleet.length);
          fleet.forEach((f, i) => {
            units.report({ unitId: `U${i}`, lon: f.lon, lat: f.lat, time: clock.t - f.age });
            if (f.busy) units.setStatus(`U${i}`, 'dispatched');
          });
          const box = [q.lon - q.w, q.lat - q.w / 2, q.lon + q.w, q.lat + q.w / 2] as const;
          const ids = (us: LiveUnit[]) => us.map((u) => u.id).sort();
          const scanBox = units.all().filter((u) => u.fix && u.fix.lon >= box[0] && u.fix.lon <= box[2] && u.fix.lat >= box[1] && u.fix.lat <= box[3]);
          expect(ids(units.inBox(...box))).toEqual(ids(scanBox));
          // Nearest available, fresh units: the same distances as sorting all of them.
          const [qx, qy] = project(q.lon, q.lat);
          const d = (u: LiveUnit) => {
            const [x, y] = project(u.fix?.lon ?? 0, u.fix?.lat ?? 0);
            return Math.hypot(x - qx, y - qy);
          };
          const eligible = units.all().filter((u) => u.status !== 'dispatched' && !units.isStale(u));
          const want = eligible.map(d).sort((a, b) => a - b).slice(0, q.k);
          const got = units.nearest(q.lon, q.lat, q.k);
          expect(got.map(d)).toEqual(want);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it('keeps its tree right when a few units move between questions, or many do', () => {
    // The tree is brought up to date when asked: unit by unit when a few moved, in bulk when many.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 80 }),
        fc.array(fc.array(fc.record({ i: fc.nat(), lon: fc.double({ min: 117, max: 117.8, noNaN: true }), lat: fc.double({ min: 26, max: 26.5, noNaN: true }) }), { maxLength: 30 }), { minLength: 1, maxLength: 8 }),
        (n, rounds) => {
          const { units, clock } = store(n);
          for (const moves of rounds) {
            for (const m of moves) units.report({ unitId: `U${m.i % n}`, lon: m.lon, lat: m.lat, time: clock.t++ });
            const box = [117.2, 26.1, 117.6, 26.4] as const;
            const ids = (us: LiveUnit[]) => us.map((u) => u.id).sort();
            const scan = units.all().filter((u) => u.fix && u.fix.lon >= box[0] && u.fix.lon <= box[2] && u.fix.lat >= box[1] && u.fix.lat <= box[3]);
            expect(ids(units.inBox(...box))).toEqual(ids(scan));
            expect(units.nearest(117.4, 26.25, n, () => true)).toHaveLength(units.all().filter((u) => u.fix).length);
          }
        },
      ),
      { seed: 11, numRuns: 200 },
    );
  });
});
