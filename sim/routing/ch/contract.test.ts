// Contraction and hierarchy queries on hand-made directed multigraphs (self-loops, parallel
// edges, zero and Infinity costs), checked against the plain O(V²) reference Dijkstra.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainDijkstra } from '../../test-support/reference-dijkstra.ts';
import { buildContractionHierarchy, type ContractionInput, type ContractionOptions } from './contract.ts';
import { unpackArc, type ContractionHierarchy } from './hierarchy.ts';
import { chMatrix, chQuery, type ChSeed } from './many-to-many.ts';

interface TestGraph extends ContractionInput {
  edgeFrom: Uint32Array;
  seconds: Float32Array;
}

interface RawEdge {
  from: number;
  to: number;
  w: number;
}

/** CSR (edges sorted by tail, stable) from an edge list; seconds rounded to float32 as in TravelCosts. */
function toGraph(nodeCount: number, raw: RawEdge[]): TestGraph {
  const edges = raw.map((e, i) => ({ ...e, i })).sort((a, b) => a.from - b.from || a.i - b.i);
  const firstOut = new Uint32Array(nodeCount + 1);
  for (const e of edges) firstOut[e.from + 1]++;
  for (let u = 0; u < nodeCount; u++) firstOut[u + 1] += firstOut[u];
  return {
    nodeCount,
    firstOut,
    edgeFrom: Uint32Array.from(edges, (e) => e.from),
    edgeTo: Uint32Array.from(edges, (e) => e.to),
    seconds: Float32Array.from(edges, (e) => e.w),
  };
}

function plainEdges(g: TestGraph): { from: number; to: number; seconds: number }[] {
  const out: { from: number; to: number; seconds: number }[] = [];
  for (let e = 0; e < g.seconds.length; e++) {
    if (g.seconds[e] !== Infinity) out.push({ from: g.edgeFrom[e], to: g.edgeTo[e], seconds: g.seconds[e] });
  }
  return out;
}

/** Reference seconds from a seed set to a seed set. */
function reference(g: TestGraph, source: ChSeed[], target: ChSeed[]): number {
  const dist = plainDijkstra(g.nodeCount, plainEdges(g), source);
  return Math.min(...target.map((t) => dist[t.node] + t.seconds));
}

const close = (a: number, b: number) => (a === Infinity || b === Infinity ? a === b : Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)));

const weightArb = fc.oneof(
  { weight: 5, arbitrary: fc.double({ min: 0.5, max: 120, noNaN: true }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 4 }) }, // small integers: many equal-length paths
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.constant(Infinity) }, // a closed or forbidden edge
);

const graphArb = fc.integer({ min: 1, max: 24 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.array(fc.record({ from: fc.nat(n - 1), to: fc.nat(n - 1), w: weightArb }), { maxLength: 4 * n }),
  }),
);

const seedsArb = (n: number) => fc.array(fc.record({ node: fc.nat(n - 1), seconds: fc.double({ min: 0, max: 60, noNaN: true }) }), { minLength: 1, maxLength: 3 });

// Default limits, and limits so tight that almost no witness is found (only more shortcuts).
const optionsArb = fc.constantFrom<ContractionOptions>(
  {},
  { witnessSettleLimit: 1, witnessHopLimit: 1, simulateSettleLimit: 1, simulateHopLimit: 1 },
  { witnessSettleLimit: 3, witnessHopLimit: 2, simulateSettleLimit: 2, simulateHopLimit: 1 },
);

