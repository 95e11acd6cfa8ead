// Turns the grid plan into nodes and ways: jittered intersections, slightly bent block edges
// (shape nodes), bridges, the ring road and its interchanges, names, classes and access.

import type { RoadClass } from '../../../shared/roads.ts';
import type { RoadAccess, RoadWay } from '../../graph/road-input.ts';
import type { Random } from '../../random.ts';
import { compassWord, type CityFrame } from './frame.ts';
import { SEG_BRIDGE, TERTIARY, isArterial, type GridPlan } from './grid.ts';
import type { NameSource } from './names.ts';
import { meanderAt, type Meander } from './river.ts';
import { RING_END_MINUS, RING_END_PLUS, RING_MINUS, splitRing, type RingPoints } from './ring-road.ts';

/** What a way was built from, for landmark placement. */
export const WAY_ROW = 0;
export const WAY_COL = 1;
export const WAY_BRIDGE = 2;
export const WAY_RING = 3;
export const WAY_RING_BRIDGE = 4;

export interface WayMeta {
  kind: number;
  /** row j, column i, or ring side */
  line: number;
}

export interface BuiltNetwork {
  count: number;
  /** node ids below this are grid intersections */
  intersections: number;
  u: Float64Array;
  v: Float64Array;
  /** node id of intersection (i, j) or -1 */
  nodeAt: Int32Array;
  ways: RoadWay[];
  meta: WayMeta[];
}

const GRID_CLASS: RoadClass[] = ['primary', 'secondary', 'tertiary', 'residential'];
const MAX_SPEED: Partial<Record<RoadClass, number>> = {
  trunk: 80,
  primary: 60,
  secondary: 50,
  tertiary: 40,
  residential: 30,
};
const ACCESS_ALL: RoadAccess = { car: true, ebike: true, foot: true };
const ACCESS_CAR: RoadAccess = { car: true, ebike: false, foot: false };
const ACCESS_SLOW: RoadAccess = { car: false, ebike: true, foot: true };

class NodeBuffer {
  u: Float64Array;
  v: Float64Array;
  n = 0;
  constructor(capacity: number) {
    this.u = new Float64Array(Math.max(16, capacity));
    this.v = new Float64Array(Math.max(16, capacity));
  }
  add(u: number, v: number): number {
    if (this.n === this.u.length) {
      const nu = new Float64Array(this.n * 2), nv = new Float64Array(this.n * 2);
      nu.set(this.u);
      nv.set(this.v);
      this.u = nu;
      this.v = nv;
    }
    this.u[this.n] = u;
    this.v[this.n] = v;
    return this.n++;
  }
}

function makeWay(cls: RoadClass, oneway: number, name: string, bridge = false): RoadWay {
  const access = cls === 'trunk' ? ACCESS_CAR : cls === 'pedestrian' || cls === 'footway' ? ACCESS_SLOW : ACCESS_ALL;
  const way: RoadWay = { nodes: [], cls, oneway: oneway as 0 | 1 | -1, access: { ...access }, name };
  const speed = MAX_SPEED[cls];
  if (speed !== undefined) way.maxSpeedKmh = speed;
  // Chinese one-way streets usually let non-motor vehicles ride both ways on small streets.
  if (oneway !== 0 && cls === 'residential') way.ebikeContraflow = true;
  if (bridge) way.bridge = true;
  return way;
}

export interface BuildInput {
  g: GridPlan;
  frame: CityFrame;
  meander: Meander;
  ring: RingPoints | null;
  curvature: number;
  jitterM: number;
  names: NameSource;
  rngJitter: Random;
  rngShape: Random;
  capacity: number;
}

