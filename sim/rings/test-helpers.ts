// Geometry checks for the rings tests: ring features back in projected metres, fast point-in-
// ring and distance-to-boundary queries (edges bucketed by row band and by square cell), and
// dense samples of the true road time field. Test support only; no production code uses it.

import { projectX, projectY } from '../geo/projection.ts';
import type { RoadGraph } from '../graph/road-graph.ts';
import type { Feature } from './geojson.ts';
import type { RingGeometry, RingsResult } from './rings.ts';
import type { RingTolerance } from './tolerance.ts';
import { emptyCoeffs, reachIntervals, segmentMin, timeAt, type RoadTimeField } from './road-times.ts';

/** All rings of a ring feature as flat [x0, y0, x1, y1, …] arrays in projected metres. */
export function ringsXY(g: RoadGraph, f: Feature<RingGeometry, unknown>): Float64Array[] {
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const out: Float64Array[] = [];
  for (const p of polys) {
    for (const ring of p) {
      const a = new Float64Array(ring.length * 2);
      ring.forEach(([lon, lat], i) => {
        a[2 * i] = projectX(g.projection, lon);
        a[2 * i + 1] = projectY(g.projection, lat);
      });
      out.push(a);
    }
  }
  return out;
}

/** Inside test (even-odd over every ring) and distance to the nearest ring edge. */
export class RingIndex {
  private readonly ax: number[] = [];
  private readonly ay: number[] = [];
  private readonly bx: number[] = [];
  private readonly by: number[] = [];
  private readonly bands = new Map<number, number[]>();
  private readonly cells = new Map<string, number[]>();
  readonly vertices: [number, number][] = [];
  bbox = [Infinity, Infinity, -Infinity, -Infinity];

  constructor(
    rings: readonly Float64Array[],
    private readonly bucket = 50,
  ) {
    for (const r of rings) {
      const n = r.length / 2;
      for (let i = 0; i < n; i++) {
        const x0 = r[2 * i], y0 = r[2 * i + 1];
        const j = (i + 1) % n;
        this.addEdge(x0, y0, r[2 * j], r[2 * j + 1]);
        this.vertices.push([x0, y0]);
        this.bbox = [Math.min(this.bbox[0], x0), Math.min(this.bbox[1], y0), Math.max(this.bbox[2], x0), Math.max(this.bbox[3], y0)];
      }
    }
  }

  private addEdge(x0: number, y0: number, x1: number, y1: number): void {
    const id = this.ax.length;
    this.ax.push(x0);
    this.ay.push(y0);
    this.bx.push(x1);
    this.by.push(y1);
    const b = this.bucket;
    for (let k = Math.floor(Math.min(y0, y1) / b); k <= Math.floor(Math.max(y0, y1) / b); k++) {
      const list = this.bands.get(k);
      if (list) list.push(id);
      else this.bands.set(k, [id]);
      for (let i = Math.floor(Math.min(x0, x1) / b); i <= Math.floor(Math.max(x0, x1) / b); i++) {
        const key = `${i},${k}`;
        const l2 = this.cells.get(key);
        if (l2) l2.push(id);
        else this.cells.set(key, [id]);
      }
    }
  }

  inside(x: number, y: number): boolean {
    let inside = false;
    for (const id of this.bands.get(Math.floor(y / this.bucket)) ?? []) {
      const xi = this.ax[id], yi = this.ay[id], xj = this.bx[id], yj = this.by[id];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }

  /** Distance to the nearest edge, searched within `maxR` (Infinity when none is that close). */
  boundaryDistance(x: number, y: number, maxR: number): number {
    const b = this.bucket;
    let best = Infinity;
    const seen = new Set<number>();
    for (let k = Math.floor((y - maxR) / b); k <= Math.floor((y + maxR) / b); k++) {
      for (let i = Math.floor((x - maxR) / b); i <= Math.floor((x + maxR) / b); i++) {
        for (const id of this.cells.get(`${i},${k}`) ?? []) {
          if (seen.has(id)) continue;
          seen.add(id);
          best = Math.min(best, pointSegmentDistance(x, y, this.ax[id], this.ay[id], this.bx[id], this.by[id]));
        }
      }
    }
    return best <= maxR ? best : Infinity;
  }

  /** 0 inside, else the distance to the ring (Infinity beyond `maxR`). */
  distance(x: number, y: number, maxR: number): number {
    return this.inside(x, y) ? 0 : this.boundaryDistance(x, y, maxR);
  }
}

export function pointSegmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const l2 = dx * dx + dy * dy;
  let t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(ax + t * dx - px, ay + t * dy - py);
}

/** Samples of the road time field: position, true time, and the segment and fraction. */
export interface RoadSamples {
  x: number[];
  y: number[];
  t: number[];
  edge: number[];
  f: number[];
}

