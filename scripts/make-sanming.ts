// Writes scenarios/sanming/scenario.json, the embedded default city: a synthetic river-valley
// city modelled loosely on Sanming's urban core. The roads are not stored; the scenario keeps
// the generator parameters and the server regenerates the same network at load time. Stations
// and patrol places are derived from the generator's landmarks and follow its road nodes.
//
//   npx tsx scripts/make-sanming.ts          (idempotent: same output byte for byte)

import { SANMING_INCIDENTS, SANMING_POLICY, sanmingUnits } from './sanming-fleet.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import FlatQueue from 'flatqueue';
import {
  frameToLngLat,
  generateCity,
  lngLatToFrame,
  type CityParams,
  type GeneratedCity,
  type Site,
  type StreetLine,
} from '../sim/build/city-generator.ts';
import { buildRoadGraph } from '../sim/graph/build-graph.ts';
import { DEFAULT_PROFILES } from '../sim/graph/profiles.ts';

export const SANMING_PARAMS = {
  seed: 3,
  center: [117.62, 26.26],
  lengthKm: 18,
  widthKm: 5.6,
  blockM: 80,
  arterialEvery: 6,
  riverWidthM: 150,
  bridges: 6,
  onewayShare: 0.15,
  ringRoad: true,
  jitterM: 8,
  removeShare: 0.06,
  pedestrianStreets: 3,
  curvature: 1,
  rotationDeg: 30,
} as const satisfies CityParams;

type Pos = [number, number];
type Category = 'crowded' | 'complex' | 'hotspot' | 'district';

// Hourly speed factors (1 = free flow). Morning rush 07–09, evening rush 17–19, a softer midday;
// arterials and the ring road suffer most, residential streets (the default row) least.
const TIME_OF_DAY = {
  default: [1, 1, 1, 1, 1, 0.98, 0.94, 0.84, 0.82, 0.9, 0.92, 0.9, 0.88, 0.9, 0.92, 0.91, 0.88, 0.82, 0.82, 0.9, 0.94, 0.97, 0.99, 1],
  byClass: {
    primary: [1, 1, 1, 1, 1, 0.95, 0.82, 0.58, 0.55, 0.72, 0.8, 0.78, 0.75, 0.78, 0.8, 0.78, 0.7, 0.52, 0.5, 0.68, 0.82, 0.9, 0.96, 0.99],
    secondary: [1, 1, 1, 1, 1, 0.96, 0.85, 0.62, 0.6, 0.75, 0.82, 0.8, 0.78, 0.8, 0.82, 0.8, 0.73, 0.56, 0.55, 0.72, 0.85, 0.92, 0.97, 1],
    trunk: [1, 1, 1, 1, 1, 0.95, 0.8, 0.6, 0.58, 0.78, 0.85, 0.85, 0.82, 0.85, 0.86, 0.84, 0.75, 0.55, 0.55, 0.75, 0.88, 0.94, 0.98, 1],
    tertiary: [1, 1, 1, 1, 1, 0.97, 0.88, 0.68, 0.66, 0.8, 0.85, 0.83, 0.8, 0.83, 0.85, 0.83, 0.77, 0.62, 0.62, 0.78, 0.88, 0.94, 0.98, 1],
  },
};

// Synthetic labels borrowed from Sanming's urban districts, in the generator's landmark order.
const DISTRICTS = [
  { zh: '列西', en: 'Liexi' }, // D1: left (west) bank, north
  { zh: '列东', en: 'Liedong' }, // D2: right (east) bank, north
  { zh: '城关', en: 'Chengguan' }, // D3: old town, west bank, centre
  { zh: '徐碧', en: 'Xubi' }, // D4: east bank, south
  { zh: '荆西', en: 'Jingxi' }, // D5: west bank, far south
];
// Station sites come west bank south→north, then east bank south→north.
const STATIONS = [
  { id: 'PS-JX', zh: '荆西', en: 'Jingxi' },
  { id: 'PS-CG', zh: '城关', en: 'Chengguan' },
  { id: 'PS-XS', zh: '新市', en: 'Xinshi' },
  { id: 'PS-LX', zh: '列西', en: 'Liexi' },
  { id: 'PS-FXB', zh: '富兴堡', en: 'Fuxingbao' },
  { id: 'PS-XB', zh: '徐碧', en: 'Xubi' },
  { id: 'PS-JB', zh: '江滨', en: 'Jiangbin' },
  { id: 'PS-LD', zh: '列东', en: 'Liedong' },
];

const round = (x: number): number => Math.round(x * 1e7) / 1e7;
const pos = (lon: number, lat: number): Pos => [round(lon), round(lat)];

/**
 * Best paths over the generated ways: 'car' obeys one-way rules and minimises free-flow time (so
 * routes keep to arterials instead of zig-zagging through the grid), 'foot' minimises distance.
 */
