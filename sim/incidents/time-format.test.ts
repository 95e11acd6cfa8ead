import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysInMonth, parseUtcOffset, startOfLocalDay, timeFormatProblem, timeParser, TimeFormatError } from './time-format.ts';

const BEIJING = 480;
const ok = (r: ReturnType<ReturnType<typeof timeParser>>) => {
  if (!r.ok) throw new Error(r.reason);
  return r.epochMs;
};
const utc = (...a: [number, number, number, number, number, number?]) => Date.UTC(a[0], a[1] - 1, a[2], a[3], a[4], a[5] ?? 0);

describe('time formats', () => {
  it('reads the usual export formats with auto, naive times in the given offset', () => {
    const p = timeParser('auto');
    const at0815 = utc(2024, 3, 1, 0, 15); // 08:15 in +08:00
    expect(ok(p('2024-03-01 08:15:00', BEIJING))).toBe(at0815);
    expect(ok(p('2024/3/1 8:15', BEIJING))).toBe(at0815);
    expect(ok(p('2024.03.01 08:15', BEIJING))).toBe(at0815);
    expect(ok(p('2024-03-01T08:15:00.250', BEIJING))).toBe(at0815 + 250);
    expect(ok(p('2024-03-01T00:15:00Z', BEIJING))).toBe(at0815);
    expect(ok(p('2024-03-01 08:15:00 +08:00', 0))).toBe(at0815);
    expect(ok(p('2024-03-01 08:15', 0))).toBe(utc(2024, 3, 1, 8, 15));
    expect(p('2024-03/01 08:15', BEIJING).ok).toBe(false); // mixed separators
    expect(p('1709251200', BEIJING).ok).toBe(false); // epochs need an explicit format
  });

  it('reads strict ISO 8601 with iso', () => {
    const p = timeParser('iso');
    expect(ok(p('2024-03-01T08:15:00+08:00', 0))).toBe(utc(2024, 3, 1, 0, 15));
    expect(ok(p('2024-03-01T08:15:00-0530', 0))).toBe(utc(2024, 3, 1, 13, 45));
    expect(p('2024/03/01 08:15', 0).ok).toBe(false);
  });

  it('reads epoch seconds and milliseconds, and catches one taken for the other', () => {
    expect(ok(timeParser('epoch-seconds')('1709252100', BEIJING))).toBe(1709252100_000);
    expect(ok(timeParser('epoch-ms')('1709252100123', BEIJING))).toBe(1709252100123);
    const r = timeParser('epoch-seconds')('1709252100123', BEIJING);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/year \d+, outside 1970–2199; is the time format right\?/);
    expect(timeParser('epoch-ms')('12:00', 0).ok).toBe(false);
  });

  it('compiles explicit patterns, including Chinese and packed ones', () => {
    expect(ok(timeParser('YYYY年M月D日 H时mm分')('2024年3月1日 8时15分', BEIJING))).toBe(utc(2024, 3, 1, 0, 15));
    expect(ok(timeParser('YYYYMMDDHHmmss')('20240301081500', BEIJING))).toBe(utc(2024, 3, 1, 0, 15));
    expect(ok(timeParser('DD/MM/YYYY HH:mm')('01/03/2024 08:15', 0))).toBe(utc(2024, 3, 1, 8, 15));
    expect(timeParser('YYYY-MM-DD HH:mm:ss')('2024-3-1 08:15:00', 0).ok).toBe(false); // MM is two digits
    expect(() => timeParser('HH:mm')).toThrow(TimeFormatError);
    expect(timeFormatProblem('HH:mm')).toMatch(/has no year, month, day/);
    expect(timeFormatProblem('YYYY-MM-DD HH:mm YYYY')).toMatch(/year twice/);
    expect(timeFormatProblem('epoch-ms')).toBeNull();
  });

  it('rejects impossible dates and times with the reason', () => {
    const p = timeParser('auto');
    const reason = (s: string) => {
      const r = p(s, BEIJING);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason('2024-02-30 10:00:00')).toBe('"2024-02-30 10:00:00" is not a valid date: February 2024 has 29 days, not 30');
    expect(reason('2023-02-29 10:00')).toMatch(/February 2023 has 28 days, not 29/);
    expect(reason('2024-02-29 10:00')).toBe('ok');
    expect(reason('2024-13-45 10:00')).toBe('"2024-13-45 10:00" is not a valid date: there is no month 13');
    expect(reason('2024-04-31 10:00')).toMatch(/April 2024 has 30 days/);
    expect(reason('2024-03-01 24:00')).toMatch(/hour 24 is not in 0–23/);
    expect(reason('2024-03-01 08:60')).toMatch(/minute 60/);
    expect(reason('2024-03-01 08:15:60')).toMatch(/second 60/);
    expect(reason('2024-03-01 08:15 +15:00')).toMatch(/invalid UTC offset/);
    expect(reason('yesterday')).toMatch(/is not a date and time/);
  });

  it('agrees with Date on every valid civil time', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: -12, max: 14 }), (d, offH) => {
        const local = new Date(d.getTime() + offH * 3_600_000);
        const pad = (n: number) => String(n).padStart(2, '0');
        const text = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
        const expected = d.getTime() - d.getUTCMilliseconds();
        expect(ok(timeParser('auto')(text, offH * 60))).toBe(expected);
        expect(ok(timeParser('YYYY-MM-DD HH:mm:ss')(text, offH * 60))).toBe(expected);
      }),
    );
  });

  it('knows the calendar and the offsets', () => {
    expect([2000, 1900, 2024, 2023].map((y) => daysInMonth(y, 2))).toEqual([29, 28, 29, 28]);
    expect(parseUtcOffset('+08:00')).toBe(480);
    expect(parseUtcOffset('-05:30')).toBe(-330);
    expect(parseUtcOffset('Z')).toBe(0);
    expect(parseUtcOffset('+8')).toBeNull();
    expect(parseUtcOffset('+15:00')).toBeNull();
    // 2024-03-01 02:00 in Beijing is 2024-02-29 18:00 UTC; its local day starts 2024-02-29 16:00 UTC.
    expect(startOfLocalDay(utc(2024, 2, 29, 18, 0), BEIJING)).toBe(utc(2024, 2, 29, 16, 0));
    expect(startOfLocalDay(utc(2024, 2, 29, 15, 59), BEIJING)).toBe(utc(2024, 2, 28, 16, 0));
  });
});
