// The street grid in (column i, row j) terms: columns cross the river axis at u = colU[i], rows
// run along it at a fixed offset rowOff[j] from the river centreline. Rows are ordered by v; the
// river (if any) lies between rows gap-1 and gap. Every `arterialEvery`-th line is an arterial,
// counted from the centre column and from each riverside road, so bridges land on arterials.

import type { ResolvedCityParams } from './params.ts';
import type { Random } from '../../random.ts';

/** Line classes of the grid (RoadClass is applied when ways are built). */
export const PRIMARY = 0;
export const SECONDARY = 1;
export const TERTIARY = 2;
export const RESIDENTIAL = 3;

/** Segment states in hSeg/vSeg. */
export const SEG_NONE = 0;
export const SEG_STREET = 1;
export const SEG_BRIDGE = 2;

export interface GridPlan {
  lengthM: number;
  widthM: number;
  b: number;
  ae: number;
  nu: number;
  nv: number;
  /** centre column */
  ic: number;
  colU: Float64Array;
  /** i - ic */
  colQ: Int32Array;
  colCls: Uint8Array;
  /** offset from the river centreline, m */
  rowOff: Float64Array;
  /** +1 left bank (v > 0), -1 right bank */
  rowBank: Int8Array;
  /** 0 = riverside (or innermost) row of its bank */
  rowK: Int32Array;
  /** signed line number used for arterial spacing and sections */
  rowQ: Int32Array;
  rowCls: Uint8Array;
  hasRiver: boolean;
  riverWidthM: number;
  /** index of the first row on the +v side */
  gap: number;
  /** rows per side */
  nMinus: number;
  nPlus: number;
  /** node (i, j) exists; index i * nv + j */
  keep: Uint8Array;
  /** segment (i,j)-(i+1,j) along row j */
  hSeg: Uint8Array;
  /** segment (i,j)-(i,j+1) along column i */
  vSeg: Uint8Array;
  /** car direction of a segment: 0 both, 1 towards higher index, -1 towards lower */
  hDir: Int8Array;
  vDir: Int8Array;
  /** 0 street, 1 pedestrian street, 2 footway */
  hPed: Uint8Array;
  vPed: Uint8Array;
  bridgeCols: number[];
}

export const mod = (a: number, n: number): number => ((a % n) + n) % n;

function lineClass(q: number, ae: number): number {
  const m = mod(q, ae);
  if (m === 0) return mod(q / ae, 2) === 0 ? PRIMARY : SECONDARY;
  return m === Math.floor(ae / 2) ? TERTIARY : RESIDENTIAL;
}

export const isArterial = (cls: number): boolean => cls <= SECONDARY;

/** Lays out rows and columns (no mask or segments yet). */
export function layoutLines(p: ResolvedCityParams, rng: Random): GridPlan {
  const L = p.lengthKm * 1000, W = p.widthKm * 1000, b = p.blockM, ae = p.arterialEvery;
  const nu = Math.max(2, Math.round(L / b) + 1);
  const ic = Math.floor((nu - 1) / 2);
  const colU = new Float64Array(nu);
  const colQ = new Int32Array(nu);
  const colCls = new Uint8Array(nu);
  for (let i = 0; i < nu; i++) {
    colQ[i] = i - ic;
    colU[i] = (i - (nu - 1) / 2) * b;
    colCls[i] = lineClass(colQ[i], ae);
  }

  // Very narrow (test-sized) cities get a creek rather than a river wider than a bank.
  const hasRiver = p.riverWidthM > 0;
  const riverWidthM = hasRiver ? Math.min(p.riverWidthM, 0.15 * W) : 0;
  const split = 0.5 + rng.uniform(-0.05, 0.05);
  const wPlus = W * split, wMinus = W - wPlus;
  // Riverside roads keep a setback so jitter and bends never push them into the water.
  const h = hasRiver ? riverWidthM / 2 + Math.max(20, p.jitterM + 12) : b / 2;
  const nPlus = Math.max(1, Math.floor((wPlus - h) / b) + 1);
  const nMinus = Math.max(1, Math.floor((wMinus - h) / b) + 1);
  const nv = nPlus + nMinus;
  const rowOff = new Float64Array(nv);
  const rowBank = new Int8Array(nv);
  const rowK = new Int32Array(nv);
  const rowQ = new Int32Array(nv);
  const rowCls = new Uint8Array(nv);
  for (let j = 0; j < nv; j++) {
    const plus = j >= nMinus;
    const k = plus ? j - nMinus : nMinus - 1 - j;
    rowBank[j] = plus ? 1 : -1;
    rowK[j] = k;
    rowOff[j] = (plus ? 1 : -1) * (h + k * b);
    // With a river both riverside roads are line 0; without one the lines simply count across.
    rowQ[j] = plus ? k : hasRiver ? -k : -(k + 1);
    rowCls[j] = lineClass(rowQ[j], ae);
  }
  const n = nu * nv;
  return {
    lengthM: L, widthM: W, b, ae, nu, nv, ic, colU, colQ, colCls,
    rowOff, rowBank, rowK, rowQ, rowCls, hasRiver, riverWidthM,
    gap: nMinus, nMinus, nPlus,
    keep: new Uint8Array(n),
    hSeg: new Uint8Array(n),
    vSeg: new Uint8Array(n),
    hDir: new Int8Array(n),
    vDir: new Int8Array(n),
    hPed: new Uint8Array(n),
    vPed: new Uint8Array(n),
    bridgeCols: [],
  };
}