class Router {
  private readonly first: Uint32Array;
  private readonly to: Uint32Array;
  /** cost of each arc: free-flow seconds */
  private readonly len: Float64Array;
  constructor(
    private readonly city: GeneratedCity,
    mode: 'car' | 'foot',
  ) {
    const { input, frame } = city;
    const n = input.lon.length;
    const u = new Float64Array(n), v = new Float64Array(n);
    for (let i = 0; i < n; i++) [u[i], v[i]] = lngLatToFrame(frame, input.lon[i], input.lat[i]);
    const arcs: [number, number, number][] = [];
    for (const w of input.ways) {
      if (!(mode === 'car' ? w.access.car : w.access.foot)) continue;
      const kmh = mode === 'car' ? (DEFAULT_PROFILES.car.speedKmh[w.cls] ?? 20) : 5;
      for (let k = 1; k < w.nodes.length; k++) {
        const a = w.nodes[k - 1], b = w.nodes[k];
        if (mode === 'foot' || w.oneway !== -1) arcs.push([a, b, kmh]);
        if (mode === 'foot' || w.oneway !== 1) arcs.push([b, a, kmh]);
      }
    }
    this.first = new Uint32Array(n + 1);
    for (const [a] of arcs) this.first[a + 1]++;
    for (let i = 0; i < n; i++) this.first[i + 1] += this.first[i];
    const cur = this.first.slice(0, n);
    this.to = new Uint32Array(arcs.length);
    this.len = new Float64Array(arcs.length);
    for (const [a, b, kmh] of arcs) {
      const e = cur[a]++;
      this.to[e] = b;
      this.len[e] = (Math.hypot(u[b] - u[a], v[b] - v[a]) * 3.6) / kmh; // seconds
    }
  }

  /** Node path from `from` to `to`; arcs listed in `penalised` cost `factor` times more. */
  route(from: number, to: number, penalised: Set<string> = new Set(), factor = 1): number[] {
    const n = this.city.input.lon.length;
    const dist = new Float64Array(n).fill(Infinity);
    const prev = new Int32Array(n).fill(-1);
    const q = new FlatQueue<number>();
    dist[from] = 0;
    q.push(from, 0);
    while (q.length) {
      const d = q.peekValue()!;
      const a = q.pop()!;
      if (d > dist[a]) continue;
      if (a === to) break;
      for (let e = this.first[a]; e < this.first[a + 1]; e++) {
        const b = this.to[e];
        const w = this.len[e] * (penalised.has(`${a}>${b}`) || penalised.has(`${b}>${a}`) ? factor : 1);
        if (d + w < dist[b]) {
          dist[b] = d + w;
          prev[b] = a;
          q.push(b, d + w);
        }
      }
    }
    if (!Number.isFinite(dist[to])) throw new Error(`no route from node ${from} to node ${to}`);
    const path = [to];
    while (path[path.length - 1] !== from) path.push(prev[path[path.length - 1]]);
    return path.reverse();
  }

  /** A closed loop: out along `out`, back by the best route that avoids it where it can. */
  loopBack(out: number[], factor: number): number[] {
    const used = new Set<string>();
    for (let k = 1; k < out.length; k++) used.add(`${out[k - 1]}>${out[k]}`);
    const back = this.route(out[out.length - 1], out[0], used, factor);
    return [...out, ...back.slice(1)];
  }
}

