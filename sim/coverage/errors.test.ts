import { describe, expect, it } from 'vitest';
import { buildRoadGraph } from '../graph/build-graph.ts';
import { networkFromSpec } from '../test-support/random-network.ts';
import { CoverageInputError, CoverageModel, type UnitGroup } from './index.ts';
import { costsFor, onRoad } from './test-helpers.ts';

const spec = {
  cols: 4,
  rows: 4,
  cells: Array.from({ length: 32 }, () => ({ cls: 3, oneway: 0, keep: true })),
  jitter: Array.from({ length: 32 }, () => 0),
};
const g = buildRoadGraph(networkFromSpec(spec));
const car = costsFor(g, 'car');

/** Runs f and returns the CoverageInputError it throws (failing the test if it throws nothing else). */
function errorOf(f: () => unknown): CoverageInputError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(CoverageInputError);
    return err as CoverageInputError;
  }
  throw new Error('expected a CoverageInputError');
}

const far = [[[118.5, 27.0], [118.51, 27.0], [118.51, 27.01], [118.5, 27.0]]] as [number, number][][];
const near = [[[117.599, 26.199], [117.604, 26.199], [117.604, 26.203], [117.599, 26.199]]] as [number, number][][];

describe('coverage input errors name the field', () => {
  it('a zone or line without road segments', () => {
    const e = errorOf(() => new CoverageModel(g, { car }, { zones: [{ id: 'Z-1', geometry: { coordinates: near } }, { id: 'Z-2', geometry: { coordinates: near } }, { id: 'Z-OLD', geometry: { coordinates: far } }] }));
    expect(e.field).toBe('zones[2] (Z-OLD)');
    expect(e.message).toBe('zones[2] (Z-OLD): contains no road segment');
    const l = errorOf(() => new CoverageModel(g, { car }, { lines: [{ id: 'L-X', geometry: { coordinates: [[118.5, 27], [118.6, 27]] } }] }));
    expect(l.message).toBe('lines[0] (L-X): has no road segment within 25 m');
  });

  it('unknown profiles, in the costs and in the groups', () => {
    expect(errorOf(() => new CoverageModel(g, { horse: car } as never)).field).toBe('costs.horse');
    expect(errorOf(() => new CoverageModel(g, {})).field).toBe('costs');
    const model = new CoverageModel(g, { car });
    const horse = errorOf(() => model.measure([{ profile: 'horse', positions: [] } as unknown as UnitGroup]));
    expect(horse.message).toBe('groups[0].profile: unknown profile "horse"; expected one of car, ebike, foot');
    expect(errorOf(() => model.measure([{ profile: 'foot', positions: [] }])).message).toMatch(/^groups\[0\]\.profile: profile foot is not in this coverage model \(car\)/);
    expect(errorOf(() => model.setCosts({ ebike: costsFor(g, 'ebike') })).field).toBe('costs.ebike');
  });

  it('positions with bad edge ids, fractions or off-road times', () => {
    const model = new CoverageModel(g, { car });
    const ok = onRoad(g, 0, 0.5);
    const bad = (p: object) => errorOf(() => model.measure([{ profile: 'car', positions: [ok, p as never] }]));
    expect(bad({ ...ok, edge: g.edgeCount }).message).toBe(`groups[0].positions[1].edge: edge ${g.edgeCount} is not in 0..${g.edgeCount - 1}`);
    expect(bad({ ...ok, edge: -1 }).field).toBe('groups[0].positions[1].edge');
    expect(bad({ ...ok, edge: 1.5 }).field).toBe('groups[0].positions[1].edge');
    expect(bad({ ...ok, t: 1.2 }).field).toBe('groups[0].positions[1].t');
    expect(bad({ ...ok, offRoadSeconds: NaN }).field).toBe('groups[0].positions[1].offRoadSeconds');
    // A rejected call leaves nothing behind: the next one equals a fresh model's.
    const fresh = new CoverageModel(g, { car }).measure([{ profile: 'car', positions: [ok] }]);
    expect(model.measure([{ profile: 'car', positions: [ok] }])).toEqual(fresh);
  });

  it('thresholds, weights and far places', () => {
    expect(errorOf(() => new CoverageModel(g, { car }, {}, { thresholds: [60, 30] })).message).toBe('thresholds[1]: must be greater than thresholds[0] (60), got 30');
    expect(errorOf(() => new CoverageModel(g, { car }, {}, { thresholds: [] })).field).toBe('thresholds');
    expect(errorOf(() => new CoverageModel(g, { car }, { hotspots: [{ id: 'H', lon: 117.6, lat: 26.2, weight: -1 }] })).field).toBe('hotspots[0] (H).weight');
    const farPoint = errorOf(() => new CoverageModel(g, { car }, { points: [{ id: 'P-9', geometry: { coordinates: [118.5, 27] } }] }));
    expect(farPoint.field).toBe('points[0] (P-9)');
    expect(farPoint.reason).toMatch(/m from the nearest road usable by profile car \(limit 500 m\)$/);
  });
});
