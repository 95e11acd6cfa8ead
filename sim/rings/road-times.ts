// The true travel time to every point of the road network, given node labels from a (multi-source)
// search. Along a segment u–v the time to the point at fraction f is the best of: arriving at u
// and driving forward, arriving at v and driving back, or (on an origin's own segment) driving
// straight from the origin. Each of these is linear in f, so the time along a segment is a
// piecewise-linear function that can be evaluated, minimised and cut at a threshold exactly.

import type { RoadGraph } from '../graph/road-graph.ts';
import type { TravelCosts } from '../graph/travel-costs.ts';
import type { SnappedPoint } from '../routing/snap.ts';

/** An origin as seen from its own segment, in the canonical edge's direction. */
export interface SegmentOrigin {
  /** fraction along the canonical edge */
  readonly t: number;
  /** seconds already spent when standing at that point (the origin's off-road leg) */
  readonly off: number;
}

/** The linear pieces of one segment's time function (reused scratch; see RoadTimeField.load). */
export interface SegmentCoeffs {
  /** canonical directed edge u→v */
  edge: number;
  /** label of u when the forward direction is drivable, else Infinity */
  a: number;
  /** seconds to drive the whole segment forward (u→v) */
  wa: number;
  /** label of v when the backward direction is drivable, else Infinity */
  b: number;
  /** seconds to drive the whole segment backward (v→u) */
  wb: number;
  /** slopes of the two end terms, 0 when the term is absent (so a + f·sa never makes NaN) */
  sa: number;
  sb: number;
  /** origins lying on this segment (empty for almost every segment) */
  origins: readonly SegmentOrigin[];
}

const NO_ORIGINS: readonly SegmentOrigin[] = [];

/** Canonical directed edge of a segment: the lower id of the pair (or the only edge). */
export function canonicalEdge(g: RoadGraph, e: number): number {
  const r = g.edgeReverse[e];
  return r >= 0 && r < e ? r : e;
}

/** Canonical edges of all segments the profile may drive in at least one direction, ascending. */
export function usableSegments(g: RoadGraph, w: Float32Array): Uint32Array {
  let n = 0;
  const tmp = new Uint32Array(g.edgeCount);
  for (let e = 0; e < g.edgeCount; e++) {
    const r = g.edgeReverse[e];
    if (r >= 0 && r < e) continue;
    if (w[e] !== Infinity || (r >= 0 && w[r] !== Infinity)) tmp[n++] = e;
  }
  return tmp.slice(0, n);
}

// Keyed by the travel-cost array: its segments never change (costs are rebuilt, not edited,
// when the time of day or closures change).
const segmentsByCosts = new WeakMap<Float32Array, Uint32Array>();

export class RoadTimeField {
  readonly w: Float32Array;
  private allSegments: Uint32Array | null = null;
  /** origins per canonical edge that carries one */
  private readonly originsOn = new Map<number, SegmentOrigin[]>();
  /** 1 for canonical edges that carry an origin (a typed lookup instead of a Map per segment) */
  private readonly originMark: Uint8Array;

  constructor(
    readonly graph: RoadGraph,
    readonly costs: TravelCosts,
    /** best seconds to each node from any origin (Infinity = not reached) */
    readonly labels: Float64Array,
    readonly origins: readonly SnappedPoint[],
  ) {
    if (labels.length !== graph.nodeCount) throw new RangeError(`labels has ${labels.length} entries for ${graph.nodeCount} nodes`);
    this.w = costs.edgeSeconds;
    this.originMark = new Uint8Array(graph.edgeCount);
    for (const p of origins) {
      // A snapped point normally names the canonical edge; accept the reverse one too.
      const e = canonicalEdge(graph, p.edge);
      const t = e === p.edge ? p.t : 1 - p.t;
      const list = this.originsOn.get(e);
      const o = { t, off: p.offRoadSeconds };
      this.originMark[e] = 1;
      if (list) list.push(o);
      else this.originsOn.set(e, [o]);
    }
  }

  /**
   * Every segment the profile may use (computed on first use: small rings never need it, and
   * kept per travel-cost array, which the live server reuses for many refreshes).
   */
  get segments(): Uint32Array {
    if (!this.allSegments) {
      let list = segmentsByCosts.get(this.w);
      if (!list) {
        list = usableSegments(this.graph, this.w);
        segmentsByCosts.set(this.w, list);
      }
      this.allSegments = list;
    }
    return this.allSegments;
  }