export function buildSanming(): { scenario: object; city: GeneratedCity } {
  const city = generateCity(SANMING_PARAMS);
  const { input, landmarks: lm, frame } = city;
  const nodePos = (n: number): Pos => pos(input.lon[n], input.lat[n]);
  const line = (nodes: number[]) => ({ type: 'LineString', coordinates: nodes.map(nodePos) });
  const point = (s: Site | number) => ({ type: 'Point', coordinates: nodePos(typeof s === 'number' ? s : s.node) });
  const uv = (n: number) => lngLatToFrame(frame, input.lon[n], input.lat[n]);

  // River centreline in frame coordinates, to keep zones on one bank and follow its bends.
  const river = lm.river!;
  const half = river.widthM / 2;
  const cl = river.centreline.map(([lon, lat]) => lngLatToFrame(frame, lon, lat));
  const riverV = (u: number): number => {
    let k = 1;
    while (k < cl.length - 1 && cl[k][0] < u) k++;
    const [u0, v0] = cl[k - 1], [u1, v1] = cl[k];
    return v0 + ((v1 - v0) * (u - u0)) / (u1 - u0);
  };
  /** A zone around (uc, offset from the river) that bends with the river and stays on its bank. */
  const zone = (uc: number, off: number, halfU: number, halfV: number) => {
    let o0 = off - halfV, o1 = off + halfV;
    if (off > 0) o0 = Math.max(o0, half + 10);
    else o1 = Math.min(o1, -half - 10);
    const steps = Math.max(2, Math.ceil((2 * halfU) / 100));
    const ring: Pos[] = [];
    for (let s = 0; s <= steps; s++) {
      const u = uc - halfU + (2 * halfU * s) / steps;
      ring.push(pos(...frameToLngLat(frame, u, riverV(u) + o0)));
    }
    for (let s = steps; s >= 0; s--) {
      const u = uc - halfU + (2 * halfU * s) / steps;
      ring.push(pos(...frameToLngLat(frame, u, riverV(u) + o1)));
    }
    ring.push(ring[0]);
    return { type: 'Polygon', coordinates: [ring] };
  };
  const zoneAt = (node: number, halfU: number, halfV: number) => {
    const [u, v] = uv(node);
    return zone(u, v - riverV(u), halfU, halfV);
  };
  const zoneAlong = (street: StreetLine, margin: number, halfV: number) => {
    const us = street.nodes.map((n) => uv(n)[0]);
    const u0 = Math.min(...us), u1 = Math.max(...us);
    const [um, vm] = uv(street.nodes[street.nodes.length >> 1]);
    return zone((u0 + u1) / 2, vm - riverV(um), (u1 - u0) / 2 + margin, halfV);
  };
  const mid = (s: StreetLine): number => s.nodes[s.nodes.length >> 1];

  const stations = lm.stationSites.map((s, k) => ({
    id: STATIONS[k].id,
    name: `${STATIONS[k].zh}派出所`,
    nameEn: `${STATIONS[k].en} Police Station`,
    lon: round(s.lon),
    lat: round(s.lat),
  }));

  const d = (id: string) => lm.districtCentres.find((c) => c.id === id)!;
  const schoolNames = lm.schools.map((s, k) => {
    const dist = DISTRICTS[k % DISTRICTS.length];
    const middle = s.name.endsWith('中学');
    return { zh: dist.zh + (middle ? '中学' : '小学'), en: `${dist.en} ${middle ? 'Middle' : 'Primary'} School` };
  });

  const patrolZones = [
    { id: 'Z-ZQGC', name: '站前广场', nameEn: 'Railway Station Square', category: 'crowded' as Category, geometry: zoneAt(lm.railwayStationSquare.node, 220, 160) },
    { id: 'Z-CGLC', name: '城关老城区', nameEn: 'Chengguan Old Town', category: 'crowded' as Category, geometry: zoneAt(lm.oldTown.node, 450, 350) },
    { id: 'Z-LDSC', name: '列东农贸市场', nameEn: 'Liedong Market', category: 'crowded' as Category, geometry: zoneAlong(lm.marketStreet, 80, 130) },
    ...lm.schools.slice(0, 3).map((s, k) => ({
      id: `Z-SCH${k + 1}`,
      name: `${schoolNames[k].zh}周边`,
      nameEn: `Around ${schoolNames[k].en}`,
      category: 'complex' as Category,
      geometry: zoneAt(s.node, 180, 180),
    })),
    { id: 'Z-LXJB', name: '列西酒吧街', nameEn: 'Liexi Bar Street', category: 'hotspot' as Category, geometry: zoneAlong(lm.nightlifeStreet, 80, 130) },
    { id: 'Z-LD', name: '列东片区', nameEn: 'Liedong District', category: 'district' as Category, geometry: zoneAt(d('D2').node, 900, 700) },
    { id: 'Z-LX', name: '列西片区', nameEn: 'Liexi District', category: 'district' as Category, geometry: zoneAt(d('D1').node, 900, 700) },
  ];

  // Patrol lines are loops along real generated streets: out along a street, back another way.
  const foot = new Router(city, 'foot');
  const car = new Router(city, 'car');
  const riverside = lm.riversideRoad.nodes;
  const patrolLines = [
    { id: 'L-LDSC', name: '列东农贸市场巡线', nameEn: 'Liedong Market loop', geometry: line(foot.loopBack(lm.marketStreet.nodes, 50)) },
    { id: 'L-BJL', name: '沙溪滨江路巡线', nameEn: 'Shaxi riverside road', geometry: line(car.loopBack(riverside, 6)) },
    { id: 'L-LXJB', name: '列西酒吧街巡线', nameEn: 'Liexi Bar Street loop', geometry: line(foot.loopBack(lm.nightlifeStreet.nodes, 50)) },
    {
      id: 'L-ZQ-CG',
      name: '站前—老城巡线',
      nameEn: 'Station square to old town',
      geometry: line(car.loopBack(car.route(lm.railwayStationSquare.node, lm.oldTown.node), 6)),
    },
    { id: 'L-LDLX', name: '列东—列西跨江巡线', nameEn: 'Liedong–Liexi cross-river loop', geometry: line(car.loopBack(car.route(d('D2').node, d('D1').node), 1000)) },
  ];

  const arterialBridges = lm.bridges.filter((b) => !b.ringRoad);
  const patrolPoints = [
    { id: 'P-ZQGC', name: '站前广场', nameEn: 'Railway Station Square', category: 'crowded' as Category, geometry: point(lm.railwayStationSquare), dwellMinutes: 15 },
    ...lm.schools.map((s, k) => ({
      id: `P-SCH${k + 1}`,
      name: `${schoolNames[k].zh}校门`,
      nameEn: `${schoolNames[k].en} gate`,
      category: 'complex' as Category,
      geometry: point(s),
      dwellMinutes: 15,
    })),
    { id: 'P-LDSC', name: '列东农贸市场', nameEn: 'Liedong Market', category: 'crowded' as Category, geometry: point(mid(lm.marketStreet)), dwellMinutes: 12 },
    { id: 'P-YY', name: '市第一医院门口', nameEn: 'First Hospital entrance', category: 'complex' as Category, geometry: point(lm.hospital), dwellMinutes: 12 },
    { id: 'P-LXJB', name: '列西酒吧街', nameEn: 'Liexi Bar Street', category: 'hotspot' as Category, geometry: point(mid(lm.nightlifeStreet)), dwellMinutes: 15 },
    { id: 'P-CGLJ', name: '城关老街', nameEn: 'Chengguan old street', category: 'crowded' as Category, geometry: point(lm.oldTown), dwellMinutes: 12 },
    ...arterialBridges.slice(1, 5).map((b, k) => ({
      id: `P-QT${k + 1}`,
      name: `${b.name}西桥头`,
      nameEn: `Bridge ${k + 2} (${b.name}) west bridgehead`,
      category: 'complex' as Category,
      // ends[1] is the left-bank (west) head.
      geometry: point(b.ends[1]),
      dwellMinutes: 10,
    })),
  ];

  const scenario = {
    $schema: '../scenario.schema.json',
    name: 'sanming',
    title: { zh: '三明（合成城市）', en: 'Sanming (synthetic)' },
    description:
      "A synthetic mid-size Chinese river-valley city modelled loosely on the urban core of Sanming, Fujian: a long, narrow valley along a 150 m river (after the Shaxi, 沙溪) with districts on both banks, six arterial bridges and a trunk ring road. The streets, names and places are made up: they are generated by Xunfang's own procedural city generator from the parameters under roads.generate, not taken from any map, and do not match real streets. District and station labels (列东, 列西, 城关, 徐碧, 荆西, 富兴堡 …) are borrowed as synthetic labels only. Regenerate with `npx tsx scripts/make-sanming.ts`.",
    synthetic: true,
    attribution: 'Synthetic city generated by Xunfang; no real map data.',
    timezone: 'Asia/Shanghai',
    roads: { generate: { ...SANMING_PARAMS, center: [...SANMING_PARAMS.center] } },
    snapMaxMeters: 500,
    timeOfDay: TIME_OF_DAY,
    stations,
    patrolZones,
    patrolLines,
    patrolPoints,
    units: sanmingUnits(),
    policy: SANMING_POLICY,
    incidents: SANMING_INCIDENTS,
  };
  return { scenario, city };
}

