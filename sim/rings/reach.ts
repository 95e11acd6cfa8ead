// Exact reachable road length per threshold, and the extent of the reachable road, in one pass
// over the segments. The time along a segment is piecewise linear, so the reachable part is a
// union of intervals whose ends are computed, not sampled.

import { coveredFraction, emptyCoeffs, reachIntervals, segmentMin, type RoadTimeField } from './road-times.ts';

export interface ReachSummary {
  /** metres of road reachable within each threshold (same order as the thresholds) */
  meters: Float64Array;
  /** [minX, minY, maxX, maxY] in projected metres of road reachable within the largest threshold */
  bbox: [number, number, number, number] | null;
}

/** `thresholds` in seconds, ascending; `segs` the segments to consider (default all). */
export function summarizeReach(field: RoadTimeField, thresholds: readonly number[], segs: Uint32Array = field.segments): ReachSummary {
  const g = field.graph;
  const meters = new Float64Array(thresholds.length);
  const last = thresholds.length - 1;
  const maxT = thresholds[last];
  // Extent as plain locals (a closure updating captured variables was the slowest line here).
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const c = emptyCoeffs();
  let pairs = new Float64Array(16);
  const labels = field.labels, w = field.w;
  const from = g.edgeFrom, to = g.edgeTo, rev = g.edgeReverse, gx = g.x, gy = g.y;
  for (let s = 0; s < segs.length; s++) {
    const e = segs[s];
    const u = from[e], v = to[e];
    const len = g.edgeLength[e];
    if (!field.hasOrigin(e)) {
      // Common case, inlined: reached from u going forward and/or from v going back.
      const r = rev[e];
      const wa = w[e], wb = r >= 0 ? w[r] : Infinity;
      const a = wa !== Infinity ? labels[u] : Infinity, b = wb !== Infinity ? labels[v] : Infinity;
      if (!(a <= maxT) && !(b <= maxT)) continue;
      const ia = wa > 0 ? 1 / wa : 0, ib = wb > 0 ? 1 / wb : 0;
      for (let k = last; k >= 0; k--) {
        const lim = thresholds[k];
        const fa = a <= lim ? (wa > 0 ? Math.min(1, (lim - a) * ia) : 1) : -1;
        const fb = b <= lim ? (wb > 0 ? Math.max(0, 1 - (lim - b) * ib) : 0) : 2;
        if (fa < 0 && fb > 1) break; // smaller thresholds reach even less
        if (k === last) {
          // The reached part runs from u to fa and/or from fb to v.
          const ux = gx[u], uy = gy[u], dx = gx[v] - ux, dy = gy[v] - uy;
          const s0 = fa >= 0 ? 0 : fb, s1 = fb <= 1 ? 1 : fa;
          const ax = ux + s0 * dx, ay = uy + s0 * dy, bx = ux + s1 * dx, by = uy + s1 * dy;
          x0 = Math.min(x0, ax, bx);
          x1 = Math.max(x1, ax, bx);
          y0 = Math.min(y0, ay, by);
          y1 = Math.max(y1, ay, by);
        }
        const frac = fa < 0 ? 1 - fb : fb > 1 ? fa : fa >= fb ? 1 : fa + (1 - fb);
        meters[k] += frac * len;
      }
      continue;
    }
    field.load(e, c);
    const lo = segmentMin(c);
    if (lo > maxT) continue;
    if (pairs.length < 4 + 2 * c.origins.length) pairs = new Float64Array(8 + 4 * c.origins.length);
    // The reachable part is straight pieces of the segment: its extent is that of their ends.
    const n = reachIntervals(c, maxT, pairs);
    const ux = gx[u], uy = gy[u], dx = gx[v] - ux, dy = gy[v] - uy;
    for (let p = 0; p < 2 * n; p++) {
      const px = ux + pairs[p] * dx, py = uy + pairs[p] * dy;
      x0 = Math.min(x0, px);
      x1 = Math.max(x1, px);
      y0 = Math.min(y0, py);
      y1 = Math.max(y1, py);
    }
    for (let k = last; k >= 0 && lo <= thresholds[k]; k--) {
      meters[k] += coveredFraction(pairs, reachIntervals(c, thresholds[k], pairs)) * len;
    }
  }
  return { meters, bbox: x0 <= x1 ? [x0, y0, x1, y1] : null };
}

/**
 * The same for several fields merged (one per profile): a road point counts when any field
 * reaches it in time, so per segment the reachable parts of all fields are united before
 * measuring. `segs[i]` are the segments to consider for field i. All fields share one graph.
 * `generalOnly` takes the interval path for every segment (the plain reference for tests).
 */
