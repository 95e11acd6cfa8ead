// Time-of-day speed factors: per road class, 24 hourly multipliers of free-flow speed (1 = free
// flow, 0.5 = half speed). Values apply at the middle of each hour and are interpolated linearly
// in between, so times just before and after the hour do not jump.

import type { RoadClass } from '../../shared/roads.ts';
import type { Seconds } from '../../shared/units.ts';

export interface TimeOfDayTable {
  /** factors used for any class without its own row */
  default: number[];
  byClass?: Partial<Record<RoadClass, number[]>>;
}

export const FREE_FLOW: TimeOfDayTable = { default: new Array(24).fill(1) };

/** Seconds since midnight from "HH:MM" (or "HH:MM:SS"); throws with the reason on bad input. */
export function parseClock(text: string): Seconds {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) throw new Error(`time "${text}" is not HH:MM`);
  const h = Number(m[1]), min = Number(m[2]), s = m[3] ? Number(m[3]) : 0;
  if (h > 23 || min > 59 || s > 59) throw new Error(`time "${text}" is out of range 00:00–23:59`);
  return (h * 3600 + min * 60 + s) as Seconds;
}

export function formatClock(t: Seconds | number): string {
  const s = ((Math.floor(t) % 86400) + 86400) % 86400;
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  return `${hh}:${mm}`;
}

/** Interpolated factor of a 24-value row at a time of day (seconds since midnight, wraps). */
export function factorAt(row: readonly number[], t: Seconds | number): number {
  const s = ((t % 86400) + 86400) % 86400;
  const h = s / 3600 - 0.5; // hour centres at h + 0.5
  const i0 = Math.floor(h);
  const f = h - i0;
  const a = row[(i0 + 24) % 24];
  const b = row[(i0 + 1) % 24];
  return a + (b - a) * f;
}

export function classFactor(table: TimeOfDayTable, cls: RoadClass, t: Seconds | number): number {
  return factorAt(table.byClass?.[cls] ?? table.default, t);
}