describe('contraction hierarchy on random multigraphs', () => {
  it('one-to-one and many-to-many times equal the reference Dijkstra', () => {
    fc.assert(
      fc.property(
        graphArb.chain(({ n, edges }) =>
          fc.record({
            n: fc.constant(n),
            edges: fc.constant(edges),
            sources: fc.array(seedsArb(n), { minLength: 1, maxLength: 4 }),
            targets: fc.array(seedsArb(n), { minLength: 1, maxLength: 4 }),
            options: optionsArb,
          }),
        ),
        ({ n, edges, sources, targets, options }) => {
          const g = toGraph(n, edges);
          const ch = buildContractionHierarchy(g, g.seconds, options);
          const m = chMatrix(ch, sources, targets);
          sources.forEach((s, i) =>
            targets.forEach((t, j) => {
              const ref = reference(g, s, t);
              expect(close(m[i][j], ref), `matrix[${i}][${j}] ${m[i][j]} vs ${ref}`).toBe(true);
              const one = chQuery(ch, s, t);
              expect(close(one, ref), `query ${one} vs ${ref}`).toBe(true);
            }),
          );
        },
      ),
      { numRuns: 400, seed: 424242 },
    );
  });

  it('every node-to-node time equals the reference (small graphs, all pairs)', () => {
    fc.assert(
      fc.property(graphArb, optionsArb, ({ n, edges }, options) => {
        const g = toGraph(n, edges);
        const ch = buildContractionHierarchy(g, g.seconds, options);
        const all = Array.from({ length: n }, (_, v) => [{ node: v, seconds: 0 }]);
        const m = chMatrix(ch, all, all);
        const pe = plainEdges(g);
        for (let u = 0; u < n; u++) {
          const ref = plainDijkstra(n, pe, [{ node: u, seconds: 0 }]);
          for (let v = 0; v < n; v++) expect(close(m[u][v], ref[v]), `${u} → ${v}: ${m[u][v]} vs ${ref[v]}`).toBe(true);
        }
      }),
      { numRuns: 200, seed: 99 },
    );
  });

  it('is a valid hierarchy: ranks are a permutation, arcs point upward, shortcuts unpack to real paths', () => {
    fc.assert(
      fc.property(graphArb, optionsArb, ({ n, edges }, options) => {
        const g = toGraph(n, edges);
        const ch = buildContractionHierarchy(g, g.seconds, options);
        expect([...ch.nodeAtRank].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        for (let r = 0; r < n; r++) expect(ch.rank[ch.nodeAtRank[r]]).toBe(r);
        const checkArc = (a: number, weight: number) => {
          expect(ch.arcWeight[a]).toBe(weight);
          const path = unpackArc(ch, a);
          expect(path.length).toBeGreaterThan(0);
          expect(g.edgeFrom[path[0]]).toBe(ch.arcFrom[a]);
          expect(g.edgeTo[path[path.length - 1]]).toBe(ch.arcTo[a]);
          let sum = 0;
          path.forEach((e, k) => {
            if (k > 0) expect(g.edgeFrom[e]).toBe(g.edgeTo[path[k - 1]]);
            expect(g.seconds[e]).not.toBe(Infinity);
            sum += g.seconds[e];
          });
          expect(close(sum, weight)).toBe(true);
        };
        for (let r = 0; r < n; r++) {
          for (let i = ch.fwdFirst[r]; i < ch.fwdFirst[r + 1]; i++) {
            expect(ch.fwdHead[i]).toBeGreaterThan(r);
            expect(ch.arcFrom[ch.fwdArc[i]]).toBe(ch.nodeAtRank[r]);
            checkArc(ch.fwdArc[i], ch.fwdWeight[i]);
          }
          for (let i = ch.bwdFirst[r]; i < ch.bwdFirst[r + 1]; i++) {
            expect(ch.bwdTail[i]).toBeGreaterThan(r);
            expect(ch.arcTo[ch.bwdArc[i]]).toBe(ch.nodeAtRank[r]);
            checkArc(ch.bwdArc[i], ch.bwdWeight[i]);
          }
        }
      }),
      { numRuns: 200, seed: 5 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(graphArb, ({ n, edges }) => {
        const g = toGraph(n, edges);
        const a = buildContractionHierarchy(g, g.seconds);
        const b = buildContractionHierarchy(g, g.seconds);
        const keys = Object.keys(a) as (keyof ContractionHierarchy)[];
        for (const k of keys) expect(b[k], k).toEqual(a[k]);
      }),
      { numRuns: 50, seed: 17 },
    );
  });
});

describe('named multigraph cases', () => {
  it('keeps the faster of parallel edges and ignores self-loops', () => {
    // 0 ⇉ 1 (9 s and 4 s), 1 → 1 loop, 1 → 2 (1 s), 0 → 2 (6 s).
    const g = toGraph(3, [
      { from: 0, to: 1, w: 9 },
      { from: 1, to: 1, w: 0 },
      { from: 0, to: 1, w: 4 },
      { from: 1, to: 2, w: 1 },
      { from: 0, to: 2, w: 6 },
    ]);
    const ch = buildContractionHierarchy(g, g.seconds);
    const at = (v: number) => [{ node: v, seconds: 0 }];
    expect(chQuery(ch, at(0), at(1))).toBe(4);
    expect(chQuery(ch, at(0), at(2))).toBe(5);
    expect(chQuery(ch, at(2), at(0))).toBe(Infinity);
    expect(chMatrix(ch, [at(0), at(1)], [at(0), at(1), at(2)]).map((r) => [...r])).toEqual([
      [0, 4, 5],
      [Infinity, 0, 1],
    ]);
  });

  it('a closed edge is never used, and a closed-only connection is unreachable', () => {
    const g = toGraph(4, [
      { from: 0, to: 1, w: 1 },
      { from: 1, to: 2, w: Infinity },
      { from: 0, to: 3, w: 10 },
      { from: 3, to: 2, w: 10 },
      { from: 2, to: 1, w: Infinity },
    ]);
    const ch = buildContractionHierarchy(g, g.seconds);
    expect(chQuery(ch, [{ node: 0, seconds: 0 }], [{ node: 2, seconds: 0 }])).toBe(20);
    expect(chQuery(ch, [{ node: 2, seconds: 0 }], [{ node: 1, seconds: 0 }])).toBe(Infinity);
  });

  it('rejects negative costs and bad options', () => {
    const g = toGraph(2, [{ from: 0, to: 1, w: -1 }]);
    expect(() => buildContractionHierarchy(g, g.seconds)).toThrow(/negative travel time/);
    const h = toGraph(2, [{ from: 0, to: 1, w: 1 }]);
    expect(() => buildContractionHierarchy(h, h.seconds, { witnessSettleLimit: 0 })).toThrow(/positive integer/);
  });
});
