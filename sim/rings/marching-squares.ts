// Marching squares for one threshold of a sampled field: the boundary of {value ≤ threshold} as
// closed rings with linearly interpolated vertices, exteriors counter-clockwise and holes
// clockwise, each hole assigned to the exterior that directly encloses it.
//
// Written for this module instead of using d3-contour: d3 assigns holes by testing every hole
// against every polygon, which is quadratic and took over half a second on city-wide rings.
// Here rings are linked through a per-grid-edge `next` table, and a hole finds its parent by
// looking left along its own row from its leftmost vertex (the first ring boundary met there is
// the parent's exterior or a sibling hole with the same parent).
//
// Conventions: samples sit at integer coordinates (i, j) of the window, y pointing north. The
// window is surrounded by a virtual border of "out" samples, so every ring closes. A vertex never
// sits exactly on a sample (its interpolation fraction is kept within [FRAC_MIN, 1 - FRAC_MIN]),
// so rings never touch one another, and an "in" sample is always strictly inside its ring.

const FRAC_MIN = 1e-3;

// Square corners: bl = 1, br = 2, tr = 4, tl = 8 (bit set = sample ≤ threshold).
// Square edges: B(ottom) = 0, R(ight) = 1, T(op) = 2, L(eft) = 3.
// Segments per case as [from, to, from, to], oriented with the "in" side on the left.
const B = 0, R = 1, T = 2, L = 3;
const SEGMENTS: readonly (readonly number[])[] = [
  [], // 0
  [B, L], // 1 bl
  [R, B], // 2 br
  [R, L], // 3 bl br
  [T, R], // 4 tr
  [], // 5 bl tr: saddle, decided by the centre value
  [T, B], // 6 br tr
  [T, L], // 7 all but tl
  [L, T], // 8 tl
  [B, T], // 9 bl tl
  [], // 10 br tl: saddle
  [R, T], // 11 all but tr
  [L, R], // 12 tr tl
  [B, R], // 13 all but br
  [L, B], // 14 all but bl
  [], // 15
];
const SADDLE_5_APART = [B, L, T, R];
const SADDLE_5_JOINED = [B, R, T, L];
const SADDLE_10_APART = [R, B, L, T];
const SADDLE_10_JOINED = [L, B, R, T];

// Scratch buffers reused across calls (the rings returned are copies): a city-wide grid needs
// several megabytes per threshold, and allocating them each time showed up in the timings.
let valBuf = new Float64Array(0);
let insideBuf = new Uint8Array(0);
let nextBuf = new Int32Array(0);
let ringOfBuf = new Int32Array(0);
let startsBuf = new Int32Array(0);

function scratch(cells: number, edges: number): void {
  if (valBuf.length < cells) {
    valBuf = new Float64Array(cells);
    insideBuf = new Uint8Array(cells);
  }
  if (nextBuf.length < edges) {
    nextBuf = new Int32Array(edges);
    ringOfBuf = new Int32Array(edges);
    startsBuf = new Int32Array(edges);
  }
}

export interface TracedRings {
  /** flat [x0, y0, x1, y1, …] per ring in window sample coordinates; not repeated at the end */
  rings: Float64Array[];
  /** twice the signed area of each ring (positive = counter-clockwise = exterior) */
  area2: number[];
  /** per exterior ring index, the indices of its holes */
  polygons: { exterior: number; holes: number[] }[];
}

/**
 * Rings of {v ≤ threshold} over the window [i0, i0+w) × [j0, j0+h) of a row-major field with
 * `cols` columns. Values above `cap` (and Infinity) are treated as `cap`, which must exceed the
 * threshold. With `negate`, the field is read as its negative (so {field ≥ −threshold} is traced
 * without a separate pass to flip it). With `spans`, only columns [lo[r], hi[r]) of window row r
 * are read; every other sample counts as out.
 */
