import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullSpans, walkSlack } from './off-road.ts';

/** Octile (chamfer 1, √2) distance in cells between cells (ai, aj) and (bi, bj). */
const octile = (ai: number, aj: number, bi: number, bj: number): number => {
  const dx = Math.abs(ai - bi), dy = Math.abs(aj - bj);
  return Math.max(dx, dy) - Math.min(dx, dy) + Math.SQRT2 * Math.min(dx, dy);
};

const caseArb = fc
  .record({ cols: fc.integer({ min: 1, max: 14 }), rows: fc.integer({ min: 1, max: 14 }) })
  .chain(({ cols, rows }) =>
    fc.record({
      cols: fc.constant(cols),
      rows: fc.constant(rows),
      road: fc.array(fc.oneof(fc.constant(Infinity), fc.constant(Infinity), fc.double({ min: 0, max: 100, noNaN: true })), {
        minLength: cols * rows,
        maxLength: cols * rows,
      }),
      win: fc.record({
        a: fc.integer({ min: 0, max: cols - 1 }),
        b: fc.integer({ min: 0, max: cols - 1 }),
        c: fc.integer({ min: 0, max: rows - 1 }),
        d: fc.integer({ min: 0, max: rows - 1 }),
      }),
      limit: fc.double({ min: 0, max: 100, noNaN: true }),
      maxMeters: fc.constantFrom(0, 10, 25, 40, 150),
    }),
  );

describe('walk slack off the road (chamfer transform)', () => {
  const cell = 10, mps = 1.25;

  it('equals the brute-force max over road cells of min(R, (T − f)·v) − walk, inside any window (R = half a cell without walking)', () => {
    fc.assert(
      fc.property(caseArb, ({ cols, rows, road, win, limit, maxMeters }) => {
        const w = { i0: Math.min(win.a, win.b), i1: Math.max(win.a, win.b) + 1, j0: Math.min(win.c, win.d), j1: Math.max(win.c, win.d) + 1 };
        const ww = w.i1 - w.i0, wh = w.j1 - w.j0;
        const out = new Float64Array(ww * wh);
        walkSlack(Float64Array.from(road), { x0: 0, y0: 0, cols, rows, cell }, fullSpans(w), limit, mps, maxMeters, out);
        for (let j = 0; j < wh; j++) {
          for (let i = 0; i < ww; i++) {
            let best = -Infinity;
            for (let sj = w.j0; sj < w.j1; sj++) {
              for (let si = w.i0; si < w.i1; si++) {
                const f = road[sj * cols + si];
                if (f === Infinity) continue;
                const d = octile(si, sj, i + w.i0, j + w.j0) * cell;
                if (maxMeters === 0 && d > 0) continue;
                // No walking: road cells only, as a band half a cell wide.
                best = Math.max(best, Math.min(maxMeters > 0 ? maxMeters : cell / 2, (limit - f) * mps) - d);
              }
            }
            const got = out[j * ww + i];
            if (best === -Infinity) expect(got).toBe(-Infinity);
            else expect(got).toBeCloseTo(best, 9);
          }
        }
      }),
      { numRuns: 400, seed: 1 },
    );
  });

  it('a cell one step from a road reached with time to spare is never refused (no holes beside roads)', () => {
    // The failure mode of propagating one best time per cell: the earliest road's walk is used up
    // by the time it reaches a cell that a later road next to it still reaches comfortably.
    const cols = 8, rows = 1;
    const road = Float64Array.from([0, Infinity, Infinity, 20, Infinity, Infinity, Infinity, Infinity]);
    const out = new Float64Array(cols);
    walkSlack(road, { x0: 0, y0: 0, cols, rows, cell }, fullSpans({ i0: 0, j0: 0, i1: cols, j1: 1 }), 60, mps, 25, out);
    // Cell 4 is 10 m from the road at cell 3 (reached at 20 s, 40 s to spare) and 40 m from cell 0.
    expect(out[4]).toBeCloseTo(15, 9);
    expect(out[5]).toBeCloseTo(5, 9);
    expect(out[6]).toBeLessThan(0);
  });
});