/**
 * Points along every segment whose lowest time is ≤ `limit`, at most `spacing` metres apart,
 * plus the exact points where the time crosses each of `thresholds` and the origins' points
 * (the places where classification errors would show first).
 */
export function sampleRoads(field: RoadTimeField, spacing: number, limit: number, thresholds: readonly number[]): RoadSamples {
  const g = field.graph;
  const out: RoadSamples = { x: [], y: [], t: [], edge: [], f: [] };
  const c = emptyCoeffs();
  const pairs = new Float64Array(64);
  for (const e of field.segments) {
    field.load(e, c);
    if (segmentMin(c) > limit) continue;
    const u = g.edgeFrom[e], v = g.edgeTo[e];
    const fs: number[] = [];
    const n = Math.max(1, Math.ceil(g.edgeLength[e] / spacing));
    for (let i = 0; i <= n; i++) fs.push(i / n);
    for (const th of thresholds) {
      const k = reachIntervals(c, th, pairs);
      for (let i = 0; i < 2 * k; i++) fs.push(pairs[i]);
    }
    for (const o of c.origins) fs.push(o.t);
    for (const f of fs) {
      out.x.push(g.x[u] + f * (g.x[v] - g.x[u]));
      out.y.push(g.y[u] + f * (g.y[v] - g.y[u]));
      out.t.push(timeAt(c, f));
      out.edge.push(e);
      out.f.push(f);
    }
  }
  return out;
}

/** Bucketed point set for "any sample within r of here" queries. */
export class PointIndex {
  private readonly cells = new Map<string, number[]>();
  constructor(
    readonly xs: readonly number[],
    readonly ys: readonly number[],
    private readonly bucket = 50,
    keep: (i: number) => boolean = () => true,
  ) {
    xs.forEach((x, i) => {
      if (!keep(i)) return;
      const key = `${Math.floor(x / bucket)},${Math.floor(ys[i] / bucket)}`;
      const l = this.cells.get(key);
      if (l) l.push(i);
      else this.cells.set(key, [i]);
    });
  }

  /** Calls `fn(i, distance)` for every kept point within r; stops early when fn returns true. */
  some(x: number, y: number, r: number, fn: (i: number, d: number) => boolean): boolean {
    const b = this.bucket;
    for (let k = Math.floor((y - r) / b); k <= Math.floor((y + r) / b); k++) {
      for (let i = Math.floor((x - r) / b); i <= Math.floor((x + r) / b); i++) {
        for (const p of this.cells.get(`${i},${k}`) ?? []) {
          const d = Math.hypot(this.xs[p] - x, this.ys[p] - y);
          if (d <= r && fn(p, d)) return true;
        }
      }
    }
    return false;
  }
}

export interface VerifyOptions {
  maxOffRoadMeters: number;
  /** random interior points tested per ring, besides every vertex */
  randomPoints?: number;
  seed?: number;
  /** road sample spacing in metres */
  spacing?: number;
}

/**
 * Checks a rings result against the true field (labels searched without a cutoff) and returns
 * the problems found (empty = all good):
 * - every road point within a contour's time is inside the ring or within `missMeters` of it;
 * - every point of a ring (all vertices, plus random interior points) is within `excessMeters`
 *   of a point truly reachable in time: a road point within the time, or a point reachable on
 *   foot from one (walk ≤ maxOffRoadMeters at the off-road speed);
 * - rings are nested and their areas grow with the contour.
 */
export interface VerifyReport {
  problems: string[];
  /** road points within a contour's time that were checked, over all contours */
  roadPoints: number;
  /** ring points (vertices and random interior points) that were checked */
  ringPoints: number;
  /** largest distance found from a reachable road point to its ring (m) */
  maxMiss: number;
  /** largest distance found from a ring point to a truly reachable point (m, beyond sampling slack) */
  maxExcess: number;
}

