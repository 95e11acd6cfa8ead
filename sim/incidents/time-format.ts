// Reading call times from a historic list. Police exports write times in many ways (ISO 8601,
// `2024/3/1 8:15`, `20240301081500`, `2024年3月1日 08:15`, Unix seconds), usually without a UTC
// offset, so a naive time takes the list's timezone offset. Every value is checked as a calendar
// date: 2024-02-30 or 25:00 is an error, never silently rolled over into the next month or day.

import { NAMED_TIME_FORMATS, type TimeFormat } from '../../shared/incident-schema.ts';

export type TimeParse = { ok: true; epochMs: number } | { ok: false; reason: string };
/** Parses one time cell; `offsetMinutes` applies to times that carry no offset of their own. */
export type TimeParser = (text: string, offsetMinutes: number) => TimeParse;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MS_PER_MINUTE = 60_000;
/** Epoch values outside these years are taken as mistakes (seconds read as milliseconds or the reverse). */
const EPOCH_MIN_YEAR = 1970;
const EPOCH_MAX_YEAR = 2200;

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
export const daysInMonth = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

/** `+08:00` → 480, `-05:30` → -330, `Z` → 0; null if malformed or beyond ±14:00. */
export function parseUtcOffset(text: string): number | null {
  if (text === 'Z' || text === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (m === null) return null;
  const h = Number(m[2]), min = Number(m[3] ?? '0');
  if (min > 59 || h * 60 + min > 14 * 60) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
}

interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** fractional second digits, '' if none */
  fraction: string;
}

/** Checks a civil date-time and converts it to epoch milliseconds. */
function civilToEpoch(text: string, c: Civil, offsetMinutes: number): TimeParse {
  const bad = (why: string): TimeParse => ({ ok: false, reason: `${JSON.stringify(text)} is not a valid date: ${why}` });
  if (c.month < 1 || c.month > 12) return bad(`there is no month ${c.month}`);
  const dim = daysInMonth(c.year, c.month);
  if (c.day < 1 || c.day > dim) return bad(`${MONTHS[c.month - 1]} ${c.year} has ${dim} days, not ${c.day}`);
  if (c.hour > 23) return bad(`hour ${c.hour} is not in 0–23`);
  if (c.minute > 59) return bad(`minute ${c.minute} is not in 0–59`);
  if (c.second > 59) return bad(`second ${c.second} is not in 0–59`);
  const frac = c.fraction === '' ? 0 : Number(`0.${c.fraction}`) * 1000;
  const utc = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  return { ok: true, epochMs: utc + frac - offsetMinutes * MS_PER_MINUTE };
}

const num = (s: string | undefined) => (s === undefined || s === '' ? 0 : Number(s));

/** Shared by `iso` and `auto`: groups year, month, day, hour, minute, second, fraction, offset. */
function regexParser(re: RegExp, what: string): TimeParser {
  return (text, offsetMinutes) => {
    const m = re.exec(text);
    if (m === null) return { ok: false, reason: `${JSON.stringify(text)} is not ${what}` };
    const g = m.groups ?? {};
    let offset = offsetMinutes;
    if (g.off !== undefined) {
      const o = parseUtcOffset(g.off);
      if (o === null) return { ok: false, reason: `${JSON.stringify(text)} has an invalid UTC offset ${JSON.stringify(g.off)}` };
      offset = o;
    }
    return civilToEpoch(
      text,
      { year: num(g.y), month: num(g.mo), day: num(g.d), hour: num(g.h), minute: num(g.mi), second: num(g.s), fraction: g.f ?? '' },
      offset,
    );
  };
}

