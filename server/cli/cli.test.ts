// The CLI as a user meets it: commands run through `main`, with their output, messages and exit
// codes (0 ok, 1 bad data, 2 bad usage). Uses a small generated city so each command is quick.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'xunfang-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});

const center: [number, number] = [117.62, 26.26];
const town = path.join(tmp, 'town');
mkdirSync(town);
writeFileSync(
  path.join(town, 'scenario.json'),
  JSON.stringify({
    name: 'town',
    title: { zh: '小城', en: 'Small town' },
    synthetic: true,
    roads: { generate: { seed: 5, center, lengthKm: 2.4, widthKm: 1.6, blockM: 90, bridges: 2 } },
    stations: [{ id: 'S1', name: '一所', lon: center[0], lat: center[1] }],
    patrolZones: [],
    patrolLines: [],
    patrolPoints: [],
  }),
);
const file = (name: string, text: string): string => {
  const f = path.join(tmp, name);
  writeFileSync(f, text);
  return f;
};

const run = runCli;

const near = (dx: number, dy: number) => `${center[0] + dx},${center[1] + dy}`;

describe('xunfang isochrone', () => {
  it('prints nested rings as GeoJSON, largest first, with contour and metric', async () => {
    const r = await run('isochrone', town, '--from', near(0.001, 0.001), '--minutes', '1,3');
    expect(r.code).toBe(0);
    const fc = JSON.parse(r.out) as { features: { properties: { contour: number; metric: string; areaKm2: number } }[] };
    expect(fc.features.map((f) => f.properties.contour)).toEqual([3, 1]);
    expect(fc.features.every((f) => f.properties.metric === 'time')).toBe(true);
    expect(fc.features[0].properties.areaKm2).toBeGreaterThan(fc.features[1].properties.areaKm2);
    expect(r.err).toMatch(/1 min: [\d.]+ km of road/);
  });

  it.each([
    [['--profile', 'tank'], /--profile: unknown profile "tank"; expected one of car, ebike, foot/],
    [['--minutes', '1,0'], /--minutes\[1\]: must be a positive number of minutes, got "0"/],
    [['--minutes', '3,abc'], /--minutes\[1\]: must be a positive number of minutes, got "abc"/],
    [['--minutes', '-2'], /--minutes\[0\]: must be a positive number/],
    [['--at', '25:00'], /--at: /],
    [['--cell', '0'], /--cell: must be a number of metres/],
  ])('refuses %j with a usage error naming the flag', async (extra, message) => {
    const r = await run('isochrone', town, '--from', near(0.001, 0.001), ...extra);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it.each([
    ['NaN,26.26', /--from: longitude must be a finite number, got NaN/],
    ['117.6', /--from: expected "lon,lat"/],
    ['200,26', /--from: longitude 200 is out of range/],
    ['117.6,95', /--from: latitude 95 is out of range/],
  ])('refuses the position %s', async (from, message) => {
    const r = await run('isochrone', town, '--from', from);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('says how far a point is from the nearest road', async () => {
    const r = await run('isochrone', town, '--from', near(0.2, 0.2));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--from: .*\d+ m from the nearest road.*500 m/);
  });
});

describe('xunfang matrix', () => {
  it('gives seconds between points, 0 on the diagonal, and reads positions from files', async () => {
    // Road node positions (from export-roads), so no walk to the road is added.
    const roads = path.join(tmp, 'm-roads.geojson');
    expect((await run('export-roads', town, '--out', roads)).code).toBe(0);
    const feats = (JSON.parse(readFileSync(roads, 'utf8')) as { features: { geometry: { coordinates: number[][] } }[] }).features;
    const pts = file('pts.json', JSON.stringify([0, 0.4, 0.8].map((q) => feats[Math.floor(q * feats.length)].geometry.coordinates[0])));
    const r = await run('matrix', town, '--from', pts, '--to', pts, '--profile', 'ebike');
    expect(r.code).toBe(0);
    const m = (JSON.parse(r.out) as { seconds: number[][] }).seconds;
    expect(m).toHaveLength(3);
    m.forEach((row, i) => {
      expect(row[i]).toBeLessThanOrEqual(0.2); // coordinates rounded to 1e-6° leave a few cm to walk
      row.forEach((s, j) => {
        if (i !== j) expect(s).toBeGreaterThan(10);
      });
    });
  });

  it('names the entry of a bad positions file', async () => {
    const bad = file('bad-pts.json', JSON.stringify([[117.6, 26.2], [117.6, 'x']]));
    const r = await run('matrix', town, '--from', bad, '--to', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--from\[1\]: latitude must be a finite number/);
    const broken = file('broken.json', '[[117.6, 26.2],');
    const r2 = await run('matrix', town, '--from', broken, '--to', broken);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/--from: .*broken\.json is not valid JSON/);
  });
});

describe('xunfang rings', () => {
  const units = file(
    'units.json',
    JSON.stringify([
      { id: 'car-1', lon: center[0] + 0.002, lat: center[1] },
      { id: 'bike-1', lon: center[0] - 0.005, lat: center[1] + 0.002, profile: 'ebike' },
      { id: 'foot-1', lon: center[0] + 0.004, lat: center[1] - 0.003, profile: 'foot' },
      { id: 'car-2', lon: center[0] - 0.006, lat: center[1] - 0.003, available: false },
    ]),
  );

  it('merges the rings of available units of every profile', async () => {
    const out = path.join(tmp, 'rings.geojson');
    const r = await run('rings', town, '--units', units, '--minutes', '1,3,5', '--out', out);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/units: 1 car, 1 ebike, 1 foot \(1 unavailable, left out\)/);
    const fc = JSON.parse(readFileSync(out, 'utf8')) as { features: { properties: { contour: number; reachableRoadMeters: number } }[] };
    expect(fc.features.map((f) => f.properties.contour)).toEqual([5, 3, 1]);
    expect(fc.features[2].properties.reachableRoadMeters).toBeGreaterThan(0);
  });

  it.each([
    [[{ id: 'a', lon: 117.6 }], /--units\[0\]\.lat: must be a finite number, got undefined/],
    [[{ id: 'a', lon: 117.6, lat: 26.2, profile: 'horse' }], /--units\[0\]\.profile: unknown profile "horse"/],
    [[{ id: 'a', lon: 117.6, lat: 26.2, available: 'yes' }], /--units\[0\]\.available: must be true or false/],
    [[{ id: 'a', lon: 117.6, lat: 26.2 }, { id: 'a', lon: 117.6, lat: 26.2 }], /--units\[1\]\.id: duplicate unit id "a"/],
    [[{ id: 'a', lon: 117.6, lat: 26.2, speed: 3 }], /--units\[0\]\.speed: unknown field/],
    [{ units: [] }, /--units: expected a JSON array/],
  ])('refuses units file %j', async (data, message) => {
    const r = await run('rings', town, '--units', file('u-bad.json', JSON.stringify(data)));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

describe('xunfang validate', () => {
  it('accepts the embedded default city', async () => {
    const r = await run('validate', 'scenarios/sanming');
    expect(r.code).toBe(0);
  });

  it('lists every problem with file, field path and reason, and exits 1', async () => {
    const dir = path.join(tmp, 'broken');
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, 'scenario.json'),
      JSON.stringify({
        name: 'broken',
        title: { zh: '坏', en: 'Broken' },
        roads: { geojson: 'missing.geojson' },
        stations: [{ id: 'S1', name: 'x', lon: 'east', lat: 26.2 }],
        patrolZones: [{ id: 'Z1', name: 'z', geometry: { type: 'Point', coordinates: [117.6, 26.2] } }],
      }),
    );
    const r = await run('validate', dir);
    expect(r.code).toBe(1);
    const text = r.out + r.err;
    expect(text).toMatch(/scenario\.json/);
    expect(text).toMatch(/stations\[0\]\.lon/);
    expect(text).toMatch(/patrolZones\[0\]\.geometry/);
  });

  it('reports a missing scenario folder and malformed JSON with its position', async () => {
    const r = await run('validate', path.join(tmp, 'nowhere'));
    expect(r.code).toBe(1);
    expect(r.out + r.err).toMatch(/nowhere/);
    const dir = path.join(tmp, 'badjson');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'scenario.json'), '{\n  "name": "x",\n  "title": \n}');
    const r2 = await run('validate', dir);
    expect(r2.code).toBe(1);
    expect(r2.out + r2.err).toMatch(/line 4/);
  });
});

describe('xunfang import-osm and export-roads', () => {
  it('refuses a truncated or non-OSM file with a clear message and writes nothing', async () => {
    const junk = file('junk.osm.pbf', 'this is not a protobuf file at all');
    const out = path.join(tmp, 'junk-out');
    const r = await run('import-osm', junk, '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/xunfang import-osm: error: .*junk\.osm\.pbf/);
    const xml = file('cut.osm', '<?xml version="1.0"?><osm version="0.6"><node id="1" lat="26.2" lon="117.6"/><way id="2"><nd ref="1"/>');
    const r2 = await run('import-osm', xml, '--out', path.join(tmp, 'cut-out'));
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/cut\.osm/);
  });

  it('exports the roads as GeoJSON LineStrings with their properties', async () => {
    const out = path.join(tmp, 'roads.geojson');
    const r = await run('export-roads', town, '--out', out);
    expect(r.code).toBe(0);
    const fc = JSON.parse(readFileSync(out, 'utf8')) as { features: { geometry: { type: string }; properties: Record<string, unknown> }[] };
    expect(fc.features.length).toBeGreaterThan(100);
    expect(fc.features[0].geometry.type).toBe('LineString');
    for (const k of ['from', 'to', 'seconds', 'meters', 'class', 'oneway']) expect(fc.features[0].properties).toHaveProperty(k);
  });

  it('refuses a scenario whose GeoJSON roads are malformed, naming the feature', async () => {
    const dir = path.join(tmp, 'badroads');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'scenario.json'), JSON.stringify({ name: 'b', title: { zh: 'b', en: 'b' }, roads: { geojson: 'roads.geojson' }, stations: [] }));
    writeFileSync(
      path.join(dir, 'roads.geojson'),
      JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { highway: 'primary' }, geometry: { type: 'LineString', coordinates: [[117.6, 26.2], ['x', 26.3]] } }] }),
    );
    const r = await run('isochrone', dir, '--from', '117.6,26.2');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/features\[0\]/);
  });
});
