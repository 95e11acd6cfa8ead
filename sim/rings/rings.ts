// Response rings: the areas reachable from the nearest origin within each number of minutes.
// Pipeline: node labels → exact road time field → grid with the roads burnt in → per contour,
// the walk slack off the road (off-road.ts) → the polygon where that slack is ≥ 0. The slack
// grows with the contour's time at every cell, so the rings are nested.

import type { LocalProjection } from '../geo/projection.ts';
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
import { rasterizeRoads, segmentCells, type SegmentCells } from './rasterize.ts';
import { reachedExtent, summarizeMergedReach, type ReachSummary } from './reach.ts';
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
   * Per layer (one per off-road walking speed among the fields merged), the least road time in each cell, seconds,
   * row-major from the south-west; Infinity = no road reached. Reused scratch memory: valid
   * until the next rings are built.
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
  roadMeters?: readonly number[],
  bbox?: readonly [number, number, number, number],
): RingField {
  const segs = fields.map((f) => f.segmentsWithin(cap));
  const maxT = thresholds[thresholds.length - 1];
  // One field: the reachable length is measured while burning the roads in, and the grid is
  // placed from the node labels. Merged fields: the exact extent and the union of reached parts,
  // unless the caller measured the reachable length already (then the labels place the grid).
  const single = fields.length === 1;
  const given = roadMeters !== undefined;
  const reach: ReachSummary = given
    ? { meters: Float64Array.from(roadMeters), bbox: bbox ? [...bbox] : unionBox(fields.map((f) => reachedExtent(f, maxT))) }
    : single
      ? { meters: new Float64Array(thresholds.length), bbox: reachedExtent(fields[0], maxT) }
      : summarizeMergedReach(fields, thresholds, segs);
  // Fields that walk off the road at the same speed share a layer: the best walk to a place
  // starts from the least road time near it, whichever field it came from.
  const offRoadMps: number[] = [];
  const layerOf = fields.map((f) => {
    const v = f.costs.offRoadMps;
    const l = offRoadMps.indexOf(v);
    return l >= 0 ? l : offRoadMps.push(v) - 1;
  });
  if (!reach.bbox) return { grid: null, layers: [], offRoadMps, reach };
  // A cell can be inside a contour only within the walk limit of a reachable road cell; two more
  // cells keep the outermost contour clear of the grid's edge.
  const chosen = chooseGrid(reach.bbox, opts.cellMeters, opts.maxCells, (c) => opts.maxOffRoadMeters + 2 * c);
  // A box given by the caller is the same each time (the live rings' city): the cells each
  // segment crosses are found once for that grid and kept.
  const cells = bbox ? segmentCellsFor(fields[0].graph, chosen) : undefined;
  const grid = cells ? cells.grid : chosen;
  const layers = offRoadMps.map((_, l) => scratch(LAYER0 + l, grid.cols * grid.rows).fill(Infinity));
  // In a shared layer the field with the most origins goes first; the others skip the segments
  // where it is as fast everywhere.
  const leader = offRoadMps.map((_, l) => {
    let best = -1;
    fields.forEach((f, i) => {
      if (layerOf[i] === l && (best < 0 || f.origins.length > fields[best].origins.length)) best = i;
    });
    return best;
  });
  const order = fields.map((_, i) => i).sort((x, y) => (leader[layerOf[x]] === x ? 0 : 1) - (leader[layerOf[y]] === y ? 0 : 1));
  for (const i of order) {
    const lead = leader[layerOf[i]];
    rasterizeRoads(fields[i], grid, cap, layers[layerOf[i]], segs[i], single && !given ? { thresholds, meters: reach.meters } : undefined, lead !== i ? fields[lead] : undefined, cells);
  }
  return { grid, layers, offRoadMps, reach };
}

const keptCells = new WeakMap<RoadGraph, SegmentCells>();

/** The segments' cells on `grid`, kept per graph for the last grid asked for. */
function segmentCellsFor(graph: RoadGraph, grid: RingGrid): SegmentCells {
  const kept = keptCells.get(graph);
  const k = kept?.grid;
  if (kept && k && k.x0 === grid.x0 && k.y0 === grid.y0 && k.cols === grid.cols && k.rows === grid.rows && k.cell === grid.cell) return kept;
  const made = segmentCells(graph, grid);
  keptCells.set(graph, made);
  return made;
}

function unionBox(boxes: readonly ([number, number, number, number] | null)[]): [number, number, number, number] | null {
  let out: [number, number, number, number] | null = null;
  for (const b of boxes) {
    if (!b) continue;
    out = out ? [Math.min(out[0], b[0]), Math.min(out[1], b[1]), Math.max(out[2], b[2]), Math.max(out[3], b[3])] : [...b];
  }
  return out;
}