const ISO_RE =
  /^(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2})(?:[T ](?<h>\d{2}):(?<mi>\d{2})(?::(?<s>\d{2})(?:[.,](?<f>\d{1,9}))?)?)?(?<off>Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const AUTO_RE =
  /^(?<y>\d{4})(?<sep>[-/.])(?<mo>\d{1,2})\k<sep>(?<d>\d{1,2})(?:(?:T|\s+)(?<h>\d{1,2}):(?<mi>\d{2})(?::(?<s>\d{2})(?:[.,](?<f>\d{1,9}))?)?)?\s*(?<off>Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

function epochParser(scale: number, unit: string): TimeParser {
  return (text) => {
    if (!/^-?\d+(\.\d+)?$/.test(text)) return { ok: false, reason: `${JSON.stringify(text)} is not a number of ${unit}` };
    const epochMs = Number(text) * scale;
    const year = new Date(epochMs).getUTCFullYear();
    if (!Number.isFinite(epochMs) || year < EPOCH_MIN_YEAR || year >= EPOCH_MAX_YEAR) {
      return { ok: false, reason: `${JSON.stringify(text)} ${unit} is year ${Number.isFinite(year) ? year : '?'}, outside ${EPOCH_MIN_YEAR}–${EPOCH_MAX_YEAR - 1}; is the time format right?` };
    }
    return { ok: true, epochMs };
  };
}

// ---------------------------------------------------------------- patterns

const TOKENS: Record<string, { group: keyof Civil; re: string }> = {
  YYYY: { group: 'year', re: '\\d{4}' },
  MM: { group: 'month', re: '\\d{2}' },
  M: { group: 'month', re: '\\d{1,2}' },
  DD: { group: 'day', re: '\\d{2}' },
  D: { group: 'day', re: '\\d{1,2}' },
  HH: { group: 'hour', re: '\\d{2}' },
  H: { group: 'hour', re: '\\d{1,2}' },
  mm: { group: 'minute', re: '\\d{2}' },
  ss: { group: 'second', re: '\\d{2}' },
  SSS: { group: 'fraction', re: '\\d{1,9}' },
};
const TOKEN_RE = /YYYY|MM|M|DD|D|HH|H|mm|ss|SSS/g;
const REQUIRED: (keyof Civil)[] = ['year', 'month', 'day', 'hour'];

export class TimeFormatError extends Error {
  override readonly name = 'TimeFormatError';
}

/** Compiles a date-time pattern such as `YYYY/M/D H:mm` into an anchored regular expression. */
function compilePattern(pattern: string): TimeParser {
  const groups: (keyof Civil)[] = [];
  let re = '^';
  let last = 0;
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&').replace(/\s+/g, '\\s+');
  for (const m of pattern.matchAll(TOKEN_RE)) {
    const tok = TOKENS[m[0]];
    if (groups.includes(tok.group)) throw new TimeFormatError(`time format ${JSON.stringify(pattern)} has the ${tok.group} twice`);
    re += literal(pattern.slice(last, m.index)) + `(${tok.re})`;
    groups.push(tok.group);
    last = m.index + m[0].length;
  }
  re += `${literal(pattern.slice(last))}$`;
  const missing = REQUIRED.filter((g) => !groups.includes(g));
  if (missing.length > 0) {
    throw new TimeFormatError(`time format ${JSON.stringify(pattern)} has no ${missing.join(', ')}; use YYYY, MM or M, DD or D, HH or H`);
  }
  const compiled = new RegExp(re);
  return (text, offsetMinutes) => {
    const m = compiled.exec(text);
    if (m === null) return { ok: false, reason: `${JSON.stringify(text)} does not match the time format ${JSON.stringify(pattern)}` };
    const c: Civil = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, fraction: '' };
    groups.forEach((g, i) => {
      if (g === 'fraction') c.fraction = m[i + 1];
      else c[g] = Number(m[i + 1]);
    });
    return civilToEpoch(text, c, offsetMinutes);
  };
}

/** A parser for a list's `timeFormat` (default `auto`). Throws TimeFormatError on a bad pattern. */
export function timeParser(format: TimeFormat = 'auto'): TimeParser {
  switch (format) {
    case 'auto':
      return regexParser(AUTO_RE, 'a date and time such as 2024-03-01 08:15:00 or 2024/3/1 8:15');
    case 'iso':
      return regexParser(ISO_RE, 'an ISO 8601 date-time such as 2024-03-01T08:15:00+08:00');
    case 'epoch-seconds':
      return epochParser(1000, 'seconds');
    case 'epoch-ms':
      return epochParser(1, 'milliseconds');
    default:
      return compilePattern(format);
  }
}

/** Why a timeFormat cannot be used, or null if it can. */
export function timeFormatProblem(format: string): string | null {
  if ((NAMED_TIME_FORMATS as readonly string[]).includes(format)) return null;
  try {
    compilePattern(format);
    return null;
  } catch (e) {
    if (e instanceof TimeFormatError) return e.message;
    throw e;
  }
}

/** Epoch milliseconds of local midnight, in the given offset, of the day holding `epochMs`. */
export function startOfLocalDay(epochMs: number, offsetMinutes: number): number {
  const shift = offsetMinutes * MS_PER_MINUTE;
  return Math.floor((epochMs + shift) / 86_400_000) * 86_400_000 - shift;
}
