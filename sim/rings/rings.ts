// Response rings: the areas reachable from the nearest origin within each number of minutes.
// Pipeline: node labels → exact road time field → grid with the roads burnt in → per contour,
// the walk slack off the road (off-road.ts) → the polygon where that slack is ≥ 0. The slack
// grows with the contour's time at every cell, so the rings are nested.

import type { RoadGraph } from '../graph/road-graph.ts';
import type { TravelCosts } from '../graph/travel-costs.ts';
import type { Router } from '../routing/router.ts';
import type { SnappedPoint } from '../routing/snap.ts';
import { contourWindow, type CellWindow, type ContourResult } from './contour.ts';
import { RingsInputError } from './errors.ts';
import type { FeatureCollection, MultiPolygonGeometry, PolygonGeometry } from './geojson.ts';
import { chooseGrid, type RingGrid } from './grid.ts';
import { walkSlack } from './off-road.ts';
import { resolveOptions, validateMinutes, type ResolvedRingsOptions, type RingsOptions } from './options.ts';
import { rasterizeRoads } from './rasterize.ts';
import { summarizeMergedReach, summarizeReach, type ReachSummary } from './reach.ts';
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

/** The sampled road times the rings are contoured from (exposed for tests and debugging). */
export interface RingField {
  grid: RingGrid | null;
  /**
   * Per layer (one per profile being merged), the least road time in each cell, seconds,
   * row-major from the south-west; Infinity = no road reached.
   */
  layers: Float64Array[];
  /** off-road (walking) speed per layer, m/s */
  offRoadMps: number[];
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

/**
 * Road fields → one grid: each field's roads burnt in at their exact times, one layer per field
 * (the walk is added per contour). Several fields are merged: the ring of a place is decided by
 * whichever field reaches it first.
 */
export function computeRingField(
  fields: readonly RoadTimeField[],
  thresholds: readonly number[],
  opts: ResolvedRingsOptions,
  cap: number,
): RingField {
  const segs = fields.map((f) => f.segmentsWithin(cap));
  const reach = fields.length === 1 ? summarizeReach(fields[0], thresholds, segs[0]) : summarizeMergedReach(fields, thresholds, segs);
  const offRoadMps = fields.map((f) => f.costs.offRoadMps);
  if (!reach.bbox) return { grid: null, layers: [], offRoadMps, reach };
  // A cell can be inside a contour only within the walk limit of a reachable road cell; two more
  // cells keep the outermost contour clear of the grid's edge.
  const grid = chooseGrid(reach.bbox, opts.cellMeters, opts.maxCells, (c) => opts.maxOffRoadMeters + 2 * c);
  const layers = fields.map((field, i) => {
    const values = new Float64Array(grid.cols * grid.rows).fill(Infinity);
    rasterizeRoads(field, grid, cap, values, segs[i]);
    return values;
  });
  return { grid, layers, offRoadMps, reach };
}

/** Cell-wise minimum of the layers (the layer itself when there is one). */
function leastOfLayers(layers: readonly Float64Array[]): Float64Array {
  if (layers.length === 1) return layers[0];
  const out = Float64Array.from(layers[0]);
  for (let l = 1; l < layers.length; l++) {
    const v = layers[l];
    for (let k = 0; k < out.length; k++) if (v[k] < out[k]) out[k] = v[k];
  }
  return out;
}

/**
 * Per threshold, the road cells at or below it, as a window grown by `grow` cells (nested,
 * ascending): nothing outside it can be within walking distance of a road reached in time.
 */
function thresholdWindows(values: Float64Array, grid: RingGrid, thresholds: readonly number[], grow: number): CellWindow[] {
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
        : {
            i0: Math.max(0, i0 - grow),
            j0: Math.max(0, j0 - grow),
            i1: Math.min(grid.cols, i1 + 1 + grow),
            j1: Math.min(grid.rows, j1 + 1 + grow),
          },
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

function prepare(offRoadMps: number, minutes: unknown, options: RingsOptions | undefined): Prepared {
  const mins = validateMinutes(minutes);
  const opts = resolveOptions(options);
  const thresholds = mins.map((m) => m * 60);
  const cutoff = thresholds[thresholds.length - 1] + cutoffMarginSeconds(opts.cellMeters, offRoadMps);
  return { minutes: mins, thresholds, opts, cutoff };
}

function ringsFromPrepared(
  graph: RoadGraph,
  fields: readonly RoadTimeField[],
  p: Prepared,
  labelMs: number,
  start: number,
): RingsResult {
  const t0 = performance.now();
  const { grid, layers, offRoadMps, reach } = computeRingField(fields, p.thresholds, p.opts, p.cutoff);
  const t1 = performance.now();
  const cellMeters = grid ? grid.cell : p.opts.cellMeters;
  const walkMeters = p.opts.maxOffRoadMeters;
  const windows = grid ? thresholdWindows(leastOfLayers(layers), grid, p.thresholds, Math.ceil(walkMeters / grid.cell) + 2) : [];
  const largest = windows[windows.length - 1];
  const size = largest ? (largest.i1 - largest.i0) * (largest.j1 - largest.j0) : 0;
  const slack = new Float64Array(size);
  const other = layers.length > 1 ? new Float64Array(size) : slack;
  const stats: RingStat[] = [];
  const features: RingsGeoJson['features'] = [];
  p.minutes.forEach((m, k) => {
    let res: ContourResult = { polygons: [], areaM2: 0 };
    if (grid) {
      const win = windows[k];
      const n = (win.i1 - win.i0) * (win.j1 - win.j0);
      walkSlack(layers[0], grid, win, p.thresholds[k], offRoadMps[0], walkMeters, slack);
      // Merged layers: a place is in the ring when any layer's slack there is ≥ 0.
      for (let l = 1; l < layers.length; l++) {
        walkSlack(layers[l], grid, win, p.thresholds[k], offRoadMps[l], walkMeters, other);
        for (let q = 0; q < n; q++) if (other[q] > slack[q]) slack[q] = other[q];
      }
      // Contour {slack ≥ 0} as {−slack ≤ 0}. Neighbouring slacks differ by at most a diagonal step,
      // so a cap of a few cells only replaces values far from any crossing.
      for (let q = 0; q < n; q++) slack[q] = -slack[q];
      res = contourWindow(slack, grid, win, 0, 4 * grid.cell, graph.projection, true);
    }
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
  const p = prepare(costs.offRoadMps, minutes, options);
  if (labels.length !== graph.nodeCount) throw new RingsInputError('labels', `expected ${graph.nodeCount} node labels, got ${labels.length}`);
  return ringsFromPrepared(graph, [new RoadTimeField(graph, costs, labels, origins)], p, 0, start);
}

/** Rings around the nearest of `origins`: one bounded multi-source search, then the field. */
export function buildRings(router: Router, origins: readonly SnappedPoint[], minutes: readonly number[], options?: RingsOptions): RingsResult {
  const start = performance.now();
  checkOrigins(origins);
  const p = prepare(router.costs.offRoadMps, minutes, options);
  // Snapped points pass through unchanged; a raw [lon, lat] that slipped in gets snapped here.
  const snapped = origins.map((o, i) => router.snap(o, `origins[${i}]`));
  const labels = router.label(snapped, p.cutoff).seconds;
  const labelMs = performance.now() - start;
  return ringsFromPrepared(router.graph, [new RoadTimeField(router.graph, router.costs, labels, snapped)], p, labelMs, start);
}

/** Origins that travel with one profile: the router carries the profile, time of day and closures. */
export interface RingsGroup {
  router: Router;
  origins: readonly SnappedPoint[];
}

/**
 * Merged rings of units with different profiles (patrol cars, e-bikes, officers on foot): each
 * place's time is the best over every group's fastest origin. Every router must be built on the
 * same road graph. Groups without origins are skipped.
 */
export function buildMergedRings(groups: readonly RingsGroup[], minutes: readonly number[], options?: RingsOptions): RingsResult {
  const start = performance.now();
  if (!Array.isArray(groups) || groups.length === 0) throw new RingsInputError('groups', 'must be a non-empty array of { router, origins }');
  const graph = groups[0].router.graph;
  groups.forEach((g, i) => {
    if (g.router.graph !== graph) throw new RingsInputError(`groups[${i}].router`, 'must use the same road graph as groups[0]');
    checkOrigins(g.origins);
  });
  const used = groups.filter((g) => g.origins.length > 0);
  const p = prepare(Math.min(...groups.map((g) => g.router.costs.offRoadMps)), minutes, options);
  const fields = used.map((g) => {
    const snapped = g.origins.map((o: SnappedPoint, i: number) => g.router.snap(o, `origins[${i}]`));
    return new RoadTimeField(graph, g.router.costs, g.router.label(snapped, p.cutoff).seconds, snapped);
  });
  const labelMs = performance.now() - start;
  // Nothing to merge: the rings are empty but still one feature per contour.
  if (fields.length === 0) fields.push(new RoadTimeField(graph, groups[0].router.costs, new Float64Array(graph.nodeCount).fill(Infinity), []));
  return ringsFromPrepared(graph, fields, p, labelMs, start);
}
