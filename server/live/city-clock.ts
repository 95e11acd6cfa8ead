// Seconds since local midnight in the city's time zone: which hour's road speeds apply now.

const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

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
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return (get('hour') % 24) * 3600 + get('minute') * 60 + get('second');
}
