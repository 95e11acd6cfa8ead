import { describe, expect, it } from 'vitest';
import { buildRoadGraph } from '../graph/build-graph.ts';
import type { RoadInput } from '../graph/road-input.ts';
import { buildSegmentIndex } from '../graph/segment-index.ts';
import { nearestToPair, roadProximity } from './road-proximity.ts';
import type { PlaceRef } from './validate-scenario.ts';

// A 3×3 grid of two-way residential streets, ~100 m apart, around (117.6, 26.2).
const D = 0.001;
function grid(): RoadInput {
  const lon: number[] = [], lat: number[] = [];
  for (let j = 0; j < 3; j++) {
    for (let i = 0; i < 3; i++) {
      lon.push(117.6 + i * D);
      lat.push(26.2 + j * D);
    }
  }
  const access = { car: true, ebike: true, foot: true };
  const ways = [];
  for (let k = 0; k < 3; k++) {
    ways.push({ nodes: [3 * k, 3 * k + 1, 3 * k + 2], cls: 'residential' as const, oneway: 0 as const, access });
    ways.push({ nodes: [k, k + 3, k + 6], cls: 'residential' as const, oneway: 0 as const, access });
  }
  return { lon, lat, ways };
}

const g = buildRoadGraph(grid());
const idx = buildSegmentIndex(g);
const square = (lon: number, lat: number, d: number) => [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]];
const ref = (path: string, geometry: unknown): PlaceRef => ({ file: 'scenario.json', path, idPath: `${path}.id`, id: 'x', geometryPath: `${path}.geometry`, geometry });

describe('roadProximity', () => {
  it('accepts places near roads and resolves segment closures to the edge between the positions', () => {
    const { problems, closures } = roadProximity(g, idx, {
      file: 'scenario.json',
      snapMaxMeters: 200,
      stations: [{ lon: 117.6004, lat: 26.2001 }],
      zoneRefs: [ref('patrolZones[0]', { type: 'Polygon', coordinates: square(117.5995, 26.1995, 0.0012) })],
      pointRefs: [ref('patrolPoints[0]', { type: 'Point', coordinates: [117.601, 26.2015] })],
      closures: [
        { id: 'c1', segments: [[[117.6, 26.2], [117.601, 26.2]]] },
        { id: 'c2', polygon: { type: 'Polygon', coordinates: square(117.6, 26.2, 0.0005) as [number, number][][] } },
      ],
    });
    expect(problems).toEqual([]);
    const e = closures[0].edges[0];
    const ends = [g.lon[g.edgeFrom[e]], g.lon[g.edgeTo[e]]].sort();
    expect(ends[0]).toBeCloseTo(117.6, 9);
    expect(ends[1]).toBeCloseTo(117.601, 9);
    expect(g.lat[g.edgeFrom[e]]).toBeCloseTo(26.2, 9);
    expect(closures[1].edges).toEqual([]);
  });

  it('reports places and closures that no road is near', () => {
    const { problems } = roadProximity(g, idx, {
      file: 'scenario.json',
      snapMaxMeters: 200,
      stations: [{ lon: 117.6, lat: 26.2 }, { lon: 117.7, lat: 26.2 }],
      zoneRefs: [{ ...ref('features[1]', { type: 'Polygon', coordinates: square(117.65, 26.25, 0.01) }), file: 'zones.geojson' }],
      pointRefs: [ref('patrolPoints[0]', { type: 'Point', coordinates: [26.2, 26.2] })],
      closures: [{ id: 'c1', segments: [[[117.6, 26.2], [117.601, 26.2]], [[117.6, 26.3], [117.601, 26.3]]] }],
    });
    expect(problems).toEqual([
      { file: 'scenario.json', path: 'stations[1]', reason: 'no road within 200 m of [117.7, 26.2] (snapMaxMeters)' },
      { file: 'scenario.json', path: 'patrolPoints[0].geometry.coordinates', reason: 'no road within 200 m of [26.2, 26.2] (snapMaxMeters)' },
      { file: 'zones.geojson', path: 'features[1].geometry', reason: 'no road inside this zone' },
      { file: 'scenario.json', path: 'closures[0].segments[1]', reason: 'no road segment within 200 m of both positions' },
    ]);
  });

  it('prefers the segment near both positions over one near only the first', () => {
    // From the corner (0,0) towards (0,1): the vertical street, not the horizontal one.
    const hit = nearestToPair(g, idx, [117.6, 26.2], [117.6, 26.2 + D], 50);
    expect(hit).not.toBeNull();
    const e = hit!.edge;
    expect(g.lon[g.edgeFrom[e]]).toBeCloseTo(117.6, 9);
    expect(g.lon[g.edgeTo[e]]).toBeCloseTo(117.6, 9);
  });
});
