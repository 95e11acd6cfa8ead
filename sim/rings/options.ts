// Validation of the contour list and the grid options. Everything that can arrive from a request
// is checked here, so the field code below can assume sane numbers.

import { RingsInputError } from './errors.ts';

export const MAX_CONTOURS = 12;
export const MAX_MINUTES = 120;

export interface RingsOptions {
  /** grid cell size in metres (default 30); coarsened when the grid would exceed maxCells */
  cellMeters?: number;
  /** how far from a road a point may be reached on foot, metres (default 150) */
  maxOffRoadMeters?: number;
  /** upper bound on grid cells (default 200 000) */
  maxCells?: number;
}

export interface ResolvedRingsOptions {
  cellMeters: number;
  maxOffRoadMeters: number;
  maxCells: number;
}

export const DEFAULT_CELL_METERS = 30;
export const DEFAULT_MAX_OFF_ROAD_METERS = 150;
export const DEFAULT_MAX_CELLS = 200_000;

const describe = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** Checks contour minutes; returns them deduplicated and ascending. */
export function validateMinutes(minutes: unknown): number[] {
  if (!Array.isArray(minutes)) throw new RingsInputError('minutes', `must be an array of minutes, got ${describe(minutes)}`);
  if (minutes.length === 0) throw new RingsInputError('minutes', 'must list at least one contour');
  const out = new Set<number>();
  minutes.forEach((m: unknown, i) => {
    if (typeof m !== 'number' || !Number.isFinite(m) || m <= 0) {
      throw new RingsInputError(`minutes[${i}]`, `must be a positive number of minutes, got ${describe(m)}`);
    }
    if (m > MAX_MINUTES) throw new RingsInputError(`minutes[${i}]`, `must be at most ${MAX_MINUTES} minutes, got ${m}`);
    out.add(m);
  });
  if (out.size > MAX_CONTOURS) throw new RingsInputError('minutes', `at most ${MAX_CONTOURS} contours, got ${out.size}`);
  return [...out].sort((a, b) => a - b);
}

/** A finite number above (or, with `inclusive`, at least) `min`; `fallback` when absent. */
function numberOption(field: string, v: unknown, fallback: number, min: number, inclusive: boolean): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (!inclusive && v === min)) {
    throw new RingsInputError(field, `must be a finite number ${inclusive ? '>=' : '>'} ${min}, got ${describe(v)}`);
  }
  return v;
}

export function resolveOptions(options: RingsOptions = {}): ResolvedRingsOptions {
  const cellMeters = numberOption('cellMeters', options.cellMeters, DEFAULT_CELL_METERS, 0, false);
  const maxOffRoadMeters = numberOption('maxOffRoadMeters', options.maxOffRoadMeters, DEFAULT_MAX_OFF_ROAD_METERS, 0, true);
  const maxCells = numberOption('maxCells', options.maxCells, DEFAULT_MAX_CELLS, 100, true); // the padding alone needs ~40 cells
  if (!Number.isInteger(maxCells)) throw new RingsInputError('maxCells', `must be an integer, got ${maxCells}`);
  return { cellMeters, maxOffRoadMeters, maxCells };
}
