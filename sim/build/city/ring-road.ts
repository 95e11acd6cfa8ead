// The trunk ring road: a rounded rectangle in the sheared grid frame, its long sides half a block
// off the rows at about two thirds of each bank, its short sides half a block off the columns at
// about ±36 % of the length. Sitting between grid lines means it never runs along a street; it
// shares a node (an interchange) only where it crosses an arterial, and crosses the river on
// two bridges of its own between the riverside roads.

import type { ResolvedCityParams } from './params.ts';
import { isArterial, type GridPlan } from './grid.ts';
import { meanderAt, type Meander } from './river.ts';

export interface RingPlan {
  /** short sides at colU[iA] + b/2 and colU[iB] + b/2 */
  iA: number;
  iB: number;
  /** long sides between rows jLo/jLo+1 and jHi/jHi+1 */
  jLo: number;
  jHi: number;
  kMinus: number;
  kPlus: number;
}

/** Where the ring goes, or null if the city is too small for one. */
export function planRing(g: GridPlan, p: ResolvedCityParams): RingPlan | null {
  if (!p.ringRoad || g.nMinus < 4 || g.nPlus < 4) return null;
  const kOf = (n: number) => Math.min(n - 2, Math.max(1, Math.round(0.66 * (n - 1))));
  const kMinus = kOf(g.nMinus), kPlus = kOf(g.nPlus);
  const half = (0.36 * g.lengthM) / g.b;
  const iA = Math.round(g.ic - half), iB = Math.round(g.ic + half) - 1;
  if (iA < 0 || iB + 1 > g.nu - 1 || iB - iA < 2) return null;
  let arterials = 0;
  for (let i = iA + 1; i <= iB; i++) if (isArterial(g.colCls[i])) arterials++;
  if (arterials < 2) return null;
  return { iA, iB, jLo: g.gap - 2 - kMinus, jHi: g.gap + kPlus, kMinus, kPlus };
}

/** Rows each column must keep so the ring's interchanges have streets to sit on. */
export function ringMinKeep(ring: RingPlan | null): (i: number, bank: number) => number {
  if (!ring) return () => 0;
  return (i, bank) => (i >= ring.iA && i <= ring.iB + 1 ? (bank > 0 ? ring.kPlus : ring.kMinus) + 2 : 0);
}

/** Which side a ring segment lies on, used for names. */
export const RING_MINUS = 0; // long side at -v
export const RING_END_PLUS = 1; // short side at +u
export const RING_PLUS = 2; // long side at +v
export const RING_END_MINUS = 3; // short side at -u

export interface RingPoints {
  count: number;
  u: number[];
  v: number[];
  /** 0 own node, 1 shared with hSeg[shareIdx], 2 shared with vSeg[shareIdx] */
  shareKind: number[];
  shareIdx: number[];
  /** side of the segment from point k to point k+1 (the loop closes back to 0) */
  side: number[];
  /** the segment from point k to k+1 is a river bridge */
  bridge: boolean[];
}

/** The ring's points in loop order (counter-clockwise in the frame). */
export function ringPoints(g: GridPlan, ring: RingPlan, m: Meander): RingPoints {
  const out: RingPoints = { count: 0, u: [], v: [], shareKind: [], shareIdx: [], side: [], bridge: [] };
  const { b, nv, colU, rowOff } = g;
  const uA = colU[ring.iA] + b / 2, uB = colU[ring.iB] + b / 2;
  const vm = (rowOff[ring.jLo] + rowOff[ring.jLo + 1]) / 2;
  const vp = (rowOff[ring.jHi] + rowOff[ring.jHi + 1]) / 2;
  const c = 0.3 * b; // corner chamfer, well inside one block so it meets no street
  const add = (u: number, off: number, side: number, kind = 0, idx = -1) => {
    out.u.push(u);
    out.v.push(meanderAt(m, u) + off);
    out.shareKind.push(kind);
    out.shareIdx.push(idx);
    out.side.push(side);
    out.bridge.push(false);
    out.count++;
  };
  // Long side at -v, increasing u.
  add(uA + c, vm, RING_MINUS);
  for (let i = ring.iA + 1; i <= ring.iB; i++) {
    if (isArterial(g.colCls[i])) add(colU[i], vm, RING_MINUS, 2, i * nv + ring.jLo);
    if (i < ring.iB) add(colU[i] + b / 2, vm, RING_MINUS);
  }
  add(uB - c, vm, RING_END_PLUS);
  // Short side at +u, increasing v; an arterial row crossing is an interchange.
  add(uB, vm + c, RING_END_PLUS);
  for (let j = ring.jLo + 1; j <= ring.jHi; j++) {
    if (!isArterial(g.rowCls[j])) continue;
    add(uB, rowOff[j], RING_END_PLUS, 1, ring.iB * nv + j);
    if (g.hasRiver && j === g.gap - 1) out.bridge[out.count - 1] = true;
  }
  add(uB, vp - c, RING_END_PLUS);
  add(uB - c, vp, RING_PLUS);
  // Long side at +v, decreasing u.
  for (let i = ring.iB; i > ring.iA; i--) {
    if (isArterial(g.colCls[i])) add(colU[i], vp, RING_PLUS, 2, i * nv + ring.jHi);
    if (i - 1 > ring.iA) add(colU[i - 1] + b / 2, vp, RING_PLUS);
  }
  add(uA + c, vp, RING_END_MINUS);
  // Short side at -u, decreasing v.
  add(uA, vp - c, RING_END_MINUS);
  for (let j = ring.jHi; j > ring.jLo; j--) {
    if (!isArterial(g.rowCls[j])) continue;
    add(uA, rowOff[j], RING_END_MINUS, 1, ring.iA * nv + j);
    if (g.hasRiver && j === g.gap) out.bridge[out.count - 1] = true;
  }
  add(uA, vm + c, RING_END_MINUS);
  return out;
}

/**
 * Splits the closed loop (node ids in ring order) into ways: one two-node way per bridge and one
 * way per run of segments on the same side.
 */
export function splitRing(ids: readonly number[], pts: RingPoints): { nodes: number[]; side: number; bridge: boolean }[] {
  const n = ids.length;
  const key = (k: number) => (pts.bridge[k] ? -1 : pts.side[k]);
  // Start right after a change of key so no run wraps around the start of the loop.
  let start = 0;
  for (let k = 0; k < n; k++) {
    if (key(k) !== key((k + n - 1) % n)) {
      start = k;
      break;
    }
  }
  const ways: { nodes: number[]; side: number; bridge: boolean }[] = [];
  for (let s = 0; s < n; s++) {
    const k = (start + s) % n, next = (k + 1) % n;
    const last = ways[ways.length - 1];
    if (!pts.bridge[k] && last && !last.bridge && last.side === pts.side[k] && s > 0 && key((k + n - 1) % n) === key(k)) {
      last.nodes.push(ids[next]);
    } else {
      ways.push({ nodes: [ids[k], ids[next]], side: pts.side[k], bridge: pts.bridge[k] });
    }
  }
  return ways;
}
