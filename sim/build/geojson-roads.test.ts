import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROAD_CLASSES } from '../../shared/roads.ts';
import { buildRoadGraph } from '../graph/build-graph.ts';
import type { RoadInput, RoadWay } from '../graph/road-input.ts';
import { roadsGeoJsonFromInput, roadsGeoJsonText } from './geojson-roads-export.ts';
import { GeoJsonRoadsError, roadInputFromGeoJson, type GeoJsonRoadsProblem } from './geojson-roads.ts';
import { parseOsmXml } from './osm-xml.ts';
import { OSM_FIXTURE } from './test-support/osm-fixture.ts';
import { writeOsmXml } from './test-support/write-osm-pbf.ts';

const line = (coordinates: unknown, properties: unknown = { class: 'residential' }) => ({
  type: 'Feature',
  properties,
  geometry: { type: 'LineString', coordinates },
});
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

function problemsOf(doc: unknown): GeoJsonRoadsProblem[] {
  try {
    roadInputFromGeoJson(doc);
  } catch (err) {
    expect(err).toBeInstanceOf(GeoJsonRoadsError);
    return (err as GeoJsonRoadsError).problems;
  }
  throw new Error('expected a GeoJsonRoadsError');
}
const messages = (doc: unknown) => problemsOf(doc).map((p) => `${p.path}: ${p.reason}`);

describe('roadInputFromGeoJson', () => {
  it('connects lines that share an exact coordinate', () => {
    const r = roadInputFromGeoJson(
      collection(
        line([[118, 26], [118.001, 26]]),
        line([[118.001, 26], [118.001, 26.001]]),
        line([[118.0010001, 26], [118.002, 26]]),
      ),
    );
    expect(r.lon.length).toBe(5);
    expect(r.ways.map((w) => w.nodes)).toEqual([[0, 1], [1, 2], [3, 4]]);
  });

  it('applies class defaults and reads every property', () => {
    const r = roadInputFromGeoJson(
      collection(
        line([[0, 0], [0, 1]], { class: 'footway' }),
        line([[0, 0], [1, 0]], { class: 'motorway' }),
        line([[0, 0], [-1, 0]], {
          class: 'primary',
          oneway: -1,
          maxspeed: 60,
          access: { ebike: false },
          name: '解放路',
          bridge: true,
          ebikeContraflow: true,
          roundabout: false,
          osm_id: 5,
        }),
        line([[0, 0], [0, -1]], { class: 'secondary', roundabout: true }),
      ),
    );
    expect(r.ways[0]).toEqual({ nodes: [0, 1], cls: 'footway', oneway: 0, access: { car: false, ebike: false, foot: true } });
    expect(r.ways[1]).toMatchObject({ cls: 'motorway', oneway: 1, access: { car: true, ebike: false, foot: false } });
    expect(r.ways[2]).toEqual({
      nodes: [0, 3],
      cls: 'primary',
      oneway: -1,
      maxSpeedKmh: 60,
      access: { car: true, ebike: false, foot: true },
      name: '解放路',
      bridge: true,
      ebikeContraflow: true,
    });
    expect(r.ways[3]).toMatchObject({ oneway: 1, roundabout: true });
  });

  it('accepts the usual spellings of oneway', () => {
    const oneway = (v: unknown) => roadInputFromGeoJson(collection(line([[0, 0], [1, 1]], { class: 'residential', oneway: v }))).ways[0].oneway;
    for (const v of [true, 1, 'yes', 'true', '1']) expect(oneway(v)).toBe(1);
    for (const v of [false, 0, 'no', 'false', '0', null]) expect(oneway(v)).toBe(0);
    for (const v of [-1, '-1', 'reverse']) expect(oneway(v)).toBe(-1);
  });

  it('maps OSM highway values and reads string properties as OSM tags', () => {
    const r = roadInputFromGeoJson(
      collection(
        line([[0, 0], [1, 0]], { highway: 'motorway_link' }),
        line([[0, 0], [0, 1]], { highway: 'residential', oneway: 'yes', 'oneway:bicycle': 'no', maxspeed: '30 mph', foot: 'no' }),
        line([[0, 0], [1, 1]], { highway: 'construction' }),
        line([[0, 0], [-1, 1]], { highway: 'primary', junction: 'roundabout', bridge: 'yes', access: 'private' }),
        {
          type: 'Feature',
          properties: { highway: 'path' },
          geometry: { type: 'MultiLineString', coordinates: [[[2, 2], [3, 3]], [[3, 3], [4, 4]]] },
        },
      ),
    );
    expect(r.ways).toHaveLength(5); // construction left out, the MultiLineString gives two ways
    expect(r.ways[0]).toMatchObject({ cls: 'motorway', oneway: 1 });
    expect(r.ways[1]).toMatchObject({ cls: 'residential', oneway: 1, ebikeContraflow: true, access: { car: true, ebike: true, foot: false } });
    expect(r.ways[1].maxSpeedKmh).toBeCloseTo(48.28, 2);
    expect(r.ways[2]).toMatchObject({ oneway: 1, roundabout: true, bridge: true, access: { car: false, ebike: false, foot: false } });
    expect(r.ways[3]).toMatchObject({ cls: 'path', nodes: [4, 5] });
    expect(r.ways[4]).toMatchObject({ cls: 'path', nodes: [5, 6] });
  });
});