export function traceRings(
  field: Float64Array,
  cols: number,
  i0: number,
  j0: number,
  w: number,
  h: number,
  threshold: number,
  cap: number,
  negate = false,
  spans?: { lo: Int32Array; hi: Int32Array },
): TracedRings {
  // Padded sample grid: pw × ph with a border of out samples.
  const pw = w + 2, ph = h + 2;
  const hCount = ph * (pw - 1);
  const edgeCount = hCount + (ph - 1) * pw;
  scratch(pw * ph, edgeCount);
  const val = valBuf, inside = insideBuf;
  // Border rows and columns: out, at the cap.
  val.fill(cap, 0, pw);
  val.fill(cap, (ph - 1) * pw, ph * pw);
  inside.fill(0, 0, pw * ph);
  for (let j = 0; j < h; j++) {
    val[(j + 1) * pw] = cap;
    val[(j + 1) * pw + pw - 1] = cap;
    const src = (j + j0) * cols + i0;
    const dst = (j + 1) * pw + 1;
    const sign = negate ? -1 : 1;
    const a = spans ? spans.lo[j] : 0, b = spans ? spans.hi[j] : w;
    if (spans) val.fill(cap, dst, dst + w);
    for (let i = a; i < b; i++) {
      const v = sign * field[src + i];
      const c = v < cap ? v : cap;
      val[dst + i] = c;
      if (c <= threshold) inside[dst + i] = 1;
    }
  }
  // Grid edges: horizontal edge (i, j)–(i+1, j) has id j·(pw−1) + i; vertical edge
  // (i, j)–(i, j+1) has id hCount + j·pw + i.
  const next = nextBuf;
  const starts = startsBuf;
  let startCount = 0;
  const edgeId = (i: number, j: number, side: number): number =>
    side === B ? j * (pw - 1) + i : side === T ? (j + 1) * (pw - 1) + i : side === L ? hCount + j * pw + i : hCount + j * pw + i + 1;
  const caseAt = (i: number, j: number): number => {
    const k = j * pw + i;
    return inside[k] | (inside[k + 1] << 1) | (inside[k + 1 + pw] << 2) | (inside[k + pw] << 3);
  };
  const segmentsOf = (i: number, j: number, c: number): readonly number[] => {
    if (c === 5 || c === 10) {
      const k = j * pw + i;
      const joined = (val[k] + val[k + 1] + val[k + pw] + val[k + pw + 1]) / 4 <= threshold;
      return c === 5 ? (joined ? SADDLE_5_JOINED : SADDLE_5_APART) : joined ? SADDLE_10_JOINED : SADDLE_10_APART;
    }
    return SEGMENTS[c];
  };

  for (let j = 0; j < ph - 1; j++) {
    // Square row j touches window rows j − 1 and j; outside their spans every sample is out.
    let ia = 0, ib = pw - 2;
    if (spans) {
      ia = pw;
      ib = -1;
      for (const r of [j - 1, j]) {
        if (r < 0 || r >= h || spans.lo[r] >= spans.hi[r]) continue;
        ia = Math.min(ia, spans.lo[r]);
        ib = Math.max(ib, Math.min(pw - 2, spans.hi[r]));
      }
    }
    for (let i = ia; i <= ib; i++) {
      const c = caseAt(i, j);
      if (c === 0 || c === 15) continue;
      const segs = segmentsOf(i, j, c);
      for (let s = 0; s < segs.length; s += 2) {
        const a = edgeId(i, j, segs[s]);
        next[a] = edgeId(i, j, segs[s + 1]);
        ringOfBuf[a] = -1;
        starts[startCount++] = a;
      }
    }
  }

  // Vertex position on a grid edge, interpolated between its in and out samples.
  const vx = new Float64Array(2);
  const vertex = (id: number): void => {
    let i: number, j: number, di: number, dj: number;
    if (id < hCount) {
      j = Math.floor(id / (pw - 1));
      i = id - j * (pw - 1);
      di = 1;
      dj = 0;
    } else {
      const v = id - hCount;
      j = Math.floor(v / pw);
      i = v - j * pw;
      di = 0;
      dj = 1;
    }
    const k0 = j * pw + i, k1 = k0 + di + dj * pw;
    const in0 = inside[k0] === 1;
    const vin = in0 ? val[k0] : val[k1], vout = in0 ? val[k1] : val[k0];
    let f = (threshold - vin) / (vout - vin);
    if (!(f >= FRAC_MIN)) f = FRAC_MIN;
    else if (f > 1 - FRAC_MIN) f = 1 - FRAC_MIN;
    const t = in0 ? f : 1 - f;
    // Back to window coordinates (the padding shifts everything by one sample).
    vx[0] = i + di * t - 1;
    vx[1] = j + dj * t - 1;
  };

  const rings: Float64Array[] = [];
  const area2: number[] = [];
  // Only the vertices in `starts` are ever read from ringOf (reset as they were linked above).
  const ringOf = ringOfBuf;
  const buf: number[] = [];
  for (let si = 0; si < startCount; si++) {
    const s = starts[si];
    if (ringOf[s] >= 0) continue;
    const id = rings.length;
    buf.length = 0;
    let a = s;
    let guard = startCount;
    do {
      // Every vertex linked here was linked in this call, so the walk must come back to s.
      if (guard-- < 0) throw new Error('marching squares: open ring (internal error)');
      ringOf[a] = id;
      vertex(a);
      buf.push(vx[0], vx[1]);
      a = next[a];
    } while (a !== s);
    const ring = Float64Array.from(buf);
    let s2 = 0;
    const n = ring.length / 2;
    for (let p = 0, q = n - 1; p < n; q = p++) s2 += ring[2 * q] * ring[2 * p + 1] - ring[2 * p] * ring[2 * q + 1];
    rings.push(ring);
    area2.push(s2);
  }

  // Parent of each hole: scan left from its leftmost vertex along the row band it lies in, and
  // take the nearest segment crossing the ray (half-open rule, as a ray just above that row).
  const parent = new Int32Array(rings.length).fill(-2); // -2 unknown, -1 exterior
  const findParent = (r: number): number => {
    if (parent[r] !== -2) return parent[r];
    const ring = rings[r];
    let px = Infinity, py = 0;
    for (let p = 0; p < ring.length; p += 2) {
      if (ring[p] < px) {
        px = ring[p];
        py = ring[p + 1];
      }
    }
    // Padded coordinates of the ray; band = square row that y ∈ [py, py + ε) falls in.
    const ppy = py + 1, ppx = px + 1;
    const band = Math.floor(ppy);
    let best = -1, bestX = -Infinity;
    for (let i = Math.min(pw - 2, Math.floor(ppx)); i >= 0 && best < 0; i--) {
      const c = caseAt(i, band);
      if (c === 0 || c === 15) continue;
      const segs = segmentsOf(i, band, c);
      for (let s = 0; s < segs.length; s += 2) {
        const ea = edgeId(i, band, segs[s]), eb = edgeId(i, band, segs[s + 1]);
        vertex(ea);
        const ax = vx[0] + 1, ay = vx[1] + 1;
        vertex(eb);
        const bx = vx[0] + 1, by = vx[1] + 1;
        // The hole's own boundary only touches the ray at its leftmost vertex: skip it.
        if (ay > ppy === by > ppy || ringOf[ea] === r) continue;
        const x = ax + ((ppy - ay) * (bx - ax)) / (by - ay);
        if (x < ppx && x > bestX) {
          bestX = x;
          best = ringOf[ea];
        }
      }
    }
    // Every hole lies inside some exterior, so a boundary is always found to its left.
    const res = best < 0 ? -1 : area2[best] > 0 ? best : findParent(best);
    parent[r] = res;
    return res;
  };

  const polygons: { exterior: number; holes: number[] }[] = [];
  const polyOf = new Int32Array(rings.length).fill(-1);
  rings.forEach((_, r) => {
    if (area2[r] > 0) {
      polyOf[r] = polygons.length;
      polygons.push({ exterior: r, holes: [] });
    }
  });
  rings.forEach((_, r) => {
    if (area2[r] > 0) return;
    const p = findParent(r);
    if (p >= 0) polygons[polyOf[p]].holes.push(r);
  });
  return { rings, area2, polygons };
}
