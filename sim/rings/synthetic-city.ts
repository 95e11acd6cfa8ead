// A small deterministic street-grid city for the rings tests and benchmark: jittered blocks,
// arterials every few streets, one-way and missing residential links, footways cars cannot use,
// a river crossed only at bridges and a park without roads. Enough structure to produce real
// holes, islands and unreachable areas, without depending on the full city generator.

import type { RoadClass } from '../../shared/roads.ts';
import type { RoadInput, RoadWay } from '../graph/road-input.ts';
import { createRandom } from '../random.ts';

export interface SyntheticCityOptions {
  seed: number;
  cols: number;
  rows: number;
  /** street spacing in metres (default 100) */
  blockMeters?: number;
  /** an arterial every this many streets (default 8) */
  arterialEvery?: number;
  /** add a river between two rows, bridged every `bridgeEvery` columns (default true) */
  river?: boolean;
  bridgeEvery?: number;
  /** leave out a park of about a fifth of the width and height (default true) */
  park?: boolean;
  lon0?: number;
  lat0?: number;
}

const M_PER_DEG_LAT = 111_195;

export function syntheticCity(o: SyntheticCityOptions): RoadInput {
  const rnd = createRandom(o.seed);
  const { cols, rows } = o;
  const block = o.blockMeters ?? 100;
  const every = o.arterialEvery ?? 8;
  const lon0 = o.lon0 ?? 117.6, lat0 = o.lat0 ?? 26.2;
  const mPerDegLon = M_PER_DEG_LAT * Math.cos((lat0 * Math.PI) / 180);
  const riverRow = o.river === false ? -1 : Math.floor(rows * 0.6);
  const bridgeEvery = o.bridgeEvery ?? 12;
  const riverGap = 2.5 * block;
  const park = o.park === false ? null : {
    i0: Math.floor(cols * 0.25), i1: Math.floor(cols * 0.25) + Math.max(2, Math.floor(cols / 5)),
    j0: Math.floor(rows * 0.2), j1: Math.floor(rows * 0.2) + Math.max(2, Math.floor(rows / 5)),
  };
  const inPark = (i: number, j: number) => park !== null && i > park.i0 && i < park.i1 && j > park.j0 && j < park.j1;

  const lon = new Float64Array(cols * rows);
  const lat = new Float64Array(cols * rows);
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const k = j * cols + i;
      const jitter = i % every === 0 || j % every === 0 ? 0.05 : 0.22; // arterials run straighter
      const x = (i + rnd.uniform(-jitter, jitter)) * block;
      const y = (j + rnd.uniform(-jitter, jitter)) * block + (riverRow >= 0 && j > riverRow ? riverGap : 0);
      lon[k] = lon0 + x / mPerDegLon;
      lat[k] = lat0 + y / M_PER_DEG_LAT;
    }
  }

  const ways: RoadWay[] = [];
  const all = { car: true, ebike: true, foot: true };
  const add = (a: number, b: number, arterialLine: boolean, line: number) => {
    let cls: RoadClass;
    let oneway: 0 | 1 | -1 = 0;
    if (arterialLine) cls = line % (2 * every) === 0 ? 'primary' : 'secondary';
    else {
      const r = rnd.next();
      if (r < 0.1) return; // missing link: dead ends and irregular blocks
      if (r < 0.16) {
        ways.push({ nodes: [a, b], cls: 'footway', oneway: 0, access: { car: false, ebike: true, foot: true } });
        return;
      }
      cls = r < 0.3 ? 'tertiary' : r < 0.36 ? 'service' : 'residential';
      if (rnd.chance(0.12)) oneway = rnd.chance(0.5) ? 1 : -1;
    }
    ways.push({ nodes: [a, b], cls, oneway, access: all });
  };
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const k = j * cols + i;
      if (inPark(i, j)) continue;
      if (i + 1 < cols && !inPark(i + 1, j)) add(k, k + 1, j % every === 0, j);
      if (j + 1 < rows && !inPark(i, j + 1)) {
        if (j === riverRow && i % bridgeEvery !== 0) continue;
        add(k, k + cols, i % every === 0, i);
      }
    }
  }
  return { lon, lat, ways };
}
