// Street-level edits on the grid plan: remove a few local block edges, make local sections
// one-way in opposite-direction pairs (like real one-way couplets), and turn a few old-town
// sections into pedestrian streets and footways. A "section" is the stretch of a line between
// two arterial crossings.

import type { Random } from '../../random.ts';
import { RESIDENTIAL, SEG_STREET, TERTIARY, mod, type GridPlan } from './grid.ts';

const isLocal = (cls: number): boolean => cls === TERTIARY || cls === RESIDENTIAL;

/** Row section of segment (i, j)-(i+1, j). */
export const rowSection = (g: GridPlan, i: number): number => Math.floor(g.colQ[i] / g.ae);
/** Column section of segment (i, j)-(i, j+1); rows of both banks never share a key. */
export const colSection = (g: GridPlan, j: number): number =>
  Math.floor(Math.min(g.rowQ[j], g.rowQ[j + 1]) / g.ae) * 2 + (g.rowBank[j] > 0 ? 1 : 0);

/**
 * Removes local segments whose both ends keep at least two other streets (no new dead ends).
 * Returns the removed segments as `index * 2` (along a row) or `index * 2 + 1` (along a column).
 */
export function removeSegments(g: GridPlan, share: number, rng: Random): number[] {
  const removedList: number[] = [];
  if (share <= 0) return removedList;
  const { nu, nv, hSeg, vSeg } = g;
  const deg = new Uint8Array(nu * nv);
  for (let a = 0; a < nu * nv; a++) {
    if (hSeg[a]) { deg[a]++; deg[a + nv]++; }
    if (vSeg[a]) { deg[a]++; deg[a + 1]++; }
  }
  for (let i = 0; i < nu; i++) {
    for (let j = 0; j < nv; j++) {
      const a = i * nv + j;
      // Draw for both candidate segments every time so the stream does not depend on the layout.
      const rh = rng.next(), rv = rng.next();
      if (hSeg[a] === SEG_STREET && isLocal(g.rowCls[j]) && rh < share && deg[a] >= 3 && deg[a + nv] >= 3) {
        hSeg[a] = 0;
        deg[a]--;
        deg[a + nv]--;
        removedList.push(a * 2);
      }
      if (vSeg[a] === SEG_STREET && isLocal(g.colCls[i]) && rv < share && deg[a] >= 3 && deg[a + 1] >= 3) {
        vSeg[a] = 0;
        deg[a]--;
        deg[a + 1]--;
        removedList.push(a * 2 + 1);
      }
    }
  }
  return removedList;
}

/**
 * Puts back removed segments that rejoin parts of the grid cars could otherwise not reach
 * (removals and pedestrian streets together can cut off a corner). Returns how many came back.
 */
export function reconnect(g: GridPlan, removed: readonly number[]): number {
  const { nu, nv } = g;
  const parent = new Int32Array(nu * nv);
  for (let a = 0; a < parent.length; a++) parent[a] = a;
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  };
  const union = (a: number, b: number): boolean => {
    const ra = find(a), rb = find(b);
    if (ra === rb) return false;
    parent[ra] = rb;
    return true;
  };
  for (let a = 0; a < nu * nv; a++) {
    if (g.hSeg[a] && !g.hPed[a]) union(a, a + nv);
    if (g.vSeg[a] && !g.vPed[a]) union(a, a + 1);
  }
  let restored = 0;
  for (const r of removed) {
    const a = r >> 1;
    const b = r & 1 ? a + 1 : a + nv;
    if (!union(a, b)) continue;
    if (r & 1) g.vSeg[a] = SEG_STREET;
    else g.hSeg[a] = SEG_STREET;
    restored++;
  }
  return restored;
}

/**
 * One-way pairs: neighbouring local lines (local index 1&2, 3&4, … between arterials) get
 * opposite directions, section by section, so each pair still carries traffic both ways.
 */
export function assignOneways(g: GridPlan, share: number, rng: Random): void {
  if (share <= 0) return;
  const { ae, nu, nv } = g;
  // Only lines in a pair can be one-way; raise the pair probability to hit the share overall.
  const paired = 2 * Math.floor((ae - 1) / 2);
  if (paired === 0) return;
  const prob = Math.min(1, (share * (ae - 1)) / paired);
  const pairStart = (q: number) => {
    const m = mod(q, ae);
    return m % 2 === 1 && m + 1 <= ae - 1;
  };
  // Row pairs (j, j+1) on the same side.
  for (let j = 0; j + 1 < nv; j++) {
    if (!isLocal(g.rowCls[j]) || !isLocal(g.rowCls[j + 1]) || g.rowBank[j] !== g.rowBank[j + 1]) continue;
    if (!pairStart(g.rowQ[j])) continue;
    let section = NaN, dir = 0;
    for (let i = 0; i + 1 < nu; i++) {
      const s = rowSection(g, i);
      if (s !== section) {
        section = s;
        dir = rng.next() < prob ? (rng.next() < 0.5 ? 1 : -1) : 0;
      }
      if (dir === 0) continue;
      g.hDir[i * nv + j] = dir;
      g.hDir[i * nv + j + 1] = -dir;
    }
  }
  // Column pairs (i, i+1).
  for (let i = 0; i + 1 < nu; i++) {
    if (!isLocal(g.colCls[i]) || !isLocal(g.colCls[i + 1]) || !pairStart(g.colQ[i])) continue;
    let section = NaN, dir = 0;
    for (let j = 0; j + 1 < nv; j++) {
      if (g.hasRiver && j === g.gap - 1) continue;
      const s = colSection(g, j);
      if (s !== section) {
        section = s;
        dir = rng.next() < prob ? (rng.next() < 0.5 ? 1 : -1) : 0;
      }
      if (dir === 0) continue;
      g.vDir[i * nv + j] = dir;
      g.vDir[(i + 1) * nv + j] = -dir;
    }
  }
}