  /** Fills `c` with the pieces of segment `e` (a canonical edge) and returns it. */
  load(e: number, c: SegmentCoeffs = emptyCoeffs()): SegmentCoeffs {
    const g = this.graph, w = this.w, d = this.labels;
    const r = g.edgeReverse[e];
    c.edge = e;
    c.wa = w[e];
    c.wb = r >= 0 ? w[r] : Infinity;
    c.a = c.wa !== Infinity ? d[g.edgeFrom[e]] : Infinity;
    c.b = c.wb !== Infinity ? d[g.edgeTo[e]] : Infinity;
    c.sa = c.a !== Infinity ? c.wa : 0;
    c.sb = c.b !== Infinity ? c.wb : 0;
    c.origins = this.originMark[e] === 1 ? (this.originsOn.get(e) ?? NO_ORIGINS) : NO_ORIGINS;
    return c;
  }

  /**
   * Canonical edges of the usable segments that have some point within `limit` seconds (a
   * superset: every segment with an end labelled ≤ limit or an origin on it). When only part of
   * the network is reached, this walks the reached nodes' edges instead of every segment.
   */
  segmentsWithin(limit: number): Uint32Array {
    const g = this.graph, d = this.labels, w = this.w;
    let reached = 0;
    for (let u = 0; u < g.nodeCount; u++) if (d[u] <= limit) reached++;
    // Most of the network reached (city-wide rings): the full list is cheaper than collecting.
    if (reached * 4 > g.nodeCount) return this.segments;
    const seen = new Uint8Array(g.edgeCount);
    const out: number[] = [];
    const take = (e: number) => {
      const c = canonicalEdge(g, e);
      if (seen[c] === 1) return;
      seen[c] = 1;
      const r = g.edgeReverse[c];
      if (w[c] !== Infinity || (r >= 0 && w[r] !== Infinity)) out.push(c);
    };
    for (let u = 0; u < g.nodeCount; u++) {
      if (!(d[u] <= limit)) continue;
      for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++) take(e);
      for (let i = g.firstIn[u]; i < g.firstIn[u + 1]; i++) take(g.inEdge[i]);
    }
    for (const e of this.originsOn.keys()) take(e);
    return Uint32Array.from(out).sort();
  }

  /** Whether an origin lies on canonical edge e. */
  hasOrigin(e: number): boolean {
    return this.originMark[e] === 1;
  }

  /** Seconds to the point at fraction f (from edgeFrom[e]) of directed edge e, either direction. */
  timeAt(e: number, f: number): number {
    const c = canonicalEdge(this.graph, e);
    return timeAt(this.load(c, scratch), c === e ? f : 1 - f);
  }
}

const scratch = emptyCoeffs();

export function emptyCoeffs(): SegmentCoeffs {
  return { edge: -1, a: Infinity, wa: Infinity, b: Infinity, wb: Infinity, sa: 0, sb: 0, origins: NO_ORIGINS };
}

/** Time at fraction f (0 = edgeFrom, 1 = edgeTo) of a loaded segment. */
export function timeAt(c: SegmentCoeffs, f: number): number {
  let t = c.a + f * c.sa;
  const x = c.b + (1 - f) * c.sb;
  if (x < t) t = x;
  if (c.origins.length === 0) return t;
  for (const o of c.origins) {
    if (f >= o.t && c.wa !== Infinity) {
      const x = o.off + (f - o.t) * c.wa;
      if (x < t) t = x;
    }
    if (f <= o.t && c.wb !== Infinity) {
      const x = o.off + (o.t - f) * c.wb;
      if (x < t) t = x;
    }
  }
  return t;
}

/** Lowest time anywhere on the segment (at an end or at an origin on it). */
export function segmentMin(c: SegmentCoeffs): number {
  let m = c.a < c.b ? c.a : c.b;
  for (const o of c.origins) if (o.off < m && (c.wa !== Infinity || c.wb !== Infinity)) m = o.off;
  return m;
}