export function buildNetwork(inp: BuildInput): BuiltNetwork {
  const { g, frame, meander: m, curvature: cv } = inp;
  const { nu, nv, b, colU, rowOff } = g;
  const nodes = new NodeBuffer(inp.capacity);
  const nodeAt = new Int32Array(nu * nv).fill(-1);
  const ways: RoadWay[] = [];
  const meta: WayMeta[] = [];

  // Intersections, jittered inside a disc so the grid is not a perfect lattice.
  for (let i = 0; i < nu; i++) {
    const r = meanderAt(m, colU[i]);
    for (let j = 0; j < nv; j++) {
      const a = i * nv + j;
      if (!g.keep[a]) continue;
      const rad = inp.jitterM * Math.sqrt(inp.rngJitter.next()), ang = 2 * Math.PI * inp.rngJitter.next();
      nodeAt[a] = nodes.add(colU[i] + rad * Math.cos(ang), r + rowOff[j] + rad * Math.sin(ang));
    }
  }

  const intersections = nodes.n;

  // Ring nodes first, so grid ways can include the interchanges they share.
  const ringAtH = new Int32Array(nu * nv).fill(-1), ringAtV = new Int32Array(nu * nv).fill(-1);
  const ringIds: number[] = [];
  if (inp.ring) {
    const rp = inp.ring;
    for (let k = 0; k < rp.count; k++) {
      const id = nodes.add(rp.u[k], rp.v[k]);
      ringIds.push(id);
      if (rp.shareKind[k] === 1) ringAtH[rp.shareIdx[k]] = id;
      else if (rp.shareKind[k] === 2) ringAtV[rp.shareIdx[k]] = id;
    }
  }

  // Names: arterial rows get 南/中/北 parts along a long city, columns a part per bank.
  const parts = g.lengthM >= 3000 ? 3 : 1;
  const partOf = (u: number) => (parts === 1 ? 0 : u < -g.lengthM / 6 ? 0 : u > g.lengthM / 6 ? 2 : 1);
  const partWord = parts === 1 ? [''] : [compassWord(frame, -1, 0), '中', compassWord(frame, 1, 0)];
  const bankWord = [compassWord(frame, 0, -1), compassWord(frame, 0, 1)];
  const suffix = (cls: number) => (cls === TERTIARY ? '街' : '巷');
  const rowBase: string[] = [], rowName: string[] = [];
  for (let j = 0; j < nv; j++) {
    const art = isArterial(g.rowCls[j]);
    const base = art ? inp.names.base() : '';
    for (let p = 0; p < 3; p++) {
      const bp = art ? base : p < parts ? inp.names.base() : '';
      rowBase.push(bp);
      rowName.push(art ? bp + partWord[Math.min(p, parts - 1)] + '路' : bp + suffix(g.rowCls[j]));
    }
  }
  const colBase: string[] = [], colName: string[] = [];
  for (let i = 0; i < nu; i++) {
    const art = isArterial(g.colCls[i]);
    const base = inp.names.base();
    for (let s = 0; s < 2; s++) {
      const bp = art || !g.hasRiver || s === 0 ? base : inp.names.base();
      colBase.push(bp);
      colName.push(art ? bp + (g.hasRiver ? bankWord[s] : '') + '路' : bp + suffix(g.colCls[i]));
    }
  }

  const bulgeAmp = Math.min(4, 0.05 * b);
  const rowShape = (way: RoadWay, j: number, p: number, q: number) => {
    const uP = nodes.u[p], uQ = nodes.u[q];
    const dvP = nodes.v[p] - meanderAt(m, uP) - rowOff[j];
    const dvQ = nodes.v[q] - meanderAt(m, uQ) - rowOff[j];
    const bulge = bulgeAmp * (2 * inp.rngShape.next() - 1);
    for (let k = 1; k <= cv; k++) {
      const t = k / (cv + 1);
      const u = uP + t * (uQ - uP);
      way.nodes.push(nodes.add(u, meanderAt(m, u) + rowOff[j] + dvP + t * (dvQ - dvP) + bulge * Math.sin(Math.PI * t)));
    }
  };
  const colShape = (way: RoadWay, p: number, q: number) => {
    const bulge = bulgeAmp * (2 * inp.rngShape.next() - 1);
    for (let k = 1; k <= cv; k++) {
      const t = k / (cv + 1);
      const u = nodes.u[p] + t * (nodes.u[q] - nodes.u[p]) + bulge * Math.sin(Math.PI * t);
      way.nodes.push(nodes.add(u, nodes.v[p] + t * (nodes.v[q] - nodes.v[p])));
    }
  };

  // Rows: a way per section between arterial crossings (or where attributes change).
  for (let j = 0; j < nv; j++) {
    let cur: RoadWay | null = null;
    let curKey = -1;
    for (let i = 0; i + 1 < nu; i++) {
      const a = i * nv + j;
      if (!g.hSeg[a]) {
        cur = null;
        continue;
      }
      const part = partOf((colU[i] + colU[i + 1]) / 2);
      const ped = g.hPed[a];
      const key = (g.hDir[a] + 1) * 100 + ped * 10 + part;
      if (!cur || key !== curKey || isArterial(g.colCls[i])) {
        const cls: RoadClass = ped === 1 ? 'pedestrian' : ped === 2 ? 'footway' : GRID_CLASS[g.rowCls[j]];
        const name = ped === 1 ? rowBase[j * 3 + part] + '步行街' : rowName[j * 3 + part];
        cur = makeWay(cls, g.hDir[a], name);
        cur.nodes.push(nodeAt[a]);
        ways.push(cur);
        meta.push({ kind: WAY_ROW, line: j });
        curKey = key;
      }
      const ringNode = ringAtH[a];
      if (ringNode >= 0) cur.nodes.push(ringNode);
      else rowShape(cur, j, nodeAt[a], nodeAt[a + nv]);
      cur.nodes.push(nodeAt[a + nv]);
    }
  }

  // Columns, with the river crossings as separate two-node bridge ways.
  for (let i = 0; i < nu; i++) {
    let cur: RoadWay | null = null;
    let curKey = -1;
    for (let j = 0; j + 1 < nv; j++) {
      const a = i * nv + j;
      if (!g.vSeg[a]) {
        cur = null;
        continue;
      }
      if (g.vSeg[a] === SEG_BRIDGE) {
        const bw = makeWay(GRID_CLASS[g.colCls[i]], 0, colBase[i * 2] + '大桥', true);
        bw.nodes.push(nodeAt[a], nodeAt[a + 1]);
        ways.push(bw);
        meta.push({ kind: WAY_BRIDGE, line: i });
        cur = null;
        continue;
      }
      const side = g.rowBank[j] > 0 ? 1 : 0;
      const ped = g.vPed[a];
      const key = (g.vDir[a] + 1) * 100 + ped * 10 + side;
      if (!cur || key !== curKey || isArterial(g.rowCls[j])) {
        const cls: RoadClass = ped === 1 ? 'pedestrian' : ped === 2 ? 'footway' : GRID_CLASS[g.colCls[i]];
        // A footway across the grid is an alley: 巷 whatever the street it replaced.
        cur = makeWay(cls, g.vDir[a], ped === 2 ? colBase[i * 2 + side] + '巷' : colName[i * 2 + side]);
        cur.nodes.push(nodeAt[a]);
        ways.push(cur);
        meta.push({ kind: WAY_COL, line: i });
        curKey = key;
      }
      const ringNode = ringAtV[a];
      if (ringNode >= 0) cur.nodes.push(ringNode);
      else colShape(cur, nodeAt[a], nodeAt[a + 1]);
      cur.nodes.push(nodeAt[a + 1]);
    }
  }

  if (inp.ring) {
    const word = (side: number) =>
      side === RING_MINUS ? bankWord[0] : side === RING_END_PLUS ? compassWord(frame, 1, 0) : side === RING_END_MINUS ? compassWord(frame, -1, 0) : bankWord[1];
    for (const part of splitRing(ringIds, inp.ring)) {
      const name = '环城' + word(part.side) + (part.bridge ? '大桥' : '路');
      const w = makeWay('trunk', 0, name, part.bridge);
      w.nodes = part.nodes;
      ways.push(w);
      meta.push({ kind: part.bridge ? WAY_RING_BRIDGE : WAY_RING, line: part.side });
    }
  }

  return { count: nodes.n, intersections, u: nodes.u, v: nodes.v, nodeAt, ways, meta };
}

/** Node count the plan will produce (for sizing to a target without building geometry). */
export function countPlannedNodes(g: GridPlan, ring: RingPoints | null, curvature: number): number {
  let kept = 0, segs = 0;
  const n = g.nu * g.nv;
  for (let a = 0; a < n; a++) {
    kept += g.keep[a];
    if (g.hSeg[a]) segs++;
    if (g.vSeg[a] && g.vSeg[a] !== SEG_BRIDGE) segs++;
  }
  let shared = 0;
  if (ring) for (let k = 0; k < ring.count; k++) if (ring.shareKind[k] !== 0) shared++;
  return kept + curvature * (segs - shared) + (ring ? ring.count : 0);
}

