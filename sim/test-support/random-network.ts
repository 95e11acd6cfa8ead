// Random road networks for property and differential tests: jittered grids with random classes,
// one-way streets, footways, missing segments and the odd isolated piece.

import fc from 'fast-check';
import { ROAD_CLASSES, type RoadClass } from '../../shared/roads.ts';
import type { RoadInput, RoadWay } from '../graph/road-input.ts';

export interface RandomNetworkSpec {
  cols: number;
  rows: number;
  cells: { cls: number; oneway: number; keep: boolean }[];
  jitter: number[];
}

const CLASSES: RoadClass[] = ['primary', 'secondary', 'tertiary', 'residential', 'service', 'footway', 'cycleway', 'trunk', 'living_street'];

export const randomNetworkSpec = (maxSide = 7): fc.Arbitrary<RandomNetworkSpec> =>
  fc
    .record({ cols: fc.integer({ min: 2, max: maxSide }), rows: fc.integer({ min: 2, max: maxSide }) })
    .chain(({ cols, rows }) =>
      fc.record({
        cols: fc.constant(cols),
        rows: fc.constant(rows),
        cells: fc.array(
          fc.record({ cls: fc.integer({ min: 0, max: CLASSES.length - 1 }), oneway: fc.integer({ min: -1, max: 4 }), keep: fc.boolean() }),
          { minLength: 2 * cols * rows, maxLength: 2 * cols * rows },
        ),
        jitter: fc.array(fc.double({ min: -0.3, max: 0.3, noNaN: true }), { minLength: 2 * cols * rows, maxLength: 2 * cols * rows }),
      }),
    );

/** Builds a grid network about 100 m per cell near (117.6, 26.2) from a spec. */
export function networkFromSpec(spec: RandomNetworkSpec): RoadInput {
  const { cols, rows } = spec;
  const lon: number[] = [];
  const lat: number[] = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const k = j * cols + i;
      lon.push(117.6 + (i + spec.jitter[2 * k]) * 0.001);
      lat.push(26.2 + (j + spec.jitter[2 * k + 1]) * 0.0009);
    }
  }
  const ways: RoadWay[] = [];
  let c = 0;
  const add = (a: number, b: number) => {
    const cell = spec.cells[c++];
    if (!cell.keep && c % 3 !== 0) return;
    const cls = CLASSES[cell.cls];
    const oneway = cell.oneway === 1 ? 1 : cell.oneway === -1 ? -1 : 0;
    const car = !['footway', 'cycleway'].includes(cls);
    const slow = ['footway', 'cycleway'].includes(cls);
    ways.push({
      nodes: [a, b],
      cls,
      oneway: slow ? 0 : oneway,
      access: { car, ebike: cls !== 'trunk', foot: cls !== 'trunk' },
      maxSpeedKmh: cell.oneway === 4 ? 20 : undefined,
    });
  };
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const k = j * cols + i;
      if (i + 1 < cols) add(k, k + 1);
      if (j + 1 < rows) add(k, k + cols);
    }
  }
  if (ways.length === 0) ways.push({ nodes: [0, 1], cls: 'residential', oneway: 0, access: { car: true, ebike: true, foot: true } });
  return { lon, lat, ways };
}

export { ROAD_CLASSES };
