// Seconds since local midnight in the city's time zone: which hour's road speeds apply now.

const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;
const formats = new Map<string, Intl.DateTimeFormat>();
let last = { zone: '', second: NaN, value: 0 };

/**
 * Seconds since midnight at `ms` in a time zone: an IANA name (default Asia/Shanghai) or a fixed
 * offset such as "+08:00". Throws RangeError naming an unknown zone.
 */
export function secondsOfDay(ms: number, timeZone = 'Asia/Shanghai'): number {
  const m = OFFSET.exec(timeZone);
  if (m) {
    const offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
    return ((Math.floor(ms / 1000) + offset) % 86400 + 86400) % 86400;
  }
  // Every position report reads the clock (its snap uses the hour's road speeds): the answer is
  // kept for the second it was asked in, and a zone's formatter is built once (about 150 µs).
  const second = Math.floor(ms / 1000);
  if (second === last.second && timeZone === last.zone) return last.value;
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const value = (get('hour') % 24) * 3600 + get('minute') * 60 + get('second');
  last = { zone: timeZone, second, value };
  return value;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Day of the week at `ms` in a time zone (IANA name or fixed offset): 0 = Monday … 6 = Sunday. */
export function weekdayOf(ms: number, timeZone = 'Asia/Shanghai'): number {
  const m = OFFSET.exec(timeZone);
  if (m) {
    const offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
    const days = Math.floor((Math.floor(ms / 1000) + offset) / 86400);
    return (((days + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  }
  const day = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short' }).format(new Date(ms));
  return WEEKDAYS.indexOf(day);
}
