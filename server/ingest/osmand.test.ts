// OsmAnd/Traccar parsing: every accepted spelling of time and place gives the same report, and
// anything else is a ReportError naming the parameter (never another exception).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReportError } from '../live/report-errors.ts';
import { parseOsmAnd, parseTimestamp, parseTraccarJson } from './osmand.ts';

const NOW = Date.parse('2026-03-02T08:00:00Z');

describe('OsmAnd parsing', () => {
  it('reads a time as epoch seconds, epoch milliseconds or ISO-8601 alike', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000 }), (s) => {
        const ms = s * 1000;
        expect(parseTimestamp(s)).toBe(ms);
        expect(parseTimestamp(String(s))).toBe(ms);
        expect(parseTimestamp(ms)).toBe(s < 1e8 ? ms * 1000 : ms); // small ms values read as seconds
        const iso = new Date(ms).toISOString();
        expect(parseTimestamp(iso)).toBe(ms);
        expect(parseTimestamp(iso.replace('Z', '+00:00'))).toBe(ms);
        expect(parseTimestamp(iso.replace('Z', ''))).toBe(ms); // no zone: UTC
      }),
      { seed: 3, numRuns: 300 },
    );
    expect(parseTimestamp('2026-03-02 16:00:00+08:00')).toBe(NOW);
  });

  it('reads lat/lon or location, id or deviceid, bearing or heading, speed in the source’s unit', () => {
    const a = parseOsmAnd({ id: 'car-1', lat: '26.26', lon: '117.62', timestamp: '1772438400', speed: '10', bearing: '90', accuracy: '5' }, { now: NOW });
    const b = parseOsmAnd({ deviceid: 'car-1', location: '26.26,117.62', timestamp: '2026-03-02T08:00:00Z', speed: '18.52', heading: '90', accuracy: '5' }, { now: NOW, speedUnit: 'kmh' });
    expect(a).toEqual({ unitId: 'car-1', lon: 117.62, lat: 26.26, time: NOW, speedMps: (10 * 1852) / 3600, headingDeg: 90, accuracyM: 5 });
    expect(b).toEqual({ ...a, speedMps: b.speedMps });
    expect(b.speedMps).toBeCloseTo(18.52 / 3.6, 12);
    expect(parseOsmAnd({ id: 'x', lat: 1, lon: 2 }, { now: NOW }).time).toBe(NOW); // no timestamp: now
    const j = parseTraccarJson({ device_id: 'car-1', location: { timestamp: '2026-03-02T08:00:00.000Z', coords: { latitude: 26.26, longitude: 117.62, speed: 5, heading: -1, accuracy: 5 } } }, { now: NOW });
    expect(j).toEqual({ unitId: 'car-1', lon: 117.62, lat: 26.26, time: NOW, speedMps: 5, headingDeg: null, accuracyM: 5 });
  });

  it('turns any other input into a ReportError naming a parameter', () => {
    const names = ['id', 'deviceid', 'lat', 'lon', 'location', 'timestamp', 'speed', 'bearing', 'heading', 'accuracy'];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...names), fc.oneof(fc.string({ maxLength: 30 }), fc.double(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }))), (params) => {
        try {
          const r = parseOsmAnd(params, { now: NOW });
          expect(Number.isFinite(r.lat) && Math.abs(r.lat) <= 90 && Number.isFinite(r.lon) && Math.abs(r.lon) <= 180 && Number.isFinite(r.time)).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(ReportError);
          expect(names.concat('body')).toContain((err as ReportError).field);
        }
      }),
      { seed: 11, numRuns: 2000 },
    );
  });
});
