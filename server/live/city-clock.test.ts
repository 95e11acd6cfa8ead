import { describe, expect, it } from 'vitest';
import { secondsOfDay, weekdayOf } from './city-clock.ts';

describe('city clock', () => {
  it('gives seconds since local midnight for IANA zones and fixed offsets', () => {
    const t = Date.parse('2026-03-02T23:30:15Z');
    expect(secondsOfDay(t, 'Asia/Shanghai')).toBe(7 * 3600 + 30 * 60 + 15); // 07:30:15 next day
    expect(secondsOfDay(t, '+08:00')).toBe(7 * 3600 + 30 * 60 + 15);
    expect(secondsOfDay(t, '-0500')).toBe(18 * 3600 + 30 * 60 + 15);
    expect(secondsOfDay(t, 'UTC')).toBe(23 * 3600 + 30 * 60 + 15);
    expect(() => secondsOfDay(t, 'Mars/Olympus')).toThrow(RangeError);
  });

  it('gives the local day of the week, Monday = 0', () => {
    const t = Date.parse('2026-03-02T23:30:15Z'); // Monday in UTC, Tuesday morning in Shanghai
    expect(weekdayOf(t, 'UTC')).toBe(0);
    expect(weekdayOf(t, 'Asia/Shanghai')).toBe(1);
    expect(weekdayOf(t, '+08:00')).toBe(1);
    expect(weekdayOf(t, '-05:00')).toBe(0);
    expect(weekdayOf(Date.parse('2026-03-08T12:00:00Z'), 'UTC')).toBe(6);
  });
});
