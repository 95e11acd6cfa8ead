// Response rings: the areas reachable from the nearest origin within each number of minutes.
// Pipeline: node labels → exact road time field → grid (roads burnt in, then extended off-road
// on foot) → contours of that one field at every threshold. Because every ring is a contour of
// the same field, the rings are nested by construction.

import type { RoadGraph } from '../graph/road-graph.ts';
import type { TravelCosts } from '../graph/travel-costs.ts';
import type { Router } from '../routing/router.ts';
import type { SnappedPoint } from '../routing/snap.ts';
import { contourWindow, type CellWindow } from './contour.ts';
import { RingsInputError } from './errors.ts';
import type { FeatureCollection, MultiPolygonGeometry, PolygonGeometry } from './geojson.ts';
import { chooseGrid, type RingGrid } from './grid.ts';
import { fillOffRoad } from './off-road.ts';
import { resolveOptions, validateMinutes, type ResolvedRingsOptions, type RingsOptions } from './options.ts';
import { rasterizeRoads } from './rasterize.ts';
import { summarizeReach, type ReachSummary } from './reach.ts';
import { RoadTimeField } from './road-times.ts';

export interface RingProperties {
  /** minutes */
  contour: number;
  metric: 'time';
  /** metres of road (each segment once) reachable by driving within the contour */
  reachableRoadMeters: number;
  /** area of the polygons in km² */
  areaKm2: number;
  /** grid cell size actually used, metres */
  cellMeters: number;
  fillColor?: string;
}

export type RingGeometry = PolygonGeometry | MultiPolygonGeometry;
export type RingsGeoJson = FeatureCollection<RingGeometry, RingProperties>;

export interface RingStat {
  contour: number;
  reachableRoadMeters: number;
  areaKm2: number;
}

export interface RingsResult {
  /** one Feature per contour, largest first (the Valhalla/Mapbox isochrone convention) */
  geojson: RingsGeoJson;
  /** per contour, ascending minutes */
  stats: RingStat[];
  /** cell size actually used (coarser than asked when the grid would exceed maxCells) */
  cellMeters: number;
  /** the grid the field was sampled on; null when nothing is reachable */
  grid: RingGrid | null;
  /** seconds the labels were searched to (largest contour plus a margin) */
  cutoffSeconds: number;
  timings: { labelMs: number; fieldMs: number; contourMs: number; totalMs: number };
}

/** The sampled time field the rings are contoured from (exposed for tests and debugging). */
export interface RingField {
  grid: RingGrid | null;
  /** seconds per cell, row-major from the south-west; Infinity = unreachable */
  values: Float64Array;
  reach: ReachSummary;
}

/**
 * How far past the largest contour the labels must be exact: one diagonal cell step on foot, so
 * the cells just outside a contour carry true values and the contour interpolates between true
 * values. (Correctness of the tolerance does not depend on it; see docs/rings.md.)
 */
export function cutoffMarginSeconds(cellMeters: number, offRoadMps: number): number {
  return Math.min(60, Math.max(5, Math.ceil((cellMeters * Math.SQRT2) / offRoadMps)));
}

/** Road field → grid: roads burnt in at their exact times, then the walk off the road. */
export function computeRingField(
  field: RoadTimeField,
  thresholds: readonly number[],
  opts: ResolvedRingsOptions,
  cap: number,
): RingField {
  const reach = summarizeReach(field, thresholds);
  if (!reach.bbox) return { grid: null, values: new Float64Array(0), reach };
  // A cell can be inside a contour only within the walk limit of a reachable road cell; two more
  // cells keep the outermost contour clear of the grid's edge.
  const grid = chooseGrid(reach.bbox, opts.cellMeters, opts.maxCells, (c) => opts.maxOffRoadMeters + 2 * c);
  const values = new Float64Array(grid.cols * grid.rows).fill(Infinity);
  rasterizeRoads(field, grid, cap, values);
  fillOffRoad(values, grid, field.costs.offRoadMps, opts.maxOffRoadMeters);
  return { grid, values, reach };
}

/** Per threshold, the cells at or below it, as a window grown by one cell (nested, ascending). */
function thresholdWindows(values: Float64Array, grid: RingGrid, thresholds: readonly number[]): CellWindow[] {
  const n = thresholds.length;
  const b = new Int32Array(4 * n);
  for (let k = 0; k < n; k++) b.set([grid.cols, grid.rows, -1, -1], 4 * k);
  const maxT = thresholds[n - 1];
  for (let j = 0; j < grid.rows; j++) {
    const row = j * grid.cols;
    for (let i = 0; i < grid.cols; i++) {
      const v = values[row + i];
      if (!(v <= maxT)) continue;
      let k = 0;
      while (v > thresholds[k]) k++;
      const o = 4 * k;
      if (i < b[o]) b[o] = i;
      if (j < b[o + 1]) b[o + 1] = j;
      if (i > b[o + 2]) b[o + 2] = i;
      if (j > b[o + 3]) b[o + 3] = j;
    }
  }
  const out: CellWindow[] = [];
  let i0 = grid.cols, j0 = grid.rows, i1 = -1, j1 = -1;
  for (let k = 0; k < n; k++) {
    const o = 4 * k;
    i0 = Math.min(i0, b[o]);
    j0 = Math.min(j0, b[o + 1]);
    i1 = Math.max(i1, b[o + 2]);
    j1 = Math.max(j1, b[o + 3]);
    out.push(
      i1 < 0
        ? { i0: 0, j0: 0, i1: 0, j1: 0 }
        : { i0: Math.max(0, i0 - 1), j0: Math.max(0, j0 - 1), i1: Math.min(grid.cols, i1 + 2), j1: Math.min(grid.rows, j1 + 2) },
    );
  }
  return out;
}