// Grid-sized buffers reused across calls: a city-wide grid is a few megabytes per array, and
// allocating them afresh each time cost more in garbage collection than the walk itself.
const SLACK = 0, OTHER = 1, LEAST = 2, LAYER0 = 3;
// They lie on shared memory, so another thread can read the layers without a copy (ContourTask).
const scratchBuffers: Float64Array[] = [];
function scratch(slot: number, n: number): Float64Array {
  let b = scratchBuffers[slot];
  if (!b || b.length < n) {
    b = new Float64Array(new SharedArrayBuffer(8 * Math.max(n, Math.ceil((b?.length ?? 0) * 1.25))));
    scratchBuffers[slot] = b;
  }
  return b.subarray(0, n);
}

/** Cell-wise minimum of the layers (the layer itself when there is one). */
function leastOfLayers(layers: readonly Float64Array[]): Float64Array {
  if (layers.length === 1) return layers[0];
  const out = scratch(LEAST, layers[0].length);
  out.set(layers[0]);
  for (let l = 1; l < layers.length; l++) {
    const v = layers[l];
    for (let k = 0; k < out.length; k++) if (v[k] < out[k]) out[k] = v[k];
  }
  return out;
}

/**
 * Where a contour can be: a window of cells, and per window row the span of columns that can be
 * within walking distance of a road reached in time (window-local [lo, hi); lo ≥ hi = none).
 * Cells outside the spans are skipped by the walk and the tracer; a city-wide grid is mostly
 * such cells when the city is rotated against the grid or has a long river.
 */
export interface ContourArea {
  win: CellWindow;
  lo: Int32Array;
  hi: Int32Array;
}

/**
 * Per threshold, the road cells at or below it, with their rows and columns grown by `grow`
 * cells (nested, ascending): nothing outside can be within walking distance of a road reached in
 * time.
 */