/**
 * Trims the rectangle to a valley outline: each column keeps a contiguous run of rows from the
 * river outwards, narrower towards the ends and wavy along the edge. Contiguous runs keep every
 * kept node attached. `minKeep(i, bank)` lets the ring road reserve its rows.
 */
export function applyMask(g: GridPlan, rng: Random, minKeep: (i: number, bank: number) => number): void {
  const waves = [-1, 1].map(() => ({ k: (2 * Math.PI) / (g.lengthM * rng.uniform(0.15, 0.3)), p: rng.uniform(0, 2 * Math.PI) }));
  for (let i = 0; i < g.nu; i++) {
    const t = Math.min(1, Math.abs(g.colU[i]) / (g.lengthM / 2));
    for (let s = 0; s < 2; s++) {
      const bank = s === 0 ? -1 : 1;
      const nBank = bank > 0 ? g.nPlus : g.nMinus;
      const w = waves[s];
      const f = 1 - 0.22 * t * t * t - 0.1 * (0.5 + 0.5 * Math.sin(w.k * g.colU[i] + w.p));
      let n = Math.ceil(nBank * f);
      n = Math.max(n, Math.min(2, nBank), minKeep(i, bank));
      n = Math.min(n, nBank);
      for (let k = 0; k < n; k++) {
        const j = bank > 0 ? g.gap + k : g.gap - 1 - k;
        g.keep[i * g.nv + j] = 1;
      }
    }
  }
  const { nu, nv, keep } = g;
  for (let i = 0; i < nu; i++) {
    for (let j = 0; j < nv; j++) {
      const a = i * nv + j;
      if (!keep[a]) continue;
      if (i + 1 < nu && keep[a + nv]) g.hSeg[a] = SEG_STREET;
      if (j + 1 < nv && keep[a + 1] && !(g.hasRiver && j === g.gap - 1)) g.vSeg[a] = SEG_STREET;
    }
  }
}

/** Puts `count` bridges on arterial columns spread along the river. */
export function placeBridges(g: GridPlan, count: number, rng: Random): void {
  if (!g.hasRiver) return;
  const cols: number[] = [];
  for (let i = 0; i < g.nu; i++) if (isArterial(g.colCls[i])) cols.push(i);
  // One bridge at least: otherwise one bank would be cut off and pruned away.
  const nb = Math.min(Math.max(1, count), cols.length);
  let last = -1;
  for (let t = 0; t < nb; t++) {
    let k = Math.floor(((t + 0.5 + rng.uniform(-0.25, 0.25)) * cols.length) / nb);
    k = Math.min(cols.length - (nb - t), Math.max(last + 1, k));
    last = k;
    const i = cols[k];
    g.vSeg[i * g.nv + g.gap - 1] = SEG_BRIDGE;
    g.bridgeCols.push(i);
  }
}
