// Places named landmarks on the generated network: district centres, the old town, a station
// square, market and night-life streets, schools, a hospital, police station sites, bridges and
// the river outline. Point landmarks sit exactly on a car-reachable intersection so scenario
// features built from them are on the road network.

import type { CityFrame } from './frame.ts';
import { RESIDENTIAL, TERTIARY, isArterial, type GridPlan } from './grid.ts';
import { WAY_RING_BRIDGE, WAY_ROW, type BuiltNetwork } from './build.ts';
import type { NameSource } from './names.ts';
import { meanderAt, riverOutline, type Meander } from './river.ts';

export type LngLatPair = [number, number];

/** A point on the network: `node` indexes RoadInput.lon/lat. */
export interface Site {
  lon: number;
  lat: number;
  node: number;
}
export interface NamedSite extends Site {
  id: string;
  name: string;
}
export interface DistrictCentre extends NamedSite {
  /** +1 left bank of the river axis, -1 right bank */
  bank: 1 | -1;
}
export interface StationSite extends NamedSite {
  /** id of the nearest district centre */
  district: string;
}
export interface StreetLine {
  name: string;
  /** index into RoadInput.ways */
  way: number;
  /** RoadInput node indices along the street */
  nodes: number[];
  line: LngLatPair[];
}
export interface BridgeSite {
  id: string;
  name: string;
  /** midpoint */
  lon: number;
  lat: number;
  way: number;
  /** the two bridge heads */
  ends: [Site, Site];
  ringRoad: boolean;
}
export interface RiverLandmark {
  widthM: number;
  centreline: LngLatPair[];
  /** closed ring, counter-clockwise */
  polygon: LngLatPair[];
}

export interface CityLandmarks {
  /** [minLon, minLat, maxLon, maxLat] of all road nodes */
  bbox: [number, number, number, number];
  center: LngLatPair;
  districtCentres: DistrictCentre[];
  oldTown: Site;
  railwayStationSquare: Site;
  marketStreet: StreetLine;
  nightlifeStreet: StreetLine;
  pedestrianStreets: StreetLine[];
  /** the left-bank riverside road around the old town, as one polyline along its nodes */
  riversideRoad: StreetLine;
  schools: NamedSite[];
  hospital: NamedSite;
  /** eight suggested police station sites spread over the city */
  stationSites: StationSite[];
  bridges: BridgeSite[];
  river: RiverLandmark | null;
  hasRingRoad: boolean;
}

export interface LandmarkInput {
  g: GridPlan;
  net: BuiltNetwork;
  lon: Float64Array;
  lat: Float64Array;
  inMain: Uint8Array;
  frame: CityFrame;
  meander: Meander;
  names: NameSource;
  oldTown: { i: number; j: number };
  center: LngLatPair;
}

type LineFilter = (rowCls: number, colCls: number) => boolean;
const anyLine: LineFilter = () => true;
const majorLine: LineFilter = (r, c) => r <= TERTIARY || c <= TERTIARY;
const arterialLine: LineFilter = (r, c) => isArterial(r) || isArterial(c);
const residentialLine: LineFilter = (r, c) => r === RESIDENTIAL || c === RESIDENTIAL;