function contourAreas(values: Float64Array, grid: RingGrid, thresholds: readonly number[], grow: number): ContourArea[] {
  const n = thresholds.length, rows = grid.rows, cols = grid.cols;
  // Per threshold and row, the least and greatest column of a road cell first reached within it.
  const rowMin = new Int32Array(n * rows).fill(cols), rowMax = new Int32Array(n * rows).fill(-1);
  const maxT = thresholds[n - 1];
  for (let j = 0; j < rows; j++) {
    const row = j * cols;
    for (let i = 0; i < cols; i++) {
      const v = values[row + i];
      if (!(v <= maxT)) continue;
      let k = 0;
      while (v > thresholds[k]) k++;
      const o = k * rows + j;
      if (i < rowMin[o]) rowMin[o] = i;
      if (i > rowMax[o]) rowMax[o] = i;
    }
  }
  // Nested: a larger threshold holds every cell of the smaller ones.
  for (let k = 1; k < n; k++) {
    for (let j = 0; j < rows; j++) {
      const o = k * rows + j, p = o - rows;
      if (rowMin[p] < rowMin[o]) rowMin[o] = rowMin[p];
      if (rowMax[p] > rowMax[o]) rowMax[o] = rowMax[p];
    }
  }
  const out: ContourArea[] = [];
  for (let k = 0; k < n; k++) {
    let j0 = rows, j1 = -1, i0 = cols, i1 = -1;
    for (let j = 0; j < rows; j++) {
      const o = k * rows + j;
      if (rowMax[o] < 0) continue;
      if (j < j0) j0 = j;
      j1 = j;
      if (rowMin[o] < i0) i0 = rowMin[o];
      if (rowMax[o] > i1) i1 = rowMax[o];
    }
    if (j1 < 0) {
      out.push({ win: { i0: 0, j0: 0, i1: 0, j1: 0 }, lo: new Int32Array(0), hi: new Int32Array(0) });
      continue;
    }
    const win = {
      i0: Math.max(0, i0 - grow),
      j0: Math.max(0, j0 - grow),
      i1: Math.min(cols, i1 + 1 + grow),
      j1: Math.min(rows, j1 + 1 + grow),
    };
    const h = win.j1 - win.j0;
    const lo = new Int32Array(h), hi = new Int32Array(h);
    for (let r = 0; r < h; r++) {
      const j = r + win.j0;
      let a = cols, b = -1;
      for (let q = Math.max(0, j - grow); q <= Math.min(rows - 1, j + grow); q++) {
        const o = k * rows + q;
        if (rowMax[o] < 0) continue;
        if (rowMin[o] < a) a = rowMin[o];
        if (rowMax[o] > b) b = rowMax[o];
      }
      if (b < 0) continue; // lo = hi = 0: nothing in this row
      lo[r] = Math.max(win.i0, a - grow) - win.i0;
      hi[r] = Math.min(win.i1, b + 1 + grow) - win.i0;
    }
    out.push({ win, lo, hi });
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
  roadMeters?: readonly number[],
  bbox?: readonly [number, number, number, number],
  helper?: ContourHelper,
): RingsResult {
  const t0 = performance.now();
  const { grid, layers, offRoadMps, reach } = computeRingField(fields, p.thresholds, p.opts, p.cutoff, roadMeters, bbox);
  const t1 = performance.now();
  const cellMeters = grid ? grid.cell : p.opts.cellMeters;
  const walkMeters = p.opts.maxOffRoadMeters;
  const areas = grid ? contourAreas(leastOfLayers(layers), grid, p.thresholds, Math.ceil(walkMeters / grid.cell) + 2) : [];
  const contours = grid ? drawContours(areas.map((area, k) => ({ layers, offRoadMps, grid, area, threshold: p.thresholds[k], walkMeters, projection: graph.projection })), helper) : [];
  const stats: RingStat[] = [];
  const features: RingsGeoJson['features'] = [];
  p.minutes.forEach((m, k) => {
    const res: ContourResult = contours[k] ?? { polygons: [], areaM2: 0 };
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
 * One contour of rings being drawn, as plain data another thread can take: the layers lie on
 * shared memory (see scratch), everything else is small.
 */
export interface ContourTask {
  layers: Float64Array[];
  offRoadMps: number[];
  grid: RingGrid;
  area: ContourArea;
  /** seconds */
  threshold: number;
  walkMeters: number;
  projection: LocalProjection;
}

/** The contours of one set of rings, shared out: both sides take task indices off `claim` (Atomics.add). */
export interface ContourShare {
  tasks: ContourTask[];
  /** a shared counter, 0 at the start */
  claim: Int32Array;
}

/**
 * Another thread that helps draw contours (the live server's coverage thread once it is done).
 * `offer` hands it the share and returns a wait for the contours it took (task index → result),
 * null when it failed or took too long: those are then drawn here.
 */
export interface ContourHelper {
  offer(share: ContourShare): (taken: ReadonlySet<number>) => Map<number, ContourResult> | null;
}

/** The contour {slack ≥ 0} of one task: the walk from each layer's roads, merged. */
export function drawContour(t: ContourTask): ContourResult {
  const { area, grid } = t, win = area.win;
  const n = (win.i1 - win.i0) * (win.j1 - win.j0);
  const slack = scratch(SLACK, n);
  walkSlack(t.layers[0], grid, area, t.threshold, t.offRoadMps[0], t.walkMeters, slack);
  if (t.layers.length > 1) {
    // Merged layers: a place is in the ring when any layer's slack there is ≥ 0.
    const other = scratch(OTHER, n);
    for (let l = 1; l < t.layers.length; l++) {
      walkSlack(t.layers[l], grid, area, t.threshold, t.offRoadMps[l], t.walkMeters, other);
      for (let q = 0; q < n; q++) if (other[q] > slack[q]) slack[q] = other[q];
    }
  }
  // Contour {slack ≥ 0} as {−slack ≤ 0}. Neighbouring slacks differ by at most a diagonal step,
  // so a cap of a few cells only replaces values far from any crossing.
  return contourWindow(slack, grid, win, 0, 4 * grid.cell, t.projection, true, true, area);
}

/** Draws tasks of `share` until none is left to take; returns the ones drawn here, by index. */
export function takeContours(share: ContourShare, into = new Map<number, ContourResult>()): Map<number, ContourResult> {
  for (;;) {
    const i = Atomics.add(share.claim, 0, 1);
    if (i >= share.tasks.length) return into;
    into.set(i, drawContour(share.tasks[i]));
  }
}

/**
 * Every task's contour: drawn here, and by `helper` too when there is one (whichever side is
 * free takes the next task; the most intricate, the smallest ring, comes first). The result does
 * not depend on who drew what.
 */
function drawContours(tasks: ContourTask[], helper: ContourHelper | undefined): ContourResult[] {
  const shared = helper !== undefined && tasks.every((t) => t.layers.every((l) => l.buffer instanceof SharedArrayBuffer));
  const share: ContourShare = { tasks, claim: new Int32Array(shared ? new SharedArrayBuffer(4) : new ArrayBuffer(4)) };
  const wait = shared ? helper.offer(share) : null;
  const mine = takeContours(share);
  const theirs = mine.size < tasks.length && wait ? wait(new Set(mine.keys())) : null;
  return tasks.map((t, k) => mine.get(k) ?? theirs?.get(k) ?? drawContour(t));
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

/**
 * Merged rings from labels computed elsewhere (the live server reads them from its coverage
 * search): one entry per profile with its costs, node labels and origins. Labels must be exact up
 * to `labelSeconds`, which must reach the largest contour plus the cutoff margin.
 */
export function mergedRingsFromLabels(
  graph: RoadGraph,
  fields: readonly { costs: TravelCosts; labels: Float64Array; origins: readonly SnappedPoint[] }[],
  minutes: readonly number[],
  labelSeconds: number,
  options?: RingsOptions,
  measured?: MeasuredReach,
  helper?: ContourHelper,
): RingsResult {
  const start = performance.now();
  if (fields.length === 0) throw new RingsInputError('fields', 'must hold at least one profile');
  const p = prepare(Math.min(...fields.map((f) => f.costs.offRoadMps)), minutes, options);
  if (!(labelSeconds >= p.cutoff)) throw new RingsInputError('labelSeconds', `labels exact to ${labelSeconds} s do not reach the ${p.cutoff} s these rings need`);
  if (measured && measured.roadMeters.length !== p.minutes.length) throw new RingsInputError('measured.roadMeters', `expected ${p.minutes.length} values (one per contour), got ${measured.roadMeters.length}`);
  const used = fields.filter((f) => f.origins.length > 0);
  const roadFields = used.map((f, i) => {
    checkOrigins(f.origins);
    if (f.labels.length !== graph.nodeCount) throw new RingsInputError(`fields[${i}].labels`, `expected ${graph.nodeCount} node labels, got ${f.labels.length}`);
    return new RoadTimeField(graph, f.costs, f.labels, f.origins);
  });
  if (roadFields.length === 0) roadFields.push(new RoadTimeField(graph, fields[0].costs, new Float64Array(graph.nodeCount).fill(Infinity), []));
  return ringsFromPrepared(graph, roadFields, p, 0, start, measured?.roadMeters, measured?.bbox, helper);
}

/** Rings around the nearest of `origins`: one bounded multi-source search, then the field. */
export function buildRings(router: Router, origins: readonly SnappedPoint[], minutes: readonly number[], options?: RingsOptions): RingsResult {
  const start = performance.now();
  checkOrigins(origins);
  const p = prepare(router.costs.offRoadMps, minutes, options);
  // Snapped points pass through unchanged; a raw [lon, lat] that slipped in gets snapped here.
  const snapped = origins.map((o, i) => router.snap(o, `origins[${i}]`));
  const labels = router.labelView(snapped, p.cutoff).seconds;
  const labelMs = performance.now() - start;
  return ringsFromPrepared(router.graph, [new RoadTimeField(router.graph, router.costs, labels, snapped)], p, labelMs, start);
}

/**
 * Reachable road length per contour (ascending minutes), measured by the caller with the same
 * origins, e.g. by the coverage model: the rings then skip their own exact reach pass.
 */
export interface MeasuredReach {
  roadMeters: readonly number[];
  /** a box (projected metres) holding all the road reached; the rings then skip finding it */
  bbox?: readonly [number, number, number, number];
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
export function buildMergedRings(groups: readonly RingsGroup[], minutes: readonly number[], options?: RingsOptions, measured?: MeasuredReach): RingsResult {
  const start = performance.now();
  if (!Array.isArray(groups) || groups.length === 0) throw new RingsInputError('groups', 'must be a non-empty array of { router, origins }');
  const graph = groups[0].router.graph;
  groups.forEach((g, i) => {
    if (g.router.graph !== graph) throw new RingsInputError(`groups[${i}].router`, 'must use the same road graph as groups[0]');
    checkOrigins(g.origins);
  });
  const used = groups.filter((g) => g.origins.length > 0);
  const p = prepare(Math.min(...groups.map((g) => g.router.costs.offRoadMps)), minutes, options);
  if (measured && measured.roadMeters.length !== p.minutes.length) throw new RingsInputError('measured.roadMeters', `expected ${p.minutes.length} values (one per contour), got ${measured.roadMeters.length}`);
  const fields = used.map((g) => {
    const snapped = g.origins.map((o: SnappedPoint, i: number) => g.router.snap(o, `origins[${i}]`));
    return new RoadTimeField(graph, g.router.costs, g.router.label(snapped, p.cutoff).seconds, snapped);
  });
  const labelMs = performance.now() - start;
  // Nothing to merge: the rings are empty but still one feature per contour.
  if (fields.length === 0) fields.push(new RoadTimeField(graph, groups[0].router.costs, new Float64Array(graph.nodeCount).fill(Infinity), []));
  return ringsFromPrepared(graph, fields, p, labelMs, start, measured?.roadMeters);
}
