import { contours } from 'd3-contour';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { traceRings, type TracedRings } from './marching-squares.ts';

/** Even-odd inside test over every ring. */
function insideAll(t: TracedRings, x: number, y: number, only?: number[]): boolean {
  let inside = false;
  for (const r of only ?? t.rings.map((_, i) => i)) {
    const ring = t.rings[r];
    const n = ring.length / 2;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = ring[2 * i], yi = ring[2 * i + 1], xj = ring[2 * j], yj = ring[2 * j + 1];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

const fieldArb = fc
  .record({ w: fc.integer({ min: 1, max: 24 }), h: fc.integer({ min: 1, max: 24 }) })
  .chain(({ w, h }) =>
    fc.record({
      w: fc.constant(w),
      h: fc.constant(h),
      values: fc.array(fc.oneof(fc.integer({ min: 0, max: 9 }), fc.double({ min: 0, max: 10, noNaN: true }), fc.constant(Infinity)), {
        minLength: w * h,
        maxLength: w * h,
      }),
      threshold: fc.double({ min: 0.5, max: 9.5, noNaN: true }),
    }),
  );

describe('marching squares', () => {
  it('puts every sample at or below the threshold strictly inside, every other one outside', () => {
    fc.assert(
      fc.property(fieldArb, ({ w, h, values, threshold }) => {
        const t = traceRings(Float64Array.from(values), w, 0, 0, w, h, threshold, 20);
        for (let j = 0; j < h; j++) {
          for (let i = 0; i < w; i++) expect(insideAll(t, i, j), `sample (${i}, ${j}) = ${values[j * w + i]}`).toBe(values[j * w + i] <= threshold);
        }
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('assigns each hole to the exterior that directly encloses it', () => {
    fc.assert(
      fc.property(fieldArb, fc.array(fc.tuple(fc.double({ min: -1, max: 25, noNaN: true }), fc.double({ min: -1, max: 25, noNaN: true })), { minLength: 50, maxLength: 50 }), ({ w, h, values, threshold }, pts) => {
        const t = traceRings(Float64Array.from(values), w, 0, 0, w, h, threshold, 20);
        // Exteriors wind counter-clockwise, holes clockwise.
        const inPolygons = t.polygons.flatMap((p) => [p.exterior, ...p.holes]).sort((a, b) => a - b);
        expect(inPolygons).toEqual(t.rings.map((_, i) => i));
        for (const p of t.polygons) {
          expect(t.area2[p.exterior]).toBeGreaterThan(0);
          for (const hole of p.holes) expect(t.area2[hole]).toBeLessThan(0);
        }
        // Polygon-wise membership (inside an exterior and none of its holes) equals even-odd.
        for (const [x, y] of pts) {
          const byPolygon = t.polygons.some((p) => insideAll(t, x, y, [p.exterior]) && !p.holes.some((hh) => insideAll(t, x, y, [hh])));
          expect(byPolygon).toBe(insideAll(t, x, y));
        }
      }),
      { numRuns: 300, seed: 2 },
    );
  });

  it('encloses the same area as d3-contour where no square is a saddle', () => {
    // Fields like travel times: the nearest of a few cones, which rarely make saddles.
    const coneField = fc
      .record({
        w: fc.integer({ min: 1, max: 30 }),
        h: fc.integer({ min: 1, max: 30 }),
        cones: fc.array(fc.tuple(fc.double({ min: 0, max: 30, noNaN: true }), fc.double({ min: 0, max: 30, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true })), { minLength: 1, maxLength: 4 }),
        threshold: fc.double({ min: 0.5, max: 12, noNaN: true }),
      })
      .map(({ w, h, cones, threshold }) => ({
        w,
        h,
        threshold,
        values: Array.from({ length: w * h }, (_, k) => Math.min(...cones.map(([cx, cy, t0]) => t0 + Math.hypot((k % w) - cx, Math.floor(k / w) - cy)))),
      }));
    let compared = 0;
    fc.assert(
      fc.property(coneField, ({ w, h, values, threshold }) => {
        const inside = (i: number, j: number) => i >= 0 && j >= 0 && i < w && j < h && values[j * w + i] <= threshold;
        for (let j = -1; j < h; j++) {
          for (let i = -1; i < w; i++) {
            const a = inside(i, j), b = inside(i + 1, j), c = inside(i + 1, j + 1), d = inside(i, j + 1);
            if (a === c && b === d && a !== b) return; // saddle: the two methods may resolve it differently
          }
        }
        // d3 closes rings along the grid's edge without interpolating; give it an "out" border
        // like the one traceRings assumes, so both interpolate everywhere.
        const padded = new Array<number>((w + 2) * (h + 2)).fill(-20);
        values.forEach((v, k) => (padded[(Math.floor(k / w) + 1) * (w + 2) + (k % w) + 1] = -Math.min(v, 20)));
        const mp = contours().size([w + 2, h + 2]).contour(padded, -threshold);
        let d3Area = 0;
        for (const poly of mp.coordinates) {
          poly.forEach((ring, k) => {
            let a = 0;
            for (let i = 1; i < ring.length; i++) a += ring[i - 1][0] * ring[i][1] - ring[i][0] * ring[i - 1][1];
            d3Area += k === 0 ? Math.abs(a) / 2 : -Math.abs(a) / 2;
          });
        }
        const t = traceRings(Float64Array.from(values), w, 0, 0, w, h, threshold, 20);
        const ours = t.area2.reduce((s, a) => s + a, 0) / 2;
        const vertices = t.rings.reduce((s, r) => s + r.length / 2, 0);
        expect(Math.abs(ours - d3Area)).toBeLessThanOrEqual(1e-3 * vertices + 1e-9);
        compared++;
      }),
      { numRuns: 400, seed: 3 },
    );
    expect(compared).toBeGreaterThan(200);
  });

  it('works on a window of a larger grid', () => {
    const cols = 10, rows = 8;
    const f = new Float64Array(cols * rows).fill(Infinity);
    f[3 * cols + 4] = 1; // one reachable cell at (4, 3)
    const t = traceRings(f, cols, 2, 1, 5, 5, 2, 100);
    expect(t.polygons).toHaveLength(1);
    // In window coordinates the sample sits at (2, 2); its diamond reaches 1/99 of a cell either way.
    const ring = t.rings[0];
    const xs = ring.filter((_, i) => i % 2 === 0), ys = ring.filter((_, i) => i % 2 === 1);
    expect(Math.min(...xs)).toBeCloseTo(2 - 1 / 99, 9);
    expect(Math.max(...xs)).toBeCloseTo(2 + 1 / 99, 9);
    expect(Math.min(...ys)).toBeCloseTo(2 - 1 / 99, 9);
    expect(Math.max(...ys)).toBeCloseTo(2 + 1 / 99, 9);
  });
});