describe('roadInputFromGeoJson validation', () => {
  it('rejects documents that are not FeatureCollections', () => {
    expect(messages(undefined)).toEqual([': expected a GeoJSON FeatureCollection object, got nothing']);
    expect(messages([])).toEqual([': expected a GeoJSON FeatureCollection object, got []']);
    expect(messages({ type: 'Feature' })).toEqual(['type: expected "FeatureCollection", got "Feature"']);
    expect(messages({ type: 'FeatureCollection', features: {} })).toEqual(['features: expected an array of features, got {}']);
    expect(messages(collection())).toEqual(['features: contains no road lines']);
  });

  it('names the field and the reason of every problem, all at once', () => {
    const doc = collection(
      line([[0, 0], [1, 1]], { class: 'highwayy' }),
      line([[0, 0]]),
      line('nope'),
      line([[0, 0], [1, 1], [200, 0], [0, NaN]]),
      { type: 'Feature', properties: { class: 'primary' }, geometry: { type: 'Polygon', coordinates: [] } },
      line([[0, 0], [1, 1]], { class: 'primary', oneway: 'sometimes', maxspeed: -5, access: { car: 'yes', bus: true }, name: 7, bridge: 'no' }),
      line([[0, 0], [1, 1]], null),
      line([[0, 0], [1, 1]], { name: 'x' }),
      line([[0, 0], [1, 1]], { highway: 'highwayy' }),
      'feature',
      { type: 'Feature', properties: { class: 'primary' }, geometry: null },
      line([[0, 0], 5, [1]]),
      { type: 'Feature', properties: { class: 'primary' }, geometry: { type: 'MultiLineString', coordinates: [] } },
    );
    const list = messages(doc);
    expect(list).toEqual([
      `features[0].properties.class: unknown road class "highwayy"; expected one of ${ROAD_CLASSES.join(', ')}`,
      'features[1].geometry.coordinates: a line needs at least 2 positions, got 1',
      'features[2].geometry.coordinates: expected an array of [longitude, latitude] positions, got "nope"',
      'features[3].geometry.coordinates[2]: longitude 200 is out of range [-180, 180]',
      'features[3].geometry.coordinates[3]: latitude must be a finite number, got NaN',
      'features[4].geometry.type: unsupported geometry type "Polygon"; expected "LineString" or "MultiLineString"',
      'features[5].properties.oneway: expected true/false, 1/0/-1 or "yes"/"no"/"-1", got "sometimes"',
      'features[5].properties.maxspeed: expected a speed in km/h above 0, got -5',
      'features[5].properties.access.car: expected true or false, got "yes"',
      'features[5].properties.access.bus: unknown profile; expected car, ebike or foot',
      'features[5].properties.name: expected a string, got 7',
      'features[6].properties: expected an object with a "class" (or OSM "highway"), got null',
      `features[7].properties.class: missing; give a road class (${ROAD_CLASSES.join(', ')}) or an OSM "highway" value`,
      'features[8].properties.highway: unknown OSM highway value "highwayy"',
      'features[9]: expected a GeoJSON Feature object, got "feature"',
      'features[10].geometry: expected a LineString or MultiLineString geometry, got null',
      'features[11].geometry.coordinates[1]: expected a [longitude, latitude] position, got 5',
      'features[11].geometry.coordinates[2]: expected a [longitude, latitude] position, got [1]',
      'features[12].geometry.coordinates: expected a non-empty array of lines, got []',
    ]);
  });

  it('puts the problems in the error message too', () => {
    const err = (() => {
      try {
        roadInputFromGeoJson(collection(line([[0, 0], [1, 91]])));
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(err?.message).toBe('roads GeoJSON has 1 problem:\n  features[0].geometry.coordinates[1]: latitude 91 is out of range [-90, 90]');
  });
});

/** Way attributes with coordinates instead of node indices, for comparing networks. */
function describeWays(input: RoadInput): unknown[] {
  return input.ways.map((w: RoadWay) => ({
    ...w,
    nodes: w.nodes.map((n) => [Math.round(input.lon[n] * 1e7) / 1e7, Math.round(input.lat[n] * 1e7) / 1e7]),
    access: { ...w.access },
  }));
}

function roundTrip(input: RoadInput, wayIds?: number[]): RoadInput {
  return roadInputFromGeoJson(JSON.parse(roadsGeoJsonText(roadsGeoJsonFromInput(input, { wayIds }))));
}

describe('roads GeoJSON export', () => {
  it('round-trips an OSM import exactly (apart from node ids)', () => {
    const osm = parseOsmXml(writeOsmXml(OSM_FIXTURE));
    const fcOut = roadsGeoJsonFromInput(osm.input, { wayIds: osm.wayIds });
    expect(fcOut.features[0].properties).toEqual({
      class: 'residential',
      oneway: 0,
      maxspeed: 30,
      access: { car: true, ebike: true, foot: true },
      name: 'Main Street',
      osm_id: 10,
    });
    const back = roundTrip(osm.input, osm.wayIds);
    const { sourceId: _ids, ...withoutIds } = osm.input;
    expect(back).toEqual(withoutIds);
    const a = buildRoadGraph(osm.input), b = buildRoadGraph(back);
    expect([b.nodeCount, b.edgeCount, b.dropped]).toEqual([a.nodeCount, a.edgeCount, a.dropped]);
    expect(Array.from(b.edgeAccess)).toEqual(Array.from(a.edgeAccess));
  });

  it('round-trips random networks to equivalent ones', () => {
    const way = fc.record({
      path: fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 2, maxLength: 6 }),
      cls: fc.constantFrom(...ROAD_CLASSES),
      oneway: fc.constantFrom(0 as const, 1 as const, -1 as const),
      access: fc.record({ car: fc.boolean(), ebike: fc.boolean(), foot: fc.boolean() }),
      maxSpeedKmh: fc.option(fc.integer({ min: 5, max: 120 }), { nil: undefined }),
      name: fc.option(fc.constantFrom('东街', 'Rue A', 'x'), { nil: undefined }),
      flags: fc.record({ bridge: fc.boolean(), roundabout: fc.boolean(), ebikeContraflow: fc.boolean() }),
    });
    fc.assert(
      fc.property(fc.array(way, { minLength: 1, maxLength: 12 }), fc.double({ min: -1e-4, max: 1e-4, noNaN: true }), (ways, jitter) => {
        // 16 points on a 4 x 4 grid, jittered off the 7-decimal grid to exercise rounding.
        const lon = Array.from({ length: 16 }, (_, i) => 117.6 + (i % 4) * 0.001 + jitter);
        const lat = Array.from({ length: 16 }, (_, i) => 26.2 + Math.floor(i / 4) * 0.001 - jitter);
        const input: RoadInput = {
          lon,
          lat,
          ways: ways
            .map((w) => {
              const nodes = w.path.filter((n, i) => i === 0 || n !== w.path[i - 1]);
              const rw: RoadWay = { nodes, cls: w.cls, oneway: w.oneway, access: w.access };
              if (w.maxSpeedKmh !== undefined) rw.maxSpeedKmh = w.maxSpeedKmh;
              if (w.name !== undefined) rw.name = w.name;
              if (w.flags.bridge) rw.bridge = true;
              if (w.flags.roundabout) rw.roundabout = true;
              if (w.flags.ebikeContraflow) rw.ebikeContraflow = true;
              return rw;
            })
            .filter((w) => w.nodes.length >= 2),
        };
        if (input.ways.length === 0) return;
        const back = roundTrip(input);
        expect(describeWays(back)).toEqual(describeWays(input));
        const a = buildRoadGraph(input, { keepAllComponents: true });
        const b = buildRoadGraph(back, { keepAllComponents: true });
        expect([b.nodeCount, b.edgeCount]).toEqual([a.nodeCount, a.edgeCount]);
      }),
      { numRuns: 200 },
    );
  });
});