/**
 * Time just beside fraction f: side +1 = the limit from above, -1 = from below. It differs from
 * timeAt only at an origin whose ray does not continue that way (an origin on a one-way
 * street is not reached from just behind it except by going round).
 */
function timeBeside(c: SegmentCoeffs, f: number, side: 1 | -1): number {
  let t = c.a + f * c.sa;
  const x = c.b + (1 - f) * c.sb;
  if (x < t) t = x;
  for (const o of c.origins) {
    const fwd = side > 0 ? f >= o.t : f > o.t;
    const bwd = side < 0 ? f <= o.t : f < o.t;
    if (fwd && c.wa !== Infinity) t = Math.min(t, o.off + (f - o.t) * c.wa);
    if (bwd && c.wb !== Infinity) t = Math.min(t, o.off + (o.t - f) * c.wb);
  }
  return t;
}

/**
 * Highest time on the segment (its supremum; Infinity if part of it is not reached). The
 * function is the lower envelope of lines and rays, so its maximum is at an end, beside an
 * origin, or at a crossing of two of the lines.
 */
export function segmentMax(c: SegmentCoeffs): number {
  let m = Math.max(timeAt(c, 0), timeAt(c, 1));
  if (m === Infinity) return m;
  // Lines as (value at f=0, slope): forward from u, backward from v, and each origin's two rays.
  const lines: number[] = [];
  if (c.a !== Infinity) lines.push(c.a, c.wa);
  if (c.b !== Infinity) lines.push(c.b + c.wb, -c.wb);
  for (const o of c.origins) {
    if (c.wa !== Infinity) lines.push(o.off - o.t * c.wa, c.wa);
    if (c.wb !== Infinity) lines.push(o.off + o.t * c.wb, -c.wb);
    if (o.t < 1) m = Math.max(m, timeBeside(c, o.t, 1));
    if (o.t > 0) m = Math.max(m, timeBeside(c, o.t, -1));
  }
  for (let i = 0; i < lines.length; i += 2) {
    for (let j = i + 2; j < lines.length; j += 2) {
      const ds = lines[i + 1] - lines[j + 1];
      if (ds === 0) continue;
      const f = (lines[j] - lines[i]) / ds;
      if (f > 0 && f < 1) m = Math.max(m, timeAt(c, f));
    }
  }
  return m;
}

/**
 * The parts of the segment reachable within `limit` seconds, as [f0, f1] pairs written to `out`
 * (unsorted, possibly overlapping; `out` needs room for 4 + 2·origins numbers); returns the
 * number of pairs. Each line of the envelope is below the limit on one interval, and the union
 * of those is exactly where the time is ≤ limit.
 */
export function reachIntervals(c: SegmentCoeffs, limit: number, out: Float64Array): number {
  let n = 0;
  if (c.a <= limit) {
    out[n++] = 0;
    out[n++] = c.wa > 0 ? Math.min(1, (limit - c.a) / c.wa) : 1;
  }
  if (c.b <= limit) {
    out[n++] = c.wb > 0 ? Math.max(0, 1 - (limit - c.b) / c.wb) : 0;
    out[n++] = 1;
  }
  for (const o of c.origins) {
    if (o.off > limit) continue;
    const slack = limit - o.off;
    out[n++] = c.wb === Infinity ? o.t : c.wb > 0 ? Math.max(0, o.t - slack / c.wb) : 0;
    out[n++] = c.wa === Infinity ? o.t : c.wa > 0 ? Math.min(1, o.t + slack / c.wa) : 1;
  }
  return n / 2;
}

/** Length fraction covered by `count` possibly overlapping [f0, f1] pairs of `pairs`. */
export function coveredFraction(pairs: Float64Array, count: number): number {
  if (count === 0) return 0;
  const idx = Array.from({ length: count }, (_, i) => i).sort((i, j) => pairs[2 * i] - pairs[2 * j]);
  let sum = 0, s = pairs[2 * idx[0]], e = pairs[2 * idx[0] + 1];
  for (let k = 1; k < count; k++) {
    const s2 = pairs[2 * idx[k]], e2 = pairs[2 * idx[k] + 1];
    if (s2 > e) {
      sum += e - s;
      s = s2;
      e = e2;
    } else if (e2 > e) e = e2;
  }
  return sum + (e - s);
}