export interface PedestrianPick {
  /** 'row' sections are pedestrian streets, 'col' sections footways */
  kind: 'row' | 'col';
  line: number;
  section: number;
}

/**
 * Turns the local sections nearest to the old-town node (iO, jO) into pedestrian streets
 * (every third one a footway across the grid). They stay two-way for e-bikes and walkers.
 */
export function pedestrianise(g: GridPlan, count: number, iO: number, jO: number): PedestrianPick[] {
  if (count <= 0) return [];
  const { ae, nu, nv, b } = g;
  const bank = g.rowBank[jO];
  type Cand = { d: number; line: number; section: number };
  // Whole sections first: one with a removed block edge would make a broken pedestrian street.
  const BROKEN = 1e7;
  const rowMap = new Map<number, Cand>(), colMap = new Map<number, Cand>();
  const note = (map: Map<number, Cand>, key: number, present: boolean, make: () => Cand) => {
    let c = map.get(key);
    if (!c) map.set(key, (c = make()));
    if (!present) c.d += BROKEN;
  };
  // Only sections within a few arterial spacings of the old town can be among the nearest.
  const i0 = Math.max(0, iO - (count + 2) * ae), i1 = Math.min(nu - 1, iO + (count + 2) * ae);
  for (let j = 0; j < nv; j++) {
    if (!isLocal(g.rowCls[j]) || g.rowBank[j] !== bank) continue;
    for (let i = i0; i < i1; i++) {
      const a = i * nv + j;
      if (!g.keep[a] || !g.keep[a + nv]) continue;
      const s = rowSection(g, i);
      const mid = g.ic + s * ae + ae / 2;
      note(rowMap, j * 100003 + s, g.hSeg[a] !== 0, () => ({ d: Math.hypot((mid - iO) * b, g.rowOff[j] - g.rowOff[jO]), line: j, section: s }));
    }
  }
  for (let i = i0; i <= i1; i++) {
    if (!isLocal(g.colCls[i])) continue;
    for (let j = 0; j + 1 < nv; j++) {
      const a = i * nv + j;
      if (!g.keep[a] || !g.keep[a + 1] || g.rowBank[j] !== bank || g.rowBank[j + 1] !== bank) continue;
      const s = colSection(g, j);
      const dv = (g.rowOff[j] + g.rowOff[j + 1]) / 2 - g.rowOff[jO];
      note(colMap, i * 100003 + s, g.vSeg[a] !== 0, () => ({ d: Math.hypot((i - iO) * b, dv), line: i, section: s }));
    }
  }
  const rows = [...rowMap.values()], cols = [...colMap.values()];
  const byDist = (x: Cand, y: Cand) => x.d - y.d || x.line - y.line || x.section - y.section;
  rows.sort(byDist);
  cols.sort(byDist);
  const picks: PedestrianPick[] = [];
  let ri = 0, ci = 0;
  for (let t = 0; t < count; t++) {
    const wantCol = t % 3 === 2;
    if ((wantCol && ci < cols.length) || ri >= rows.length) {
      if (ci >= cols.length) break;
      const c = cols[ci++];
      picks.push({ kind: 'col', line: c.line, section: c.section });
      for (let j = 0; j + 1 < nv; j++) {
        const a = c.line * nv + j;
        if (g.vSeg[a] && g.rowBank[j] === bank && g.rowBank[j + 1] === bank && colSection(g, j) === c.section) {
          g.vPed[a] = 2;
          g.vDir[a] = 0;
        }
      }
    } else {
      const r = rows[ri++];
      picks.push({ kind: 'row', line: r.line, section: r.section });
      for (let i = 0; i + 1 < nu; i++) {
        const a = i * nv + r.line;
        if (g.hSeg[a] && rowSection(g, i) === r.section) {
          g.hPed[a] = 1;
          g.hDir[a] = 0;
        }
      }
    }
  }
  return picks;
}