/** JSON with two-space indents, but arrays of plain numbers (positions, hourly rows) on one line. */
export function formatJson(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((x) => typeof x === 'number')) return `[${value.map((x) => JSON.stringify(x)).join(', ')}]`;
    const inner = indent + '  ';
    return `[\n${value.map((x) => inner + formatJson(x, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = indent + '  ';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function main(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const t0 = performance.now();
  const { scenario, city } = buildSanming();
  const ms = performance.now() - t0;
  const graph = buildRoadGraph(city.input);
  const dir = path.join(root, 'scenarios', 'sanming');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'scenario.json');
  writeFileSync(file, formatJson(scenario) + '\n');
  const s = scenario as { stations: unknown[]; patrolZones: unknown[]; patrolLines: unknown[]; patrolPoints: unknown[] };
  console.log(`wrote ${path.relative(root, file)} in ${ms.toFixed(0)} ms`);
  console.log(
    `roads: ${graph.nodeCount} nodes, ${graph.edgeCount} directed edges, ${city.input.ways.length} ways; ` +
      `dropped car ${graph.dropped.car.nodes}, ebike ${graph.dropped.ebike.nodes}, foot ${graph.dropped.foot.nodes} nodes`,
  );
  console.log(
    `places: ${s.stations.length} stations, ${s.patrolZones.length} zones, ${s.patrolLines.length} lines, ${s.patrolPoints.length} points`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