export function summarizeMergedReach(
  fields: readonly RoadTimeField[],
  thresholds: readonly number[],
  segs: readonly Uint32Array[],
  opts: { generalOnly?: boolean } = {},
): ReachSummary {
  const g = fields[0].graph;
  const meters = new Float64Array(thresholds.length);
  const last = thresholds.length - 1;
  const maxT = thresholds[last];
  const seen = new Uint8Array(g.edgeCount);
  const union: number[] = [];
  for (const list of segs) {
    for (let s = 0; s < list.length; s++) {
      const e = list[s];
      if (seen[e] === 0) {
        seen[e] = 1;
        union.push(e);
      }
    }
  }
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const c = emptyCoeffs();
  let part = new Float64Array(16);
  let all = new Float64Array(64);
  const nf = fields.length;
  // Per field: the time at u (driving forward) and at v (driving back), and their inverse speeds.
  const fa0 = new Float64Array(nf), fb0 = new Float64Array(nf), ia = new Float64Array(nf), ib = new Float64Array(nf);
  const from = g.edgeFrom, to = g.edgeTo, rev = g.edgeReverse, gx = g.x, gy = g.y;
  for (const e of union) {
    const u = from[e], v = to[e];
    const len = g.edgeLength[e];
    const ux = gx[u], uy = gy[u], dx = gx[v] - ux, dy = gy[v] - uy;
    let withOrigin = opts.generalOnly === true;
    for (let f = 0; f < nf && !withOrigin; f++) withOrigin = fields[f].hasOrigin(e);
    if (!withOrigin) {
      // Common case: every field reaches the segment only from its ends, so each reaches a prefix
      // [0, fa] from u and a suffix [fb, 1] from v; their union is the longest prefix and the
      // longest suffix.
      const r = rev[e];
      let any = false;
      for (let f = 0; f < nf; f++) {
        const w = fields[f].w, labels = fields[f].labels;
        const wa = w[e], wb = r >= 0 ? w[r] : Infinity;
        fa0[f] = wa !== Infinity ? labels[u] : Infinity;
        fb0[f] = wb !== Infinity ? labels[v] : Infinity;
        ia[f] = wa > 0 ? 1 / wa : 0;
        ib[f] = wb > 0 ? 1 / wb : 0;
        if (fa0[f] <= maxT || fb0[f] <= maxT) any = true;
      }
      if (!any) continue;
      for (let k = last; k >= 0; k--) {
        const lim = thresholds[k];
        let pre = -1, suf = 2;
        for (let f = 0; f < nf; f++) {
          const a = fa0[f], b = fb0[f];
          if (a <= lim) {
            const p = ia[f] > 0 ? Math.min(1, (lim - a) * ia[f]) : 1;
            if (p > pre) pre = p;
          }
          if (b <= lim) {
            const q = ib[f] > 0 ? Math.max(0, 1 - (lim - b) * ib[f]) : 0;
            if (q < suf) suf = q;
          }
        }
        if (pre < 0 && suf > 1) break; // smaller thresholds reach even less
        if (k === last) {
          const s0 = pre >= 0 ? 0 : suf, s1 = suf <= 1 ? 1 : pre;
          const ax = ux + s0 * dx, ay = uy + s0 * dy, bx = ux + s1 * dx, by = uy + s1 * dy;
          x0 = Math.min(x0, ax, bx);
          x1 = Math.max(x1, ax, bx);
          y0 = Math.min(y0, ay, by);
          y1 = Math.max(y1, ay, by);
        }
        meters[k] += (pre < 0 ? 1 - suf : suf > 1 ? pre : pre >= suf ? 1 : pre + (1 - suf)) * len;
      }
      continue;
    }
    for (let k = last; k >= 0; k--) {
      let n = 0;
      for (const field of fields) {
        field.load(e, c);
        if (segmentMin(c) > thresholds[k]) continue;
        if (part.length < 4 + 2 * c.origins.length) part = new Float64Array(8 + 4 * c.origins.length);
        const m = reachIntervals(c, thresholds[k], part);
        if (all.length < 2 * (n + m)) {
          const grown = new Float64Array(4 * (n + m));
          grown.set(all.subarray(0, 2 * n));
          all = grown;
        }
        all.set(part.subarray(0, 2 * m), 2 * n);
        n += m;
      }
      if (n === 0) break; // smaller thresholds reach even less
      meters[k] += coveredFraction(all, n) * len;
      if (k === last) {
        for (let q = 0; q < 2 * n; q++) {
          const px = ux + all[q] * dx, py = uy + all[q] * dy;
          x0 = Math.min(x0, px);
          x1 = Math.max(x1, px);
          y0 = Math.min(y0, py);
          y1 = Math.max(y1, py);
        }
      }
    }
  }
  return { meters, bbox: x0 <= x1 && maxT >= 0 ? [x0, y0, x1, y1] : null };
}

/**
 * A box holding every road point reachable within `limit` (projected metres), from the node
 * labels alone: each reached node and the far end of every edge it may drive on (a partly
 * reached segment never leaves its ends' box), plus both ends of every origin's segment.
 * Cheaper than the exact extent, and only used to place the grid.
 */
export function reachedExtent(field: RoadTimeField, limit: number): [number, number, number, number] | null {
  const g = field.graph, d = field.labels, w = field.w;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const gx = g.x, gy = g.y, first = g.firstOut, to = g.edgeTo;
  // Plain locals, no helper closure: a closure updating captured variables is several times
  // slower here, and this loop visits every reached node.
  for (let u = 0; u < g.nodeCount; u++) {
    if (!(d[u] <= limit)) continue;
    for (let e = first[u] - 1; e < first[u + 1]; e++) {
      // e = first[u] − 1 stands for u itself.
      if (e >= first[u] && w[e] === Infinity) continue;
      const v = e < first[u] ? u : to[e];
      const x = gx[v], y = gy[v];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  for (const o of field.origins) {
    if (!(o.offRoadSeconds <= limit)) continue;
    for (const v of [g.edgeFrom[o.edge], g.edgeTo[o.edge]]) {
      x0 = Math.min(x0, gx[v]);
      x1 = Math.max(x1, gx[v]);
      y0 = Math.min(y0, gy[v]);
      y1 = Math.max(y1, gy[v]);
    }
  }
  return x0 <= x1 ? [x0, y0, x1, y1] : null;
}