export function verifyRings(
  field: RoadTimeField,
  result: RingsResult,
  tolerance: RingTolerance,
  o: VerifyOptions,
): VerifyReport {
  const g = field.graph;
  const problems: string[] = [];
  const report: VerifyReport = { problems, roadPoints: 0, ringPoints: 0, maxMiss: 0, maxExcess: 0 };
  const eps = 0.3; // coordinates are rounded to 1e-6° (≈ 0.1 m)
  const spacing = o.spacing ?? 2;
  const stats = [...result.stats];
  const thresholds = stats.map((s) => s.contour * 60);
  const maxT = thresholds[thresholds.length - 1];
  const samples = sampleRoads(field, spacing, maxT, thresholds);
  // How much the time can rise between a continuous road point and its nearest sample.
  let maxSlope = 0;
  for (const e of field.segments) {
    for (const d of [e, g.edgeReverse[e]]) {
      if (d >= 0 && field.w[d] !== Infinity && g.edgeLength[e] > 0) maxSlope = Math.max(maxSlope, field.w[d] / g.edgeLength[e]);
    }
  }
  const half = spacing / 2;
  const timeSlack = half * maxSlope + 1e-6;
  const v = field.costs.offRoadMps;
  const R = o.maxOffRoadMeters;
  const byContour = new Map(result.geojson.features.map((f) => [f.properties.contour, f]));
  let state = (o.seed ?? 1) >>> 0;
  const rand = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const indexes: RingIndex[] = [];
  stats.forEach((s, k) => {
    const thr = thresholds[k];
    const feature = byContour.get(s.contour);
    if (!feature) {
      problems.push(`contour ${s.contour}: no feature`);
      return;
    }
    const idx = new RingIndex(ringsXY(g, feature));
    indexes.push(idx);
    // Completeness: reachable road points are inside (or within the miss tolerance).
    let missCount = 0;
    for (let i = 0; i < samples.t.length; i++) {
      if (!(samples.t[i] <= thr - 1e-6)) continue;
      report.roadPoints++;
      const d = idx.distance(samples.x[i], samples.y[i], tolerance.missMeters + eps + 1);
      report.maxMiss = Math.max(report.maxMiss, d);
      if (d > tolerance.missMeters + eps && missCount++ < 5) {
        problems.push(
          `contour ${s.contour}: road point (${samples.x[i].toFixed(1)}, ${samples.y[i].toFixed(1)}) edge ${samples.edge[i]} f=${samples.f[i].toFixed(4)} ` +
            `time ${samples.t[i].toFixed(2)} s is ${d.toFixed(2)} m outside the ring (tolerance ${tolerance.missMeters.toFixed(2)} m)`,
        );
      }
    }
    // Soundness: ring points are near something truly reachable.
    const reach = new PointIndex(samples.x, samples.y, 50, (i) => samples.t[i] <= thr + timeSlack);
    const pts: [number, number][] = [...idx.vertices];
    const [bx0, by0, bx1, by1] = idx.bbox;
    const want = o.randomPoints ?? 400;
    for (let tries = 0; tries < want * 20 && pts.length < idx.vertices.length + want && bx1 > bx0; tries++) {
      const x = bx0 + rand() * (bx1 - bx0), y = by0 + rand() * (by1 - by0);
      if (idx.inside(x, y)) pts.push([x, y]);
    }
    const D = tolerance.excessMeters + half + eps;
    let excessCount = 0;
    for (const [x, y] of pts) {
      report.ringPoints++;
      // Smallest distance from here to a point reachable in time: from sample s one may walk
      // min(R, (thr − T(s))·v) metres, so the gap left is the distance minus that walk.
      let need = Infinity;
      reach.some(x, y, R + D, (i, d) => {
        const walk = Math.min(R, Math.max(0, (thr + timeSlack - samples.t[i]) * v));
        need = Math.min(need, Math.max(0, d - walk));
        return need === 0;
      });
      report.maxExcess = Math.max(report.maxExcess, Math.max(0, need - half - eps));
      const ok = need <= D;
      if (!ok && excessCount++ < 5) {
        let nearest = Infinity;
        reach.some(x, y, 2000, (_, d) => {
          nearest = Math.min(nearest, d);
          return false;
        });
        problems.push(`contour ${s.contour}: ring point (${x.toFixed(1)}, ${y.toFixed(1)}) is not within ${D.toFixed(1)} m of a point reachable in time (nearest reachable road ${nearest.toFixed(1)} m)`);
      }
    }
    // Nesting: this ring's points lie in every larger ring.
    if (k > 0) {
      const inner = indexes[k - 1];
      let nestCount = 0;
      const innerPts: [number, number][] = [...inner.vertices];
      for (let tries = 0; tries < 20 * want && innerPts.length < inner.vertices.length + want && inner.bbox[2] > inner.bbox[0]; tries++) {
        const x = inner.bbox[0] + rand() * (inner.bbox[2] - inner.bbox[0]), y = inner.bbox[1] + rand() * (inner.bbox[3] - inner.bbox[1]);
        if (inner.inside(x, y)) innerPts.push([x, y]);
      }
      for (const [x, y] of innerPts) {
        const d = idx.distance(x, y, eps + 1);
        if (d > eps && nestCount++ < 5) problems.push(`contour ${stats[k - 1].contour} point (${x.toFixed(1)}, ${y.toFixed(1)}) lies ${d.toFixed(2)} m outside contour ${s.contour}`);
      }
      if (s.areaKm2 < stats[k - 1].areaKm2) problems.push(`area of contour ${s.contour} (${s.areaKm2}) < contour ${stats[k - 1].contour} (${stats[k - 1].areaKm2})`);
      if (s.reachableRoadMeters < stats[k - 1].reachableRoadMeters) problems.push(`road length of contour ${s.contour} shrinks`);
    }
  });
  return report;
}