/** Green (smallest contour) to red (largest), like the usual response-time colouring. */
function ringColor(rank: number, count: number): string {
  const hue = count <= 1 ? 120 : 120 * (1 - rank / (count - 1));
  // HSL(hue, 70%, 45%) → hex.
  const s = 0.7, l = 0.45;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255).toString(16).padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

function checkOrigins(origins: unknown): asserts origins is readonly SnappedPoint[] {
  if (!Array.isArray(origins)) throw new RingsInputError('origins', 'must be an array of snapped points');
}

interface Prepared {
  minutes: number[];
  thresholds: number[];
  opts: ResolvedRingsOptions;
  cutoff: number;
}

function prepare(costs: TravelCosts, minutes: unknown, options: RingsOptions | undefined): Prepared {
  const mins = validateMinutes(minutes);
  const opts = resolveOptions(options);
  const thresholds = mins.map((m) => m * 60);
  const cutoff = thresholds[thresholds.length - 1] + cutoffMarginSeconds(opts.cellMeters, costs.offRoadMps);
  return { minutes: mins, thresholds, opts, cutoff };
}

function ringsFromPrepared(
  graph: RoadGraph,
  costs: TravelCosts,
  labels: Float64Array,
  origins: readonly SnappedPoint[],
  p: Prepared,
  labelMs: number,
  start: number,
): RingsResult {
  const t0 = performance.now();
  const roadField = new RoadTimeField(graph, costs, labels, origins);
  const { grid, values, reach } = computeRingField(roadField, p.thresholds, p.opts, p.cutoff);
  const t1 = performance.now();
  const cellMeters = grid ? grid.cell : p.opts.cellMeters;
  const windows = grid ? thresholdWindows(values, grid, p.thresholds) : [];
  const stats: RingStat[] = [];
  const features: RingsGeoJson['features'] = [];
  p.minutes.forEach((m, k) => {
    const res = grid
      ? contourWindow(values, grid, windows[k], p.thresholds[k], p.cutoff, graph.projection)
      : { polygons: [], areaM2: 0 };
    const reachableRoadMeters = Math.round(reach.meters[k] * 10) / 10;
    const areaKm2 = Math.round(res.areaM2 / 1e3) / 1e3;
    stats.push({ contour: m, reachableRoadMeters, areaKm2 });
    const geometry: RingGeometry =
      res.polygons.length === 1 ? { type: 'Polygon', coordinates: res.polygons[0] } : { type: 'MultiPolygon', coordinates: res.polygons };
    features.push({
      type: 'Feature',
      geometry,
      properties: {
        contour: m,
        metric: 'time',
        reachableRoadMeters,
        areaKm2,
        cellMeters,
        fillColor: ringColor(k, p.minutes.length),
      },
    });
  });
  features.reverse();
  const t2 = performance.now();
  return {
    geojson: { type: 'FeatureCollection', features },
    stats,
    cellMeters,
    grid,
    cutoffSeconds: p.cutoff,
    timings: { labelMs, fieldMs: t1 - t0, contourMs: t2 - t1, totalMs: t2 - start },
  };
}

/**
 * Rings from precomputed node labels (e.g. the live server's latest multi-source labelling of
 * the available units). Labels must be exact up to the largest contour plus the cutoff margin.
 */
export function ringsFromLabels(
  graph: RoadGraph,
  costs: TravelCosts,
  labels: Float64Array,
  origins: readonly SnappedPoint[],
  minutes: readonly number[],
  options?: RingsOptions,
): RingsResult {
  const start = performance.now();
  checkOrigins(origins);
  const p = prepare(costs, minutes, options);
  if (labels.length !== graph.nodeCount) throw new RingsInputError('labels', `expected ${graph.nodeCount} node labels, got ${labels.length}`);
  return ringsFromPrepared(graph, costs, labels, origins, p, 0, start);
}

/** Rings around the nearest of `origins`: one bounded multi-source search, then the field. */
export function buildRings(router: Router, origins: readonly SnappedPoint[], minutes: readonly number[], options?: RingsOptions): RingsResult {
  const start = performance.now();
  checkOrigins(origins);
  const p = prepare(router.costs, minutes, options);
  const labels = router.label(origins, p.cutoff).seconds;
  const labelMs = performance.now() - start;
  return ringsFromPrepared(router.graph, router.costs, labels, origins, p, labelMs, start);
}