export function placeLandmarks(inp: LandmarkInput): CityLandmarks {
  const { g, net, lon, lat, inMain } = inp;
  const { nu, nv, b } = g;
  const L = g.lengthM;
  const site = (node: number): Site => ({ lon: lon[node], lat: lat[node], node });
  const used = new Set<number>();

  /** Target (u, v) from a fraction of the half length and a bank row fraction. */
  const target = (uFrac: number, bank: 1 | -1, kFrac: number): [number, number] => {
    const u = (uFrac * L) / 2;
    const n = bank > 0 ? g.nPlus : g.nMinus;
    const k = Math.round(kFrac * (n - 1));
    const j = bank > 0 ? g.gap + k : g.gap - 1 - k;
    return [u, meanderAt(inp.meander, u) + g.rowOff[j]];
  };
  /** Nearest car-reachable intersection to (u, v) on lines passing `filter`, not yet used. */
  const nearest = (u: number, v: number, filter: LineFilter, bank = 0, unique = true): number => {
    let best = -1, bestD = Infinity;
    const scan = (iLo: number, iHi: number, strict: boolean) => {
      for (let i = iLo; i <= iHi; i++) {
        for (let j = 0; j < nv; j++) {
          const id = net.nodeAt[i * nv + j];
          if (id < 0 || !inMain[id] || (bank !== 0 && g.rowBank[j] !== bank)) continue;
          if (strict && (!filter(g.rowCls[j], g.colCls[i]) || (unique && used.has(id)))) continue;
          const d = (net.u[id] - u) ** 2 + (net.v[id] - v) ** 2;
          if (d < bestD) {
            bestD = d;
            best = id;
          }
        }
      }
    };
    // Search a window of columns around u, widening it until nothing outside could be closer
    // (intersections stray at most blockM / 4 from their column).
    const ic = Math.min(nu - 1, Math.max(0, Math.round((u - g.colU[0]) / b)));
    for (let w = 8; ; w *= 4) {
      const iLo = Math.max(0, ic - w), iHi = Math.min(nu - 1, ic + w);
      best = -1;
      bestD = Infinity;
      scan(iLo, iHi, true);
      const full = iLo === 0 && iHi === nu - 1;
      if (full || (best >= 0 && Math.sqrt(bestD) <= (w - 1) * b)) break;
    }
    if (best < 0) scan(0, nu - 1, false); // nothing passes the filter: take any road node
    if (best < 0) throw new Error('city has no car-reachable intersection');
    if (unique) used.add(best);
    return best;
  };
  const named = (id: string, name: string, node: number): NamedSite => ({ id, name, ...site(node) });

  // Districts: alternate banks along the valley; small cities get three.
  const districtSpec: [number, 1 | -1, number][] = [
    [0.56, 1, 0.35],
    [0.44, -1, 0.35],
    [-0.08, 1, 0.25],
    [-0.4, -1, 0.4],
    [-0.72, 1, 0.4],
  ];
  const nDistricts = nu >= 60 ? 5 : 3;
  const districtCentres: DistrictCentre[] = [];
  for (let d = 0; d < nDistricts; d++) {
    const [uf, bank, kf] = districtSpec[d];
    const [u, v] = target(uf, bank, kf);
    const node = nearest(u, v, majorLine, bank);
    districtCentres.push({ id: `D${d + 1}`, name: inp.names.base(), bank, ...site(node) });
  }

  const ot = net.nodeAt[inp.oldTown.i * nv + inp.oldTown.j];
  const oldTownNode = ot >= 0 && inMain[ot] ? ot : nearest(g.colU[inp.oldTown.i], meanderAt(inp.meander, g.colU[inp.oldTown.i]) + g.rowOff[inp.oldTown.j], anyLine);
  used.add(oldTownNode);

  const [su, sv] = target(0.24, -1, 0.6);
  const railwayStationSquare = site(nearest(su, sv, arterialLine, -1));
  const [hu, hv] = target(0.1, -1, 0.3);
  const hospital = named('H1', inp.names.base() + '医院', nearest(hu, hv, arterialLine, -1));

  const schools: NamedSite[] = [];
  const nSchools = Math.min(5, Math.max(3, nDistricts));
  for (let s = 0; s < nSchools; s++) {
    const dc = districtCentres[s % districtCentres.length];
    const [u, v] = [net.u[dc.node] + 2.5 * b * (s % 2 ? -1 : 1), net.v[dc.node] + 1.5 * b * dc.bank];
    const kind = s % 2 ? '中学' : '小学';
    schools.push(named(`SCH${s + 1}`, inp.names.base() + kind, nearest(u, v, residentialLine, dc.bank)));
  }

  // Station sites: a 4 × 2 layout over both banks, on a tertiary or bigger road.
  const stationSites: StationSite[] = [];
  const uFracs = [-0.75, -0.25, 0.25, 0.75];
  for (const bank of [1, -1] as const) {
    for (const uf of uFracs) {
      const [u, v] = target(uf, bank, 0.4);
      const node = nearest(u, v, majorLine, bank);
      let district = districtCentres[0];
      let bd = Infinity;
      for (const dc of districtCentres) {
        const d = (net.u[dc.node] - net.u[node]) ** 2 + (net.v[dc.node] - net.v[node]) ** 2;
        if (d < bd) {
          bd = d;
          district = dc;
        }
      }
      stationSites.push({ id: `PS${stationSites.length + 1}`, name: inp.names.base() + '派出所', district: district.id, ...site(node) });
    }
  }

  // Streets chosen from the built row ways (they follow the network exactly).
  const streetLine = (w: number): StreetLine => ({
    name: net.ways[w].name ?? '',
    way: w,
    nodes: [...net.ways[w].nodes],
    line: net.ways[w].nodes.map((n) => [lon[n], lat[n]] as LngLatPair),
  });
  const takenWays = new Set<number>();
  const pickStreet = (u: number, v: number, bank: number): number => {
    let best = -1, bestScore = Infinity;
    net.ways.forEach((w, k) => {
      if (net.meta[k].kind !== WAY_ROW || takenWays.has(k)) return;
      if ((w.cls !== 'residential' && w.cls !== 'tertiary') || g.rowBank[net.meta[k].line] !== bank) return;
      if (!w.nodes.every((n) => inMain[n])) return;
      const mid = w.nodes[w.nodes.length >> 1];
      let blocks = -1;
      for (const n of w.nodes) if (n < net.intersections) blocks++;
      // Prefer long streets (3+ blocks) close to the target.
      const score = Math.hypot(net.u[mid] - u, net.v[mid] - v) + (blocks < 3 ? 5 * b : 0);
      if (score < bestScore) {
        bestScore = score;
        best = k;
      }
    });
    if (best < 0) {
      // Tiny cities: fall back to any street way.
      best = net.ways.findIndex((w, k) => !takenWays.has(k) && w.access.car && w.nodes.every((n) => inMain[n]));
    }
    takenWays.add(best);
    return best;
  };
  const d2 = districtCentres[1];
  const marketStreet = streetLine(pickStreet(net.u[d2.node] - 2 * b, net.v[d2.node], d2.bank));
  const [nu0, nv0] = target(0.5, 1, 0.1);
  const nightlifeStreet = streetLine(pickStreet(nu0, nv0, 1));

  const pedestrianStreets: StreetLine[] = [];
  const bridges: BridgeSite[] = [];
  net.ways.forEach((w, k) => {
    if (w.cls === 'pedestrian' || w.cls === 'footway') pedestrianStreets.push(streetLine(k));
    if (w.bridge) {
      const a = w.nodes[0], z = w.nodes[w.nodes.length - 1];
      bridges.push({
        id: `B${bridges.length + 1}`,
        name: w.name ?? '',
        lon: (lon[a] + lon[z]) / 2,
        lat: (lat[a] + lat[z]) / 2,
        way: k,
        ends: [site(a), site(z)],
        ringRoad: net.meta[k].kind === WAY_RING_BRIDGE,
      });
    }
  });

  // Riverside road on the old-town bank: consecutive ways of row `gap` within ±1.5 km of the old town.
  const riverRow = g.gap;
  const uO = g.colU[inp.oldTown.i];
  const rsNodes: number[] = [];
  let rsWay = -1;
  net.ways.forEach((w, k) => {
    if (net.meta[k].kind !== WAY_ROW || net.meta[k].line !== riverRow) return;
    const u0 = net.u[w.nodes[0]], u1 = net.u[w.nodes[w.nodes.length - 1]];
    if (u1 < uO - 1500 || u0 > uO + 1500) return;
    if (rsNodes.length && rsNodes[rsNodes.length - 1] !== w.nodes[0]) return; // keep it continuous
    if (rsWay < 0) rsWay = k;
    for (const n of w.nodes) if (rsNodes[rsNodes.length - 1] !== n) rsNodes.push(n);
  });
  const riversideRoad: StreetLine = {
    name: rsWay >= 0 ? (net.ways[rsWay].name ?? '') : '',
    way: rsWay,
    nodes: rsNodes,
    line: rsNodes.map((n) => [lon[n], lat[n]] as LngLatPair),
  };

  let river: RiverLandmark | null = null;
  if (g.hasRiver) {
    const u0 = g.colU[0] - 2 * b, u1 = g.colU[nu - 1] + 2 * b;
    const o = riverOutline(inp.frame, inp.meander, u0, u1, g.riverWidthM, Math.max(b / 2, (u1 - u0) / 600));
    river = { widthM: g.riverWidthM, centreline: o.centreline, polygon: o.polygon };
  }

  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (let i = 0; i < lon.length; i++) {
    if (lon[i] < minLon) minLon = lon[i];
    if (lon[i] > maxLon) maxLon = lon[i];
    if (lat[i] < minLat) minLat = lat[i];
    if (lat[i] > maxLat) maxLat = lat[i];
  }

  return {
    bbox: [minLon, minLat, maxLon, maxLat],
    center: inp.center,
    districtCentres,
    oldTown: site(oldTownNode),
    railwayStationSquare,
    marketStreet,
    nightlifeStreet,
    pedestrianStreets,
    riversideRoad,
    schools,
    hospital,
    stationSites,
    bridges,
    river,
    hasRingRoad: net.ways.some((w) => w.cls === 'trunk'),
  };
}
